"""Step 1: the commune opens a round and announces it to the villages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import LegalDocument, Round


def round_data(component, *villages, **overrides):
    today = timezone.localdate()
    return {
        "name": "Đợt 2 năm 2026",
        "component": component.pk,
        "year": today.year,
        "deadline": (today + dt.timedelta(days=20)).isoformat(),
        "villages": [v.pk for v in villages],
        "plan_number": "45/KH-UBND",
        "plan_date": "10/01/2026",
        "plan_issuer": "UBND thành phố Huế",
        "plan_summary": "Kế hoạch thực hiện Chương trình MTQG giảm nghèo bền vững năm 2026",
        "envelope_central": "300.000.000",
        "envelope_local": "50.000.000",
        "bcd_direction_date": today.isoformat(),
        "bcd_direction": "Ưu tiên hộ nghèo dân tộc thiểu số.",
    } | overrides


@pytest.mark.parametrize("person", ["officer", "leader"], indirect=True)
def test_commune_staff_open_a_round_citing_the_upper_plan(client, person, component, village_a):
    client.force_login(person)
    r = client.post(reverse("projects:round_create"), round_data(component, village_a))
    round_ = Round.objects.get()
    assert r.status_code == 302 and r.url == round_.get_absolute_url()
    assert round_.status == Round.Status.DRAFT
    assert round_.plan_document.number == "45/KH-UBND"
    assert round_.plan_document.kind == LegalDocument.Kind.PLAN
    assert dict(round_.envelopes.values_list("source", "amount")) == {
        "central": 300_000_000,
        "local": 50_000_000,
    }
    page = client.get(round_.get_absolute_url()).content.decode()
    assert "300.000.000" in page and "Ưu tiên hộ nghèo dân tộc thiểu số." in page


@pytest.mark.parametrize(
    "person", ["bcd_member", "village_head", "supervisor", "upper_viewer"], indirect=True
)
def test_other_roles_cannot_open_a_round(client, person, component, village_a):
    client.force_login(person)
    assert client.post(reverse("projects:round_create"), round_data(component, village_a)).status_code == 403
    assert not Round.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"villages": []}, "Chọn ít nhất một thôn."),
        ({"envelope_central": "", "envelope_local": ""}, "Nhập kinh phí của đợt theo ít nhất một nguồn vốn."),
        ({"envelope_central": "ba trăm triệu"}, "Số tiền không hợp lệ"),
        ({"plan_issuer": ""}, "Kế hoạch mới cần đủ số, ngày ban hành"),
        ({"deadline": "31/02/2026"}, "Ngày không hợp lệ"),
    ],
)
def test_bad_round_input_gets_a_vietnamese_message(client, officer, component, village_a, overrides, message):
    client.force_login(officer)
    r = client.post(reverse("projects:round_create"), round_data(component, village_a, **overrides))
    assert r.status_code == 200
    assert message in r.content.decode()
    assert not Round.objects.exists()


def test_a_deadline_already_past_is_refused(client, officer, component, village_a):
    """A round whose deadline has passed could never take a proposal: the officer is told so."""
    client.force_login(officer)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    r = client.post(reverse("projects:round_create"), round_data(component, village_a, deadline=yesterday))
    assert r.status_code == 200
    assert "Hạn gửi đề xuất đã qua" in r.content.decode()
    assert not Round.objects.exists()


def test_a_round_past_its_deadline_is_not_announced(client, officer, make_round, village_a):
    round_ = make_round(villages=[village_a], publish=False)
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(officer)
    r = client.post(reverse("projects:round_publish", args=[round_.pk]), follow=True)
    assert "đã qua: sửa hạn trước khi thông báo tới thôn" in r.content.decode()
    round_.refresh_from_db()
    assert round_.status == Round.Status.DRAFT


def test_editing_a_round_keeps_its_past_deadline(client, officer, open_round, component, village_a):
    """Notes can still be corrected after the deadline passed without inventing a new one."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Round.objects.filter(pk=open_round.pk).update(deadline=yesterday)
    client.force_login(officer)
    data = round_data(component, village_a, name=open_round.name, deadline=yesterday, notes="Đã hết hạn")
    client.post(reverse("projects:round_edit", args=[open_round.pk]), data)
    open_round.refresh_from_db()
    assert open_round.notes == "Đã hết hạn"


def test_villages_of_another_commune_cannot_be_chosen(client, officer, component, other_village):
    client.force_login(officer)
    r = client.post(reverse("projects:round_create"), round_data(component, other_village))
    assert r.status_code == 200 and not Round.objects.exists()


def test_publishing_puts_the_round_in_the_village_heads_work_list(
    client, officer, village_head, village_head_b, make_round, village_a
):
    round_ = make_round(villages=[village_a], publish=False)
    client.force_login(village_head)
    assert round_.name not in client.get(reverse("home")).content.decode()
    assert client.get(round_.get_absolute_url()).status_code == 404  # not announced yet
    client.force_login(officer)
    client.post(reverse("projects:round_publish", args=[round_.pk]))
    round_.refresh_from_db()
    assert round_.status == Round.Status.PUBLISHED
    client.force_login(village_head)
    home = client.get(reverse("home")).content.decode()
    assert f"Đợt triển khai mới: {round_.name}" in home
    page = client.get(round_.get_absolute_url()).content.decode()
    assert "Lập đề xuất cho Thôn Hà Thượng" in page
    client.force_login(village_head_b)  # village B is not in this round
    assert round_.name not in client.get(reverse("home")).content.decode()
    assert client.get(round_.get_absolute_url()).status_code == 404


def test_publishing_twice_is_refused(client, officer, open_round):
    client.force_login(officer)
    r = client.post(reverse("projects:round_publish", args=[open_round.pk]), follow=True)
    assert "Đợt triển khai này đã được thông báo." in r.content.decode()


def test_round_of_another_commune_is_404(client, other_officer, open_round):
    client.force_login(other_officer)
    assert client.get(open_round.get_absolute_url()).status_code == 404
    assert client.post(reverse("projects:round_publish", args=[open_round.pk])).status_code == 404
    assert client.get(reverse("projects:round_edit", args=[open_round.pk])).status_code == 404


def test_officer_edits_the_envelope(client, officer, open_round, component, village_a):
    client.force_login(officer)
    data = round_data(component, village_a, name=open_round.name, envelope_central="450.000.000")
    client.post(reverse("projects:round_edit", args=[open_round.pk]), data)
    assert open_round.envelopes.get(source="central").amount == 450_000_000
