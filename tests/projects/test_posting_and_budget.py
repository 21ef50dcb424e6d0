"""Public posting with complaints, and disbursements against the approved budget."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import Disbursement, Project

S = Project.Status


def today():
    return timezone.localdate()


@pytest.mark.parametrize("person", ["village_head", "officer"], indirect=True)
def test_posting_is_recorded_on_the_timeline(client, project_in, person):
    project = project_in(S.SUBMITTED)
    client.force_login(person)
    data = {
        "posted_from": (today() - dt.timedelta(days=7)).isoformat(),
        "posted_to": today().isoformat(),
        "place": "Nhà văn hóa thôn Hà Thượng",
    }
    client.post(reverse("projects:posting_add", args=[project.pk]), data)
    posting = project.postings.get()
    # The village's minutes of posting is issued unnumbered: no TB-UBND number is used up.
    assert posting.days == 8 and posting.notice_number == ""
    from giamngheo.documents import register
    from giamngheo.documents.models import DocumentSequence

    minutes = register.current_for(posting, "bb_niem_yet").get()
    assert minutes.number == "" and minutes.issued_by == person
    assert not DocumentSequence.objects.filter(suffix="TB-UBND").exists()
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Niêm yết công khai danh sách hộ" in page and "Nhà văn hóa thôn Hà Thượng" in page


def test_posting_dates_must_be_in_order(client, project_in, officer):
    project = project_in(S.SUBMITTED)
    client.force_login(officer)
    data = {
        "posted_from": today().isoformat(),
        "posted_to": (today() - dt.timedelta(days=3)).isoformat(),
        "place": "Nhà văn hóa",
    }
    r = client.post(reverse("projects:posting_add", args=[project.pk]), data)
    assert "Ngày kết thúc phải sau ngày bắt đầu niêm yết." in r.content.decode()
    assert not project.postings.exists()


@pytest.mark.parametrize("person", ["bcd_member", "supervisor", "upper_viewer"], indirect=True)
def test_read_only_roles_cannot_record_postings_or_complaints(client, project_in, person):
    project = project_in(S.SUBMITTED)
    client.force_login(person)
    data = {"posted_from": today().isoformat(), "posted_to": today().isoformat(), "place": "Nhà văn hóa"}
    assert client.post(reverse("projects:posting_add", args=[project.pk]), data).status_code == 403
    complaint = {"received_on": today().isoformat(), "complainant": "Ông Tám", "content": "Sai đối tượng"}
    assert client.post(reverse("projects:complaint_add", args=[project.pk]), complaint).status_code == 403


def test_complaint_blocks_the_bcd_until_resolved(client, project_in, post, officer):
    project = post(project_in(S.SUBMITTED))
    client.force_login(officer)
    complaint = {
        "received_on": today().isoformat(),
        "complainant": "Ông Lê Văn Tám",
        "content": "Hộ thử 2 có xe tải, không nghèo",
    }
    client.post(reverse("projects:complaint_add", args=[project.pk]), complaint)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Trình BCĐ (chưa đủ điều kiện)" in page and "Còn 1 phản ánh chưa giải quyết." in page
    project.refresh_from_db()
    r = client.post(
        reverse("projects:send_to_bcd", args=[project.pk]), {"version": project.version}, follow=True
    )
    assert "Chưa trình BCĐ được" in r.content.decode()
    project.refresh_from_db()
    assert project.status == S.SUBMITTED
    c = project.complaints.get()
    client.post(
        reverse("projects:complaint_resolve", args=[project.pk, c.pk]),
        {"resolved_on": today().isoformat(), "resolution": "Đã xác minh: xe của con, hộ vẫn nghèo."},
    )
    project.refresh_from_db()
    client.post(reverse("projects:send_to_bcd", args=[project.pk]), {"version": project.version})
    project.refresh_from_db()
    assert project.status == S.BCD_REVIEW


def test_posting_after_the_bcd_took_the_dossier_is_refused(client, project_in, officer):
    project = project_in(S.BCD_REVIEW)
    client.force_login(officer)
    data = {"posted_from": today().isoformat(), "posted_to": today().isoformat(), "place": "Nhà văn hóa"}
    r = client.post(reverse("projects:posting_add", args=[project.pk]), data, follow=True)
    assert "Chỉ niêm yết, tiếp nhận phản ánh trước khi trình BCĐ" in r.content.decode()


def disburse(client, project, amount, source="central"):
    data = {
        "source": source,
        "paid_on": today().isoformat(),
        "amount": amount,
        "document": "UNC số 12 ngày 01/06/2026",
    }
    return client.post(reverse("projects:disbursement_add", args=[project.pk]), data, follow=True)


def test_disbursements_up_to_the_approved_amount(client, project_in, officer):
    project = project_in(S.APPROVED)  # 60.000.000 approved from NSTW
    client.force_login(officer)
    disburse(client, project, "40.000.000")
    r = disburse(client, project, "25.000.000")
    assert (
        "Vượt kinh phí được duyệt của Ngân sách trung ương (NSTW): đã giải ngân 40.000.000 đ, được duyệt 60.000.000 đ."
        in r.content.decode()
    )
    disburse(client, project, "20.000.000")
    assert sum(project.disbursements.values_list("amount", flat=True)) == 60_000_000
    r = disburse(client, project, "1.000.000", source="local")
    assert "Vượt kinh phí được duyệt" in r.content.decode()
    assert project.disbursements.count() == 2


def test_a_refused_disbursement_keeps_what_was_typed(client, project_in, officer):
    """Over the approved amount: the form comes back with the reason and the user's entries."""
    project = project_in(S.APPROVED)  # 60.000.000 approved from NSTW
    client.force_login(officer)
    data = {
        "source": "central",
        "paid_on": today().isoformat(),
        "amount": "75.000.000",
        "document": "UNC 77/KB",
    }
    r = client.post(reverse("projects:disbursement_add", args=[project.pk]), data)
    body = r.content.decode()
    assert r.status_code == 200
    assert "Vượt kinh phí được duyệt của Ngân sách trung ương (NSTW)" in body
    assert 'value="75.000.000"' in body and 'value="UNC 77/KB"' in body
    assert not Disbursement.objects.exists()


def test_no_disbursement_before_approval(client, project_in, officer):
    project = project_in(S.SUBMITTED_UPWARD)
    client.force_login(officer)
    assert (
        "Chỉ giải ngân cho dự án đã được phê duyệt."
        in disburse(client, project, "1.000.000").content.decode()
    )
    assert not Disbursement.objects.exists()


@pytest.mark.parametrize("person", ["bcd_member", "village_head", "supervisor"], indirect=True)
def test_only_commune_staff_disburse(client, project_in, person):
    project = project_in(S.APPROVED)
    client.force_login(person)
    assert disburse(client, project, "1.000.000").status_code == 403
