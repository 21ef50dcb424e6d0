"""Find the table inside a real commune list and walk its data rows.

Real lists start with title rows, have one- or two-row (merged) headers, a numbering row
"(1) (2) (3)…", group rows per village ("Thôn 1"), totals, and signature rows at the end.
`find_layout` locates the header; `data_rows` yields only the rows that describe households,
each with its spreadsheet row number.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from households.importing import legacy
from households.importing.columns import match_header
from households.importing.reading import Sheet
from households.importing.values import VILLAGE_WORDS, key, text

HEADER_SEARCH_ROWS = 40
_NUMBERING_CELL = re.compile(r"\(?\s*(\d{1,2}|[A-Za-z])\s*\)?")
_FOOTER_EXACT = {
    "nguoi lap bieu",
    "nguoi lap",
    "nguoi lap danh sach",
    "chu tich",
    "pho chu tich",
    "truong thon",
    "to truong",
    "truong ban",
    "can bo giam ngheo",
    "can bo lao dong",
    "ke toan",
    "thu truong don vi",
}
_FOOTER_START = (
    "tm ",
    "kt ",
    "t m ",
    "k t ",
    "xac nhan",
    "ky ghi ro",
    "ky va ghi ro",
    "ky ten",
    "nguoi lap ",
)
_DATE_LINE = re.compile(r"\bngay\b.*\bthang\b.*\bnam\b")
_TOTAL = {"tong", "tong cong", "cong", "tong so", "tong so ho", "cong toan xa"}
_ROMAN = re.compile(r"[ivxlc]+|\d+|[a-z]")


@dataclass
class Layout:
    sheet: Sheet
    header_start: int  # 0-based index of the first header row
    header_rows: int  # 1 to 3
    columns: dict[str, int]  # column key → 0-based column index
    headers: dict[int, str]  # column index → header text as written
    ignored: list[tuple[int, str]] = field(default_factory=list)  # headers we do not use
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # a second column for one key
    # Columns holding data that no column key takes: index → (first row number, its value).
    # Filled by `data_rows` as it walks the rows.
    unplaced: dict[int, tuple[int, object]] = field(default_factory=dict)

    @property
    def score(self) -> int:
        return len(self.columns)

    @property
    def first_data_row(self) -> int:
        return self.header_start + self.header_rows


@dataclass
class DataRow:
    number: int  # spreadsheet row number, as Excel shows it
    cells: dict[str, object]  # column key → raw value
    group_village: str = ""  # the village named by the last group row above, if any
    group_row: int | None = None


# ---- encoding ---------------------------------------------------------------------------
def convert_legacy_text(sheet: Sheet) -> dict[str, list[int]]:
    """Detect TCVN3/VNI text column by column and convert it to Unicode in place.

    Per column, not per sheet: names pasted from an old .VnTime list into a Unicode template
    are a legacy column among Unicode headers, villages and categories, which would outvote
    them. A cell that shows a legacy encoding on its own (its marks prove it) is converted
    even where its column reads as Unicode. Returns {encoding: [column indices converted]}.
    """
    cells: dict[int, list[int]] = defaultdict(list)  # column → rows of its non-ASCII text cells
    rows = sheet.rows
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and value and not value.isascii():
                cells[c].append(r)
    converted: dict[str, set[int]] = defaultdict(set)
    for c, column_rows in cells.items():
        kinds = [legacy.cell_kind(rows[r][c]) for r in column_rows]
        column_encoding = legacy.detect_kinds(kinds)
        for r, kind in zip(column_rows, kinds, strict=True):
            encoding = column_encoding or (kind if kind in (legacy.TCVN3, legacy.VNI) else None)
            if encoding and (new := legacy.convert(value := rows[r][c], encoding)) != value:
                rows[r][c] = new
                converted[encoding].add(c)
    return {encoding: sorted(columns) for encoding, columns in converted.items()}


# ---- header -----------------------------------------------------------------------------
def _cell(row: list[object], index: int) -> object:
    return row[index] if index < len(row) else ""


def _is_numbering(value: object) -> bool:
    value_text = text(value)
    return bool(_NUMBERING_CELL.fullmatch(value_text)) if value_text else False


def _map(candidates: list[list[str]]) -> tuple[dict[str, int], dict[int, str], list[tuple[int, str]]]:
    """Map each column to the first of its header options that names a column.

    Options are tried tier by tier across the whole row: every column's own (sub-)header first,
    then "group sub-header", then the group title alone. So "Họ và tên" under "Thông tin chủ hộ"
    is the head's name even when the group title, read alone, would also say "chủ hộ", and a
    column whose header names a column already taken is a duplicate (listed as unused).
    """
    columns: dict[str, int] = {}
    headers: dict[int, str] = {}
    duplicates: list[tuple[int, str]] = []
    undecided = set(range(len(candidates)))
    for tier in range(max((len(o) for o in candidates), default=0)):
        for index in sorted(undecided):
            options = candidates[index]
            if tier >= len(options) or (column_key := match_header(options[tier])) is None:
                continue
            undecided.discard(index)
            headers[index] = options[tier]
            if column_key in columns:
                duplicates.append((index, options[0]))  # the column's own header, as written
            else:
                columns[column_key] = index
    duplicates.sort()
    return columns, headers, duplicates


def _single(sheet: Sheet, r: int) -> Layout:
    row = sheet.rows[r]
    columns, headers, duplicates = _map([[text(v)] for v in row])
    return Layout(sheet, r, 1, columns, headers, duplicates=duplicates)


def _stacked(sheet: Sheet, r: int, height: int, single: Layout) -> Layout | None:
    """The header read from rows r … r+height-1 (a merged header of two or three rows: a group
    title, its sub-headers, and theirs, as "Thông tin chủ hộ" › "Năm sinh" › "Nam | Nữ"), if the
    rows below r can be header rows."""
    if r + height > len(sheet.rows):
        return None
    grid = [[text(v) for v in sheet.rows[k]] for k in range(r, r + height)]
    width = max(len(g) for g in grid)
    for g in grid:
        g += [""] * (width - len(g))
    for k in range(1, height):
        for value, cell_text in zip(sheet.rows[r + k], grid[k], strict=False):
            # Header rows below the first hold words, not data (numbers, dates, ID numbers).
            if value != "" and not isinstance(value, str) and not _is_numbering(value):
                return None
            if (
                any(ch.isdigit() for ch in cell_text)
                and not _is_numbering(cell_text)
                and not match_header(cell_text)
            ):
                return None
    top, sub = grid[0], grid[-1]
    name_column = single.columns.get("head_name")
    if (
        name_column is not None
        and sub[name_column]
        and not _is_numbering(sub[name_column])
        and match_header(sub[name_column]) is None
        and not any(match_header(sub[c]) for c in _span(sheet, r, name_column, top, sub) if c != name_column)
    ):
        # A name under the name column, not a sub-header: that row is data. (Unless the "name"
        # is a group title such as "Thông tin chủ hộ" whose sub-headers name columns.)
        return None
    levels = []  # each upper row with its titles carried over the columns they span
    for k in range(height - 1):
        filled = grid[k][:]
        for (r0, c0), (_r1, c1) in sheet.merged:
            if r0 == r + k and c1 > c0:
                for c in range(c0 + 1, min(c1 + 1, width)):
                    filled[c] = filled[c] or grid[k][c0]
        lower = [any(grid[j][c] for j in range(k + 1, height)) for c in range(width)]
        for c in range(1, width):  # groups without merge information (.ods): "Năm sinh" over "Nam", "Nữ"
            if not filled[c] and lower[c] and lower[c - 1] and filled[c - 1]:
                filled[c] = filled[c - 1]
        levels.append(filled)
    candidates = []
    for c in range(width):
        parts = [sub[c]] + [level[c] for level in reversed(levels)]  # the cell's own, then upwards
        options = []
        for i, part in enumerate(parts):
            if i:
                options.append(" ".join(p for p in reversed(parts[: i + 1]) if p))
            options.append(part)
        candidates.append(list(dict.fromkeys(o for o in options if o)))
    columns, headers, duplicates = _map(candidates)
    return Layout(sheet, r, height, columns, headers, duplicates=duplicates)


def _span(sheet: Sheet, r: int, c: int, top: list[str], sub: list[str]) -> range:
    """The columns the top-row cell at c spans: its merged range, or (without merge
    information) the empty top cells after it that have sub-headers."""
    for (r0, c0), (_r1, c1) in sheet.merged:
        if r0 == r and c0 <= c <= c1:
            return range(c0, c1 + 1)
    end = c
    while end + 1 < len(top) and not top[end + 1] and sub[end + 1]:
        end += 1
    return range(c, end + 1)


def find_layout(sheet: Sheet) -> Layout | None:
    """The best header in the first rows: the one naming most known columns, with the head's name.

    Of equally good headers the one that ends first wins (two rows before one when both end on
    the same row): a list pasted together from several pages repeats its header, and the rows
    between the first header and a repeat are households, not the top half of a header.
    """
    best: tuple[tuple[int, int, int], Layout] | None = None
    searched = range(min(len(sheet.rows), HEADER_SEARCH_ROWS + 1))
    singles = [_single(sheet, r) for r in searched]
    doubles = [_stacked(sheet, r, 2, singles[r]) for r in searched]
    for r in range(min(len(sheet.rows), HEADER_SEARCH_ROWS)):
        single = singles[r]
        double, triple = doubles[r], _stacked(sheet, r, 3, single)
        if double is not None and not _top_row_adds(sheet, r, double, singles[r + 1]):
            double = None
        if triple is not None and not _top_row_adds(sheet, r, triple, doubles[r + 1] or singles[r + 1]):
            triple = None
        for layout in (single, double, triple):
            if layout is None or "head_name" not in layout.columns or layout.score < 2:
                continue
            rank = (layout.score, -(layout.first_data_row), layout.header_rows)
            if best is None or rank > best[0]:
                best = (rank, layout)
    if best is None:
        return None
    layout = best[1]
    used = set(layout.headers)
    for r in range(layout.header_start, layout.first_data_row):
        for c, value in enumerate(sheet.rows[r]):
            if c not in used and (value_text := text(value)) and not _is_numbering(value_text):
                layout.ignored.append((c, value_text))
                used.add(c)
    return layout


def _top_row_adds(sheet: Sheet, r: int, combined: Layout, below: Layout) -> bool:
    """Whether row r is the top half of a two-row header rather than a title or an empty row
    above a one-row header (taking it so made the preview name the header one row too early).

    It is when reading both rows places columns that the lower row alone does not; or when it
    holds a header over an empty cell (a column whose header is merged down over both rows);
    or a group title over some, not all, of the columns. A title spans the whole table.
    """
    if combined.columns != below.columns:
        return True
    top = [text(v) for v in sheet.rows[r]]
    under = [text(v) for v in sheet.rows[r + 1]]
    width = max(len(top), len(under))
    top += [""] * (width - len(top))
    under += [""] * (width - len(under))
    used = {c for c in range(width) if top[c] or under[c]}
    texts = [c for c in range(width) if top[c] and not _is_numbering(top[c])]
    merged = {c0: range(c0, c1 + 1) for (r0, c0), (_r1, c1) in sheet.merged if r0 == r and c1 > c0}
    for c in texts:
        if len(texts) >= 2 and not under[c]:
            return True
        # Without merge information a lone text over a header row is read as a title: a group
        # title shows itself by the other headers beside it.
        span = merged.get(c) or (_span(sheet, r, c, top, under) if len(texts) >= 2 else range(c, c + 1))
        if len(span) >= 2 and not used <= set(span):
            return True
    return False


# ---- rows -------------------------------------------------------------------------------
def _is_footer(texts: list[str]) -> bool:
    for value_text in texts:
        value = key(value_text)
        if value in _FOOTER_EXACT or value.startswith(_FOOTER_START) or _DATE_LINE.search(value):
            return True
    return False


def _group_village(layout: Layout, non_empty: list[tuple[int, object]]) -> str:
    """ "Thôn Hà Thượng" from a group row such as `I | Thôn Hà Thượng`, else ""."""
    if not 1 <= len(non_empty) <= 2:
        return ""
    village = ""
    for c, value in non_empty:
        value_key = key(value)
        words = value_key.split()
        if len(words) >= 2 and (words[0] in VILLAGE_WORDS or " ".join(words[:3]) == "to dan pho"):
            village = text(value)
        elif c != layout.columns.get("stt") and not _ROMAN.fullmatch(value_key):
            return ""
    return village


def data_rows(layout: Layout) -> Iterator[DataRow]:
    """The household rows below the header, in order, with their spreadsheet row numbers."""
    sheet = layout.sheet
    name_column = layout.columns["head_name"]
    placed = set(layout.columns.values())
    group_village, group_row = "", None
    for r in range(layout.first_data_row, len(sheet.rows)):
        row = sheet.rows[r]
        non_empty = [(c, v) for c, v in enumerate(row) if text(v)]
        if not non_empty:
            continue
        texts = [text(v) for _c, v in non_empty]
        if len(non_empty) <= 4 and _is_footer(texts):
            break  # signatures: nothing below them is data
        if len(non_empty) >= 3 and all(_is_numbering(v) for _c, v in non_empty):
            continue  # the "(1) (2) (3)…" row
        if village := _group_village(layout, non_empty):
            group_village, group_row = village, r + 1
            continue
        if any(t[:1] in "TtCc" and key(t) in _TOTAL for t in texts[:3]):
            continue
        name = text(_cell(row, name_column)).lower()
        if (
            ("tên" in name or "chủ" in name or "ten" in name or "chu" in name)
            and match_header(name) == "head_name"
            and len(_single(layout.sheet, r).columns) >= 3
        ):
            continue  # the header repeated on a printed page break
        for c, value in non_empty:
            if c not in placed and c not in layout.unplaced:
                layout.unplaced[c] = (r + 1, value)
        cells = {k: _cell(row, c) for k, c in layout.columns.items()}
        if all(not text(v) for k, v in cells.items() if k != "stt"):
            continue  # only a sequence number, or data in columns we do not use
        yield DataRow(number=r + 1, cells=cells, group_village=group_village, group_row=group_row)
