"""Each workflow move through its page, for each role: allowed, 403 for the wrong role,
404 out of scope, and refused (nothing changes) from the wrong state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils import timezone

from giamngheo import services as core_services
from giamngheo.models import Role
from projects.models import Project
from tests.conftest import PASSWORD

S = Project.Status
TODAY = timezone.localdate


def bcd_post(conclusion="agree", reasons=""):
    return {
        "meeting_date": TODAY().isoformat(),
        "members_present": "Trần Văn Thành\nLê Thị Mỹ Lệ\nHoàng Văn Phước",
        "votes_for": 3 if conclusion == "agree" else 1,
        "votes_against": 0 if conclusion == "agree" else 2,
        "conclusion": conclusion,
        "reasons": reasons,
        "chair": "Trần Văn Thành",
        "secretary": "Nguyễn Thị Thu Hà",
    }


@dataclass
class Case:
    url: str
    start: str
    data: dict
    target: str
    allowed: list[str]
    forbidden: list[str]
    outsider: str  # the role of a person in the neighbouring commune
    wrong_state: str
    posted: bool = False
    extra: dict = field(default_factory=dict)


CASES = {
    "submit": Case(
        "projects:submit",
        S.DRAFT,
        {},
        S.SUBMITTED,
        ["village_head"],
        ["officer", "bcd_member", "supervisor", "upper_viewer"],
        Role.VILLAGE_HEAD,
        S.SUBMITTED,
    ),
    "resubmit": Case(
        "projects:submit",
        S.RETURNED,
        {},
        S.SUBMITTED,
        ["village_head"],
        ["leader"],
        Role.VILLAGE_HEAD,
        S.BCD_REVIEW,
    ),
    "return": Case(
        "projects:return",
        S.SUBMITTED,
        {"comment": "Thiếu biên bản họp thôn"},
        S.RETURNED,
        ["officer", "leader"],
        ["village_head", "bcd_member", "supervisor", "upper_viewer"],
        Role.COMMUNE_OFFICER,
        S.DRAFT,
    ),
    "send_to_bcd": Case(
        "projects:send_to_bcd",
        S.SUBMITTED,
        {},
        S.BCD_REVIEW,
        ["officer", "leader"],
        ["village_head", "bcd_member", "supervisor"],
        Role.COMMUNE_OFFICER,
        S.AGREED,
        posted=True,
    ),
    "bcd_agree": Case(
        "projects:bcd_decision",
        S.BCD_REVIEW,
        bcd_post(),
        S.AGREED,
        ["bcd_member", "leader"],
        ["officer", "village_head", "supervisor", "upper_viewer"],
        Role.BCD_MEMBER,
        S.SUBMITTED,
    ),
    "bcd_return": Case(
        "projects:bcd_decision",
        S.BCD_REVIEW,
        bcd_post("return", "Bổ sung bản cam kết"),
        S.RETURNED,
        ["bcd_member"],
        ["officer"],
        Role.BCD_MEMBER,
        S.AGREED,
    ),
    "bcd_reject": Case(
        "projects:bcd_decision",
        S.BCD_REVIEW,
        bcd_post("reject", "Mô hình không phù hợp"),
        S.REJECTED,
        ["bcd_member"],
        ["village_head"],
        Role.BCD_MEMBER,
        S.DRAFT,
    ),
    "submit_upward": Case(
        "projects:submit_upward",
        S.AGREED,
        {"submission_date": TODAY().isoformat()},
        S.SUBMITTED_UPWARD,
        ["officer", "leader"],
        ["bcd_member", "village_head", "supervisor"],
        Role.COMMUNE_OFFICER,
        S.BCD_REVIEW,
    ),
    "approve": Case(
        "projects:upper_decision",
        S.SUBMITTED_UPWARD,
        {
            "outcome": "approved",
            "decision_number": "125/QĐ-UBND",
            "decision_date": TODAY().isoformat(),
            "issuer": "UBND thành phố Huế",
            "amount_central": "60.000.000",
        },
        S.APPROVED,
        ["officer", "leader"],
        ["bcd_member", "village_head", "upper_viewer"],
        Role.COMMUNE_OFFICER,
        S.AGREED,
    ),
    "refuse": Case(
        "projects:upper_decision",
        S.SUBMITTED_UPWARD,
        {
            "outcome": "refused",
            "decision_number": "126/UBND",
            "decision_date": TODAY().isoformat(),
            "issuer": "UBND thành phố Huế",
            "reason": "Hết vốn",
        },
        S.REFUSED,
        ["officer"],
        ["bcd_member"],
        Role.COMMUNE_OFFICER,
        S.APPROVED,
    ),
    "start": Case(
        "projects:start",
        S.APPROVED,
        {},
        S.IMPLEMENTING,
        ["officer", "leader"],
        ["bcd_member", "village_head"],
        Role.COMMUNE_OFFICER,
        S.SUBMITTED_UPWARD,
    ),
    "withdraw": Case(
        "projects:withdraw",
        S.APPROVED,
        {
            "reason": "Hộ bán bò trái cam kết",
            "decision_number": "15/QĐ-UBND",
            "decision_date": TODAY().isoformat(),
        },
        S.WITHDRAWN,
        ["leader"],
        ["officer", "bcd_member", "village_head", "supervisor"],
        Role.COMMUNE_LEADER,
        S.SUBMITTED,
    ),
}


@pytest.fixture
def outsider(other_commune, other_village):
    def make(role):
        place = {"village": other_village} if role == Role.VILLAGE_HEAD else {"commune": other_commune}
        return core_services.create_account(
            by=None,
            username=f"ngoai.{role}",
            full_name="Người xã khác",
            password=PASSWORD,
            role=role,
            **place,
        )

    return make


@pytest.fixture
def bring(project_in, post):
    def do(case: Case) -> Project:
        project = project_in(case.start)
        if case.posted:
            project = post(project)
        return project

    return do


def send(client, case: Case, project: Project, version=None):
    data = {"version": version or project.version} | case.data
    return client.post(reverse(case.url, args=[project.pk]), data)


def allowed_cases():
    return [(name, person) for name, case in CASES.items() for person in case.allowed]


def forbidden_cases():
    return [(name, person) for name, case in CASES.items() for person in case.forbidden]


@pytest.mark.parametrize(("move", "person"), allowed_cases(), indirect=["person"])
def test_allowed_person_takes_the_step(client, bring, move, person):
    case = CASES[move]
    project = bring(case)
    client.force_login(person)
    r = send(client, case, project)
    assert r.status_code == 302
    project.refresh_from_db()
    assert project.status == case.target
    event = project.events.order_by("-pk").first()
    assert event.actor == person and event.to_status == case.target
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert project.get_status_display() in page


@pytest.mark.parametrize(("move", "person"), forbidden_cases(), indirect=["person"])
def test_wrong_role_gets_403_and_nothing_changes(client, bring, move, person):
    case = CASES[move]
    project = bring(case)
    client.force_login(person)
    assert send(client, case, project).status_code == 403
    project.refresh_from_db()
    assert project.status == case.start


@pytest.mark.parametrize("move", list(CASES))
def test_same_role_in_another_commune_gets_404(client, bring, outsider, move):
    case = CASES[move]
    project = bring(case)
    client.force_login(outsider(case.outsider))
    assert send(client, case, project).status_code == 404
    project.refresh_from_db()
    assert project.status == case.start


def test_village_head_of_another_village_gets_404(client, project_in, village_head_b):
    project = project_in(S.DRAFT)
    client.force_login(village_head_b)
    assert (
        client.post(reverse("projects:submit", args=[project.pk]), {"version": project.version}).status_code
        == 404
    )
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 404


@pytest.mark.parametrize("move", list(CASES))
def test_step_from_the_wrong_state_is_refused_and_changes_nothing(client, project_in, move, request):
    case = CASES[move]
    project = project_in(case.wrong_state)
    person = request.getfixturevalue(case.allowed[0])
    client.force_login(person)
    events_before = project.events.count()
    r = send(client, case, project)
    assert r.status_code == 302
    project.refresh_from_db()
    assert project.status == case.wrong_state
    assert project.events.count() == events_before
    page = client.get(r.url).content.decode()
    assert "Không thể thực hiện" in page or "Chưa" in page


def test_stale_version_is_refused_with_a_clear_message(client, project_in, officer):
    project = project_in(S.SUBMITTED)
    stale = project.version - 1
    client.force_login(officer)
    r = client.post(
        reverse("projects:return", args=[project.pk]), {"version": stale, "comment": "Thiếu hồ sơ"}
    )
    project.refresh_from_db()
    assert project.status == S.SUBMITTED
    assert "vừa được người khác thay đổi" in client.get(r.url).content.decode()


def test_returned_project_keeps_its_history_and_can_be_resubmitted(client, project_in, village_head):
    project = project_in(S.RETURNED)
    client.force_login(village_head)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "Thiếu biên bản" in page  # the officer's reasons stay on the timeline
    client.post(reverse("projects:submit", args=[project.pk]), {"version": project.version})
    project.refresh_from_db()
    assert project.status == S.SUBMITTED
    assert list(project.events.values_list("kind", flat=True)) == [
        "created",
        "submit",
        "return_to_village",
        "submit",
    ]


def test_return_needs_reasons(client, project_in, officer):
    project = project_in(S.SUBMITTED)
    client.force_login(officer)
    r = client.post(
        reverse("projects:return", args=[project.pk]), {"version": project.version, "comment": ""}
    )
    assert r.status_code == 200
    assert "Vui lòng ghi rõ lý do trả lại." in r.content.decode()
    project.refresh_from_db()
    assert project.status == S.SUBMITTED


def test_bcd_return_needs_reasons_and_votes_cannot_exceed_members(client, project_in, bcd_member):
    project = project_in(S.BCD_REVIEW)
    client.force_login(bcd_member)
    url = reverse("projects:bcd_decision", args=[project.pk])
    r = client.post(url, {"version": project.version} | bcd_post("return", ""))
    assert "Cần ghi rõ lý do" in r.content.decode()
    r = client.post(url, {"version": project.version} | bcd_post() | {"votes_for": 5})
    assert "nhiều hơn số thành viên dự họp" in r.content.decode()
    project.refresh_from_db()
    assert project.status == S.BCD_REVIEW


def test_bcd_decision_is_recorded_with_its_minutes_number(client, project_in, bcd_member):
    project = project_in(S.BCD_REVIEW)
    client.force_login(bcd_member)
    client.post(
        reverse("projects:bcd_decision", args=[project.pk]), {"version": project.version} | bcd_post()
    )
    decision = project.bcd_decisions.select_related("meeting").get()
    assert decision.minutes_number == "1/BB-BCĐ" and decision.meeting.number == "1/BB-BCĐ"
    assert decision.members_list == ["Trần Văn Thành", "Lê Thị Mỹ Lệ", "Hoàng Văn Phước"]
    assert "Biên bản họp BCĐ số 1/BB-BCĐ" in project.events.order_by("-pk").first().document_text


def test_submission_upward_takes_the_next_number(client, project_in, officer):
    project = project_in(S.AGREED)
    client.force_login(officer)
    client.post(
        reverse("projects:submit_upward", args=[project.pk]),
        {"version": project.version, "submission_date": TODAY().isoformat()},
    )
    project.refresh_from_db()
    assert project.submission_number == "1/TTr-UBND"


def test_upper_approval_records_the_budget_by_source(client, project_in, officer):
    project = project_in(S.SUBMITTED_UPWARD)
    client.force_login(officer)
    data = CASES["approve"].data | {"version": project.version, "amount_local": "5.000.000"}
    client.post(reverse("projects:upper_decision", args=[project.pk]), data)
    assert dict(project.budget_lines.values_list("source", "approved_amount")) == {
        "central": 60_000_000,
        "local": 5_000_000,
    }


def test_upper_approval_without_any_amount_is_refused(client, project_in, officer):
    project = project_in(S.SUBMITTED_UPWARD)
    client.force_login(officer)
    data = CASES["approve"].data | {"version": project.version, "amount_central": ""}
    r = client.post(reverse("projects:upper_decision", args=[project.pk]), data)
    assert r.status_code == 200 and "ít nhất một nguồn vốn" in r.content.decode()
    project.refresh_from_db()
    assert project.status == S.SUBMITTED_UPWARD


def test_upper_approval_above_the_proposal_is_refused(client, project_in, officer):
    """The project proposed 75.000.000 đ (60 NSTW + 15 counterpart): approving more is a typo."""
    project = project_in(S.SUBMITTED_UPWARD)
    client.force_login(officer)
    data = CASES["approve"].data | {"version": project.version, "amount_central": "999.000.000.000"}
    r = client.post(reverse("projects:upper_decision", args=[project.pk]), data)
    body = r.content.decode()
    assert r.status_code == 200
    assert "Tổng kinh phí duyệt (999.000.000.000 đ) vượt tổng kinh phí dự án đề xuất (75.000.000 đ)." in body
    assert "Dự án đề xuất: 60.000.000 đ" in body
    project.refresh_from_db()
    assert project.status == S.SUBMITTED_UPWARD and not project.budget_lines.exists()


def test_upper_approval_above_the_proposal_is_refused_by_the_service(project_in, officer):
    from projects import services

    project = project_in(S.SUBMITTED_UPWARD)
    with pytest.raises(services.WorkflowError, match="vượt tổng kinh phí dự án đề xuất"):
        services.record_upper_decision(
            project,
            by=officer,
            version=project.version,
            approved=True,
            decision_number="1/QĐ",
            decision_date=TODAY(),
            issuer="UBND",
            amounts={"central": 80_000_000},
        )
    project.refresh_from_db()
    assert project.status == S.SUBMITTED_UPWARD


def test_get_is_not_a_move(client, project_in, village_head):
    project = project_in(S.DRAFT)
    client.force_login(village_head)
    assert client.get(reverse("projects:submit", args=[project.pk])).status_code == 405


def test_withdrawal_appears_on_the_timeline_with_its_decision(client, project_in, leader):
    project = project_in(S.APPROVED)
    client.force_login(leader)
    client.post(
        reverse("projects:withdraw", args=[project.pk]), {"version": project.version} | CASES["withdraw"].data
    )
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "Quyết định thu hồi số 15/QĐ-UBND" in page and "Hộ bán bò trái cam kết" in page


def test_decision_date_in_vietnamese_format_is_accepted(client, project_in, leader):
    project = project_in(S.APPROVED)
    client.force_login(leader)
    data = CASES["withdraw"].data | {"version": project.version, "decision_date": "05/02/2026"}
    client.post(reverse("projects:withdraw", args=[project.pk]), data)
    project.refresh_from_db()
    assert project.status == S.WITHDRAWN
    assert dt.date(2026, 2, 5).strftime("%d/%m/%Y") in project.events.order_by("-pk").first().document
