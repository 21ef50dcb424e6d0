"""On a 360-px phone: the officer records an inspection with a photo for a household whose cow
died, opens a recovery of its support, the leader decides it, and the balances show it."""

from __future__ import annotations

import importlib

import pytest
from playwright.sync_api import expect

from inspections.models import Commitment, InspectionPhoto, Recovery
from tests.inspections import conftest as follow_up
from tests.inspections.conftest import jpeg
from tests.projects import conftest as projects_fixtures

component = projects_fixtures.component
make_round = projects_fixtures.make_round
open_round = projects_fixtures.open_round
make_project = projects_fixtures.make_project
post = projects_fixtures.post
project_in = projects_fixtures.project_in
approved = follow_up.approved
supplier = follow_up.supplier
cow = follow_up.cow
make_handover = follow_up.make_handover
handed_over = follow_up.handed_over
commitment = follow_up.commitment


@pytest.fixture
def rules(transactional_db):
    from projects import seed

    seed.seed_all()  # the flush between transactional tests removes the migration's rows
    from projects.models import RuleSet

    # the fixtures' project takes the upper-level approval route: set aside the 2026 commune route
    RuleSet.objects.filter(province__isnull=True, version=2).update(is_active=False)
    from giamngheo.documents.models import DocumentKind

    kinds = importlib.import_module("giamngheo.documents.migrations.0002_kinds_and_sequences")
    for code, name, suffix, title, issuer, recipients, order in kinds.KINDS:
        DocumentKind.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "suffix": suffix,
                "title": title,
                "issuer": issuer,
                "default_recipients": recipients,
                "order": order,
            },
        )
    return RuleSet.objects.get(province__isnull=True, version=1)


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.django_db(transaction=True)
def test_a_dead_cow_inspection_leads_to_a_recovery_decision(
    page, live_server, login, guide_shot, leader, commitment, tmp_path
):
    household = commitment.household
    photo = tmp_path / "bo-chet.jpg"
    photo.write_bytes(jpeg())

    login("canbo")
    page.goto(f"{live_server.url}{commitment.opened_by.get_absolute_url()}")
    expect(page.get_by_text("Bản cho hộ Hộ thử 1 ký riêng (PDF)")).to_be_visible()
    assert fits_the_phone(page)
    guide_shot("ban-giao-bien-ban", full_page=True)
    page.get_by_role("link", name="Kiểm tra", exact=True).first.click()
    expect(page.get_by_role("heading", name="Kiểm tra, giám sát")).to_be_visible()
    assert fits_the_phone(page)
    page.goto(f"{live_server.url}{commitment.inspections.order_by('due_on').first().get_absolute_url()}")
    page.get_by_role("link", name="Ghi kết quả kiểm tra").click()
    page.get_by_label("Bò lai Zebu PV-001").select_option(label="Chết")
    page.get_by_label("Thành viên hộ có mặt").fill("Hộ thử 1")
    page.get_by_label("Ảnh chụp (máy ảnh điện thoại)").set_input_files(str(photo))
    page.get_by_label("Nhận xét, phát hiện").fill("Bò chết do bệnh, hộ không báo thú y.")
    page.get_by_label("Không đạt").check()
    assert fits_the_phone(page)
    guide_shot("kiem-tra-ghi-ket-qua", full_page=True)
    page.get_by_role("button", name="Lưu kết quả kiểm tra").click()
    expect(page.get_by_text("Đã lưu kết quả kiểm tra")).to_be_visible()
    assert InspectionPhoto.objects.count() == 1

    page.get_by_role("link", name="Đề xuất thu hồi hỗ trợ của hộ").click()
    page.get_by_label("Hỗ trợ cần thu hồi").select_option(index=1)
    page.get_by_label("Số lượng hiện vật thu hồi").fill("1")
    page.get_by_label("Lý do").fill("Bò chết do không chăm sóc theo cam kết.")
    page.get_by_role("button", name="Gửi đề xuất").click()
    expect(page.get_by_text("hộ chỉ còn 0 con")).to_be_visible()  # a dead cow cannot be taken back
    page.get_by_label("Số lượng hiện vật thu hồi").fill("")
    page.get_by_label("Số tiền thu hồi (đ)").fill("20.000.000")
    page.get_by_role("button", name="Gửi đề xuất").click()
    expect(page.get_by_text("Đã gửi đề xuất thu hồi")).to_be_visible()
    recovery = Recovery.objects.get()

    page.context.clear_cookies()
    login("chutich")
    expect(page.locator(".worklist")).to_contain_text("Đề xuất thu hồi hỗ trợ của hộ chờ quyết định")
    page.goto(f"{live_server.url}{recovery.get_absolute_url()}")
    page.get_by_label("Thu hồi", exact=True).check()
    page.get_by_label("Ý kiến").fill("Hộ hoàn trả giá trị con giống.")
    guide_shot("thu-hoi-quyet-dinh", full_page=True)
    page.get_by_role("button", name="Ghi quyết định").click()
    expect(page.get_by_text("Đã có quyết định thu hồi")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Quyết định").first.click(modifiers=["Alt"])
    assert download.value.suggested_filename.endswith(".pdf")

    page.goto(f"{live_server.url}{household.get_absolute_url()}")
    expect(page.get_by_text("chết, thất lạc 1")).to_be_visible()
    assert fits_the_phone(page)
    assert Commitment.objects.get(pk=commitment.pk).recoveries.get().status == "decided"
