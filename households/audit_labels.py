"""Audit action codes of the household registry, registered from HouseholdsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

LABELS = {
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
}
