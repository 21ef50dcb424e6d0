"""A village head adds a household with two members on a 360-px phone and finds it in the list."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from households.models import Household


@pytest.mark.django_db(transaction=True)
def test_village_head_adds_a_household_with_two_members_on_a_phone(
    page, live_server, login, guide_shot, village_head, make_household
):
    make_household(head_name="Trần Văn Bình")
    make_household(head_name="Đặng Thị Đào")
    login("truongthon.a")
    page.get_by_role("link", name="Hộ gia đình").first.click()
    page.wait_for_url(f"{live_server.url}/ho/")
    guide_shot("truong-thon-danh-sach-ho", full_page=True)

    page.get_by_role("link", name="Thêm hộ").click()
    page.wait_for_url(f"{live_server.url}/ho/them/")
    page.get_by_label("Địa chỉ").fill("25 đường Hà Thượng")
    page.locator("#id_phone").fill("0905 123 456")
    page.locator("#id_members-0-full_name").fill("Lê Thị Mơ")
    page.locator("#id_members-0-birth").fill("12/08/1982")
    page.locator("#id_members-0-sex").select_option("female")
    page.locator("#id_members-0-id_number").fill("046182003456")
    page.locator("#id_members-1-full_name").fill("Hồ Văn Tèo")
    page.locator("#id_members-1-relationship").select_option("child")
    page.locator("#id_members-1-birth").fill("2009")
    page.locator("#id_members-1-sex").select_option("male")
    guide_shot("truong-thon-them-ho", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("button", name="Lưu hộ").click()
    household = Household.objects.get(head_name="Lê Thị Mơ")
    page.wait_for_url(f"{live_server.url}{household.get_absolute_url()}")
    assert "Đã thêm hộ Lê Thị Mơ" in page.locator("#messages").inner_text()
    assert "Hồ Văn Tèo" in page.locator("main").inner_text()
    guide_shot("truong-thon-ho-chi-tiet", full_page=True)

    page.get_by_role("link", name="Danh sách hộ").click()
    page.locator("#id_q").fill("le thi mo")
    results = page.locator("#household-results")
    expect(results).not_to_contain_text("Trần Văn Bình")  # htmx swapped the results in
    expect(results.get_by_role("link", name="Lê Thị Mơ")).to_be_visible()
    assert "q=le%20thi%20mo" in page.url  # the address can be shared or reloaded
    guide_shot("truong-thon-tim-ho")
    assert household.members.count() == 2
