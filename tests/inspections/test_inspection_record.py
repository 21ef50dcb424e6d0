"""Recording a visit: statuses move the balance, photos are checked and stripped, dates are
checked, the form is pre-filled from the last visit, the biên bản kiểm tra is issued."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from giamngheo.documents import register
from inspections import balances, services
from inspections.models import CommuneFollowUpSettings, HandoverLine, Inspection, InspectionPhoto
from tests.inspections.conftest import jpeg, text_of


def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneCam"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (16.0, 28.0, 0.0)
    return exif.tobytes()


def first_visit(commitment) -> Inspection:
    return commitment.inspections.order_by("due_on").first()


def visit_data(inspection, *, status="healthy", result="dat", **extra):
    data = {
        "version": inspection.version,
        "done_on": timezone.localdate().isoformat(),
        "inspectors": "Nguyễn Thị Thu Hà",
        "member_present": "Hộ thử 1",
        "result": result,
        "findings": "Bò khỏe, chuồng sạch",
    }
    for line in HandoverLine.objects.filter(household=inspection.household, refused=False):
        data[f"status_{line.pk}"] = status
    for n in range(len(inspection.commitment.clauses)):
        data[f"clause_{n}"] = "yes"
    return data | extra


def record_url(inspection):
    return reverse("inspections:inspection_record", args=[inspection.pk])


def test_an_officer_records_a_visit_and_the_minutes_are_issued(client, officer, commitment):
    inspection = first_visit(commitment)
    client.force_login(officer)
    photo = SimpleUploadedFile("bo.jpg", jpeg(exif=gps_exif()), content_type="image/jpeg")
    r = client.post(record_url(inspection), visit_data(inspection) | {"photos": [photo]})
    assert r.status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == "done" and inspection.result == "dat"
    stored = InspectionPhoto.objects.get()
    assert max(stored.width, stored.height) == 1600
    with stored.image.open("rb") as f:
        image = Image.open(io.BytesIO(f.read()))
        assert image.format == "JPEG" and not image.getexif().get_ifd(0x8825)
    doc = register.current_for(inspection).get()
    text = text_of(register.read(doc))
    assert "BIÊN BẢN KIỂM TRA" in text and commitment.household.head_name in text
    assert "Nguyễn Thị Thu Hà" in text and "Khỏe mạnh" in text and "Bò lai Zebu" in text and "Đạt" in text


def test_the_commune_may_keep_photo_location(client, officer, commitment, commune):
    CommuneFollowUpSettings.objects.create(commune=commune, keep_photo_location=True)
    inspection = first_visit(commitment)
    client.force_login(officer)
    photo = SimpleUploadedFile("bo.jpg", jpeg(size=(800, 600), exif=gps_exif()), content_type="image/jpeg")
    client.post(record_url(inspection), visit_data(inspection) | {"photos": [photo]})
    with InspectionPhoto.objects.get().image.open("rb") as f:
        assert Image.open(io.BytesIO(f.read())).getexif().get_ifd(0x8825)[1] == "N"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("bo.jpg", b"MZ\x90\x00 an exe renamed", content_type="image/jpeg"),
            "không phải ảnh",
        ),
        (
            SimpleUploadedFile(
                "bo.jpg", b"\xff\xd8\xff" + b"0" * (13 * 1024 * 1024), content_type="image/jpeg"
            ),
            "quá lớn",
        ),
        (SimpleUploadedFile("bo.jpg", b"\xff\xd8\xff\xe0 broken", content_type="image/jpeg"), "bị hỏng"),
    ],
)
def test_a_bad_photo_is_refused_and_nothing_changes(client, officer, commitment, upload, message):
    inspection = first_visit(commitment)
    client.force_login(officer)
    r = client.post(record_url(inspection), visit_data(inspection) | {"photos": [upload]})
    body = r.content.decode()
    assert r.status_code == 200 and message in body
    assert "Bò khỏe, chuồng sạch" in body  # what the officer typed is kept
    inspection.refresh_from_db()
    assert inspection.status == "planned" and not InspectionPhoto.objects.exists()


@pytest.mark.parametrize(
    ("days", "message"), [(1, "không được sau hôm nay"), (-400, "không được trước ngày bàn giao")]
)
def test_a_visit_dated_in_the_future_or_before_the_handover_is_refused(
    client, officer, commitment, days, message
):
    inspection = first_visit(commitment)
    client.force_login(officer)
    day = timezone.localdate() + dt.timedelta(days=days)
    r = client.post(record_url(inspection), visit_data(inspection, done_on=day.isoformat()))
    assert message in r.content.decode()
    assert Inspection.objects.get(pk=inspection.pk).status == "planned"


def test_a_dead_cow_leaves_the_balance_and_the_books_still_reconcile(client, officer, commitment):
    inspection = first_visit(commitment)
    client.force_login(officer)
    client.post(record_url(inspection), visit_data(inspection, status="dead", result="khong_dat"))
    lines = list(HandoverLine.objects.filter(household=commitment.household))
    totals = balances.reconcile(lines)
    assert totals.delivered == 1 and totals.in_use == 0 and totals.dead_or_lost == 1 and totals.balanced


def test_the_next_visit_is_pre_filled_from_the_last(client, officer, commitment):
    inspection = first_visit(commitment)
    client.force_login(officer)
    client.post(
        record_url(inspection),
        visit_data(inspection, status="sick", result="theo_doi", member_present="Chị Lan"),
    )
    second = commitment.inspections.filter(status="planned").order_by("due_on").first()
    body = client.get(record_url(second)).content.decode()
    assert 'value="Chị Lan"' in body
    assert 'value="sick" selected' in body
    assert "đã điền sẵn theo lần kiểm tra ngày" in body


@pytest.mark.parametrize(
    "person", ["village_head", "bcd_member", "supervisor", "upper_viewer"], indirect=True
)
def test_only_commune_staff_record_inspections(client, person, commitment):
    inspection = first_visit(commitment)
    client.force_login(person)
    assert client.post(record_url(inspection), visit_data(inspection)).status_code == 403
    assert client.get(inspection.get_absolute_url()).status_code == 200  # everyone in scope reads it


def test_another_commune_gets_404(client, other_officer, commitment):
    inspection = first_visit(commitment)
    client.force_login(other_officer)
    assert client.get(record_url(inspection)).status_code == 404
    assert client.get(inspection.get_absolute_url()).status_code == 404


def test_the_blank_form_lists_the_households_items(client, officer, commitment):
    client.force_login(officer)
    r = client.get(reverse("inspections:commitment_blank_form", args=[commitment.pk]))
    text = text_of(r.content if not r.streaming else b"".join(r.streaming_content))
    assert commitment.household.head_name in text and "PV-001" in text and "Thất lạc" in text
    assert commitment.clauses[0][:30] in text


def test_a_suspected_breach_from_the_village_becomes_an_adhoc_inspection(client, village_head, commitment):
    client.force_login(village_head)
    r = client.post(
        reverse("inspections:monitoring_note", args=[commitment.household_id]),
        {
            "observed_on": timezone.localdate().isoformat(),
            "text": "Nghe nói hộ đã bán bò",
            "suspected_breach": "on",
        },
    )
    assert r.status_code == 302
    adhoc = Inspection.objects.get(kind="adhoc")
    assert adhoc.household == commitment.household and "đã bán bò" in adhoc.reason
    assert adhoc.assigned_to is not None


def test_the_front_supervisor_writes_notes_but_not_inspections(client, supervisor, commitment):
    client.force_login(supervisor)
    r = client.post(
        reverse("inspections:monitoring_note", args=[commitment.household_id]),
        {
            "observed_on": timezone.localdate().isoformat(),
            "text": "Giám sát: hộ chăm sóc tốt",
        },
    )
    assert r.status_code == 302
    assert not Inspection.objects.filter(kind="adhoc").exists()


def test_a_random_sample_is_reproducible_from_its_seed(approved, handed_over, officer):
    from inspections.models import Commitment

    commitments = list(Commitment.objects.filter(project=approved))
    assert services.sample(commitments, 2, 42) == services.sample(list(reversed(commitments)), 2, 42)
    picked = services.plan_adhoc_sample(
        approved, by=officer, size=2, seed=42, due_on=timezone.localdate(), reason="Đột xuất"
    )
    assert [i.commitment for i in picked] == services.sample(commitments, 2, 42)


def test_closing_a_round_issues_the_report_for_the_bcd(client, officer, commitment, handed_over):
    inspection = first_visit(commitment)
    client.force_login(officer)
    client.post(
        record_url(inspection),
        visit_data(inspection, status="sold", result="khong_dat", findings="Hộ đã bán bò"),
    )
    r = client.post(
        reverse("inspections:round_list"),
        {
            "name": "Đợt kiểm tra quý",
            "kind": "adhoc",
            "team": "Nguyễn Thị Thu Hà – Trưởng đoàn",
            "project": handed_over.project_id,
            "sample_size": 2,
            "seed": 7,
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": timezone.localdate().isoformat(),
        },
    )
    assert r.status_code == 302
    from inspections.models import InspectionRound

    round_ = InspectionRound.objects.get()
    assert round_.inspections.count() == 2
    inspection.round = round_
    inspection.save(update_fields=["round"])
    r = client.post(
        reverse("inspections:round_close", args=[round_.pk]),
        {"version": round_.version, "issued_on": timezone.localdate().isoformat()},
    )
    doc = register.current_for(round_).get()
    assert doc.kind.code == "bao_cao"
    text = text_of(register.read(doc))
    assert "Đợt kiểm tra quý" in text and "Hộ đã bán bò" in text and commitment.household.head_name in text
