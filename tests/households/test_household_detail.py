"""The household page: facts, members (CCCD masked unless needed), timeline, groups, history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from households import services


def detail(household) -> str:
    return reverse("households:detail", args=[household.pk])


def test_it_shows_facts_members_timeline_and_empty_later_sections(client, officer, make_household):
    household = make_household(head_name="Nguyễn Thị Hương", category=None)
    services.record_classification(
        household,
        by=officer,
        year=2025,
        category="poor",
        income_per_capita=1_200_000,
        b1_score=118,
        deprivations=["4", "1"],
        decision_number="215/QĐ-UBND",
        decision_date=dt.date(2025, 12, 20),
    )
    client.force_login(officer)
    text = client.get(detail(household)).content.decode()
    assert "Nguyễn Thị Hương" in text
    assert "Nghị định 07/2021/NĐ-CP" in text
    assert "1.200.000\u00a0đ" in text
    assert "1. Việc làm" in text and "4. Bảo hiểm y tế" in text
    assert "215/QĐ-UBND" in text and "20/12/2025" in text
    for section in ["Hỗ trợ đã nhận", "Cam kết", "Kiểm tra", "Lịch sử thay đổi", "Tổ cộng đồng"]:
        assert section in text


@pytest.mark.parametrize("person", ["officer", "leader", "village_head", "admin_user"], indirect=True)
def test_roles_that_need_the_cccd_see_it_whole_when_they_ask(client, person, household):
    number = household.members.get().id_number
    client.force_login(person)
    page = client.get(detail(household)).content.decode()
    assert number not in page and "•" * 9 + number[-3:] in page
    assert number in client.get(detail(household) + "?cccd=1").content.decode()


@pytest.mark.parametrize("person", ["bcd_member", "supervisor", "upper_viewer"], indirect=True)
def test_read_only_roles_see_the_cccd_masked_and_no_edit_links(client, person, household):
    number = household.members.get().id_number
    client.force_login(person)
    text = client.get(detail(household)).content.decode()
    assert number not in text
    assert "•" * 9 + number[-3:] in text
    assert reverse("households:edit", args=[household.pk]) not in text


def test_other_commune_and_other_village_get_404(client, other_officer, village_head_b, household):
    client.force_login(other_officer)
    assert client.get(detail(household)).status_code == 404
    client.force_login(village_head_b)
    assert client.get(detail(household)).status_code == 404


def test_history_shows_who_changed_which_field_from_what_to_what(client, officer, household):
    services.update_household(household, by=officer, address="Xóm Bàu", phone="0905111222")
    head = household.members.get()
    services.update_member(head, by=officer, birth_year=1976)
    client.force_login(officer)
    history = client.get(detail(household)).context["history"]
    first, second = history[0], history[1]
    assert first.action == "Sửa thành viên" and first.subject == "Nguyễn Thị Hương"
    assert ("năm sinh", "1975", "1976") in first.changes  # a year, not "1.976"
    assert second.who == "Nguyễn Thị Thu Hà"
    assert ("địa chỉ", "—", "Xóm Bàu") in second.changes


def test_group_membership_is_listed(client, officer, household):
    group = services.create_group(household.village, by=officer, name="Tổ chăn nuôi bò")
    services.add_group_member(group, household, by=officer, joined_on=dt.date(2025, 3, 1))
    client.force_login(officer)
    text = client.get(detail(household)).content.decode()
    assert "Tổ chăn nuôi bò" in text and "01/03/2025" in text


def test_the_page_costs_a_fixed_number_of_queries(client, officer, household, django_assert_max_num_queries):
    for i in range(8):
        services.add_member(household, by=officer, full_name=f"Người {i}", relationship="child")
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        assert client.get(detail(household)).status_code == 200


def test_history_shows_the_head_change_with_both_relationships(client, officer, household):
    husband = services.add_member(household, by=officer, full_name="Phạm Văn Chồng", relationship="spouse")
    services.make_head(husband, by=officer, previous_head_relationship="spouse")
    client.force_login(officer)
    entry = client.get(detail(household)).context["history"][0]
    assert entry.action == "Đổi chủ hộ"
    assert ("họ tên chủ hộ", "Nguyễn Thị Hương", "Phạm Văn Chồng") in entry.changes
    assert ("quan hệ của Phạm Văn Chồng", "Vợ/chồng", "Chủ hộ") in entry.changes
    assert ("quan hệ của Nguyễn Thị Hương", "Chủ hộ", "Vợ/chồng") in entry.changes


def test_history_shows_changes_made_by_an_excel_import(client, officer, household):
    from io import BytesIO

    from openpyxl import load_workbook

    from households.importing.engine import ImportOptions, import_file

    client.force_login(officer)
    from tests.households.exporting import exported

    workbook = load_workbook(BytesIO(exported(client)))
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=headers.index("Địa chỉ") + 1, value="Xóm Bàu")
    buffer = BytesIO()
    workbook.save(buffer)
    _preview, result = import_file(
        buffer.getvalue(),
        ImportOptions(commune=household.commune, user=officer, file_name="sua.xlsx"),
        by=officer,
    )
    assert result is not None
    entry = client.get(detail(household)).context["history"][0]
    assert entry.note == "Nhập từ tệp sua.xlsx"
    assert any(label == "địa chỉ" and new == "Xóm Bàu" for label, _old, new in entry.changes)


@pytest.mark.parametrize("others", [10, 1000])
def test_the_page_costs_the_same_however_many_households_the_commune_has(
    client, officer, household, village_a, others, django_assert_max_num_queries
):
    from giamngheo.text import search_key
    from households.models import Household

    Household.objects.bulk_create(
        Household(
            commune=village_a.commune,
            village=village_a,
            code=f"K{i:05d}",
            head_name=f"Hộ số {i}",
            search_key=search_key(f"Hộ số {i}", f"K{i:05d}"),
        )
        for i in range(others)
    )
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        r = client.get(detail(household))
    assert r.status_code == 200 and r.context["household"] == household
