"""Every demo account logs in on a phone and lands on its own work list."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from giamngheo.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERS
from giamngheo.models import Role

# What each role must see on its home page: its role and its place.
EXPECTED_PLACE = {
    Role.ADMIN: None,
    Role.UPPER_VIEWER: "Thành phố Huế",
    Role.VILLAGE_HEAD: "Thôn Hà",
}


@pytest.mark.django_db(transaction=True)
def test_each_demo_role_logs_in_on_a_phone_and_sees_its_work_list(page, live_server, login, guide_shot):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for username, _name, role, _village in DEMO_USERS:
        page.context.clear_cookies()
        login(username, DEMO_PASSWORD)
        heading = page.get_by_role("heading", level=1)
        assert heading.inner_text() == "Việc cần làm"
        roles = page.locator("ul.roles").inner_text()
        assert str(Role(role).label) in roles
        place = EXPECTED_PLACE.get(role, "Xã Phú Vinh")
        if place:
            assert place in roles
        # Nothing overflows the 360-px screen sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        guide_shot(f"trang-chu-{username.replace('.', '-')}", full_page=True)


@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_is_answered_in_vietnamese(page, live_server, officer):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill("khong-dung")
    page.get_by_role("button", name="Đăng nhập").click()
    assert "mật khẩu" in page.locator(".errors").inner_text().lower()
    assert page.get_by_label("Tên đăng nhập").input_value() == "canbo"
