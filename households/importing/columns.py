"""The columns of a household list: one spec for the import, the template and the export.

`COLUMNS` is the canonical order the template and the Excel export write (so an export
re-imports unchanged). `match_header` recognises the many ways real files name the same
column ("Họ và tên chủ hộ", "Họ tên chủ hộ", "Chủ hộ"…), regardless of case, diacritics,
spacing and punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from giamngheo.text import search_key


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # canonical Vietnamese header, written as is into files
    aliases: tuple[str, ...] = ()  # normalised phrases; every word of one must appear in the header
    exact: tuple[str, ...] = ()  # normalised headers that match only as a whole
    example: object = ""
    width: int = 14

    @property
    def label(self) -> str:
        """The header in the user's language, for messages."""
        return gettext(self.header)


# Canonical columns, in template/export order.
COLUMNS: tuple[Column, ...] = (
    Column("code", _("Mã hộ"), ("ma ho", "ma so ho", "ma hgd"), ("ma",), "HN-001", 12),
    Column(
        "head_name",
        _("Họ và tên chủ hộ"),
        ("ho va ten chu ho", "ho ten chu ho", "ten chu ho", "chu ho", "ho va ten", "ho ten"),
        (),
        "Nguyễn Thị Hương",
        26,
    ),
    Column(
        "village",
        _("Thôn/Tổ"),
        ("thon", "to dan pho", "ban", "ap", "xom", "khu pho", "to", "khom"),
        (),
        "Thôn Hà Thượng",
        18,
    ),
    Column("birth", _("Ngày/năm sinh"), ("nam sinh", "ngay sinh", "sinh nam"), ("ns",), "15/03/1978", 13),
    Column("sex", _("Giới tính"), ("gioi tinh",), ("gioi",), "Nữ", 9),
    Column(
        "id_number",
        _("Số CCCD"),
        ("cccd", "cmnd", "cmt", "can cuoc", "dinh danh", "giay to tuy than"),
        (),
        "046178001234",
        15,
    ),
    Column("ethnicity", _("Dân tộc"), ("dan toc",), (), "Kinh", 10),
    Column("address", _("Địa chỉ"), ("dia chi", "noi o", "cho o", "noi cu tru", "ho khau"), (), "", 24),
    Column("phone", _("Điện thoại"), ("dien thoai", "sdt", "so dt"), ("dt",), "0912345678", 13),
    Column("area", _("Khu vực"), ("khu vuc", "nong thon thanh thi"), (), "Nông thôn", 11),
    Column(
        "category",
        _("Phân loại hộ"),
        ("phan loai", "loai ho", "xep loai", "doi tuong", "ket qua ra soat"),
        (),
        "Hộ nghèo",
        16,
    ),
    Column("review_year", _("Năm rà soát"), ("nam ra soat", "nam danh gia", "nam phan loai"), (), 2025, 10),
    Column(
        "decision_number",
        _("Số QĐ công nhận"),
        ("so quyet dinh", "so qd", "quyet dinh so", "qd so"),
        (),
        "215/QĐ-UBND",
        16,
    ),
    Column(
        "decision_date",
        _("Ngày QĐ công nhận"),
        ("ngay quyet dinh", "ngay qd", "ngay cong nhan"),
        (),
        "20/12/2025",
        13,
    ),
    Column(
        "income",
        _("Thu nhập bình quân (đồng/người/tháng)"),
        ("thu nhap",),
        (),
        1_200_000,
        16,
    ),
    Column("b1_score", _("Điểm B1"), ("diem b1", "b1"), (), 120, 8),
    Column(
        "deprivations",
        _("Chỉ số thiếu hụt"),
        ("thieu hut",),
        (),
        "1, 4, 7",
        14,
    ),
    Column("is_ethnic_minority", _("Dân tộc thiểu số"), ("dan toc thieu so", "dtts", "thieu so"), (), "", 10),
    Column(
        "no_working_capacity",
        _("Không có khả năng lao động"),
        (
            "khong co kha nang lao dong",
            "khong co suc lao dong",
            "khong kha nang lao dong",
            "khong co lao dong",
        ),
        (),
        "",
        12,
    ),
    Column("is_merit_family", _("Gia đình có công"), ("co cong", "chinh sach"), (), "", 10),
    Column(
        "is_female_headed",
        _("Chủ hộ là nữ"),
        ("chu ho la nu", "chu ho nu", "phu nu lam chu ho", "nu chu ho", "nu lam chu ho"),
        (),
        "x",
        9,
    ),
    Column("has_disabled_member", _("Có người khuyết tật"), ("khuyet tat",), (), "", 10),
    Column("poverty_cause", _("Nguyên nhân nghèo"), ("nguyen nhan",), (), "Thiếu vốn sản xuất", 22),
    Column("notes", _("Ghi chú"), ("ghi chu",), (), "", 20),
)

# Columns recognised on import only (not written by the template or the export).
EXTRA_COLUMNS: tuple[Column, ...] = (
    Column("stt", _("STT"), (), ("stt", "tt", "so tt", "so thu tu", "thu tu")),
    Column("relationship", _("Quan hệ với chủ hộ"), ("quan he", "qh voi chu ho"), ()),
    # "Năm sinh" split into "Nam" / "Nữ": the year sits in the column of the person's sex.
    Column("birth_male", _("Năm sinh (Nam)")),
    Column("birth_female", _("Năm sinh (Nữ)")),
    # A mark ("x") under "Hộ nghèo" / "Hộ cận nghèo"… instead of a category column.
    Column("mark_poor", _("Hộ nghèo"), (), ("ho ngheo", "ngheo", "hn")),
    Column("mark_near_poor", _("Hộ cận nghèo"), (), ("ho can ngheo", "can ngheo", "hcn")),
    Column("mark_escaped_poor", _("Hộ mới thoát nghèo"), (), ("ho moi thoat ngheo", "moi thoat ngheo")),
    Column(
        "mark_escaped_near_poor",
        _("Hộ mới thoát cận nghèo"),
        (),
        ("ho moi thoat can ngheo", "moi thoat can ngheo"),
    ),
)

BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS + EXTRA_COLUMNS}
KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS)

# The order in which token rules are tried: specific columns before the ones whose words
# appear inside other headers ("Số CCCD chủ hộ" is the CCCD, not the head's name;
# "Quan hệ với chủ hộ" is not the name either; "Địa chỉ (thôn)" is the address).
_MATCH_ORDER = (
    "is_female_headed",
    "id_number",
    "relationship",
    "birth",
    "sex",
    "is_ethnic_minority",
    "ethnicity",
    "code",
    "decision_number",
    "decision_date",
    "review_year",
    "income",
    "b1_score",
    "deprivations",
    "no_working_capacity",
    "is_merit_family",
    "has_disabled_member",
    "poverty_cause",
    "category",
    "area",
    "phone",
    "address",
    "notes",
    "village",
    "head_name",
)

_NUMBERING = re.compile(r"\(\s*\d{1,2}\s*\)")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_BIRTH_SPLIT = re.compile(r"\b(?:nam|ngay thang nam|ngay) sinh\b.*\b(nam|nu)$")


def header_text_key(text: object) -> str:
    """ "Họ và tên\nchủ hộ (2)" → "ho va ten chu ho"."""
    if text is None:
        return ""
    key = search_key(_NUMBERING.sub(" ", str(text)))
    return " ".join(_NON_WORD.sub(" ", key).split())


_EXACT: dict[str, str] = {}
for _column in COLUMNS + EXTRA_COLUMNS:
    for _phrase in _column.exact + _column.aliases:
        _EXACT.setdefault(_phrase, _column.key)
    _EXACT.setdefault(header_text_key(_column.header), _column.key)

_RULES: list[tuple[str, frozenset[str]]] = [
    (key, frozenset(alias.split())) for key in _MATCH_ORDER for alias in BY_KEY[key].aliases
]


def match_header(text: object) -> str | None:
    """The column key a header cell names, or None."""
    key = header_text_key(text)
    if not key:
        return None
    if key in _EXACT:
        return _EXACT[key]
    if split := _BIRTH_SPLIT.search(key):
        return "birth_male" if split.group(1) == "nam" else "birth_female"
    words = set(key.split())
    for column_key, alias_words in _RULES:
        if alias_words <= words:
            return column_key
    return None


def column_letter(index: int) -> str:
    """0 → "A", 27 → "AB"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
