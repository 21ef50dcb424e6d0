"""Spreadsheets that look like the lists communes really keep, for the import tests.

`xlsx(rows, merges=…)` and `ods(rows)` write any grid (row 1 first; None leaves a cell empty).
`commune_list(...)` writes a list the way a commune prints it: committee name and motto,
"DANH SÁCH HỘ NGHÈO…" title, a decision reference, a two-row merged header, the "(1) (2)…"
numbering row, a group row per village and the signature block.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from xml.sax.saxutils import escape

from openpyxl import Workbook

Row = list[object]


def xlsx(
    rows: list[Row], *, merges: tuple[str, ...] = (), sheet: str = "Danh sách", extra_sheets=()
) -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                worksheet.cell(row=r, column=c, value=value)
    for merge in merges:
        worksheet.merge_cells(merge)
    for name, extra_rows in extra_sheets:
        extra = workbook.create_sheet(name)
        for row in extra_rows:
            extra.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _same_bytes_every_time(buffer.getvalue())


def _same_bytes_every_time(data: bytes) -> bytes:
    """openpyxl stamps the save time into the zip entries and docProps: fix both, so the same
    rows always give the same file (and checksum), even when the clock ticks between two calls."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2025-01-01T00:00:00Z", content)
            target.writestr(
                zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED
            )
    return out.getvalue()


def _ods_cell(value: object) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        return f'<table:table-cell office:value-type="boolean" office:boolean-value="{str(value).lower()}"/>'
    if isinstance(value, (int, float)):
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    if isinstance(value, dt.date):
        iso = value.isoformat()
        return f'<table:table-cell office:value-type="date" office:date-value="{iso}"><text:p>{iso}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def ods(rows: list[Row], *, sheet: str = "Danh sách", tail_xml: str = "") -> bytes:
    """A minimal OpenDocument spreadsheet, written by hand (odfpy is not installed).
    `tail_xml` is raw <table:table-row> XML appended after the rows (repeated rows and cells)."""
    body = "".join(
        "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>" for row in rows
    )
    body += tail_xml
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def xls(
    rows: list[Row], *, merges: tuple[tuple[int, int, int, int], ...] = (), sheet: str = "Danh sách"
) -> bytes:
    """A genuine Excel 97–2003 (.xls, BIFF8) file, as old commune machines still save them.

    `merges` are (first_row, last_row, first_col, last_col), 0-based, as xlwt takes them.
    """
    import xlwt  # test-only dependency: nothing in the app writes .xls

    workbook = xlwt.Workbook(encoding="utf-8")
    worksheet = workbook.add_sheet(sheet)
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    merged = {(r1, c1): (r2, c2) for r1, r2, c1, c2 in merges}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if (r, c) in merged:
                r2, c2 = merged[(r, c)]
                worksheet.write_merge(r, r2, c, c2, value)
            elif value is not None and not any(
                r1 <= r <= r2 and c1 <= c <= c2 and (r, c) != (r1, c1) for r1, r2, c1, c2 in merges
            ):
                if isinstance(value, dt.date):
                    worksheet.write(r, c, value, date_style)
                else:
                    worksheet.write(r, c, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# A commune's printed list. Columns:
# A STT | B Họ và tên chủ hộ | C-D Năm sinh (Nam, Nữ) | E Số CCCD | F Dân tộc | G Phân loại hộ |
# H-I Quyết định công nhận (Số, Ngày) | J Ghi chú
TITLE_ROWS: list[Row] = [
    ["ỦY BAN NHÂN DÂN", None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["XÃ PHÚ VINH", None, None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    [None],
    ["DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025"],
    ["(Kèm theo Quyết định số 215/QĐ-UBND ngày 20/12/2025 của UBND xã Phú Vinh)"],
    [None],
]
HEADER_ROWS: list[Row] = [
    [
        "STT",
        "Họ và tên chủ hộ",
        "Năm sinh",
        None,
        "Số CCCD",
        "Dân tộc",
        "Phân loại hộ",
        "Quyết định công nhận",
        None,
        "Ghi chú",
    ],
    [None, None, "Nam", "Nữ", None, None, None, "Số", "Ngày", None],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)"],
]
HEADER_MERGES = ("A7:A8", "B7:B8", "C7:D7", "E7:E8", "F7:F8", "G7:G8", "H7:I7", "J7:J8")
SIGNATURE_ROWS: list[Row] = [
    [None],
    [None, None, None, None, None, None, "Phú Vinh, ngày 20 tháng 12 năm 2025"],
    [None, "NGƯỜI LẬP BIỂU", None, None, None, None, "TM. ỦY BAN NHÂN DÂN"],
    [None, "(Ký, ghi rõ họ tên)", None, None, None, None, "CHỦ TỊCH"],
    [None],
    [None, "Nguyễn Thị Thu Hà", None, None, None, None, "Trần Văn Thành"],
]
FIRST_DATA_ROW = len(TITLE_ROWS) + len(HEADER_ROWS) + 1  # spreadsheet row 10


def person(
    name,
    *,
    born=1975,
    female=False,
    cccd="",
    ethnicity="Kinh",
    category="Hộ nghèo",
    number="215/QĐ-UBND",
    date=dt.date(2025, 12, 20),
    note=None,
) -> Row:
    """One household row (without its STT) in the commune_list layout."""
    return [
        name,
        None if female else born,
        born if female else None,
        cccd,
        ethnicity,
        category,
        number,
        date,
        note,
    ]


def commune_list(groups: list[tuple[str, list[Row]]]) -> tuple[list[Row], tuple[str, ...]]:
    """(rows, merges) of a printed list; `groups` is [("Thôn Hà Thượng", [person(...), ...]), ...]."""
    rows = [list(r) for r in TITLE_ROWS + HEADER_ROWS]
    n = 0
    for roman, (village, people) in zip(("I", "II", "III", "IV"), groups, strict=False):
        rows.append([roman, village])
        for row in people:
            n += 1
            rows.append([n, *row])
    rows += [list(r) for r in SIGNATURE_ROWS]
    return rows, HEADER_MERGES


def commune_list_xlsx(groups) -> bytes:
    rows, merges = commune_list(groups)
    return xlsx(rows, merges=merges)


def template_rows(*people: dict) -> list[Row]:
    """The import template's own layout (one header row), for simple cases."""
    from households.importing.columns import COLUMNS

    rows: list[Row] = [[c.header for c in COLUMNS]]
    for p in people:
        rows.append([p.get(c.key) for c in COLUMNS])
    return rows
