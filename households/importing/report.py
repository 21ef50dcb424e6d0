"""The plain-text import report the command prints (the web preview shows the same facts)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from households.importing.engine import CREATE, UNCHANGED, UPDATE, ImportResult, Preview


def problem_line(problem) -> str:
    where = [_("Dòng %(n)s") % {"n": problem.row} if problem.row else _("Cả tệp")]
    if problem.column:
        where.append(problem.column)
    return f"{', '.join(where)}: {problem.message}"


def report_text(preview: Preview, result: ImportResult | None = None, *, dry_run: bool = False) -> str:
    lines = [_("Tệp: %(name)s (SHA-256 %(sum)s)") % {"name": preview.file_name, "sum": preview.checksum}]
    lines.append(_("Xã/phường: %(c)s") % {"c": preview.options.commune.name})
    if preview.header_row:
        lines.append(
            _("Trang “%(sheet)s”, dòng tiêu đề %(row)s.")
            % {"sheet": preview.sheet_name, "row": preview.header_row}
        )
        lines.append(
            _("Cột nhận được: %(cols)s")
            % {"cols": "; ".join(f"{label} ({letter})" for label, letter, _h in preview.columns)}
        )
        if preview.ignored_columns:
            lines.append(
                _("Cột không dùng: %(cols)s")
                % {
                    "cols": "; ".join(
                        f"{letter} “{text}”" if text else f"{letter} ({_('không có tiêu đề')})"
                        for letter, text in preview.ignored_columns
                    )
                }
            )
    if preview.previous_import is not None:
        lines.append(
            _("Tệp này đã được nhập lúc %(when)s.")
            % {"when": preview.previous_import.created_at.strftime("%d/%m/%Y %H:%M")}
        )
    counts = preview.counts
    lines.append(
        _("Thêm mới: %(c)s hộ · Cập nhật: %(u)s hộ · Không đổi: %(n)s hộ")
        % {"c": counts[CREATE], "u": counts[UPDATE], "n": counts[UNCHANGED]}
    )
    if preview.new_members:
        lines.append(_("Thành viên thêm mới (ngoài chủ hộ): %(n)s người") % {"n": preview.new_members})
    for plan in preview.plans:
        if plan.action == UPDATE:
            changes = "; ".join(
                f"{c.label}: {c.old_display or '∅'} → {c.new_display or '∅'}" for c in plan.changes
            )
            lines.append(
                "  "
                + _("Dòng %(n)s — %(name)s (%(code)s): %(changes)s")
                % {"n": plan.row, "name": plan.head_name, "code": plan.code, "changes": changes}
            )
    if preview.errors:
        lines.append(_("Lỗi phải sửa (%(n)s):") % {"n": len(preview.errors)})
        lines += ["  " + problem_line(p) for p in preview.errors]
    if preview.warnings:
        lines.append(_("Lưu ý (%(n)s):") % {"n": len(preview.warnings)})
        lines += ["  " + problem_line(p) for p in preview.warnings]
    if preview.blocked:
        lines.append(_("KẾT QUẢ: tệp có lỗi, chưa nhập hộ nào. Sửa các dòng trên rồi nhập lại."))
    elif dry_run:
        lines.append(_("KẾT QUẢ: chạy thử, chưa ghi gì vào cơ sở dữ liệu."))
    elif result is not None:
        lines.append(
            _("KẾT QUẢ: đã nhập — thêm %(c)s, cập nhật %(u)s, không đổi %(n)s hộ.")
            % {"c": result.created, "u": result.updated, "n": result.unchanged}
        )
    return "\n".join(lines)
