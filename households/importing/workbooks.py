"""Files the import hands out: the blank template, rows for the export, the refused file's copy."""

from __future__ import annotations

import datetime as dt
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from households.importing.columns import COLUMNS
from households.importing.engine import Preview
from households.importing.reading import XLSX, file_format, read_sheets
from households.models import Category, Classification, Household, Member

HEADER = [c.header for c in COLUMNS]
TEXT_COLUMNS = {"code", "id_number", "phone", "decision_number", "deprivations"}
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_ERROR_FILL = PatternFill("solid", fgColor="F8D7DA")
_WARNING_FILL = PatternFill("solid", fgColor="FFF3CD")

# How to fill each column, shown on the template's second sheet.
GUIDE = {
    "code": "Mã hộ của xã (không bắt buộc). Có mã thì hộ được cập nhật theo mã; để trống, phần mềm tự cấp.",
    "head_name": "Bắt buộc.",
    "village": "Tên thôn/tổ như trong danh sách thôn của xã (“Thôn Hà Thượng” hoặc “Hà Thượng”).",
    "birth": "Ngày sinh dạng ngày/tháng/năm (05/03/1980) hoặc chỉ năm sinh (1980).",
    "sex": "Nam hoặc Nữ.",
    "id_number": "12 chữ số (CMND cũ 9 số). Để ô ở dạng chữ (Text) để không mất số 0 ở đầu.",
    "area": "Nông thôn hoặc Thành thị.",
    "category": "Hộ nghèo, Hộ cận nghèo, Hộ mới thoát nghèo, Hộ mới thoát cận nghèo, Hộ có mức sống trung bình, Hộ khác.",
    "review_year": "Năm rà soát; để trống thì lấy năm chọn khi tải tệp lên.",
    "decision_date": "Ngày/tháng/năm, ví dụ 20/12/2025.",
    "income": "Số tiền, ví dụ 1.200.000.",
    "deprivations": (
        "Số thứ tự các chỉ số thiếu hụt theo chuẩn nghèo của năm rà soát (Nghị định 07/2021/NĐ-CP đến "
        "năm 2026, Nghị định 351/2025/NĐ-CP từ năm 2027), cách nhau bởi dấu phẩy: 1, 4, 7."
    ),
}
FLAG_GUIDE = "Ghi x nếu có, để trống nếu không."


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_xlsx() -> bytes:
    """The blank list: the canonical columns, one example row, a guide sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách hộ"
    sheet.append(HEADER)
    sheet.append([c.example for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        sheet.cell(row=1, column=index).font = _BOLD
        sheet.cell(row=1, column=index).alignment = _WRAP
        if column.key in TEXT_COLUMNS:
            for row in range(2, 1001):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "C2"
    category_letter = get_column_letter([c.key for c in COLUMNS].index("category") + 1)
    choices = DataValidation(
        type="list", formula1='"' + ",".join(str(c.label) for c in Category) + '"', allow_blank=True
    )
    choices.add(f"{category_letter}2:{category_letter}1000")
    sheet.add_data_validation(choices)
    guide = workbook.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Cách ghi"])
    for cell in guide[1]:
        cell.font = _BOLD
    for column in COLUMNS:
        text = GUIDE.get(column.key, FLAG_GUIDE if column.key.startswith(("is_", "has_", "no_")) else "")
        guide.append([column.header, text])
    guide.append([])
    guide.append(
        ["", "Mỗi dòng là một hộ (thông tin của chủ hộ). Có thể giữ các dòng tiêu đề, số thứ tự, chữ ký."]
    )
    guide.column_dimensions["A"].width = 34
    guide.column_dimensions["B"].width = 100
    return _save(workbook)


def household_row(
    household: Household, head: Member | None, classification: Classification | None, *, show_id: bool
) -> list[object]:
    """One household in the template's columns, so that an exported list re-imports unchanged.

    For the Excel export: pass the head member and the classification to show (usually the
    latest); `show_id=False` masks the CCCD (the import then leaves the number alone).
    """
    birth: object = ""
    if head is not None:
        birth = head.birth_date.strftime("%d/%m/%Y") if head.birth_date else (head.birth_year or "")
    number = head.id_number if head is not None else ""
    if number and not show_id:
        number = "•" * (len(number) - 3) + number[-3:]
    c = classification
    values = {
        "code": household.code,
        "head_name": household.head_name,
        "village": household.village.name,
        "birth": birth,
        "sex": head.get_sex_display() if head is not None and head.sex else "",
        "id_number": number,
        "ethnicity": household.ethnicity,
        "address": household.address,
        "phone": household.phone,
        "area": household.get_area_display(),
        "category": c.get_category_display() if c else "",
        "review_year": c.year if c else "",
        "decision_number": c.decision_number if c else "",
        "decision_date": c.decision_date.strftime("%d/%m/%Y") if c and c.decision_date else "",
        "income": c.income_per_capita if c and c.income_per_capita is not None else "",
        "b1_score": c.b1_score if c and c.b1_score is not None else "",
        "deprivations": ", ".join(c.deprivations) if c and c.deprivations else "",
        "poverty_cause": household.poverty_cause,
        "notes": household.notes,
    }
    for flag in (
        "is_ethnic_minority",
        "no_working_capacity",
        "is_merit_family",
        "is_female_headed",
        "has_disabled_member",
    ):
        values[flag] = "x" if getattr(household, flag) else ""
    return [values[c.key] for c in COLUMNS]


def refused_copy(data: bytes, preview: Preview) -> bytes:
    """The uploaded file with a column of problems added next to the table, and a "Lỗi" sheet.

    An .xlsx keeps its formatting; .xls and .ods come back as .xlsx with their values.
    """
    by_row = preview.problems_by_row()
    if file_format(data) == XLSX:
        workbook = load_workbook(io.BytesIO(data))
        sheet = workbook[preview.sheet_name] if preview.sheet_name in workbook.sheetnames else workbook.active
    else:
        workbook = Workbook()
        sheet = workbook.active
        source = (
            next((s for s in read_sheets(data) if s.name == preview.sheet_name), None) or read_sheets(data)[0]
        )
        sheet.title = source.name[:31]
        for row in source.rows:
            sheet.append([v if not isinstance(v, (dt.time, dt.timedelta)) else str(v) for v in row])
    column = sheet.max_column + 1
    header_row = preview.header_row or 1
    sheet.cell(row=header_row, column=column, value=_("Lỗi cần sửa (phần mềm thêm)")).font = _BOLD
    sheet.column_dimensions[get_column_letter(column)].width = 60
    for row_number, problems in by_row.items():
        if row_number is None:
            continue
        lines = [
            f"{'' if p.blocking else _('Lưu ý') + ': '}{p.column + ': ' if p.column else ''}{p.message}"
            for p in problems
        ]
        cell = sheet.cell(row=row_number, column=column, value="\n".join(lines))
        cell.alignment = _WRAP
        cell.fill = _ERROR_FILL if any(p.blocking for p in problems) else _WARNING_FILL
    summary = workbook.create_sheet(_("Lỗi"))
    summary.append([_("Dòng"), _("Cột"), _("Mức"), _("Nội dung")])
    for cell in summary[1]:
        cell.font = _BOLD
    for problem in preview.problems:
        summary.append(
            [
                problem.row or _("Cả tệp"),
                problem.column,
                _("Lỗi") if problem.blocking else _("Lưu ý"),
                problem.message,
            ]
        )
    summary.column_dimensions["B"].width = 26
    summary.column_dimensions["D"].width = 100
    return _save(workbook)
