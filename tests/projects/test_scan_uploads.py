"""Scans of signed commitments go through the shared upload checks (giamngheo/uploads.py)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

PDF = b"%PDF-1.7\n1 0 obj\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"


def upload(content: bytes, name: str, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def participant_form(client, village_head, make_project, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = make_project(households=1, ready=False)
    participant = project.participants.get()
    client.force_login(village_head)

    def post(scan):
        project.refresh_from_db()
        data = {"version": project.version, "shares": 1, "commitment_signed_on": "15/03/2026", "note": ""}
        url = reverse("projects:participant_edit", args=[project.pk, participant.pk])
        response = client.post(url, data | {"commitment_scan": scan})
        participant.refresh_from_db()
        return response, participant

    return post


def test_a_photographed_commitment_named_pdf_is_kept_as_the_jpeg_it_is(participant_form, tmp_path):
    response, participant = participant_form(upload(JPEG, "cam-ket-lo-van-pang.pdf", "application/pdf"))
    name = participant.commitment_scan.name
    assert name.startswith("du-an/cam-ket/") and name.endswith(".jpg") and "pang" not in name
    assert (tmp_path / name).read_bytes() == JPEG


def test_a_renamed_program_is_refused_with_a_vietnamese_message(participant_form):
    response, participant = participant_form(upload(b"MZ\x90\x00", "cam-ket.pdf", "application/pdf"))
    assert "Chỉ nhận tệp PDF hoặc ảnh JPG, PNG." in response.content.decode()
    assert not participant.commitment_scan


def test_a_scan_over_the_limit_is_refused(participant_form, settings):
    settings.UPLOAD_MAX_SCAN_BYTES = 1024 * 1024
    response, participant = participant_form(upload(PDF + b"0" * 1024 * 1024, "cam-ket.pdf"))
    assert "Tệp quá lớn (tối đa 1 MB)." in response.content.decode()
    assert not participant.commitment_scan
