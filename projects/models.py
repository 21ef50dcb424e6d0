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

from giamngheo.commune_key import CommuneKey
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
    phase = models.CharField(
        _("giai đoạn"), max_length=120, blank=True, help_text=_("Ví dụ: giai đoạn I 2026–2030")
    )
    legal_bases = models.ManyToManyField(
        LegalDocument, blank=True, related_name="programs", verbose_name=_("căn cứ pháp lý")
    )

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("chương trình")
        verbose_name_plural = _("chương trình")

    def __str__(self) -> str:
        return f"{self.name} ({self.start_year}–{self.end_year})"

    def covers(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


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
    is_active = models.BooleanField(_("đang sử dụng"), default=True)
    to_verify = models.BooleanField(
        _("cần đối chiếu văn bản"),
        default=False,
        help_text=_(
            "Nội dung chưa đối chiếu với văn bản phê duyệt chương trình (ví dụ Quyết định 417/QĐ-BNNMT)."
        ),
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        ordering = ["program", "order", "code"]
        verbose_name = _("dự án thành phần")
        verbose_name_plural = _("dự án thành phần")
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="component_code_unique")]

    def __str__(self) -> str:
        return f"{self.short_code} – {self.name}"

    @property
    def short_code(self) -> str:
        """ "DA3.TDA1" → "Tiểu dự án 1 (Dự án 3)", "DA3" → "Dự án 3"; other codes as they are."""
        if not self.code.startswith("DA"):
            return self.code
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

    class Route(models.TextChoices):
        UPPER = "upper", _("Cấp trên phê duyệt (xã trình sau khi BCĐ đồng ý)")
        COMMUNE = "commune", _("Xã phê duyệt theo Nghị định 358/2025/NĐ-CP (hội đồng thẩm định)")

    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    name = models.CharField(_("tên"), max_length=200)
    approval_route = models.CharField(
        _("quy trình phê duyệt"), max_length=10, choices=Route, default=Route.UPPER
    )
    approving_body = models.CharField(
        _("cơ quan phê duyệt"),
        max_length=200,
        blank=True,
        help_text=_("Khi xã phê duyệt: cơ quan ban hành quyết định phê duyệt, ví dụ Ủy ban nhân dân xã."),
    )
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

    def clauses_for(self, model: str) -> list[str]:
        """The commitment clauses (texts) that belong to a project's model, each once.

        A clause is a text (every model) or {"text", "models"}: it applies when the model names
        one of `models` as a word ("Nuôi bò cái sinh sản" takes the "bò" clauses)."""
        from giamngheo.text import clean, search_key

        words = f" {clean(model).lower()} "
        seen: set[str] = set()
        texts: list[str] = []
        for clause in self.commitment_clauses or []:
            text = clean(clause if isinstance(clause, str) else clause.get("text", ""))
            tags = [] if isinstance(clause, str) else clause.get("models") or []
            if tags and not any(f" {clean(tag).lower()} " in words for tag in tags):
                continue
            if text and search_key(text) not in seen:
                seen.add(search_key(text))
                texts.append(text)
        return texts

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
    commune = CommuneKey(parent="round")
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
    # the life around both routes
    CANCELLED = "cancelled", _("Thôn đã hủy đề xuất")
    COMPLETED = "completed", _("Đã hoàn thành, nghiệm thu")
    # commune approval (Decree 358/2025)
    COUNCIL_REVIEW = "council_review", _("Chờ hội đồng thẩm định")
    COUNCIL_PASSED = "council_passed", _("Hội đồng đánh giá đạt, công khai kết quả")
    COUNCIL_FAILED = "council_failed", _("Hội đồng đánh giá không đạt")


UPPER, COMMUNE = "upper", "commune"
BOTH = frozenset({UPPER, COMMUNE})


@dataclass(frozen=True)
class Move:
    """One allowed step: from which states, to which state, by whom (an access action), on
    which approval routes (the rule set the project was created under names its route)."""

    label: str
    sources: frozenset[str]
    target: str
    action: str
    routes: frozenset[str] = BOTH


class Project(models.Model):
    """Step 2 and 3: a community-proposed production-support project and where it stands."""

    Status = Status

    # THE table of allowed moves. Services check it under a row lock; templates ask it which
    # buttons to show. Each key is one service function in projects/services.py.
    MOVES: dict[str, Move] = {
        "submit": Move(
            _("Gửi xã"), frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED, "project.propose"
        ),
        "cancel": Move(
            _("Hủy đề xuất"), frozenset({Status.DRAFT, Status.RETURNED}), Status.CANCELLED, "project.propose"
        ),
        "return_to_village": Move(
            _("Trả lại thôn"), frozenset({Status.SUBMITTED}), Status.RETURNED, "project.check"
        ),
        "send_to_bcd": Move(
            _("Trình BCĐ"),
            frozenset({Status.SUBMITTED}),
            Status.BCD_REVIEW,
            "project.check",
            routes=frozenset({UPPER}),
        ),
        "bcd_agree": Move(
            _("BCĐ đồng ý"),
            frozenset({Status.BCD_REVIEW}),
            Status.AGREED,
            "project.bcd_decide",
            routes=frozenset({UPPER}),
        ),
        "bcd_return": Move(
            _("BCĐ trả lại để bổ sung"),
            frozenset({Status.BCD_REVIEW}),
            Status.RETURNED,
            "project.bcd_decide",
            routes=frozenset({UPPER}),
        ),
        "bcd_reject": Move(
            _("BCĐ không đồng ý"),
            frozenset({Status.BCD_REVIEW}),
            Status.REJECTED,
            "project.bcd_decide",
            routes=frozenset({UPPER}),
        ),
        "submit_upward": Move(
            _("Trình cấp trên"),
            frozenset({Status.AGREED}),
            Status.SUBMITTED_UPWARD,
            "project.submit_upward",
            routes=frozenset({UPPER}),
        ),
        "approve": Move(
            _("Cấp trên phê duyệt"),
            frozenset({Status.SUBMITTED_UPWARD}),
            Status.APPROVED,
            "project.record_decision",
            routes=frozenset({UPPER}),
        ),
        "refuse": Move(
            _("Cấp trên không phê duyệt"),
            frozenset({Status.SUBMITTED_UPWARD}),
            Status.REFUSED,
            "project.record_decision",
            routes=frozenset({UPPER}),
        ),
        "upper_return": Move(
            _("Cấp trên trả lại để bổ sung"),
            frozenset({Status.SUBMITTED_UPWARD}),
            Status.RETURNED,
            "project.record_decision",
            routes=frozenset({UPPER}),
        ),
        "send_to_council": Move(
            _("Chuyển hội đồng thẩm định"),
            frozenset({Status.SUBMITTED}),
            Status.COUNCIL_REVIEW,
            "project.check",
            routes=frozenset({COMMUNE}),
        ),
        "council_pass": Move(
            _("Hội đồng đánh giá đạt"),
            frozenset({Status.COUNCIL_REVIEW}),
            Status.COUNCIL_PASSED,
            "project.council",
            routes=frozenset({COMMUNE}),
        ),
        "council_return": Move(
            _("Hội đồng đề nghị bổ sung hồ sơ"),
            frozenset({Status.COUNCIL_REVIEW}),
            Status.RETURNED,
            "project.council",
            routes=frozenset({COMMUNE}),
        ),
        "council_fail": Move(
            _("Hội đồng đánh giá không đạt"),
            frozenset({Status.COUNCIL_REVIEW}),
            Status.COUNCIL_FAILED,
            "project.council",
            routes=frozenset({COMMUNE}),
        ),
        "commune_approve": Move(
            _("Quyết định phê duyệt dự án"),
            frozenset({Status.COUNCIL_PASSED}),
            Status.APPROVED,
            "project.commune_approve",
            routes=frozenset({COMMUNE}),
        ),
        "commune_refuse": Move(
            _("Không phê duyệt dự án"),
            frozenset({Status.COUNCIL_PASSED}),
            Status.REFUSED,
            "project.commune_approve",
            routes=frozenset({COMMUNE}),
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
        "complete": Move(
            _("Hoàn thành, nghiệm thu"),
            frozenset({Status.IMPLEMENTING}),
            Status.COMPLETED,
            "project.complete",
        ),
    }
    # States whose content the village may still edit.
    EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
    # States that no longer hold households or budget in the round.
    CLOSED = frozenset(
        {Status.REJECTED, Status.REFUSED, Status.WITHDRAWN, Status.CANCELLED, Status.COUNCIL_FAILED}
    )
    # States that do not hold them yet: a draft is the village's working copy until it is sent.
    NOT_HOLDING = CLOSED | {Status.DRAFT}
    # States a refused dossier can be proposed again from, as a new draft.
    REPROPOSABLE = frozenset({Status.REJECTED, Status.REFUSED, Status.COUNCIL_FAILED})
    # States whose approved content may be adjusted by a decision.
    ADJUSTABLE = frozenset({Status.APPROVED, Status.IMPLEMENTING})

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
    copied_from = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("đề xuất lại từ dự án"),
    )
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

    @property
    def route(self) -> str:
        """The approval route, fixed by the rule-set version the project was created under."""
        return self.rule_set.approval_route

    @property
    def is_commune_route(self) -> bool:
        return self.route == COMMUNE

    def can_move(self, move: str) -> bool:
        step = self.MOVES[move]
        return self.status in step.sources and self.route in step.routes

    def moves_available(self) -> list[str]:
        return [name for name in self.MOVES if self.can_move(name)]


class SupportItem(models.Model):
    """One line of support content, as a norm per household (multiplied by each household's shares)."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="items")
    commune = CommuneKey(parent="project")
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
    commune = CommuneKey(parent="project")
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
    commune = CommuneKey(parent="project")
    created_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    kind = models.CharField(_("bước"), max_length=30)
    # What the label needs (a complainant's name, a decision number…), translated when shown:
    # projects/event_labels.py turns (kind, params) into words in the reader's language.
    params = models.JSONField(_("tham số"), default=dict, blank=True)
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

    @property
    def label(self) -> str:
        from projects.event_labels import event_label

        return event_label(self.kind, self.params)

    @property
    def document_text(self) -> str:
        from projects.event_labels import event_document

        return event_document(self.params) or self.document


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
    commune = CommuneKey(parent="project")
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
    commune = CommuneKey(parent="project")
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
    commune = CommuneKey(parent="project")
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
    """Public posting (niêm yết công khai) of the participant list at the village, or (commune
    route) of the evaluation council's results before the approval decision."""

    class Purpose(models.TextChoices):
        LIST = "list", _("Danh sách hộ tham gia")
        RESULTS = "results", _("Kết quả thẩm định của hội đồng")

    project = models.ForeignKey(Project, models.CASCADE, related_name="postings")
    commune = CommuneKey(parent="project")
    purpose = models.CharField(_("nội dung niêm yết"), max_length=8, choices=Purpose, default=Purpose.LIST)
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


class Complaint(models.Model):
    """A complaint received while the list was posted; unresolved, it blocks the way to the BCĐ."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="complaints")
    commune = CommuneKey(parent="project")
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


# ---- commune approval (Decree 358/2025) -----------------------------------------------------------


class Council(models.Model):
    """The evaluation council (hội đồng thẩm định, đánh giá) the commune sets up for a round."""

    round = models.OneToOneField(Round, models.CASCADE, related_name="council", verbose_name=_("đợt"))
    commune = models.ForeignKey(Commune, models.PROTECT, related_name="+")
    name = models.CharField(_("tên hội đồng"), max_length=200, default="Hội đồng thẩm định dự án")
    established_by = models.CharField(
        _("quyết định thành lập"), max_length=200, blank=True, help_text=_("Số, ngày quyết định thành lập")
    )
    chair = models.CharField(_("chủ tịch hội đồng"), max_length=150)
    secretary = models.CharField(_("thư ký"), max_length=150)
    members = models.TextField(_("thành viên"), help_text=_("Mỗi dòng một người: họ tên – chức vụ"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hội đồng thẩm định")
        verbose_name_plural = _("hội đồng thẩm định")

    def __str__(self) -> str:
        return f"{self.name} – {self.round}"

    @property
    def members_list(self) -> list[str]:
        return [line.strip() for line in self.members.splitlines() if line.strip()]


class CouncilReview(models.Model):
    """The council's evaluation of one dossier: score or opinions and a conclusion; its minutes
    (bb_hoi_dong) are issued through the document register."""

    class Conclusion(models.TextChoices):
        PASS = "pass", _("Đạt")
        RETURN = "return", _("Đề nghị bổ sung, hoàn thiện hồ sơ")
        FAIL = "fail", _("Không đạt")

    council = models.ForeignKey(Council, models.PROTECT, related_name="reviews")
    commune = CommuneKey(parent="council")
    project = models.ForeignKey(Project, models.CASCADE, related_name="council_reviews")
    meeting_date = models.DateField(_("ngày họp hội đồng"))
    members_present = models.TextField(_("thành viên dự họp"))
    score = models.PositiveSmallIntegerField(_("điểm đánh giá"), null=True, blank=True)
    opinions = models.TextField(_("ý kiến của các thành viên"), blank=True)
    conclusion = models.CharField(_("kết luận"), max_length=8, choices=Conclusion)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "meeting_date", "pk"]
        verbose_name = _("kết quả thẩm định")
        verbose_name_plural = _("kết quả thẩm định")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100), name="council_score_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_conclusion_display()} ({self.meeting_date:%d/%m/%Y})"

    @property
    def village(self):
        return self.project.village


# ---- after approval -------------------------------------------------------------------------------


class ProjectRevision(models.Model):
    """One adjustment (điều chỉnh) of an approved project by a decision: what the participant
    list, support items, budget and duration were before and after, as JSON snapshots, so the
    old version stays readable."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="revisions")
    commune = CommuneKey(parent="project")
    number = models.PositiveSmallIntegerField(_("lần điều chỉnh"))
    decision_number = models.CharField(_("số quyết định điều chỉnh"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    reason = models.TextField(_("lý do điều chỉnh"))
    before = models.JSONField(_("trước điều chỉnh"))
    after = models.JSONField(_("sau điều chỉnh"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "number"]
        verbose_name = _("điều chỉnh dự án")
        verbose_name_plural = _("điều chỉnh dự án")
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="revision_number_unique")]

    def __str__(self) -> str:
        return f"Điều chỉnh lần {self.number}: {self.decision_number}"


class Completion(models.Model):
    """Completion and acceptance (hoàn thành, nghiệm thu): what was achieved against the plan."""

    project = models.OneToOneField(Project, models.CASCADE, related_name="completion")
    commune = CommuneKey(parent="project")
    accepted_on = models.DateField(_("ngày nghiệm thu"))
    minutes_number = models.CharField(_("số biên bản nghiệm thu"), max_length=60, blank=True)
    households_reached = models.PositiveSmallIntegerField(_("số hộ thực tế được hỗ trợ"))
    outputs = models.TextField(
        _("sản phẩm, kết quả đầu ra"), help_text=_("Ví dụ: 12 con bò, 6 bê con sinh ra")
    )
    achieved = models.TextField(_("đánh giá so với kế hoạch"))
    plan = models.JSONField(_("kế hoạch được duyệt"), default=dict)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nghiệm thu dự án")
        verbose_name_plural = _("nghiệm thu dự án")

    def __str__(self) -> str:
        return f"Nghiệm thu {self.accepted_on:%d/%m/%Y}"
