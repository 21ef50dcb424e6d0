"""Background exports (Django's task framework; the database-backed worker `manage.py db_worker`
runs them in production, the immediate backend in tests).

The task takes only the job's id; `build_export` does the work and can be called directly.
Each kind of export is one writer function registered with `export_kind`: reports registers
its province-wide Biểu 02 here, other apps register theirs from their `ready()` (the household
list: households/exports.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import IO

from django.core.files.base import ContentFile
from django.db.models import F
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from giamngheo import access
from reports.exporters import ComponentTableExporter
from reports.figures import Period
from reports.models import ExportJob, ReportDefinition
from reports.xlsx import write_xlsx_sheets

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExportKind:
    title: str  # what the progress page calls the file
    write: Callable[[ExportJob, IO[bytes]], None]  # writes the .xlsx, counting progress on the job


EXPORT_KINDS: dict[str, ExportKind] = {}


def export_kind(kind: str, title: str):
    """Register `write(job, target)` as the writer of the exports of `kind`."""

    def decorator(write):
        EXPORT_KINDS[kind] = ExportKind(title=title, write=write)
        return write

    return decorator


def start_export(kind: str, *, by, params: dict, filename: str) -> ExportJob:
    """Queue an export of `kind` for `by`, who alone may follow and download it."""
    job = ExportJob.objects.create(kind=kind, params=params, requested_by=by, filename=filename)
    result = run_export.enqueue(job.pk)
    ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    return job


@task()
def run_export(job_id: int) -> None:
    build_export(job_id)


def set_progress(job: ExportJob, *, done: int | None = None, total: int | None = None) -> None:
    """Record how far a running export is (the progress page polls it)."""
    fields = {"done_steps": done, "total_steps": total}
    ExportJob.objects.filter(pk=job.pk).update(**{k: v for k, v in fields.items() if v is not None})


def _step(job: ExportJob) -> None:
    ExportJob.objects.filter(pk=job.pk).update(done_steps=F("done_steps") + 1)


def bieu02_by_commune(job: ExportJob):
    """Biểu 02 for every commune in the requester's scope: the total first, then one sheet per
    commune. Yields (table, issuer) as each is computed, counting progress."""
    params = job.params
    period = Period(dt.date.fromisoformat(params["start"]), dt.date.fromisoformat(params["end"]))
    communes = access.communes_for(job.requested_by, "report.view").order_by("name")
    first = communes.first()
    definition = ReportDefinition.current(
        params.get("code", "bieu-02"), params["program"], first.province_id if first else None
    )
    if definition is None:
        raise ValueError(_("Chưa có mẫu biểu cho chương trình này."))
    commune_list = list(communes)
    ExportJob.objects.filter(pk=job.pk).update(total_steps=len(commune_list) + 1)
    total = ComponentTableExporter(communes, period, definition=definition).table()
    total["form_label"] = _("Tổng hợp")
    yield total, first.province.name if first else ""
    _step(job)
    for commune in commune_list:
        table = ComponentTableExporter([commune.pk], period, definition=definition).table()
        table["form_label"] = commune.name
        yield table, f"UBND {commune.name}"
        _step(job)


@export_kind("bieu-02-theo-xa", gettext_lazy("Biểu số 02 theo từng xã (Excel)"))
def write_bieu02_by_commune(job: ExportJob, target: IO[bytes]) -> None:
    write_xlsx_sheets(bieu02_by_commune(job), target)


def build_export(job_id: int) -> ExportJob:
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, done_steps=0)
    try:
        buffer = BytesIO()
        EXPORT_KINDS[job.kind].write(job, buffer)
        job.refresh_from_db()
        job.file.save(f"{uuid.uuid4().hex}.xlsx", ContentFile(buffer.getvalue()), save=False)
        job.status = ExportJob.Status.DONE
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "status", "finished_at"])
    except Exception as error:  # the requester sees it failed; the log keeps the trace
        logger.exception("export %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, message=str(error)[:300], finished_at=timezone.now()
        )
    job.refresh_from_db()
    return job
