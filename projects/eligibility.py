"""Who may take part, and is the dossier complete? Pure rules over loaded data, no writes.

A household's category for a project is derived on a date from its classification history and
the rule set's window ("newly escaped" = within N months of the decision recognising the
escape), never from a stored flag. Every check carries the reason shown to the user.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from households.models import Category, Classification, Household
from projects.models import STATE_SOURCES, FundingSource, Participant, Project, RuleSet

POOR, NEAR_POOR = Category.POOR, Category.NEAR_POOR
CATEGORY_LABELS = dict(Category.choices)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _recognised_on(c: Classification) -> dt.date:
    # Without a decision date the review year's end is the latest the list can have been recognised.
    return c.decision_date or dt.date(c.year, 12, 31)


def _escape_date(history: list[Classification], left: str, escaped: str) -> dt.date | None:
    """When the household last left `left` (poor/near-poor), from the history sorted by year."""
    last_in = max((i for i, c in enumerate(history) if c.category == left), default=None)
    if last_in is not None:
        after = history[last_in + 1 :]
        return _recognised_on(after[0]) if after else None
    explicit = [c for c in history if c.category == escaped]
    return _recognised_on(explicit[0]) if explicit else None


def category_on(classifications, on: dt.date, window_months: int) -> tuple[str | None, int | None]:
    """(category, review year) of a household on `on`; None when it has no classification yet.

    Poor and near-poor come from the latest review up to `on`'s year. A household that left
    poverty (or near-poverty) counts as newly escaped until `window_months` after the decision
    that recognised it; after that it is what its latest review says.
    """
    history = sorted((c for c in classifications if c.year <= on.year), key=lambda c: c.year)
    if not history:
        return None, None
    latest = history[-1]
    if latest.category in (POOR, NEAR_POOR):
        return latest.category, latest.year
    for left, escaped in ((POOR, Category.ESCAPED_POOR), (NEAR_POOR, Category.ESCAPED_NEAR_POOR)):
        escaped_on = _escape_date(history, left, escaped)
        if escaped_on is not None and on < add_months(escaped_on, window_months):
            return escaped, latest.year
    if latest.category in (Category.ESCAPED_POOR, Category.ESCAPED_NEAR_POOR):
        return Category.OTHER, latest.year  # the window has passed
    return latest.category, latest.year


@dataclass(frozen=True)
class Check:
    ok: bool
    message: str
    blocking: bool = True

    @property
    def level(self) -> str:
        """ok / warn / bad, for the tag's colour."""
        if self.ok:
            return "ok"
        return "bad" if self.blocking else "warn"


@dataclass
class Allocation:
    state: int = 0
    counterpart: int = 0
    other: int = 0
    by_source: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.state + self.counterpart + self.other

    @property
    def counterpart_share(self) -> Decimal:
        return Decimal(self.counterpart * 100) / self.total if self.total else Decimal(0)


def allocation(items, shares: int) -> Allocation:
    result = Allocation()
    for item in items:
        amount = item.amount_per_household * shares
        result.by_source[item.source] = result.by_source.get(item.source, 0) + amount
        if item.source in STATE_SOURCES:
            result.state += amount
        elif item.source == FundingSource.COUNTERPART:
            result.counterpart += amount
        else:
            result.other += amount
    return result


@dataclass
class HouseholdVerdict:
    household: Household
    category: str | None
    year: int | None
    is_beneficiary: bool
    is_priority: bool
    checks: list[Check]
    participant: Participant | None = None
    allocation: Allocation | None = None

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS.get(self.category, _("Chưa phân loại"))

    @property
    def blocked(self) -> bool:
        return any(not c.ok and c.blocking for c in self.checks)

    @property
    def problems(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]


def is_priority_household(household: Household, category: str | None, rules: RuleSet) -> bool:
    """Priority groups of Decree 27: poor, near-poor, newly escaped, ethnic minority, merit
    families, women of poor households (the categories come from the rule set)."""
    return (
        category in rules.priority_categories
        or household.is_ethnic_minority
        or household.is_merit_family
        or (household.is_female_headed and category == POOR)
    )


def judge_household(
    household: Household,
    *,
    project: Project,
    rules: RuleSet,
    on: dt.date,
    elsewhere: dict[int, str],
    alloc: Allocation | None = None,
) -> HouseholdVerdict:
    """The checks for one household in one project. `elsewhere` maps household id → the name of
    another live project of the same round it already takes part in."""
    category, year = category_on(household.classifications.all(), on, rules.newly_escaped_months)
    is_beneficiary = category in rules.eligible_categories
    checks: list[Check] = []
    if household.village_id != project.village_id:
        checks.append(Check(False, _("Hộ không thuộc %(village)s.") % {"village": project.village.name}))
    if household.status != Household.Status.ACTIVE:
        checks.append(Check(False, _("Hộ %(status)s.") % {"status": household.get_status_display().lower()}))
    if category is None:
        checks.append(Check(False, _("Chưa có kết quả rà soát, phân loại hộ."), blocking=False))
    elif is_beneficiary:
        checks.append(
            Check(
                True,
                _("%(category)s (rà soát năm %(year)s): thuộc đối tượng hỗ trợ.")
                % {"category": CATEGORY_LABELS[category], "year": year},
            )
        )
    else:
        checks.append(
            Check(
                False,
                _(
                    "%(category)s (rà soát năm %(year)s): không thuộc đối tượng, không tính vào tỷ lệ hộ hưởng lợi."
                )
                % {"category": CATEGORY_LABELS[category], "year": year},
                blocking=False,
            )
        )
    if household.pk in elsewhere:
        checks.append(
            Check(
                False,
                _("Hộ đã tham gia dự án «%(name)s» trong cùng đợt, cùng dự án thành phần.")
                % {"name": elsewhere[household.pk]},
            )
        )
    if alloc is not None and alloc.total:
        if alloc.counterpart_share < rules.min_counterpart_share:
            checks.append(
                Check(
                    False,
                    _("Vốn đối ứng của hộ %(share)s%% thấp hơn mức tối thiểu %(min)s%%.")
                    % {"share": _pct(alloc.counterpart_share), "min": _pct(rules.min_counterpart_share)},
                )
            )
        if alloc.state > rules.ceiling_per_household:
            checks.append(
                Check(
                    False,
                    _("Mức hỗ trợ %(amount)s đ vượt mức tối đa %(ceiling)s đ mỗi hộ.")
                    % {"amount": _money(alloc.state), "ceiling": _money(rules.ceiling_per_household)},
                )
            )
    return HouseholdVerdict(
        household=household,
        category=category,
        year=year,
        is_beneficiary=is_beneficiary,
        is_priority=is_priority_household(household, category, rules),
        checks=checks,
        allocation=alloc,
    )


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    done: bool
    stage: str
    manual: bool = False
    detail: str = ""


@dataclass
class ProjectVerdict:
    project: Project
    rules: RuleSet
    households: list[HouseholdVerdict]
    checks: list[Check]
    checklist: list[ChecklistItem]
    beneficiary_share: Decimal
    priority_share: Decimal
    budget: dict[str, int]
    state_total: int

    @property
    def is_priority(self) -> bool:
        return bool(self.households) and self.priority_share >= self.rules.priority_share

    @property
    def blocking(self) -> list[str]:
        """What stops the village from submitting, in words."""
        reasons = [c.message for c in self.checks if not c.ok and c.blocking]
        for verdict in self.households:
            reasons += [
                f"{verdict.household.head_name}: {c.message}"
                for c in verdict.checks
                if not c.ok and c.blocking
            ]
        reasons += [
            _("Thiếu hồ sơ: %(item)s") % {"item": i.label}
            for i in self.checklist
            if i.stage == "submit" and not i.done and not i.manual
        ]
        return reasons

    @property
    def blocking_bcd(self) -> list[str]:
        """What stops the officer from putting the dossier before the BCĐ."""
        return self.blocking + [
            _("Thiếu hồ sơ: %(item)s") % {"item": i.label}
            for i in self.checklist
            if i.stage == "bcd" and not i.done and not i.manual
        ]

    @property
    def total(self) -> int:
        return sum(self.budget.values())

    @property
    def budget_rows(self) -> list[tuple[str, int]]:
        labels = dict(FundingSource.choices)
        return [(labels[s], self.budget[s]) for s in FundingSource.values if self.budget.get(s)]


def _pct(value: Decimal) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def _money(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def share(part: int, whole: int) -> Decimal:
    return Decimal(part * 100) / whole if whole else Decimal(0)


def households_elsewhere(project: Project, household_ids=None) -> dict[int, str]:
    """Households already in another project of the same round that holds them (sent to the
    commune and not closed; a draft holds nothing): {household id: project name}."""
    rows = Participant.objects.filter(project__round_id=project.round_id).exclude(project_id=project.pk)
    rows = rows.exclude(project__status__in=Project.NOT_HOLDING)
    if household_ids is not None:
        rows = rows.filter(household_id__in=household_ids)
    return dict(rows.values_list("household_id", "project__name"))


def used_by_other_projects(project: Project) -> dict[str, int]:
    """What the round's other projects already hold of each source (drafts hold nothing)."""
    used: dict[str, int] = defaultdict(int)
    participants = (
        Participant.objects.filter(project__round_id=project.round_id)
        .exclude(project_id=project.pk)
        .exclude(project__status__in=Project.NOT_HOLDING)
        .values("project_id")
        .annotate(shares=Sum("shares"))
    )
    shares_by_project = {row["project_id"]: row["shares"] for row in participants}
    if not shares_by_project:
        return used
    from projects.models import SupportItem

    for item in SupportItem.objects.filter(project_id__in=shares_by_project):
        used[item.source] += item.amount_per_household * shares_by_project[item.project_id]
    return used


def classifications_prefetch() -> Prefetch:
    return Prefetch("classifications", queryset=Classification.objects.order_by("year"))


def assess(project: Project, *, on: dt.date | None = None) -> ProjectVerdict:
    """Judge every household and the whole project against the project's rule set."""
    on = on or timezone.localdate()
    rules = project.rule_set
    items = list(project.items.all())
    participants = list(
        project.participants.select_related("household").prefetch_related(
            Prefetch("household__classifications", queryset=Classification.objects.order_by("year"))
        )
    )
    elsewhere = households_elsewhere(project, [p.household_id for p in participants])
    verdicts = []
    budget: dict[str, int] = defaultdict(int)
    for p in participants:
        alloc = allocation(items, p.shares)
        for source, amount in alloc.by_source.items():
            budget[source] += amount
        verdict = judge_household(
            p.household, project=project, rules=rules, on=on, elsewhere=elsewhere, alloc=alloc
        )
        verdict.participant = p
        verdicts.append(verdict)
    count = len(verdicts)
    beneficiary_share = share(sum(v.is_beneficiary for v in verdicts), count)
    priority_share = share(sum(v.is_priority for v in verdicts), count)
    state_total = sum(amount for source, amount in budget.items() if source in STATE_SOURCES)

    checks = [
        Check(
            bool(items), _("Có ít nhất một nội dung hỗ trợ.") if items else _("Chưa có nội dung hỗ trợ nào.")
        ),
        Check(
            bool(count), _("Có %(n)s hộ tham gia.") % {"n": count} if count else _("Chưa có hộ tham gia nào.")
        ),
    ]
    if count:
        checks.append(
            Check(
                beneficiary_share >= rules.min_beneficiary_share,
                _("Tỷ lệ hộ thuộc đối tượng của chương trình: %(share)s%% (tối thiểu %(min)s%%).")
                % {"share": _pct(beneficiary_share), "min": _pct(rules.min_beneficiary_share)},
            )
        )
        checks.append(
            Check(
                priority_share >= rules.priority_share,
                _("Tỷ lệ hộ thuộc nhóm ưu tiên: %(share)s%% (được ưu tiên khi từ %(min)s%%).")
                % {"share": _pct(priority_share), "min": _pct(rules.priority_share)},
                blocking=False,
            )
        )
    checks.append(
        Check(
            state_total <= rules.ceiling_per_project,
            _("Ngân sách nhà nước hỗ trợ %(amount)s đ (tối đa %(ceiling)s đ mỗi dự án).")
            % {"amount": _money(state_total), "ceiling": _money(rules.ceiling_per_project)},
        )
    )
    envelopes = {e.source: e.amount for e in project.round.envelopes.all()}
    if envelopes and budget:
        used = used_by_other_projects(project)
        labels = dict(FundingSource.choices)
        for source, amount in sorted(budget.items()):
            if source == FundingSource.COUNTERPART:
                continue  # households' own money is not drawn from the round's envelope
            if source not in envelopes:
                checks.append(
                    Check(False, _("Đợt triển khai không bố trí %(source)s.") % {"source": labels[source]})
                )
                continue
            left = envelopes[source] - used.get(source, 0)
            checks.append(
                Check(
                    amount <= left,
                    _("%(source)s: dự án cần %(amount)s đ, đợt còn %(left)s đ.")
                    % {"source": labels[source], "amount": _money(amount), "left": _money(max(left, 0))},
                )
            )

    return ProjectVerdict(
        project=project,
        rules=rules,
        households=verdicts,
        checks=checks,
        checklist=_checklist(project, rules, items, verdicts, on),
        beneficiary_share=beneficiary_share,
        priority_share=priority_share,
        budget=dict(budget),
        state_total=state_total,
    )


def _checklist(project, rules, items, verdicts, on) -> list[ChecklistItem]:
    plan_done = bool(project.name and project.model and project.place and project.duration_months and items)
    meeting_done = bool(
        project.meeting_date
        and project.meeting_attendees
        and project.meeting_agree_share is not None
        and project.meeting_agree_share >= 50
    )
    unsigned = [v.household.head_name for v in verdicts if not v.participant.commitment_signed_on]
    postings = list(project.postings.all())
    complaints_open = [c for c in project.complaints.all() if not c.is_resolved]
    posting_done = bool(
        any(p.posted_to <= on and p.days >= rules.posting_days for p in postings) and not complaints_open
    )
    posting_detail = ""
    if complaints_open:
        posting_detail = _("Còn %(n)s phản ánh chưa giải quyết.") % {"n": len(complaints_open)}
    elif not postings:
        posting_detail = _("Chưa niêm yết công khai.")
    elif not posting_done:
        posting_detail = _("Chưa niêm yết đủ %(n)s ngày.") % {"n": rules.posting_days}
    automatic = {
        "request": (plan_done, ""),
        "plan": (plan_done, ""),
        "participants": (bool(verdicts), ""),
        "meeting": (
            meeting_done,
            "" if meeting_done else _("Cần ngày họp, số người dự và tỷ lệ đồng ý từ 50%."),
        ),
        "commitments": (
            bool(verdicts) and not unsigned,
            _("Chưa ký: %(names)s") % {"names": ", ".join(unsigned)} if unsigned else "",
        ),
        "posting": (posting_done, posting_detail),
    }
    result = []
    for entry in rules.checklist:
        code, label, stage = entry.get("code", ""), entry.get("label", ""), entry.get("stage", "submit")
        if code in automatic:
            done, detail = automatic[code]
            result.append(ChecklistItem(label, done, stage, detail=detail))
        else:
            result.append(
                ChecklistItem(label, False, stage, manual=True, detail=_("Kiểm tra bản giấy khi nộp."))
            )
    return result


def candidates(project: Project, households, *, on: dt.date | None = None) -> list[HouseholdVerdict]:
    """Live eligibility for households the village head may still add."""
    on = on or timezone.localdate()
    households = list(households.prefetch_related(classifications_prefetch()))
    elsewhere = households_elsewhere(project, [h.pk for h in households])
    return [
        judge_household(h, project=project, rules=project.rule_set, on=on, elsewhere=elsewhere)
        for h in households
    ]
