"""Periodic reports: report definitions as data, monitoring reports (Mẫu số 01 with its tables),
public holidays for working-day deadlines.

The document plumbing (numbering, issuing, stored PDFs) lives in giamngheo.documents.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from giamngheo.commune_key import CommuneKey
from giamngheo.models import Commune, Province

REPORT_DEADLINE_WORKING_DAYS = 15


class ReportDefinition(models.Model):
    """The shape of a printed table (columns, rows, titles) for one program, in versions.

    The built-in versions are labelled "Mẫu tham khảo": the official annexes were not
    available, so a province replaces them with its own version (a new row with its
    province), without code. `columns` and `rows` are JSON; `reports.definitions.check`
    says what shape they must have.
    """

    code = models.SlugField(_("mã biểu"), max_length=40, help_text=_("Ví dụ: bieu-02, nguon-von"))
    program_code = models.CharField(_("mã chương trình"), max_length=30)
    province = models.ForeignKey(
        Province,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tỉnh"),
        help_text=_("Để trống: mẫu dùng chung cho mọi tỉnh chưa có mẫu riêng."),
    )
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    name = models.CharField(_("tên mẫu"), max_length=200)
    form_label = models.CharField(
        _("số hiệu biểu"), max_length=60, blank=True, help_text=_("Ví dụ: Biểu số 02")
    )
    title = models.CharField(_("tiêu đề in"), max_length=300)
    unit_label = models.CharField(_("đơn vị tính"), max_length=40, default="triệu đồng")
    unit_divisor = models.PositiveIntegerField(_("chia số tiền (đ) cho"), default=1_000_000)
    unit_decimals = models.PositiveSmallIntegerField(_("số chữ số thập phân"), default=3)
    columns = models.JSONField(_("các cột"), default=list)
    rows = models.JSONField(_("các dòng"), default=list)
    is_reference = models.BooleanField(
        _("mẫu tham khảo"),
        default=True,
        help_text=_("Mẫu dựng từ báo cáo thực tế, chưa phải mẫu chính thức."),
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code", "program_code", "province", "-version"]
        verbose_name = _("mẫu biểu báo cáo")
        verbose_name_plural = _("mẫu biểu báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "program_code", "province", "version"],
                condition=Q(province__isnull=False),
                name="report_definition_version_unique",
            ),
            models.UniqueConstraint(
                fields=["code", "program_code", "version"],
                condition=Q(province__isnull=True),
                name="default_report_definition_version_unique",
            ),
        ]

    def __str__(self) -> str:
        label = f"{self.name} – {self.program_code} (phiên bản {self.version})"
        return f"{label} – Mẫu tham khảo" if self.is_reference else label

    def clean(self) -> None:
        from reports.definitions import check

        errors = check(self.columns, self.rows)
        if errors:
            raise ValidationError(errors)

    @classmethod
    def current(cls, code: str, program_code: str, province_id: int | None) -> ReportDefinition | None:
        """The active version for the province, else the shared one."""
        active = cls.objects.filter(code=code, program_code=program_code, is_active=True).order_by("-version")
        return (active.filter(province_id=province_id).first() if province_id else None) or active.filter(
            province__isnull=True
        ).first()


class PublicHoliday(models.Model):
    """A day off that working-day deadlines skip (Saturdays and Sundays are skipped anyway)."""

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên ngày nghỉ"), max_length=120)

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày nghỉ lễ")
        verbose_name_plural = _("ngày nghỉ lễ")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (skipping weekends and PublicHoliday rows)."""
    holidays = set(
        PublicHoliday.objects.filter(
            date__gt=start, date__lte=start + dt.timedelta(days=days * 3 + 30)
        ).values_list("date", flat=True)
    )
    current, left = start, days
    while left:
        current += dt.timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            left -= 1
    return current


class MonitoringReport(models.Model):
    """A commune's monitoring report (Mẫu số 01, Circular 10/2022) for a period, with the text
    the officer writes; its figures (the funding table and Biểu 02) are computed and frozen
    in the issued document's snapshot."""

    class Kind(models.TextChoices):
        SIX_MONTH = "six_month", _("6 tháng")
        ANNUAL = "annual", _("năm")
        PERIODIC = "periodic", _("định kỳ")
        AD_HOC = "ad_hoc", _("đột xuất")

    class Channel(models.TextChoices):
        SYSTEM = "system", _("Hệ thống quản lý văn bản điều hành")
        EMAIL = "email", _("Thư điện tử công vụ")
        POST = "post", _("Gửi bản giấy qua bưu điện")
        HAND = "hand", _("Gửi trực tiếp")

    commune = models.ForeignKey(
        Commune, models.PROTECT, related_name="monitoring_reports", verbose_name=_("xã")
    )
    program_code = models.CharField(_("chương trình"), max_length=30)
    kind = models.CharField(_("loại báo cáo"), max_length=10, choices=Kind, default=Kind.SIX_MONTH)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    deadline = models.DateField(_("hạn gửi báo cáo"))
    direction = models.TextField(
        _("I. Công tác chỉ đạo, điều hành, tuyên truyền, kiểm tra, giám sát"), blank=True
    )
    funding_text = models.TextField(
        _("II. Nhận xét về giao kế hoạch, huy động, sử dụng vốn và giải ngân"), blank=True
    )
    results = models.TextField(
        _("III. Kết quả thực hiện các dự án, tiểu dự án, mục tiêu, chỉ tiêu"), blank=True
    )
    policies = models.TextField(_("IV. Kết quả thực hiện các chính sách giảm nghèo chung"), blank=True)
    difficulties = models.TextField(_("V. Tồn tại, hạn chế, khó khăn, vướng mắc"), blank=True)
    causes = models.TextField(_("Nguyên nhân"), blank=True)
    recommendations = models.TextField(_("VI. Kiến nghị, đề xuất"), blank=True)
    submitted_on = models.DateField(_("ngày gửi cấp trên"), null=True, blank=True)
    submission_channel = models.CharField(_("hình thức gửi"), max_length=10, choices=Channel, blank=True)
    submitted_to = models.CharField(_("nơi nhận"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    TEXT_FIELDS = (
        "direction",
        "funding_text",
        "results",
        "policies",
        "difficulties",
        "causes",
        "recommendations",
    )

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("báo cáo giám sát")
        verbose_name_plural = _("báo cáo giám sát")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="report_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"Báo cáo giám sát {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse("reports:monitoring_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        if self.kind == self.Kind.ANNUAL:
            return f"năm {self.period_end.year}"
        if self.kind == self.Kind.SIX_MONTH:
            half = "đầu" if self.period_end.month <= 6 else "cuối"
            return f"6 tháng {half} năm {self.period_end.year}"
        return f"{self.get_kind_display()} từ {self.period_start:%d/%m/%Y} đến {self.period_end:%d/%m/%Y}"


class PrivateExportStorage(FileSystemStorage):
    """Finished exports live under PRIVATE_ROOT/exports (read at use, so tests point it
    elsewhere); only reports.views.export_download sends them, to the user who asked."""

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(Path(settings.PRIVATE_ROOT) / "exports")

    @property
    def location(self) -> str:  # type: ignore[override]
        return os.path.abspath(self.base_location)

    @cached_property
    def base_url(self) -> None:  # type: ignore[override]
        return None


def export_storage() -> PrivateExportStorage:
    return PrivateExportStorage()


class ExportJob(models.Model):
    """An export too big to build during a request (province-wide Excel): queued as a
    background task, its progress polled by the requester's page, its file kept privately."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    kind = models.CharField(_("loại"), max_length=40)
    params = models.JSONField(_("tham số"), default=dict)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status, default=Status.QUEUED)
    done_steps = models.PositiveIntegerField(default=0)
    total_steps = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    file = models.FileField(storage=export_storage, upload_to="%Y/", blank=True)
    filename = models.CharField(max_length=150, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tệp xuất")
        verbose_name_plural = _("tệp xuất")

    def __str__(self) -> str:
        return f"{self.kind} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("reports:export_detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(self.done_steps * 100 / self.total_steps) if self.total_steps else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class MonitoringMission(models.Model):
    """A monitoring mission (đoàn giám sát) of the province plan, or of a commune for its villages:
    its members, dates, and the units it visits in the field or monitors through their reports."""

    province = models.ForeignKey(Province, models.PROTECT, related_name="+", verbose_name=_("tỉnh"))
    commune = models.ForeignKey(
        Commune,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("xã tổ chức"),
        help_text=_("Để trống: đoàn của cấp tỉnh."),
    )
    name = models.CharField(_("tên đoàn, nội dung giám sát"), max_length=250)
    year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    members = models.TextField(_("thành viên đoàn"), help_text=_("Mỗi dòng một người: họ tên – chức vụ"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("đoàn giám sát")
        verbose_name_plural = _("đoàn giám sát")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="mission_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reports:mission_detail", args=[self.pk])

    @property
    def members_list(self) -> list[str]:
        return [line.strip() for line in self.members.splitlines() if line.strip()]


class MissionUnit(models.Model):
    """A unit the mission monitors: a commune (or a village of it), in the field or by its reports."""

    class Method(models.TextChoices):
        FIELD = "field", _("Giám sát trực tiếp tại địa bàn")
        REPORT = "report", _("Giám sát qua báo cáo")

    mission = models.ForeignKey(MonitoringMission, models.CASCADE, related_name="units")
    commune = models.ForeignKey(Commune, models.PROTECT, related_name="+", verbose_name=_("xã"))
    village = models.ForeignKey(
        "giamngheo.Village", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("thôn")
    )
    method = models.CharField(_("hình thức"), max_length=8, choices=Method, default=Method.FIELD)
    visited_on = models.DateField(_("ngày giám sát"), null=True, blank=True)
    findings = models.TextField(_("kết quả giám sát, tồn tại phát hiện"), blank=True)

    class Meta:
        ordering = ["mission", "commune__name", "pk"]
        verbose_name = _("đơn vị được giám sát")
        verbose_name_plural = _("đơn vị được giám sát")

    def __str__(self) -> str:
        return f"{self.village or self.commune} ({self.get_method_display()})"


class Recommendation(models.Model):
    """A recommendation to a monitored unit, followed up until the unit reports it remedied."""

    unit = models.ForeignKey(MissionUnit, models.CASCADE, related_name="recommendations")
    commune = CommuneKey(parent="unit")
    text = models.TextField(_("kiến nghị"))
    due_on = models.DateField(_("hạn khắc phục"))
    remedied_on = models.DateField(_("ngày khắc phục xong"), null=True, blank=True)
    remedy = models.TextField(_("kết quả khắc phục"), blank=True)
    evidence = models.CharField(
        _("minh chứng"),
        max_length=300,
        blank=True,
        help_text=_("Số, ngày văn bản báo cáo khắc phục; nơi lưu hồ sơ"),
    )
    remedied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["unit", "due_on", "pk"]
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        constraints = [
            models.CheckConstraint(
                condition=Q(remedied_on__isnull=True) | (~Q(remedy="") & ~Q(evidence="")),
                name="remedied_recommendation_has_evidence",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def audit_commune_id(self) -> int:
        return self.unit.commune_id

    @property
    def is_open(self) -> bool:
        return self.remedied_on is None
