"""Checks every uploaded file goes through, whatever app takes it.

A file is accepted by what it contains (its first bytes), not by its name or the browser's
content type; it must be within the size limit set in settings; and the name it is stored under
never comes from the user (a random one with the extension of what the file really is).

    from giamngheo import uploads

    def clean_photo(self):
        return uploads.check(self.cleaned_data.get("photo"), uploads.SCANS)
"""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

PDF, JPEG, PNG, XLSX, XLS, ODS = "pdf", "jpeg", "png", "xlsx", "xls", "ods"
EXTENSION = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png", XLSX: ".xlsx", XLS: ".xls", ODS: ".ods"}
CONTENT_TYPE = {
    PDF: "application/pdf",
    JPEG: "image/jpeg",
    PNG: "image/png",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    XLS: "application/vnd.ms-excel",
    ODS: "application/vnd.oasis.opendocument.spreadsheet",
}


@dataclass(frozen=True)
class Rule:
    kinds: frozenset[str]
    max_bytes_setting: str
    refused: str  # what to say when the content is none of `kinds`

    @property
    def max_bytes(self) -> int:
        return getattr(settings, self.max_bytes_setting)


# Scans and photos of signed papers (commitments, minutes), and later inspection photos.
SCANS = Rule(frozenset({PDF, JPEG, PNG}), "UPLOAD_MAX_SCAN_BYTES", _("Chỉ nhận tệp PDF hoặc ảnh JPG, PNG."))
# Household lists to import.
SPREADSHEETS = Rule(
    frozenset({XLSX, XLS, ODS}), "UPLOAD_MAX_IMPORT_BYTES", _("Chỉ nhận tệp .xlsx, .xls hoặc .ods.")
)


def sniff(upload) -> str | None:
    """What the file is, from its content: one of the kinds above, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: Excel 97–2003
        return XLS
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype"):
                    return ODS
                if "xl/workbook.xml" in names:
                    return XLSX
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
    return None


def check(upload, rule: Rule, *, rename: bool = True):
    """Validate a newly uploaded file against `rule` (a form's clean_<field> calls this).

    Returns the file, renamed to a random name with the extension of its real kind (unless
    `rename` is False, for callers that store it under a name of their own); a file already
    stored (a ModelForm's current value) or no file passes unchanged. Raises a ValidationError
    in Vietnamese when the file is empty, too large or not of an accepted kind.
    """
    if not isinstance(upload, UploadedFile):
        return upload
    if upload.size == 0:
        raise forms.ValidationError(_("Tệp rỗng."), code="empty")
    if upload.size > rule.max_bytes:
        raise forms.ValidationError(
            _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": f"{rule.max_bytes / 1024 / 1024:g}"}, code="too_big"
        )
    kind = sniff(upload)
    if kind not in rule.kinds:
        raise forms.ValidationError(rule.refused, code="kind")
    if rename:
        upload.name = uuid.uuid4().hex + EXTENSION[kind]
    upload.content_type = CONTENT_TYPE[kind]
    return upload
