"""Recovery of one household's support (thu hồi hỗ trợ của hộ): proposal → leader's decision
(issued) → recovery minutes (issued) → what became of it. Kept apart from withdrawing a project."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from giamngheo.documents import register
from inspections import balances, services
from inspections.models import Commitment, Handover, HandoverLine, Recovery
from tests.inspections.conftest import text_of


def cow_line(commitment) -> HandoverLine:
    return HandoverLine.objects.get(household=commitment.household, refused=False)


def propose(client, commitment, **data):
    return client.post(
        reverse("inspections:recovery_propose", args=[commitment.pk]),
        {"line": cow_line(commitment).pk, "reason": "Hộ bán bò trái cam kết"} | data,
    )


def test_a_recovery_above_what_was_delivered_is_refused(client, officer, commitment):
    client.force_login(officer)
    r = propose(client, commitment, quantity="2")
    assert "hộ chỉ còn 1 con" in r.content.decode() and "Hộ bán bò trái cam kết" in r.content.decode()
    r = propose(client, commitment, amount="25.000.000")
    assert "lớn hơn giá trị đã hỗ trợ" in r.content.decode()
    r = propose(client, commitment)
    assert "Ghi số lượng hiện vật hoặc số tiền" in r.content.decode()
    assert not Recovery.objects.exists()


def test_the_full_recovery_path_moves_the_balance_and_issues_two_documents(
    client, officer, leader, commitment
):
    client.force_login(officer)
    assert propose(client, commitment, quantity="1").status_code == 302
    recovery = Recovery.objects.get()
    assert recovery.status == "proposed"
    # the officer may not decide
    r = client.post(
        reverse("inspections:recovery_decide", args=[recovery.pk]),
        {"approve": "1", "issued_on": timezone.localdate().isoformat(), "version": recovery.version},
    )
    assert r.status_code == 403
    client.force_login(leader)
    client.post(
        reverse("inspections:recovery_decide", args=[recovery.pk]),
        {
            "approve": "1",
            "note": "Đồng ý thu hồi",
            "issued_on": timezone.localdate().isoformat(),
            "version": recovery.version,
        },
    )
    recovery.refresh_from_db()
    assert recovery.status == "decided"
    decision = register.current_for(recovery, "quyet_dinh").get()
    assert decision.number.endswith("/QĐ-UBND")
    text = text_of(register.read(decision))
    assert (
        "Thu hồi hỗ trợ đã giao cho hộ" in text
        and commitment.household.head_name in text
        and "PV-001" in text
    )
    client.force_login(officer)
    client.post(
        reverse("inspections:recovery_record", args=[recovery.pk]),
        {"recovered_on": timezone.localdate().isoformat(), "version": recovery.version},
    )
    recovery.refresh_from_db()
    assert recovery.status == "recovered"
    assert register.current_for(recovery, "bb_thu_hoi").exists()
    totals = balances.reconcile(HandoverLine.objects.filter(household=commitment.household))
    assert totals.recovered == 1 and totals.in_use == 0 and totals.balanced
    commitment.refresh_from_db()
    assert commitment.status == "closed" and commitment.outcome == "recovered"


def test_reassigning_recovered_support_opens_a_handover_for_the_new_household(
    officer, leader, commitment, make_household
):
    new = make_household(head_name="Hộ nhận lại")
    recovery = services.propose_recovery(
        commitment, by=officer, line=cow_line(commitment), reason="Vi phạm", quantity=1
    )
    services.decide_recovery(recovery, by=leader, approve=True, issued_on=timezone.localdate())
    services.record_recovery(recovery, by=officer, recovered_on=timezone.localdate())
    services.settle_recovery(recovery, by=officer, outcome="reassigned", reassigned_to=new)
    handover = Handover.objects.get(kind="reassignment")
    line = handover.lines.get()
    assert line.household == new and line.came_from == cow_line(commitment)
    services.issue_handover_minutes(handover, by=officer)
    assert Commitment.objects.filter(household=new, status="open").exists()


def test_a_sold_outcome_needs_the_proceeds(officer, leader, commitment):
    recovery = services.propose_recovery(
        commitment, by=officer, line=cow_line(commitment), reason="Vi phạm", amount=5_000_000
    )
    services.decide_recovery(recovery, by=leader, approve=True, issued_on=timezone.localdate())
    services.record_recovery(recovery, by=officer, recovered_on=timezone.localdate())
    with pytest.raises(services.FollowUpError, match="số tiền bán"):
        services.settle_recovery(recovery, by=officer, outcome="sold")
    services.settle_recovery(recovery, by=officer, outcome="sold", proceeds=4_000_000)
    assert Recovery.objects.get().proceeds == 4_000_000


def test_the_leader_may_refuse_a_recovery(officer, leader, commitment):
    recovery = services.propose_recovery(
        commitment, by=officer, line=cow_line(commitment), reason="?", quantity=1
    )
    services.decide_recovery(
        recovery, by=leader, approve=False, note="Chưa đủ căn cứ", issued_on=timezone.localdate()
    )
    assert Recovery.objects.get().status == "rejected"
    assert not register.current_for(recovery).exists()
    assert cow_line(commitment).in_use == 1


def test_recovery_is_named_apart_from_withdrawing_the_project(client, officer, commitment):
    client.force_login(officer)
    body = client.get(commitment.get_absolute_url()).content.decode()
    assert "Đề xuất thu hồi hỗ trợ của hộ" in body and "Thu hồi dự án" not in body


def test_a_rotation_passes_an_animal_to_the_next_eligible_household(officer, commitment, make_household):
    new = make_household(head_name="Hộ nhận bê")
    rotation = services.record_rotation(
        commitment,
        by=officer,
        to=new,
        rotated_on=timezone.localdate(),
        identifier="BE-01",
        sex="female",
        age_months=8,
    )
    handover = rotation.handover
    assert handover.kind == "rotation" and handover.lines.get().household == new
    services.issue_handover_minutes(handover, by=officer)
    assert register.current_for(handover).get().kind.code == "bb_luan_chuyen"
    assert Commitment.objects.filter(household=new, status="open").exists()
    # offspring passed on: the giver's delivered cow is still in use
    assert cow_line(commitment).in_use == 1


def test_a_rotation_to_an_ineligible_household_is_refused(officer, commitment, make_household):
    rich = make_household(head_name="Hộ khá", category=None)
    with pytest.raises(services.FollowUpError, match="không thuộc đối tượng"):
        services.record_rotation(commitment, by=officer, to=rich, rotated_on=timezone.localdate())
    assert not Handover.objects.filter(kind="rotation").exists()


def test_rotating_the_delivered_animal_takes_it_out_of_the_balance(officer, commitment, make_household):
    new = make_household(head_name="Hộ kế tiếp")
    line = cow_line(commitment)
    services.record_rotation(
        commitment, by=officer, to=new, rotated_on=timezone.localdate(), from_line=line, quantity=Decimal(1)
    )
    totals = balances.reconcile(HandoverLine.objects.filter(household=commitment.household))
    assert totals.rotated_out == 1 and totals.in_use == 0 and totals.balanced
