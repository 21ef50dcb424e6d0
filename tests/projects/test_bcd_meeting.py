"""The BCĐ meeting screen: several waiting projects, each with its conclusion, one minutes."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from giamngheo.documents.models import IssuedDocument
from projects.models import BcdMeeting, Project

S = Project.Status
URL = reverse("projects:bcd_meeting")


def meeting_post(**kw):
    return {
        "date": timezone.localdate().isoformat(),
        "start_time": "14:00",
        "end_time": "16:00",
        "place": "Hội trường UBND xã",
        "members_total": 9,
        "members_present": 5,
        "attendees": "Trần Văn Thành – Trưởng ban\nLê Thị Mỹ Lệ – Thành viên",
        "chair": "Trần Văn Thành",
        "secretary": "Nguyễn Thị Thu Hà",
    } | kw


@pytest.fixture
def waiting(project_in):
    return [
        project_in(S.BCD_REVIEW),
        project_in(S.BCD_REVIEW, name="Nuôi dê thôn Hà Thượng", households=2),
        project_in(S.BCD_REVIEW, name="Nuôi gà thôn Hà Thượng", households=1),
    ]


@pytest.mark.parametrize("person", ["bcd_member", "leader"], indirect=True)
def test_one_meeting_concludes_on_two_projects_and_leaves_the_third(client, person, waiting):
    first, second, third = waiting
    client.force_login(person)
    page = client.get(URL).content.decode()
    assert all(p.name in page for p in waiting)
    data = meeting_post() | {
        f"p{first.pk}_version": first.version,
        f"p{first.pk}_conclusion": "agree",
        f"p{first.pk}_votes_for": 5,
        f"p{second.pk}_version": second.version,
        f"p{second.pk}_conclusion": "reject",
        f"p{second.pk}_votes_for": 1,
        f"p{second.pk}_votes_against": 4,
        f"p{second.pk}_reasons": "Không hiệu quả",
        f"p{third.pk}_version": third.version,
    }
    r = client.post(URL, data)
    assert r.status_code == 302
    statuses = [Project.objects.get(pk=p.pk).status for p in waiting]
    assert statuses == [S.AGREED, S.REJECTED, S.BCD_REVIEW]
    meeting = BcdMeeting.objects.get()
    assert meeting.number == "1/BB-BCĐ" and meeting.decisions.count() == 2
    assert IssuedDocument.objects.filter(kind__code="bb_bcd").count() == 1


def test_a_refused_meeting_shows_the_form_again_and_changes_nothing(client, bcd_member, waiting):
    first = waiting[0]
    client.force_login(bcd_member)
    data = meeting_post(members_present=12) | {
        f"p{first.pk}_version": first.version,
        f"p{first.pk}_conclusion": "return",
        f"p{first.pk}_votes_for": 1,
    }
    r = client.post(URL, data)
    body = r.content.decode()
    assert r.status_code == 200 and "nhiều hơn tổng số" in body and "Cần ghi rõ lý do" in body
    assert "Trần Văn Thành – Trưởng ban" in body  # what was typed stays
    assert not BcdMeeting.objects.exists() and Project.objects.get(pk=first.pk).status == S.BCD_REVIEW
    r = client.post(URL, meeting_post())
    assert "ít nhất một dự án" in r.content.decode()


@pytest.mark.parametrize("person", ["officer", "village_head", "upper_viewer"], indirect=True)
def test_only_the_bcd_records_its_meeting(client, person, waiting):
    client.force_login(person)
    assert client.get(URL).status_code == 403
