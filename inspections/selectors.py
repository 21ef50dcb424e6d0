"""Read helpers after approval, already scoped to what the user may see (out of scope = 404)."""

from __future__ import annotations

import datetime as dt

from django.db.models import CharField, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from giamngheo import access
from giamngheo.documents.models import IssuedDocument
from inspections.models import (
    Commitment,
    Handover,
    HandoverKind,
    HandoverLine,
    HandoverStatus,
    Inspection,
    InspectionRound,
    ItemKind,
    Recovery,
    Supplier,
)
from projects.models import Project


def handovers_for(user) -> QuerySet[Handover]:
    return Handover.objects.filter(access.place_q(user, "village", action="handover.view"))


def get_handover(user, pk: int) -> Handover:
    return get_object_or_404(
        handovers_for(user).select_related(
            "project__village", "project__rule_set", "supplier", "village", "commune"
        ),
        pk=pk,
    )


def commitments_for(user) -> QuerySet[Commitment]:
    return Commitment.objects.filter(access.place_q(user, "household__village", action="inspection.view"))


def get_commitment(user, pk: int) -> Commitment:
    return get_object_or_404(
        commitments_for(user).select_related("household__village__commune", "project__rule_set", "opened_by"),
        pk=pk,
    )


def inspections_for(user) -> QuerySet[Inspection]:
    return Inspection.objects.filter(access.place_q(user, "village", action="inspection.view"))


def get_inspection(user, pk: int) -> Inspection:
    return get_object_or_404(
        inspections_for(user).select_related(
            "commitment__project", "household__village__commune", "assigned_to", "round", "village"
        ),
        pk=pk,
    )


def recoveries_for(user) -> QuerySet[Recovery]:
    return Recovery.objects.filter(access.place_q(user, "household__village", action="inspection.view"))


def get_recovery(user, pk: int) -> Recovery:
    return get_object_or_404(
        recoveries_for(user).select_related(
            "household__village__commune", "line__item", "line__handover", "commitment__project", "inspection"
        ),
        pk=pk,
    )


def rounds_for(user) -> QuerySet[InspectionRound]:
    return InspectionRound.objects.filter(
        access.place_q(user, None, commune_path="commune", action="inspection.view")
    )


def suppliers_for(user) -> QuerySet[Supplier]:
    return Supplier.objects.filter(access.place_q(user, None, commune_path="commune", action="handover.view"))


def planned_for(user, *, village=None, inspector=None) -> QuerySet[Inspection]:
    """Planned inspections in the user's scope, the page's rows in one query."""
    qs = inspections_for(user).filter(status=Inspection.Status.PLANNED, commitment__status="open")
    if village is not None:
        qs = qs.filter(village=village)
    if inspector is not None:
        qs = qs.filter(assigned_to=inspector)
    return qs.select_related("household", "village", "assigned_to", "commitment__project").order_by(
        "due_on", "pk"
    )


def week_end(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=6 - today.weekday())


def coverage(inspections: QuerySet[Inspection], today: dt.date | None = None) -> dict:
    """Of the inspections already due, how many were done by their due date (one query)."""
    today = today or timezone.localdate()
    due = inspections.filter(due_on__lte=today).exclude(status=Inspection.Status.CANCELLED)
    counts = due.aggregate(
        due=Count("pk"),
        on_time=Count("pk", filter=Q(status="done", done_on__lte=F("due_on"))),
        done=Count("pk", filter=Q(status="done")),
    )
    counts["share"] = round(100 * counts["on_time"] / counts["due"]) if counts["due"] else None
    return counts


# ---- figures for the monitoring reports (reports/figures.py looks these up by name) ---------------
#
# Each is one GROUP BY query. Component figures are f(commune_ids, start, end) -> {component code:
# int}, keyed by the project's round's component code exactly as reports.figures keys money and
# outputs (a report's group row sums its sub-components). Model figures are f(commune_ids) ->
# {model: int}, keyed by the project's `model` as the model evaluation keys its rows. Only
# projects that hold approved money count (reports.figures.APPROVED_STATES): a withdrawn,
# cancelled or refused project leaves every total, as it leaves the money totals.

COUNTED_STATES = ("approved", "implementing", "completed")  # = reports.figures.APPROVED_STATES
# Minutes issued (or signed): a draft handover has handed nothing over yet.
HANDED_OVER = (HandoverStatus.ISSUED, HandoverStatus.SIGNED)
# A recovery the commune leader decided: it stays decided once recorded or settled.
DECIDED = (Recovery.Status.DECIDED, Recovery.Status.RECOVERED, Recovery.Status.SETTLED)


def _by(rows, key: str) -> dict[str, int]:
    return {row[key]: int(row["n"] or 0) for row in rows}


def _delivery_lines(commune_ids) -> QuerySet[HandoverLine]:
    """Accepted lines of issued delivery handovers: new state support that reached a household.

    Refused lines delivered nothing. Rotation handovers (an animal or its offspring passed on to
    the next household) and reassignments (recovered support given again) move support already
    counted, or born of it: they are not new state support, so they are left out."""
    return HandoverLine.objects.filter(
        handover__project__commune__in=commune_ids,
        handover__project__status__in=COUNTED_STATES,
        handover__kind=HandoverKind.DELIVERY,
        handover__status__in=HANDED_OVER,
        refused=False,
    )


def _done(commune_ids) -> QuerySet[Inspection]:
    return Inspection.objects.filter(
        commitment__project__commune__in=commune_ids,
        commitment__project__status__in=COUNTED_STATES,
        status=Inspection.Status.DONE,
    )


def _decided(commune_ids) -> QuerySet[Recovery]:
    return Recovery.objects.filter(
        commitment__project__commune__in=commune_ids,
        commitment__project__status__in=COUNTED_STATES,
        status__in=DECIDED,
    )


def _decision_between(start: dt.date, end: dt.date) -> Exists:
    """The recovery's decision (quyết định thu hồi, in the document register) issued in [start, end]:
    the register holds the only date of a leader's decision."""
    return Exists(
        IssuedDocument.objects.filter(
            kind__code="quyet_dinh",
            target_type__app_label="inspections",
            target_type__model="recovery",
            target_id=Cast(OuterRef("pk"), CharField()),
            replaced_by__isnull=True,
            issued_on__gte=start,
            issued_on__lte=end,
        )
    )


COMPONENT = "project__round__component__code"


def items_delivered_by_component(commune_ids, start: dt.date, end: dt.date) -> dict[str, int]:
    """Units handed over (sum of accepted lines' quantities) at delivery handovers held in the period."""
    rows = (
        _delivery_lines(commune_ids)
        .filter(handover__held_on__gte=start, handover__held_on__lte=end)
        .values(f"handover__{COMPONENT}")
        .annotate(n=Sum("quantity"))
    )
    return _by(rows, f"handover__{COMPONENT}")


def inspections_by_component(commune_ids, start: dt.date, end: dt.date) -> dict[str, int]:
    """Household visits done in the period (planned or cancelled ones are not inspections yet)."""
    rows = (
        _done(commune_ids)
        .filter(done_on__gte=start, done_on__lte=end)
        .values(f"commitment__{COMPONENT}")
        .annotate(n=Count("pk"))
    )
    return _by(rows, f"commitment__{COMPONENT}")


def breaches_by_component(commune_ids, start: dt.date, end: dt.date) -> dict[str, int]:
    """Inspections done in the period whose result was "không đạt": each is a breach the team found
    and recorded (the model records breaches only as that result; "cần theo dõi" is not one)."""
    rows = (
        _done(commune_ids)
        .filter(done_on__gte=start, done_on__lte=end, result=Inspection.Result.FAIL)
        .values(f"commitment__{COMPONENT}")
        .annotate(n=Count("pk"))
    )
    return _by(rows, f"commitment__{COMPONENT}")


def recoveries_by_component(commune_ids, start: dt.date, end: dt.date) -> dict[str, int]:
    """Recoveries the commune leader decided in the period (by the date of the decision issued)."""
    rows = (
        _decided(commune_ids)
        .filter(_decision_between(start, end))
        .values(f"commitment__{COMPONENT}")
        .annotate(n=Count("pk"))
    )
    return _by(rows, f"commitment__{COMPONENT}")


def models_effective_by_component(commune_ids, start: dt.date, end: dt.date) -> dict[str, int]:
    """Projects every one of whose commitments running in the period was inspected in the period
    and found "đạt" at its latest inspection there.

    A commitment runs in the period when it started by its end and was not closed before its
    start. One household not inspected, or whose latest inspection was "không đạt" or "cần theo
    dõi", keeps its project out: the model is not shown effective until every household is."""
    # "" when not inspected in the period: one lookup per commitment (`IS NULL OR <>` would
    # make PostgreSQL run the subquery twice).
    latest = Coalesce(
        Subquery(
            Inspection.objects.filter(
                commitment=OuterRef("pk"), status=Inspection.Status.DONE, done_on__gte=start, done_on__lte=end
            )
            .order_by("-done_on", "-pk")
            .values("result")[:1]
        ),
        Value(""),
    )
    running = Commitment.objects.filter(starts_on__lte=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    )
    # Not inspected in the period (no latest result) or not "đạt" at the latest visit.
    not_shown = running.annotate(latest=latest).exclude(latest=Inspection.Result.PASS)
    rows = (
        Project.objects.filter(commune__in=commune_ids, status__in=COUNTED_STATES)
        .filter(Exists(running.filter(project=OuterRef("pk"))))
        .exclude(Exists(not_shown.filter(project=OuterRef("pk"))))
        .values("round__component__code")
        .annotate(n=Count("pk"))
    )
    return _by(rows, "round__component__code")


def _by_model(qs: QuerySet, project: str, by_year: bool, n) -> dict:
    """{model: n}, or {(model, round year): n} for the model evaluation's year rows."""
    keys = [f"{project}__model", *([f"{project}__round__year"] if by_year else [])]
    return {
        (tuple(row[k] for k in keys) if by_year else row[keys[0]]): int(row["n"] or 0)
        for row in qs.values(*keys).annotate(n=n)
    }


def breaches_by_model(commune_ids, *, by_year: bool = False) -> dict:
    """Inspections ever found "không đạt", by the project's model."""
    return _by_model(
        _done(commune_ids).filter(result=Inspection.Result.FAIL), "commitment__project", by_year, Count("pk")
    )


def recoveries_by_model(commune_ids, *, by_year: bool = False) -> dict:
    """Recoveries decided (then possibly recorded and settled), by the project's model."""
    return _by_model(_decided(commune_ids), "commitment__project", by_year, Count("pk"))


def animals_surviving_by_model(commune_ids, *, by_year: bool = False) -> dict:
    """Delivered livestock still with the household it was delivered to: delivered − dead or lost −
    sold or slaughtered − recovered − rotated out (balances.py's `in_use`), over delivery lines.
    An animal passed on by rotation left the delivered balance; it is not counted again on the
    rotation line (it was not delivered by the state)."""
    in_use = Sum(F("quantity") - F("out_dead") - F("out_sold") - F("out_recovered") - F("out_rotated"))
    return _by_model(
        _delivery_lines(commune_ids).filter(kind=ItemKind.LIVESTOCK), "handover__project", by_year, in_use
    )


def offspring_by_model(commune_ids, *, by_year: bool = False) -> dict:
    """Households whose inspection recorded offspring. The offspring is free text ("con sinh ra"),
    so we count households that reported any — not animals, and a calf seen on three visits once."""
    return _by_model(
        _done(commune_ids).exclude(offspring=""),
        "commitment__project",
        by_year,
        Count("commitment", distinct=True),
    )
