"""The dashboard: figures per village and category, change since last year, projects, money;
scoped; charts as inline SVG with their tables; query count flat in the data."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from giamngheo.models import Commune, Village
from households.models import Category, Classification, Household


def village_figures(page: str, village: str) -> list[str]:
    row = re.search(rf'<th scope="row" data-label="Thôn/tổ">{village}</th>(.*?)</tr>', page, re.S).group(1)
    return re.findall(r">(\d+)</", row)  # poor, near-poor, escaped poor, escaped near, escaped, fell back


def test_commune_dashboard_figures(client, world, officer, village_a):
    client.force_login(officer)
    page = client.get(reverse("reports:dashboard")).content.decode()
    year = timezone.localdate().year
    # This year's review: P1's first household escaped, P2's poor one is near-poor now, P2's
    # near-poor one stayed, P3's first escaped → only those 4 households have a review this year;
    # 3 of them were poor last year and are not now.
    assert f"rà soát năm {year}" in page
    assert village_figures(page, "Thôn Hà Thượng") == [
        "0",
        "2",
        "2",
        "0",
        "3",
        "0",
    ]  # poor, near-poor, escaped poor, escaped near, escaped, fell back
    assert f'href="/ho/?village={village_a.pk}&amp;category=near_poor&amp;year={year}"' in page
    assert "So với năm trước: 3 hộ thoát nghèo, 0 hộ tái nghèo hoặc phát sinh." in page
    assert "<svg" in page and 'role="img"' in page and "style=" not in page
    assert "Đã thu hồi" in page and "Cấp trên không phê duyệt" in page  # projects by state
    assert "55.000.000" in page  # paid NSTW 45 + NSĐP 10
    assert "ND-SX.CD" in page and "42,3%" in page  # the component's progress bar
    assert "<dt>Hàng hóa, vật tư đã bàn giao</dt><dd>0</dd>" in page  # nothing handed over yet


def test_change_since_last_year(client, officer, make_household, definitions):
    year = timezone.localdate().year
    escaped = make_household(category=Category.POOR, year=year - 1)
    Classification.objects.create(household=escaped, year=year, category=Category.ESCAPED_POOR)
    fell = make_household(category=Category.OTHER, year=year - 1)
    Classification.objects.create(household=fell, year=year, category=Category.NEAR_POOR)
    client.force_login(officer)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert "So với năm trước: 1 hộ thoát nghèo, 1 hộ tái nghèo hoặc phát sinh." in page


def test_a_commune_behind_with_its_review_shows_its_own_latest_year(
    client, officer, make_household, other_village, other_officer, definitions
):
    """The neighbour has recorded this year's review; ours has not yet: our dashboard still shows
    our latest review (last year) with its change since the year before, not an empty year."""
    year = timezone.localdate().year
    escaped = make_household(category=Category.POOR, year=year - 2)
    Classification.objects.create(household=escaped, year=year - 1, category=Category.ESCAPED_POOR)
    make_household(category=Category.NEAR_POOR, year=year - 1)
    make_household(village=other_village, category=Category.POOR, year=year)

    client.force_login(officer)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert f"rà soát năm {year - 1}" in page and f"rà soát năm {year}" not in page
    assert "So với năm trước: 1 hộ thoát nghèo, 0 hộ tái nghèo hoặc phát sinh." in page

    client.force_login(other_officer)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert f"rà soát năm {year}" in page


def test_upper_viewer_sees_each_commune_and_their_total(client, world, upper_viewer, other_commune):
    client.force_login(upper_viewer)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert "Từng xã" in page and "Xã Phú Vinh" in page and "Xã Phú Hồ" in page
    assert client.get(reverse("reports:dashboard") + f"?commune={other_commune.pk}").status_code == 200


def test_a_commune_sees_only_itself(client, world, other_officer, commune):
    client.force_login(other_officer)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert "Xã Phú Vinh" not in page and "55.000.000" not in page
    assert client.get(reverse("reports:dashboard") + f"?commune={commune.pk}").status_code == 404


def test_village_head_has_no_dashboard(client, village_head):
    client.force_login(village_head)
    assert client.get(reverse("reports:dashboard")).status_code == 403


def test_several_communes_get_a_row_per_commune_not_per_village(
    client,
    upper_viewer,
    commune,
    village_a,
    village_b,
    other_commune,
    other_village,
    make_household,
    definitions,
):
    """A province holds about a thousand villages: the upper level reads one row per commune
    (its villages summed), each leading to that commune's own dashboard with its villages."""
    year = timezone.localdate().year
    make_household(village=village_a, category=Category.POOR, year=year)
    make_household(village=village_b, category=Category.POOR, year=year)
    make_household(village=village_b, category=Category.NEAR_POOR, year=year)
    make_household(village=other_village, category=Category.NEAR_POOR, year=year)

    client.force_login(upper_viewer)
    page = client.get(reverse("reports:dashboard")).content.decode()
    table = re.search(r'<table class="stack" id="households-by-village">(.*?)</table>', page, re.S).group(1)
    assert "Thôn Hà Thượng" not in table and "Thôn Hà Trữ" not in table
    link = reverse("reports:dashboard") + f"?commune={commune.pk}"
    row = re.search(rf'<a href="{re.escape(link)}">Xã Phú Vinh</a></th>(.*?)</tr>', table, re.S).group(1)
    assert re.findall(r">(\d+)</", row) == ["2", "1", "0", "0", "0", "0"]
    other = reverse("reports:dashboard") + f"?commune={other_commune.pk}"
    row = re.search(rf'<a href="{re.escape(other)}">Xã Phú Hồ</a></th>(.*?)</tr>', table, re.S).group(1)
    assert re.findall(r">(\d+)</", row) == ["0", "1", "0", "0", "0", "0"]

    page = client.get(link).content.decode()
    assert '<th scope="row" data-label="Thôn/tổ">Thôn Hà Trữ</th>' in page


@pytest.mark.parametrize("size", [1, 6])
def test_dashboard_costs_the_same_for_1_or_6_communes(
    client, upper_viewer, province, size, make_household, django_assert_max_num_queries
):
    for n in range(size):
        commune = Commune.objects.create(
            code=f"9{n:04d}", name=f"Xã {n}", division_type="xã", province=province
        )
        for v in range(2):
            village = Village.objects.create(commune=commune, name=f"Thôn {v}")
            for _ in range(size):
                make_household(village=village, category=Category.POOR)
    client.force_login(upper_viewer)
    with django_assert_max_num_queries(20):  # the five follow-up figures: one query each
        assert client.get(reverse("reports:dashboard")).status_code == 200


# ---- the review figures are kept per commune and counted again when anything under them moves ----


def test_the_figures_follow_every_change_to_the_registry(
    client, officer, commune, village_a, village_b, make_household, definitions
):
    from households import services
    from households.importing import ImportOptions, apply_import, build_preview
    from tests.households.fixtures_import import commune_list_xlsx, person

    household = make_household(category=Category.POOR, year=2025)
    client.force_login(officer)
    dashboard = reverse("reports:dashboard")
    assert village_figures(client.get(dashboard).content.decode(), "Thôn Hà Thượng")[:2] == ["1", "0"]

    # a review result corrected on the household's page
    services.update_classification(household.classifications.get(), by=officer, category=Category.NEAR_POOR)
    assert village_figures(client.get(dashboard).content.decode(), "Thôn Hà Thượng")[:2] == ["0", "1"]

    # the household moved away: no longer counted
    services.set_status(household, by=officer, status=Household.Status.MOVED, on=dt.date(2026, 3, 1))
    assert village_figures(client.get(dashboard).content.decode(), "Thôn Hà Thượng")[:2] == ["0", "0"]

    # an import (bulk writes, no signals) of two poor households in Hà Trữ
    data = commune_list_xlsx([("Thôn Hà Trữ", [person("Trần Văn Bình"), person("Lê Thị Hoa", female=True)])])
    preview = build_preview(
        data, ImportOptions(commune=commune, user=officer, year=2025, file_name="ds.xlsx")
    )
    assert not preview.problems or not any(p.blocking for p in preview.problems)
    apply_import(preview, by=officer)
    assert village_figures(client.get(dashboard).content.decode(), "Thôn Hà Trữ")[:2] == ["2", "0"]


def counting_queries(captured) -> list[str]:
    return [q["sql"] for q in captured if 'LEFT OUTER JOIN "households_classification" "now"' in q["sql"]]


def test_a_province_is_counted_once_then_only_the_commune_that_changed(
    client, upper_viewer, commune, other_commune, village_a, other_village, make_household, definitions
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_household(village=village_a, category=Category.POOR, year=2025)
    theirs = make_household(village=other_village, category=Category.POOR, year=2025)
    client.force_login(upper_viewer)
    dashboard = reverse("reports:dashboard")
    with CaptureQueriesContext(connection) as first:
        client.get(dashboard)
    assert len(counting_queries(first)) == 1
    with CaptureQueriesContext(connection) as again:
        page = client.get(dashboard).content.decode()
    assert counting_queries(again) == []
    assert re.search(r">Xã Phú Hồ</a></th>\s*<td[^>]*>1<", page)

    Classification.objects.filter(household=theirs).get().delete()
    with CaptureQueriesContext(connection) as after:
        page = client.get(dashboard).content.decode()
    (counted,) = counting_queries(after)
    assert (
        f"IN ({other_commune.pk})" in counted
        and str(commune.pk) not in counted.split("IN (")[1].split(")")[0]
    )
    assert re.search(r">Xã Phú Hồ</a></th>\s*<td[^>]*>0<", page)
