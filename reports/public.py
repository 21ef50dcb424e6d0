"""The commune's public transparency page: the online counterpart of its notice board.

No login. Counts and money only — no names, no ID numbers, nothing about a single household.
Light for a phone on a slow network: no script, one stylesheet, cacheable for a few minutes.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from giamngheo.db_router import reads_from_replica
from giamngheo.models import Commune
from projects.models import BudgetLine, Disbursement, FundingSource, Participant, Posting, Project
from reports import figures
from reports.figures import APPROVED_STATES, EXCLUDED_STATES, Period
from reports.tables import rate

STATE = (FundingSource.CENTRAL, FundingSource.LOCAL)


@require_GET
@cache_control(public=True, max_age=300)
@reads_from_replica
def commune_page(request, code: str):
    commune = get_object_or_404(Commune.objects.select_related("province"), code=code)
    today = timezone.localdate()
    projects = list(
        Project.objects.filter(commune=commune, status__in=APPROVED_STATES)
        .select_related("village", "round__component")
        .annotate(households=Count("participants", distinct=True))
        .order_by("village__name", "name")
    )
    ids = [p.pk for p in projects]
    approved: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        BudgetLine.objects.filter(project__in=ids)
        .values("project_id", "source")
        .annotate(t=Sum("approved_amount"))
    ):
        approved[row["project_id"]][row["source"]] = row["t"]
    paid: dict[int, int] = defaultdict(int)
    for row in (
        Disbursement.objects.filter(project__in=ids, source__in=STATE)
        .values("project_id")
        .annotate(t=Sum("amount"))
    ):
        paid[row["project_id"]] = row["t"]
    rows = []
    totals = {"central": 0, "local": 0, "state": 0, "counterpart": 0, "other": 0, "paid": 0}
    for project in projects:
        lines = approved[project.pk]
        state = sum(lines.get(s, 0) for s in STATE)
        entry = {
            "project": project,
            "central": lines.get(FundingSource.CENTRAL, 0),
            "local": lines.get(FundingSource.LOCAL, 0),
            "other": lines.get(FundingSource.OTHER, 0) + lines.get(FundingSource.CREDIT, 0),
            "counterpart": lines.get(FundingSource.COUNTERPART, 0),
            "state": state,
            "paid": paid[project.pk],
            "rate": rate(paid[project.pk], state),
        }
        rows.append(entry)
        for key in totals:
            totals[key] += entry[key]
    totals["rate"] = rate(totals["paid"], totals["state"])
    by_village = (
        Participant.objects.filter(project__in=ids)
        .values("project__village__name")
        .annotate(households=Count("household", distinct=True), projects=Count("project", distinct=True))
        .order_by("project__village__name")
    )
    postings = (
        Posting.objects.filter(project__commune=commune, posted_from__lte=today, posted_to__gte=today)
        .exclude(project__status__in=EXCLUDED_STATES)
        .select_related("project__village")
        .order_by("posted_to")
    )
    hooks = figures.inspection_totals([commune.pk], Period(today.replace(month=1, day=1), today))
    return render(
        request,
        "reports/public.html",
        {
            "commune": commune,
            "rows": rows,
            "totals": totals,
            "by_village": by_village,
            "postings": postings,
            "hooks": hooks,
            "today": today,
        },
    )
