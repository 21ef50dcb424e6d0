"""Every upload is judged by its content, held to a size limit and stored under our own name."""

from __future__ import annotations

import io
import zipfile

import pytest
import xlwt
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from giamngheo import uploads

PDF = b"%PDF-1.7\n1 0 obj\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


def xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def xls() -> bytes:
    book = xlwt.Workbook()
    book.add_sheet("DS").write(0, 0, "Họ tên")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def a_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("virus.exe", "MZ")
    return buffer.getvalue()


def upload(content: bytes, name: str = "tep.bin", content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("content", "kind"),
    [(PDF, "pdf"), (JPEG, "jpeg"), (PNG, "png"), (xlsx(), "xlsx"), (xls(), "xls"), (ods(), "ods")],
)
def test_files_are_recognised_by_their_first_bytes(content, kind):
    assert uploads.sniff(upload(content, "ten-bat-ky.txt")) == kind


@pytest.mark.parametrize(
    "content", [b"MZ\x90\x00", b"<html><table>", a_zip(), b"PK\x03\x04broken", b"GIF89a"]
)
def test_anything_else_is_not_recognised(content):
    assert uploads.sniff(upload(content)) is None


def test_a_scan_is_stored_under_a_random_name_with_the_extension_of_what_it_is():
    first = uploads.check(
        upload(JPEG, "Lò Văn Pâng - CCCD 046175000123.pdf", "application/pdf"), uploads.SCANS
    )
    second = uploads.check(upload(JPEG, "Lò Văn Pâng - CCCD 046175000123.pdf"), uploads.SCANS)
    assert first.name.endswith(".jpg") and first.content_type == "image/jpeg"
    assert "046175000123" not in first.name and "Pâng" not in first.name
    assert first.name != second.name


@pytest.mark.parametrize("content", [b"MZ\x90\x00", xlsx(), b"<html>"])
def test_a_scan_that_is_not_a_pdf_or_an_image_is_refused_whatever_its_name(content):
    with pytest.raises(forms.ValidationError, match="Chỉ nhận tệp PDF hoặc ảnh JPG, PNG."):
        uploads.check(upload(content, "cam-ket.pdf", "application/pdf"), uploads.SCANS)


def test_the_size_limits_come_from_settings(settings):
    settings.UPLOAD_MAX_SCAN_BYTES = 1024 * 1024
    with pytest.raises(forms.ValidationError, match=r"Tệp quá lớn \(tối đa 1 MB\)."):
        uploads.check(upload(PDF + b"0" * 1024 * 1024, "a.pdf"), uploads.SCANS)
    assert uploads.check(upload(PDF, "a.pdf"), uploads.SCANS)


def test_an_empty_file_is_refused():
    with pytest.raises(forms.ValidationError, match="Tệp rỗng."):
        uploads.check(upload(b"", "a.pdf"), uploads.SCANS)


def test_a_spreadsheet_rule_takes_the_three_formats_only():
    for content in (xlsx(), xls(), ods()):
        assert uploads.check(upload(content, "ds.xlsx"), uploads.SPREADSHEETS, rename=False).name == "ds.xlsx"
    with pytest.raises(forms.ValidationError, match=r"Chỉ nhận tệp .xlsx, .xls hoặc .ods."):
        uploads.check(upload(PDF, "ds.xlsx"), uploads.SPREADSHEETS)


def test_a_file_already_stored_passes_unchanged():
    assert uploads.check(None, uploads.SCANS) is None
    assert uploads.check("du-an/cam-ket/2026/abc.pdf", uploads.SCANS) == "du-an/cam-ket/2026/abc.pdf"


def test_uploads_live_outside_the_static_files_and_no_url_serves_them(settings, client, officer):
    assert settings.MEDIA_ROOT != settings.STATIC_ROOT
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))
    assert not str(settings.PRIVATE_ROOT).startswith(str(settings.MEDIA_ROOT))
    client.force_login(officer)
    assert client.get("/media/du-an/cam-ket/2026/x.pdf").status_code == 404
