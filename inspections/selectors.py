"""Read helpers after approval, already scoped to what the user may see (out of scope = 404)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from giamngheo import access
from inspections.models import Commitment, Handover, Inspection, InspectionRound, Recovery, Supplier


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
