"""Round edits and upper-level decisions leave everything that changed in the audit trail."""

from __future__ import annotations

from django.urls import reverse

from giamngheo.models import AuditEntry
from projects.models import FundingSource, Project
from tests.projects.test_rounds import round_data


def test_editing_a_round_records_the_villages_added_and_removed(
    client, officer, make_round, village_a, village_b, component
):
    round_ = make_round(villages=[village_a])
    client.force_login(officer)
    data = round_data(
        component, village_b, name=round_.name, envelope_central="500.000.000", envelope_local="100.000.000"
    )
    assert client.post(reverse("projects:round_edit", args=[round_.pk]), data).status_code == 302
    entry = AuditEntry.objects.get(action="round.villages_changed")
    assert entry.actor == officer and entry.commune == round_.commune
    assert entry.data == {"added": ["Thôn Hà Trữ"], "removed": ["Thôn Hà Thượng"]}
    assert not AuditEntry.objects.filter(action="round.envelopes_changed").exists()


def test_editing_a_round_records_each_envelope_old_and_new(
    client, officer, open_round, village_a, village_b, component
):
    client.force_login(officer)
    data = round_data(
        component,
        village_a,
        village_b,
        name=open_round.name,
        envelope_central="450.000.000",
        envelope_local="",
        envelope_credit="20.000.000",
    )
    client.post(reverse("projects:round_edit", args=[open_round.pk]), data)
    entry = AuditEntry.objects.get(action="round.envelopes_changed")
    assert entry.data["changes"] == {
        "central": [500_000_000, 450_000_000],
        "local": [100_000_000, None],
        "credit": [None, 20_000_000],
    }
    assert not AuditEntry.objects.filter(action="round.villages_changed").exists()


def test_the_leader_reads_the_envelope_change_in_the_trail(
    client, officer, leader, open_round, village_a, village_b, component
):
    client.force_login(officer)
    data = round_data(
        component,
        village_a,
        village_b,
        name=open_round.name,
        envelope_central="450.000.000",
        envelope_local="100.000.000",
    )
    client.post(reverse("projects:round_edit", args=[open_round.pk]), data)
    client.force_login(leader)
    body = client.get(reverse("audit_list")).content.decode()
    assert "Đổi kinh phí dự kiến của đợt" in body


def test_the_upper_decision_records_the_approved_amounts(project_in, officer):
    project = project_in(Project.Status.APPROVED)
    entry = AuditEntry.objects.get(action="project.budget_approved", target_id=str(project.pk))
    assert entry.actor == officer
    assert entry.data == {"decision": "125/QĐ-UBND", "amounts": {FundingSource.CENTRAL: 60_000_000}}


def test_a_refusal_records_no_amounts(project_in):
    project_in(Project.Status.REFUSED)
    assert not AuditEntry.objects.filter(action="project.budget_approved").exists()
