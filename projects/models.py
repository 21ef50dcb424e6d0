"""Support projects: programs and their components, legal documents, provincial rule sets,
rounds (đợt triển khai), community-proposed projects and their three-step workflow.

Reference data (programs, rule sets, checklists, clauses) is data, never Python constants.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from giamngheo.models import Commune, Province, Role, Village

R = Role


class FundingSource(models.TextChoices):
    CENTRAL = "central", _("Ngân sách trung ương (NSTW)")
    LOCAL = "local", _("Ngân sách địa phương (NSĐP)")
    CREDIT = "credit", _("Vốn tín dụng chính sách")
    COUNTERPART = "counterpart", _("Vốn đối ứng của hộ")
    OTHER = "other", _("Nguồn huy động khác")


# The state's share: what ceilings and "support" amounts count.
STATE_SOURCES = frozenset({FundingSource.CENTRAL, FundingSource.LOCAL})


# ---- reference data ---------------------------------------------------------------------------


class LegalDocument(models.Model):
    """A decree, decision, plan… that rounds, decisions and reports cite."""

    class Kind(models.TextChoices):
        RESOLUTION = "nghi_quyet", _("Nghị quyết")
        DECREE = "nghi_dinh", _("Nghị định")
        CIRCULAR = "thong_tu", _("Thông tư")
        DECISION = "quyet_dinh", _("Quyết định")
        PLAN = "ke_hoach", _("Kế hoạch")
        OFFICIAL_LETTER = "cong_van", _("Công văn")
        SUBMISSION = "to_trinh", _("Tờ trình")
        OTHER = "khac", _("Văn bản khác")

    number = models.CharField(_("số, ký hiệu"), max_length=60)
    kind = models.CharField(_("loại văn bản"), max_length=12, choices=Kind, default=Kind.DECISION)
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    summary = models.CharField(_("trích yếu"), max_length=500)
    file = models.FileField(_("tệp đính kèm"), upload_to="van-ban/%Y/", blank=True)
    # Empty for national and provincial documents every commune may cite.
    commune = models.ForeignKey(
        Commune, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("xã")
    )

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("văn bản pháp lý")
        verbose_name_plural = _("văn bản pháp lý")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} số {self.number} ngày {self.issued_on:%d/%m/%Y}"


class Program(models.Model):
    """A national target program with its period (2021–2025, 2026–2035…)."""

    code = models.CharField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên chương trình"), max_length=300)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    decision = models.ForeignKey(
        LegalDocument, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("quyết định")
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("chương trình")
        verbose_name_plural = _("chương trình")

    def __str__(self) -> str:
        return f"{self.name} ({self.start_year}–{self.end_year})"


class Component(models.Model):
    """A Dự án or Tiểu dự án of a program (a tree: a sub-project has a parent)."""

    program = models.ForeignKey(
        Program, models.CASCADE, related_name="components", verbose_name=_("chương trình")
    )
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("thuộc dự án")
    )
    code = models.CharField(_("mã"), max_length=30, help_text=_("Ví dụ: DA3, DA3.TDA1"))
    name = models.CharField(_("tên"), max_length=300)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["program", "order", "code"]
        verbose_name = _("dự án thành phần")
        verbose_name_plural = _("dự án thành phần")
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="component_code_unique")]

    def __str__(self) -> str:
        return f"{self.short_code} – {self.name}"

    @property
    def short_code(self) -> str:
        """ "DA3.TDA1" → "Tiểu dự án 1 (Dự án 3)", "DA3" → "Dự án 3"."""
        if "." in self.code:
            main, sub = self.code.split(".", 1)
            return f"Tiểu dự án {sub.removeprefix('TDA')} – Dự án {main.removeprefix('DA')}"
        return f"Dự án {self.code.removeprefix('DA')}"


class RuleSet(models.Model):
    """A province's rules for production-support projects, in numbered versions.

    A project keeps the version it was created and approved under; to change the rules an
    administrator saves a new version, so approved projects never change under their feet.

    `checklist` is a list of {"code", "label", "stage"}: `code` names a dossier item the app
    can check ("plan", "participants", "meeting", "commitments", "posting"; any other code is a
    paper item checked by hand), `stage` is "submit" (needed before the village submits) or
    "bcd" (needed before the dossier goes to the BCĐ).
    """

    province = models.ForeignKey(
        Province,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tỉnh"),
        help_text=_("Để trống: bộ quy tắc mặc định cho mọi tỉnh chưa có bộ riêng."),
    )
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    name = models.CharField(_("tên"), max_length=200)
    legal_basis = models.ForeignKey(
        LegalDocument, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("căn cứ")
    )
    valid_from = models.DateField(_("áp dụng từ ngày"))
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    eligible_categories = models.JSONField(
        _("loại hộ thuộc đối tượng của chương trình"),
        default=list,
        help_text=_('Mã loại hộ, ví dụ ["poor", "near_poor", "escaped_poor"]'),
    )
    priority_categories = models.JSONField(
        _("loại hộ được tính ưu tiên"),
        default=list,
        help_text=_("Cùng với hộ dân tộc thiểu số, gia đình có công và phụ nữ thuộc hộ nghèo."),
    )
    min_beneficiary_share = models.DecimalField(
        _("tỷ lệ tối thiểu hộ thuộc đối tượng (%)"), max_digits=5, decimal_places=2, default=50
    )
    priority_share = models.DecimalField(
        _("tỷ lệ để được ưu tiên (%)"), max_digits=5, decimal_places=2, default=70
    )
    min_counterpart_share = models.DecimalField(
        _("tỷ lệ đối ứng tối thiểu của hộ (%)"), max_digits=5, decimal_places=2, default=10
    )
    ceiling_per_household = models.PositiveBigIntegerField(
        _("mức hỗ trợ tối đa mỗi hộ (đ)"), default=30_000_000
    )
    ceiling_per_project = models.PositiveBigIntegerField(
        _("mức hỗ trợ tối đa mỗi dự án (đ)"), default=1_000_000_000
    )
    newly_escaped_months = models.PositiveSmallIntegerField(
        _("thời gian tính là hộ mới thoát nghèo (tháng)"), default=36
    )
    posting_days = models.PositiveSmallIntegerField(_("số ngày niêm yết công khai"), default=7)
    rotation_months = models.PositiveSmallIntegerField(_("luân chuyển sau (tháng)"), null=True, blank=True)
    rotation_rule = models.TextField(_("quy định luân chuyển"), blank=True)
    checklist = models.JSONField(_("danh mục hồ sơ"), default=list)
    commitment_clauses = models.JSONField(_("các điều khoản cam kết"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["province", "-version"]
        verbose_name = _("bộ quy tắc hỗ trợ sản xuất")
        verbose_name_plural = _("bộ quy tắc hỗ trợ sản xuất")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "version"],
                condition=Q(province__isnull=False),
                name="ruleset_version_unique",
            ),
            models.UniqueConstraint(
                fields=["version"], condition=Q(province__isnull=True), name="default_ruleset_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(min_beneficiary_share__gte=0, min_beneficiary_share__lte=100)
                & Q(priority_share__gte=0, priority_share__lte=100)
                & Q(min_counterpart_share__gte=0, min_counterpart_share__lte=100),
                name="ruleset_shares_are_percentages",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (phiên bản {self.version})"

    @classmethod
    def current_for(cls, province_id: int | None, on) -> RuleSet | None:
        """The active version in force on `on` for the province, else the default one."""
        active = cls.objects.filter(is_active=True, valid_from__lte=on).order_by("-valid_from", "-version")
        return active.filter(province_id=province_id).first() or active.filter(province__isnull=True).first()


# ---- rounds -------------------------------------------------------------------------------------


class Round(models.Model):
    """Step 1: the commune opens a round (đợt triển khai) under a program component."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang chuẩn bị")
        PUBLISHED = "published", _("Đã thông báo tới thôn")
        CLOSED = "closed", _("Đã kết thúc")

    commune = models.ForeignKey(Commune, models.PROTECT, related_name="project_rounds", verbose_name=_("xã"))
    component = models.ForeignKey(
        Component, models.PROTECT, related_name="rounds", verbose_name=_("dự án thành phần")
    )
    name = models.CharField(_("tên đợt"), max_length=200)
    year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    plan_document = models.ForeignKey(
        LegalDocument,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kế hoạch của cấp trên"),
    )
    deadline = models.DateField(_("hạn thôn gửi đề xuất"))
    villages = models.ManyToManyField(
        Village, related_name="project_rounds", verbose_name=_("thôn được đề xuất")
    )
    bcd_direction_date = models.DateField(_("ngày BCĐ cho ý kiến chỉ đạo"), null=True, blank=True)
    bcd_direction = models.TextField(_("nội dung chỉ đạo của BCĐ"), blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(_("ngày thông báo"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("đợt triển khai")
        verbose_name_plural = _("đợt triển khai")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:round_detail", args=[self.pk])


class RoundEnvelope(models.Model):
    """The round's budget envelope for one funding source."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="envelopes")
    source = models.CharField(_("nguồn vốn"), max_length=12, choices=FundingSource)
    amount = models.PositiveBigIntegerField(_("số tiền (đ)"))

    class Meta:
        ordering = ["round", "source"]
        constraints = [models.UniqueConstraint(fields=["round", "source"], name="one_envelope_per_source")]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.amount}"


# ---- projects -------------------------------------------------------------------------------------


class Status(models.TextChoices):
    DRAFT = "draft", _("Thôn đang lập")
    SUBMITTED = "submitted", _("Chờ xã kiểm tra hồ sơ")
    RETURNED = "returned", _("Trả lại thôn bổ sung")
    BCD_REVIEW = "bcd_review", _("Chờ BCĐ xem xét")
    REJECTED = "rejected", _("BCĐ không đồng ý")
    AGREED = "agreed", _("BCĐ đồng ý, chờ trình cấp trên")
    SUBMITTED_UPWARD = "submitted_upward", _("Đã trình cấp trên")
    APPROVED = "approved", _("Đã phê duyệt")
    REFUSED = "refused", _("Cấp trên không phê duyệt")
    IMPLEMENTING = "implementing", _("Đang triển khai")
    WITHDRAWN = "withdrawn", _("Đã thu hồi")


@dataclass(frozen=True)
class Move:
    """One allowed step: from which states, to which state, by whom (an access action)."""

    label: str
    sources: frozenset[str]
    target: str
    action: str


class Project(models.Model):
    """Step 2 and 3: a community-proposed production-support project and where it stands."""

    Status = Status

    # THE table of allowed moves. Services check it under a row lock; templates ask it which
    # buttons to show. Each key is one service function in projects/services.py.
    MOVES: dict[str, Move] = {
        "submit": Move(
            _("Gửi xã"), frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED, "project.propose"
        ),
        "return_to_village": Move(
            _("Trả lại thôn"), frozenset({Status.SUBMITTED}), Status.RETURNED, "project.check"
        ),
        "send_to_bcd": Move(
            _("Trình BCĐ"), frozenset({Status.SUBMITTED}), Status.BCD_REVIEW, "project.check"
        ),
        "bcd_agree": Move(
            _("BCĐ đồng ý"), frozenset({Status.BCD_REVIEW}), Status.AGREED, "project.bcd_decide"
        ),
        "bcd_return": Move(
            _("BCĐ trả lại để bổ sung"), frozenset({Status.BCD_REVIEW}), Status.RETURNED, "project.bcd_decide"
        ),
        "bcd_reject": Move(
            _("BCĐ không đồng ý"), frozenset({Status.BCD_REVIEW}), Status.REJECTED, "project.bcd_decide"
        ),
        "submit_upward": Move(
            _("Trình cấp trên"), frozenset({Status.AGREED}), Status.SUBMITTED_UPWARD, "project.submit_upward"
        ),
        "approve": Move(
            _("Cấp trên phê duyệt"),
            frozenset({Status.SUBMITTED_UPWARD}),
            Status.APPROVED,
            "project.record_decision",
        ),
        "refuse": Move(
            _("Cấp trên không phê duyệt"),
            frozenset({Status.SUBMITTED_UPWARD}),
            Status.REFUSED,
            "project.record_decision",
        ),
        "start": Move(
            _("Bắt đầu triển khai"),
            frozenset({Status.APPROVED}),
            Status.IMPLEMENTING,
            "project.record_decision",
        ),
        "withdraw": Move(
            _("Thu hồi dự án"),
            frozenset({Status.APPROVED, Status.IMPLEMENTING}),
            Status.WITHDRAWN,
            "project.withdraw",
        ),
    }
    # States whose content the village may still edit.
    EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
    # States that no longer hold households or budget in the round.
    CLOSED = frozenset({Status.REJECTED, Status.REFUSED, Status.WITHDRAWN})

    round = models.ForeignKey(
        Round, models.PROTECT, related_name="projects", verbose_name=_("đợt triển khai")
    )
    commune = models.ForeignKey(
        Commune, models.PROTECT, related_name="support_projects", verbose_name=_("xã")
    )
    village = models.ForeignKey(
        Village, models.PROTECT, related_name="support_projects", verbose_name=_("thôn")
    )
    group = models.ForeignKey(
        "households.CommunityGroup",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("tổ cộng đồng"),
    )
    rule_set = models.ForeignKey(
        RuleSet, models.PROTECT, related_name="projects", verbose_name=_("bộ quy tắc")
    )
    name = models.CharField(_("tên dự án"), max_length=250)
    model = models.CharField(_("mô hình"), max_length=200, help_text=_("Ví dụ: Nuôi bò cái sinh sản"))
    place = models.CharField(_("địa điểm thực hiện"), max_length=250)
    duration_months = models.PositiveSmallIntegerField(_("thời gian thực hiện (tháng)"), default=12)
    expected_results = models.TextField(_("kết quả dự kiến"), blank=True)
    meeting_date = models.DateField(_("ngày họp cộng đồng"), null=True, blank=True)
    meeting_attendees = models.PositiveSmallIntegerField(_("số người dự họp"), null=True, blank=True)
    meeting_agree_share = models.DecimalField(
        _("tỷ lệ đồng ý (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    meeting_minutes = models.FileField(
        _("biên bản họp thôn"), upload_to="du-an/bien-ban-thon/%Y/", blank=True
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status, default=Status.DRAFT)
    # Bumped by every change: a form posts the version it showed, a stale one is refused.
    version = models.PositiveIntegerField(default=1)
    submission_number = models.CharField(_("số tờ trình"), max_length=60, blank=True)
    submission_date = models.DateField(_("ngày tờ trình"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_issuer = models.CharField(_("cơ quan quyết định"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("dự án hỗ trợ phát triển sản xuất")
        verbose_name_plural = _("dự án hỗ trợ phát triển sản xuất")
        indexes = [
            models.Index(fields=["commune", "status"], name="project_commune_status"),
            models.Index(fields=["village", "status"], name="project_village_status"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def can_move(self, move: str) -> bool:
        return self.status in self.MOVES[move].sources

    def moves_available(self) -> list[str]:
        return [name for name, move in self.MOVES.items() if self.status in move.sources]


class SupportItem(models.Model):
    """One line of support content, as a norm per household (multiplied by each household's shares)."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="items")
    name = models.CharField(_("nội dung hỗ trợ"), max_length=200)
    unit = models.CharField(_("đơn vị tính"), max_length=30)
    quantity_per_household = models.DecimalField(_("số lượng mỗi hộ"), max_digits=10, decimal_places=2)
    unit_price = models.PositiveBigIntegerField(_("đơn giá (đ)"))
    source = models.CharField(_("nguồn vốn"), max_length=12, choices=FundingSource)

    class Meta:
        ordering = ["project", "pk"]
        verbose_name = _("nội dung hỗ trợ")
        verbose_name_plural = _("nội dung hỗ trợ")
        constraints = [
            models.CheckConstraint(condition=Q(quantity_per_household__gt=0), name="item_quantity_positive")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def amount_per_household(self) -> int:
        return int(round(self.quantity_per_household * self.unit_price))


class Participant(models.Model):
    """A household taking part, with its number of shares (suất) and its signed commitment."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="participants")
    household = models.ForeignKey(
        "households.Household", models.PROTECT, related_name="project_participations"
    )
    shares = models.PositiveSmallIntegerField(_("số suất"), default=1)
    commitment_signed_on = models.DateField(_("ngày ký cam kết"), null=True, blank=True)
    commitment_scan = models.FileField(
        _("bản cam kết đã ký (ảnh/PDF)"), upload_to="du-an/cam-ket/%Y/", blank=True
    )
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)

    class Meta:
        ordering = ["project", "pk"]
        verbose_name = _("hộ tham gia")
        verbose_name_plural = _("hộ tham gia")
        constraints = [
            models.UniqueConstraint(fields=["project", "household"], name="household_once_per_project"),
            models.CheckConstraint(condition=Q(shares__gt=0), name="participant_shares_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.household} – {self.project}"


class Event(models.Model):
    """One step on the project's timeline: who, when, which move, which document, what comment."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="events")
    created_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    kind = models.CharField(_("bước"), max_length=30)
    label = models.CharField(_("nội dung"), max_length=200)
    from_status = models.CharField(max_length=20, choices=Status, blank=True)
    to_status = models.CharField(max_length=20, choices=Status, blank=True)
    document = models.CharField(_("văn bản"), max_length=250, blank=True)
    comment = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        ordering = ["project", "created_at", "pk"]
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.label}"


class BcdMeeting(models.Model):
    """One meeting of the commune's BCĐ: it considers one or more projects and has ONE minutes
    (one BB-BCĐ number), issued when the meeting is recorded."""

    commune = models.ForeignKey(Commune, models.PROTECT, related_name="bcd_meetings", verbose_name=_("xã"))
    date = models.DateField(_("ngày họp"))
    start_time = models.TimeField(_("bắt đầu lúc"), null=True, blank=True)
    end_time = models.TimeField(_("kết thúc lúc"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=200, blank=True)
    members_total = models.PositiveSmallIntegerField(_("tổng số thành viên BCĐ"))
    members_present = models.PositiveSmallIntegerField(_("số thành viên có mặt"))
    attendees = models.TextField(_("thành viên dự họp"), help_text=_("Mỗi dòng một người: họ tên – chức vụ"))
    chair = models.CharField(_("chủ trì"), max_length=150)
    secretary = models.CharField(_("thư ký"), max_length=150)
    # The minutes' number as printed (from the register; older meetings kept theirs).
    number = models.CharField(_("số biên bản"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("cuộc họp BCĐ")
        verbose_name_plural = _("cuộc họp BCĐ")
        constraints = [
            models.CheckConstraint(
                condition=Q(members_present__lte=models.F("members_total")),
                name="meeting_present_within_total",
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Họp Ban Chỉ đạo ngày {self.date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        first = self.decisions.order_by("pk").first()
        return first.project.get_absolute_url() if first else reverse("projects:list")

    @property
    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class BcdDecision(models.Model):
    """The BCĐ's decision on a project, from a meeting (a project returned and resubmitted has several)."""

    class Conclusion(models.TextChoices):
        AGREE = "agree", _("Đồng ý")
        RETURN = "return", _("Trả lại để bổ sung, chỉnh sửa")
        REJECT = "reject", _("Không đồng ý")

    project = models.ForeignKey(Project, models.CASCADE, related_name="bcd_decisions")
    meeting = models.ForeignKey(
        BcdMeeting,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("cuộc họp"),
    )
    meeting_date = models.DateField(_("ngày họp BCĐ"))
    place = models.CharField(_("địa điểm"), max_length=200, blank=True)
    chair = models.CharField(_("chủ trì"), max_length=150, blank=True)
    secretary = models.CharField(_("thư ký"), max_length=150, blank=True)
    members_present = models.TextField(
        _("thành viên dự họp"), help_text=_("Mỗi dòng một người: họ tên – chức vụ")
    )
    votes_for = models.PositiveSmallIntegerField(_("số phiếu đồng ý"))
    votes_against = models.PositiveSmallIntegerField(_("số phiếu không đồng ý"), default=0)
    conclusion = models.CharField(_("kết luận"), max_length=8, choices=Conclusion)
    reasons = models.TextField(_("ý kiến, lý do"), blank=True)
    minutes_number = models.CharField(_("số biên bản"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "meeting_date", "pk"]
        verbose_name = _("kết luận của BCĐ")
        verbose_name_plural = _("kết luận của BCĐ")

    def __str__(self) -> str:
        return f"{self.get_conclusion_display()} ({self.meeting_date:%d/%m/%Y})"

    @property
    def members_list(self) -> list[str]:
        return [line.strip() for line in self.members_present.splitlines() if line.strip()]


class BudgetLine(models.Model):
    """What the upper level approved for a project from one source."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="budget_lines")
    source = models.CharField(_("nguồn vốn"), max_length=12, choices=FundingSource)
    approved_amount = models.PositiveBigIntegerField(_("số tiền được duyệt (đ)"))

    class Meta:
        ordering = ["project", "source"]
        constraints = [
            models.UniqueConstraint(fields=["project", "source"], name="one_budget_line_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.approved_amount}"


class Disbursement(models.Model):
    """Money paid out (giải ngân) for an approved project from one source."""

    project = models.ForeignKey(Project, models.PROTECT, related_name="disbursements")
    source = models.CharField(_("nguồn vốn"), max_length=12, choices=FundingSource)
    paid_on = models.DateField(_("ngày giải ngân"))
    amount = models.PositiveBigIntegerField(_("số tiền (đ)"))
    document = models.CharField(_("chứng từ"), max_length=200)
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "paid_on", "pk"]
        verbose_name = _("giải ngân")
        verbose_name_plural = _("giải ngân")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_positive")]

    def __str__(self) -> str:
        return f"{self.paid_on:%d/%m/%Y} {self.amount}"


class Posting(models.Model):
    """Public posting (niêm yết công khai) of the participant list at the village."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="postings")
    posted_from = models.DateField(_("niêm yết từ ngày"))
    posted_to = models.DateField(_("đến ngày"))
    place = models.CharField(_("địa điểm niêm yết"), max_length=200)
    # Older postings took a TB-UBND number; a posting's minutes is the village's, unnumbered.
    notice_number = models.CharField(_("số thông báo"), max_length=60, blank=True)
    witnesses = models.TextField(
        _("người chứng kiến"), blank=True, help_text=_("Mỗi dòng một người: họ tên – chức vụ / đại diện")
    )
    village_head = models.CharField(_("trưởng thôn"), max_length=150, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "posted_from"]
        verbose_name = _("niêm yết công khai")
        verbose_name_plural = _("niêm yết công khai")
        constraints = [
            models.CheckConstraint(
                condition=Q(posted_to__gte=models.F("posted_from")), name="posting_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.posted_from:%d/%m/%Y}–{self.posted_to:%d/%m/%Y} {self.place}"

    def get_absolute_url(self) -> str:
        return self.project.get_absolute_url()

    @property
    def days(self) -> int:
        return (self.posted_to - self.posted_from).days + 1

    @property
    def witness_list(self) -> list[str]:
        return [line.strip() for line in self.witnesses.splitlines() if line.strip()]

    @property
    def village(self):
        return self.project.village

    @property
    def commune(self):
        return self.project.commune


class Complaint(models.Model):
    """A complaint received while the list was posted; unresolved, it blocks the way to the BCĐ."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="complaints")
    received_on = models.DateField(_("ngày nhận"))
    complainant = models.CharField(_("người phản ánh"), max_length=150)
    content = models.TextField(_("nội dung phản ánh"))
    resolution = models.TextField(_("kết quả giải quyết"), blank=True)
    resolved_on = models.DateField(_("ngày giải quyết"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["project", "received_on", "pk"]
        verbose_name = _("phản ánh, khiếu nại")
        verbose_name_plural = _("phản ánh, khiếu nại")
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | ~Q(resolution=""),
                name="resolved_complaint_has_resolution",
            )
        ]

    def __str__(self) -> str:
        return f"{self.complainant}: {self.content[:50]}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_on is not None
