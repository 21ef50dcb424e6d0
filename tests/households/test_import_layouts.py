"""Header shapes of lists as communes keep them: group titles over sub-headers, titles right
above the header, columns the import cannot place. Every column is recognised or listed as
unused, and the header row is named as Excel shows it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from households.importing import ImportOptions, apply_import, build_preview
from households.importing.columns import column_letter
from households.importing.layout import data_rows, find_layout
from households.importing.reading import read_sheets
from households.models import Member
from tests.households.fixtures_import import ods, xls, xlsx

pytestmark = pytest.mark.django_db


def preview_of(data, commune, **options):
    return build_preview(data, ImportOptions(commune=commune, year=2025, file_name="ds.xlsx", **options))


def listed(preview) -> dict[str, str]:
    """Column letter → the key's label or "unused", for every column the preview names."""
    seen = {letter: label for label, letter, _h in preview.columns}
    for letter, _h in preview.ignored_columns:
        assert letter not in seen, f"column {letter} both recognised and unused"
        seen[letter] = "unused"
    return seen


GROUP_TITLES = ["Thông tin chủ hộ", "Chủ hộ", "THÔNG TIN VỀ CHỦ HỘ GIA ĐÌNH", "Nhân thân", "Người đại diện"]
SUB_HEADERS = [
    ("Họ và tên", "Năm sinh", "Số CCCD"),
    ("Họ tên", "Ngày sinh", "CCCD"),
    ("Tên chủ hộ", "NS", "Số định danh cá nhân"),
    ("HỌ VÀ TÊN", "Ngày, tháng, năm sinh", "Số CMND/CCCD"),
]


def grouped_list(group: str, subs: tuple[str, str, str]) -> list[list]:
    # A1 title, row 3 empty, rows 4–5 the header: STT and Thôn/Phân loại merged down, the group
    # title merged over B4:D4.
    return [
        ["UBND XÃ PHÚ VINH"],
        ["DANH SÁCH HỘ NGHÈO NĂM 2025"],
        [None],
        ["STT", group, None, None, "Thôn", "Phân loại hộ"],
        [None, *subs, None, None],
        [1, "Nguyễn Văn An", 1975, "046175001234", "Hà Thượng", "Hộ nghèo"],
        [2, "Lê Thị Hoa", 1980, "046180001235", "Hà Thượng", "Hộ cận nghèo"],
    ]


def as_file(kind: str, rows: list[list]) -> bytes:
    if kind == "xlsx":
        return xlsx(rows, merges=("A4:A5", "B4:D4", "E4:E5", "F4:F5"))
    if kind == "xls":
        return xls(rows, merges=((3, 4, 0, 0), (3, 3, 1, 3), (3, 4, 4, 4), (3, 4, 5, 5)))
    return ods(rows)  # no merge information at all


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
@pytest.mark.parametrize("group", GROUP_TITLES)
@pytest.mark.parametrize("subs", SUB_HEADERS)
def test_sub_headers_under_a_group_title_are_columns(commune, village_a, officer, kind, group, subs):
    preview = preview_of(as_file(kind, grouped_list(group, subs)), commune)

    assert not preview.blocked, preview.errors
    assert preview.header_row == 4
    assert listed(preview) == {
        "A": "STT",
        "B": "Họ và tên chủ hộ",
        "C": "Ngày/năm sinh",
        "D": "Số CCCD",
        "E": "Thôn/Tổ",
        "F": "Phân loại hộ",
    }
    assert [(p.row, p.head_name) for p in preview.plans] == [(6, "Nguyễn Văn An"), (7, "Lê Thị Hoa")]
    assert not preview.warnings
    apply_import(preview, by=officer)
    an = Member.objects.get(full_name="Nguyễn Văn An")
    assert (an.birth_year, an.id_number) == (1975, "046175001234")


def test_a_sub_header_the_matcher_does_not_know_is_listed_as_unused_not_taken_for_the_group(
    commune, village_a
):
    rows = [
        ["STT", "Thông tin chủ hộ", None, None, "Thôn"],
        [None, "Nghề nghiệp", "Họ và tên", "Số CCCD", None],
        [1, "Làm ruộng", "Nguyễn Văn An", "046175001234", "Hà Thượng"],
    ]
    preview = preview_of(xlsx(rows, merges=("A1:A2", "B1:D1", "E1:E2")), commune)

    assert listed(preview) == {
        "A": "STT",
        "B": "unused",
        "C": "Họ và tên chủ hộ",
        "D": "Số CCCD",
        "E": "Thôn/Tổ",
    }
    assert [p.head_name for p in preview.plans] == ["Nguyễn Văn An"]
    [warning] = preview.warnings
    assert warning.column == "Cột B"
    assert (
        "“Nghề nghiệp”" in warning.message and "dòng 3" in warning.message and "Làm ruộng" in warning.message
    )


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
def test_a_title_right_above_a_one_row_header_is_not_the_header(commune, village_a, kind):
    """The root of "row 6 where Excel shows 7": the title above was read as the top half of a
    two-row header."""
    rows = [
        ["ỦY BAN NHÂN DÂN XÃ PHÚ VINH"],
        [None],
        ["DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025"],
        [None],
        [None],
        ["(Kèm theo Quyết định số 215/QĐ-UBND ngày 20/12/2025)"],
        ["STT", "Họ và tên chủ hộ", "Thôn", "Số CCCD", "Phân loại hộ"],
        [1, "Nguyễn Văn An", "Hà Thượng", "046175001234", "Hộ nghèo"],
    ]
    data = {"xlsx": xlsx, "xls": xls, "ods": ods}[kind](rows)
    preview = preview_of(data, commune)

    assert preview.header_row == 7
    assert not preview.ignored_columns and not preview.problems
    assert [(p.row, p.head_name) for p in preview.plans] == [(8, "Nguyễn Văn An")]


def test_columns_holding_data_the_import_cannot_place_are_named_before_anything_is_written(
    commune, village_a
):
    rows = [
        ["Họ và tên chủ hộ", "Thôn", "Nghề nghiệp", None, "Họ và tên"],
        ["Nguyễn Văn An", "Hà Thượng", "Làm ruộng", None, "Trùng tên"],
        ["Lê Thị Hoa", "Hà Thượng", None, "ghi chú bên lề", None],
    ]
    preview = preview_of(xlsx(rows), commune)

    assert listed(preview) == {
        "A": "Họ và tên chủ hộ",
        "B": "Thôn/Tổ",
        "C": "unused",
        "D": "unused",
        "E": "unused",
    }
    assert ("D", "") in preview.ignored_columns
    messages = {w.column: w.message for w in preview.warnings if w.row is None}
    assert set(messages) == {"Cột C", "Cột D", "Cột E"}
    assert (
        "“Nghề nghiệp”" in messages["Cột C"]
        and "Làm ruộng" in messages["Cột C"]
        and "dòng 2" in messages["Cột C"]
    )
    assert "không có tiêu đề" in messages["Cột D"] and "dòng 3" in messages["Cột D"]
    assert "cột khác cùng thông tin" in messages["Cột E"]


def test_the_preview_page_lists_unused_columns_and_warns(client, officer, commune, village_a):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    rows = [["Họ và tên chủ hộ", "Thôn", None], ["Nguyễn Văn An", "Hà Thượng", "046175001234"]]
    client.force_login(officer)
    upload = SimpleUploadedFile("ds.xlsx", xlsx(rows))
    client.post(reverse("households:import_upload"), {"file": upload, "commune": commune.pk, "year": 2025})
    page = client.get(reverse("households:import_preview")).content.decode()

    assert "C (không có tiêu đề)" in page
    assert "Cột C không có tiêu đề nhưng có dữ liệu" in page and "046175001234" in page


# ---- any header shape --------------------------------------------------------------------
SPELLINGS = {
    "head_name": ["Họ và tên", "Họ tên", "HỌ VÀ TÊN CHỦ HỘ", "Tên chủ hộ"],
    "birth": ["Năm sinh", "Ngày sinh", "NS"],
    "id_number": ["Số CCCD", "CCCD", "Số định danh", "Số CMND"],
    "village": ["Thôn", "Thôn/Tổ", "Tổ dân phố", "Xóm"],
    "category": ["Phân loại hộ", "Loại hộ", "Kết quả rà soát"],
    "ethnicity": ["Dân tộc", "DÂN TỘC"],
    "notes": ["Ghi chú", "GHI CHÚ"],
    "phone": ["Số điện thoại", "SĐT"],
}
SAMPLES = {
    "head_name": "Nguyễn Văn An",
    "birth": 1975,
    "id_number": "046175001234",
    "village": "Hà Thượng",
    "category": "Hộ nghèo",
    "ethnicity": "Kinh",
    "notes": "ốm đau",
    "phone": "0912345678",
}


@st.composite
def headers(draw):
    keys = ["head_name"] + draw(
        st.lists(st.sampled_from([k for k in SPELLINGS if k != "head_name"]), unique=True, min_size=1)
    )
    keys = draw(st.permutations(keys))
    spelled = [draw(st.sampled_from(SPELLINGS[k])) for k in keys]
    width = len(keys)
    group = None
    if width >= 3 and draw(st.booleans()):
        # A group title over some of the columns (over all of them it reads as the list's title).
        start = draw(st.integers(0, width - 2))
        end = draw(st.integers(start + 1, width - 1 if start else width - 2))
        group = (start, end, draw(st.sampled_from(GROUP_TITLES + ["Thông tin chung", "Hộ gia đình"])))
    titles = draw(st.lists(st.sampled_from(["DANH SÁCH HỘ NGHÈO", "(Kèm theo QĐ số 5)", None]), max_size=3))
    return keys, spelled, group, titles


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=headers(), merged=st.booleans())
def test_any_header_shape_maps_every_column_and_names_the_header_row(shape, merged):
    keys, spelled, group, titles = shape
    rows: list[list] = [[t] for t in titles]
    header_row = len(rows) + 1
    merges = []
    if group is None:
        rows.append(spelled)
    else:
        start, end, title = group
        top = [None if start < c <= end else (title if c == start else spelled[c]) for c in range(len(keys))]
        sub = [spelled[c] if start <= c <= end else None for c in range(len(keys))]
        rows += [top, sub]
        r = header_row
        merges.append(f"{column_letter(start)}{r}:{column_letter(end)}{r}")
        merges += [
            f"{column_letter(c)}{r}:{column_letter(c)}{r + 1}"
            for c in range(len(keys))
            if not start <= c <= end
        ]
    rows.append([SAMPLES[k] for k in keys])
    data = xlsx(rows, merges=tuple(merges)) if merged else ods(rows)

    [sheet] = read_sheets(data)
    layout = find_layout(sheet)

    assert layout is not None and layout.header_start + 1 == header_row
    assert layout.columns == {k: c for c, k in enumerate(keys)}
    [row] = list(data_rows(layout))
    assert row.number == len(rows) and row.cells["head_name"] == "Nguyễn Văn An"
    assert not layout.unplaced


# ---- legacy encodings, column by column ----------------------------------------------------
def unicode_template_with(names: list[str]) -> bytes:
    from tests.households.fixtures_import import template_rows

    unicode_rows = [
        {"head_name": n, "village": "Thôn Hà Thượng", "category": "Hộ cận nghèo", "ethnicity": "Kinh"}
        for n in ["Nguyễn Văn Một", "Trần Thị Hai", "Lê Văn Ba", "Phạm Thị Bốn", "Võ Văn Năm", "Đặng Thị Sáu"]
    ]
    legacy_rows = [
        {"head_name": n, "village": "Thôn Hà Thượng", "category": "Hộ nghèo", "ethnicity": "Kinh"}
        for n in names
    ]
    return xlsx(template_rows(*unicode_rows, *legacy_rows))


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        (["Hoµng ThÞ Mai", "NguyÔn V¨n An"], ["Hoàng Thị Mai", "Nguyễn Văn An"]),  # TCVN3 (.VnTime)
        (["Hoaøng Thò Mai", "Nguyeãn Vaên An"], ["Hoàng Thị Mai", "Nguyễn Văn An"]),  # VNI
        (["Hoµng ThÞ Mai"], ["Hoàng Thị Mai"]),  # one name alone among Unicode ones
    ],
)
def test_legacy_names_pasted_into_a_unicode_template_are_converted(
    commune, village_a, officer, pasted, expected
):
    preview = preview_of(unicode_template_with(pasted), commune)

    assert not preview.blocked, preview.errors
    names = [p.head_name for p in preview.plans]
    assert names[6:] == expected and names[:6][0] == "Nguyễn Văn Một"
    [note] = [w for w in preview.warnings if w.row is None]
    assert "cột B" in note.message and "Unicode" in note.message
    apply_import(preview, by=officer)
    assert Member.objects.filter(full_name__in=expected).count() == len(expected)
    assert not Member.objects.filter(full_name__contains="µ").exists()


@pytest.mark.parametrize("garbled", ["Nguyễn ThÞ Mai", "Hoàng Th\ufffd Mai", "Lª Thị Hoa"])
def test_a_name_neither_unicode_nor_convertible_is_refused_with_its_row(commune, village_a, officer, garbled):
    preview = preview_of(unicode_template_with([garbled]), commune)

    assert preview.blocked
    [error] = preview.errors
    assert error.row == 8 and error.column.startswith("Họ và tên chủ hộ")
    assert "không phải chữ tiếng Việt Unicode" in error.message


def test_a_legacy_header_over_plain_ascii_data_is_still_read(commune, village_a):
    """A TCVN3 file whose category column holds only codes: the header alone shows its encoding."""
    rows = [
        ["STT", "Hä vµ tªn chñ hé", "Th«n", "Ph©n lo¹i hé"],
        [1, "NguyÔn V¨n An", "Th«n Hµ Th­îng", "HN"],
        [2, "TrÇn ThÞ Lª", "Th«n Hµ Th­îng", "HCN"],
    ]
    preview = preview_of(xlsx(rows), commune)

    assert not preview.blocked, preview.errors
    assert [(p.head_name, p.category_display) for p in preview.plans] == [
        ("Nguyễn Văn An", "Hộ nghèo"),
        ("Trần Thị Lê", "Hộ cận nghèo"),
    ]
    assert preview.legacy_columns == {"tcvn3": ["B", "C", "D"]}


@pytest.mark.parametrize("name", ["Hoàng Văn Tổ", "Lê Thị Ban", "Nguyễn Văn Thôn", "Họ Văn Tên"])
def test_a_first_household_whose_name_reads_like_a_header_is_still_a_household(commune, village_a, name):
    """A text-only first row under a one-row header is data, even when the name's words are a
    header's ("Tổ", "Ban", "Thôn")."""
    rows = [
        ["Họ và tên chủ hộ", "Thôn", "Phân loại hộ"],
        [name, "Hà Thượng", "Hộ nghèo"],
        ["Trần Văn Hai", "Hà Thượng", "Hộ cận nghèo"],
    ]
    preview = preview_of(xlsx(rows), commune)

    assert preview.header_row == 1
    assert [(p.row, p.head_name) for p in preview.plans] == [(2, name), (3, "Trần Văn Hai")]


def test_two_groups_in_one_header_each_map_their_sub_headers(commune, village_a, officer):
    rows = [
        ["STT", "Thông tin chủ hộ", None, None, "Quyết định công nhận", None, "Thôn", "Phân loại"],
        [None, "Họ và tên", "Năm sinh", "Số CCCD", "Số", "Ngày", None, None],
        [1, "Nguyễn Văn An", 1975, "046175001234", "215/QĐ-UBND", "20/12/2025", "Hà Thượng", "HN"],
    ]
    merges = ("A1:A2", "B1:D1", "E1:F1", "G1:G2", "H1:H2")
    preview = preview_of(xlsx(rows, merges=merges), commune)

    assert listed(preview) == {
        "A": "STT",
        "B": "Họ và tên chủ hộ",
        "C": "Ngày/năm sinh",
        "D": "Số CCCD",
        "E": "Số QĐ công nhận",
        "F": "Ngày QĐ công nhận",
        "G": "Thôn/Tổ",
        "H": "Phân loại hộ",
    }
    assert preview.header_row == 1 and not preview.warnings


def test_an_eth_typed_for_d_is_the_vietnamese_letter_not_a_legacy_sign(commune, village_a):
    rows = [
        ["Họ và tên chủ hộ", "Thôn"],
        ["Ðinh Văn Ðức", "Hà Thượng"],
        ["Ðinh Van Hung", "Hà Thượng"],
        ["Ðoan Thi Ha", "Hà Thượng"],
    ]
    preview = preview_of(xlsx(rows), commune)

    assert not preview.blocked, preview.errors
    assert [p.head_name for p in preview.plans] == ["Đinh Văn Đức", "Đinh Van Hung", "Đoan Thi Ha"]


def three_row_header(kind: str) -> bytes:
    """ "Thông tin chủ hộ" › "Năm sinh" › "Nam | Nữ": a group title over sub-headers, one of them
    split again by sex, STT and Thôn merged down all three rows."""
    rows = [
        ["DANH SÁCH HỘ NGHÈO NĂM 2025"],
        ["STT", "Thông tin chủ hộ", None, None, None, "Thôn"],
        [None, "Họ và tên", "Năm sinh", None, "Số CCCD", None],
        [None, None, "Nam", "Nữ", None, None],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        [1, "Nguyễn Văn An", 1975, None, "046175001234", "Hà Thượng"],
        [2, "Lê Thị Hoa", None, 1980, "046180001235", "Hà Thượng"],
    ]
    if kind == "xlsx":
        return xlsx(rows, merges=("A2:A4", "B2:E2", "B3:B4", "C3:D3", "E3:E4", "F2:F4"))
    if kind == "xls":
        return xls(
            rows, merges=((1, 3, 0, 0), (1, 1, 1, 4), (2, 3, 1, 1), (2, 2, 2, 3), (2, 3, 4, 4), (1, 3, 5, 5))
        )
    return ods(rows)


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
def test_a_three_row_header_maps_the_innermost_sub_headers(commune, village_a, officer, kind):
    preview = preview_of(three_row_header(kind), commune)

    assert preview.header_row == 2
    assert listed(preview) == {
        "A": "STT",
        "B": "Họ và tên chủ hộ",
        "C": "Năm sinh (Nam)",
        "D": "Năm sinh (Nữ)",
        "E": "Số CCCD",
        "F": "Thôn/Tổ",
    }
    assert [(p.row, p.head_name) for p in preview.plans] == [(6, "Nguyễn Văn An"), (7, "Lê Thị Hoa")]
    apply_import(preview, by=officer)
    hoa = Member.objects.get(full_name="Lê Thị Hoa")
    assert (hoa.birth_year, hoa.sex, hoa.id_number) == (1980, "female", "046180001235")
