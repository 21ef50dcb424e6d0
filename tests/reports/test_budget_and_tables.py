"""The disbursement report (moved from projects) and the live component tables: screen, Excel, PDF."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from projects.models import Project

S = Project.Status


def test_old_budget_address_redirects_keeping_the_query(client, officer):
    client.force_login(officer)
    response = client.get(reverse("projects:budget_report") + "?end=2026-06-30")
    assert response.status_code == 301
    assert response["Location"] == reverse("reports:budget") + "?end=2026-06-30"


def test_budget_page_counts_only_approved_projects_and_no_counterpart(client, world, officer):
    client.force_login(officer)
    page = client.get(reverse("reports:budget")).content.decode()
    assert "130.000.000" in page  # approved state money of P1 + P2
    assert "55.000.000" in page  # paid: 30 + 10 + 15, not the counterpart's 5
    assert "42,3" in page
    assert "Nuôi gà (thu hồi)" not in page and "Trồng rừng (không duyệt)" not in page
    assert "ND-SX.CD" in page  # the round's component (2026–2035 program)
    assert f'href="{world["p1"].get_absolute_url()}"' in page


def test_budget_report_is_scoped(client, world, other_officer):
    client.force_login(other_officer)
    page = client.get(reverse("reports:budget")).content.decode()
    assert "Chưa có dự án nào được phê duyệt kinh phí." in page
    assert "Nuôi bò" not in page


@pytest.mark.parametrize("rows", [1, 6])
def test_budget_report_costs_the_same_for_1_or_6_projects(
    client, project_in, officer, rows, django_assert_max_num_queries
):
    for i in range(rows):
        project_in(S.APPROVED, name=f"Dự án {i}")
    client.force_login(officer)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("reports:budget")).status_code == 200


def test_bieu_02_excel_looks_like_the_form(client, world, officer):
    client.force_login(officer)
    response = client.get(reverse("reports:table", args=["bieu-02"]) + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "UBND XÃ PHÚ VINH"
    assert ws["W1"].value == "Biểu số 02"  # 23 columns: the form number top right
    assert ws["A2"].value.startswith("KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH")
    assert ws["W4"].value == "Đơn vị tính: triệu đồng"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A2:W2" in merged
    assert "A5:A6" in merged and "B5:B6" in merged  # STT, Nội dung span both header rows
    assert "C5:E5" in merged  # "Kế hoạch vốn giao" over NSTW, NSĐP, Tổng
    assert (ws["C5"].value, ws["C6"].value, ws["E6"].value) == ("Kế hoạch vốn giao", "NSTW", "Tổng")
    assert [ws.cell(7, c).value for c in range(1, 4)] == ["(1)", "(2)", "(3)"]
    assert ws.freeze_panes == "C8"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.print_title_rows == "$5:$7"  # repeated on every printed page
    # Row 8 is the total: formulas over the component rows the recipient can check.
    assert ws["B8"].value == "Tổng cộng"
    assert ws["C8"].value.startswith("=SUM(C") and ws["C8"].number_format == "#,##0.000"
    assert ws["E8"].value == "=SUM(C8,D8)"
    assert ws["M8"].value == '=IF(N(H8)=0,"",ROUND(L8/H8*100,1))' and ws["M8"].number_format == "0.0"
    assert ws["T8"].value == "—"  # inspections: source not available yet
    # The sub-project row holds the figures as numbers.
    values = {ws.cell(r, 1).value: r for r in range(8, ws.max_row + 1)}
    row = values["1.1"]
    assert float(ws.cell(row, 3).value) == 500.0 and float(ws.cell(row, 6).value) == 120.0
    assert ws.cell(row, 14).value == 2 and ws.cell(row, 14).number_format == "#,##0"


def test_bieu_02_totals_in_excel_equal_the_screen(client, world, officer):
    """Evaluate the SUM formulas of the total row by hand: they give the figures on the screen."""
    client.force_login(officer)
    ws = load_workbook(
        io.BytesIO(client.get(reverse("reports:table", args=["bieu-02"]) + "?format=xlsx").content)
    ).active

    def value(ref):
        v = ws[ref].value
        if isinstance(v, str) and v.startswith("=SUM("):
            return sum(value(part) for part in v[5:-1].split(","))
        return float(v or 0)

    assert value("F8") == 120.0 and value("L8") == 55.0


def test_bieu_02_pdf_is_landscape_with_its_header_text(client, world, officer):
    client.force_login(officer)
    response = client.get(reverse("reports:table", args=["bieu-02"]) + "?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = "".join(p.extract_text() for p in reader.pages)
    assert "KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH" in text.upper()
    assert "Biểu số 02" in text
    assert "Tổng cộng" in text and "130,000" in text


def test_the_upper_viewer_sees_the_province_and_picks_a_commune(
    client, world, upper_viewer, commune, other_commune
):
    client.force_login(upper_viewer)
    url = reverse("reports:table", args=["bieu-02"])
    assert "130,000" in client.get(url).content.decode()  # both communes of the province together
    assert "130,000" not in client.get(f"{url}?commune={other_commune.pk}").content.decode()
    assert client.get(f"{url}?commune={commune.pk}").status_code == 200


def test_a_commune_cannot_ask_for_another_commune(client, world, other_officer, commune):
    client.force_login(other_officer)
    assert (
        client.get(reverse("reports:table", args=["bieu-02"]) + f"?commune={commune.pk}").status_code == 404
    )


def test_the_village_head_has_no_report_tables(client, world, village_head):
    client.force_login(village_head)
    assert client.get(reverse("reports:table", args=["bieu-02"])).status_code == 403


def test_upper_viewer_of_another_province_sees_nothing(client, world, other_province):
    from giamngheo import services
    from giamngheo.models import Role

    stranger = services.create_account(
        by=None,
        username="danang",
        full_name="Người tỉnh khác",
        password="mat-khau-thu-nghiem-2026",
        role=Role.UPPER_VIEWER,
        province=other_province,
    )
    client.force_login(stranger)
    assert "130,000" not in client.get(reverse("reports:table", args=["bieu-02"])).content.decode()
