"""Recording a household's yearly review result against the standard of that year."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from giamngheo.models import AuditEntry
from households import services
from households.models import Classification


def create_url(household, year=None) -> str:
    url = reverse("households:classification_create", args=[household.pk])
    return f"{url}?year={year}" if year else url


def test_it_records_a_year_with_the_standard_in_force(client, officer, household):
    client.force_login(officer)
    page = client.get(create_url(household, 2026)).content.decode()
    assert "Nghị định 07/2021/NĐ-CP" in page and "Phương tiện phục vụ tiếp cận thông tin" in page
    r = client.post(
        create_url(household),
        {
            "year": "2026",
            "category": "near_poor",
            "income_per_capita": "1.350.000",
            "b1_score": "125",
            "deprivations": ["7", "3"],
            "decision_number": " 301/QĐ-UBND ",
            "decision_date": "2026-12-18",
        },
    )
    assert r.status_code == 302
    c = Classification.objects.get(household=household, year=2026)
    assert (c.category, c.income_per_capita, c.deprivations, c.decision_number) == (
        "near_poor",
        1_350_000,
        ["3", "7"],
        "301/QĐ-UBND",
    )
    assert c.standard.code == "ND07-2021"
    assert AuditEntry.objects.filter(action="household.classified", data__year=2026).exists()


def test_the_2027_form_offers_the_new_standards_indicators(client, officer, household):
    client.force_login(officer)
    page = client.get(create_url(household, 2027)).content.decode()
    assert "Nghị định 351/2025/NĐ-CP" in page
    assert "Thu gom, xử lý rác thải sinh hoạt" in page


def test_a_year_already_recorded_is_refused_with_a_message(client, officer, household):
    client.force_login(officer)
    r = client.post(create_url(household), {"year": "2025", "category": "poor"})
    assert "Hộ đã có kết quả rà soát năm 2025" in r.content.decode()
    assert household.classifications.count() == 1


def test_a_year_without_standard_is_refused(client, officer, household):
    client.force_login(officer)
    r = client.post(create_url(household), {"year": "2021", "category": "poor"})
    assert "Chưa có chuẩn nghèo áp dụng cho năm 2021" in r.content.decode()


def test_bad_income_keeps_the_typing(client, officer, household):
    client.force_login(officer)
    r = client.post(
        create_url(household), {"year": "2026", "category": "poor", "income_per_capita": "một triệu"}
    )
    text = r.content.decode()
    assert "Thu nhập chỉ gồm chữ số" in text and 'value="một triệu"' in text


def test_deprivation_codes_outside_the_standard_are_refused(officer, household):
    with pytest.raises(ValidationError) as error:
        services.record_classification(household, by=officer, year=2026, category="poor", deprivations=["13"])
    assert "13" in str(error.value)
    assert not household.classifications.filter(year=2026).exists()


def test_editing_a_year_keeps_its_year_and_records_the_diff(client, officer, household):
    c = household.classifications.get()
    client.force_login(officer)
    url = reverse("households:classification_edit", args=[household.pk, c.pk])
    r = client.post(
        url,
        {
            "year": "1999",
            "category": "escaped_poor",
            "decision_number": "9/QĐ-UBND",
            "decision_date": "2025-12-28",
        },
    )
    assert r.status_code == 302
    c.refresh_from_db()
    assert (c.year, c.category, c.decision_date) == (2025, "escaped_poor", dt.date(2025, 12, 28))
    entry = AuditEntry.objects.get(action="household.classification_updated")
    assert entry.data["changes"]["category"] == ["poor", "escaped_poor"]


@pytest.mark.parametrize("person", ["bcd_member", "supervisor", "upper_viewer"], indirect=True)
def test_read_only_roles_get_403(client, person, household):
    client.force_login(person)
    assert client.post(create_url(household), {"year": "2026", "category": "poor"}).status_code == 403
    assert household.classifications.count() == 1


def test_other_village_head_gets_404(client, village_head_b, household):
    client.force_login(village_head_b)
    assert client.get(create_url(household)).status_code == 404


def test_editing_another_communes_classification_is_404(client, other_officer, household):
    c = household.classifications.get()
    client.force_login(other_officer)
    url = reverse("households:classification_edit", args=[household.pk, c.pk])
    assert client.post(url, {"category": "other"}).status_code == 404
    c.refresh_from_db()
    assert c.category == "poor"
