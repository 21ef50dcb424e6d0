"""Decree 07/2021 (2022–2026) and Decree 351/2025 (2027–2030): each standard's rule is its data,
and the review form checks the category against income and deprivation count under the
standard of the review year, rural and urban, on the boundary values."""

from __future__ import annotations

import pytest
from django.urls import reverse

from giamngheo.models import AuditEntry
from households.models import Classification, Household, PovertyStandard

pytestmark = pytest.mark.django_db

# (year, area, the income line)
LINES = [
    (2026, "rural", 1_500_000),
    (2026, "urban", 2_000_000),
    (2027, "rural", 2_200_000),
    (2027, "urban", 2_800_000),
    (2030, "urban", 2_800_000),
]


def test_each_year_has_its_standard_and_the_2027_indicators_replace_the_information_ones():
    nd07, nd351 = PovertyStandard.for_year(2026), PovertyStandard.for_year(2027)
    assert (nd07.legal_basis, nd351.legal_basis) == ("Nghị định 07/2021/NĐ-CP", "Nghị định 351/2025/NĐ-CP")
    assert PovertyStandard.for_year(2022) == nd07 and PovertyStandard.for_year(2030) == nd351
    assert PovertyStandard.for_year(2031) is None
    names_07 = [i["name"] for i in nd07.indicators]
    names_351 = [i["name"] for i in nd351.indicators]
    assert len(names_07) == len(names_351) == 12
    assert names_07[:10] == names_351[:10]
    assert "Phương tiện phục vụ tiếp cận thông tin" in names_07
    assert "Phương tiện phục vụ tiếp cận thông tin" not in names_351
    assert "Sử dụng dịch vụ viễn thông" not in names_351
    assert names_351[10:] == ["Sử dụng dịch vụ số", "Thu gom, xử lý rác thải sinh hoạt"]
    assert [i["code"] for i in nd351.indicators] == [str(n) for n in range(1, 13)]


@pytest.mark.parametrize(("year", "area", "line"), LINES)
def test_the_boundaries_of_each_standard(year, area, line):
    standard = PovertyStandard.for_year(year)

    def says(income, count):
        return standard.assess(area, income, count)

    assert says(line, 3) == "poor"  # exactly at the line counts as at or below it
    assert says(line, 2) == "near_poor"
    assert says(line, 0) == "near_poor"
    assert says(line + 1, 3) == "above_line"
    assert says(line + 1, 12) == "above_line"
    assert says(line, None) == "below_line"
    assert says(None, 5) is None


@pytest.mark.parametrize(("year", "area", "line"), LINES)
@pytest.mark.parametrize(
    ("income_step", "count", "category", "agrees"),
    [
        (0, 3, "poor", True),
        (0, 3, "near_poor", False),
        (0, 2, "near_poor", True),
        (0, 2, "poor", False),
        (0, 2, "escaped_poor", True),  # left poverty, now near-poor
        (0, 2, "other", False),
        (1, 3, "poor", False),
        (1, 0, "near_poor", False),
        (1, 0, "escaped_near_poor", True),
        (1, 5, "middle", True),
    ],
)
def test_disagreements_name_the_line_the_income_and_the_count(
    year, area, line, income_step, count, category, agrees
):
    standard = PovertyStandard.for_year(year)
    income = line + income_step
    message = standard.disagreement(
        year=year,
        area=area,
        category=category,
        income=income,
        deprivations=[str(n) for n in range(1, count + 1)],
    )
    assert (message == "") == agrees
    if not agrees:
        money = f"{line:,}".replace(",", ".")
        assert standard.legal_basis in message and str(year) in message
        assert money in message and f"{income:,}".replace(",", ".") in message
        assert ("thành thị" if area == "urban" else "nông thôn") in message
        if income_step == 0:
            assert f"thiếu hụt {count} chỉ số" in message


def test_the_rule_is_the_standards_data_not_the_year():
    """An edited standard (a province's own stricter count, say) changes the check with no code."""
    standard = PovertyStandard.for_year(2027)
    standard.poor_min_deprivations = 4
    assert standard.assess("rural", 2_200_000, 3) == "near_poor"


# ---- the review form ----------------------------------------------------------------------
def post_review(client, household, **values):
    data = {"year": "2027", "category": "poor", "income_per_capita": "", "deprivations": []} | values
    return client.post(reverse("households:classification_create", args=[household.pk]), data)


@pytest.mark.parametrize(("year", "area", "line"), LINES)
def test_a_category_the_standard_does_not_give_is_a_warning_until_confirmed(
    client, officer, make_household, year, area, line
):
    household = make_household(head_name="Hồ Văn Sáu", area=area, category=None)
    client.force_login(officer)
    money = f"{line + 1:,}".replace(",", ".")

    r = post_review(
        client,
        household,
        year=str(year),
        category="poor",
        income_per_capita=money,
        deprivations=["1", "3", "5"],
    )

    page = r.content.decode()
    assert r.status_code == 200 and not household.classifications.exists()
    assert "cao hơn chuẩn" in page and money in page and f"{line:,}".replace(",", ".") in page
    assert 'name="confirm_disagreement"' in page and f'value="{money}"' in page

    r = post_review(
        client,
        household,
        year=str(year),
        category="poor",
        income_per_capita=money,
        deprivations=["1", "3", "5"],
        confirm_disagreement="on",
    )

    assert r.status_code == 302
    c = household.classifications.get(year=year)
    assert (c.category, c.income_per_capita, c.standard.valid_from_year <= year) == ("poor", line + 1, True)
    entry = AuditEntry.objects.get(action="household.classified")
    assert "cao hơn chuẩn" in entry.data["khac_chuan"]
    page = client.get(household.get_absolute_url()).content.decode()
    assert "Khác với chuẩn nghèo, đã xác nhận: Theo chuẩn nghèo" in page


@pytest.mark.parametrize(("year", "area", "line"), LINES)
def test_three_deprivations_at_the_line_is_poor_and_two_is_near_poor(
    client, officer, make_household, year, area, line
):
    client.force_login(officer)
    money = f"{line:,}".replace(",", ".")
    poor = make_household(head_name="Hộ Ba Thiếu", area=area, category=None)
    near = make_household(head_name="Hộ Hai Thiếu", area=area, category=None)

    assert (
        post_review(
            client, poor, year=str(year), income_per_capita=money, deprivations=["1", "2", "9"]
        ).status_code
        == 302
    )
    r = post_review(client, near, year=str(year), income_per_capita=money, deprivations=["1", "2"])
    page = r.content.decode()
    assert r.status_code == 200 and "thiếu hụt 2 chỉ số" in page and "hộ cận nghèo" in page
    assert (
        post_review(
            client,
            near,
            year=str(year),
            category="near_poor",
            income_per_capita=money,
            deprivations=["1", "2"],
        ).status_code
        == 302
    )
    assert list(
        Classification.objects.filter(year=year).order_by("category").values_list("category", flat=True)
    ) == [
        "near_poor",
        "poor",
    ]
    assert not AuditEntry.objects.filter(data__has_key="khac_chuan").exists()


def test_the_form_does_not_ask_for_a_confirmation_it_does_not_need(client, officer, make_household):
    household = make_household(head_name="Hộ Không Cần", category=None)
    client.force_login(officer)
    page = client.get(
        reverse("households:classification_create", args=[household.pk]) + "?year=2027"
    ).content.decode()
    assert 'name="confirm_disagreement"' not in page
    assert "Sử dụng dịch vụ số" in page and "Phương tiện phục vụ tiếp cận thông tin" not in page
    assert "thiếu hụt từ 3 chỉ số là hộ nghèo" in page and "2.800.000" in page


def test_without_an_income_there_is_nothing_to_check(client, officer, make_household):
    household = make_household(head_name="Hộ Chưa Có Thu Nhập", category=None)
    client.force_login(officer)
    assert post_review(client, household, category="middle").status_code == 302
    assert Household.objects.get(pk=household.pk).classifications.get().category == "middle"


def test_editing_a_result_checks_it_under_its_own_standard(client, officer, make_household):
    household = make_household(head_name="Hộ Sửa Lại", year=2026)
    c = household.classifications.get()
    client.force_login(officer)
    url = reverse("households:classification_edit", args=[household.pk, c.pk])
    # 1,600,000 is above Decree 07's rural line (it would be below Decree 351's).
    r = client.post(
        url, {"category": "poor", "income_per_capita": "1.600.000", "deprivations": ["1", "2", "3"]}
    )
    assert r.status_code == 200 and "Nghị định 07/2021/NĐ-CP" in r.content.decode()
    c.refresh_from_db()
    assert c.income_per_capita is None


# ---- the import ---------------------------------------------------------------------------
def import_rows(commune, *rows, year):
    from households.importing import ImportOptions, build_preview
    from tests.households.fixtures_import import template_rows, xlsx

    data = xlsx(template_rows(*rows))
    return build_preview(data, ImportOptions(commune=commune, year=year, file_name="ds.xlsx"))


@pytest.mark.parametrize(("year", "area", "line"), LINES[:4])  # the import takes no review year past 2027
def test_the_import_warns_on_the_rows_the_years_standard_disagrees_with(commune, village_a, year, area, line):
    area_text = "Thành thị" if area == "urban" else "Nông thôn"
    base = {"village": "Hà Thượng", "area": area_text, "review_year": year}
    preview = import_rows(
        commune,
        base | {"head_name": "Đúng Nghèo", "category": "Hộ nghèo", "income": line, "deprivations": "1, 2, 3"},
        base | {"head_name": "Đúng Cận", "category": "Hộ cận nghèo", "income": line, "deprivations": "1, 2"},
        base
        | {"head_name": "Sai Cận", "category": "Hộ cận nghèo", "income": line, "deprivations": "1, 2, 3"},
        base
        | {"head_name": "Sai Nghèo", "category": "Hộ nghèo", "income": line + 1, "deprivations": "1, 2, 3"},
        base | {"head_name": "Sai Hai", "category": "Hộ nghèo", "income": line, "deprivations": "4, 5"},
        year=year,
    )

    assert not preview.blocked, preview.errors
    assert [p.row for p in preview.plans] == [2, 3, 4, 5, 6]
    warnings = {p.row: p for p in preview.warnings}
    assert sorted(warnings) == [4, 5, 6]
    assert all(w.column.startswith("Phân loại hộ") for w in warnings.values())
    assert "thiếu hụt 3 chỉ số" in warnings[4].message and "nên là hộ nghèo" in warnings[4].message
    assert "cao hơn chuẩn" in warnings[5].message and f"{line + 1:,}".replace(",", ".") in warnings[5].message
    assert "thiếu hụt 2 chỉ số" in warnings[6].message and "cận nghèo" in warnings[6].message
    assert all(f"{line:,}".replace(",", ".") in w.message for w in warnings.values())


def test_a_list_without_a_deprivation_column_is_checked_on_income_alone(commune, village_a):
    from households.importing import ImportOptions, build_preview
    from tests.households.fixtures_import import xlsx

    data = xlsx(
        [
            ["Họ và tên chủ hộ", "Thôn", "Phân loại hộ", "Thu nhập bình quân"],
            ["Hộ Một", "Hà Thượng", "Hộ nghèo", 2_200_000],
            ["Hộ Hai", "Hà Thượng", "Hộ cận nghèo", 2_200_001],
        ]
    )
    preview = build_preview(data, ImportOptions(commune=commune, year=2027))

    assert [(w.row, "cao hơn chuẩn" in w.message) for w in preview.warnings] == [(3, True)]
