"""Commune approval under Decree 358/2025 on a 360-px phone: the officer publishes the call for
proposals and sets up the evaluation council, the village head sends the dossier, the council's
conclusion is recorded (its minutes issued), the results are posted, and the commune leader
issues the approval decision, which downloads as a numbered PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from households.models import Household
from projects import services
from projects.models import Component, FundingSource, Project

MOTTO = "Độc lập - Tự do - Hạnh phúc"


@pytest.fixture
def commune_rules(transactional_db):
    from projects import seed

    seed.seed_all()  # the flush between transactional tests removes the migration's rows


def switch_user(page, login, username):
    page.context.clear_cookies()
    return login(username)


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def click_and_wait(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def pdf_text(page, url) -> str:
    response = page.request.get(url)
    assert response.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    return " ".join(text.split())  # lines wrap where the page is full


def draft_with_households(officer, village_head, village_a, village_b, make_household, commune) -> Project:
    """A published round and a complete draft of village A (the proposal path is covered elsewhere)."""
    today = timezone.localdate()
    round_ = services.create_round(
        commune,
        by=officer,
        villages=[village_a, village_b],
        envelopes={FundingSource.CENTRAL: 300_000_000},
        name="Đợt 2 năm 2026 – dự án cộng đồng",
        component=Component.objects.get(code="ND-SX.CD"),
        year=today.year,
        deadline=today + dt.timedelta(days=20),
    )
    round_ = services.publish_round(round_, by=officer)
    project = services.create_project(
        round_,
        by=village_head,
        village=village_a,
        name="Nuôi dê sinh sản thôn Hà Thượng",
        model="Nuôi dê sinh sản",
        place="Thôn Hà Thượng",
        duration_months=24,
        meeting_date=today,
        meeting_attendees=30,
        meeting_agree_share=90,
    )
    for item in (
        {
            "name": "Dê cái sinh sản",
            "unit": "con",
            "quantity_per_household": 2,
            "unit_price": 4_000_000,
            "source": "central",
        },
        {
            "name": "Chuồng, cỏ",
            "unit": "hộ",
            "quantity_per_household": 1,
            "unit_price": 2_000_000,
            "source": "counterpart",
        },
    ):
        services.add_item(project, by=village_head, version=None, **item)
    for name in ("Hồ Thị Lan", "Lê Văn Sáu", "Nguyễn Thị Hoa"):
        participant = services.add_participant(
            project, make_household(head_name=name), by=village_head, version=None
        )
        services.update_participant(participant, by=village_head, version=None, commitment_signed_on=today)
    assert Household.objects.count() == 3
    return Project.objects.get(pk=project.pk)


@pytest.mark.django_db(transaction=True)
def test_commune_route_from_call_to_approval_decision_on_a_phone(
    page,
    live_server,
    login,
    commune_rules,
    commune,
    officer,
    leader,
    village_head,
    village_a,
    village_b,
    make_household,
):
    today = timezone.localdate()
    project = draft_with_households(officer, village_head, village_a, village_b, make_household, commune)
    assert project.route == "commune"
    round_url = f"{live_server.url}{project.round.get_absolute_url()}"
    project_url = f"{live_server.url}{project.get_absolute_url()}"

    # The UBND xã publishes the support plan and the call for proposals, and sets up the council.
    login("canbo")
    page.goto(round_url)
    page.get_by_role("link", name="Thông báo kêu gọi đề xuất").click()
    click_and_wait(page, "Ban hành thông báo")
    expect(page.locator("#messages")).to_contain_text("Đã ban hành thông báo kêu gọi đề xuất.")
    call_href = page.locator("#round-call a").get_attribute("href")
    assert "kế hoạch hỗ trợ" in pdf_text(page, live_server.url + call_href)
    page.get_by_role("link", name="Thành lập hội đồng thẩm định").click()
    page.get_by_label("Quyết định thành lập").fill("Quyết định số 88/QĐ-UBND")
    page.get_by_label("Chủ tịch hội đồng").fill("Trần Văn Thành")
    page.get_by_label("Thư ký").fill("Nguyễn Thị Thu Hà")
    page.get_by_label("Thành viên").fill(
        "Trần Văn Thành – Chủ tịch\nLê Thị Mỹ Lệ – Phó Chủ tịch\nHoàng Văn Phước – MTTQ"
    )
    click_and_wait(page, "Lưu hội đồng")
    expect(page.locator("#round-council")).to_contain_text("Lê Thị Mỹ Lệ – Phó Chủ tịch")
    assert fits_the_phone(page)

    # The village's community group sends its dossier.
    switch_user(page, login, "truongthon.a")
    page.goto(project_url)
    expect(page.locator("#project-route")).to_contain_text("Nghị định 358/2025")
    click_and_wait(page, "Gửi xã")
    expect(page.locator("#project-status")).to_have_text("Chờ xã kiểm tra hồ sơ")

    # The officer puts it before the council and records its conclusion.
    switch_user(page, login, "canbo")
    page.goto(project_url)
    click_and_wait(page, "Chuyển hội đồng thẩm định")
    expect(page.locator("#project-status")).to_have_text("Chờ hội đồng thẩm định")
    page.get_by_role("link", name="Ghi kết quả thẩm định").click()
    page.get_by_label("Điểm đánh giá (0–100, nếu chấm điểm)").fill("86")
    page.get_by_label("Ý kiến của các thành viên").fill("Phương án khả thi; tập huấn trước khi bàn giao.")
    page.get_by_label("Đạt", exact=True).check()
    assert fits_the_phone(page)
    click_and_wait(page, "Lưu và ban hành biên bản")
    expect(page.locator("#project-status")).to_have_text("Hội đồng đánh giá đạt, công khai kết quả")
    minutes_href = page.locator("#council-reviews a").first.get_attribute("href")
    minutes = pdf_text(page, live_server.url + minutes_href)
    assert "HỘI ĐỒNG THẨM ĐỊNH" in minutes and "86/100" in minutes and MOTTO in minutes
    expect(page.locator("#results-problem")).to_contain_text("Chưa công khai kết quả thẩm định.")

    # The results are posted publicly for complaints.
    page.get_by_role("link", name="Ghi niêm yết").click()
    page.get_by_label("Niêm yết từ ngày").fill((today - dt.timedelta(days=8)).isoformat())
    page.get_by_label("Đến ngày").fill(today.isoformat())
    expect(page.get_by_role("heading", level=1)).to_contain_text("kết quả thẩm định")
    click_and_wait(page, "Lưu biên bản niêm yết")
    expect(page.locator("#timeline")).to_contain_text("Công khai kết quả thẩm định")

    # The commune leader issues the approval decision.
    switch_user(page, login, "chutich")
    page.get_by_role(
        "link", name="Dự án đạt thẩm định, chờ công khai kết quả và quyết định phê duyệt"
    ).click()
    page.get_by_role("link", name="Nuôi dê sinh sản thôn Hà Thượng").click()
    page.get_by_role("link", name="Quyết định phê duyệt").click()
    expect(page.get_by_label("Được duyệt: Ngân sách trung ương (NSTW) (đ)")).to_have_value("24000000")
    assert fits_the_phone(page)
    click_and_wait(page, "Ban hành quyết định phê duyệt")
    expect(page.locator("#project-status")).to_have_text("Đã phê duyệt")
    decision = pdf_text(page, live_server.url + page.locator("#approval-decision").get_attribute("href"))
    assert "QUYẾT ĐỊNH" in decision and "Nuôi dê sinh sản thôn Hà Thượng" in decision and MOTTO in decision
    assert "1/QĐ-UBND" in decision
    timeline = page.locator("#timeline")
    for step in (
        "Chuyển hội đồng thẩm định",
        "Hội đồng đánh giá đạt",
        "Quyết định phê duyệt dự án",
        "Quyết định số 1/QĐ-UBND",
    ):
        expect(timeline).to_contain_text(step)
    assert fits_the_phone(page)
    project.refresh_from_db()
    assert project.status == Project.Status.APPROVED
    assert dict(project.budget_lines.values_list("source", "approved_amount")) == {
        "central": 24_000_000,
        "counterpart": 6_000_000,
    }
