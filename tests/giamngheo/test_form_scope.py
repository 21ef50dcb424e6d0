"""Every form field that names another object by its id is scope-checked: posting the id of a
household, member, group, village, round or plan the user may not reach (another village, another
commune) is refused with a message and changes nothing — no row, no audit entry.

The permission matrix (test_permission_matrix.py) already sends each URL's own ids and the
village of a new household, group, account or import; these are the fields it does not reach.
Fields already covered elsewhere: a member id of another household on the household page
(tests/households/test_household_edit.py), an import row naming another village
(tests/households/test_import_views.py).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from giamngheo.models import AuditEntry, User
from households import services as household_services
from households.models import GroupMembership, Household, Member
from projects import services
from projects.models import FundingSource, LegalDocument, Participant, Project, Round
from tests.conftest import PASSWORD
from tests.households.test_household_edit import edit_post, row_of
from tests.projects.conftest import (  # noqa: F401  (fixtures these tests build with)
    component,
    make_project,
    make_round,
    open_round,
    post,
    project_in,
    rules,
)


def today():
    return timezone.localdate()


@pytest.fixture
def nothing_written(db):
    """Asserts, at the end of the block, that no audit entry was written (and returns a checker for
    the rows of the model under test)."""

    class Watch:
        def __enter__(self):
            self.audit = AuditEntry.objects.count()
            return self

        def __exit__(self, *exc):
            if exc[0] is None:
                assert AuditEntry.objects.count() == self.audit, "a refused form wrote an audit entry"

    return Watch


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


# ---- households ---------------------------------------------------------------------------------------


def test_a_village_head_cannot_move_a_household_into_another_village(
    client, village_head, household, village_b, nothing_written
):
    client.force_login(village_head)
    rows = [row_of(household.members.get())]
    with nothing_written():
        r = client.post(
            reverse("households:edit", args=[household.pk]), edit_post(household, rows, village=village_b.pk)
        )
    assert r.status_code == 200 and "village" in r.context["form"].errors
    assert Household.objects.get(pk=household.pk).village_id == household.village_id


def test_an_officer_cannot_move_a_household_into_another_commune(
    client, officer, household, other_village, nothing_written
):
    client.force_login(officer)
    rows = [row_of(household.members.get())]
    with nothing_written():
        r = client.post(
            reverse("households:edit", args=[household.pk]),
            edit_post(household, rows, village=other_village.pk),
        )
    assert r.status_code == 200 and "village" in r.context["form"].errors
    assert Household.objects.get(pk=household.pk).village_id == household.village_id


def test_deleting_a_member_of_another_household_by_its_id_is_refused(
    client, village_head, household, make_household, village_b, nothing_written
):
    elsewhere = make_household(village=village_b, head_name="Hộ thôn B")
    victim = Member.objects.create(household=elsewhere, full_name="Người thôn B", relationship="child")
    client.force_login(village_head)
    rows = [row_of(household.members.get()), row_of(victim) | {"DELETE": "on"}]
    with nothing_written():
        r = client.post(reverse("households:edit", args=[household.pk]), edit_post(household, rows))
    assert r.status_code == 200 and "Thành viên không thuộc hộ này" in r.content.decode()
    assert Member.objects.filter(pk=victim.pk).exists()


def test_the_head_of_a_group_must_be_a_household_of_its_village(
    client, village_head, village_a, make_household, village_b, other_village, nothing_written
):
    group = household_services.create_group(village_a, by=village_head, name="Tổ chăn nuôi")
    client.force_login(village_head)
    for village in (village_b, other_village):
        outsider = make_household(village=village, head_name="Hộ ngoài thôn")
        with nothing_written():
            r = client.post(
                reverse("households:group_edit", args=[group.pk]),
                {"name": "Tổ chăn nuôi", "head": outsider.pk, "head_name": "", "decision_number": ""},
            )
        assert r.status_code == 200 and "head" in r.context["form"].errors
        group.refresh_from_db()
        assert group.head_id is None


def test_a_household_of_another_village_cannot_join_a_group(
    client, officer, village_a, make_household, village_b, other_village, nothing_written
):
    group = household_services.create_group(village_a, by=officer, name="Tổ trồng rừng")
    client.force_login(officer)
    for village in (village_b, other_village):
        outsider = make_household(village=village, head_name="Hộ ngoài thôn")
        with nothing_written():
            r = client.post(
                reverse("households:group_detail", args=[group.pk]),
                {"household": outsider.pk, "joined_on": today().isoformat()},
            )
        assert r.status_code == 200 and "household" in r.context["form"].errors
    assert not GroupMembership.objects.exists()


def test_a_list_filtered_to_a_village_out_of_scope_shows_none_of_it(
    client, village_head, make_household, village_b, other_village
):
    make_household(village=village_b, head_name="Hộ Thôn Bê Riêng")
    make_household(village=other_village, head_name="Hộ Xã Khác Riêng")
    client.force_login(village_head)
    for village in (village_b, other_village):
        r = client.get(reverse("households:list"), {"village": village.pk})
        page = r.content.decode()
        assert r.status_code == 200 and "Không có thôn/tổ này trong phạm vi của bạn" in messages_of(r)
        assert "Hộ Thôn Bê Riêng" not in page and "Hộ Xã Khác Riêng" not in page


# ---- projects -------------------------------------------------------------------------------------------


@pytest.fixture
def draft(make_project):
    return make_project(households=1)


def test_a_village_head_cannot_add_a_household_of_another_village_by_its_id(
    client, village_head, draft, make_household, village_b, other_village, nothing_written
):
    client.force_login(village_head)
    for village in (village_b, other_village):
        outsider = make_household(village=village, head_name="Hộ ngoài thôn")
        with nothing_written():
            r = client.post(
                reverse("projects:participant_add", args=[draft.pk]),
                {"version": draft.version, "household": outsider.pk, "shares": 1},
            )
        assert r.status_code == 404
    assert draft.participants.count() == 1


def test_even_the_administrator_cannot_add_a_household_of_another_village(
    client, admin_user, draft, make_household, village_b, other_village, nothing_written
):
    client.force_login(admin_user)
    for village in (village_b, other_village):
        outsider = make_household(village=village, head_name="Hộ ngoài thôn")
        with nothing_written():
            r = client.post(
                reverse("projects:participant_add", args=[draft.pk]),
                {"version": draft.version, "household": outsider.pk, "shares": 1},
                follow=True,
            )
        assert f"Hộ không thuộc {draft.village.name}" in messages_of(r)
    assert draft.participants.count() == 1


def test_the_group_of_a_project_must_be_of_its_village(
    client, village_head, draft, village_b, officer, nothing_written
):
    group_b = household_services.create_group(village_b, by=officer, name="Tổ thôn B")
    client.force_login(village_head)
    data = {
        "version": draft.version,
        "name": draft.name,
        "model": draft.model,
        "group": group_b.pk,
        "place": draft.place,
        "duration_months": draft.duration_months,
        "expected_results": draft.expected_results,
    }
    with nothing_written():
        r = client.post(reverse("projects:edit", args=[draft.pk]), data)
    assert r.status_code == 200 and "group" in r.context["form"].errors
    assert Project.objects.get(pk=draft.pk).group_id is None


def test_a_round_takes_only_villages_and_plans_of_its_commune(
    client, officer, open_round, other_village, other_commune, nothing_written
):
    plan_x = LegalDocument.objects.create(
        commune=other_commune,
        kind=LegalDocument.Kind.PLAN,
        number="9/KH-UBND",
        issued_on=today(),
        issuer="UBND xã Phú Hồ",
        summary="Kế hoạch của xã khác",
    )
    client.force_login(officer)
    base = {
        "name": open_round.name,
        "component": open_round.component_id,
        "year": open_round.year,
        "deadline": open_round.deadline.isoformat(),
        "villages": [v.pk for v in open_round.villages.all()],
        "envelope_central": "500.000.000",
    }
    for field, value in (("villages", [other_village.pk]), ("plan_document", plan_x.pk)):
        with nothing_written():
            r = client.post(reverse("projects:round_edit", args=[open_round.pk]), base | {field: value})
        assert r.status_code == 200 and field in r.context["form"].errors, field
    round_ = Round.objects.get(pk=open_round.pk)
    assert round_.plan_document_id is None and other_village not in round_.villages.all()
    with nothing_written():
        r = client.post(reverse("projects:round_create"), base | {"villages": [other_village.pk]})
    assert r.status_code == 200 and "villages" in r.context["form"].errors


def test_an_adjustment_adds_only_a_household_of_the_projects_village(
    client, officer, project_in, make_household, village_b, other_village, nothing_written
):
    project = project_in(Project.Status.IMPLEMENTING)
    data = {
        "decision_number": "31/QĐ-UBND",
        "decision_date": today().isoformat(),
        "reason": "Thay hộ",
        "duration_months": project.duration_months,
        "add_shares": 1,
    }
    data |= {f"shares_{p.pk}": p.shares for p in project.participants.all()}
    data |= {f"qty_{i.pk}": str(i.quantity_per_household) for i in project.items.all()}
    data |= {f"amount_{b.source}": b.approved_amount for b in project.budget_lines.all()}
    client.force_login(officer)
    for village in (village_b, other_village):
        outsider = make_household(village=village, head_name="Hộ ngoài thôn")
        with nothing_written():
            r = client.post(
                reverse("projects:adjust", args=[project.pk]),
                data | {"version": project.version, "add_household": outsider.code},
            )
        assert r.status_code == 200 and "add_household" in r.context["form"].errors
    assert not project.revisions.exists()
    assert Participant.objects.filter(project=project).count() == 3


def test_a_refused_project_is_proposed_again_only_in_a_round_of_its_commune(
    client, village_head, project_in, other_commune, other_village, other_officer, component, nothing_written
):
    project = project_in(Project.Status.REJECTED, households=1)
    round_x = services.publish_round(
        services.create_round(
            other_commune,
            by=other_officer,
            villages=[other_village],
            envelopes={FundingSource.CENTRAL: 100_000_000},
            name="Đợt xã khác",
            component=component,
            year=today().year,
            deadline=today() + dt.timedelta(days=30),
        ),
        by=other_officer,
    )
    client.force_login(village_head)
    before = Project.objects.count()
    with nothing_written():
        r = client.post(reverse("projects:repropose", args=[project.pk]), {"round": round_x.pk})
    assert r.status_code == 200 and "round" in r.context["form"].errors
    assert Project.objects.count() == before


def test_a_project_list_filtered_to_a_round_out_of_scope_shows_none_of_it(
    client, officer, other_commune, other_village, other_officer, component
):
    round_x = services.create_round(
        other_commune,
        by=other_officer,
        villages=[other_village],
        envelopes={FundingSource.CENTRAL: 100_000_000},
        name="Đợt Riêng Của Xã Khác",
        component=component,
        year=today().year,
        deadline=today() + dt.timedelta(days=30),
    )
    client.force_login(officer)
    r = client.get(reverse("projects:list"), {"round": round_x.pk})
    assert r.status_code == 200 and "round" in r.context["form"].errors
    assert "Đợt Riêng Của Xã Khác" not in r.content.decode()


# ---- found by the matrix ----------------------------------------------------------------------------------


NEW_PASSWORD = "mot-mat-khau-moi-rat-dai-2026"


def test_an_officer_cannot_take_over_the_leaders_account(client, officer, leader, nothing_written):
    """Resetting the leader's password would let the officer sign in as the leader (audit trail,
    withdrawals, approval decisions); locking it would shut the leader out."""
    client.force_login(officer)
    with nothing_written():
        for name in ("account_reset_password", "account_toggle_active", "account_unlock_login"):
            r = client.post(
                reverse(name, args=[leader.pk]), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
            )
            assert r.status_code == 404, name
    leader.refresh_from_db()
    assert leader.is_active and leader.check_password(PASSWORD)
    assert leader.full_name not in client.get(reverse("account_list")).content.decode()


def test_an_officer_cannot_create_a_leader_account(client, officer, nothing_written):
    client.force_login(officer)
    data = {
        "full_name": "Chủ Tịch Giả",
        "username": "chutich.gia",
        "role": "commune_leader",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    with nothing_written():
        r = client.post(reverse("account_create"), data)
    assert r.status_code == 200 and "role" in r.context["form"].errors
    assert not User.objects.filter(username="chutich.gia").exists()


def test_the_leader_manages_the_officers_account(client, leader, officer):
    client.force_login(leader)
    r = client.post(
        reverse("account_reset_password", args=[officer.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert r.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)


def test_editing_a_project_household_is_audited_with_its_changes(client, village_head, draft):
    """The participant form used to write into the participant the service then diffed against:
    the new shares were saved with no audit entry."""
    participant = draft.participants.get()
    client.force_login(village_head)
    r = client.post(
        reverse("projects:participant_edit", args=[draft.pk, participant.pk]),
        {"version": draft.version, "shares": 2, "commitment_signed_on": today().isoformat(), "note": ""},
    )
    assert r.status_code == 302
    assert Participant.objects.get(pk=participant.pk).shares == 2
    entry = AuditEntry.objects.filter(action="project.participant_updated").latest("pk")
    assert entry.data["changes"]["shares"] == [1, 2]
