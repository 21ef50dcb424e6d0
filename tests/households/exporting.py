"""Asking for the household list's Excel export the way the list page does (a POST that queues
a background job), and fetching the file the job built. Tests run tasks with the immediate
backend, so the job is finished when the POST returns."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import resolve, reverse

from reports.models import ExportJob

EXPORT = reverse("households:export")


def request_export(client, query: dict | None = None, *, cccd: bool = False):
    url = f"{EXPORT}?{urlencode(query, doseq=True)}" if query else EXPORT
    return client.post(url, {"cccd": "1"} if cccd else {})


def job_of(response) -> ExportJob:
    assert response.status_code == 302, response.status_code
    match = resolve(response["Location"])
    assert match.view_name == "reports:export_detail"
    return ExportJob.objects.get(pk=match.kwargs["pk"])


def exported(client, query: dict | None = None, *, cccd: bool = False) -> bytes:
    """The .xlsx bytes of an export of the list `query` selects, through the job's pages."""
    job = job_of(request_export(client, query, cccd=cccd))
    assert job.status == ExportJob.Status.DONE, job.message
    download = client.get(reverse("reports:export_download", args=[job.pk]))
    assert download.status_code == 200
    return b"".join(download.streaming_content)
