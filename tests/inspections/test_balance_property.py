"""The balance invariant over random sequences of handovers, refusals, deaths, sales, recoveries
and rotations: delivered = in use + dead/lost + sold + recovered + rotated out, at every step, per
household and per project; what is refused never counts; nothing goes below zero."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspections import balances, services
from inspections.models import Handover, HandoverLine

STEPS = st.lists(
    st.tuples(
        st.sampled_from(["deliver", "refuse", "die", "sell", "recover", "rotate"]),
        st.integers(min_value=0, max_value=2),  # which household
        st.integers(min_value=1, max_value=4),  # quantity (tenths of the approved 3)
    ),
    max_size=14,
)


@pytest.fixture
def feed_project(approved):
    feed = approved.items.get(name="Chuồng trại, thức ăn")
    feed.quantity_per_household = 3
    feed.save()
    return approved, feed


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_balances_reconcile_after_any_sequence(
    feed_project, make_handover, officer, leader, make_household, steps
):
    project, feed = feed_project
    sid = transaction.savepoint_create()
    try:
        participants = list(project.participants.select_related("household").order_by("pk"))
        handover = make_handover(held_on=timezone.localdate() - timezone.timedelta(days=30))
        issued: list[HandoverLine] = []
        receiver = make_household(head_name="Hộ kế tiếp")
        for action, who, tenths in steps:
            participant = participants[who]
            qty = Decimal(tenths) / 2
            if action in ("deliver", "refuse"):
                if handover.status != Handover.Status.DRAFT:
                    handover = make_handover(held_on=timezone.localdate() - timezone.timedelta(days=20))
                try:
                    services.add_line(
                        handover,
                        by=officer,
                        participant=participant,
                        item=feed,
                        quantity=qty,
                        kind="feed",
                        refused=action == "refuse",
                        refusal_reason="Ẩm mốc",
                    )
                except services.FollowUpError as error:
                    assert action == "deliver" and "chỉ còn được nhận" in str(error)
                continue
            if handover.status == Handover.Status.DRAFT and handover.lines.exists():
                services.issue_handover_minutes(handover, by=officer)
                handover.refresh_from_db()
            issued = list(
                HandoverLine.objects.filter(
                    household=participant.household, refused=False, handover__status__in=["issued", "signed"]
                )
            )
            live = [line for line in issued if line.in_use > 0]
            if not live:
                continue
            line = live[0]
            commitment = services.Commitment.objects.filter(
                household=participant.household, status="open"
            ).first()
            try:
                if action in ("die", "sell"):
                    field = "out_dead" if action == "die" else "out_sold"
                    take = min(qty, line.in_use)
                    setattr(line, field, getattr(line, field) + take)
                    line.save(update_fields=[field])
                elif action == "recover" and commitment:
                    r = services.propose_recovery(
                        commitment, by=officer, line=line, reason="Vi phạm", quantity=qty
                    )
                    services.decide_recovery(r, by=leader, approve=True, issued_on=timezone.localdate())
                    services.record_recovery(r, by=officer, recovered_on=timezone.localdate())
                elif action == "rotate" and commitment:
                    services.record_rotation(
                        commitment,
                        by=officer,
                        to=receiver,
                        rotated_on=timezone.localdate(),
                        from_line=line,
                        quantity=qty,
                    )
                    receiver = make_household(head_name="Hộ kế tiếp")
            except services.FollowUpError as error:
                assert "chỉ còn" in str(error) or "còn" in str(error)
            # after every step: each household and the whole project reconcile
            for p in participants:
                lines = list(HandoverLine.objects.filter(household=p.household))
                totals = balances.reconcile(lines)
                assert totals.balanced and totals.in_use >= 0
                assert totals.delivered <= balances.approved_quantity(p, feed)
            project_totals = balances.reconcile(HandoverLine.objects.filter(handover__project=project))
            assert project_totals.balanced
        for row in balances.project_balance(project).rows:
            if row.item == feed:
                assert 0 <= row.delivered <= row.approved
    finally:
        transaction.savepoint_rollback(sid)


def test_the_database_refuses_more_leaving_than_was_delivered(handed_over):
    from django.db import IntegrityError

    line = HandoverLine.objects.filter(handover=handed_over, refused=False).first()
    line.out_dead, line.out_sold = Decimal(1), Decimal("0.5")
    with pytest.raises(IntegrityError), transaction.atomic():
        line.save(update_fields=["out_dead", "out_sold"])
    refused = HandoverLine.objects.get(handover=handed_over, refused=True)
    refused.out_dead = Decimal(1)
    with pytest.raises(IntegrityError), transaction.atomic():
        refused.save(update_fields=["out_dead"])
