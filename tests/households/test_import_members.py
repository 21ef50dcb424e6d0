"""Lists with one row per person (head first, then the members): the members are imported with
the registry's member model, and re-importing the same list changes nothing."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giamngheo.models import AuditEntry
from households.importing import ImportOptions, apply_import, build_preview
from households.models import Household, Member
from tests.households.fixtures_import import ods, xls, xlsx

pytestmark = pytest.mark.django_db

HEADER = [
    "STT",
    "Họ và tên",
    "Quan hệ với chủ hộ",
    "Năm sinh",
    "Giới tính",
    "Số CCCD",
    "Thôn",
    "Phân loại hộ",
]
FAMILY_ROWS = [
    ["DANH SÁCH HỘ NGHÈO VÀ NHÂN KHẨU NĂM 2025"],
    [None],
    HEADER,
    [1, "Kiều Văn Năm", "Chủ hộ", 1970, "Nam", "046170000101", "Hà Thượng", "Hộ nghèo"],
    [None, "Kiều Thị Sáu", "Vợ", 1972, "Nữ", "046172000102", None, None],
    [None, "Kiều Văn Bảy", "Con trai", 1995, "Nam", None, None, None],
    [None, "Kiều Thị Tám", "Con dâu", 1996, "Nữ", None, None, None],
    [2, "Lò Thị Chín", "Chủ hộ", 1980, "Nữ", "046180000103", "Hà Thượng", "Hộ cận nghèo"],
    [None, "Lò Văn Mười", "Con", 2010, "Nam", None, None, None],
]


def preview_of(data, commune, **options):
    return build_preview(
        data, ImportOptions(commune=commune, year=2025, file_name="nhan-khau.xlsx", **options)
    )


def family(household) -> list[tuple]:
    return list(
        household.members.order_by("pk").values_list(
            "full_name", "relationship", "birth_year", "sex", "id_number"
        )
    )


def written() -> tuple[int, int, int]:
    return Household.objects.count(), Member.objects.count(), AuditEntry.objects.count()


@pytest.mark.parametrize("writer", [xlsx, xls, ods])
def test_member_rows_are_imported_with_their_relationship(commune, village_a, officer, writer):
    preview = preview_of(writer(FAMILY_ROWS), commune)

    assert not preview.problems, preview.problems
    assert [(p.row, p.head_name, [m.row for m in p.members]) for p in preview.plans] == [
        (4, "Kiều Văn Năm", [5, 6, 7]),
        (8, "Lò Thị Chín", [9]),
    ]
    apply_import(preview, by=officer)

    nam = Household.objects.get(head_name="Kiều Văn Năm")
    assert family(nam) == [
        ("Kiều Văn Năm", "head", 1970, "male", "046170000101"),
        ("Kiều Thị Sáu", "spouse", 1972, "female", "046172000102"),
        ("Kiều Văn Bảy", "child", 1995, "male", ""),
        ("Kiều Thị Tám", "child_in_law", 1996, "female", ""),
    ]
    assert family(Household.objects.get(head_name="Lò Thị Chín"))[1] == (
        "Lò Văn Mười",
        "child",
        2010,
        "male",
        "",
    )
    assert "kieu thi sau" in nam.search_key and "046172000102" in nam.search_key


def test_re_importing_the_same_member_list_changes_nothing(commune, village_a, officer):
    data = xlsx(FAMILY_ROWS)
    apply_import(preview_of(data, commune), by=officer)
    before = written()

    again = preview_of(data, commune)

    assert again.counts == {"create": 0, "update": 0, "unchanged": 2}, [p.changes for p in again.plans]
    result = apply_import(again, by=officer)
    assert (result.created, result.updated, written()) == (0, 0, before)


def test_a_changed_member_and_a_new_one_update_the_household(client, commune, village_a, officer):
    apply_import(preview_of(xlsx(FAMILY_ROWS), commune), by=officer)
    rows = [list(r) for r in FAMILY_ROWS]
    rows[5][3] = 1994  # Kiều Văn Bảy's birth year corrected
    rows.insert(7, [None, "Kiều Văn Út", "Cháu", 2020, "Nam", None, None, None])

    preview = preview_of(xlsx(rows), commune)

    assert preview.counts == {"create": 0, "update": 1, "unchanged": 1}
    [plan] = preview.changed_plans
    assert [(c.label, c.old_display, c.new_display) for c in plan.changes] == [
        ("Ngày/năm sinh (Kiều Văn Bảy)", "1995", "1994"),
        ("Thành viên mới", "", "Kiều Văn Út"),
    ]
    apply_import(preview, by=officer)
    nam = Household.objects.get(head_name="Kiều Văn Năm")
    assert [(n, r, y) for n, r, y, _s, _i in family(nam)][2:] == [
        ("Kiều Văn Bảy", "child", 1994),
        ("Kiều Thị Tám", "child_in_law", 1996),
        ("Kiều Văn Út", "grandchild", 2020),
    ]
    entry = AuditEntry.objects.filter(action="household.updated", target_id=str(nam.pk)).get()
    assert entry.data["changes"]["thanh_vien.moi_dong_8"] == ["", "Kiều Văn Út"]
    client.force_login(officer)
    page = client.get(nam.get_absolute_url()).content.decode()
    assert "Kiều Văn Bảy – ngày/năm sinh" in page and "thành viên mới (dòng 8)" in page
    assert "thanh_vien" not in page


def test_members_join_a_household_already_in_the_registry(commune, village_a, officer, make_household):
    household = make_household(head_name="Hà Văn Cường", code="HC-01")
    rows = [
        ["Mã hộ", "Họ và tên", "Quan hệ với chủ hộ", "Năm sinh", "Thôn"],
        ["HC-01", "Hà Văn Cường", "Chủ hộ", 1975, "Hà Thượng"],
        [None, "Hà Thị Dung", "Vợ", 1978, None],
    ]
    preview = preview_of(xlsx(rows), commune)

    assert [(p.action, [c.new for c in p.changes]) for p in preview.plans] == [("update", ["Hà Thị Dung"])]
    apply_import(preview, by=officer)
    assert [m[:3] for m in family(household)] == [
        ("Hà Văn Cường", "head", 1975),
        ("Hà Thị Dung", "spouse", 1978),
    ]
    assert preview_of(xlsx(rows), commune).counts["unchanged"] == 1


def test_rows_without_a_number_under_a_numbered_head_are_members(commune, village_a, officer):
    """No relationship column: the list numbers its households, and members carry no number."""
    rows = [
        ["STT", "Họ và tên", "Năm sinh", "Thôn", "Phân loại hộ"],
        [1, "Đinh Văn Hải", 1960, "Hà Thượng", "Hộ nghèo"],
        [None, "Đinh Thị Hà", 1962, None, None],
        [2, "Đinh Văn Sơn", 1985, "Hà Thượng", "Hộ cận nghèo"],
    ]
    preview = preview_of(xlsx(rows), commune)

    assert [(p.head_name, [m.values["full_name"] for m in p.members]) for p in preview.plans] == [
        ("Đinh Văn Hải", ["Đinh Thị Hà"]),
        ("Đinh Văn Sơn", []),
    ]
    apply_import(preview, by=officer)
    assert family(Household.objects.get(head_name="Đinh Văn Hải"))[1][:3] == ("Đinh Thị Hà", "other", 1962)


def test_a_member_row_without_a_head_above_or_with_a_cccd_used_above_is_refused(commune, village_a):
    rows = [
        HEADER,
        [None, "Mồ Côi", "Con", 2001, "Nam", None, "Hà Thượng", None],
        [1, "Kiều Văn Năm", "Chủ hộ", 1970, "Nam", "046170000101", "Hà Thượng", "Hộ nghèo"],
        [None, "Kiều Thị Sáu", "Vợ", 1972, "Nữ", "046170000101", None, None],
        [None, None, "Con", 1999, "Nam", None, None, None],
    ]
    before = written()
    preview = preview_of(xlsx(rows), commune)

    assert preview.blocked
    assert [(p.row, p.column) for p in preview.errors] == [
        (2, "Quan hệ với chủ hộ (cột C)"),
        (4, "Số CCCD (cột F)"),
        (5, "Họ và tên chủ hộ (cột B)"),
    ]
    assert "không có dòng chủ hộ" in preview.errors[0].message
    assert "trùng với dòng 3" in preview.errors[1].message
    assert written() == before


def test_a_household_per_row_list_is_not_read_as_members(commune, village_a):
    """Without a relationship column or household numbers, every row is a household."""
    rows = [["Họ và tên chủ hộ", "Thôn"], ["Hộ Một", "Hà Thượng"], ["Hộ Hai", "Hà Thượng"]]
    preview = preview_of(xlsx(rows), commune)
    assert [(p.head_name, p.members) for p in preview.plans] == [("Hộ Một", []), ("Hộ Hai", [])]


def test_the_preview_page_counts_the_members_it_will_add(client, officer, commune, village_a):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(officer)
    upload = SimpleUploadedFile("nhan-khau.xlsx", xlsx(FAMILY_ROWS))
    client.post(reverse("households:import_upload"), {"file": upload, "commune": commune.pk, "year": 2025})
    page = client.get(reverse("households:import_preview")).content.decode()

    assert "Thành viên thêm mới (ngoài chủ hộ): <strong>4</strong> người" in page
    assert 'Kiều Văn Năm <span class="muted">(+3 thành viên)</span>' in page


# ---- any family list re-imports unchanged --------------------------------------------------
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hoa"]
RELATIONS = [
    "Vợ",
    "Chồng",
    "Con",
    "Con trai",
    "Con gái",
    "Con dâu",
    "Con rể",
    "Bố",
    "Mẹ",
    "Cháu",
    "Em",
    "Ông",
]
member_rows = st.lists(
    st.tuples(
        st.sampled_from(GIVEN), st.sampled_from(RELATIONS), st.one_of(st.none(), st.integers(1930, 2024))
    ),
    max_size=4,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(families=st.lists(member_rows, min_size=1, max_size=4))
def test_any_family_list_imports_its_members_and_re_imports_unchanged(commune, village_a, officer, families):
    class Rollback(Exception):
        pass

    rows: list[list] = [HEADER]
    for n, members in enumerate(families, start=1):
        rows.append([n, f"Chủ Hộ Số {n}", "Chủ hộ", 1960 + n, "Nam", None, "Hà Thượng", "Hộ nghèo"])
        rows += [[None, f"Thành Viên {g}", rel, year, None, None, None, None] for g, rel, year in members]
    data = xlsx(rows)
    try:
        with transaction.atomic():
            apply_import(preview_of(data, commune), by=officer)
            assert Member.objects.count() == len(families) + sum(len(m) for m in families)
            again = preview_of(data, commune)
            assert again.counts == {"create": 0, "update": 0, "unchanged": len(families)}, [
                p.changes for p in again.plans
            ]
            raise Rollback
    except Rollback:
        pass


def test_a_list_without_relationships_leaves_known_relationships_alone(commune, village_a, officer):
    apply_import(preview_of(xlsx(FAMILY_ROWS), commune), by=officer)
    # The same people in a list numbering its households, with no relationship column.
    rows = [[r[0], r[1], r[3], r[6], r[7]] for r in FAMILY_ROWS[3:]]
    rows.insert(0, ["STT", "Họ và tên", "Năm sinh", "Thôn", "Phân loại hộ"])

    preview = preview_of(xlsx(rows), commune)

    assert preview.counts == {"create": 0, "update": 0, "unchanged": 2}, [p.changes for p in preview.plans]
