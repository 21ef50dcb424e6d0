"""Signing in: lockout after repeated wrong passwords, unlock by commune staff, strong
passwords, and sign-out after inactivity."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from giamngheo.models import AuditEntry
from tests.conftest import PASSWORD

LOGIN = reverse("login")
OFFICE = "203.0.113.7"  # one public address shared by a whole commune office


def attempt(client, username, password, ip=OFFICE):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def lock_out(client, username, ip=OFFICE):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, username, "sai-mat-khau", ip)


def test_after_five_wrong_passwords_even_the_right_one_is_refused_with_a_time_to_retry(client, village_head):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "truongthon.a", "sai-mat-khau").status_code == 200
    r = attempt(client, "truongthon.a", "sai-mat-khau")
    assert r.status_code == 429
    r = attempt(client, "truongthon.a", PASSWORD)
    assert r.status_code == 429
    body = r.content.decode()
    retry = timezone.localtime(timezone.now() + settings.AXES_COOLOFF_TIME)
    assert "Tài khoản tạm bị khóa vì nhập sai mật khẩu 5 lần liên tiếp" in body
    assert f"thử lại sau {retry:%H:%M}" in body
    assert 'value="truongthon.a"' in body
    assert "_auth_user_id" not in client.session


def test_the_lockout_holds_one_person_at_one_address_not_the_whole_office(client, village_head, officer):
    lock_out(client, "truongthon.a")
    # a colleague in the same office signs in normally
    assert attempt(client, "canbo", PASSWORD).status_code == 302
    client.logout()
    # the same person from their phone's network too
    assert attempt(client, "truongthon.a", PASSWORD, ip="198.51.100.20").status_code == 302


def test_a_successful_login_starts_the_count_again(client, village_head):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "truongthon.a", "sai-mat-khau")
    assert attempt(client, "truongthon.a", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "truongthon.a", "sai-mat-khau")
    assert attempt(client, "truongthon.a", PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, village_head):
    lock_out(client, "truongthon.a")
    later = timezone.now() + settings.AXES_COOLOFF_TIME + dt.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        assert attempt(client, "truongthon.a", PASSWORD).status_code == 302


@pytest.mark.parametrize("person", ["officer", "leader"], indirect=True)
def test_commune_staff_see_a_locked_account_and_let_it_sign_in_again(client, person, village_head):
    lock_out(client, "truongthon.a")
    client.force_login(person)
    body = client.get(reverse("account_list")).content.decode()
    assert "Tạm khóa do nhập sai mật khẩu" in body
    unlock = reverse("account_unlock_login", args=[village_head.pk])
    assert unlock in body
    r = client.post(unlock)
    assert r.status_code == 302
    entry = AuditEntry.objects.get(action="account.login_unlocked")
    assert entry.actor == person and entry.target_id == str(village_head.pk)
    assert entry.commune == village_head.role_assignments.get().commune
    assert "Tạm khóa do nhập sai mật khẩu" not in client.get(reverse("account_list")).content.decode()
    client.logout()
    assert attempt(client, "truongthon.a", PASSWORD).status_code == 302


def test_an_account_that_is_not_locked_shows_no_unlock_button(client, officer, village_head):
    client.force_login(officer)
    body = client.get(reverse("account_list")).content.decode()
    assert reverse("account_unlock_login", args=[village_head.pk]) not in body


@pytest.mark.parametrize(
    "person", ["village_head_b", "bcd_member", "supervisor", "upper_viewer"], indirect=True
)
def test_other_roles_may_not_unlock(client, person, village_head):
    lock_out(client, "truongthon.a")
    client.force_login(person)
    assert client.post(reverse("account_unlock_login", args=[village_head.pk])).status_code == 403
    assert not AuditEntry.objects.filter(action="account.login_unlocked").exists()
    client.logout()
    assert attempt(client, "truongthon.a", PASSWORD).status_code == 429


def test_staff_of_another_commune_cannot_unlock_ours(client, other_officer, village_head):
    lock_out(client, "truongthon.a")
    client.force_login(other_officer)
    assert client.post(reverse("account_unlock_login", args=[village_head.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="account.login_unlocked").exists()


def test_unlocking_needs_a_post(client, officer, village_head):
    client.force_login(officer)
    assert client.get(reverse("account_unlock_login", args=[village_head.pk])).status_code == 405


def test_the_account_list_costs_the_same_with_locked_accounts(
    client, officer, village_head, village_head_b, bcd_member, django_assert_max_num_queries
):
    client.force_login(officer)
    client.get(reverse("account_list"))
    lock_out(client, "truongthon.a")
    lock_out(client, "truongthon.b")
    with django_assert_max_num_queries(8):
        assert client.get(reverse("account_list")).status_code == 200


# ---- passwords ------------------------------------------------------------------------------


def new_account(password):
    return {
        "full_name": "Lò Thị Mai",
        "username": "truongthon.moi",
        "role": "commune_officer",
        "password1": password,
        "password2": password,
    }


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ngan-2026", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        ("password123", "Mật khẩu này quá phổ biến."),
        ("20262027202820", "Mật khẩu này hoàn toàn là số."),
        ("truongthon.moi1", "Mật khẩu quá giống với"),
    ],
)
def test_a_weak_password_is_refused_in_vietnamese(client, officer, password, message):
    from giamngheo.models import User

    client.force_login(officer)
    r = client.post(reverse("account_create"), new_account(password))
    assert r.status_code == 200
    assert message in r.content.decode()
    assert not User.objects.filter(username="truongthon.moi").exists()


def test_a_reset_password_may_not_resemble_the_persons_name(client, officer, village_head):
    client.force_login(officer)
    r = client.post(
        reverse("account_reset_password", args=[village_head.pk]),
        {"password1": "phanvanloi", "password2": "phanvanloi"},
    )
    assert "Mật khẩu quá giống với" in r.content.decode()
    village_head.refresh_from_db()
    assert village_head.check_password(PASSWORD)


def test_the_demo_password_still_works_for_seeded_accounts(client, db):
    from django.core.management import call_command

    from giamngheo.management.commands.seed_demo import DEMO_PASSWORD

    call_command("load_places", verbosity=0)
    call_command("seed_demo", verbosity=0)
    assert attempt(client, "canbo.xa", DEMO_PASSWORD).status_code == 302


# ---- sessions -------------------------------------------------------------------------------


def test_a_session_ends_after_half_an_hour_without_activity(client, officer):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(officer)
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=settings.SESSION_IDLE_MINUTES + 1), tick=False):
        r = client.get(reverse("home"))
        assert r.status_code == 302 and r.url.startswith(LOGIN)


def test_a_user_who_keeps_working_stays_signed_in(client, officer):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(officer)
    for step in range(1, 5):  # a page every 20 minutes for 80 minutes
        with time_machine.travel(start + dt.timedelta(minutes=20 * step), tick=False):
            assert client.get(reverse("home")).status_code == 200


def test_production_cookies_are_secure_and_short_lived():
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60 <= 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.X_FRAME_OPTIONS == "DENY" and settings.SECURE_REFERRER_POLICY == "same-origin"


def test_the_login_page_sends_the_security_headers(client):
    r = client.get(LOGIN)
    assert r["X-Frame-Options"] == "DENY"
    assert r["Referrer-Policy"] == "same-origin"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self' 'nonce-" in r["Content-Security-Policy"]


def test_the_deploy_check_refuses_the_development_secret_key(settings):
    from giamngheo.checks import secret_key_is_set

    settings.SECRET_KEY = settings.DEV_SECRET_KEY
    assert [e.id for e in secret_key_is_set(None)] == ["giamngheo.E001"]
    settings.SECRET_KEY = "a-real-production-secret-" + "x" * 40
    assert secret_key_is_set(None) == []


def test_a_failed_attempt_keeps_no_password(client, village_head):
    from axes.models import AccessAttempt

    attempt(client, "truongthon.a", "mat-khau-go-nham-123")
    stored = AccessAttempt.objects.get(username="truongthon.a", ip_address=OFFICE)
    assert "mat-khau-go-nham-123" not in stored.post_data


def test_behind_our_proxy_the_address_is_the_last_forwarded_hop(rf):
    from giamngheo.auth import client_ip_behind_proxy

    forged = rf.post(LOGIN, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7", REMOTE_ADDR="127.0.0.1")
    assert client_ip_behind_proxy(forged) == "203.0.113.7"
    assert client_ip_behind_proxy(rf.post(LOGIN, REMOTE_ADDR="198.51.100.4")) == "198.51.100.4"
