"""On a 360-px phone the officer opens the reports, writes a 6-month monitoring report, issues it,
and downloads the issued PDF and the Excel of its tables."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader


@pytest.fixture
def seeded(transactional_db):
    from django.apps import apps

    from projects import seed as project_seed
    from reports.definitions import seed

    # The flush between transactional tests removes the migrations' rows: programs, report
    # definitions and the "bao_cao" document kind come back here.
    project_seed.seed_all()
    seed(apps)


@pytest.mark.django_db(transaction=True)
def test_officer_issues_a_six_month_report_on_a_phone(page, live_server, login, officer, seeded):
    year = timezone.localdate().year
    login("canbo")
    page.get_by_role("link", name="Báo cáo", exact=True).first.click()
    page.get_by_role("link", name="Lập báo cáo giám sát").click()
    page.get_by_label("Loại báo cáo").select_option(label="6 tháng")
    page.get_by_label("Kỳ báo cáo từ ngày").fill(f"{year}-01-01")
    page.get_by_label("đến ngày").fill(f"{year}-06-30")
    page.get_by_role("button", name="Tạo báo cáo").click()
    page.wait_for_load_state()
    assert "Báo cáo giám sát 6 tháng đầu năm" in page.content()

    page.get_by_label("V. Tồn tại, hạn chế, khó khăn, vướng mắc").fill("Giá bò giống tăng cao.")
    page.get_by_label("VI. Kiến nghị, đề xuất").fill("Đề nghị bổ sung vốn sự nghiệp.")
    page.get_by_role("button", name="Lưu nội dung").click()
    page.wait_for_load_state()
    assert "Đã lưu nội dung báo cáo." in page.content()

    page.get_by_role("button", name="Ban hành báo cáo").click()
    page.wait_for_load_state()
    assert "Đã ban hành báo cáo số 1/BC-UBND." in page.content()
    # The wide Biểu 02 scrolls inside its frame; the page itself fits the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Tải PDF").click()
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Tải Excel").click()
    pdf = Path(pdf_download.value.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Số: 1/BC-UBND" in text and "Giá bò giống tăng cao." in text and "Biểu số 02" in text
    workbook = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
    assert "Biểu số 02" in workbook.sheetnames
    assert workbook["Biểu số 02"]["B8"].value == "Tổng cộng"
