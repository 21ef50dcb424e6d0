"""Editing a household and its members in one page; changing the head and the status."""

from __future__ import annotations

import pytest
from django.urls import reverse

from giamngheo.models import AuditEntry
from households import services
from households.models import Household, Member


def edit_url(household) -> str:
    return reverse("households:edit", args=[household.pk])


def edit_post(household, rows: list[dict], extra_blank: int = 2, **fields) -> dict:
    data = {
        "village": household.village_id,
        "code": household.code,
        "address": household.address,
        "area": household.area,
        "ethnicity": household.ethnicity,
        "phone": household.phone,
        "poverty_cause": household.poverty_cause,
        "notes": household.notes,
        "members-TOTAL_FORMS": str(len(rows) + extra_blank),
        "members-INITIAL_FORMS": str(len(rows)),
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "30",
    } | fields
    for i, row in enumerate(rows + [{}] * extra_blank):
        base = {
            "member": "",
            "full_name": "",
            "relationship": "",
            "birth": "",
            "sex": "",
            "id_number": "",
            "ethnicity": "",
            "working_capacity": "yes",
        }
        for k, v in (base | row).items():
            data[f"members-{i}-{k}"] = v
    return data


def row_of(member: Member, **changes) -> dict:
    return {
        "member": member.pk,
        "full_name": member.full_name,
        "relationship": member.relationship,
        "birth": str(member.birth_year or ""),
        "sex": member.sex,
        "id_number": member.id_number,
        "ethnicity": member.ethnicity,
        "working_capacity": member.working_capacity,
    } | changes


def test_it_saves_household_facts_and_member_changes_with_history(client, village_head, household):
    head = household.members.get()
    client.force_login(village_head)
    rows = [
        row_of(head, birth="1976", sex="female"),
        {"full_name": "Trần Văn Út", "relationship": "child", "birth": "2010"},
    ]
    r = client.post(edit_url(household), edit_post(household, rows, address="Xóm Bàu"))
    assert r.status_code == 302
    household.refresh_from_db()
    assert household.address == "Xóm Bàu"
    assert household.is_female_headed
    assert sorted(household.members.values_list("full_name", flat=True)) == [
        "Nguyễn Thị Hương",
        "Trần Văn Út",
    ]
    assert "tran van ut" in household.search_key
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"household.updated", "household.member_updated", "household.member_added"} <= actions


def test_the_head_row_cannot_be_turned_into_something_else(client, officer, household):
    head = household.members.get()
    client.force_login(officer)
    r = client.post(edit_url(household), edit_post(household, [row_of(head, relationship="child")]))
    assert r.status_code == 302  # the relationship field is locked: the posted value is ignored
    assert household.members.get().relationship == "head"


def test_deleting_a_member_takes_them_off_but_not_the_head(client, officer, household):
    child = services.add_member(household, by=officer, full_name="Trần Văn Út", relationship="child")
    head = household.members.get(relationship="head")
    client.force_login(officer)
    r = client.post(edit_url(household), edit_post(household, [row_of(head, DELETE="on"), row_of(child)]))
    assert "Không xóa được chủ hộ" in r.content.decode()
    assert household.members.count() == 2
    r = client.post(edit_url(household), edit_post(household, [row_of(head), row_of(child, DELETE="on")]))
    assert r.status_code == 302
    assert list(household.members.values_list("full_name", flat=True)) == ["Nguyễn Thị Hương"]
    assert AuditEntry.objects.filter(action="household.member_removed", data__member="Trần Văn Út").exists()


def test_a_cccd_of_another_household_is_refused_and_nothing_changes(
    client, officer, household, make_household
):
    other = make_household(head_name="Lê Văn Khác")
    head = household.members.get()
    client.force_login(officer)
    rows = [row_of(head, id_number=other.members.get().id_number)]
    r = client.post(edit_url(household), edit_post(household, rows, address="Địa chỉ mới"))
    assert "đã có trong sổ hộ của xã" in r.content.decode()
    household.refresh_from_db()
    assert household.address == ""


def test_a_member_id_from_another_household_is_refused(client, officer, household, make_household):
    other_head = make_household(head_name="Lê Văn Khác").members.get()
    head = household.members.get()
    client.force_login(officer)
    rows = [row_of(head), row_of(other_head, full_name="Bị Sửa Trộm", relationship="child")]
    r = client.post(edit_url(household), edit_post(household, rows))
    assert r.status_code == 200
    assert "Thành viên không thuộc hộ này" in r.content.decode()
    assert Member.objects.get(pk=other_head.pk).full_name == "Lê Văn Khác"


@pytest.mark.parametrize("person", ["bcd_member", "supervisor", "upper_viewer"], indirect=True)
def test_read_only_roles_get_403(client, person, household):
    client.force_login(person)
    assert client.get(edit_url(household)).status_code == 403
    assert client.post(edit_url(household), {}).status_code == 403


def test_other_village_head_and_other_commune_get_404(client, village_head_b, other_officer, household):
    for person in (village_head_b, other_officer):
        client.force_login(person)
        assert client.get(edit_url(household)).status_code == 404


def test_make_head_moves_the_relationships_and_the_household_name(client, village_head, household):
    wife = services.add_member(
        household, by=village_head, full_name="Phạm Văn Chồng", relationship="spouse", sex="male"
    )
    client.force_login(village_head)
    url = reverse("households:make_head", args=[household.pk, wife.pk])
    assert client.get(url).status_code == 200
    r = client.post(url, {"previous_head_relationship": "spouse"})
    assert r.status_code == 302
    household.refresh_from_db()
    assert household.head_name == "Phạm Văn Chồng"
    assert not household.is_female_headed
    roles = dict(household.members.values_list("full_name", "relationship"))
    assert roles == {"Phạm Văn Chồng": "head", "Nguyễn Thị Hương": "spouse"}
    entry = AuditEntry.objects.get(action="household.head_changed")
    assert entry.data["changes"]["head_name"] == ["Nguyễn Thị Hương", "Phạm Văn Chồng"]
    assert "pham van chong" in household.search_key


def test_make_head_refuses_a_bad_choice(client, officer, household):
    son = services.add_member(household, by=officer, full_name="Con Trai", relationship="child")
    client.force_login(officer)
    r = client.post(
        reverse("households:make_head", args=[household.pk, son.pk]), {"previous_head_relationship": "head"}
    )
    assert r.status_code == 200
    assert household.members.get(relationship="head").full_name == "Nguyễn Thị Hương"


def test_status_change_needs_a_date_and_is_recorded(client, officer, household):
    client.force_login(officer)
    url = reverse("households:status", args=[household.pk])
    r = client.post(url, {"status": "moved", "on": ""})
    assert "Hãy nhập ngày chuyển đi" in r.content.decode()
    assert Household.objects.get().status == "active"
    r = client.post(url, {"status": "moved", "on": "2026-03-15", "note": "Chuyển vào Bình Dương"})
    assert r.status_code == 302
    household.refresh_from_db()
    assert (household.status, household.status_date.isoformat()) == ("moved", "2026-03-15")
    entry = AuditEntry.objects.get(action="household.status_changed")
    assert entry.data["note"] == "Chuyển vào Bình Dương"


def test_status_page_is_403_for_read_only_and_404_outside(client, supervisor, other_officer, household):
    url = reverse("households:status", args=[household.pk])
    client.force_login(supervisor)
    assert client.post(url, {"status": "moved", "on": "2026-03-15"}).status_code == 403
    client.force_login(other_officer)
    assert client.post(url, {"status": "moved", "on": "2026-03-15"}).status_code == 404
    assert Household.objects.get().status == "active"


def test_make_head_is_403_for_read_only_and_404_outside(
    client, bcd_member, village_head_b, officer, household
):
    son = services.add_member(household, by=officer, full_name="Con Trai", relationship="child")
    url = reverse("households:make_head", args=[household.pk, son.pk])
    client.force_login(bcd_member)
    assert client.post(url, {"previous_head_relationship": "parent"}).status_code == 403
    client.force_login(village_head_b)
    assert client.post(url, {"previous_head_relationship": "parent"}).status_code == 404
    assert household.members.get(relationship="head").full_name == "Nguyễn Thị Hương"
