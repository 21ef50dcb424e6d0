"""What was approved, delivered and is still in use — per household, per item, per project.

Approved quantity per household = the item's quantity per household × the participant's shares.
Delivered counts lines not refused. The per-line identity
    delivered = in use + dead or lost + sold or slaughtered + recovered + rotated out
is a database constraint on HandoverLine; `reconcile` checks the sums over many lines.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from inspections.models import HandoverLine

ZERO = Decimal(0)
OUTFLOWS = ("out_dead", "out_sold", "out_recovered", "out_rotated")


@dataclass
class Totals:
    delivered: Decimal = ZERO
    dead_or_lost: Decimal = ZERO
    sold: Decimal = ZERO
    recovered: Decimal = ZERO
    rotated_out: Decimal = ZERO
    in_use: Decimal = ZERO

    @property
    def balanced(self) -> bool:
        return self.in_use >= 0 and self.delivered == (
            self.in_use + self.dead_or_lost + self.sold + self.recovered + self.rotated_out
        )


def reconcile(lines) -> Totals:
    """Sum lines (an iterable of HandoverLine) into one balance; refused lines count nothing."""
    totals = Totals()
    for line in lines:
        if line.refused:
            continue
        totals.delivered += line.quantity
        totals.dead_or_lost += line.out_dead
        totals.sold += line.out_sold
        totals.recovered += line.out_recovered
        totals.rotated_out += line.out_rotated
        totals.in_use += line.in_use
    return totals


def delivered_quantity(participant_id: int, item_id: int) -> Decimal:
    """What has been handed over (or is on a draft handover) of one item to one participant."""
    total = HandoverLine.objects.filter(
        participant_id=participant_id, item_id=item_id, refused=False
    ).aggregate(total=Sum("quantity"))["total"]
    return total or ZERO


def approved_quantity(participant, item) -> Decimal:
    return Decimal(item.quantity_per_household) * participant.shares


@dataclass
class BalanceRow:
    participant: object
    item: object
    approved: Decimal
    delivered: Decimal
    refused: Decimal
    in_use: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return self.approved - self.delivered


@dataclass
class ProjectBalance:
    rows: list[BalanceRow] = field(default_factory=list)

    @property
    def approved(self) -> Decimal:
        return sum((r.approved for r in self.rows), ZERO)

    @property
    def delivered(self) -> Decimal:
        return sum((r.delivered for r in self.rows), ZERO)

    @property
    def remaining(self) -> Decimal:
        return sum((r.remaining for r in self.rows), ZERO)

    @property
    def complete(self) -> bool:
        return bool(self.rows) and all(r.remaining <= 0 for r in self.rows)


def project_balance(project, participants=None) -> ProjectBalance:
    """Every participant × item of a project with approved, delivered and remaining (3 queries)."""
    items = list(project.items.all())
    if participants is None:
        participants = list(project.participants.select_related("household__village"))
    sums = defaultdict(lambda: [ZERO, ZERO, ZERO])
    lines = (
        HandoverLine.objects.filter(handover__project=project, participant__isnull=False)
        .values("participant_id", "item_id", "refused")
        .annotate(
            qty=Sum("quantity"),
            out=Sum("out_dead") + Sum("out_sold") + Sum("out_recovered") + Sum("out_rotated"),
        )
    )
    for row in lines:
        key = (row["participant_id"], row["item_id"])
        if row["refused"]:
            sums[key][1] += row["qty"]
        else:
            sums[key][0] += row["qty"]
            sums[key][2] += row["qty"] - row["out"]
    balance = ProjectBalance()
    for participant in participants:
        for item in items:
            delivered, refused, in_use = sums[(participant.pk, item.pk)]
            balance.rows.append(
                BalanceRow(
                    participant, item, approved_quantity(participant, item), delivered, refused, in_use
                )
            )
    return balance


def household_lines(household):
    return (
        HandoverLine.objects.filter(household=household)
        .filter(Q(handover__status__in=["issued", "signed"]))
        .select_related("item", "handover__project")
        .order_by("handover__held_on", "pk")
    )
