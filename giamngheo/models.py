"""Places, people, roles and the audit trail: the core every other app builds on."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    """A province-level unit of the 2025 two-tier system (official statistics-office code)."""

    code = models.CharField(_("mã"), max_length=8, unique=True)
    name = models.CharField(_("tên"), max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tỉnh/thành phố")
        verbose_name_plural = _("tỉnh/thành phố")

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    """A commune-level unit (xã, phường, đặc khu): the app's main tenant."""

    class ReportsTo(models.TextChoices):
        DISTRICT = "district", _("UBND huyện (trước 01/07/2025)")
        PROVINCE = "province", _("Sở/ngành cấp tỉnh (từ 01/07/2025)")

    code = models.CharField(_("mã"), max_length=8, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    division_type = models.CharField(_("loại đơn vị"), max_length=20, blank=True)
    province = models.ForeignKey(Province, models.PROTECT, related_name="communes", verbose_name=_("tỉnh"))
    historical_district = models.CharField(
        _("huyện cũ (trước 07/2025)"),
        max_length=120,
        blank=True,
        help_text=_("Chỉ dùng cho hồ sơ lập trước khi bỏ cấp huyện."),
    )
    reports_to = models.CharField(
        _("cấp báo cáo"), max_length=10, choices=ReportsTo, default=ReportsTo.PROVINCE
    )
    reports_to_name = models.CharField(
        _("tên cơ quan cấp trên"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: Sở Nông nghiệp và Môi trường tỉnh …"),
    )
    # Goes up with every change to the commune's households or their review results (in the
    # same transaction): the dashboard keeps each commune's review figures under it
    # (households/review_figures.py). A database default, so bulk loads need not name it.
    review_version = models.PositiveBigIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("xã/phường")
        verbose_name_plural = _("xã/phường")

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        """ "Xã Hương Thủy" → "Hương Thủy", for the place-and-date line of documents."""
        from giamngheo.text import proper_place

        return proper_place(self.name)


class Village(models.Model):
    """A thôn or tổ dân phố, created by its commune."""

    class Kind(models.TextChoices):
        THON = "thon", _("Thôn")
        TO_DAN_PHO = "to_dan_pho", _("Tổ dân phố")
        BAN = "ban", _("Bản")
        AP = "ap", _("Ấp")

    commune = models.ForeignKey(Commune, models.PROTECT, related_name="villages", verbose_name=_("xã"))
    name = models.CharField(_("tên thôn/tổ"), max_length=120)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind, default=Kind.THON)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        ordering = ["commune", "name"]
        verbose_name = _("thôn/tổ dân phố")
        verbose_name_plural = _("thôn/tổ dân phố")
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="village_name_unique_in_commune")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        """The name with its generic noun exactly once ("Thôn Hà Thượng"), whether the commune
        typed the noun into the name or not."""
        from giamngheo.text import full_place

        return full_place(self.get_kind_display(), self.name)


class User(AbstractUser):
    """A person who signs in. What they may do comes from their role assignments."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ UBND xã / Tổ quản lý dự án")
    COMMUNE_LEADER = "commune_leader", _("Lãnh đạo UBND xã (Chủ tịch, Phó Chủ tịch)")
    BCD_MEMBER = "bcd_member", _("Thành viên BCĐ giảm nghèo xã")
    VILLAGE_HEAD = "village_head", _("Trưởng thôn / Tổ trưởng tổ cộng đồng")
    FRONT_SUPERVISOR = "front_supervisor", _("Giám sát của UBMTTQ xã")
    UPPER_VIEWER = "upper_viewer", _("Cán bộ cấp trên (xem)")
    ADMIN = "admin", _("Quản trị hệ thống")


# Which place each role is scoped to. Kept next to the choices so the constraint and the
# forms read the same table.
ROLE_SCOPE = {
    Role.COMMUNE_OFFICER: "commune",
    Role.COMMUNE_LEADER: "commune",
    Role.BCD_MEMBER: "commune",
    Role.FRONT_SUPERVISOR: "commune",
    Role.VILLAGE_HEAD: "village",
    Role.UPPER_VIEWER: "province",
    Role.ADMIN: "none",
}


class RoleAssignment(models.Model):
    """One role of one person at one place. A person may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role)
    province = models.ForeignKey(Province, models.PROTECT, null=True, blank=True, related_name="+")
    commune = models.ForeignKey(
        Commune, models.PROTECT, null=True, blank=True, related_name="role_assignments"
    )
    village = models.ForeignKey(
        Village, models.PROTECT, null=True, blank=True, related_name="role_assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            # Exactly the place the role needs is set: a village role carries its commune too,
            # so that "everyone in this commune" is one indexed filter.
            models.CheckConstraint(
                condition=(
                    Q(role__in=["commune_officer", "commune_leader", "bcd_member", "front_supervisor"])
                    & Q(commune__isnull=False, village__isnull=True, province__isnull=True)
                )
                | (
                    Q(role="village_head")
                    & Q(commune__isnull=False, village__isnull=False, province__isnull=True)
                )
                | (
                    Q(role="upper_viewer")
                    & Q(province__isnull=False, commune__isnull=True, village__isnull=True)
                )
                | (Q(role="admin") & Q(province__isnull=True, commune__isnull=True, village__isnull=True)),
                name="role_assignment_place_matches_role",
            ),
            # The same role at the same place once (one constraint per kind of place, since
            # NULLs are distinct in a plain unique constraint).
            models.UniqueConstraint(
                fields=["user", "role", "village"],
                condition=Q(village__isnull=False),
                name="role_unique_per_village",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "commune"],
                condition=Q(commune__isnull=False, village__isnull=True),
                name="role_unique_per_commune",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "province"],
                condition=Q(province__isnull=False),
                name="role_unique_per_province",
            ),
            models.UniqueConstraint(fields=["user"], condition=Q(role="admin"), name="admin_role_once"),
        ]

    def __str__(self) -> str:
        place = self.village or self.commune or self.province
        return f"{self.get_role_display()} – {place}" if place else self.get_role_display()


class AuditTrailIsAppendOnly(Exception):
    """Raised on an attempt to change or delete a written audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditTrailIsAppendOnly("Audit entries cannot be changed.")

    def delete(self):
        raise AuditTrailIsAppendOnly("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    """Who changed what, when: one row per change made through the app.

    Append-only: the app refuses to change or delete a written entry (here, and on PostgreSQL
    a trigger refuses UPDATE and DELETE on the table itself, see migration 0002).
    """

    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    action = models.CharField(_("hành động"), max_length=60)
    target_type = models.ForeignKey(ContentType, models.PROTECT, null=True, blank=True)
    target_id = models.CharField(max_length=40, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_repr = models.CharField(_("đối tượng"), max_length=250, blank=True)
    # The commune the change belongs to, so a commune leader browses only their own trail.
    commune = models.ForeignKey(Commune, models.PROTECT, null=True, blank=True, related_name="+")
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        indexes = [
            models.Index(fields=["commune", "-created_at"], name="audit_commune_recent"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.actor} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditTrailIsAppendOnly("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("audit_list") + f"?entry={self.pk}"

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly("Audit entries cannot be deleted.")
