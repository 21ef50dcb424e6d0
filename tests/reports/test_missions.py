"""Monitoring missions: the province plans, records findings and recommendations; the commune
reports each remedied with evidence; overdue ones reach its work list and the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import MissionUnit, MonitoringMission, Recommendation


def d(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


MISSION = {
    "name": "Giám sát giải ngân vốn sự nghiệp năm 2026",
    "year": "2026",
    "starts_on": "02/11/2026",
    "ends_on": "06/11/2026",
    "members": "Đặng Quốc Việt – Trưởng đoàn\nPhạm Thị Lan – Thành viên",
}


@pytest.fixture
def mission(client, upper_viewer, commune, definitions):
    client.force_login(upper_viewer)
    client.post(reverse("reports:mission_list"), MISSION)
    mission = MonitoringMission.objects.get()
    client.post(
        mission.get_absolute_url(),
        {"commune": commune.pk, "method": "field", "visited_on": "03/11/2026", "findings": "Giải ngân chậm."},
    )
    return mission


def test_upper_viewer_plans_a_mission_with_units_and_recommendations(client, mission, upper_viewer, commune):
    assert mission.commune is None and mission.province_id == commune.province_id
    unit = MissionUnit.objects.get()
    assert (unit.commune, unit.method, unit.findings) == (commune, "field", "Giải ngân chậm.")
    due = timezone.localdate() - dt.timedelta(days=3)
    client.post(
        reverse("reports:recommendation_add", args=[mission.pk, unit.pk]),
        {"text": "Đẩy nhanh giải ngân dự án bò", "due_on": d(due)},
    )
    assert Recommendation.objects.get().due_on == due
    page = client.get(mission.get_absolute_url()).content.decode()
    assert (
        "Đẩy nhanh giải ngân dự án bò" in page
        and "Quá hạn" in page
        and "Đặng Quốc Việt – Trưởng đoàn" in page
    )


def test_a_unit_outside_the_province_is_refused(client, mission, other_province):
    from giamngheo.models import Commune

    far = Commune.objects.create(code="20194", name="Xã Hòa Bắc", division_type="xã", province=other_province)
    page = client.post(mission.get_absolute_url(), {"commune": far.pk, "method": "report"}).content.decode()
    assert "Xã này không thuộc phạm vi của đoàn." in page
    assert MissionUnit.objects.count() == 1


def test_the_commune_sees_its_overdue_remedy_and_reports_it_with_evidence(
    client, mission, officer, supervisor
):
    unit = MissionUnit.objects.get()
    rec = Recommendation.objects.create(
        unit=unit, text="Bổ sung hồ sơ cam kết", due_on=timezone.localdate() - dt.timedelta(days=1)
    )
    client.force_login(officer)
    home = client.get(reverse("home")).content.decode()
    assert "Kiến nghị của đoàn giám sát cần khắc phục" in home
    assert "1 kiến nghị quá hạn khắc phục" in client.get(reverse("reports:dashboard")).content.decode()
    url = reverse("reports:recommendation_remedy", args=[rec.pk])
    client.post(url, {"remedied_on": d(timezone.localdate()), "remedy": "Đã bổ sung", "evidence": ""})
    rec.refresh_from_db()
    assert rec.is_open  # evidence is required
    client.force_login(supervisor)
    assert (
        client.post(url, {"remedied_on": d(timezone.localdate()), "remedy": "x", "evidence": "y"}).status_code
        == 403
    )
    client.force_login(officer)
    client.post(
        url,
        {"remedied_on": d(timezone.localdate()), "remedy": "Đã bổ sung", "evidence": "Báo cáo số 12/BC-UBND"},
    )
    rec.refresh_from_db()
    assert not rec.is_open and rec.evidence == "Báo cáo số 12/BC-UBND" and rec.remedied_by == officer
    assert "Kiến nghị của đoàn giám sát cần khắc phục" not in client.get(reverse("home")).content.decode()


def test_the_commune_may_not_plan_the_province_mission(client, mission, officer, commune):
    client.force_login(officer)
    assert client.get(mission.get_absolute_url()).status_code == 200  # it may read what concerns it
    assert (
        client.post(mission.get_absolute_url(), {"commune": commune.pk, "method": "report"}).status_code
        == 403
    )


def test_a_commune_plans_a_mission_for_its_villages(client, officer, village_a, other_village, definitions):
    client.force_login(officer)
    client.post(reverse("reports:mission_list"), MISSION | {"name": "Giám sát thôn"})
    mission = MonitoringMission.objects.get()
    assert mission.commune == village_a.commune
    client.post(
        mission.get_absolute_url(),
        {"commune": village_a.commune_id, "village": village_a.pk, "method": "field"},
    )
    assert MissionUnit.objects.get().village == village_a
    page = client.post(
        mission.get_absolute_url(),
        {"commune": village_a.commune_id, "village": other_village.pk, "method": "field"},
    ).content.decode()
    assert "Thôn này không thuộc phạm vi của đoàn." in page


def test_a_neighbour_commune_does_not_see_the_mission(client, mission, other_officer):
    client.force_login(other_officer)
    assert client.get(mission.get_absolute_url()).status_code == 404


def test_bad_dates_are_refused(client, upper_viewer, definitions):
    client.force_login(upper_viewer)
    page = client.post(reverse("reports:mission_list"), MISSION | {"ends_on": "01/11/2026"}).content.decode()
    assert "Ngày kết thúc phải sau ngày bắt đầu." in page and not MonitoringMission.objects.exists()
