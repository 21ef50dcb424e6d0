"""The home page is each user's work list, scoped to their place."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import ROLE_FIXTURES


@pytest.mark.parametrize("person", ROLE_FIXTURES, indirect=True)
def test_every_role_sees_its_scope_on_the_home_page(client, person):
    client.force_login(person)
    r = client.get(reverse("home"))
    assert r.status_code == 200
    body = r.content.decode()
    assert "Việc cần làm" in body
    role = person.role_assignments.get()
    assert role.get_role_display() in body
    if role.village:
        assert "Hà Thượng" in body
    elif role.commune:
        assert "Xã Phú Vinh" in body
    elif role.province:
        assert "Thành phố Huế" in body


def test_anonymous_visitors_are_sent_to_the_vietnamese_login_page(client, db):
    r = client.get(reverse("home"))
    assert r.status_code == 302
    assert r.url.startswith(reverse("login"))
    page = client.get(r.url).content.decode()
    assert "Đăng nhập" in page and "Tên đăng nhập" in page and "Mật khẩu" in page


def test_officer_is_told_which_villages_have_no_village_head_account(
    client, officer, village_a, village_b, village_head
):
    client.force_login(officer)
    body = client.get(reverse("home")).content.decode()
    assert "Thôn/tổ chưa có tài khoản trưởng thôn" in body
    assert "Thôn Hà Trữ" in body  # Hà Thượng has its head


def test_village_head_is_told_about_households_missing_this_years_review(
    client, village_head, make_household
):
    make_household(year=2025)
    client.force_login(village_head)
    body = client.get(reverse("home")).content.decode()
    assert "Hộ chưa có kết quả rà soát năm" in body


def test_a_steering_committee_member_with_nothing_pending_is_told_so(client, bcd_member):
    client.force_login(bcd_member)
    assert "Không có việc nào đang chờ bạn." in client.get(reverse("home")).content.decode()


def test_login_with_a_wrong_password_answers_in_vietnamese_and_keeps_the_username(client, officer):
    r = client.post(reverse("login"), {"username": "canbo", "password": "sai-mat-khau"})
    assert r.status_code == 200
    body = r.content.decode()
    assert 'value="canbo"' in body
    assert "tên đăng nhập" in body.lower() and "mật khẩu" in body.lower()


def test_a_user_logs_in_and_out(client, officer):
    from tests.conftest import PASSWORD

    r = client.post(reverse("login"), {"username": "canbo", "password": PASSWORD})
    assert r.status_code == 302 and r.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_home_page_costs_a_fixed_number_of_queries(
    client, officer, make_household, django_assert_max_num_queries
):
    for _ in range(30):
        make_household()
    client.force_login(officer)
    # main's 16, +3 for the follow-up work list (inspections assigned, rotations due, draft handovers).
    with django_assert_max_num_queries(19):
        assert client.get(reverse("home")).status_code == 200
