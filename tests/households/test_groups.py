"""Community groups (tổ cộng đồng): list, found, edit, members joining and leaving."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from households import services
from households.models import CommunityGroup, GroupMembership

LIST = reverse("households:group_list")
CREATE = reverse("households:group_create")


@pytest.fixture
def group(officer, village_a) -> CommunityGroup:
    return services.create_group(
        village_a,
        by=officer,
        name="Tổ chăn nuôi bò Hà Thượng",
        decision_number="12/QĐ-UBND",
        decision_date=dt.date(2024, 3, 1),
    )


def detail(group) -> str:
    return reverse("households:group_detail", args=[group.pk])


def test_village_head_founds_a_group_in_their_village(client, village_head, village_a):
    client.force_login(village_head)
    r = client.post(
        CREATE,
        {
            "village": village_a.pk,
            "name": "Tổ trồng  rừng",
            "head_name": "Lò Văn Pâng",
            "decision_number": "5/QĐ-UBND",
            "decision_date": "2025-02-10",
        },
    )
    group = CommunityGroup.objects.get()
    assert r.status_code == 302 and r["Location"] == detail(group)
    assert (group.name, group.head_name, group.created_by) == ("Tổ trồng rừng", "Lò Văn Pâng", village_head)


def test_village_head_cannot_found_a_group_in_another_village(client, village_head, village_b):
    client.force_login(village_head)
    r = client.post(CREATE, {"village": village_b.pk, "name": "Tổ khác"})
    assert r.status_code == 200
    assert not CommunityGroup.objects.exists()


def test_list_shows_groups_in_scope_with_active_member_counts(
    client, village_head_b, officer, group, household, make_household
):
    services.add_group_member(group, household, by=officer, joined_on=dt.date(2024, 3, 1))
    client.force_login(officer)
    text = client.get(LIST).content.decode()
    assert "Tổ chăn nuôi bò Hà Thượng" in text and "12/QĐ-UBND" in text
    client.force_login(village_head_b)
    assert "Tổ chăn nuôi bò Hà Thượng" not in client.get(LIST).content.decode()


def test_adding_a_household_then_letting_it_leave(client, village_head, group, household):
    client.force_login(village_head)
    r = client.post(detail(group), {"household": household.pk, "joined_on": "2024-03-05"})
    assert r.status_code == 302
    membership = GroupMembership.objects.get()
    url = reverse("households:group_member_leave", args=[group.pk, membership.pk])
    r = client.post(url, {"left_on": "2024-01-01"})
    membership.refresh_from_db()
    assert membership.left_on is None  # before joining: refused
    r = client.post(url, {"left_on": "2025-06-30"})
    membership.refresh_from_db()
    assert membership.left_on == dt.date(2025, 6, 30)
    history = [
        e.action for e in client.get(reverse("households:detail", args=[household.pk])).context["history"]
    ]
    assert history[:2] == ["Rời tổ cộng đồng", "Vào tổ cộng đồng"]


def test_a_household_in_another_active_group_gets_a_vietnamese_message(officer, group, household):
    services.add_group_member(group, household, by=officer, joined_on=dt.date(2024, 3, 1))
    second = services.create_group(household.village, by=officer, name="Tổ thứ hai")
    with pytest.raises(ValidationError) as error:
        services.add_group_member(second, household, by=officer, joined_on=dt.date(2024, 4, 1))
    assert "đang là thành viên Tổ chăn nuôi bò Hà Thượng" in str(error.value)
    assert GroupMembership.objects.count() == 1


def test_the_add_form_offers_only_free_households_of_the_village(
    client, officer, group, household, make_household, village_b
):
    make_household(head_name="Hộ Thôn Khác", village=village_b)
    client.force_login(officer)
    choices = [str(h) for h in client.get(detail(group)).context["form"].fields["household"].queryset]
    assert choices == [str(household)]
    r = client.post(detail(group), {"household": household.pk, "joined_on": "2024-03-05"})
    assert r.status_code == 302
    assert client.get(detail(group)).context["form"].fields["household"].queryset.count() == 0


def test_htmx_add_with_errors_returns_the_members_partial(client, officer, group):
    client.force_login(officer)
    r = client.post(detail(group), {"household": "", "joined_on": ""}, headers={"HX-Request": "true"})
    text = r.content.decode()
    assert r.status_code == 200 and "<html" not in text and 'id="group-members"' in text


def test_edit_sets_the_head_household(client, officer, group, household):
    client.force_login(officer)
    r = client.post(
        reverse("households:group_edit", args=[group.pk]),
        {
            "name": group.name,
            "head": household.pk,
            "head_name": "",
            "decision_number": "12/QĐ-UBND",
            "decision_date": "2024-03-01",
        },
    )
    assert r.status_code == 302
    group.refresh_from_db()
    assert (group.head, group.head_name) == (household, "Nguyễn Thị Hương")


@pytest.mark.parametrize("person", ["bcd_member", "supervisor", "upper_viewer"], indirect=True)
def test_read_only_roles_read_but_get_403_on_changes(client, person, group, household):
    client.force_login(person)
    assert client.get(detail(group)).status_code == 200
    assert client.get(CREATE).status_code == 403
    assert (
        client.post(detail(group), {"household": household.pk, "joined_on": "2024-03-05"}).status_code == 403
    )
    assert client.get(reverse("households:group_edit", args=[group.pk])).status_code == 403
    assert not GroupMembership.objects.exists()


def test_other_commune_gets_404(client, other_officer, group):
    client.force_login(other_officer)
    assert client.get(detail(group)).status_code == 404
    assert client.get(reverse("households:group_edit", args=[group.pk])).status_code == 404


@pytest.mark.parametrize("groups", [1, 12])
def test_group_list_costs_the_same_for_few_or_many(
    client, officer, village_a, make_household, groups, django_assert_max_num_queries
):
    for i in range(groups):
        group = services.create_group(village_a, by=officer, name=f"Tổ {i}")
        services.add_group_member(group, make_household(), by=officer, joined_on=dt.date(2024, 1, 1))
    client.force_login(officer)
    with django_assert_max_num_queries(5):
        r = client.get(LIST)
    assert len(r.context["groups"]) == groups


def test_letting_a_household_leave_is_403_for_read_only_and_404_outside(
    client, supervisor, other_officer, officer, group, household
):
    membership = services.add_group_member(group, household, by=officer, joined_on=dt.date(2024, 3, 1))
    url = reverse("households:group_member_leave", args=[group.pk, membership.pk])
    client.force_login(supervisor)
    assert client.post(url, {"left_on": "2025-01-01"}).status_code == 403
    client.force_login(other_officer)
    assert client.post(url, {"left_on": "2025-01-01"}).status_code == 404
    membership.refresh_from_db()
    assert membership.left_on is None
