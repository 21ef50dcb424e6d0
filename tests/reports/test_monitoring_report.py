"""Monitoring report (Mẫu số 01): draft → issued through the register, frozen, corrected,
sent upward; its deadline in working days; the work list."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from giamngheo.documents.models import IssuedDocument
from reports.definitions import PROGRAM_2021, PROGRAM_2026
from reports.models import MonitoringReport, PublicHoliday, add_working_days
from tests.reports.conftest import C, M, pay

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def sheet_values(data: bytes) -> list:
    workbook = load_workbook(io.BytesIO(data))
    return [[cell.value for cell in row] for ws in workbook for row in ws.iter_rows()]


def create(client, kind="ad_hoc", start=None, end=None):
    today = timezone.localdate()
    start = start or dt.date(today.year, 1, 1)
    end = end or today
    return client.post(
        reverse("reports:monitoring_create"),
        {
            "kind": kind,
            "program_code": PROGRAM_2026,
            "period_start": f"{start:%d/%m/%Y}",
            "period_end": f"{end:%d/%m/%Y}",
        },
    )


TEXTS = {
    "direction": "UBND xã ban hành kế hoạch thực hiện Chương trình năm 2026.",
    "funding_text": "Giải ngân đạt khá.",
    "results": "Hai dự án chăn nuôi đang triển khai.",
    "policies": "Cấp thẻ BHYT cho 100% hộ nghèo.",
    "difficulties": "Giá bò giống tăng.",
    "causes": "Dịch bệnh ở tỉnh bạn.",
    "recommendations": "Đề nghị cấp trên bổ sung vốn.",
}


@pytest.mark.django_db
def test_deadline_is_15_working_days_after_the_period():
    # 30/06/2026 is a Tuesday: 1–3, 6–10, 13–17, 20–21 July are the 15 working days.
    assert add_working_days(dt.date(2026, 6, 30), 15) == dt.date(2026, 7, 21)


@pytest.mark.django_db
def test_deadline_skips_public_holidays():
    PublicHoliday.objects.get_or_create(date=dt.date(2026, 9, 2), defaults={"name": "Quốc khánh"})
    assert add_working_days(dt.date(2026, 8, 31), 15) == dt.date(2026, 9, 22)  # 21/09 without 2/9


def test_officer_writes_issues_and_the_report_stays_frozen(client, world, officer, definitions):
    client.force_login(officer)
    response = create(client)
    report = MonitoringReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert client.post(report.get_absolute_url(), TEXTS).status_code == 302
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Giá bò giống tăng." in page and "130,000" in page  # the live Biểu 02 below the text

    draft = client.get(reverse("reports:monitoring_preview", args=[report.pk]))
    assert "DỰ THẢO" in pdf_text(draft.content)

    today = timezone.localdate()
    response = client.post(
        reverse("reports:monitoring_issue", args=[report.pk]), {"issued_on": f"{today:%d/%m/%Y}"}
    )
    assert response.status_code == 302
    doc = IssuedDocument.objects.get(kind__code="bao_cao")
    assert doc.number == "1/BC-UBND" and doc.snapshot["sections"][4]["text"] == "Giá bò giống tăng."
    issued = client.get(reverse("documents:file", args=[doc.pk])).content
    text = pdf_text(issued)
    for expected in (
        "BÁO CÁO",
        "Số: 1/BC-UBND",
        "Đề nghị cấp trên bổ sung vốn.",
        "Biểu số 02",
        "130,000",
        "Tổng cộng",
    ):
        assert expected in text, expected
    reader = PdfReader(io.BytesIO(issued))
    assert reader.pages[0].mediabox.width < reader.pages[0].mediabox.height  # the text: portrait
    assert reader.pages[-1].mediabox.width > reader.pages[-1].mediabox.height  # the tables: landscape
    workbook = client.get(reverse("reports:monitoring_xlsx", args=[report.pk])).content

    # Later data changes: more money paid, the text cannot be edited any more.
    pay(world["p2"], officer, C.CENTRAL, 10 * M)
    client.post(report.get_absolute_url(), TEXTS | {"difficulties": "Sửa sau khi ban hành"})
    report.refresh_from_db()
    assert report.difficulties == "Giá bò giống tăng."
    assert client.get(reverse("documents:file", args=[doc.pk])).content == issued
    again = client.get(reverse("reports:monitoring_xlsx", args=[report.pk])).content
    assert sheet_values(again) == sheet_values(workbook)  # (the bytes carry the time of writing)
    ws = load_workbook(io.BytesIO(workbook))["Biểu số 02"]
    assert ws["B8"].value == "Tổng cộng"
    row = next(r for r in range(8, ws.max_row + 1) if ws.cell(r, 1).value == "1.1")
    assert float(ws.cell(row, 10).value) == 45.0  # NSTW paid when issued, not the 55 paid since
    live = client.get(reverse("reports:table", args=["bieu-02"])).content.decode()
    assert "65,000" in live  # the live table moved on; the issued report did not
    assert "65,000" not in client.get(report.get_absolute_url()).content.decode()


def test_a_second_issue_is_refused_and_a_correction_replaces(client, world, officer, definitions):
    client.force_login(officer)
    create(client)
    report = MonitoringReport.objects.get()
    today = f"{timezone.localdate():%d/%m/%Y}"
    client.post(reverse("reports:monitoring_issue", args=[report.pk]), {"issued_on": today})
    pay(world["p2"], officer, C.CENTRAL, 10 * M)
    page = client.post(
        reverse("reports:monitoring_issue", args=[report.pk]), {"issued_on": today}, follow=True
    )
    assert "đã được ban hành" in page.content.decode()
    assert IssuedDocument.objects.count() == 1
    client.post(reverse("reports:monitoring_replace", args=[report.pk]), {"issued_on": today, "reason": ""})
    assert IssuedDocument.objects.count() == 1  # a correction needs its reason
    client.post(
        reverse("reports:monitoring_replace", args=[report.pk]),
        {"issued_on": today, "reason": "Bổ sung giải ngân"},
    )
    old, new = IssuedDocument.objects.order_by("pk")
    assert new.replaces == old and new.number == "2/BC-UBND"
    assert "65,000" in pdf_text(client.get(reverse("documents:file", args=[new.pk])).content)
    assert "thay thế báo cáo số 1/BC-UBND" in pdf_text(
        client.get(reverse("documents:file", args=[new.pk])).content
    )


def test_submission_upward_is_recorded(client, world, officer, definitions):
    client.force_login(officer)
    create(client)
    report = MonitoringReport.objects.get()
    today = timezone.localdate()
    form = {
        "submitted_on": f"{today:%d/%m/%Y}",
        "channel": "system",
        "submitted_to": "Sở Nông nghiệp và Môi trường",
    }
    client.post(reverse("reports:monitoring_submit", args=[report.pk]), form)
    report.refresh_from_db()
    assert report.submitted_on is None  # only an issued report is sent
    client.post(reverse("reports:monitoring_issue", args=[report.pk]), {"issued_on": f"{today:%d/%m/%Y}"})
    bad = client.post(
        reverse("reports:monitoring_submit", args=[report.pk]),
        form | {"submitted_on": f"{today + dt.timedelta(days=3):%d/%m/%Y}"},
        follow=True,
    )
    assert "Ngày gửi không được ở tương lai." in bad.content.decode()
    client.post(reverse("reports:monitoring_submit", args=[report.pk]), form)
    report.refresh_from_db()
    assert (report.submitted_on, report.submission_channel) == (today, "system")


def test_bad_period_is_refused_with_a_message(client, officer, definitions):
    client.force_login(officer)
    page = create(client, start=dt.date(2026, 6, 30), end=dt.date(2026, 1, 1)).content.decode()
    assert "Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu." in page
    assert not MonitoringReport.objects.exists()
    page = client.post(
        reverse("reports:monitoring_create"), {"kind": "annual", "period_start": "31/02/2026"}
    ).content
    assert "dd/mm/yyyy" in page.decode()


def test_roles(client, world, officer, bcd_member, village_head, upper_viewer, other_officer, definitions):
    client.force_login(officer)
    create(client)
    report = MonitoringReport.objects.get()
    today = f"{timezone.localdate():%d/%m/%Y}"
    client.force_login(village_head)
    assert client.get(reverse("reports:monitoring_create")).status_code == 403
    assert client.get(report.get_absolute_url()).status_code == 403
    client.force_login(bcd_member)
    assert client.get(report.get_absolute_url()).status_code == 200
    assert (
        client.post(reverse("reports:monitoring_issue", args=[report.pk]), {"issued_on": today}).status_code
        == 403
    )
    assert client.post(report.get_absolute_url(), TEXTS).status_code == 403
    client.force_login(upper_viewer)
    assert client.get(report.get_absolute_url()).status_code == 200
    assert client.get(reverse("reports:monitoring_xlsx", args=[report.pk])).status_code == 200
    client.force_login(other_officer)
    assert client.get(report.get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("reports:monitoring_issue", args=[report.pk]), {"issued_on": today}).status_code
        == 404
    )
    assert not IssuedDocument.objects.exists()


@pytest.fixture
def half_year_report(officer, commune, definitions):
    from reports import services

    return services.create_report(
        commune,
        by=officer,
        kind="six_month",
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2026, 12, 31),
        program_code=PROGRAM_2021,
    )


def test_work_list_warns_as_the_deadline_nears(client, officer, half_year_report, time_machine):
    assert half_year_report.deadline == dt.date(2027, 1, 22)  # 1/1 is a holiday
    time_machine.move_to(dt.datetime(2027, 1, 5, 9, 0, tzinfo=VN))
    client.force_login(officer)
    assert "sắp đến hạn gửi" not in client.get(reverse("home")).content.decode()
    time_machine.move_to(dt.datetime(2027, 1, 15, 9, 0, tzinfo=VN))
    client.force_login(officer)  # (sessions end after a while without a request)
    assert "Báo cáo giám sát sắp đến hạn gửi" in client.get(reverse("home")).content.decode()
    time_machine.move_to(dt.datetime(2027, 1, 25, 9, 0, tzinfo=VN))
    client.force_login(officer)
    assert "Báo cáo giám sát quá hạn gửi cấp trên" in client.get(reverse("home")).content.decode()


def test_work_list_asks_for_a_missing_half_year_report(client, officer, definitions, time_machine):
    time_machine.move_to(dt.datetime(2026, 7, 10, 9, 0, tzinfo=VN))
    client.force_login(officer)
    page = client.get(reverse("home")).content.decode()
    assert "Chưa lập báo cáo giám sát 6 tháng (hạn 21/07/2026)" in page


@pytest.mark.parametrize("reports", [1, 8])
def test_work_list_costs_the_same_for_1_or_8_reports(
    client, officer, commune, definitions, reports, django_assert_max_num_queries
):
    from reports import services

    for n in range(reports):
        services.create_report(
            commune,
            by=officer,
            kind="ad_hoc",
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 11, 1 + n),
            program_code=PROGRAM_2021,
        )
    client.force_login(officer)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("home")).content.decode()
    assert "Báo cáo giám sát quá hạn gửi cấp trên" in page
