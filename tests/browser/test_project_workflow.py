"""The whole support-project path on a 360-px phone: the officer opens a round, the village head
proposes with three households, a BCĐ member returns it, the village head fixes and resubmits,
the BCĐ agrees and the officer records the upper level's approval. The timeline tells the story
and every document downloads as a PDF with the national motto intact."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from projects.models import Project, Round

MOTTO = "Độc lập - Tự do - Hạnh phúc"


@pytest.fixture
def rules(transactional_db):
    from projects import seed
    from projects.models import RuleSet

    seed.seed_all()  # the flush between transactional tests removes the migration's rows
    # this path is the upper-level approval: set aside the default commune route from 2026
    RuleSet.objects.filter(province__isnull=True, version=2).update(is_active=False)


def switch_user(page, login, username):
    page.context.clear_cookies()
    return login(username)


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def click_and_wait(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_round_to_approval_on_a_phone(
    page, live_server, login, guide_shot, officer, village_head, bcd_member, rules, make_household
):
    for name in ("Hồ Thị Lan", "Lê Văn Sáu", "Nguyễn Thị Hoa"):
        make_household(head_name=name)
    today = timezone.localdate()

    # Step 1 — the officer opens a round and announces it.
    login("canbo")
    page.get_by_role("link", name="Dự án", exact=True).first.click()
    page.get_by_role("link", name="Đợt triển khai").click()
    page.get_by_role("link", name="Mở đợt mới").click()
    page.get_by_label("Tên đợt").fill("Đợt 1 năm 2026 – hỗ trợ bò giống")
    page.get_by_label("Dự án thành phần").select_option(
        label="ND-SX.CD – Hỗ trợ phát triển sản xuất cộng đồng (dự án do cộng đồng đề xuất)"
    )
    page.get_by_label("Hạn thôn gửi đề xuất").fill((today + dt.timedelta(days=20)).isoformat())
    page.get_by_label("Thôn Hà Thượng").check()
    page.get_by_label("Hoặc nhập kế hoạch mới: số, ký hiệu").fill("45/KH-UBND")
    page.get_by_label("Ngày ban hành kế hoạch").fill("2026-01-10")
    page.get_by_label("Cơ quan ban hành").fill("UBND thành phố Huế")
    page.get_by_label("Trích yếu").fill("Kế hoạch thực hiện Chương trình MTQG giảm nghèo bền vững năm 2026")
    page.get_by_label("Kinh phí: Ngân sách trung ương (NSTW) (đ)").fill("300.000.000")
    page.get_by_label("Ngày BCĐ cho ý kiến chỉ đạo").fill(today.isoformat())
    page.get_by_label("Nội dung chỉ đạo của BCĐ").fill("Ưu tiên hộ nghèo, hộ có phụ nữ làm chủ hộ.")
    guide_shot("du-an-mo-dot", full_page=True)
    assert fits_the_phone(page)
    click_and_wait(page, "Lưu đợt triển khai")
    click_and_wait(page, "Thông báo tới thôn")
    expect(page.locator("#messages")).to_contain_text("Đã thông báo đợt triển khai tới các thôn.")
    round_ = Round.objects.get()

    # Step 2 — the village head sees the round waiting and proposes.
    switch_user(page, login, "truongthon.a")
    expect(page.locator(".worklist")).to_contain_text("Đợt triển khai mới: Đợt 1 năm 2026 – hỗ trợ bò giống")
    page.get_by_role("link", name="Đợt triển khai mới").click()
    page.get_by_role("link", name="Lập đề xuất cho Thôn Hà Thượng").click()
    page.get_by_label("Tên dự án").fill("Nuôi bò cái sinh sản thôn Hà Thượng")
    page.get_by_label("Mô hình").fill("Nuôi bò cái sinh sản")
    page.get_by_label("Thời gian thực hiện (tháng)").fill("24")
    page.get_by_label("Ngày họp cộng đồng").fill(today.isoformat())
    page.get_by_label("Số người dự họp").fill("32")
    page.get_by_label("Tỷ lệ đồng ý (%)").fill("93")
    click_and_wait(page, "Lưu")
    project = Project.objects.get()
    page.get_by_text("Thêm nội dung hỗ trợ", exact=True).click()
    page.locator("#id_name").fill("Bò cái sinh sản")
    page.get_by_label("Đơn vị tính").fill("con")
    page.get_by_label("Số lượng mỗi hộ").fill("1")
    page.get_by_label("Đơn giá (đ)").fill("20.000.000")
    click_and_wait(page, "Thêm nội dung")
    page.get_by_text("Thêm nội dung hỗ trợ", exact=True).click()
    page.locator("#id_name").fill("Chuồng trại, cỏ giống")
    page.get_by_label("Đơn vị tính").fill("hộ")
    page.get_by_label("Số lượng mỗi hộ").fill("1")
    page.get_by_label("Đơn giá (đ)").fill("5.000.000")
    page.get_by_label("Nguồn vốn").select_option("counterpart")
    click_and_wait(page, "Thêm nội dung")

    page.get_by_role("link", name="Chọn hộ tham gia").click()
    expect(page.locator("#candidates")).to_contain_text(
        "Hộ nghèo (rà soát năm 2025): thuộc đối tượng hỗ trợ."
    )
    guide_shot("du-an-chon-ho", full_page=True)
    for name in ("Hồ Thị Lan", "Lê Văn Sáu", "Nguyễn Thị Hoa"):
        page.get_by_role("button", name=f"Thêm hộ {name}").click()
        expect(page.locator("#messages")).to_contain_text(f"Đã thêm hộ {name}.")
    page.get_by_role("link", name="Xong, về trang dự án").click()
    for name in ("Hồ Thị Lan", "Lê Văn Sáu", "Nguyễn Thị Hoa"):
        page.get_by_role("link", name=f"Sửa hộ {name}").click()
        page.get_by_label("Ngày ký cam kết").fill(today.isoformat())
        click_and_wait(page, "Lưu")
    expect(page.locator("#checklist")).to_contain_text("Bản cam kết của từng hộ tham gia")
    guide_shot("du-an-de-xuat", full_page=True)
    assert fits_the_phone(page)
    click_and_wait(page, "Gửi xã")
    expect(page.locator("#project-status")).to_have_text("Chờ xã kiểm tra hồ sơ")

    # Step 3 — the officer posts the list publicly and puts the dossier before the BCĐ.
    switch_user(page, login, "canbo")
    page.get_by_role("link", name="Hồ sơ dự án chờ xã kiểm tra").click()
    page.get_by_role("link", name="Nuôi bò cái sinh sản thôn Hà Thượng").click()
    page.get_by_role("link", name="Ghi niêm yết").click()
    page.get_by_label("Niêm yết từ ngày").fill((today - dt.timedelta(days=8)).isoformat())
    page.get_by_label("Đến ngày").fill(today.isoformat())
    page.get_by_label("Người chứng kiến (mỗi dòng một người)").fill("Nguyễn Văn An – Bí thư chi bộ thôn")
    click_and_wait(page, "Lưu biên bản niêm yết")
    click_and_wait(page, "Trình BCĐ")
    expect(page.locator("#project-status")).to_have_text("Chờ BCĐ xem xét")

    # The BCĐ member returns it with reasons.
    switch_user(page, login, "bcd")
    page.get_by_role("link", name="Dự án chờ BCĐ cho ý kiến").click()
    page.get_by_role("link", name="Nuôi bò cái sinh sản thôn Hà Thượng").click()
    page.get_by_role("link", name="Ghi kết luận BCĐ").click()
    page.get_by_label("Thành viên dự họp (mỗi dòng một người)").fill(
        "Trần Văn Thành – Trưởng ban\nLê Thị Mỹ Lệ\nHoàng Văn Phước"
    )
    page.locator("#id_chair").fill("Trần Văn Thành")
    page.locator("#id_secretary").fill("Nguyễn Thị Thu Hà")
    page.get_by_label("Số phiếu đồng ý").fill("1")
    page.get_by_label("Số phiếu không đồng ý").fill("2")
    page.get_by_label("Trả lại để bổ sung, chỉnh sửa").check()
    page.get_by_label("Ý kiến, lý do").fill("Bổ sung kết quả dự kiến: số bê sinh ra và kế hoạch luân chuyển.")
    guide_shot("du-an-ket-luan-bcd", full_page=True)
    click_and_wait(page, "Lưu kết luận")
    expect(page.locator("#project-status")).to_have_text("Trả lại thôn bổ sung")

    # The village head fixes and resubmits.
    switch_user(page, login, "truongthon.a")
    page.get_by_role("link", name="Hồ sơ dự án bị trả lại, cần bổ sung").click()
    page.get_by_role("link", name="Nuôi bò cái sinh sản thôn Hà Thượng").click()
    expect(page.locator("#timeline")).to_contain_text("Bổ sung kết quả dự kiến")
    page.get_by_role("link", name="Sửa thông tin").click()
    page.get_by_label("Kết quả dự kiến").fill(
        "Sau 18 tháng mỗi hộ có 1 bê; bê cái đầu tiên luân chuyển cho hộ nghèo kế tiếp."
    )
    click_and_wait(page, "Lưu")
    click_and_wait(page, "Gửi xã")

    switch_user(page, login, "canbo")
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    click_and_wait(page, "Trình BCĐ")

    # The BCĐ agrees.
    switch_user(page, login, "bcd")
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    page.get_by_role("link", name="Ghi kết luận BCĐ").click()
    page.get_by_label("Thành viên dự họp (mỗi dòng một người)").fill(
        "Trần Văn Thành – Trưởng ban\nLê Thị Mỹ Lệ\nHoàng Văn Phước"
    )
    page.locator("#id_chair").fill("Trần Văn Thành")
    page.locator("#id_secretary").fill("Nguyễn Thị Thu Hà")
    page.get_by_label("Số phiếu đồng ý").fill("3")
    page.get_by_label("Đồng ý", exact=True).check()
    click_and_wait(page, "Lưu kết luận")
    expect(page.locator("#project-status")).to_have_text("BCĐ đồng ý, chờ trình cấp trên")

    # The officer submits upward and records the approval.
    switch_user(page, login, "canbo")
    page.get_by_role("link", name="Dự án BCĐ đã đồng ý, cần lập tờ trình lên cấp trên").click()
    page.get_by_role("link", name="Nuôi bò cái sinh sản thôn Hà Thượng").click()
    page.get_by_role("link", name="Trình cấp trên").click()
    click_and_wait(page, "Ban hành tờ trình")
    page.get_by_role("link", name="Ghi quyết định cấp trên").click()
    page.get_by_label("Phê duyệt", exact=True).check()
    page.get_by_label("Số quyết định / văn bản").fill("125/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill(today.isoformat())
    page.get_by_label("Cơ quan quyết định").fill("UBND thành phố Huế")
    guide_shot("du-an-quyet-dinh", full_page=True)
    click_and_wait(page, "Lưu quyết định")
    expect(page.locator("#project-status")).to_have_text("Đã phê duyệt")

    timeline = page.locator("#timeline")
    for step in (
        "Thôn lập đề xuất",
        "Gửi xã",
        "Niêm yết công khai",
        "Trình BCĐ",
        "BCĐ trả lại để bổ sung",
        "BCĐ đồng ý",
        "Tờ trình số 1/TTr-UBND",
        "Quyết định số 125/QĐ-UBND",
        "Phan Văn Lợi",
        "Lê Thị Mỹ Lệ",
    ):
        expect(timeline).to_contain_text(step)
    guide_shot("du-an-qua-trinh", full_page=True)
    assert fits_the_phone(page)

    links = page.locator("ul.docs a[href*='/tep/']")
    # the proposal sent twice (the first replaced), the posting minutes, two BCĐ minutes, the tờ trình
    assert links.count() == 6
    for i in range(links.count()):
        response = page.request.get(live_server.url + links.nth(i).get_attribute("href"))
        assert response.headers["content-type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
        assert MOTTO in text
    project.refresh_from_db()
    assert project.status == Project.Status.APPROVED
    assert dict(project.budget_lines.values_list("source", "approved_amount")) == {
        "central": 60_000_000,
        "counterpart": 15_000_000,
    }
    assert round_.projects.count() == 1
