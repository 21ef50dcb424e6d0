"""Registry services: invariants a form cannot see, and the search key kept in sync."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from giamngheo.models import AuditEntry
from households import services, worklist
from households.models import Household, Member


def test_create_household_needs_exactly_one_head(officer, village_a):
    with pytest.raises(ValidationError, match="đúng một người là chủ hộ"):
        services.create_household(
            by=officer, village=village_a, members=[{"full_name": "A", "relationship": "spouse"}]
        )
    assert not Household.objects.exists()


def test_blank_codes_get_the_next_free_code(officer, village_a):
    make = lambda name: services.create_household(  # noqa: E731
        by=officer, village=village_a, members=[{"full_name": name, "relationship": "head"}]
    )
    assert [make("Một").code, make("Hai").code] == ["H00001", "H00002"]


def test_search_key_follows_names_codes_and_cccd(officer, household):
    member = services.add_member(
        household,
        by=officer,
        full_name="Đỗ Thị Én",
        relationship="child",
        id_number="046300000111",
        id_kind="cccd",
    )
    household.refresh_from_db()
    assert "do thi en" in household.search_key and "046300000111" in household.search_key
    services.update_member(member, by=officer, full_name="Đỗ Thị Yến")
    services.update_household(household, by=officer, code="PV-9")
    household.refresh_from_db()
    assert "do thi yen" in household.search_key and "do thi en" not in household.search_key
    assert "pv-9" in household.search_key
    services.remove_member(Member.objects.get(pk=member.pk), by=officer)
    household.refresh_from_db()
    assert "046300000111" not in household.search_key


def test_refresh_search_keys_in_bulk(village_a):
    households = Household.objects.bulk_create(
        Household(commune=village_a.commune, village=village_a, code=f"X{i}", head_name=f"Ông Số {i}")
        for i in range(3)
    )
    Member.objects.bulk_create(
        Member(household=h, full_name=h.head_name, relationship="head", id_number=f"04600000000{i}")
        for i, h in enumerate(households)
    )
    services.refresh_search_keys(Household.objects.all())
    assert sorted(Household.objects.values_list("search_key", flat=True)) == [
        "ong so 0 | x0 | 046000000000",
        "ong so 1 | x1 | 046000000001",
        "ong so 2 | x2 | 046000000002",
    ]


def test_renaming_the_head_renames_the_household_and_is_audited(officer, household):
    head = household.members.get()
    services.update_member(head, by=officer, full_name="Nguyễn Thị Hường")
    household.refresh_from_db()
    assert household.head_name == "Nguyễn Thị Hường"
    entry = AuditEntry.objects.filter(action="household.updated").get()
    assert entry.data["changes"]["head_name"] == ["Nguyễn Thị Hương", "Nguyễn Thị Hường"]


def test_a_new_head_goes_through_make_head(officer, household):
    with pytest.raises(ValidationError):
        services.add_member(household, by=officer, full_name="Người Mới", relationship="head")
    child = services.add_member(household, by=officer, full_name="Con", relationship="child")
    with pytest.raises(ValidationError):
        services.update_member(child, by=officer, relationship="head")
    with pytest.raises(ValidationError):
        services.remove_member(household.members.get(relationship="head"), by=officer)


def test_a_household_moves_only_within_its_commune(officer, household, village_b, other_village):
    services.update_household(household, by=officer, village=village_b)
    assert Household.objects.get().village == village_b
    with pytest.raises(ValidationError):
        services.update_household(household, by=officer, village=other_village)


def test_the_same_cccd_may_exist_in_another_commune(officer, household, other_village):
    number = household.members.get().id_number
    other = services.create_household(
        by=None,
        village=other_village,
        members=[{"full_name": "Khác Xã", "relationship": "head", "id_number": number}],
    )
    assert other.members.get().id_number == number


def test_leaving_a_group_twice_is_refused(officer, household):
    group = services.create_group(household.village, by=officer, name="Tổ A")
    membership = services.add_group_member(group, household, by=officer, joined_on=dt.date(2024, 1, 1))
    services.remove_group_member(membership, by=officer, left_on=dt.date(2024, 6, 1))
    with pytest.raises(ValidationError, match="đã rời tổ"):
        services.remove_group_member(membership, by=officer, left_on=dt.date(2024, 7, 1))
    # Having left, the household may join another group.
    other = services.create_group(household.village, by=officer, name="Tổ B")
    services.add_group_member(other, household, by=officer, joined_on=dt.date(2024, 7, 1))


def test_group_names_are_unique_in_a_village(officer, village_a):
    services.create_group(village_a, by=officer, name="Tổ A")
    with pytest.raises(ValidationError, match="đã có tổ cộng đồng tên này"):
        services.create_group(village_a, by=officer, name="tổ a")


def test_worklist_count_matches_the_list_it_links_to(client, officer, make_household):
    with time_machine.travel(
        dt.datetime(2026, 10, 1, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    ):
        make_household(year=2026)
        make_household(year=2025)
        make_household(year=2025, status=Household.Status.DISSOLVED)
        [item] = worklist.items(officer)
        client.force_login(officer)
        r = client.get(item.url)
    assert item.count == 1
    assert r.context["count"] == 1
    assert item.url == reverse("households:list") + "?missing_year=2026"
