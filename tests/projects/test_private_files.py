"""Scans of signed commitments carry personal data: served only to people who may see the project."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

SCAN = b"%PDF-1.4 ban cam ket da ky"


@pytest.fixture
def scanned(client, village_head, make_project, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = make_project(households=1, ready=False)
    participant = project.participants.get()
    client.force_login(village_head)
    client.post(
        reverse("projects:participant_edit", args=[project.pk, participant.pk]),
        {
            "version": project.version,
            "shares": 1,
            "commitment_signed_on": "15/03/2026",
            "commitment_scan": SimpleUploadedFile("cam-ket.pdf", SCAN, content_type="application/pdf"),
            "note": "",
        },
    )
    client.logout()
    return project, participant


def scan_url(project, participant):
    return reverse("projects:commitment_scan_file", args=[project.pk, participant.pk])


@pytest.mark.parametrize(
    "person", ["village_head", "officer", "bcd_member", "supervisor", "upper_viewer"], indirect=True
)
def test_people_who_see_the_project_open_the_signed_commitment(client, scanned, person):
    project, participant = scanned
    client.force_login(person)
    page = client.get(project.get_absolute_url()).content.decode()
    assert scan_url(project, participant) in page
    r = client.get(scan_url(project, participant))
    assert r.status_code == 200 and b"".join(r.streaming_content) == SCAN
    assert r["Content-Type"] == "application/pdf" and "private" in r["Cache-Control"]


@pytest.mark.parametrize("person", ["village_head_b", "other_officer"], indirect=True)
def test_other_villages_and_communes_do_not_get_the_scan(client, scanned, person):
    project, participant = scanned
    client.force_login(person)
    assert client.get(scan_url(project, participant)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, scanned):
    project, participant = scanned
    assert client.get(scan_url(project, participant)).status_code == 302


def test_no_url_serves_the_upload_folder(client, scanned, officer):
    _project, participant = scanned
    client.force_login(officer)
    assert client.get(f"/media/{participant.commitment_scan.name}").status_code == 404
