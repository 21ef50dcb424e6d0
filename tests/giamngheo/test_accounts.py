"""Commune staff manage their commune's accounts without the Django admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from giamngheo.models import AuditEntry, Role, User
from tests.conftest import PASSWORD

NEW_PASSWORD = "Bo-Cai-Sinh-San-2026"


def new_head(place, **overrides):
    return {
        "full_name": "  Lò Thị   Mai ",
        "username": "truongthon.moi",
        "phone": "0905 123 456",
        "position": "Trưởng thôn",
        "role": Role.VILLAGE_HEAD,
        "village": place.pk if place else "",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    } | overrides


@pytest.mark.parametrize("person", ["officer", "leader"], indirect=True)
def test_commune_staff_create_a_village_head_who_can_then_log_in(client, person, village_b):
    client.force_login(person)
    r = client.post(reverse("account_create"), new_head(village_b))
    assert r.status_code == 302
    created = User.objects.get(username="truongthon.moi")
    assert created.full_name == "Lò Thị Mai"
    assignment = created.role_assignments.get()
    assert (assignment.role, assignment.village, assignment.commune) == (
        Role.VILLAGE_HEAD,
        village_b,
        village_b.commune,
    )
    entry = AuditEntry.objects.get(action="account.created", target_id=str(created.pk))
    assert entry.actor == person and entry.commune == village_b.commune
    client.logout()
    assert client.login(username="truongthon.moi", password=NEW_PASSWORD)


def test_a_village_head_account_needs_a_village(client, officer):
    client.force_login(officer)
    r = client.post(reverse("account_create"), new_head(None, village=""))
    assert r.status_code == 200
    assert "Trưởng thôn phải gắn với một thôn/tổ." in r.content.decode()
    assert not User.objects.filter(username="truongthon.moi").exists()


def test_a_rejected_form_keeps_what_was_typed_and_explains_in_vietnamese(client, officer, village_a):
    client.force_login(officer)
    r = client.post(
        reverse("account_create"), new_head(village_a, password2="khac-hoan-toan-2026", username="Tên Có Dấu")
    )
    body = r.content.decode()
    assert "Hai mật khẩu không khớp nhau." in body
    assert "Tên đăng nhập chỉ gồm chữ thường không dấu" in body
    assert "Lò Thị   Mai" in body  # what the officer typed is still there
    assert User.objects.filter(full_name__contains="Mai").count() == 0


def test_htmx_form_errors_come_back_as_the_form_fragment(client, officer, village_a):
    client.force_login(officer)
    r = client.post(
        reverse("account_create"), new_head(village_a, village=""), headers={"HX-Request": "true"}
    )
    body = r.content.decode()
    assert r.status_code == 200 and "<html" not in body
    assert 'id="account-form"' in body


def test_htmx_success_redirects_the_client(client, officer, village_a):
    client.force_login(officer)
    r = client.post(reverse("account_create"), new_head(village_a), headers={"HX-Request": "true"})
    assert r.headers["HX-Redirect"] == reverse("account_list")


def test_usernames_are_unique_whatever_the_case(client, officer, village_a, village_head):
    client.force_login(officer)
    r = client.post(reverse("account_create"), new_head(village_a, username="truongthon.a"))
    assert "Tên đăng nhập này đã có người dùng." in r.content.decode()


def test_staff_cannot_create_a_village_head_for_another_communes_village(client, officer, other_village):
    client.force_login(officer)
    r = client.post(reverse("account_create"), new_head(other_village))
    assert r.status_code == 200
    assert not User.objects.filter(username="truongthon.moi").exists()


@pytest.mark.parametrize(
    "person", ["bcd_member", "supervisor", "village_head", "upper_viewer"], indirect=True
)
def test_other_roles_may_not_manage_accounts(client, person, village_a):
    client.force_login(person)
    assert client.get(reverse("account_list")).status_code == 403
    assert client.post(reverse("account_create"), new_head(village_a)).status_code == 403
    assert not User.objects.filter(username="truongthon.moi").exists()


def test_the_account_list_shows_only_our_communes_people(client, officer, village_head, other_officer):
    client.force_login(officer)
    body = client.get(reverse("account_list")).content.decode()
    assert "Phan Văn Lợi" in body
    assert "Ngô Văn Hậu" not in body


def test_staff_reset_a_village_heads_password(client, officer, village_head):
    client.force_login(officer)
    url = reverse("account_reset_password", args=[village_head.pk])
    r = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert r.status_code == 302
    village_head.refresh_from_db()
    assert village_head.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="account.password_reset", actor=officer).exists()


def test_resetting_with_a_weak_password_changes_nothing(client, officer, village_head):
    client.force_login(officer)
    url = reverse("account_reset_password", args=[village_head.pk])
    r = client.post(url, {"password1": "123", "password2": "123"})
    assert r.status_code == 200
    village_head.refresh_from_db()
    assert village_head.check_password(PASSWORD)


def test_staff_cannot_reset_the_password_of_another_communes_officer(client, officer, other_officer):
    client.force_login(officer)
    url = reverse("account_reset_password", args=[other_officer.pk])
    assert client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 404
    other_officer.refresh_from_db()
    assert other_officer.check_password(PASSWORD)


def test_a_locked_account_can_no_longer_log_in(client, officer, village_head):
    client.force_login(officer)
    client.post(reverse("account_toggle_active", args=[village_head.pk]))
    village_head.refresh_from_db()
    assert not village_head.is_active
    client.logout()
    assert not client.login(username="truongthon.a", password=PASSWORD)


def test_a_user_changes_their_own_password(client, village_head):
    client.force_login(village_head)
    r = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert r.status_code == 302
    village_head.refresh_from_db()
    assert village_head.check_password(NEW_PASSWORD)
