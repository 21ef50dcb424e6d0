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
    "project.budget_approved": _("Ghi kinh phí cấp trên phê duyệt"),
}

# The keys audit entries carry, in words (services store codes; the trail shows labels).
FIELD_LABELS = {
    "status": _("Trạng thái"),
    "comment": _("Ý kiến"),
    "document": _("Văn bản"),
    "name": _("Tên"),
    "rule_set": _("Bộ quy tắc"),
    "project": _("Dự án"),
    "household": _("Hộ"),
    "envelopes": _("Kinh phí"),
    "amounts": _("Kinh phí"),
    "amount": _("Số tiền"),
    "source": _("Nguồn vốn"),
    "number": _("Số"),
    "conclusion": _("Kết luận"),
    "score": _("Điểm"),
    "decision": _("Quyết định"),
    "reason": _("Lý do"),
    "resolution": _("Kết quả giải quyết"),
    "complainant": _("Người phản ánh"),
    "posted_from": _("Niêm yết từ"),
    "posted_to": _("Đến ngày"),
    "file": _("Tệp"),
    "code": _("Mã"),
    "left_out": _("Hộ không đưa vào"),
}


@cache
def _value_tables() -> dict[str, dict[str, str]]:
    """Codes a key's values may hold → their labels (state of a project, funding source…)."""
    from projects.models import CouncilReview, FundingSource, Status

    sources = dict(FundingSource.choices)
    return {
        "status": dict(Status.choices),
        "source": sources,
        "conclusion": dict(CouncilReview.Conclusion.choices),
    }


@cache
def _model_field_labels() -> dict[str, str]:
    """Field name → verbose name over the apps' models (first one wins), for edited fields."""
    from django.apps import apps

    labels: dict[str, str] = {}
    for app in ("projects", "households", "giamngheo"):
        for model in apps.get_app_config(app).get_models():
            for f in model._meta.concrete_fields:
                labels.setdefault(f.name, f.verbose_name)
    return labels


def field_label(key: str) -> str:
    label = FIELD_LABELS.get(key) or _model_field_labels().get(key)
    return str(label)[:1].upper() + str(label)[1:] if label else key


def value_label(key: str, value):
    """A stored value in words: state codes become state labels, an [old, new] pair keeps its shape."""
    table = _value_tables().get(key)
    if table is None:
        if key in ("envelopes", "amounts") and isinstance(value, dict):
            from projects.models import FundingSource

            sources = dict(FundingSource.choices)
            return "; ".join(f"{sources.get(k, k)}: {v}" for k, v in value.items() if v)
        return value
    if isinstance(value, list):
        return " → ".join(str(table.get(v, v)) if v else "∅" for v in value)
    return str(table.get(value, value))


@cache
def _all_labels() -> dict[str, str]:
    from projects.models import Project  # the workflow's moves carry their own labels

    return {f"project.{name}": move.label for name, move in Project.MOVES.items()} | LABELS


def label_for(action: str) -> str:
    return str(_all_labels().get(action, action))
