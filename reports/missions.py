"""Monitoring missions (đoàn giám sát): plan, record findings and recommendations, follow each
recommendation until the monitored unit reports it remedied with evidence."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from giamngheo import access, audit
from giamngheo.models import Commune, Role, User, Village
from reports.models import MissionUnit, MonitoringMission, Recommendation


class MissionError(Exception):
    """Refused; the message says why, in Vietnamese."""


def missions_for(user: User):
    """Missions the user organises or whose units are in the user's reach."""
    if access.scope_of(user).is_admin:
        # place_q's "everything" is an empty Q, which the ORs below would swallow
        return MonitoringMission.objects.select_related("province", "commune")
    q = access.place_q(user, None, commune_path="units__commune", action="report.view")
    q |= access.place_q(user, None, commune_path="commune", action="report.view")
    scope = access.scope_of(user)
    q |= Q(commune__isnull=True, province_id__in=scope.province_ids({Role.UPPER_VIEWER}))
    return MonitoringMission.objects.filter(q).distinct().select_related("province", "commune")


def may_plan(user: User, mission: MonitoringMission) -> bool:
    """A commune's own mission: its staff; a province's: its upper-level viewers."""
    scope = access.scope_of(user)
    if scope.is_admin:
        return True
    if mission.commune_id:
        return mission.commune_id in scope.commune_ids(access.COMMUNE_STAFF)
    return mission.province_id in scope.province_ids({Role.UPPER_VIEWER})


def _require_plan(user: User, mission: MonitoringMission) -> None:
    if not may_plan(user, mission):
        raise PermissionDenied


@transaction.atomic
def create_mission(*, by: User, commune: Commune | None, province_id: int, **fields) -> MonitoringMission:
    mission = MonitoringMission(commune=commune, province_id=province_id, created_by=by, **fields)
    _require_plan(by, mission)
    if mission.ends_on < mission.starts_on:
        raise MissionError(_("Ngày kết thúc phải sau ngày bắt đầu."))
    if not mission.members_list:
        raise MissionError(_("Cần ghi ít nhất một thành viên đoàn."))
    mission.save()
    audit.record(by, mission, "mission.created", name=mission.name)
    return mission


@transaction.atomic
def add_unit(
    mission: MonitoringMission, *, by: User, commune: Commune, village: Village | None, **fields
) -> MissionUnit:
    _require_plan(by, mission)
    if mission.commune_id and commune.pk != mission.commune_id:
        raise MissionError(_("Đoàn của xã chỉ giám sát các thôn của xã."))
    if not mission.commune_id and commune.province_id != mission.province_id:
        raise MissionError(_("Xã này không thuộc tỉnh của đoàn."))
    if village is not None and village.commune_id != commune.pk:
        raise MissionError(_("Thôn không thuộc xã đã chọn."))
    unit = MissionUnit.objects.create(mission=mission, commune=commune, village=village, **fields)
    audit.record(by, unit, "mission.unit_added", mission=mission.name, unit=str(unit))
    return unit


@transaction.atomic
def add_recommendation(unit: MissionUnit, *, by: User, text: str, due_on: dt.date) -> Recommendation:
    _require_plan(by, unit.mission)
    if not text.strip():
        raise MissionError(_("Cần ghi nội dung kiến nghị."))
    recommendation = Recommendation.objects.create(unit=unit, text=text.strip(), due_on=due_on)
    audit.record(by, recommendation, "mission.recommended", text=text[:120], due_on=due_on)
    return recommendation


@transaction.atomic
def report_remedy(
    recommendation: Recommendation, *, by: User, remedied_on: dt.date, remedy: str, evidence: str
) -> Recommendation:
    recommendation = (
        Recommendation.objects.select_for_update().select_related("unit__commune").get(pk=recommendation.pk)
    )
    if not access.can(by, "mission.remedy", commune=recommendation.unit.commune):
        raise PermissionDenied
    if not recommendation.is_open:
        raise MissionError(_("Kiến nghị này đã được báo cáo khắc phục."))
    if remedied_on > timezone.localdate():
        raise MissionError(_("Ngày khắc phục không được ở tương lai."))
    if not remedy.strip() or not evidence.strip():
        raise MissionError(_("Cần ghi kết quả khắc phục và minh chứng."))
    recommendation.remedied_on, recommendation.remedy, recommendation.evidence = remedied_on, remedy, evidence
    recommendation.remedied_by = by
    recommendation.save(update_fields=["remedied_on", "remedy", "evidence", "remedied_by"])
    audit.record(by, recommendation, "mission.remedied", remedied_on=remedied_on, evidence=evidence)
    return recommendation


def open_recommendations_for(user: User, action: str = "mission.remedy"):
    """Recommendations not yet remedied whose unit is in the user's communes."""
    return Recommendation.objects.filter(
        access.place_q(user, None, commune_path="unit__commune", action=action), remedied_on__isnull=True
    ).select_related("unit__mission", "unit__commune")
