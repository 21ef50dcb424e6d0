"""Dates of things already done (a meeting, a decision, a payment, a signature) cannot lie in the
future: the form says so in Vietnamese and nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import Event, Project

S = Project.Status


def tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


CASES = {
    "bcd_meeting": (
        S.BCD_REVIEW,
        "bcd_member",
        "projects:bcd_decision",
        {
            "meeting_date": tomorrow,
            "members_present": "Trần Văn Thành\nLê Thị Mỹ Lệ\nHoàng Văn Phước",
            "votes_for": 3,
            "votes_against": 0,
            "conclusion": "agree",
        },
    ),
    "upper_decision": (
        S.SUBMITTED_UPWARD,
        "officer",
        "projects:upper_decision",
        {
            "outcome": "approved",
            "decision_number": "125/QĐ-UBND",
            "decision_date": tomorrow,
            "issuer": "UBND thành phố Huế",
            "amount_central": "60.000.000",
        },
    ),
    "withdraw": (
        S.APPROVED,
        "leader",
        "projects:withdraw",
        {"reason": "Hộ bán bò", "decision_number": "15/QĐ-UBND", "decision_date": tomorrow},
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_decision_dated_in_the_future_is_refused(client, project_in, request, case):
    status, role, url, data = CASES[case]
    project = project_in(status)
    client.force_login(request.getfixturevalue(role))
    data = {k: (v() if callable(v) else v) for k, v in data.items()} | {"version": project.version}
    r = client.post(reverse(url, args=[project.pk]), data)
    assert r.status_code == 200
    assert "chưa đến; chỉ ghi việc đã diễn ra." in r.content.decode()
    project.refresh_from_db()
    assert project.status == status
    assert not Event.objects.filter(project=project, from_status=status).exists()


def test_a_disbursement_dated_in_the_future_is_refused(client, project_in, officer):
    project = project_in(S.APPROVED)
    client.force_login(officer)
    data = {"source": "central", "paid_on": tomorrow(), "amount": "1.000.000", "document": "UNC 12"}
    r = client.post(reverse("projects:disbursement_add", args=[project.pk]), data)
    assert r.status_code == 200 and "chưa đến" in r.content.decode()
    assert not project.disbursements.exists()


def test_a_complaint_received_in_the_future_is_refused(client, project_in, officer):
    project = project_in(S.SUBMITTED)
    client.force_login(officer)
    data = {"received_on": tomorrow(), "complainant": "Ông Lê Văn A", "content": "Xin bổ sung"}
    r = client.post(reverse("projects:complaint_add", args=[project.pk]), data)
    assert r.status_code == 200 and "chưa đến" in r.content.decode()
    assert not project.complaints.exists()


def test_a_commitment_signed_in_the_future_is_refused(client, project_in, village_head):
    project = project_in(S.DRAFT, ready=False)
    participant = project.participants.first()
    client.force_login(village_head)
    url = reverse("projects:participant_edit", args=[project.pk, participant.pk])
    r = client.post(url, {"version": project.version, "shares": 1, "commitment_signed_on": tomorrow()})
    assert r.status_code == 200 and "chưa đến" in r.content.decode()
    participant.refresh_from_db()
    assert participant.commitment_signed_on is None
