"""Personal data leaves the app only on purpose, and every time it does the trail says so."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from giamngheo.models import AuditEntry
from households import selectors
from reports.models import ExportJob
from tests.households.exporting import exported, request_export

PUBLIC = reverse("households:public_list")
EXPORTED = "personal_data.exported"


def id_cells(data: bytes) -> list[str]:
    sheet = load_workbook(BytesIO(data), read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    column = [key for key, _h in selectors.export_columns()].index("id_number")
    return [row[column] for row in rows[1:]]


def detail(household) -> str:
    return reverse("households:detail", args=[household.pk])


@pytest.mark.parametrize("person", ["officer", "leader", "village_head", "admin_user"], indirect=True)
def test_the_export_masks_id_numbers_unless_asked_by_a_role_that_may(client, person, household):
    number = household.members.get().id_number
    client.force_login(person)
    assert id_cells(exported(client)) == ["•" * 9 + number[-3:]]
    assert id_cells(exported(client, cccd=True)) == [number]
    entries = list(AuditEntry.objects.filter(action=EXPORTED).order_by("pk"))
    assert [e.data["id_numbers"] for e in entries] == [False, True]
    assert all(
        e.actor == person and e.data["rows"] == 1 and e.data["what"] == "households.xlsx" for e in entries
    )


@pytest.mark.parametrize("person", ["bcd_member", "supervisor", "upper_viewer"], indirect=True)
def test_roles_without_the_permission_cannot_export_full_id_numbers(client, person, household):
    client.force_login(person)
    assert request_export(client, cccd=True).status_code == 403
    assert not AuditEntry.objects.filter(action=EXPORTED).exists()
    assert not ExportJob.objects.exists()
    assert "Xuất Excel kèm số CCCD" not in client.get(reverse("households:list")).content.decode()


def test_the_export_log_says_which_filter_and_how_many_rows(
    client, officer, make_household, village_a, village_b
):
    make_household(village=village_a)
    make_household(village=village_a)
    make_household(village=village_b)
    client.force_login(officer)
    exported(client, {"village": village_a.pk})
    entry = AuditEntry.objects.get(action=EXPORTED)
    assert entry.data["rows"] == 2
    assert entry.data["filters"] == {"village": "Thôn Hà Thượng"}
    assert entry.commune == village_a.commune and entry.target_repr == "Thôn Hà Thượng"


def test_an_unfiltered_export_is_logged_in_the_users_commune(client, officer, household, commune):
    client.force_login(officer)
    exported(client)
    assert AuditEntry.objects.get(action=EXPORTED).commune == commune


@pytest.mark.parametrize("person", ["officer", "village_head"], indirect=True)
def test_showing_the_full_id_number_on_a_household_page_is_logged(client, person, household):
    client.force_login(person)
    page = client.get(detail(household)).content.decode()
    assert "?cccd=1" in page
    assert not AuditEntry.objects.filter(action="personal_data.id_number_viewed").exists()
    client.get(detail(household) + "?cccd=1")
    entry = AuditEntry.objects.get(action="personal_data.id_number_viewed")
    assert entry.actor == person and entry.target_id == str(household.pk)


@pytest.mark.parametrize("person", ["bcd_member", "supervisor", "upper_viewer"], indirect=True)
def test_read_only_roles_are_refused_the_full_id_number(client, person, household):
    client.force_login(person)
    assert "?cccd=1" not in client.get(detail(household)).content.decode()
    assert client.get(detail(household) + "?cccd=1").status_code == 403
    assert not AuditEntry.objects.filter(action="personal_data.id_number_viewed").exists()


def test_printing_the_public_list_is_logged(client, village_head, make_household, village_a):
    make_household(village=village_a)
    client.force_login(village_head)
    client.get(PUBLIC, {"village": village_a.pk, "year": 2025, "preview": "1"})
    entry = AuditEntry.objects.get(action=EXPORTED)
    assert entry.data == {
        "what": "public_list.html",
        "rows": 1,
        "filters": {"year": 2025},
        "id_numbers": False,
    }
    assert entry.commune == village_a.commune


def test_the_leader_filters_the_trail_on_exports(client, officer, leader, household):
    client.force_login(officer)
    exported(client, cccd=True)
    client.post(reverse("village_list"), {"name": "Thôn Mới", "kind": "thon"})
    client.force_login(leader)
    body = client.get(reverse("audit_list"), {"kind": "personal_data"}).content.decode()
    assert "Xuất/in dữ liệu cá nhân" in body and "Thêm thôn/tổ" not in body
    assert "Thêm thôn/tổ" in client.get(reverse("audit_list")).content.decode()


def test_staff_of_another_commune_do_not_see_our_exports(client, officer, other_officer, household):
    from giamngheo import services
    from giamngheo.models import Role

    client.force_login(officer)
    exported(client)
    leader_elsewhere = services.create_account(
        by=None,
        username="chutich.phuho",
        full_name="Chủ tịch Phú Hồ",
        password="x" * 12,
        role=Role.COMMUNE_LEADER,
        commune=other_officer.role_assignments.get().commune,
    )
    client.force_login(leader_elsewhere)
    assert (
        "Xuất/in dữ liệu cá nhân"
        not in client.get(reverse("audit_list"), {"kind": "personal_data"}).content.decode()
    )
