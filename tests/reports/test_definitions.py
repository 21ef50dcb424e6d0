"""Report definitions are data: the administrator adjusts titles, rows and columns without code."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from reports.definitions import PROGRAM_2021, PROGRAM_2026, check
from reports.models import ReportDefinition


def bieu02(program=PROGRAM_2021):
    return ReportDefinition.objects.get(
        code="bieu-02", program_code=program, province__isnull=True, is_active=True
    )


def post(client, definition, **changes):
    data = {
        "name": definition.name,
        "form_label": definition.form_label,
        "title": definition.title,
        "unit_label": definition.unit_label,
        "unit_divisor": definition.unit_divisor,
        "unit_decimals": definition.unit_decimals,
        "is_reference": "on",
        "columns": json.dumps(definition.columns, ensure_ascii=False),
        "rows": json.dumps(definition.rows, ensure_ascii=False),
    } | changes
    return client.post(reverse("reports:definition_edit", args=[definition.pk]), data)


def test_both_programs_ship_a_reference_version(definitions):
    for program in (PROGRAM_2021, PROGRAM_2026):
        definition = bieu02(program)
        assert definition.is_reference and "Mẫu tham khảo" in str(definition)
        assert check(definition.columns, definition.rows) == []


def test_admin_retitles_and_gets_a_new_version(client, admin_user, definitions):
    client.force_login(admin_user)
    old = bieu02()
    assert "Mẫu tham khảo" in client.get(reverse("reports:definition_list")).content.decode()
    response = post(client, old, title="Kết quả thực hiện Chương trình năm (mẫu của tỉnh)")
    assert response.status_code == 302
    new = bieu02()
    assert new.version == 2 and new.title.endswith("(mẫu của tỉnh)")
    old.refresh_from_db()
    assert not old.is_active


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ('[{"key": "stt", "label": "STT", "kind": "stt"', "không đọc được ở dòng 1"),
        (
            '[{"key": "x", "label": "X", "kind": "money"}, {"key": "n", "label": "Nội dung", "kind": "label"}]',
            "chưa có số liệu tên “x”",
        ),
        (
            '[{"key": "n", "label": "Nội dung", "kind": "label"}, {"key": "r", "label": "Tỷ lệ", "kind": "rate", "of": ["a"]}]',
            "hai cột (tử số, mẫu số)",
        ),
        ('[{"key": "n", "label": "Nội dung", "kind": "bảng"}]', "loại cột (kind) phải là một trong"),
        ('{"key": "n"}', "phải là một danh sách"),
    ],
)
def test_a_bad_shape_is_refused_with_a_vietnamese_message(client, admin_user, definitions, columns, message):
    client.force_login(admin_user)
    old = bieu02()
    page = post(client, old, columns=columns).content.decode()
    assert message in page
    assert columns.split('"')[1] in page or columns[:5] in page  # what the user typed is shown again
    assert bieu02().pk == old.pk


def test_a_bad_row_is_refused(client, admin_user, definitions):
    client.force_login(admin_user)
    page = post(client, bieu02(), rows='[{"total": true, "component": "DA1"}]').content.decode()
    assert "phải có đúng một trong" in page


@pytest.mark.parametrize("person", ["officer", "leader", "upper_viewer"], indirect=True)
def test_only_the_administrator_edits_definitions(client, person, definitions):
    client.force_login(person)
    assert client.get(reverse("reports:definition_list")).status_code == 403
    assert post(client, bieu02(), title="x").status_code == 403
