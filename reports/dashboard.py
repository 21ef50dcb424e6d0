"""The dashboard: a commune's figures, or each commune an upper-level viewer oversees and their total.

Every figure is one GROUP BY query over the communes in scope, so the page costs the same for
one commune with ten households as for a province with a million. Charts are inline SVG drawn
here from the same numbers as the table beside them (no script, no inline style: the CSP).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Count, FilteredRelation, Max, Q, Sum
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from giamngheo import access
from giamngheo.db_router import reads_from_replica
from giamngheo.models import Village
from households.models import Category, Classification, Household
from projects.models import BudgetLine, Component, Disbursement, FundingSource, Project, RoundEnvelope, Status
from reports import figures
from reports.figures import APPROVED_STATES, Period
from reports.models import MonitoringReport, Recommendation
from reports.tables import rate

CATEGORIES = [Category.POOR, Category.NEAR_POOR, Category.ESCAPED_POOR, Category.ESCAPED_NEAR_POOR]
POOR_LIKE = [Category.POOR, Category.NEAR_POOR]
STATE = [FundingSource.CENTRAL, FundingSource.LOCAL]
SOURCES = [FundingSource.CENTRAL, FundingSource.LOCAL, FundingSource.OTHER, FundingSource.CREDIT]


def review_year(commune_ids) -> int | None:
    return Classification.objects.filter(household__commune__in=commune_ids).aggregate(y=Max("year"))["y"]


def latest_review(communes) -> tuple[int | None, dict[int, dict[int, dict]]]:
    """The communes' latest review year and their figures in it ({commune id: {village id: …}}).

    Nearly always that is the newest review anywhere (one probe of the year index), so that year
    is tried first; only when the communes have nothing in it (a commune behind with its review)
    is their own latest year looked up, which at a province's size means reading every
    classification of its households."""
    newest = Classification.objects.aggregate(y=Max("year"))["y"]
    if newest is None:
        return None, {}
    figures = households_by_village(communes, newest)
    if any(figures.values()):
        return newest, figures
    year = review_year([c.pk for c in communes])
    if year is None or year == newest:
        return year, figures
    return year, households_by_village(communes, year)


# A commune's figures stay in the cache under its review_version (households/review_version.py):
# any change to its households or reviews moves the version, so an entry is never read stale;
# the timeout only returns the memory of communes nobody looks at.
FIGURES_CACHE_SECONDS = 7 * 24 * 3600


def households_by_village(communes, year: int) -> dict[int, dict[int, dict]]:
    """{commune id: {village id: {category: n, "escaped": n, "fell_back": n}}} for the review
    of `year`, compared with the review of the year before (active households only); each
    commune's part from the cache while its review_version stands, the others counted in one
    query."""
    keys = {c.pk: f"review-figures:{c.pk}:{c.review_version}:{year}" for c in communes}
    found = cache.get_many(list(keys.values()))
    figures = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in keys if pk not in figures]
    if missing:
        counted: dict[int, dict[int, dict]] = {pk: {} for pk in missing}
        for row in count_households_by_village(missing, year):
            counted[row.pop("commune_id")][row.pop("village_id")] = row
        cache.set_many({keys[pk]: part for pk, part in counted.items()}, FIGURES_CACHE_SECONDS)
        figures |= counted
    return figures


def count_households_by_village(commune_ids, year: int):
    """The counting itself, a row per village with its commune.

    Each household is joined once to its review of `year` and once to that of the year before
    (one row each at most: one review per year), so PostgreSQL hashes both years and counts in
    one pass instead of looking the previous year up household by household."""
    return (
        Household.objects.filter(commune__in=commune_ids, status=Household.Status.ACTIVE)
        .annotate(
            now=FilteredRelation("classifications", condition=Q(classifications__year=year)),
            before=FilteredRelation("classifications", condition=Q(classifications__year=year - 1)),
        )
        .filter(now__year=year)
        .values("commune_id", "village_id")
        .annotate(
            **{c: Count("pk", filter=Q(now__category=c)) for c in CATEGORIES},
            escaped=Count("pk", filter=Q(before__category=Category.POOR) & ~Q(now__category=Category.POOR)),
            fell_back=Count(
                "pk",
                filter=Q(now__category__in=POOR_LIKE, before__year=year - 1)
                & ~Q(before__category__in=POOR_LIKE),
            ),
        )
    )


def projects_by_state(commune_ids) -> dict[tuple[int, str], int]:
    rows = (
        Project.objects.filter(commune__in=commune_ids).values("commune_id", "status").annotate(n=Count("pk"))
    )
    return {(row["commune_id"], row["status"]): row["n"] for row in rows}


def money_by_commune(commune_ids, year: int) -> dict[int, dict[str, dict[str, int]]]:
    """{commune id: {source: {"planned", "approved", "paid"}}}: this year's envelopes, and the
    approved and paid money of projects that hold it (the counterpart is not state money)."""
    out: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for row in (
        RoundEnvelope.objects.filter(round__commune__in=commune_ids, round__year=year)
        .values("round__commune_id", "source")
        .annotate(total=Sum("amount"))
    ):
        out[row["round__commune_id"]][row["source"]]["planned"] += row["total"]
    counted = {"project__commune__in": commune_ids, "project__status__in": APPROVED_STATES}
    for row in (
        BudgetLine.objects.filter(**counted)
        .values("project__commune_id", "source")
        .annotate(total=Sum("approved_amount"))
    ):
        out[row["project__commune_id"]][row["source"]]["approved"] += row["total"]
    for row in (
        Disbursement.objects.filter(**counted)
        .values("project__commune_id", "source")
        .annotate(total=Sum("amount"))
    ):
        out[row["project__commune_id"]][row["source"]]["paid"] += row["total"]
    return out


def component_progress(commune_ids) -> list[dict]:
    """State money approved and paid per program component: one progress bar each."""
    counted = {
        "project__commune__in": commune_ids,
        "project__status__in": APPROVED_STATES,
        "source__in": STATE,
    }
    approved = dict(
        BudgetLine.objects.filter(**counted)
        .values_list("project__round__component_id")
        .annotate(total=Sum("approved_amount"))
    )
    paid = dict(
        Disbursement.objects.filter(**counted)
        .values_list("project__round__component_id")
        .annotate(total=Sum("amount"))
    )
    rows = []
    for component in Component.objects.filter(pk__in=approved).order_by("program_id", "order", "code"):
        share = rate(paid.get(component.pk, 0), approved[component.pk])
        rows.append(
            {
                "label": component.short_code,
                "name": component.name,
                "approved": approved[component.pk],
                "paid": paid.get(component.pk, 0),
                "rate": share,
                "width": min(float(share or 0), 100),
            }
        )
    return rows


def bars(items: list[tuple[str, int, str, str]], *, scale: int | None = None) -> dict:
    """SVG geometry for horizontal bars: (label, value, css class, link) → rows with width in
    per cent of the largest (or of `scale`)."""
    top = scale or max((v for _, v, _, _ in items), default=0) or 1
    rows = []
    for index, (label, value, css, link) in enumerate(items):
        rows.append(
            {
                "label": label,
                "value": value,
                "css": css,
                "link": link,
                "y": index * 24 + 4,
                "text_y": index * 24 + 16,
            }
        )
        width = round(min(value, top) * 100 / top, 1) if value else 0
        rows[-1] |= {"width": width, "value_x": round(62 + width, 1)}
    return {"rows": rows, "height": max(len(rows) * 24, 24)}


def households_url(**params) -> str:
    return (
        reverse("households:list") + "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})
    )


@require_GET
@login_required
@access.action_required("report.view")
@reads_from_replica
def dashboard(request):
    communes = access.communes_for(request.user, "report.view").order_by("name")
    if pk := request.GET.get("commune"):
        if not pk.isdigit():
            raise Http404
        communes = communes.filter(pk=int(pk))
    communes = list(communes)
    if not communes:
        raise Http404
    ids = [c.pk for c in communes]
    today = timezone.localdate()
    year, figures_by_commune = latest_review(communes)
    year = year or today.year - 1

    # One commune: a row per village, each figure a link to those households. Several (a
    # province's hundred): a row per commune, linking to that commune's dashboard — a thousand
    # village rows would be most of a megabyte on a phone.
    empty = dict.fromkeys(CATEGORIES, 0) | {"escaped": 0, "fell_back": 0}
    by_commune = {}
    for commune in communes:
        sums = dict(empty)
        for counts in figures_by_commune.get(commune.pk, {}).values():
            for key in sums:
                sums[key] += counts[key]
        by_commune[commune.pk] = sums
    totals = {key: sum(sums[key] for sums in by_commune.values()) for key in empty}
    if len(communes) == 1:
        by_village = figures_by_commune.get(communes[0].pk, {})
        place_rows = [
            {
                "label": village.name,
                "counts": by_village.get(village.pk, empty),
                "links": {c: households_url(village=village.pk, category=c, year=year) for c in CATEGORIES},
            }
            for village in Village.objects.filter(commune__in=ids).order_by("name").only("pk", "name")
        ]
    else:
        dashboard_url = reverse("reports:dashboard")
        place_rows = [
            {"label": c.name, "link": f"{dashboard_url}?commune={c.pk}", "counts": by_commune[c.pk]}
            for c in communes
        ]
    category_labels = {c: Category(c).label for c in CATEGORIES}
    household_chart = bars(
        [
            (
                category_labels[c],
                totals[c],
                f"bar-{c}",
                households_url(category=c, year=year),
            )
            for c in CATEGORIES
        ]
    )

    states = projects_by_state(ids)
    state_rows = [
        {
            "status": s,
            "label": s.label,
            "count": sum(states.get((c, s), 0) for c in ids),
            "link": reverse("projects:list") + "?" + urlencode({"status": s.value}),
        }
        for s in Status
    ]
    project_chart = bars(
        [(r["label"], r["count"], "bar-project", r["link"]) for r in state_rows if r["count"]]
    )

    money = money_by_commune(ids, today.year)
    source_rows = []
    for source in SOURCES:
        planned = sum(money[c][source]["planned"] for c in ids)
        approved = sum(money[c][source]["approved"] for c in ids)
        paid = sum(money[c][source]["paid"] for c in ids)
        if planned or approved or paid:
            source_rows.append(
                {
                    "label": FundingSource(source).label,
                    "planned": planned,
                    "approved": approved,
                    "paid": paid,
                    "rate": rate(paid, approved),
                }
            )
    commune_rows = []
    if len(communes) > 1:
        for commune in communes:
            approved = sum(money[commune.pk][s]["approved"] for s in STATE)
            paid = sum(money[commune.pk][s]["paid"] for s in STATE)
            poor = by_commune[commune.pk][Category.POOR]
            commune_rows.append(
                {
                    "commune": commune,
                    "approved": approved,
                    "paid": paid,
                    "rate": rate(paid, approved),
                    "poor": poor,
                    "link": reverse("reports:dashboard") + f"?commune={commune.pk}",
                }
            )

    period = Period(dt.date(today.year, 1, 1), today)
    components = component_progress(ids)
    reports = (
        MonitoringReport.objects.filter(commune__in=ids, submitted_on__isnull=True)
        .select_related("commune")
        .order_by("deadline")[:10]
    )
    hooks = figures.inspection_totals(ids, period)
    overdue_remedies = Recommendation.objects.filter(
        unit__commune__in=ids, remedied_on__isnull=True, due_on__lt=today
    ).count()
    return render(
        request,
        "reports/dashboard.html",
        {
            "communes": communes,
            "single": communes[0] if len(communes) == 1 else None,
            "year": year,
            "place_rows": place_rows,
            "totals": totals,
            "categories": [(c, category_labels[c]) for c in CATEGORIES],
            "household_chart": household_chart,
            "state_rows": state_rows,
            "project_chart": project_chart,
            "source_rows": source_rows,
            "commune_rows": commune_rows,
            "components": components,
            "reports": reports,
            "hooks": hooks,
            "overdue_remedies": overdue_remedies,
            "today": today,
        },
    )
