"""Every audit entry lands in the trail of the commune its object belongs to."""

from __future__ import annotations

import datetime as dt

from giamngheo import audit
from households.models import CommunityGroup, GroupMembership


def test_entries_about_rows_of_a_household_belong_to_its_commune(officer, household, commune):
    member = household.members.get()
    assert audit.record(officer, member, "household.member_updated").commune == commune


def test_entries_about_a_village_object_belong_to_its_commune(officer, village_a, commune):
    group = CommunityGroup.objects.create(village=village_a, name="Tổ chăn nuôi bò")
    assert audit.record(officer, group, "group.created").commune == commune


def test_entries_two_steps_away_follow_the_household(officer, household, village_a, commune):
    group = CommunityGroup.objects.create(village=village_a, name="Tổ chăn nuôi bò")
    membership = GroupMembership.objects.create(
        group=group, household=household, joined_on=dt.date(2026, 3, 1)
    )
    assert audit.record(officer, membership, "household.joined_group").commune == commune


def test_an_entry_can_name_its_commune_outright(officer, other_commune):
    assert (
        audit.record(officer, officer, "account.password_reset", in_commune=other_commune).commune
        == other_commune
    )


def test_a_plain_object_without_a_place_has_no_commune(officer):
    assert audit.record(officer, officer, "account.password_reset").commune is None
