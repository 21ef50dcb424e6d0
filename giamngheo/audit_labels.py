"""What each audit action code means, in words the commune leader reads in the trail.

The core's own codes are below; each app registers its codes from its AppConfig.ready() with
`audit_labels.register({...})`, so adding an app never means editing this file.
"""

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
    "document.issued": _("Ban hành văn bản"),
    "document.replaced": _("Ban hành văn bản thay thế"),
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


def register(labels: dict) -> None:
    """Add an app's action codes and their labels (lazy translations, shown in the reader's language)."""
    LABELS.update(labels)


def label_for(action: str) -> str:
    return str(LABELS.get(action, action))
