"""The household registry: households, members, yearly classification, community groups."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from giamngheo.commune_key import CommuneKey
from giamngheo.models import Commune, Village


class PovertyStandard(models.Model):
    """A poverty standard (chuẩn nghèo) with its validity period, its rule and its indicators.

    Standards are data: Decree 07/2021 for 2022–2026, Decree 351/2025 from 2027.
    `indicators` is a list of {"code": "1", "name": "Việc làm", "dimension": "Việc làm"} in
    display order. The rule is the standard's parameters: a household at or below the income
    line of its area is poor with at least `poor_min_deprivations` deprivations, near-poor with
    fewer (`assess`); nothing in the code depends on the year.
    """

    code = models.CharField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    legal_basis = models.CharField(_("văn bản quy định"), max_length=60, blank=True)
    valid_from_year = models.PositiveSmallIntegerField(_("áp dụng từ năm"))
    valid_to_year = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True)
    rural_income_line = models.PositiveIntegerField(_("chuẩn thu nhập nông thôn (đ/người/tháng)"))
    urban_income_line = models.PositiveIntegerField(_("chuẩn thu nhập thành thị (đ/người/tháng)"))
    poor_min_deprivations = models.PositiveSmallIntegerField(
        _("số chỉ số thiếu hụt tối thiểu của hộ nghèo"), default=3
    )
    indicators = models.JSONField(_("chỉ số thiếu hụt"), default=list)

    class Meta:
        ordering = ["valid_from_year"]
        verbose_name = _("chuẩn nghèo")
        verbose_name_plural = _("chuẩn nghèo")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def for_year(cls, year: int) -> PovertyStandard | None:
        return (
            cls.objects.filter(valid_from_year__lte=year)
            .filter(Q(valid_to_year__isnull=True) | Q(valid_to_year__gte=year))
            .order_by("-valid_from_year")
            .first()
        )

    @property
    def short_name(self) -> str:
        return self.legal_basis or self.name

    def income_line(self, area: str) -> int:
        return self.urban_income_line if area == "urban" else self.rural_income_line

    def assess(self, area: str, income: int | None, deprivation_count: int | None) -> str | None:
        """What this standard makes of a household: POOR, NEAR_POOR, ABOVE_LINE, or None when the
        income is unknown. With the deprivations unknown, at or below the line is BELOW_LINE."""
        if income is None:
            return None
        if income > self.income_line(area):
            return ABOVE_LINE
        if deprivation_count is None:
            return BELOW_LINE
        return Category.POOR if deprivation_count >= self.poor_min_deprivations else Category.NEAR_POOR

    def disagreement(
        self, *, year: int, area: str, category: str, income: int | None, deprivations: list | None
    ) -> str:
        """Why `category` is not what this standard gives for that income and deprivation count
        (a Vietnamese sentence naming the line, the income and the count), or "" when they agree."""
        count = None if deprivations is None else len(deprivations)
        outcome = self.assess(area, income, count)
        if outcome is None or category in COMPATIBLE_CATEGORIES[outcome]:
            return ""
        facts = {
            "standard": self.short_name,
            "year": year,
            "area": _("thành thị") if area == "urban" else _("nông thôn"),
            "line": _money(self.income_line(area)),
            "income": _money(income),
            "count": count,
            "min": self.poor_min_deprivations,
            "chosen": Category(category).label if category in Category.values else category,
        }
        opening = (
            _(
                "Theo chuẩn nghèo %(standard)s (áp dụng năm %(year)s), chuẩn thu nhập khu vực %(area)s "
                "là %(line)s/người/tháng."
            )
            % facts
        )
        if outcome == ABOVE_LINE:
            reason = _(
                "Hộ có thu nhập %(income)s/người/tháng, cao hơn chuẩn, nên không phải hộ nghèo hay "
                "hộ cận nghèo (đã chọn: %(chosen)s)."
            )
        elif outcome == BELOW_LINE:
            reason = _(
                "Hộ có thu nhập %(income)s/người/tháng, không cao hơn chuẩn, nên là hộ nghèo hoặc "
                "hộ cận nghèo (đã chọn: %(chosen)s)."
            )
        elif outcome == Category.POOR:
            reason = _(
                "Hộ có thu nhập %(income)s/người/tháng, không cao hơn chuẩn, và thiếu hụt %(count)s "
                "chỉ số (từ %(min)s chỉ số trở lên) nên là hộ nghèo (đã chọn: %(chosen)s)."
            )
        else:
            reason = _(
                "Hộ có thu nhập %(income)s/người/tháng, không cao hơn chuẩn, và thiếu hụt %(count)s "
                "chỉ số (hộ nghèo cần từ %(min)s chỉ số) nên là hộ cận nghèo (đã chọn: %(chosen)s)."
            )
        return f"{opening} {reason % facts}"


def _money(value: int | None) -> str:
    return f"{value:,}".replace(",", ".") + "\u00a0đ" if value is not None else ""


class Category(models.TextChoices):
    POOR = "poor", _("Hộ nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")
    ESCAPED_POOR = "escaped_poor", _("Hộ mới thoát nghèo")
    ESCAPED_NEAR_POOR = "escaped_near_poor", _("Hộ mới thoát cận nghèo")
    MIDDLE = "middle", _("Hộ có mức sống trung bình")
    OTHER = "other", _("Hộ khác")


# What a standard's assessment allows a household to be recorded as. At or below the line with
# fewer deprivations than a poor household is near-poor, which includes a household that has
# just left poverty; above the line, only the categories of households that are not poor.
ABOVE_LINE, BELOW_LINE = "above_line", "below_line"
COMPATIBLE_CATEGORIES: dict[str, frozenset[str]] = {
    Category.POOR: frozenset({Category.POOR}),
    Category.NEAR_POOR: frozenset({Category.NEAR_POOR, Category.ESCAPED_POOR}),
    BELOW_LINE: frozenset({Category.POOR, Category.NEAR_POOR, Category.ESCAPED_POOR}),
    ABOVE_LINE: frozenset(
        {Category.ESCAPED_POOR, Category.ESCAPED_NEAR_POOR, Category.MIDDLE, Category.OTHER}
    ),
}


class HouseholdQuerySet(models.QuerySet):
    def with_current_classification(self) -> HouseholdQuerySet:
        """Annotate `current_category` and `current_year` from the latest classification."""
        latest = Classification.objects.filter(household=OuterRef("pk")).order_by("-year")
        return self.annotate(
            current_category=Subquery(latest.values("category")[:1]),
            current_year=Subquery(latest.values("year")[:1]),
        )


class Household(models.Model):
    class Area(models.TextChoices):
        RURAL = "rural", _("Nông thôn")
        URBAN = "urban", _("Thành thị")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang sinh sống")
        MOVED = "moved", _("Đã chuyển đi")
        MERGED = "merged", _("Đã nhập hộ")
        DISSOLVED = "dissolved", _("Đã giải thể")

    commune = models.ForeignKey(Commune, models.PROTECT, related_name="households", verbose_name=_("xã"))
    village = models.ForeignKey(Village, models.PROTECT, related_name="households", verbose_name=_("thôn/tổ"))
    code = models.CharField(_("mã hộ"), max_length=40)
    head_name = models.CharField(_("họ tên chủ hộ"), max_length=150)
    address = models.CharField(_("địa chỉ"), max_length=250, blank=True)
    area = models.CharField(_("khu vực"), max_length=8, choices=Area, default=Area.RURAL)
    ethnicity = models.CharField(_("dân tộc"), max_length=50, blank=True, default="Kinh")
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    is_ethnic_minority = models.BooleanField(_("dân tộc thiểu số"), default=False)
    no_working_capacity = models.BooleanField(_("không có khả năng lao động"), default=False)
    is_merit_family = models.BooleanField(_("gia đình có công"), default=False)
    is_female_headed = models.BooleanField(_("chủ hộ là nữ"), default=False)
    has_disabled_member = models.BooleanField(_("có người khuyết tật"), default=False)
    poverty_cause = models.CharField(_("nguyên nhân nghèo"), max_length=250, blank=True)
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status, default=Status.ACTIVE)
    status_date = models.DateField(_("ngày thay đổi tình trạng"), null=True, blank=True)
    search_key = models.CharField(max_length=600, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], name="household_code_unique_in_commune"),
        ]
        indexes = [
            models.Index(fields=["village", "head_name"], name="household_village_name"),
            models.Index(fields=["commune", "search_key"], name="household_search"),
        ]

    def __str__(self) -> str:
        return f"{self.head_name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("households:detail", args=[self.pk])


class Member(models.Model):
    class Sex(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    class Relationship(models.TextChoices):
        HEAD = "head", _("Chủ hộ")
        SPOUSE = "spouse", _("Vợ/chồng")
        CHILD = "child", _("Con")
        PARENT = "parent", _("Bố/mẹ")
        GRANDCHILD = "grandchild", _("Cháu")
        SIBLING = "sibling", _("Anh/chị/em")
        CHILD_IN_LAW = "child_in_law", _("Con dâu/con rể")
        OTHER = "other", _("Khác")

    class IdKind(models.TextChoices):
        CCCD = "cccd", _("CCCD (12 số)")
        CMND = "cmnd", _("CMND cũ (9 số)")

    class WorkingCapacity(models.TextChoices):
        YES = "yes", _("Có khả năng lao động")
        PARTIAL = "partial", _("Hạn chế")
        NO = "no", _("Không có khả năng lao động")

    household = models.ForeignKey(Household, models.CASCADE, related_name="members", verbose_name=_("hộ"))
    commune = CommuneKey(parent="household")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    sex = models.CharField(_("giới tính"), max_length=6, choices=Sex, blank=True)
    relationship = models.CharField(
        _("quan hệ với chủ hộ"), max_length=14, choices=Relationship, default=Relationship.OTHER
    )
    id_number = models.CharField(_("số CCCD/CMND"), max_length=12, blank=True)
    id_kind = models.CharField(_("loại giấy tờ"), max_length=4, choices=IdKind, blank=True)
    ethnicity = models.CharField(_("dân tộc"), max_length=50, blank=True)
    has_disability = models.BooleanField(_("khuyết tật"), default=False)
    working_capacity = models.CharField(
        _("khả năng lao động"), max_length=8, choices=WorkingCapacity, default=WorkingCapacity.YES
    )
    search_key = models.CharField(max_length=200, blank=True, editable=False)

    class Meta:
        ordering = ["household", "pk"]
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")
        constraints = [
            # One head per household (the service moves the flag when the head changes).
            models.UniqueConstraint(
                fields=["household"], condition=Q(relationship="head"), name="one_head_per_household"
            ),
        ]
        indexes = [models.Index(fields=["id_number"], name="member_id_number")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def birth_display(self) -> str:
        if self.birth_date:
            return self.birth_date.strftime("%d/%m/%Y")
        return str(self.birth_year or "")


class Classification(models.Model):
    """A household's category in one review year, with the decision that recognised it."""

    household = models.ForeignKey(Household, models.CASCADE, related_name="classifications")
    commune = CommuneKey(parent="household")
    year = models.PositiveSmallIntegerField(_("năm rà soát"))
    category = models.CharField(_("phân loại"), max_length=20, choices=Category)
    standard = models.ForeignKey(
        PovertyStandard, models.PROTECT, null=True, blank=True, verbose_name=_("chuẩn nghèo")
    )
    income_per_capita = models.PositiveIntegerField(
        _("thu nhập bình quân (đ/người/tháng)"), null=True, blank=True
    )
    b1_score = models.PositiveSmallIntegerField(_("điểm B1"), null=True, blank=True)
    deprivations = models.JSONField(_("chỉ số thiếu hụt"), default=list, blank=True)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["household", "-year"]
        verbose_name = _("phân loại hộ")
        verbose_name_plural = _("phân loại hộ")
        constraints = [
            models.UniqueConstraint(fields=["household", "year"], name="one_classification_per_year")
        ]
        indexes = [
            models.Index(fields=["household", "-year"], name="classification_latest"),
            # The newest review year anywhere (the dashboard's first guess): one index probe.
            models.Index(fields=["year"], name="classification_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_category_display()}"


class CommunityGroup(models.Model):
    """Tổ cộng đồng: the village group that proposes and runs a support project."""

    village = models.ForeignKey(
        Village, models.PROTECT, related_name="community_groups", verbose_name=_("thôn/tổ")
    )
    commune = CommuneKey(parent="village")
    name = models.CharField(_("tên tổ"), max_length=150)
    head = models.ForeignKey(
        Household, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("tổ trưởng (hộ)")
    )
    head_name = models.CharField(_("họ tên tổ trưởng"), max_length=150, blank=True)
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["village", "name"]
        verbose_name = _("tổ cộng đồng")
        verbose_name_plural = _("tổ cộng đồng")
        constraints = [
            models.UniqueConstraint(fields=["village", "name"], name="group_name_unique_in_village")
        ]

    def __str__(self) -> str:
        return self.name


class GroupMembership(models.Model):
    group = models.ForeignKey(CommunityGroup, models.CASCADE, related_name="memberships")
    household = models.ForeignKey(Household, models.CASCADE, related_name="group_memberships")
    commune = CommuneKey(parent="household")
    joined_on = models.DateField(_("ngày tham gia"))
    left_on = models.DateField(_("ngày rời tổ"), null=True, blank=True)

    class Meta:
        ordering = ["group", "joined_on"]
        verbose_name = _("thành viên tổ")
        verbose_name_plural = _("thành viên tổ")
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=Q(left_on__isnull=True), name="one_active_group_per_household"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} – {self.group}"
