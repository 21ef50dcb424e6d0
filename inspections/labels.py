"""Audit action codes of handover, commitments, inspections, recovery and rotation."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "supplier.created": _("Thêm đơn vị cung ứng"),
    "handover.created": _("Lập buổi bàn giao"),
    "handover.line_added": _("Ghi hỗ trợ bàn giao cho hộ"),
    "handover.line_refused": _("Ghi hỗ trợ không nhận (trả lại bên giao)"),
    "handover.line_removed": _("Bỏ dòng bàn giao"),
    "handover.issue": _("Ban hành biên bản bàn giao"),
    "handover.sign": _("Tải lên biên bản bàn giao đã ký (khóa)"),
    "handover.corrected": _("Đính chính biên bản bàn giao"),
    "handover.line_left": _("Hỗ trợ không còn ở hộ (chết, mất, bán…)"),
    "commitment.opened": _("Mở cam kết của hộ"),
    "commitment.close": _("Kết thúc cam kết"),
    "commitment.rotated": _("Luân chuyển cho hộ tiếp theo"),
    "inspection.planned": _("Lên lịch kiểm tra đột xuất"),
    "inspection.recorded": _("Ghi kết quả kiểm tra"),
    "inspection.reminder": _("Nhắc nhở hộ"),
    "inspection.warning": _("Cảnh cáo bằng văn bản"),
    "inspection.adjustment": _("Điều chỉnh hỗ trợ"),
    "inspection_round.created": _("Mở đợt kiểm tra"),
    "inspection_round.close": _("Kết thúc đợt kiểm tra"),
    "monitoring.noted": _("Ghi nhận giám sát cộng đồng"),
    "recovery.proposed": _("Đề xuất thu hồi hỗ trợ của hộ"),
    "recovery.decide": _("Quyết định thu hồi hỗ trợ của hộ"),
    "recovery.reject": _("Không thu hồi hỗ trợ của hộ"),
    "recovery.recover": _("Lập biên bản thu hồi hỗ trợ"),
    "recovery.settle": _("Xử lý hỗ trợ đã thu hồi"),
}
