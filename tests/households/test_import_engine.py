"""The import engine on lists that look like real commune files."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pytest
from openpyxl import load_workbook

from giamngheo.models import AuditEntry
from households.importing import (
    ImportOptions,
    ImportRefused,
    apply_import,
    build_preview,
    household_row,
    refused_copy,
    template_xlsx,
)
from households.models import Category, Classification, Household, Member
from tests.households.fixtures_import import (
    FIRST_DATA_ROW,
    commune_list,
    commune_list_xlsx,
    ods,
    person,
    template_rows,
    xls,
    xlsx,
)

pytestmark = pytest.mark.django_db


def preview_of(data: bytes, commune, user=None, **options):
    options = {"year": 2025, "file_name": "danh-sach.xlsx"} | options
    return build_preview(data, ImportOptions(commune=commune, user=user, **options))


def problems(preview, *, blocking=True) -> list[tuple[int | None, str]]:
    return [(p.row, p.column) for p in preview.problems if p.blocking == blocking]


def written() -> tuple[int, int, int, int]:
    return (
        Household.objects.count(),
        Member.objects.count(),
        Classification.objects.count(),
        AuditEntry.objects.filter(action__startswith="household.").count(),
    )


def two_villages():
    return commune_list_xlsx(
        [
            (
                "Thôn Hà Thượng",
                [
                    person("Nguyễn Văn An", born=1975, cccd=46175001234),  # a number: lost its leading 0
                    person("Lê Thị Hoa", female=True, born=1980, cccd="046180001235", category="HCN"),
                ],
            ),
            (
                "Thôn Hà Trữ",
                [person("Trần Văn Bình", born="15/03/1970", category="cận nghèo", note="Ốm đau")],
            ),
        ]
    )


def test_a_printed_commune_list_is_read_past_its_titles_merged_header_and_signatures(
    commune, village_a, village_b
):
    preview = preview_of(two_villages(), commune)

    assert preview.header_row == 7
    assert not preview.blocked
    # Rows 10 and 13 are the "Thôn …" group rows; 11, 12, 14 the households; signatures are ignored.
    assert [(p.row, p.action, p.head_name, p.village.name) for p in preview.plans] == [
        (FIRST_DATA_ROW + 1, "create", "Nguyễn Văn An", "Thôn Hà Thượng"),
        (FIRST_DATA_ROW + 2, "create", "Lê Thị Hoa", "Thôn Hà Thượng"),
        (FIRST_DATA_ROW + 4, "create", "Trần Văn Bình", "Thôn Hà Trữ"),
    ]
    assert [(p.row, p.column, p.message) for p in preview.warnings] == [
        (11, "Số CCCD (cột E)", "Số CCCD nhập dạng số đã mất số 0 ở đầu: đã khôi phục thành 046175001234.")
    ]
    assert {label for label, _letter, _header in preview.columns} >= {
        "Họ và tên chủ hộ",
        "Năm sinh (Nam)",
        "Năm sinh (Nữ)",
        "Số CCCD",
        "Phân loại hộ",
        "Số QĐ công nhận",
        "Ngày QĐ công nhận",
    }


def test_applying_writes_households_heads_and_classifications_and_one_import_entry(
    commune, village_a, village_b, officer
):
    preview = preview_of(two_villages(), commune, officer)
    result = apply_import(preview, by=officer)

    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    an = Household.objects.get(head_name="Nguyễn Văn An")
    assert an.commune == commune and an.village == village_a
    # The registry's key: head, code and every member's CCCD, so the list finds the head by ID.
    assert an.search_key == f"nguyen van an | {an.code.lower()} | 046175001234"
    head = an.members.get()
    assert (head.relationship, head.id_number, head.id_kind, head.birth_year, head.sex) == (
        "head",
        "046175001234",
        "cccd",
        1975,
        "male",
    )
    assert head.search_key == "nguyen van an"
    classification = an.classifications.get()
    assert (classification.year, classification.category, classification.decision_number) == (
        2025,
        Category.POOR,
        "215/QĐ-UBND",
    )
    assert classification.decision_date == dt.date(2025, 12, 20)
    assert classification.standard.code == "ND07-2021"
    hoa = Household.objects.get(head_name="Lê Thị Hoa")
    assert hoa.is_female_headed and hoa.members.get().sex == "female"
    assert hoa.classifications.get().category == Category.NEAR_POOR
    binh = Household.objects.get(head_name="Trần Văn Bình")
    assert binh.village == village_b and binh.notes == "Ốm đau"
    assert binh.members.get().birth_date == dt.date(1970, 3, 15)

    entry = AuditEntry.objects.get(action="household.imported")
    assert entry.commune == commune and entry.actor == officer
    assert entry.data["file"] == "danh-sach.xlsx"
    assert entry.data["checksum"] == preview.checksum and len(preview.checksum) == 64
    assert (entry.data["created"], entry.data["updated"], entry.data["unchanged"]) == (3, 0, 0)
    assert not AuditEntry.objects.filter(action="household.created").exists()  # the import entry covers them


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    commune, village_a, village_b, officer
):
    data = two_villages()
    apply_import(preview_of(data, commune, officer), by=officer)
    before = written()

    again = preview_of(data, commune, officer)
    assert again.counts == {"create": 0, "update": 0, "unchanged": 3}
    assert again.previous_import is not None
    result = apply_import(again, by=officer)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert written() == before


def test_a_row_matching_a_household_code_updates_only_the_changed_fields(
    commune, village_a, village_b, officer, make_household
):
    household = make_household(code="HN-07", head_name="Phạm Văn Tư", phone="0912000111")
    data = xlsx(
        template_rows(
            {
                "code": "HN-07",
                "head_name": "Phạm Văn Tư",
                "village": "Hà Trữ",
                "phone": "0912000111",
                "category": "Hộ cận nghèo",
                "review_year": 2025,
                "income": "1.250.000",
            }
        )
    )
    preview = preview_of(data, commune, officer)

    [plan] = preview.plans
    assert plan.action == "update"
    assert [(c.label, c.old_display, c.new_display) for c in plan.changes] == [
        ("Thôn/Tổ", "Thôn Hà Thượng", "Thôn Hà Trữ"),
        ("Thu nhập bình quân (đồng/người/tháng)", "", "1.250.000"),
        ("Phân loại hộ", "Hộ nghèo", "Hộ cận nghèo"),
    ]
    apply_import(preview, by=officer)

    household.refresh_from_db()
    assert household.village == village_b and household.phone == "0912000111"
    classification = household.classifications.get(year=2025)
    assert (classification.category, classification.income_per_capita) == (Category.NEAR_POOR, 1_250_000)
    entry = AuditEntry.objects.get(action="household.updated", target_id=str(household.pk))
    assert entry.data["changes"]["village"] == ["Thôn Hà Thượng", "Thôn Hà Trữ"]
    assert entry.data["changes"]["phan_loai_2025.category"] == ["Hộ nghèo", "Hộ cận nghèo"]


def test_a_row_without_code_is_matched_by_the_heads_cccd(commune, village_a, officer, make_household):
    household = make_household(head_name="Hồ Văn Sáu")
    number = household.members.get().id_number
    data = xlsx(
        template_rows(
            {"head_name": "Hồ Văn Sáu", "village": "Thôn Hà Thượng", "id_number": number, "birth": 1976}
        )
    )

    [plan] = preview_of(data, commune, officer).plans

    assert plan.action == "update" and plan.household == household
    assert [(c.field, c.label, c.old_display, c.new_display) for c in plan.changes] == [
        ("chu_ho.birth", "Ngày/năm sinh", "1975", "1976")
    ]


def test_blocking_problems_name_their_row_and_column_and_nothing_is_written(
    commune, village_a, officer, make_household
):
    other = make_household(head_name="Đoàn Thị Tám")
    taken = other.members.get().id_number
    data = xlsx(
        template_rows(
            {
                "head_name": "Võ Văn Một",
                "village": "Thôn Hà Thượng",
                "id_number": "046170000001",
                "category": "HN",
            },
            {
                "head_name": "Võ Văn Hai",
                "village": "Thôn Hà Thượng",
                "id_number": "046170000001",
                "category": "HN",
            },
            {"head_name": "Võ Văn Ba", "village": "Thôn Xa Lắc", "category": "HN"},
            {"head_name": "Võ Văn Bốn", "village": "Thôn Hà Thượng", "category": "giàu có"},
            {"head_name": "Võ Văn Năm", "village": "Thôn Hà Thượng", "birth": "31/02/1980"},
            {"head_name": None, "village": "Thôn Hà Thượng", "id_number": "046170000006", "category": "HN"},
            {"code": "HN-99", "head_name": "Võ Văn Bảy", "village": "Thôn Hà Thượng", "id_number": taken},
        )
    )
    before = written()
    preview = preview_of(data, commune, officer)

    assert preview.blocked
    assert problems(preview) == [
        (3, "Số CCCD (cột F)"),  # the same CCCD as row 2
        (4, "Thôn/Tổ (cột C)"),  # no such village
        (5, "Phân loại hộ (cột K)"),  # unknown category
        (6, "Ngày/năm sinh (cột D)"),  # 31/02 does not exist
        (7, "Họ và tên chủ hộ (cột B)"),  # missing name
        (8, "Số CCCD (cột F)"),  # belongs to another household
    ]
    messages = {p.row: p.message for p in preview.errors}
    assert messages[3] == "Số CCCD trùng với dòng 2 của tệp."
    assert messages[4] == "Không có thôn/tổ “Thôn Xa Lắc” trong Xã Phú Vinh."
    assert messages[6] == "Ngày không có thật: 31/02/1980."
    assert "Đoàn Thị Tám" in messages[8]
    with pytest.raises(ImportRefused):
        apply_import(preview, by=officer)
    assert written() == before


def test_values_as_real_files_hold_them(commune, village_a, officer):
    nfd = unicodedata.normalize("NFD", "  Nguyễn   Thị  Hương ")
    data = xlsx(
        template_rows(
            {
                "head_name": nfd,
                "village": "thon ha thuong",
                "category": "nghèo",
                "birth": dt.date(1981, 5, 2),
                "income": "1.500.000 đ",
                "phone": 912345678,
                "deprivations": "4; 1,7",
            },
            {
                "head_name": "Đinh Văn Khải",
                "village": "Hà Thượng",
                "category": "Mới thoát nghèo",
                "birth": "1968",
                "id_number": "123456789",
                "sex": "nam",
            },
            {
                "head_name": "Y Điêng",
                "village": "Thôn Hà Thượng",
                "category": "HCN",
                "ethnicity": "Ê Đê",
                "is_ethnic_minority": "x",
                "decision_date": dt.datetime(2025, 12, 20, 0, 0),  # noqa: DTZ001 (Excel date-times are naive)
            },
        )
    )
    preview = preview_of(data, commune, officer)
    assert not preview.blocked, preview.errors
    apply_import(preview, by=officer)

    huong = Household.objects.get(head_name="Nguyễn Thị Hương")  # NFC, spaces folded
    assert unicodedata.is_normalized("NFC", huong.head_name)
    assert huong.phone == "0912345678"
    assert huong.members.get().birth_date == dt.date(1981, 5, 2)
    classification = huong.classifications.get()
    assert (classification.category, classification.income_per_capita, classification.deprivations) == (
        Category.POOR,
        1_500_000,
        ["1", "4", "7"],
    )
    khai = Household.objects.get(head_name="Đinh Văn Khải")
    assert khai.classifications.get().category == Category.ESCAPED_POOR
    assert (khai.members.get().id_kind, khai.members.get().birth_year) == ("cmnd", 1968)
    dieng = Household.objects.get(head_name="Y Điêng")
    assert dieng.is_ethnic_minority and dieng.classifications.get().decision_date == dt.date(2025, 12, 20)
    assert (3, "Số CCCD (cột F)") in problems(preview, blocking=False)  # the old CMND is marked


@pytest.mark.parametrize(
    ("name", "cccd", "category"),
    [
        ("Họ tên chủ hộ", "CCCD", "Loại hộ"),
        ("Chủ hộ", "Số định danh cá nhân", "Phân loại"),
        ("HỌ VÀ TÊN  CHỦ HỘ", "Số CCCD/CMND", "PHÂN LOẠI HỘ"),
    ],
)
def test_columns_are_recognised_by_their_usual_names(commune, village_a, name, cccd, category):
    data = xlsx(
        [["TT", name, "Thôn", cccd, category], [1, "Bùi Văn Chín", "Hà Thượng", "046170000009", "Hộ nghèo"]]
    )

    preview = preview_of(data, commune)

    assert not preview.problems
    [plan] = preview.plans
    assert (plan.head_name, plan.head_values["id_number"], plan.classification_values["category"]) == (
        "Bùi Văn Chín",
        "046170000009",
        Category.POOR,
    )


def test_a_file_without_a_recognisable_header_is_refused(commune):
    preview = preview_of(xlsx([["Tên", "Tuổi"], ["An", 30]]), commune)

    assert preview.blocked and preview.errors[0].row is None
    assert "Họ và tên chủ hộ" in preview.errors[0].message


TCVN3_ROWS = [
    ["Danh s¸ch hé nghÌo n¨m 2025"],
    ["STT", "Hä vµ tªn chñ hé", "Th«n", "Ph©n lo¹i hé"],
    [1, "NguyÔn V¨n An", "Th«n Hµ Th­îng", "Hé nghÌo"],
    [2, "TrÇn ThÞ Lª", "Th«n Hµ Th­îng", "Hé cËn nghÌo"],
]
VNI_ROWS = [
    ["STT", "Hoï vaø teân chuû hoä", "Thoân", "Phaân loaïi hoä"],
    [1, "Nguyeãn Vaên An", "Thoân Haø Thöôïng", "Hoä ngheøo"],
    [2, "Traàn Thò Leâ", "Thoân Haø Thöôïng", "Hoä caän ngheøo"],
]


@pytest.mark.parametrize(("rows", "encoding"), [(TCVN3_ROWS, "TCVN3"), (VNI_ROWS, "VNI")])
def test_legacy_encoded_files_are_converted_and_said_so(commune, village_a, rows, encoding):
    preview = preview_of(xlsx(rows), commune)

    assert not preview.blocked
    assert [(p.head_name, p.village.name, p.category_display) for p in preview.plans] == [
        ("Nguyễn Văn An", "Thôn Hà Thượng", "Hộ nghèo"),
        ("Trần Thị Lê", "Thôn Hà Thượng", "Hộ cận nghèo"),
    ]
    [note] = preview.warnings
    assert note.row is None and encoding in note.message and "Unicode" in note.message


def test_an_ods_file_reads_like_the_xlsx(commune, village_a, officer):
    rows = [
        ["DANH SÁCH HỘ NGHÈO"],
        ["STT", "Họ và tên chủ hộ", "Thôn/Tổ", "Số CCCD", "Phân loại hộ", "Ngày sinh"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        [1, "Hà Văn Mười", "Hà Thượng", 46170000010, "HN", dt.date(1970, 1, 2)],
        [None, "NGƯỜI LẬP BIỂU"],
    ]
    preview = preview_of(ods(rows), commune, officer, file_name="ds.ods")

    assert [(p.row, p.head_name) for p in preview.plans] == [(4, "Hà Văn Mười")]
    assert problems(preview, blocking=False) == [(4, "Số CCCD (cột D)")]
    apply_import(preview, by=officer)
    assert Member.objects.get(full_name="Hà Văn Mười").birth_date == dt.date(1970, 1, 2)


def test_an_old_excel_97_xls_list_with_merged_headers_reads_like_the_xlsx(
    commune, village_a, village_b, officer
):
    rows, _merges = commune_list(
        [
            ("Thôn Hà Thượng", [person("Nguyễn Văn An", born=1975, cccd=46175001234)]),
            ("Thôn Hà Trữ", [person("Trần Thị Bình", female=True, born=1980, category="HCN")]),
        ]
    )
    # The same two-row header, merged the way Excel 2003 saves it (0-based row/column ranges).
    merges = (
        (6, 7, 0, 0),
        (6, 7, 1, 1),
        (6, 6, 2, 3),
        (6, 7, 4, 4),
        (6, 7, 5, 5),
        (6, 7, 6, 6),
        (6, 6, 7, 8),
        (6, 7, 9, 9),
    )
    preview = preview_of(xls(rows, merges=merges), commune, officer, file_name="ds-2003.xls")

    assert not preview.errors
    assert [(p.row, p.head_name, p.village.name) for p in preview.plans] == [
        (FIRST_DATA_ROW + 1, "Nguyễn Văn An", "Thôn Hà Thượng"),
        (FIRST_DATA_ROW + 3, "Trần Thị Bình", "Thôn Hà Trữ"),
    ]
    apply_import(preview, by=officer)
    an = Member.objects.get(full_name="Nguyễn Văn An")
    assert an.id_number == "046175001234" and an.birth_year == 1975
    assert Classification.objects.get(household__head_name="Trần Thị Bình").category == Category.NEAR_POOR


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xd0\xcf\x11\xe0" + b"\0" * 600, "Không đọc được tệp"),  # an .xls header, damaged body
        ("<html><table><tr><td>Chủ hộ</td></tr></table></html>".encode(), "trang web (HTML)"),
        (b"Ho ten;Thon\nAn;1\n", "Chỉ nhận tệp bảng tính"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(commune, data, message):
    preview = preview_of(data, commune)

    assert preview.blocked and message in preview.errors[0].message
    assert not preview.plans


def test_a_near_duplicate_name_in_the_same_village_is_a_warning(commune, village_a, officer, make_household):
    make_household(head_name="Nguyễn Văn Đức")
    data = xlsx(template_rows({"head_name": "Nguyen Van Duc", "village": "Hà Thượng", "birth": 1990}))

    preview = preview_of(data, commune, officer)

    assert not preview.blocked and preview.plans[0].action == "create"
    [warning] = preview.warnings
    assert (warning.row, warning.column) == (2, "Họ và tên chủ hộ (cột B)")
    assert "Nguyễn Văn Đức" in warning.message


def test_a_file_without_codes_or_cccd_does_not_create_households_twice(commune, village_a, officer):
    data = xlsx(
        template_rows(
            {"head_name": "Lò Văn Pâng", "village": "Hà Thượng", "birth": 1960},
            {"head_name": "Lò Văn Pâng", "village": "Hà Thượng", "birth": 1960},
        )
    )
    apply_import(preview_of(data, commune, officer), by=officer)
    assert Household.objects.count() == 2

    again = preview_of(data, commune, officer)
    assert again.counts["unchanged"] == 2
    apply_import(again, by=officer)
    assert Household.objects.count() == 2


def test_a_village_head_may_only_import_rows_of_their_village(commune, village_a, village_b, village_head):
    data = xlsx(
        template_rows(
            {"head_name": "Mai Văn Ích", "village": "Hà Thượng"},
            {"head_name": "Mai Văn Lợi", "village": "Hà Trữ"},
        )
    )
    before = written()
    preview = preview_of(data, commune, village_head)

    assert problems(preview) == [(3, "Thôn/Tổ (cột C)")]
    assert "Thôn Hà Trữ" in preview.errors[0].message
    with pytest.raises(ImportRefused):
        apply_import(preview, by=village_head)
    assert written() == before


def test_rows_without_a_village_take_the_chosen_default(commune, village_b, officer):
    data = xlsx([["STT", "Họ tên chủ hộ", "Phân loại hộ"], [1, "Cao Thị Mận", "Hộ nghèo"]])

    no_default = preview_of(data, commune, officer)
    with_default = preview_of(data, commune, officer, default_village=village_b)

    assert problems(no_default) == [(2, "")]
    assert with_default.plans[0].village == village_b and not with_default.blocked


def test_the_template_has_the_canonical_columns_and_its_example_row_is_skipped(commune, village_a, officer):
    sheet = load_workbook(io.BytesIO(template_xlsx())).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Mã hộ", "Họ và tên chủ hộ", "Thôn/Tổ"] and "Số CCCD" in header

    preview = preview_of(template_xlsx(), commune, officer)
    assert not preview.plans
    assert [(p.row, p.message) for p in preview.warnings] == [(2, "Dòng ví dụ của tệp mẫu: bỏ qua.")]


def test_an_exported_household_reimports_unchanged(commune, village_a, officer, make_household):
    household = make_household(head_name="Lương Thị Xuân", phone="0905111222", is_female_headed=True)
    head = household.members.get()
    row = household_row(household, head, household.classifications.get(), show_id=True)
    masked = household_row(household, head, household.classifications.get(), show_id=False)

    for values in (row, masked):
        preview = preview_of(xlsx([template_rows()[0], values]), commune, officer)
        assert not preview.problems
        assert [(p.action, p.household) for p in preview.plans] == [("unchanged", household)]


def test_the_refused_copy_adds_the_problems_beside_their_rows(commune, village_a):
    data = xlsx(
        template_rows(
            {"head_name": "Tô Văn Hai", "village": "Hà Thượng", "category": "xyz"},
            {"head_name": "Tô Văn Ba", "village": "Hà Thượng"},
        )
    )
    preview = preview_of(data, commune)

    copy = load_workbook(io.BytesIO(refused_copy(data, preview)))
    sheet = copy["Danh sách"]
    error_column = sheet.max_column
    assert sheet.cell(row=1, column=error_column).value == "Lỗi cần sửa (phần mềm thêm)"
    assert "Không hiểu phân loại “xyz”" in sheet.cell(row=2, column=error_column).value
    assert sheet.cell(row=3, column=error_column).value is None
    assert [c.value for c in copy["Lỗi"][2]][:2] == [2, "Phân loại hộ (cột K)"]


def test_a_second_sheet_with_the_list_is_found(commune, village_a):
    data = xlsx(
        [["Ghi chú: danh sách ở trang sau"]],
        extra_sheets=[("DS hộ nghèo", [["Chủ hộ", "Thôn"], ["Âu Văn Tư", "Hà Thượng"]])],
    )
    preview = preview_of(data, commune)

    assert preview.sheet_name == "DS hộ nghèo" and preview.plans[0].head_name == "Âu Văn Tư"


def test_imported_households_are_found_by_their_heads_citizen_id(
    client, officer, commune, village_a, village_b
):
    """The list's search key is the registry's: imported heads are searchable by name and CCCD."""
    from django.urls import reverse

    from households.importing import ImportOptions, import_file

    data = two_villages()
    preview, result = import_file(data, ImportOptions(commune=commune, user=officer, year=2025), by=officer)
    assert result is not None and result.created
    household = Household.objects.get(commune=commune, head_name="Nguyễn Văn An")
    id_number = household.members.get(relationship="head").id_number
    assert id_number and id_number in household.search_key
    client.force_login(officer)
    body = client.get(reverse("households:list"), {"q": id_number}).content.decode()
    assert household.head_name in body


def test_a_header_repeated_further_down_does_not_hide_the_rows_above_it(commune, village_a):
    """Lists pasted together from several pages repeat the header; the first one is the header."""
    header = ["STT", "Mã hộ", "Họ và tên chủ hộ", "Thôn/Tổ", "Số CCCD", "Phân loại hộ"]
    data = xlsx(
        [
            header,
            [1, "P-1", "Ngô Văn Một", "Thôn Hà Thượng", "046078009001", "Hộ nghèo"],
            header,
            [2, "P-2", "Ngô Văn Hai", "Thôn Hà Thượng", "046078009002", "Hộ nghèo"],
        ]
    )
    preview = preview_of(data, commune)

    assert preview.header_row == 1
    assert [(p.row, p.head_name) for p in preview.plans] == [(2, "Ngô Văn Một"), (4, "Ngô Văn Hai")]


@pytest.mark.parametrize("written_as", ["1980-03-05", "1980-3-5", "1980-03-05 00:00:00", "1980/03/05"])
def test_a_date_written_year_first_as_text_is_read(commune, village_a, written_as):
    """Lists exported by other software hold dates as text, year first (the web form takes them too)."""
    data = xlsx(template_rows({"head_name": "Tạ Văn Mười", "village": "Thôn Hà Thượng", "birth": written_as}))

    preview = preview_of(data, commune)

    assert not preview.blocked, preview.errors
    assert preview.plans[0].head_values["birth_date"] == dt.date(1980, 3, 5)


def test_a_stray_cell_far_from_the_list_is_refused_before_the_grid_is_built(commune, village_a):
    """One character typed at XFD3000 would make the reader build a 49-million-cell grid (2 GB):
    the file is refused with the cell's name, before reading it."""
    rows = template_rows({"head_name": "Tạ Văn Mười", "village": "Thôn Hà Thượng"})
    workbook = load_workbook(io.BytesIO(xlsx(rows)))
    workbook.active["XFD3000"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)

    preview = preview_of(buffer.getvalue(), commune)

    assert preview.blocked and not preview.plans
    assert "XFD3000" in preview.errors[0].message


def test_a_far_cell_that_only_holds_formatting_does_not_refuse_the_file(commune, village_a):
    from openpyxl.styles import Font

    rows = template_rows({"head_name": "Tạ Văn Mười", "village": "Thôn Hà Thượng"})
    workbook = load_workbook(io.BytesIO(xlsx(rows)))
    workbook.active["XFD3000"].font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)

    preview = preview_of(buffer.getvalue(), commune)

    assert not preview.blocked, preview.errors
    assert [p.head_name for p in preview.plans] == ["Tạ Văn Mười"]


def test_deprivations_stored_in_another_order_reimport_unchanged(commune, village_a, officer, make_household):
    """Lists written before the registry (and its demo data) hold codes as text-sorted ["10", "3"]:
    the same indicators in another order are no change to preview, apply and audit."""
    household = make_household(head_name="Lương Thị Xuân")
    classification = household.classifications.get()
    Classification.objects.filter(pk=classification.pk).update(deprivations=["10", "3", "4"])
    classification.refresh_from_db()
    row = household_row(household, household.members.get(), classification, show_id=True)

    preview = preview_of(xlsx([template_rows()[0], row]), commune, officer)

    assert not preview.problems
    assert [(p.action, p.changes) for p in preview.plans] == [("unchanged", [])]


def _xls_with(rows, cell: tuple[int, int], value, style=None) -> bytes:
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    worksheet = workbook.add_sheet("Danh sách")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is not None:
                worksheet.write(r, c, v)
    worksheet.write(*cell, value, *([style] if style else []))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xls_whose_value_reaches_the_last_cell_is_refused_before_it_is_opened(commune, village_a):
    """.xls reaches IV65536 (16.7 million cells); its reader builds every grid as the file opens."""
    rows = template_rows({"head_name": "Tạ Văn Mười", "village": "Thôn Hà Thượng"})
    preview = preview_of(_xls_with(rows, (65535, 255), "x"), commune, file_name="ds.xls")

    assert preview.blocked and not preview.plans
    assert "IV65536" in preview.errors[0].message


def test_an_xls_far_cell_that_only_holds_formatting_does_not_refuse_the_file(commune, village_a):
    import xlwt

    rows = template_rows({"head_name": "Tạ Văn Mười", "village": "Thôn Hà Thượng"})
    data = _xls_with(rows, (65535, 255), None, xlwt.easyxf("font: bold on"))

    preview = preview_of(data, commune, file_name="ds.xls")

    assert not preview.blocked, preview.errors
    assert [p.head_name for p in preview.plans] == ["Tạ Văn Mười"]


def test_an_ods_whose_repeated_cells_reach_far_is_refused(commune, village_a):
    """One value repeated over 5,000 rows × 1,000 columns is a 4 KB .ods and a 5-million-cell grid."""
    rows = template_rows({"head_name": "Tạ Văn Mười", "village": "Thôn Hà Thượng"})
    far = (
        '<table:table-row table:number-rows-repeated="5000"><table:table-cell table:number-columns-repeated="1000" '
        'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
    )
    preview = preview_of(ods(rows, tail_xml=far), commune, file_name="ds.ods")

    assert preview.blocked and not preview.plans
    assert "ALL5002" in preview.errors[0].message


def test_an_ods_with_formatted_empty_rows_to_the_end_of_the_sheet_reads(commune, village_a):
    """LibreOffice writes a formatted sheet's remaining rows as one empty row repeated a million times."""
    rows = template_rows({"head_name": "Tạ Văn Mười", "village": "Thôn Hà Thượng"})
    tail = (
        '<table:table-row table:number-rows-repeated="1048000">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    preview = preview_of(ods(rows, tail_xml=tail), commune, file_name="ds.ods")

    assert not preview.blocked, preview.errors
    assert [p.head_name for p in preview.plans] == ["Tạ Văn Mười"]
