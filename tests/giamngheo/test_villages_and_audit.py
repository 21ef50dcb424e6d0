"""Villages are created by their commune; every change lands in the commune's audit trail."""

from __future__ import annotations

import pytest
from django.urls import reverse

from giamngheo.models import AuditEntry, Village


def test_officer_adds_a_village_and_it_is_audited(client, officer, commune):
    client.force_login(officer)
    r = client.post(reverse("village_list"), {"name": " Thôn  Diên Đại ", "kind": "thon", "is_active": "on"})
    assert r.status_code == 302
    village = Village.objects.get(commune=commune, name="Thôn Diên Đại")
    entry = AuditEntry.objects.get(action="village.created")
    assert entry.actor == officer and entry.target == village and entry.commune == commune


def test_a_village_name_may_not_repeat_in_the_commune(client, officer, village_a):
    client.force_login(officer)
    r = client.post(reverse("village_list"), {"name": "thôn hà thượng", "kind": "thon"})
    assert "Xã đã có thôn/tổ tên này." in r.content.decode()
    assert Village.objects.filter(commune=village_a.commune).count() == 1


@pytest.mark.parametrize("person", ["village_head", "bcd_member", "supervisor"], indirect=True)
def test_other_roles_read_the_village_list_but_cannot_add(client, person, village_a):
    client.force_login(person)
    r = client.get(reverse("village_list"))
    assert r.status_code == 200 and "Thôn Hà Thượng" in r.content.decode()
    assert "Thêm thôn/tổ" not in r.content.decode()
    assert client.post(reverse("village_list"), {"name": "Thôn Mới", "kind": "thon"}).status_code == 403
    assert not Village.objects.filter(name="Thôn Mới").exists()


def test_renaming_a_village_records_old_and_new_names(client, officer, village_a):
    client.force_login(officer)
    r = client.post(
        reverse("village_edit", args=[village_a.pk]),
        {"name": "Thôn Hà Thượng Đông", "kind": "thon", "is_active": "on"},
    )
    assert r.status_code == 302
    entry = AuditEntry.objects.get(action="village.updated")
    assert entry.data["changes"]["name"] == ["Thôn Hà Thượng", "Thôn Hà Thượng Đông"]


def test_editing_another_communes_village_is_not_found(client, officer, other_village):
    client.force_login(officer)
    assert client.get(reverse("village_edit", args=[other_village.pk])).status_code == 404


def test_officer_sets_the_level_the_commune_reports_to(client, officer, commune):
    client.force_login(officer)
    r = client.post(
        reverse("commune_settings", args=[commune.pk]),
        {
            "reports_to": "district",
            "reports_to_name": "UBND huyện Phú Vang",
            "historical_district": "Huyện Phú Vang",
        },
    )
    assert r.status_code == 302
    commune.refresh_from_db()
    assert commune.reports_to == "district" and commune.reports_to_name == "UBND huyện Phú Vang"
    changes = AuditEntry.objects.get(action="commune.settings_updated").data["changes"]
    assert changes["reports_to"] == ["province", "district"]


def test_other_communes_settings_are_not_found(client, officer, other_commune):
    client.force_login(officer)
    assert client.get(reverse("commune_settings", args=[other_commune.pk])).status_code == 404


def test_the_commune_leader_browses_their_communes_audit_trail_only(
    client, leader, officer, other_officer, village_a, other_village
):
    from giamngheo import services

    services.update_village(village_a, by=officer, name="Thôn Hà Thượng Mới")
    services.update_village(other_village, by=other_officer, name="Thôn Bên Kia Mới")
    client.force_login(leader)
    body = client.get(reverse("audit_list")).content.decode()
    assert "Thôn Hà Thượng Mới" in body and "Nguyễn Thị Thu Hà" in body
    assert "Sửa thôn/tổ" in body  # the action in words, not its code
    assert "Thôn Bên Kia Mới" not in body


def test_the_audit_trail_filters_by_text_and_answers_htmx_with_the_table(
    client, leader, officer, village_a, village_b
):
    from giamngheo import services

    services.update_village(village_a, by=officer, name="Thôn Hà Thượng Mới")
    services.update_village(village_b, by=officer, name="Thôn Hà Trữ Mới")
    client.force_login(leader)
    r = client.get(reverse("audit_list"), {"q": "Trữ"}, headers={"HX-Request": "true"})
    body = r.content.decode()
    assert "<html" not in body and 'id="audit-table"' in body
    assert "Thôn Hà Trữ Mới" in body and "Thôn Hà Thượng Mới" not in body


def test_a_bad_date_in_the_audit_filter_is_answered_not_crashed(client, leader):
    client.force_login(leader)
    r = client.get(reverse("audit_list"), {"date_from": "32/13/2026"})
    assert r.status_code == 200
    assert "Nhập một ngày hợp lệ" in r.content.decode() or "hợp lệ" in r.content.decode()


@pytest.mark.parametrize(
    "person", ["officer", "bcd_member", "supervisor", "village_head", "upper_viewer"], indirect=True
)
def test_only_the_leader_browses_the_audit_trail(client, person):
    client.force_login(person)
    assert client.get(reverse("audit_list")).status_code == 403


@pytest.mark.parametrize("rows", [1, 60])
def test_audit_list_costs_the_same_for_few_or_many_entries(
    client, leader, officer, village_a, rows, django_assert_max_num_queries
):
    from giamngheo import services

    for i in range(rows):
        services.update_village(village_a, by=officer, name=f"Thôn Hà Thượng {i}")
    client.force_login(leader)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("audit_list")).status_code == 200
