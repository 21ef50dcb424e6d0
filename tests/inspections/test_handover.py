"""Handover: lines never above the approved balance, refused lines, the issued minutes, the lock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from giamngheo.documents import register
from giamngheo.documents.models import IssuedDocument
from inspections import services
from inspections.models import Commitment, Handover, HandoverLine, Inspection
from tests.inspections.conftest import text_of


def line_data(participant, item, **extra):
    return {
        "participant": participant.pk,
        "item": item.pk,
        "kind": "livestock",
        "quantity": "1",
        "variety": "Bò lai Zebu",
        "identifier": "PV-001",
    } | extra


def test_an_officer_opens_a_handover_from_the_project(client, officer, approved, supplier):
    client.force_login(officer)
    r = client.post(
        reverse("inspections:handover_create", args=[approved.pk]),
        {
            "held_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            "place": "Nhà văn hóa",
            "supplier": supplier.pk,
            "team_members": "Nguyễn Thị Thu Hà – Cán bộ",
        },
    )
    handover = Handover.objects.get()
    assert r.status_code == 302 and r["Location"] == handover.get_absolute_url()
    assert handover.status == "draft" and handover.giver == supplier.name


@pytest.mark.parametrize(
    "person", ["village_head", "bcd_member", "supervisor", "upper_viewer"], indirect=True
)
def test_only_commune_staff_open_a_handover(client, person, approved, supplier):
    client.force_login(person)
    r = client.post(
        reverse("inspections:handover_create", args=[approved.pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "place": "x",
            "supplier": supplier.pk,
            "team_members": "A",
        },
    )
    assert r.status_code == 403
    assert not Handover.objects.exists()


def test_another_commune_does_not_see_the_project(client, other_officer, approved):
    client.force_login(other_officer)
    assert client.get(reverse("inspections:handover_create", args=[approved.pk])).status_code == 404


def test_a_future_handover_date_is_refused_and_nothing_saved(client, officer, approved, supplier):
    client.force_login(officer)
    r = client.post(
        reverse("inspections:handover_create", args=[approved.pk]),
        {
            "held_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
            "place": "Nhà văn hóa",
            "supplier": supplier.pk,
            "team_members": "A",
        },
    )
    assert r.status_code == 200 and "chưa đến" in r.content.decode()
    assert "Nhà văn hóa" in r.content.decode()
    assert not Handover.objects.exists()


def test_a_draft_project_cannot_be_handed_over(officer, project_in, supplier):
    project = project_in("draft")
    with pytest.raises(services.FollowUpError, match="đã phê duyệt"):
        services.create_handover(
            project, by=officer, held_on=timezone.localdate(), place="x", supplier=supplier, team_members="A"
        )


def test_a_quantity_above_the_balance_is_refused_with_the_balance(
    client, officer, approved, make_handover, cow
):
    handover = make_handover()
    participant = approved.participants.first()
    client.force_login(officer)
    url = reverse("inspections:handover_add_line", args=[handover.pk])
    r = client.post(url, line_data(participant, cow, quantity="2"))
    body = r.content.decode()
    assert r.status_code == 200 and "chỉ còn được nhận 1 con" in body
    assert 'value="PV-001"' in body  # what the user typed is shown again
    assert not HandoverLine.objects.exists()
    assert client.post(url, line_data(participant, cow)).status_code == 302
    r = client.post(url, line_data(participant, cow, identifier="PV-002"))
    assert "chỉ còn được nhận 0 con" in r.content.decode()
    assert HandoverLine.objects.count() == 1


def test_partial_deliveries_add_up_to_the_approved_quantity(officer, approved, make_handover):
    feed = approved.items.get(name="Chuồng trại, thức ăn")
    feed.quantity_per_household = 3
    feed.save()
    participant = approved.participants.first()
    first, second = make_handover(), make_handover(held_on=timezone.localdate() - dt.timedelta(days=10))
    services.add_line(
        first, by=officer, participant=participant, item=feed, quantity=Decimal("1.5"), kind="feed"
    )
    services.add_line(
        second, by=officer, participant=participant, item=feed, quantity=Decimal("1.5"), kind="feed"
    )
    with pytest.raises(services.FollowUpError, match="chỉ còn được nhận 0"):
        services.add_line(second, by=officer, participant=participant, item=feed, quantity=Decimal("0.5"))


def test_a_refused_line_keeps_the_balance_open(client, officer, approved, make_handover, cow):
    handover = make_handover()
    participant = approved.participants.first()
    client.force_login(officer)
    url = reverse("inspections:handover_add_line", args=[handover.pk])
    r = client.post(url, line_data(participant, cow, refused="on"))
    assert "Ghi lý do không nhận" in r.content.decode()
    client.post(url, line_data(participant, cow, refused="on", refusal_reason="Chưa kiểm dịch"))
    assert client.post(url, line_data(participant, cow, identifier="PV-009")).status_code == 302
    assert list(HandoverLine.objects.values_list("refused", flat=True).order_by("pk")) == [True, False]


def test_issuing_the_minutes_opens_commitments_and_schedules_inspections(handed_over, approved):
    doc = register.current_for(handed_over).get()
    assert doc.kind.code == "bb_ban_giao" and doc.number.endswith("/BB-UBND")
    commitments = Commitment.objects.filter(project=approved)
    assert commitments.count() == 3
    c = commitments.first()
    assert c.clauses == approved.rule_set.commitment_clauses
    assert c.ends_on == services.schedule.add_months(c.starts_on, approved.duration_months)
    assert c.rotation_due_on == services.schedule.add_months(c.starts_on, 24)
    # every 3 months over 24 months: 8 periodic visits, assigned to the commune's officer
    assert Inspection.objects.filter(commitment=c, kind="periodic").count() == 8
    assert Inspection.objects.filter(commitment=c).exclude(assigned_to=None).count() == 8


def test_the_minutes_pdf_names_the_parties_and_the_items(handed_over, approved, client, officer):
    doc = register.current_for(handed_over).get()
    text = text_of(register.read(doc))
    assert "BIÊN BẢN BÀN GIAO" in text and doc.number in text
    assert "Hợp tác xã Chăn nuôi Phú Vinh" in text and "Trần Văn Bò" in text
    assert "Nguyễn Thị Thu Hà" in text and "Phan Văn Lợi" in text
    for name in approved.participants.values_list("household__head_name", flat=True):
        assert name in text
    assert "PV-001" in text and "Bò lai Zebu" in text and "Chưa có giấy kiểm dịch" in text
    assert "Ký nhận" in text


def test_the_one_household_version_has_only_that_household(client, officer, handed_over, approved):
    first, second = approved.participants.order_by("pk").values_list("household_id", "household__head_name")[
        :2
    ]
    client.force_login(officer)
    r = client.get(reverse("inspections:handover_household_pdf", args=[handed_over.pk, first[0]]))
    text = text_of(b"".join(r.streaming_content) if r.streaming else r.content)
    assert first[1] in text and "PV-001" in text
    assert "PV-002" not in text


def test_the_signed_scan_locks_the_handover(client, officer, handed_over, approved, cow):
    client.force_login(officer)
    scan = SimpleUploadedFile("ky.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    r = client.post(
        reverse("inspections:handover_upload_scan", args=[handed_over.pk]),
        {"scan": scan, "version": Handover.objects.get().version},
    )
    assert r.status_code == 302
    handover = Handover.objects.get()
    assert handover.is_locked
    with pytest.raises(services.FollowUpError, match="không sửa được"):
        services.add_line(
            handover, by=officer, participant=approved.participants.first(), item=cow, quantity=1
        )


def test_a_scan_that_is_not_a_pdf_or_image_is_refused(client, officer, handed_over):
    client.force_login(officer)
    scan = SimpleUploadedFile("ky.pdf", b"MZ\x90 not a pdf", content_type="application/pdf")
    client.post(
        reverse("inspections:handover_upload_scan", args=[handed_over.pk]),
        {"scan": scan, "version": 2},
        follow=True,
    )
    assert Handover.objects.get().status == "issued"


def test_a_correction_is_a_replacing_document_with_its_reason(client, officer, handed_over):
    line = handed_over.lines.filter(refused=False).first()
    client.force_login(officer)
    url = reverse("inspections:handover_correct", args=[handed_over.pk])
    r = client.post(
        url, {"line": line.pk, "identifier": "PV-101", "issued_on": timezone.localdate().isoformat()}
    )
    assert "Cần ghi lý do" in r.content.decode()
    r = client.post(
        url,
        {
            "line": line.pk,
            "identifier": "PV-101",
            "reason": "Ghi nhầm số tai",
            "issued_on": timezone.localdate().isoformat(),
        },
    )
    assert r.status_code == 302
    new = register.current_for(handed_over).get()
    assert new.replaces is not None and new.correction_reason == "Ghi nhầm số tai"
    assert "PV-101" in text_of(register.read(new))
    assert IssuedDocument.objects.filter(kind__code="bb_ban_giao").count() == 2


def test_the_project_page_shows_the_balance(client, officer, approved, make_handover, cow):
    handover = make_handover()
    services.add_line(handover, by=officer, participant=approved.participants.first(), item=cow, quantity=1)
    client.force_login(officer)
    body = client.get(approved.get_absolute_url()).content.decode()
    assert "Bàn giao hỗ trợ cho hộ" in body and "Lập buổi bàn giao" in body
    assert "Đã giao 1 / 6 (còn 5)" in body


def test_the_household_page_shows_support_and_commitment(client, village_head, handed_over, approved):
    household = approved.participants.order_by("pk").first().household
    client.force_login(village_head)
    body = client.get(household.get_absolute_url()).content.decode()
    assert "PV-001" in body and "Chưa có giấy kiểm dịch" in body
    assert "Đang thực hiện" in body and approved.name in body
