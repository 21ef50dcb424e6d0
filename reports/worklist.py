"""Work-list items of periodic reports: a report due soon (or late) that is not yet sent upward,
and a finished period with no report at all."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from giamngheo import access
from giamngheo.worklist import WorkItem
from reports.models import REPORT_DEADLINE_WORKING_DAYS, MonitoringReport, add_working_days

# Warn this many calendar days before a report's deadline.
WARN_DAYS = 10


def last_half_year(today: dt.date) -> tuple[dt.date, dt.date]:
    if today.month >= 7:
        return dt.date(today.year, 1, 1), dt.date(today.year, 6, 30)
    return dt.date(today.year - 1, 7, 1), dt.date(today.year - 1, 12, 31)


def items(user) -> list[WorkItem]:
    if not access.has_role(user, *access.ACTIONS["report.edit"]):
        return []
    today = timezone.localdate()
    communes = access.communes_for(user, "report.edit")
    scope = access.place_q(user, None, commune_path="commune", action="report.edit")
    result: list[WorkItem] = []
    pending = (
        MonitoringReport.objects.filter(
            scope, submitted_on__isnull=True, deadline__lte=today + dt.timedelta(WARN_DAYS)
        )
        .select_related("commune")
        .order_by("deadline")
    )
    for report in pending[:5]:
        late = report.deadline < today
        result.append(
            WorkItem(
                title=(
                    _("Báo cáo giám sát quá hạn gửi cấp trên")
                    if late
                    else _("Báo cáo giám sát sắp đến hạn gửi")
                ),
                url=report.get_absolute_url(),
                detail=_("%(report)s — hạn %(deadline)s")
                % {"report": report, "deadline": f"{report.deadline:%d/%m/%Y}"},
                urgent=True,
            )
        )
    # Monitoring recommendations this commune must remedy: overdue, or due within WARN_DAYS.
    from reports.missions import open_recommendations_for

    due = (
        open_recommendations_for(user).filter(due_on__lte=today + dt.timedelta(WARN_DAYS)).order_by("due_on")
    )
    if count := due.count():
        first = due.first()
        result.append(
            WorkItem(
                title=_("Kiến nghị của đoàn giám sát cần khắc phục"),
                url=first.unit.mission.get_absolute_url(),
                count=count,
                detail=_("Sớm nhất: %(text)s — hạn %(due)s")
                % {"text": first.text[:80], "due": f"{first.due_on:%d/%m/%Y}"},
                urgent=first.due_on < today,
            )
        )
    # The half-year that ended: is there a report for it in each commune?
    start, end = last_half_year(today)
    deadline = add_working_days(end, REPORT_DEADLINE_WORKING_DAYS)
    if today <= deadline + dt.timedelta(days=30):
        covered = MonitoringReport.objects.filter(scope, period_end__gte=end, period_start__lte=start).values(
            "commune_id"
        )
        missing = list(communes.exclude(pk__in=covered).order_by("name")[:5])
        if missing:
            result.append(
                WorkItem(
                    title=_("Chưa lập báo cáo giám sát 6 tháng (hạn %(deadline)s)")
                    % {"deadline": f"{deadline:%d/%m/%Y}"},
                    url=reverse("reports:monitoring_create") + "?kind=six_month",
                    count=len(missing),
                    detail=", ".join(c.name for c in missing),
                    urgent=today > deadline - dt.timedelta(WARN_DAYS),
                )
            )
    return result
