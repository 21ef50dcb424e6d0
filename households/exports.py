"""The household list as Excel, built in the background (reports' export jobs and worker).

A commune's 10,000 households take seconds to write and a province's hundreds of thousands
take minutes, longer than a request should live: the list's "Xuất Excel" queues a job with
the list's query string, and the worker rebuilds the same filtered, scoped selection for the
requester, writes it in the import template's columns (an export re-imports) and logs it.
"""

from __future__ import annotations

from typing import IO

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from giamngheo import access, audit
from households import selectors
from households.forms import HouseholdFilterForm
from reports.models import ExportJob
from reports.tasks import export_kind, set_progress, start_export

KIND = "households"
PROGRESS_EVERY = 1000  # rows between two progress updates


def filtered(user, query: QueryDict):
    """The filter form over `query` and the user's households it selects (list and export)."""
    villages = access.villages_for(user).filter(is_active=True).order_by("name")
    form = HouseholdFilterForm(query or None, villages=villages)
    filters = form.filters()
    return form, filters, selectors.filter_households(selectors.households_for(user), filters)


def may_export_id_numbers(user) -> bool:
    return access.has_role(user, *access.ACTIONS["household.view_id_number"])


def start_household_export(user, *, query: str, show_id: bool) -> ExportJob:
    """Queue the export of the list `query` selects, full CCCD numbers only with `show_id`
    (the caller has checked the role may see them)."""
    return start_export(
        KIND,
        by=user,
        params={"query": query, "cccd": show_id},
        filename=f"danh-sach-ho-{timezone.localdate():%Y%m%d}.xlsx",
    )


@export_kind(KIND, gettext_lazy("Danh sách hộ gia đình (Excel)"))
def write_households(job: ExportJob, target: IO[bytes]) -> None:
    """Write the job's households, counting rows as progress; then log the export of personal
    data (who, from where, which filters, how many rows, whether full CCCD numbers)."""
    from openpyxl import Workbook  # imported here: only the worker needs it

    user = job.requested_by
    _form, filters, households = filtered(user, QueryDict(job.params.get("query", "")))
    # Checked again here: the role may have changed since the job was queued.
    show_id = bool(job.params.get("cccd")) and may_export_id_numbers(user)
    set_progress(job, done=0, total=households.count())
    columns, rows = selectors.export_rows(households, show_id=show_id)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Danh sách hộ")[:31])
    sheet.freeze_panes = "A2"
    sheet.append([str(c) for c in columns])
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
        if count % PROGRESS_EVERY == 0:
            set_progress(job, done=count)
    set_progress(job, done=count)
    workbook.save(target)
    audit.record_export(
        user,
        "households.xlsx",
        place=access.export_place(user, filters.get("village")),
        rows=count,
        filters=filters,
        id_numbers=show_id,
    )
