"""After approval: handover of the support, each household's commitment, inspections, and what
follows a breach (recovery of the support) or the end of a cycle (rotation to the next household).

Balances hold as database constraints on each handover line: what was delivered is never less
than what left the household (dead or lost, sold or slaughtered, recovered, rotated out).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from giamngheo.commune_key import CommuneKey
from giamngheo.models import Commune, Village
from giamngheo.workflow import Move


class FollowUpRule(models.Model):
    """The follow-up part of a province's rule set, kept here so `projects` does not grow.

    A rule set without one uses the defaults below."""

    rule_set = models.OneToOneField(
        "projects.RuleSet", models.CASCADE, related_name="follow_up", verbose_name=_("bộ quy tắc")
    )
    inspection_interval_months = models.PositiveSmallIntegerField(
        _("kiểm tra định kỳ mỗi (tháng)"), default=3
    )
    commitment_months = models.PositiveSmallIntegerField(
        _("thời hạn cam kết (tháng)"),
        null=True,
        blank=True,
        help_text=_("Để trống: bằng thời gian thực hiện dự án."),
    )
    rotation_what = models.CharField(
        _("nội dung luân chuyển"), max_length=200, blank=True, default="Con bê cái đầu tiên"
    )

    class Meta:
        verbose_name = _("quy định theo dõi sau bàn giao")
        verbose_name_plural = _("quy định theo dõi sau bàn giao")
        constraints = [
            models.CheckConstraint(
                condition=Q(inspection_interval_months__gt=0), name="inspection_interval_positive"
            )
        ]

    def __str__(self) -> str:
        return str(self.rule_set)


class CommuneFollowUpSettings(models.Model):
    """A commune's choices for follow-up work."""

    commune = models.OneToOneField(Commune, models.CASCADE, related_name="follow_up_settings")
    keep_photo_location = models.BooleanField(
        _("giữ vị trí GPS trong ảnh kiểm tra"),
        default=False,
        help_text=_("Mặc định ảnh được xóa thông tin vị trí để bảo vệ hộ dân."),
    )

    def __str__(self) -> str:
        return str(self.commune)


class Supplier(models.Model):
    """A supplier or implementing unit that hands the support over (bên giao)."""

    commune = models.ForeignKey(Commune, models.PROTECT, related_name="suppliers", verbose_name=_("xã"))
    name = models.CharField(_("tên đơn vị"), max_length=250)
    tax_code = models.CharField(_("mã số thuế"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=250, blank=True)
    representative = models.CharField(_("người đại diện"), max_length=150)
    representative_title = models.CharField(_("chức vụ"), max_length=100, blank=True)
    contract_number = models.CharField(_("số hợp đồng"), max_length=60, blank=True)
    contract_date = models.DateField(_("ngày hợp đồng"), null=True, blank=True)
    contract_value = models.PositiveBigIntegerField(_("giá trị hợp đồng (đ)"), null=True, blank=True)

    class Meta:
        ordering = ["commune", "name"]
        verbose_name = _("đơn vị cung ứng")
        verbose_name_plural = _("đơn vị cung ứng")

    def __str__(self) -> str:
        return self.name


class HandoverStatus(models.TextChoices):
    DRAFT = "draft", _("Đang lập")
    ISSUED = "issued", _("Đã ban hành biên bản")
    SIGNED = "signed", _("Đã có bản ký (khóa)")


class HandoverKind(models.TextChoices):
    DELIVERY = "delivery", _("Bàn giao hỗ trợ")
    ROTATION = "rotation", _("Bàn giao luân chuyển")
    REASSIGNMENT = "reassignment", _("Giao lại hỗ trợ thu hồi")


class Handover(models.Model):
    """One handover session (buổi bàn giao) of a project's support to its households."""

    Status = HandoverStatus
    Kind = HandoverKind
    MOVES: dict[str, Move] = {
        "issue": Move(
            _("Ban hành biên bản bàn giao"),
            frozenset({HandoverStatus.DRAFT}),
            HandoverStatus.ISSUED,
            "handover.manage",
        ),
        "sign": Move(
            _("Tải lên biên bản đã ký"),
            frozenset({HandoverStatus.ISSUED}),
            HandoverStatus.SIGNED,
            "handover.manage",
        ),
    }

    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="handovers")
    kind = models.CharField(_("loại"), max_length=12, choices=HandoverKind, default=HandoverKind.DELIVERY)
    commune = models.ForeignKey(Commune, models.PROTECT, related_name="+")
    village = models.ForeignKey(Village, models.PROTECT, related_name="+")
    held_on = models.DateField(_("ngày bàn giao"))
    held_at = models.TimeField(_("giờ"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=250)
    supplier = models.ForeignKey(
        Supplier, models.PROTECT, null=True, blank=True, related_name="handovers", verbose_name=_("bên giao")
    )
    giver_name = models.CharField(_("bên giao (nếu không phải đơn vị cung ứng)"), max_length=250, blank=True)
    giver_representative = models.CharField(_("đại diện bên giao"), max_length=150, blank=True)
    giver_title = models.CharField(_("chức vụ"), max_length=100, blank=True)
    team_members = models.TextField(
        _("thành viên Tổ quản lý dự án xã có mặt"), help_text=_("Mỗi dòng một người: họ tên – chức vụ")
    )
    witnesses = models.TextField(
        _("thành phần chứng kiến"),
        blank=True,
        help_text=_("Trưởng thôn, tổ trưởng tổ cộng đồng, cán bộ thú y… mỗi dòng một người"),
    )
    condition = models.TextField(_("tình trạng khi bàn giao"), blank=True)
    opinions = models.TextField(_("ý kiến các bên"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=HandoverStatus, default=HandoverStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    signed_scan = models.FileField(_("biên bản đã ký (bản quét)"), upload_to="ban-giao/%Y/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "held_on", "pk"]
        verbose_name = _("buổi bàn giao")
        verbose_name_plural = _("buổi bàn giao")

    def __str__(self) -> str:
        return f"Bàn giao ngày {self.held_on:%d/%m/%Y} – {self.project}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:handover_detail", args=[self.pk])

    @property
    def giver(self) -> str:
        return self.supplier.name if self.supplier_id else self.giver_name

    @property
    def is_locked(self) -> bool:
        return self.status == HandoverStatus.SIGNED


class ItemKind(models.TextChoices):
    LIVESTOCK = "livestock", _("Con giống")
    SEEDLING = "seedling", _("Cây giống")
    MATERIAL = "material", _("Vật tư")
    FEED = "feed", _("Thức ăn")
    EQUIPMENT = "equipment", _("Máy móc, công cụ")
    MONEY = "money", _("Tiền")


class Sex(models.TextChoices):
    FEMALE = "female", _("Cái")
    MALE = "male", _("Đực")


class HandoverLine(models.Model):
    """One item delivered (or refused) to one household at a handover: one row of the minutes.

    The `out_*` quantities are what has since left the household; the constraint keeps them
    within what was delivered, so `in_use` can never go negative."""

    handover = models.ForeignKey(Handover, models.CASCADE, related_name="lines")
    commune = CommuneKey(parent="handover")
    # None for an animal passed on by rotation to a household outside the participant list.
    participant = models.ForeignKey(
        "projects.Participant", models.PROTECT, null=True, blank=True, related_name="handover_lines"
    )
    household = models.ForeignKey("households.Household", models.PROTECT, related_name="handover_lines")
    item = models.ForeignKey("projects.SupportItem", models.PROTECT, related_name="handover_lines")
    kind = models.CharField(_("loại"), max_length=10, choices=ItemKind, default=ItemKind.LIVESTOCK)
    variety = models.CharField(_("loài, giống"), max_length=150, blank=True)
    quantity = models.DecimalField(_("số lượng"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("đơn vị tính"), max_length=30)
    unit_price = models.PositiveBigIntegerField(_("đơn giá (đ)"))
    amount = models.PositiveBigIntegerField(_("thành tiền (đ)"))
    weight_kg = models.DecimalField(
        _("trọng lượng (kg)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    age_months = models.PositiveSmallIntegerField(_("tuổi (tháng)"), null=True, blank=True)
    sex = models.CharField(_("giới tính"), max_length=6, choices=Sex, blank=True)
    identifier = models.CharField(_("số tai, mã số"), max_length=60, blank=True)
    vaccination = models.CharField(_("tiêm phòng (bệnh, ngày)"), max_length=200, blank=True)
    quarantine_paper = models.CharField(_("giấy kiểm dịch"), max_length=100, blank=True)
    refused = models.BooleanField(_("không nhận"), default=False)
    refusal_reason = models.CharField(_("lý do không nhận"), max_length=250, blank=True)
    # An animal passed on by rotation or reassigned after a recovery: the line it came out of
    # (None for a supplier's delivery, and for offspring passed on).
    came_from = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="passed_to", verbose_name=_("chuyển từ")
    )
    out_dead = models.DecimalField(_("chết, thất lạc"), max_digits=10, decimal_places=2, default=0)
    out_sold = models.DecimalField(_("đã bán, giết thịt"), max_digits=10, decimal_places=2, default=0)
    out_recovered = models.DecimalField(_("đã thu hồi"), max_digits=10, decimal_places=2, default=0)
    out_rotated = models.DecimalField(_("đã luân chuyển"), max_digits=10, decimal_places=2, default=0)

    class Meta:
        ordering = ["handover", "household__village__name", "household__head_name", "pk"]
        verbose_name = _("dòng bàn giao")
        verbose_name_plural = _("dòng bàn giao")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="handover_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(refused=False) | ~Q(refusal_reason=""), name="refused_line_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(out_dead__gte=0, out_sold__gte=0, out_recovered__gte=0, out_rotated__gte=0),
                name="handover_line_outflows_not_negative",
            ),
            # The balance: delivered = in use + dead/lost + sold + recovered + rotated out, in use ≥ 0.
            models.CheckConstraint(
                condition=Q(
                    quantity__gte=F("out_dead") + F("out_sold") + F("out_recovered") + F("out_rotated")
                ),
                name="handover_line_outflows_within_delivered",
            ),
            models.CheckConstraint(
                condition=Q(refused=False) | Q(out_dead=0, out_sold=0, out_recovered=0, out_rotated=0),
                name="refused_line_has_no_outflows",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.variety or self.item.name} {self.identifier}".strip()

    @property
    def in_use(self):
        if self.refused:
            return 0
        return self.quantity - self.out_dead - self.out_sold - self.out_recovered - self.out_rotated


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("Đang thực hiện")
    CLOSED = "closed", _("Đã kết thúc")


class Outcome(models.TextChoices):
    KEPT = "kept", _("Thực hiện đúng cam kết, phát triển tốt")
    BREACHED = "breached", _("Vi phạm cam kết")
    RECOVERED = "recovered", _("Đã thu hồi hỗ trợ")


class Commitment(models.Model):
    """A household's commitment for the support it received: opened by its first handover."""

    Status = CommitmentStatus
    Outcome = Outcome

    household = models.ForeignKey("households.Household", models.PROTECT, related_name="commitments")
    commune = CommuneKey(parent="household")
    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="commitments")
    participant = models.ForeignKey(
        "projects.Participant", models.PROTECT, null=True, blank=True, related_name="commitments"
    )
    opened_by = models.ForeignKey(Handover, models.PROTECT, related_name="commitments_opened")
    clauses = models.JSONField(_("các điều khoản cam kết"), default=list)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    inspection_interval_months = models.PositiveSmallIntegerField(_("kiểm tra định kỳ mỗi (tháng)"))
    rotation_what = models.CharField(_("luân chuyển"), max_length=200, blank=True)
    rotation_rule = models.TextField(_("quy định luân chuyển"), blank=True)
    rotation_due_on = models.DateField(_("hạn luân chuyển"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=CommitmentStatus, default=CommitmentStatus.OPEN
    )
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome, blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    MOVES: dict[str, Move] = {
        "close": Move(
            _("Kết thúc cam kết"),
            frozenset({CommitmentStatus.OPEN}),
            CommitmentStatus.CLOSED,
            "commitment.close",
        ),
    }

    class Meta:
        ordering = ["household__head_name", "pk"]
        verbose_name = _("cam kết của hộ")
        verbose_name_plural = _("cam kết của hộ")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "project"],
                condition=Q(status="open"),
                name="one_open_commitment_per_project",
            ),
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="commitment_period_ordered"),
            models.CheckConstraint(
                condition=Q(status="open", outcome="")
                | (Q(status="closed") & ~Q(outcome="") & Q(closed_on__isnull=False)),
                name="closed_commitment_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Cam kết {self.household} – {self.project}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:commitment_detail", args=[self.pk])

    @property
    def village(self):
        return self.household.village


class InspectionKind(models.TextChoices):
    PERIODIC = "periodic", _("Định kỳ")
    ADHOC = "adhoc", _("Đột xuất")


class InspectionResult(models.TextChoices):
    PASS = "dat", _("Đạt")
    FAIL = "khong_dat", _("Không đạt")
    WATCH = "theo_doi", _("Cần theo dõi")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Chưa kiểm tra")
    DONE = "done", _("Đã kiểm tra")
    CANCELLED = "cancelled", _("Hủy")


class InspectionRound(models.Model):
    """An inspection round (đợt kiểm tra): kind, team, scope, period; its visits are inspections."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang kiểm tra")
        CLOSED = "closed", _("Đã kết thúc, đã báo cáo")

    commune = models.ForeignKey(Commune, models.PROTECT, related_name="inspection_rounds")
    name = models.CharField(_("tên đợt"), max_length=200)
    kind = models.CharField(_("loại"), max_length=8, choices=InspectionKind, default=InspectionKind.PERIODIC)
    team = models.TextField(
        _("thành phần đoàn kiểm tra"), help_text=_("Mỗi dòng một người: họ tên – chức vụ")
    )
    project = models.ForeignKey("projects.Project", models.PROTECT, null=True, blank=True, related_name="+")
    village = models.ForeignKey(Village, models.PROTECT, null=True, blank=True, related_name="+")
    sample_size = models.PositiveSmallIntegerField(_("số hộ chọn ngẫu nhiên"), null=True, blank=True)
    seed = models.PositiveIntegerField(_("số gieo chọn mẫu"), null=True, blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status, default=Status.OPEN)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    MOVES: dict[str, Move] = {
        "close": Move(_("Kết thúc đợt, ban hành báo cáo"), frozenset({"open"}), "closed", "inspection.plan"),
    }

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("đợt kiểm tra")
        verbose_name_plural = _("đợt kiểm tra")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="inspection_round_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inspections:round_detail", args=[self.pk])


class Inspection(models.Model):
    """One visit to a household (planned, then done) against its commitment."""

    Kind = InspectionKind
    Result = InspectionResult
    Status = InspectionStatus

    commitment = models.ForeignKey(Commitment, models.PROTECT, related_name="inspections")
    household = models.ForeignKey("households.Household", models.PROTECT, related_name="inspections")
    commune = CommuneKey(parent="household")
    village = models.ForeignKey(Village, models.PROTECT, related_name="+")
    kind = models.CharField(_("loại"), max_length=8, choices=InspectionKind, default=InspectionKind.PERIODIC)
    round = models.ForeignKey(
        InspectionRound,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("đợt"),
    )
    reason = models.CharField(_("lý do kiểm tra đột xuất"), max_length=250, blank=True)
    due_on = models.DateField(_("hạn kiểm tra"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections_assigned",
        verbose_name=_("cán bộ được giao"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=InspectionStatus, default=InspectionStatus.PLANNED
    )
    done_on = models.DateField(_("ngày kiểm tra"), null=True, blank=True)
    inspectors = models.TextField(_("người kiểm tra"), blank=True)
    member_present = models.CharField(_("thành viên hộ có mặt"), max_length=150, blank=True)
    offspring = models.CharField(_("con sinh ra (ngày, giới tính)"), max_length=250, blank=True)
    shed_condition = models.CharField(_("chuồng trại, vườn cây"), max_length=250, blank=True)
    guidance_followed = models.BooleanField(_("thực hiện đúng hướng dẫn kỹ thuật"), null=True)
    clauses_kept = models.JSONField(_("điều khoản cam kết được thực hiện"), default=list, blank=True)
    findings = models.TextField(_("nhận xét, phát hiện"), blank=True)
    result = models.CharField(_("kết quả"), max_length=10, choices=InspectionResult, blank=True)
    recommendations = models.TextField(_("kiến nghị"), blank=True)
    recommendation_deadline = models.DateField(_("hạn thực hiện kiến nghị"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("lần kiểm tra")
        verbose_name_plural = _("lần kiểm tra")
        indexes = [
            models.Index(fields=["status", "due_on"], name="inspection_status_due"),
            # A commitment's latest visit done (the reports' "model shown effective"): one index
            # probe per commitment, no sort.
            models.Index(
                fields=["commitment", "-done_on", "-id"],
                condition=Q(status="done"),
                name="inspection_latest_done",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False) & ~Q(result="") | ~Q(status="done"),
                name="done_inspection_has_date_and_result",
            )
        ]

    def __str__(self) -> str:
        return f"Kiểm tra {self.household} ({self.due_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspection_detail", args=[self.pk])


class ItemStatus(models.TextChoices):
    HEALTHY = "healthy", _("Khỏe mạnh")
    SICK = "sick", _("Ốm")
    DEAD = "dead", _("Chết")
    SOLD = "sold", _("Đã bán")
    SLAUGHTERED = "slaughtered", _("Đã giết thịt")
    LOST = "lost", _("Thất lạc")
    ROTATED = "rotated", _("Đã luân chuyển")
    PROPER_USE = "proper_use", _("Sử dụng đúng mục đích")
    MISUSE = "misuse", _("Sử dụng không đúng mục đích")


# What an inspection status does to a line's balance: which outflow takes the rest in use.
OUTFLOW_OF_STATUS = {
    ItemStatus.DEAD: "out_dead",
    ItemStatus.LOST: "out_dead",
    ItemStatus.SOLD: "out_sold",
    ItemStatus.SLAUGHTERED: "out_sold",
}


class InspectionItem(models.Model):
    """What the visit found about one handed-over item."""

    inspection = models.ForeignKey(Inspection, models.CASCADE, related_name="items")
    commune = CommuneKey(parent="inspection")
    line = models.ForeignKey(HandoverLine, models.PROTECT, related_name="inspection_items")
    status = models.CharField(_("tình trạng"), max_length=12, choices=ItemStatus)
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)

    class Meta:
        ordering = ["inspection", "line"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "line"], name="one_status_per_line_per_visit")
        ]

    def __str__(self) -> str:
        return f"{self.line}: {self.get_status_display()}"


class InspectionPhoto(models.Model):
    inspection = models.ForeignKey(Inspection, models.CASCADE, related_name="photos")
    commune = CommuneKey(parent="inspection")
    image = models.FileField(upload_to="kiem-tra/%Y/")
    width = models.PositiveSmallIntegerField()
    height = models.PositiveSmallIntegerField()
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return self.image.name


class MonitoringNote(models.Model):
    """A short observation by the village head/group or a supervision note of the Front."""

    commune = models.ForeignKey(Commune, models.PROTECT, related_name="+")
    household = models.ForeignKey("households.Household", models.PROTECT, related_name="monitoring_notes")
    village = models.ForeignKey(Village, models.PROTECT, related_name="+")
    observed_on = models.DateField(_("ngày ghi nhận"))
    text = models.TextField(_("nội dung"))
    suspected_breach = models.BooleanField(_("nghi có vi phạm cam kết"), default=False)
    inspection = models.OneToOneField(
        Inspection, models.SET_NULL, null=True, blank=True, related_name="monitoring_note"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    author_role = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-observed_on", "-pk"]
        verbose_name = _("ghi nhận giám sát cộng đồng")
        verbose_name_plural = _("ghi nhận giám sát cộng đồng")

    def __str__(self) -> str:
        return f"{self.observed_on:%d/%m/%Y} {self.household}"


class ConsequenceKind(models.TextChoices):
    REMINDER = "reminder", _("Nhắc nhở")
    WARNING = "warning", _("Cảnh cáo bằng văn bản")
    ADJUSTMENT = "adjustment", _("Điều chỉnh")


class Consequence(models.Model):
    """A lighter follow-up of a failed inspection: reminder, written warning, adjustment."""

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="consequences")
    commune = CommuneKey(parent="inspection")
    kind = models.CharField(_("hình thức"), max_length=10, choices=ConsequenceKind)
    note = models.TextField(_("nội dung"))
    deadline = models.DateField(_("hạn khắc phục"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class RecoveryStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề xuất thu hồi")
    DECIDED = "decided", _("Đã có quyết định thu hồi")
    REJECTED = "rejected", _("Không thu hồi")
    RECOVERED = "recovered", _("Đã lập biên bản thu hồi")
    SETTLED = "settled", _("Đã xử lý hỗ trợ thu hồi")


class RecoveryOutcome(models.TextChoices):
    REASSIGNED = "reassigned", _("Giao lại cho hộ khác")
    BUDGET = "budget", _("Nộp trả ngân sách")
    SOLD = "sold", _("Bán, thu tiền")


class Recovery(models.Model):
    """Recovering support from one household (thu hồi hỗ trợ của hộ) — not withdrawing a project."""

    Status = RecoveryStatus
    Outcome = RecoveryOutcome
    MOVES: dict[str, Move] = {
        "decide": Move(
            _("Quyết định thu hồi"),
            frozenset({RecoveryStatus.PROPOSED}),
            RecoveryStatus.DECIDED,
            "recovery.decide",
        ),
        "reject": Move(
            _("Không thu hồi"),
            frozenset({RecoveryStatus.PROPOSED}),
            RecoveryStatus.REJECTED,
            "recovery.decide",
        ),
        "recover": Move(
            _("Lập biên bản thu hồi"),
            frozenset({RecoveryStatus.DECIDED}),
            RecoveryStatus.RECOVERED,
            "recovery.propose",
        ),
        "settle": Move(
            _("Ghi kết quả xử lý"),
            frozenset({RecoveryStatus.RECOVERED}),
            RecoveryStatus.SETTLED,
            "recovery.propose",
        ),
    }

    commitment = models.ForeignKey(Commitment, models.PROTECT, related_name="recoveries")
    household = models.ForeignKey("households.Household", models.PROTECT, related_name="recoveries")
    commune = CommuneKey(parent="household")
    line = models.ForeignKey(
        HandoverLine, models.PROTECT, related_name="recoveries", verbose_name=_("hỗ trợ thu hồi")
    )
    inspection = models.ForeignKey(
        Inspection, models.PROTECT, null=True, blank=True, related_name="recoveries"
    )
    reason = models.TextField(_("lý do"))
    quantity = models.DecimalField(_("số lượng hiện vật thu hồi"), max_digits=10, decimal_places=2, default=0)
    amount = models.PositiveBigIntegerField(_("số tiền thu hồi (đ)"), default=0)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=RecoveryStatus, default=RecoveryStatus.PROPOSED
    )
    decision_note = models.TextField(_("ý kiến của lãnh đạo"), blank=True)
    recovered_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    outcome = models.CharField(_("xử lý"), max_length=10, choices=RecoveryOutcome, blank=True)
    proceeds = models.PositiveBigIntegerField(_("số tiền thu được (đ)"), null=True, blank=True)
    reassigned_to = models.ForeignKey(
        "households.Household",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("giao lại cho hộ"),
    )
    version = models.PositiveIntegerField(default=1)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("thu hồi hỗ trợ của hộ")
        verbose_name_plural = _("thu hồi hỗ trợ của hộ")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="recovery_quantity_not_negative"),
            models.CheckConstraint(
                condition=Q(quantity__gt=0) | Q(amount__gt=0), name="recovery_recovers_something"
            ),
        ]

    def __str__(self) -> str:
        return f"Thu hồi hỗ trợ hộ {self.household}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:recovery_detail", args=[self.pk])

    @property
    def village(self):
        return self.household.village


class Rotation(models.Model):
    """Passing an animal (e.g. the first female calf) on to the next eligible household."""

    commitment = models.ForeignKey(Commitment, models.PROTECT, related_name="rotations")
    # The delivered line the animal came out of; None when it is offspring (the first calf).
    from_line = models.ForeignKey(
        HandoverLine, models.PROTECT, null=True, blank=True, related_name="rotations_out"
    )
    to_household = models.ForeignKey("households.Household", models.PROTECT, related_name="+")
    commune = CommuneKey(parent="to_household")
    handover = models.OneToOneField(Handover, models.PROTECT, related_name="rotation")
    rotated_on = models.DateField(_("ngày luân chuyển"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-rotated_on", "-pk"]

    def __str__(self) -> str:
        return f"Luân chuyển {self.commitment.household} → {self.to_household}"
