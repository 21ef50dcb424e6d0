"""Read the cells of .xlsx, .xls and .ods files (python-calamine reads all three)."""

from __future__ import annotations

import io
import re
import struct
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


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODS_CELLS = (f"{_ODS_TABLE}table-cell", f"{_ODS_TABLE}covered-table-cell")


def _ods_extents(data: bytes) -> dict[str, tuple[int, int]]:
    """Sheet name → (last row, last column) holding content in an .ods, streamed from its
    content.xml. Repeated rows and cells count as many as they repeat (LibreOffice writes one
    cell repeated 1,024 times for a formatted row, or one value repeated over a whole range);
    cells with neither a value nor text (formatting only) do not count."""
    extents: dict[str, tuple[int, int]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as stream:
            name, row, last_row, last_column = "", 0, 0, 0
            column, row_filled = 0, False
            for event, element in ElementTree.iterparse(stream, events=("start", "end")):
                tag = element.tag
                if tag == f"{_ODS_TABLE}table":
                    if event == "start":
                        name, row, last_row, last_column = element.get(f"{_ODS_TABLE}name", ""), 0, 0, 0
                    else:
                        extents[name] = (last_row, last_column)
                        element.clear()
                elif tag == f"{_ODS_TABLE}table-row":
                    if event == "start":
                        column, row_filled = 0, False
                    else:
                        repeat = _repeat(element, "number-rows-repeated")
                        if row_filled:
                            last_row = row + repeat
                        row += repeat
                        element.clear()
                elif tag in _ODS_CELLS and event == "end":
                    repeat = _repeat(element, "number-columns-repeated")
                    if element.get(f"{_ODS_OFFICE}value-type") or len(element):
                        last_column = max(last_column, column + repeat)
                        row_filled = True
                    column += repeat
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError):
        return extents  # what could be measured; the reader decides about the rest
    return extents


def _repeat(element, attribute: str) -> int:
    try:
        return max(1, int(element.get(f"{_ODS_TABLE}{attribute}", "1")))
    except ValueError:
        return 1


# BIFF8 records holding a cell's value (BLANK and MULBLANK are formatting only).
_XLS_NUMBER, _XLS_RK, _XLS_LABELSST, _XLS_LABEL, _XLS_BOOLERR = 0x0203, 0x027E, 0x00FD, 0x0204, 0x0205
_XLS_FORMULA, _XLS_RSTRING, _XLS_MULRK = 0x0006, 0x00D6, 0x00BD
_XLS_CELLS = {
    _XLS_NUMBER,
    _XLS_RK,
    _XLS_LABELSST,
    _XLS_LABEL,
    _XLS_BOOLERR,
    _XLS_FORMULA,
    _XLS_RSTRING,
    _XLS_MULRK,
}
_XLS_BOF, _XLS_EOF, _XLS_BOUNDSHEET = 0x0809, 0x000A, 0x0085
_CFB_END = 0xFFFFFFFA  # sector numbers from here on end a chain or mark special sectors


def _cfb_stream(data: bytes, wanted: tuple[str, ...] = ("Workbook", "Book")) -> bytes | None:
    """The workbook stream of an .xls (an OLE compound file), or None if it cannot be found.
    Every chain is bounded by the file's size, so a damaged or hostile file cannot loop."""
    if len(data) < 512:
        return None
    sector_shift, mini_shift = struct.unpack_from("<HH", data, 30)
    if not 7 <= sector_shift <= 16 or not 2 <= mini_shift < sector_shift:
        return None
    size, mini_size = 1 << sector_shift, 1 << mini_shift
    (
        fat_count,
        directory_start,
        _transaction,
        mini_cutoff,
        minifat_start,
        _minifat_count,
        difat_start,
        difat_count,
    ) = struct.unpack_from("<8I", data, 44)
    limit = len(data) // size + 1

    def sector(number: int) -> bytes:
        return data[(number + 1) * size : (number + 2) * size]

    def numbers(block: bytes) -> list[int]:
        return list(struct.unpack(f"<{len(block) // 4}I", block[: len(block) // 4 * 4]))

    difat = numbers(data[76:512])
    for _step in range(min(difat_count, limit)):
        if difat_start >= _CFB_END:
            break
        entries = numbers(sector(difat_start))
        if not entries:
            break
        difat += entries[:-1]
        difat_start = entries[-1]
    fat: list[int] = []
    for number in difat[: min(fat_count, limit)]:
        if number < _CFB_END:
            fat += numbers(sector(number))

    def chain(start: int, table: list[int]) -> list[int]:
        found = []
        while start < _CFB_END and start < len(table) and len(found) < max(limit, len(table)):
            found.append(start)
            start = table[start]
        return found

    directory = b"".join(sector(n) for n in chain(directory_start, fat))
    entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries:
        return None
    root_start, root_size = struct.unpack_from("<II", entries[0], 116)
    for entry in entries[1:]:
        name_length, kind = struct.unpack_from("<HB", entry, 64)
        name = entry[: max(0, name_length - 2)].decode("utf-16-le", "replace")
        if kind != 2 or name not in wanted:
            continue
        start, stream_size = struct.unpack_from("<II", entry, 116)
        if stream_size < mini_cutoff:
            mini_stream = b"".join(sector(n) for n in chain(root_start, fat))[:root_size]
            minifat = numbers(b"".join(sector(n) for n in chain(minifat_start, fat)))
            blocks = chain(start, minifat)
            return b"".join(mini_stream[n * mini_size : (n + 1) * mini_size] for n in blocks)[:stream_size]
        return b"".join(sector(n) for n in chain(start, fat))[:stream_size]
    return None


def _xls_extents(data: bytes) -> dict[str, tuple[int, int]]:
    """Sheet name → (last row, last column) holding a value in an .xls, read from its BIFF8
    records without building the grid (.xls reaches IV65536: 16.7 million cells)."""
    try:
        stream = _cfb_stream(data)
    except struct.error:
        return {}
    if stream is None:
        return {}
    extents: dict[str, tuple[int, int]] = {}
    names: dict[int, str] = {}
    stack: list[str | None] = []  # sheets, and the charts embedded in them, each BOF … EOF
    position = 0
    try:
        while position + 4 <= len(stream):
            kind, length = struct.unpack_from("<HH", stream, position)
            body = stream[position + 4 : position + 4 + length]
            if kind == _XLS_BOUNDSHEET and length >= 8:
                offset, count, flags = struct.unpack_from("<I2xBB", body)
                raw = body[8 : 8 + count * (2 if flags & 1 else 1)]
                names[offset] = raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
            elif kind == _XLS_BOF:
                stack.append(names.get(position))
            elif kind == _XLS_EOF:
                if stack:
                    stack.pop()
            elif kind in _XLS_CELLS and length >= 6 and stack and stack[-1] is not None:
                row, column = struct.unpack_from("<HH", body)
                if kind == _XLS_MULRK:
                    (column,) = struct.unpack_from("<H", body, length - 2)
                last_row, last_column = extents.get(stack[-1], (0, 0))
                extents[stack[-1]] = (max(last_row, row + 1), max(last_column, column + 1))
            position += 4 + length
    except struct.error:
        pass
    return extents


def _extents(data: bytes) -> dict[str, tuple[int, int]]:
    match file_format(data):
        case "xlsx":
            return _xlsx_extents(data)
        case "ods":
            return _ods_extents(data)
        case _:
            return _xls_extents(data)


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
    extents = _extents(data)
    if file_format(data) != XLSX:
        # The .xls and .ods readers build every sheet's grid as the file opens (an .xls reaching
        # IV65536 takes half a gigabyte before any sheet is asked for): check them all first.
        for name, extent in extents.items():
            _check_extent(name, extent)
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
