"""Eligibility rules, table-driven: a household's category on a date from its history, each
household check with its reason, and the project-wide checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from households.models import Category, Classification, Household
from projects import eligibility, services
from projects.models import FundingSource, Project
from tests.projects.conftest import COW

D = dt.date
P, NP, EP, ENP, MID, OTH = (
    Category.POOR,
    Category.NEAR_POOR,
    Category.ESCAPED_POOR,
    Category.ESCAPED_NEAR_POOR,
    Category.MIDDLE,
    Category.OTHER,
)


def history(*rows):
    """(year, category[, decision date]) → unsaved Classification rows."""
    return [
        Classification(year=r[0], category=r[1], decision_date=r[2] if len(r) > 2 else None) for r in rows
    ]


@pytest.mark.parametrize(
    ("rows", "on", "window", "expected"),
    [
        ([], D(2025, 6, 1), 36, None),
        ([(2024, P, D(2024, 12, 20))], D(2025, 6, 1), 36, P),
        ([(2024, NP, D(2024, 12, 20))], D(2025, 6, 1), 36, NP),
        ([(2023, P), (2024, NP)], D(2025, 6, 1), 36, NP),
        # left poverty at the 2024 review: newly escaped for 36 months after the decision
        ([(2023, P), (2024, OTH, D(2024, 12, 20))], D(2025, 6, 1), 36, EP),
        ([(2023, P), (2024, OTH, D(2024, 12, 20))], D(2027, 12, 19), 36, EP),
        ([(2023, P), (2024, OTH, D(2024, 12, 20))], D(2027, 12, 20), 36, OTH),
        # the window is the rule set's, not a constant
        ([(2023, P), (2024, MID, D(2024, 12, 20))], D(2026, 1, 1), 12, MID),
        # no decision date: the review year's end counts
        ([(2023, P), (2024, OTH)], D(2027, 12, 30), 36, EP),
        # recorded explicitly as escaped, with or without the earlier poor year on file
        ([(2024, EP, D(2024, 12, 20))], D(2026, 3, 1), 36, EP),
        ([(2020, EP, D(2020, 12, 20)), (2021, EP), (2022, OTH)], D(2025, 3, 1), 36, OTH),
        # escaped, then several later reviews as "other": still counted from the first one
        ([(2022, P), (2023, OTH, D(2023, 12, 1)), (2024, OTH, D(2024, 12, 1))], D(2026, 6, 1), 36, EP),
        ([(2023, NP), (2024, MID, D(2024, 12, 15))], D(2025, 6, 1), 36, ENP),
        # fell back into poverty: poor again, whatever the window says
        ([(2022, P), (2023, OTH, D(2023, 12, 1)), (2024, P)], D(2025, 6, 1), 36, P),
        # a review of a later year does not apply yet
        ([(2024, P), (2026, OTH, D(2026, 12, 1))], D(2025, 6, 1), 36, P),
    ],
)
def test_category_on_a_date(rows, on, window, expected):
    assert eligibility.category_on(history(*rows), on, window)[0] == expected


def test_add_months_clamps_to_the_end_of_the_month():
    assert eligibility.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert eligibility.add_months(D(2024, 12, 20), 36) == D(2027, 12, 20)


def verdict_for(project, household, **kwargs):
    kwargs.setdefault("elsewhere", {})
    return eligibility.judge_household(
        household, project=project, rules=project.rule_set, on=D(2026, 6, 1), **kwargs
    )


def messages(verdict, *, blocking):
    return [c.message for c in verdict.checks if not c.ok and c.blocking == blocking]


@pytest.mark.parametrize(
    ("setup", "blocked", "reason"),
    [
        ({"category": P}, False, "Hộ nghèo (rà soát năm 2025): thuộc đối tượng hỗ trợ."),
        ({"category": ENP}, False, "không thuộc đối tượng"),
        ({"category": MID}, False, "không tính vào tỷ lệ hộ hưởng lợi"),
        ({"category": None}, False, "Chưa có kết quả rà soát"),
        ({"village": "b"}, True, "Hộ không thuộc Thôn Hà Thượng."),
        ({"status": Household.Status.MOVED}, True, "Hộ đã chuyển đi."),
        ({"elsewhere": True}, True, "đã tham gia dự án «Dự án khác»"),
        ({"alloc": (30_000_000, 1_000_000)}, True, "Vốn đối ứng của hộ 3,2% thấp hơn mức tối thiểu 10%."),
        ({"alloc": (35_000_000, 10_000_000)}, True, "vượt mức tối đa 30.000.000 đ mỗi hộ"),
        ({"alloc": (20_000_000, 5_000_000)}, False, "thuộc đối tượng hỗ trợ"),
    ],
)
def test_household_checks_give_their_reason(make_project, make_household, village_b, setup, blocked, reason):
    project = make_project(households=0, ready=False)
    fields = {"category": setup.get("category", P) if "category" in setup else P}
    if setup.get("village") == "b":
        fields["village"] = village_b
    if "status" in setup:
        fields["status"] = setup["status"]
    household = make_household(**fields)
    kwargs = {}
    if setup.get("elsewhere"):
        kwargs["elsewhere"] = {household.pk: "Dự án khác"}
    if "alloc" in setup:
        state, counterpart = setup["alloc"]
        kwargs["alloc"] = eligibility.Allocation(state=state, counterpart=counterpart)
    verdict = verdict_for(project, household, **kwargs)
    assert verdict.blocked is blocked
    all_messages = " ".join(c.message for c in verdict.checks)
    assert reason in all_messages


@pytest.mark.parametrize(
    ("flags", "category", "priority"),
    [
        ({}, P, True),
        ({}, MID, False),
        ({"is_ethnic_minority": True}, MID, True),
        ({"is_merit_family": True}, OTH, True),
        ({"is_female_headed": True}, MID, False),
    ],
)
def test_priority_households(make_project, make_household, flags, category, priority):
    project = make_project(households=0, ready=False)
    verdict = verdict_for(project, make_household(category=category, **flags))
    assert verdict.is_priority is priority


def test_household_in_another_live_project_of_the_round_cannot_be_added(
    make_project, make_household, village_head
):
    first = make_project(households=1)
    services.submit_project(first, by=village_head, version=None)  # sent: it holds its households
    household = first.participants.get().household
    second = make_project(households=0, ready=False, name="Nuôi dê")
    with pytest.raises(
        services.WorkflowError, match="đã tham gia dự án «Nuôi bò cái sinh sản thôn Hà Thượng»"
    ):
        services.add_participant(second, household, by=village_head, version=None)
    assert not second.participants.exists()


def test_household_of_a_rejected_project_is_free_again(project_in, make_project, village_head):
    rejected = project_in(Project.Status.REJECTED)
    household = rejected.participants.first().household
    second = make_project(households=0, ready=False, name="Nuôi dê")
    services.add_participant(second, household, by=village_head, version=None)
    assert second.participants.count() == 1


@pytest.mark.parametrize(
    ("categories", "blocked", "reason"),
    [
        ([P, P, MID], False, "66,7% (tối thiểu 50%)"),
        ([P, MID, MID], True, "33,3% (tối thiểu 50%)"),
        ([P, NP, MID, MID], False, "50% (tối thiểu 50%)"),
    ],
)
def test_beneficiary_share(make_project, categories, blocked, reason):
    project = make_project(households=len(categories), categories=categories)
    verdict = eligibility.assess(project)
    share_check = next(c for c in verdict.checks if "Tỷ lệ hộ thuộc đối tượng" in c.message)
    assert reason in share_check.message
    assert (not share_check.ok) is blocked
    assert bool(verdict.blocking) is blocked


def test_priority_share_marks_the_project(make_project):
    assert eligibility.assess(make_project(households=3)).is_priority
    project = make_project(households=3, categories=[P, P, MID], name="Khác")
    verdict = eligibility.assess(project)
    assert verdict.priority_share == Decimal(200) / 3
    assert not verdict.is_priority
    assert not verdict.blocking  # priority is a flag, not a condition


def test_project_ceiling_blocks(make_project, rules):
    rules.ceiling_per_project = 50_000_000
    rules.save()
    verdict = eligibility.assess(make_project(households=3))
    assert any("tối đa 50.000.000 đ mỗi dự án" in r for r in verdict.blocking)


def test_round_envelope_counts_other_live_projects(make_round, make_project, village_head):
    round_ = make_round(envelopes={FundingSource.CENTRAL: 100_000_000})
    first = make_project(households=3, round_=round_)  # 60.000.000 from NSTW
    services.submit_project(first, by=village_head, version=None)
    second = make_project(households=3, round_=round_, name="Nuôi bò đợt 2")
    verdict = eligibility.assess(second)
    assert any("dự án cần 60.000.000 đ, đợt còn 40.000.000 đ" in r for r in verdict.blocking)


def test_source_missing_from_the_envelope_blocks(make_round, make_project, village_head):
    round_ = make_round(envelopes={FundingSource.LOCAL: 100_000_000})
    verdict = eligibility.assess(make_project(households=1, round_=round_))
    assert any("không bố trí Ngân sách trung ương" in r for r in verdict.blocking)


def test_checklist_shows_what_is_missing(make_project, village_head):
    project = make_project(households=2, ready=False)
    services.add_item(project, by=village_head, version=None, **COW)
    verdict = eligibility.assess(project)
    missing = {i.label for i in verdict.checklist if not i.done and not i.manual}
    assert "Biên bản họp cộng đồng thống nhất dự án và danh sách hộ" in missing
    assert "Bản cam kết của từng hộ tham gia" in missing
    assert any("Chưa ký: Hộ thử 1, Hộ thử 2" in i.detail for i in verdict.checklist)
    assert any(r.startswith("Thiếu hồ sơ: Bản cam kết") for r in verdict.blocking)


def test_unresolved_complaint_blocks_the_bcd_but_not_the_village(project_in, post, officer):
    project = post(project_in(Project.Status.SUBMITTED))
    assert not eligibility.assess(project).blocking_bcd
    complaint = services.record_complaint(
        project,
        by=officer,
        received_on=D(2026, 6, 1),
        complainant="Ông Lê Văn Tám",
        content="Hộ X không nghèo",
    )
    verdict = eligibility.assess(project)
    assert not verdict.blocking
    assert any("Còn 1 phản ánh chưa giải quyết" in i.detail for i in verdict.checklist)
    with pytest.raises(services.WorkflowError, match="Chưa trình BCĐ được"):
        services.send_to_bcd(project, by=officer, version=None)
    services.resolve_complaint(
        complaint, by=officer, resolution="Đã xác minh, hộ đúng diện nghèo", resolved_on=D(2026, 6, 2)
    )
    project = services.send_to_bcd(project, by=officer, version=None)
    assert project.status == Project.Status.BCD_REVIEW


def test_posting_shorter_than_the_rule_set_days_is_not_enough(project_in, officer):
    project = project_in(Project.Status.SUBMITTED)
    services.record_posting(
        project, by=officer, posted_from=D(2026, 1, 1), posted_to=D(2026, 1, 3), place="Nhà văn hóa"
    )
    verdict = eligibility.assess(project)
    assert any("Chưa niêm yết đủ 7 ngày" in i.detail for i in verdict.checklist)


def test_submit_is_refused_while_something_blocks(make_project, village_head):
    project = make_project(households=3, categories=[P, MID, MID])
    with pytest.raises(services.WorkflowError, match="Chưa gửi được: Tỷ lệ hộ thuộc đối tượng"):
        services.submit_project(project, by=village_head, version=project.version)
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT
