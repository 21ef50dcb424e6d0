"""The figures reports print, aggregated in the database (GROUP BY), never by looping over rows.

Every function takes the communes in scope (a queryset or list of ids, already limited by
giamngheo.access) and a period, and returns {component code: {measure: value}} or plain
counts. What support projects hold comes from projects/, classification history from
households/, handover and inspection figures from inspections/ through `inspection_figure`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from households.models import Category, Classification
from projects.models import BudgetLine, Disbursement, FundingSource, Participant, Project, RoundEnvelope

# Projects that hold approved money: approved, being implemented, or completed (issue 10).
APPROVED_STATES = ("approved", "implementing", "completed")
# Projects that leave every total: refused or rejected upstream or by the council, withdrawn, cancelled.
EXCLUDED_STATES = ("rejected", "refused", "withdrawn", "cancelled", "council_failed")

C = FundingSource
# Measure key → funding source, for the three money measures reports split by source.
SOURCE_KEYS = {
    C.CENTRAL: "central",
    C.LOCAL: "local",
    C.CREDIT: "credit",
    C.OTHER: "other",
    C.COUNTERPART: "counterpart",
}
# What counts as state money (planned, approved, disbursed): never the household counterpart.
STATE_KEYS = ("central", "local")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def years(self) -> tuple[int, int]:
        return self.start.year, self.end.year


def _add(out: dict, code: str, key: str, value: int) -> None:
    out[code][key] = out[code].get(key, 0) + (value or 0)


def money_by_component(commune_ids, period: Period, program_code: str) -> dict[str, dict[str, int]]:
    """Planned (round envelopes of the period's years), approved (budget lines of approved
    projects decided by the period's end) and disbursed up to the period's end, by source:
    keys plan_central, approved_local, paid_other, approved_counterpart…"""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    lo, hi = period.years
    envelopes = (
        RoundEnvelope.objects.filter(
            round__commune__in=commune_ids,
            round__year__gte=lo,
            round__year__lte=hi,
            round__component__program__code=program_code,
        )
        .values("round__component__code", "source")
        .annotate(total=Sum("amount"))
    )
    for row in envelopes:
        _add(out, row["round__component__code"], f"plan_{SOURCE_KEYS[row['source']]}", row["total"])
    counted = Q(
        project__commune__in=commune_ids,
        project__status__in=APPROVED_STATES,
        project__round__component__program__code=program_code,
    ) & (Q(project__decision_date__isnull=True) | Q(project__decision_date__lte=period.end))
    approved = (
        BudgetLine.objects.filter(counted, project__round__year__lte=hi)
        .values("project__round__component__code", "source")
        .annotate(total=Sum("approved_amount"))
    )
    for row in approved:
        code = row["project__round__component__code"]
        _add(out, code, f"approved_{SOURCE_KEYS[row['source']]}", row["total"])
    paid = (
        Disbursement.objects.filter(counted, paid_on__lte=period.end, project__round__year__lte=hi)
        .values("project__round__component__code", "source")
        .annotate(total=Sum("amount"))
    )
    for row in paid:
        _add(out, row["project__round__component__code"], f"paid_{SOURCE_KEYS[row['source']]}", row["total"])
    return out


def _category_in_round_year():
    """The participant's household category when its project was proposed: the review of the
    year before the round (the list recognised in December of year Y applies during Y+1), or
    failing that one of the round's year."""

    def latest(**year):
        return Subquery(
            Classification.objects.filter(household=OuterRef("household"), **year)
            .order_by("-year")
            .values("category")[:1]
        )

    return Coalesce(
        latest(year__lt=OuterRef("project__round__year")), latest(year=OuterRef("project__round__year"))
    )


def outputs_by_component(commune_ids, period: Period, program_code: str) -> dict[str, dict[str, int]]:
    """Projects approved, participating households by category (poor, near-poor, other) at the
    time of the project, and of those poor or near-poor, how many a later review (up to the
    period's end year) found out of poverty (or out of near-poverty)."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    lo, hi = period.years
    projects = (
        Project.objects.filter(
            commune__in=commune_ids,
            status__in=APPROVED_STATES,
            round__year__lte=hi,
            round__component__program__code=program_code,
        )
        .filter(Q(decision_date__isnull=True) | Q(decision_date__lte=period.end))
        .values("round__component__code")
        .annotate(n=Count("pk"))
    )
    for row in projects:
        _add(out, row["round__component__code"], "projects", row["n"])
    participants = Participant.objects.filter(
        project__commune__in=commune_ids,
        project__status__in=APPROVED_STATES,
        project__round__year__lte=hi,
        project__round__component__program__code=program_code,
    ).filter(Q(project__decision_date__isnull=True) | Q(project__decision_date__lte=period.end))
    by_category = (
        participants.annotate(category=_category_in_round_year())
        .values("project__round__component__code", "category")
        .annotate(n=Count("household", distinct=True))
    )
    for row in by_category:
        key = {Category.POOR: "hh_poor", Category.NEAR_POOR: "hh_near_poor"}.get(row["category"], "hh_other")
        _add(out, row["project__round__component__code"], key, row["n"])
    # Reviews from the round's own year on (its December review comes after the support).
    escaped = (
        with_outcome(participants, hi)
        .filter(ESCAPED)
        .values("project__round__component__code")
        .annotate(n=Count("household", distinct=True))
    )
    for row in escaped:
        _add(out, row["project__round__component__code"], "escaped", row["n"])
    return out


POOR_LIKE = [Category.POOR, Category.NEAR_POOR]

# A participant poor at the time whose latest later review is not poor, or near-poor at the time
# whose latest later review is neither poor nor near-poor.
ESCAPED = Q(now__isnull=False) & (
    Q(category=Category.POOR) & ~Q(now=Category.POOR)
    | Q(category=Category.NEAR_POOR) & ~Q(now__in=[Category.POOR, Category.NEAR_POOR])
)


def with_outcome(participants, until_year: int):
    """Participants annotated with `category` (when their project was proposed) and `now` (the
    latest review from the round's year to `until_year`, None when there is none yet)."""
    later = Classification.objects.filter(
        household=OuterRef("household"), year__gte=OuterRef("project__round__year"), year__lte=until_year
    )
    return participants.annotate(
        category=_category_in_round_year(),
        now=Subquery(later.order_by("-year").values("category")[:1]),
    )


# ---- figures the inspections app provides --------------------------------------------------------

INSPECTION_FIGURES = {
    # measure key → the selector in inspections/selectors.py that answers it, called as
    # f(commune_ids, start, end) -> {component code: int}. Until that selector exists the
    # column prints "—" (source not available yet), never a zero.
    "items_delivered": "items_delivered_by_component",
    "inspections": "inspections_by_component",
    "breaches": "breaches_by_component",
    "recoveries": "recoveries_by_component",
    "models_effective": "models_effective_by_component",
}


# Per model type (the project's "mô hình"), for the model evaluation: f(commune_ids) -> {model: int}.
MODEL_INSPECTION_FIGURES = {
    "breaches": "breaches_by_model",
    "recoveries": "recoveries_by_model",
    "survival": "animals_surviving_by_model",
    "offspring": "offspring_by_model",
}


def model_inspection_figure(measure: str, commune_ids) -> dict[str, int] | None:
    """{model: value} from inspections.selectors, or None while it does not provide it."""
    try:
        selectors = import_module("inspections.selectors")
    except ImportError:
        return None
    provider = getattr(selectors, MODEL_INSPECTION_FIGURES[measure], None)
    return None if provider is None else provider(commune_ids)


def inspection_figure(measure: str, commune_ids, period: Period) -> dict[str, int] | None:
    """{component code: value} from the inspections app, or None while it does not provide it.

    Filled by the inspections app (handover, inspections, breaches, recoveries): each figure
    is the selector named in INSPECTION_FIGURES; a report treats None as "source not
    available yet" and prints "—".
    """
    try:
        selectors = import_module("inspections.selectors")
    except ImportError:
        return None
    provider = getattr(selectors, INSPECTION_FIGURES[measure], None)
    if provider is None:
        return None
    return provider(commune_ids, period.start, period.end)


def inspection_totals(commune_ids, period: Period) -> dict[str, int | None]:
    """Each inspection figure summed over components, None where not available."""
    totals: dict[str, Any] = {}
    for measure in INSPECTION_FIGURES:
        figure = inspection_figure(measure, commune_ids, period)
        totals[measure] = None if figure is None else sum(figure.values())
    return totals
