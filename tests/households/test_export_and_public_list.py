"""The Excel export of the filtered list and the printable public list (danh sách công khai)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from households import selectors, services
from households.models import Category
from reports.models import ExportJob
from tests.households.exporting import exported, job_of, request_export

PUBLIC = reverse("households:public_list")
QUERIES = 20


def sheet_rows(data: bytes) -> list[list]:
    sheet = load_workbook(BytesIO(data), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_export_writes_the_import_templates_columns_for_the_filtered_list(
    client, officer, household, make_household, village_b
):
    make_household(head_name="Hộ Thôn Khác", village=village_b)
    client.force_login(officer)
    rows = sheet_rows(exported(client, {"q": "huong"}, cccd=True))
    headers = [key for key, _header in selectors.export_columns()]
    assert len(rows[0]) == len(headers)
    assert len(rows) == 2
    row = dict(zip(headers, rows[1], strict=True))
    assert row["head_name"] == "Nguyễn Thị Hương"
    assert row["code"] == household.code
    assert row["id_number"] == household.members.get().id_number
    assert row["category"] == "Hộ nghèo"
    assert row["decision_date"] == "20/12/2025"


@pytest.mark.parametrize("person", ["bcd_member", "supervisor", "upper_viewer"], indirect=True)
def test_export_masks_the_cccd_for_roles_that_do_not_need_it(client, person, household):
    number = household.members.get().id_number
    client.force_login(person)
    headers = [key for key, _header in selectors.export_columns()]
    row = dict(zip(headers, sheet_rows(exported(client))[1], strict=True))
    assert row["id_number"] == "•" * 9 + number[-3:]


def test_export_header_row_is_frozen(client, officer, household):
    client.force_login(officer)
    sheet = load_workbook(BytesIO(exported(client))).active
    assert sheet.freeze_panes == "A2"


def test_export_stays_inside_the_users_scope(client, other_officer, household):
    client.force_login(other_officer)
    assert len(sheet_rows(exported(client))) == 1  # the header only


@pytest.mark.parametrize("rows", [2, 40])
def test_export_costs_the_same_for_few_or_many(
    client, officer, make_household, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        make_household()
    client.force_login(officer)
    # the request and the job it runs: queue, count, rows in chunks, progress, file, log
    with django_assert_max_num_queries(QUERIES):
        job = job_of(request_export(client))
    assert (job.done_steps, job.total_steps, job.percent) == (rows, rows, 100)


def test_export_runs_as_a_background_job_with_progress(client, officer, household):
    client.force_login(officer)
    r = request_export(client, {"q": "huong"})
    job = job_of(r)
    assert job.kind == "households" and job.task_id and job.requested_by == officer
    assert job.params == {"query": "q=huong", "cccd": False}
    page = client.get(r["Location"]).content.decode()
    assert "Danh sách hộ gia đình (Excel)" in page and 'value="100"' in page
    assert reverse("reports:export_download", args=[job.pk]) in page
    assert job.filename.startswith("danh-sach-ho-") and job.filename.endswith(".xlsx")


def test_the_list_offers_the_export_as_a_form_with_its_filters(client, officer, household):
    client.force_login(officer)
    text = client.get(reverse("households:list"), {"q": "huong", "after": "x"}).content.decode()
    assert 'method="post" action="/ho/xuat-excel/?q=huong"' in text
    assert "after=" not in text.split('action="/ho/xuat-excel/')[1].split('"')[0]


def test_export_is_a_post_a_link_cannot_start_one(client, officer, household):
    client.force_login(officer)
    assert client.get(reverse("households:export")).status_code == 405
    assert not ExportJob.objects.exists()


def test_a_village_head_exports_only_their_village(
    client, village_head, household, make_household, village_b
):
    make_household(head_name="Hộ Thôn Khác", village=village_b)
    client.force_login(village_head)
    for query in (None, {"village": village_b.pk}):
        rows = sheet_rows(exported(client, query))
        assert [row[1] for row in rows[1:]] == ["Nguyễn Thị Hương"]


def test_another_user_cannot_download_someone_elses_export(client, officer, leader, household):
    client.force_login(officer)
    job = job_of(request_export(client, cccd=True))
    client.force_login(leader)
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404
    assert client.get(job.get_absolute_url()).status_code == 404


def public_context(village, year=2025) -> dict:
    """The draft's context as the register builds it from the notice's snapshot."""
    from giamngheo.documents import register
    from households import public_notice

    return register._draft_context(
        kind=public_notice.KIND,
        target=village,
        template=public_notice.TEMPLATE,
        snapshot=public_notice.snapshot(village, year),
        summary=public_notice.summary(village, year),
        recipients=public_notice.recipients(village),
        issued_on=dt.date(2026, 1, 5),
    )[1]


def test_public_list_html_has_the_official_frame_and_no_id_numbers(officer, village_a, make_household):
    poor = make_household(head_name="Nguyễn Thị Hương")
    make_household(head_name="Trần Văn Cận", category=Category.NEAR_POOR)
    make_household(head_name="Hộ Khá Giả", category=Category.OTHER)
    html = render_to_string("reports/pdf/public_list.html", public_context(village_a))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html
    assert "Độc lập - Tự do - Hạnh phúc" in html
    assert "/TB-UBND" in html
    assert "Phú Vinh, ngày 05 tháng 01 năm 2026" in html
    assert "ỦY BAN NHÂN DÂN<br>XÃ PHÚ VINH" in html
    assert "Nguyễn Thị Hương" in html and "Trần Văn Cận" in html
    assert "Hộ Khá Giả" not in html
    assert poor.members.get().id_number not in html
    # one signer (the UBND's), and the village head among the recipients who post it
    assert "Trưởng thôn Hà Thượng (niêm yết)" in html and "TM. ỦY BAN NHÂN DÂN" in html
    assert html.count('class="position"') == 1


def test_a_section_title_never_ends_a_page_without_its_table(village_a):
    """However long the first section, the next section's title moves with its table."""
    from giamngheo.documents.pdf import render_pdf

    def rows(n):
        return [{"name": f"Nguyễn Văn Số {i}"} for i in range(n)]

    for poor in range(20, 23):  # one of these lengths puts the second title at the foot of page 1
        context = public_context(village_a)
        context["snap"] = context["snap"] | {
            "sections": [
                {"label": "Hộ nghèo", "rows": rows(poor)},
                {"label": "Hộ cận nghèo", "rows": rows(3)},
            ]
        }
        pages = PdfReader(BytesIO(render_pdf("reports/pdf/public_list.html", context))).pages
        for page in pages:
            lines = [line for line in page.extract_text().splitlines() if line.strip()]
            assert "Hộ cận nghèo (3 hộ)" not in lines[-1], (poor, lines[-3:])


def test_public_list_view_returns_a_pdf_with_the_motto_in_vietnamese(client, village_head, household):
    client.force_login(village_head)
    r = client.get(PUBLIC, {"village": household.village_id, "year": 2025})
    assert r["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(r.content)).pages)
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Nguyễn Thị Hương" in text
    assert household.members.get().id_number not in text


def test_public_list_preview_and_form(client, officer, household):
    client.force_login(officer)
    assert "Thôn/tổ" in client.get(PUBLIC).content.decode()
    r = client.get(PUBLIC, {"village": household.village_id, "year": 2025, "preview": "1"})
    assert "Nguyễn Thị Hương" in r.content.decode()


def test_public_list_of_a_village_out_of_scope_is_refused(client, village_head_b, other_officer, household):
    for person in (village_head_b, other_officer):
        client.force_login(person)
        r = client.get(PUBLIC, {"village": household.village_id, "year": 2025})
        assert r["Content-Type"].startswith("text/html")
        assert "Hãy chọn thôn/tổ và năm rà soát hợp lệ" in r.content.decode()


def test_moved_households_are_not_posted(officer, village_a, household):
    services.set_status(household, by=officer, status="moved", on=dt.date(2025, 6, 1))
    assert selectors.public_list(village_a, 2025)["total"] == 0


def test_an_export_re_imports_unchanged(client, officer, village_a, village_b):
    from households.importing.engine import ImportOptions, build_preview

    household = services.create_household(
        by=officer,
        village=village_a,
        code="PV-01",
        address="12 đường Hà Thượng",
        phone="0905123456",
        is_ethnic_minority=True,
        is_merit_family=True,
        poverty_cause="Thiếu vốn sản xuất",
        members=[
            {
                "full_name": "Lê Thị Mơ",
                "relationship": "head",
                "birth_date": dt.date(1980, 3, 5),
                "sex": "female",
                "id_number": "046180001234",
                "id_kind": "cccd",
            },
            {"full_name": "Hồ Văn Tèo", "relationship": "child", "birth_year": 2008},
        ],
    )
    services.record_classification(
        household,
        by=officer,
        year=2025,
        category="poor",
        income_per_capita=1_200_000,
        b1_score=118,
        deprivations=["1", "4"],
        decision_number="215/QĐ-UBND",
        decision_date=dt.date(2025, 12, 20),
    )
    services.create_household(
        by=officer,
        village=village_b,
        code="PV-02",
        members=[{"full_name": "Trần Văn Bình", "relationship": "head", "birth_year": 1960, "sex": "male"}],
    )
    client.force_login(officer)
    data = exported(client)
    preview = build_preview(
        data, ImportOptions(commune=village_a.commune, user=officer, file_name="xuat.xlsx")
    )
    assert [p.message for p in preview.errors] == []
    assert preview.counts == {"create": 0, "update": 0, "unchanged": 2}
