"""Read the cells of .xlsx, .xls and .ods files (python-calamine reads all three)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, SheetVisibleEnum

XLSX, XLS, ODS = "xlsx", "xls", "ods"
MAX_ROWS = 50_000


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


def read_sheets(data: bytes) -> list[Sheet]:
    """Every visible worksheet, cells as Python values, row 1 first."""
    file_format(data)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as error:  # calamine raises its own error types for damaged files
        raise Unreadable(_("Không đọc được tệp: tệp bị hỏng hoặc có mật khẩu.")) from error
    sheets = []
    with workbook:
        for meta in workbook.sheets_metadata:
            if meta.visible != SheetVisibleEnum.Visible:
                continue
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
