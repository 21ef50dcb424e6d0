"""Read the cells of .xlsx, .xls and .ods files (python-calamine reads all three)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, SheetVisibleEnum

XLSX, XLS, ODS = "xlsx", "xls", "ods"
MAX_ROWS = 50_000
# The reader holds a sheet as a full grid (rows × columns). One stray character typed at XFD3000
# makes a 5 KB file a 49-million-cell grid (2 GB); real lists stay far below this.
MAX_CELLS = 3_000_000


class Unreadable(Exception):
    """The file is not a spreadsheet we can read; the message says why, in Vietnamese."""


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]  # rows[0] is spreadsheet row 1, rows[i][0] is column A
    # Merged ranges as ((first_row, first_col), (last_row, last_col)), 0-based; empty for .ods.
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


def file_format(data: bytes) -> str:
    """xlsx / xls / ods from the file's content (its name may lie)."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return XLS
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype"):
                    return ODS
                if any(n.startswith("xl/") for n in names):
                    return XLSX
        except zipfile.BadZipFile:
            pass
        raise Unreadable(_("Tệp nén này không phải bảng tính Excel (.xlsx) hay .ods."))
    head = data[:512].lstrip().lower()
    if head.startswith((b"<", b"\xef\xbb\xbf<")) or b"<html" in head or b"<table" in head:
        raise Unreadable(
            _(
                "Tệp này thực chất là trang web (HTML) mang đuôi .xls, thường do phần mềm khác xuất ra. "
                "Hãy mở bằng Excel, chọn Lưu thành (Save As) dạng .xlsx rồi tải lên lại."
            )
        )
    raise Unreadable(_("Chỉ nhận tệp bảng tính .xlsx, .xls hoặc .ods."))


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# The reference of a cell with content: `<c r="B7" t="s"><v>…` (a value, inline text or formula).
# Formatting-only cells (`<c r="B7" s="1"/>`, `<c r="B7" s="1"></c>`) and rows (`<row r="7">`,
# no letters) do not match.
_FILLED_CELL = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,7})"[^>/]*><(?:\w+:)?(?:v|is|f)\b')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xlsx_extents(data: bytes) -> dict[str, tuple[int, int]]:
    """Sheet name → (last row, last column) holding content, read from the .xlsx's XML without
    building the grid. Sheets it cannot map are left out (the reader then decides alone)."""
    extents = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        except (KeyError, ElementTree.ParseError):
            return {}
        targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PKG_NS}Relationship")}
        names = set(archive.namelist())
        for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
            target = targets.get(sheet.get(f"{_REL_NS}id"), "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            if part not in names:
                continue
            last_row = last_column = 0
            tail = b""
            with archive.open(part) as stream:
                while chunk := stream.read(1 << 20):
                    buffer = tail + chunk
                    cells = _FILLED_CELL.findall(buffer)
                    if cells:
                        last_column = max(last_column, *(_column_number(c) for c in {c for c, _r in cells}))
                        last_row = max(last_row, *(int(r) for _c, r in cells))
                    tail = buffer[-200:]  # a tag cut between two chunks is matched again: harmless
            extents[sheet.get("name", "")] = (last_row, last_column)
    return extents


def _check_extent(name: str, extent: tuple[int, int] | None) -> None:
    if extent is None:
        return
    rows, columns = extent
    if rows * columns > MAX_CELLS:
        raise Unreadable(
            _(
                "Trang “%(name)s” có dữ liệu trải tới ô %(cell)s (thường do một ô gõ nhầm ở rất xa "
                "danh sách), quá lớn để đọc. Hãy xóa các cột và dòng thừa bên phải, bên dưới danh "
                "sách rồi tải lên lại."
            )
            % {"name": name, "cell": f"{_column_letters(columns)}{rows}"}
        )


def read_sheets(data: bytes) -> list[Sheet]:
    """Every visible worksheet, cells as Python values, row 1 first."""
    extents = _xlsx_extents(data) if file_format(data) == XLSX else {}
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as error:  # calamine raises its own error types for damaged files
        raise Unreadable(_("Không đọc được tệp: tệp bị hỏng hoặc có mật khẩu.")) from error
    sheets = []
    with workbook:
        for meta in workbook.sheets_metadata:
            if meta.visible != SheetVisibleEnum.Visible:
                continue
            _check_extent(meta.name, extents.get(meta.name))
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
                rows = sheet.to_python(skip_empty_area=False, nrows=MAX_ROWS + 1)
                merged = list(sheet.merged_cell_ranges or [])
            except Exception as error:
                raise Unreadable(
                    _("Không đọc được trang “%(name)s” của tệp.") % {"name": meta.name}
                ) from error
            if len(rows) > MAX_ROWS:
                raise Unreadable(_("Tệp quá lớn: tối đa %(n)s dòng mỗi lần nhập.") % {"n": f"{MAX_ROWS:,}"})
            sheets.append(Sheet(name=meta.name, rows=rows, merged=merged))
    if not sheets:
        raise Unreadable(_("Tệp không có trang tính nào."))
    return sheets
