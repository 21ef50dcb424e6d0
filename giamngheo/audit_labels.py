"""What each audit action code means, in words the commune leader reads in the trail.

The core's own codes are below; each app registers its codes from its AppConfig.ready() with
`audit_labels.register({...})`, so adding an app never means editing this file.
"""

from __future__ import annotations

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


def register(labels: dict) -> None:
    """Add an app's action codes and their labels (lazy translations, shown in the reader's language)."""
    LABELS.update(labels)


def label_for(action: str) -> str:
    return str(LABELS.get(action, action))
