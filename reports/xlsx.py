"""A built table (reports.tables.build_table) as an .xlsx that looks like the printed form.

Title rows, the two-row header with merged cells, the column-number row (1)(2)…, money in
the definition's unit, a frozen header, A4 print setup (landscape when the table is wide,
the header repeated on every printed page), and group/total rows written as formulas over
the rows they sum, so the recipient can check them. openpyxl's write-only workbook streams
rows to disk as they come: memory stays flat however many rows.

Number formats are stored the way Excel stores them ("#,##0"): Excel shows them with the
reader's separators, i.e. 1.234.567,5 on a Vietnamese-locale machine.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter

from reports.tables import NOT_AVAILABLE, column_numbers, is_wide

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
INDENTS: dict[int, Alignment] = {}
HEADER_TOP = 5  # rows 1–4: issuer and form number, title, period, unit


def number_format(column: dict, decimals: int) -> str:
    if column["kind"] == "rate":
        return "0.0"
    if column.get("money") and decimals:
        return "#,##0." + "0" * decimals
    return "#,##0"


def _width(column: dict) -> float:
    if column["kind"] == "label":
        return 42
    if column["kind"] == "stt":
        return 6
    if column["kind"] == "text":
        return 18
    return 14


def write_xlsx(table: dict, *, issuer: str = "", sheets: Iterable[dict] = ()) -> bytes:
    """One sheet per table: `table` first, then any `sheets`."""
    buffer = BytesIO()
    write_xlsx_sheets(((one, issuer) for one in (table, *sheets)), buffer)
    return buffer.getvalue()


def write_xlsx_sheets(tables: Iterable[tuple[dict, str]], target) -> None:
    """Stream (table, issuer) pairs as they come into one workbook, one sheet each: only the
    current table is in memory; a sheet name already used gets a number."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for table, issuer in tables:
        _sheet(workbook, table, issuer, used)
    workbook.save(target)


def _sheet(workbook: Workbook, table: dict, issuer: str, used: set[str]) -> None:
    columns = table["columns"]
    width = len(columns)
    last = get_column_letter(width)
    title = _safe_sheet_name((table.get("form_label") or table["title"])[:31])
    n = 1
    while title.lower() in used:
        n += 1
        title = f"{title[:27]} ({n})"
    used.add(title.lower())
    ws = workbook.create_sheet(title)
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = _width(column)

    def cell(value, *, bold=False, italic=False, align=CENTER, border=False, fmt=None, size=12):
        c = WriteOnlyCell(ws, value=value)
        c.style = _named_style(workbook, bold, italic, align, border, fmt, size)
        return c

    header = table["header"]
    header_height = len(header)
    numbers_row = HEADER_TOP + header_height
    body_top = numbers_row + 1

    # Written with the sheet's head, so before the first row.
    ws.freeze_panes = f"{get_column_letter(min(width, _first_number_column(columns) + 1))}{body_top}"

    # 1: issuer (left) and form number (right); 2: title; 3: period; 4: unit.
    row1 = [cell(issuer.upper(), bold=True, align=LEFT)] + [None] * (width - 1)
    if table.get("form_label") and width > 1:
        row1[-1] = cell(table["form_label"], bold=True, align=RIGHT)
    ws.append(row1)
    ws.merged_cells.add(f"A1:{get_column_letter(max(1, min(3, width - 1)))}1")
    ws.append([cell(table["title"].upper(), bold=True, size=13)] + [None] * (width - 1))
    ws.merged_cells.add(f"A2:{last}2")
    ws.append([cell(table.get("subtitle", ""), italic=True)] + [None] * (width - 1))
    ws.merged_cells.add(f"A3:{last}3")
    unit_row = [None] * width
    unit_row[-1] = cell(f"Đơn vị tính: {table['unit']}", italic=True, align=RIGHT)
    ws.append(unit_row)

    # The header: merged group cells on top, their columns below; ungrouped columns span both.
    for offset, header_row in enumerate(header):
        excel_row = HEADER_TOP + offset
        values: list = [cell("", border=True) for _ in range(width)]
        for head in header_row:
            col = head["col"]
            values[col] = cell(head["text"], bold=True, border=True)
            if head["colspan"] > 1 or head["rowspan"] > 1:
                ws.merged_cells.add(
                    f"{get_column_letter(col + 1)}{excel_row}:"
                    f"{get_column_letter(col + head['colspan'])}{excel_row + head['rowspan'] - 1}"
                )
        ws.append(values)
    ws.append([cell(n, italic=True, border=True, size=11) for n in column_numbers(table)])

    ws.print_title_rows = f"{HEADER_TOP}:{numbers_row}"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.orientation = "landscape" if is_wide(table) else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = 0.6
    ws.page_margins.right = 0.4

    keys = {c["key"]: get_column_letter(i) for i, c in enumerate(columns, start=1)}
    for index, row in enumerate(table["rows"]):
        excel_row = body_top + index
        strong = row["kind"] in ("total", "group")
        out = []
        for col_index, (column, value) in enumerate(zip(columns, row["cells"], strict=True)):
            letter = get_column_letter(col_index + 1)
            kind = column["kind"]
            if kind not in ("money", "count", "sum", "rate"):
                align = CENTER if kind == "stt" else LEFT
                indent = INDENTS.setdefault(
                    row["level"],
                    Alignment(horizontal="left", vertical="center", wrap_text=True, indent=row["level"]),
                )
                out.append(cell(value, bold=strong, align=indent if kind == "label" else align, border=True))
                continue
            if value == "":
                out.append(cell("", border=True))
                continue
            if value is None:
                out.append(cell(NOT_AVAILABLE, bold=strong, border=True))
                continue
            fmt = number_format(column, table["decimals"])
            formula_ok = all(k in keys for k in column.get("of", []))
            if kind == "sum" and formula_ok:
                parts = ",".join(f"{keys[k]}{excel_row}" for k in column["of"])
                written = f"=SUM({parts})"
            elif kind == "rate" and formula_ok:
                num, den = (f"{keys[k]}{excel_row}" for k in column["of"])
                written = f'=IF(N({den})=0,"",ROUND({num}/{den}*100,1))'
            elif row["children"] and kind != "rate" and kind != "sum":
                parts = ",".join(f"{letter}{body_top + child}" for child in row["children"])
                written = f"=SUM({parts})"
            else:
                written = Decimal(value) if isinstance(value, str) else value
            out.append(cell(written, bold=strong, align=RIGHT, border=True, fmt=fmt))
        ws.append(out)
    if table.get("note"):
        ws.append([cell(table["note"], italic=True, align=LEFT)])


def _named_style(workbook: Workbook, bold, italic, align: Alignment, border, fmt, size) -> str:
    """One named style per combination, registered once per workbook: assigning fonts and
    borders cell by cell costs openpyxl a hash each time (10 s for a province's sheets)."""
    key = (bold, italic, align.horizontal, align.wrap_text, align.indent, border, fmt, size)
    names = workbook.__dict__.setdefault("_gn_styles", {})
    if key not in names:
        name = f"gn{len(names)}"
        style = NamedStyle(name=name)
        style.font = Font(name=FONT, bold=bold, italic=italic, size=size)
        style.alignment = align
        if border:
            style.border = BOX
        if fmt:
            style.number_format = fmt
        workbook.add_named_style(style)
        names[key] = name
    return names[key]


def _first_number_column(columns: list[dict]) -> int:
    for index, column in enumerate(columns):
        if column["kind"] in ("money", "count", "sum", "rate"):
            return index
    return 0


def _safe_sheet_name(name: str) -> str:
    for bad in "[]:*?/\\":
        name = name.replace(bad, "-")
    return name or "Bao cao"
