"""Province-wide Excel as a background task: progress, result, scoped to the requester."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from reports.models import ExportJob
from reports.tasks import build_export


def start(client, end="2026-12-01"):
    return client.post(reverse("reports:export_start"), {"end": end, "program": "CTMTQG-GNBV-2021-2025"})


def test_upper_viewer_gets_one_sheet_per_commune_and_the_total(client, world, upper_viewer, other_commune):
    client.force_login(upper_viewer)
    response = start(client)
    job = ExportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == ExportJob.Status.DONE and job.task_id  # the immediate backend ran it
    assert (job.done_steps, job.total_steps, job.percent) == (3, 3, 100)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'value="100"' in page and reverse("reports:export_download", args=[job.pk]) in page
    assert "hx-trigger" not in page  # finished: no more polling
    download = client.get(reverse("reports:export_download", args=[job.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="bieu-02-theo-xa-20261201.xlsx"'
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert workbook.sheetnames == ["Tổng hợp", "Xã Phú Hồ", "Xã Phú Vinh"]
    assert workbook["Xã Phú Vinh"]["A1"].value == "UBND XÃ PHÚ VINH"
    assert workbook["Xã Phú Hồ"]["F8"].value.startswith("=SUM(")


def test_progress_while_running_is_polled(client, upper_viewer, definitions):
    client.force_login(upper_viewer)
    job = ExportJob.objects.create(
        kind="bieu-02-theo-xa",
        params={"program": "CTMTQG-GNBV-2021-2025", "start": "2026-01-01", "end": "2026-06-30"},
        requested_by=upper_viewer,
        status=ExportJob.Status.RUNNING,
        done_steps=1,
        total_steps=4,
    )
    partial = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<section id="export-progress"')
    assert 'hx-trigger="every 2s"' in partial and 'value="25"' in partial
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404


def test_the_worker_function_builds_the_file_directly(upper_viewer, world):
    job = ExportJob.objects.create(
        kind="bieu-02-theo-xa",
        params={"program": "CTMTQG-GNBV-2021-2025", "start": "2026-01-01", "end": "2026-12-31"},
        requested_by=upper_viewer,
    )
    job = build_export(job.pk)
    assert job.status == ExportJob.Status.DONE and job.file.name.endswith(".xlsx")


def test_a_failed_export_says_so(upper_viewer, db):
    job = ExportJob.objects.create(kind="bieu-02-theo-xa", params={}, requested_by=upper_viewer)
    job = build_export(job.pk)
    assert job.status == ExportJob.Status.FAILED and job.message


def test_another_user_cannot_see_or_download_the_export(client, world, upper_viewer, officer):
    client.force_login(upper_viewer)
    start(client)
    job = ExportJob.objects.get()
    client.force_login(officer)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404


def test_a_commune_exports_only_itself(client, world, officer):
    client.force_login(officer)
    start(client)
    job = ExportJob.objects.get()
    workbook = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("reports:export_download", args=[job.pk])).streaming_content))
    )
    assert workbook.sheetnames == ["Tổng hợp", "Xã Phú Vinh"]
