"""Every role × every follow-up action, in scope and out of it; query budgets of the list pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from giamngheo import access
from giamngheo.models import Role
from inspections import services
from inspections.models import Commitment, HandoverLine, Inspection
from tests.conftest import ROLE_FIXTURES

ROLE_OF = {
    "officer": Role.COMMUNE_OFFICER,
    "leader": Role.COMMUNE_LEADER,
    "bcd_member": Role.BCD_MEMBER,
    "supervisor": Role.FRONT_SUPERVISOR,
    "village_head": Role.VILLAGE_HEAD,
    "upper_viewer": Role.UPPER_VIEWER,
    "admin_user": Role.ADMIN,
}

# (action, url builder) — the GET of each form step is guarded like its POST.
STEPS = [
    ("supplier.manage", lambda w: reverse("inspections:supplier_list")),
    ("handover.manage", lambda w: reverse("inspections:handover_create", args=[w["project"].pk])),
    ("handover.manage", lambda w: reverse("inspections:handover_correct", args=[w["handover"].pk])),
    ("inspection.plan", lambda w: reverse("inspections:commitment_adhoc", args=[w["commitment"].pk])),
    ("inspection.plan", lambda w: reverse("inspections:project_sample", args=[w["project"].pk])),
    ("commitment.close", lambda w: reverse("inspections:commitment_close", args=[w["commitment"].pk])),
    ("inspection.record", lambda w: reverse("inspections:inspection_record", args=[w["inspection"].pk])),
    (
        "consequence.record",
        lambda w: reverse("inspections:inspection_consequence", args=[w["inspection"].pk]),
    ),
    ("recovery.propose", lambda w: reverse("inspections:recovery_propose", args=[w["commitment"].pk])),
    ("rotation.record", lambda w: reverse("inspections:rotation_record", args=[w["commitment"].pk])),
    (
        "monitoring.note",
        lambda w: reverse("inspections:monitoring_note", args=[w["commitment"].household_id]),
    ),
]
PAGES = [
    lambda w: w["handover"].get_absolute_url(),
    lambda w: w["commitment"].get_absolute_url(),
    lambda w: w["inspection"].get_absolute_url(),
    lambda w: reverse("inspections:work"),
    lambda w: reverse("inspections:round_list"),
]


@pytest.fixture
def world(handed_over, commitment):
    return {
        "project": handed_over.project,
        "handover": handed_over,
        "commitment": commitment,
        "inspection": commitment.inspections.order_by("due_on").first(),
    }


@pytest.mark.parametrize("person", ROLE_FIXTURES, indirect=True)
@pytest.mark.parametrize(("action", "url"), STEPS, ids=[f"{a}-{n}" for n, (a, _u) in enumerate(STEPS)])
def test_each_role_may_take_exactly_its_actions(client, person, world, action, url, request):
    client.force_login(person)
    role = ROLE_OF[request.node.callspec.params["person"]]
    allowed = role == Role.ADMIN or role in access.ACTIONS[action]
    assert client.get(url(world)).status_code == (200 if allowed else 403)


@pytest.mark.parametrize("person", ROLE_FIXTURES, indirect=True)
def test_every_role_in_scope_reads_the_follow_up_pages(client, person, world):
    client.force_login(person)
    for page in PAGES:
        assert client.get(page(world)).status_code == 200


@pytest.mark.parametrize(("action", "url"), STEPS[1:], ids=[a for a, _u in STEPS[1:]])
def test_another_communes_officer_finds_nothing(client, other_officer, world, action, url):
    client.force_login(other_officer)
    assert client.get(url(world)).status_code == 404


def test_another_communes_officer_does_not_see_the_pages(client, other_officer, world):
    client.force_login(other_officer)
    for page in PAGES[:3]:
        assert client.get(page(world)).status_code == 404
    assert "Hộ thử" not in client.get(reverse("inspections:work")).content.decode()


def test_the_leader_alone_decides_a_recovery(client, officer, leader, bcd_member, commitment):
    line = HandoverLine.objects.get(household=commitment.household, refused=False)
    recovery = services.propose_recovery(commitment, by=officer, line=line, reason="Vi phạm", quantity=1)
    data = {"approve": "1", "issued_on": timezone.localdate().isoformat(), "version": recovery.version}
    url = reverse("inspections:recovery_decide", args=[recovery.pk])
    for who in (officer, bcd_member):
        client.force_login(who)
        assert client.post(url, data).status_code == 403
    client.force_login(leader)
    assert client.post(url, data).status_code == 302
    recovery.refresh_from_db()
    assert recovery.status == "decided"


def test_the_home_work_list_names_overdue_inspections(client, officer, commitment):
    Inspection.objects.update(due_on=timezone.localdate() + timezone.timedelta(days=30))
    Inspection.objects.filter(pk=commitment.inspections.order_by("due_on").first().pk).update(
        due_on=timezone.localdate() - timezone.timedelta(days=9)
    )
    client.force_login(officer)
    body = client.get(reverse("home")).content.decode()
    assert "Kiểm tra quá hạn" in body and "Quá hạn lâu nhất 9 ngày" in body


def _many_commitments(approved, make_handover, officer, cow, make_household, n):
    from projects import services as project_services

    handover = make_handover()
    for participant in approved.participants.all():
        services.add_line(handover, by=officer, participant=participant, item=cow, quantity=1)
    services.issue_handover_minutes(handover, by=officer)
    first = Commitment.objects.filter(project=approved).first()
    for k in range(n):
        household = make_household(head_name=f"Hộ thêm {k}")
        services._open_commitment(first.opened_by, household.pk, None, by=officer)
    Inspection.objects.update(due_on=timezone.localdate() - timezone.timedelta(days=3))
    return project_services


@pytest.mark.parametrize("extra", [0, 15])
def test_the_work_page_costs_the_same_for_few_or_many(
    client, officer, approved, make_handover, cow, make_household, extra, django_assert_max_num_queries
):
    _many_commitments(approved, make_handover, officer, cow, make_household, extra)
    client.force_login(officer)
    with django_assert_max_num_queries(14):
        r = client.get(reverse("inspections:work"))
    assert r.status_code == 200 and r.content.decode().count("work-item urgent") >= 3


@pytest.mark.parametrize("extra", [0, 15])
def test_the_commitment_and_inspection_pages_cost_the_same(
    client, officer, approved, make_handover, cow, make_household, extra, django_assert_max_num_queries
):
    _many_commitments(approved, make_handover, officer, cow, make_household, extra)
    commitment = Commitment.objects.order_by("pk").first()
    inspection = commitment.inspections.first()
    client.force_login(officer)
    with django_assert_max_num_queries(18):
        assert client.get(commitment.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(inspection.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(commitment.opened_by.get_absolute_url()).status_code == 200
