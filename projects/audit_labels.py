"""Audit action codes of support projects, registered from ProjectsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "legal_document.created": _("Thêm văn bản"),
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
    "project.council_reviewed": _("Ghi kết quả thẩm định"),
    "project.approval_issued": _("Ban hành quyết định phê duyệt"),
    "project.adjusted": _("Điều chỉnh dự án"),
    "project.reproposed": _("Đề xuất lại dự án"),
    "round.call_issued": _("Thông báo kêu gọi đề xuất"),
    "council.created": _("Thành lập hội đồng thẩm định"),
    "council.updated": _("Sửa hội đồng thẩm định"),
    "component.created": _("Thêm nội dung chương trình"),
    "component.updated": _("Sửa nội dung chương trình"),
    "component.moved": _("Đổi thứ tự nội dung chương trình"),
    "component.deactivated": _("Ngừng sử dụng nội dung chương trình"),
    "component.activated": _("Dùng lại nội dung chương trình"),
}


def all_labels() -> dict:
    from projects.models import Project  # the workflow's moves carry their own labels

    return {f"project.{name}": move.label for name, move in Project.MOVES.items()} | LABELS
