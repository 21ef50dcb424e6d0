"""What each audit action code means, in words the commune leader reads in the trail."""

from __future__ import annotations

from functools import cache

from django.utils.translation import gettext_lazy as _

LABELS = {
    "account.created": _("Tạo tài khoản"),
    "account.locked": _("Khóa tài khoản"),
    "account.unlocked": _("Mở khóa tài khoản"),
    "account.password_reset": _("Đặt lại mật khẩu"),
    "account.login_unlocked": _("Gỡ khóa đăng nhập (nhập sai mật khẩu)"),
    "account.role_assigned": _("Giao vai trò"),
    "commune.settings_updated": _("Sửa cài đặt của xã"),
    "demo.seeded": _("Tạo dữ liệu mẫu"),
    "personal_data.exported": _("Xuất/in dữ liệu cá nhân"),
    "personal_data.id_number_viewed": _("Xem số CCCD đầy đủ"),
    "village.created": _("Thêm thôn/tổ"),
    "village.updated": _("Sửa thôn/tổ"),
    "household.created": _("Tạo hộ"),
    "household.updated": _("Sửa thông tin hộ"),
    "household.imported": _("Nhập từ Excel"),
    "household.member_added": _("Thêm thành viên"),
    "household.member_updated": _("Sửa thành viên"),
    "household.member_removed": _("Xóa thành viên"),
    "household.head_changed": _("Đổi chủ hộ"),
    "household.status_changed": _("Đổi tình trạng hộ"),
    "household.classified": _("Ghi kết quả rà soát"),
    "household.classification_updated": _("Sửa kết quả rà soát"),
    "household.joined_group": _("Vào tổ cộng đồng"),
    "household.left_group": _("Rời tổ cộng đồng"),
    "group.created": _("Thành lập tổ cộng đồng"),
    "group.updated": _("Sửa tổ cộng đồng"),
    "legal_document.created": _("Thêm văn bản"),
    "document.issued": _("Ban hành văn bản"),
    "document.replaced": _("Ban hành văn bản thay thế"),
    "round.created": _("Mở đợt triển khai"),
    "round.updated": _("Sửa đợt triển khai"),
    "round.villages_changed": _("Đổi danh sách thôn của đợt"),
    "round.envelopes_changed": _("Đổi kinh phí dự kiến của đợt"),
    "round.published": _("Thông báo đợt tới thôn"),
    "round.closed": _("Kết thúc đợt"),
    "ruleset.created": _("Tạo bộ quy tắc"),
    "ruleset.changed": _("Sửa bộ quy tắc"),
    "project.created": _("Lập đề xuất dự án"),
    "project.updated": _("Sửa đề xuất dự án"),
    "project.item_added": _("Thêm nội dung hỗ trợ"),
    "project.item_removed": _("Bỏ nội dung hỗ trợ"),
    "project.participant_added": _("Thêm hộ tham gia"),
    "project.participant_updated": _("Sửa hộ tham gia"),
    "project.participant_removed": _("Bỏ hộ tham gia"),
    "project.commitment_attached": _("Đính kèm bản cam kết"),
    "project.minutes_attached": _("Đính kèm biên bản họp thôn"),
    "project.posted": _("Niêm yết công khai"),
    "project.complaint_received": _("Nhận phản ánh"),
    "project.complaint_resolved": _("Giải quyết phản ánh"),
    "project.disbursed": _("Ghi giải ngân"),
    "project.budget_approved": _("Ghi kinh phí cấp trên phê duyệt"),
}


@cache
def _all_labels() -> dict[str, str]:
    from projects.models import Project  # the workflow's moves carry their own labels

    return {f"project.{name}": move.label for name, move in Project.MOVES.items()} | LABELS


def label_for(action: str) -> str:
    return str(_all_labels().get(action, action))
