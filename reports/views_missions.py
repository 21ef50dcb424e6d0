"""Monitoring missions: the plan, each unit's findings and recommendations, and their remedy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from giamngheo import access
from giamngheo.models import Commune, Role, Village
from reports import missions
from reports.forms import MissionForm, RecommendationForm, RemedyForm, UnitForm
from reports.models import MonitoringMission


def _organiser(user):
    """(province id, commune or None) a new mission of this user belongs to."""
    scope = access.scope_of(user)
    if provinces := scope.province_ids({Role.UPPER_VIEWER}):
        return min(provinces), None
    commune = (
        access.communes_for(user, "mission.plan")
        .filter(pk__in=scope.commune_ids(access.COMMUNE_STAFF))
        .first()
    )
    if commune is None:
        raise PermissionDenied
    return commune.province_id, commune


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("report.view")
def mission_list(request):
    can_plan = access.has_role(request.user, *access.ACTIONS["mission.plan"])
    form = MissionForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not can_plan:
            raise PermissionDenied
        if form.is_valid():
            province_id, commune = _organiser(request.user)
            try:
                mission = missions.create_mission(
                    by=request.user, commune=commune, province_id=province_id, **form.cleaned_data
                )
            except missions.MissionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Đã lập đoàn giám sát."))
                return redirect(mission)
    open_recommendations = missions.open_recommendations_for(request.user, "report.view")
    return render(
        request,
        "reports/mission_list.html",
        {
            "missions": missions.missions_for(request.user).order_by("-starts_on")[:50],
            "form": form,
            "can_plan": can_plan,
            "overdue": open_recommendations.filter(due_on__lt=timezone.localdate()).count(),
        },
    )


def _scope_of_mission(mission: MonitoringMission):
    communes = (
        Commune.objects.filter(pk=mission.commune_id)
        if mission.commune_id
        else Commune.objects.filter(province_id=mission.province_id)
    )
    return communes.order_by("name"), Village.objects.filter(commune__in=communes).order_by("name")


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("report.view")
def mission_detail(request, pk: int):
    mission = get_object_or_404(missions.missions_for(request.user), pk=pk)
    can_plan = missions.may_plan(request.user, mission)
    communes, villages = _scope_of_mission(mission)
    unit_form = UnitForm(request.POST or None, communes=communes, villages=villages)
    if request.method == "POST":
        if not can_plan:
            raise PermissionDenied
        if unit_form.is_valid():
            try:
                missions.add_unit(mission, by=request.user, **unit_form.cleaned_data)
            except missions.MissionError as error:
                unit_form.add_error(None, str(error))
            else:
                messages.success(request, _("Đã thêm đơn vị được giám sát."))
                return redirect(mission)
    units = mission.units.select_related("commune", "village").prefetch_related("recommendations")
    remedy_communes = (
        set(access.communes_for(request.user, "mission.remedy").values_list("pk", flat=True))
        if access.has_role(request.user, *access.ACTIONS["mission.remedy"])
        else set()
    )
    return render(
        request,
        "reports/mission_detail.html",
        {
            "mission": mission,
            "units": units,
            "unit_form": unit_form,
            "can_plan": can_plan,
            "recommendation_form": RecommendationForm(),
            "remedy_form": RemedyForm(initial={"remedied_on": timezone.localdate()}),
            "remedy_communes": remedy_communes,
            "today": timezone.localdate(),
        },
    )


@require_POST
@login_required
@access.action_required("mission.plan")
def recommendation_add(request, pk: int, unit_pk: int):
    mission = get_object_or_404(missions.missions_for(request.user), pk=pk)
    unit = get_object_or_404(mission.units, pk=unit_pk)
    form = RecommendationForm(request.POST)
    if form.is_valid():
        try:
            missions.add_recommendation(unit, by=request.user, **form.cleaned_data)
        except missions.MissionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã ghi kiến nghị."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(mission)


@require_POST
@login_required
@access.action_required("mission.remedy")
def recommendation_remedy(request, pk: int):
    recommendation = get_object_or_404(missions.open_recommendations_for(request.user, "report.view"), pk=pk)
    form = RemedyForm(request.POST)
    if form.is_valid():
        try:
            missions.report_remedy(recommendation, by=request.user, **form.cleaned_data)
        except missions.MissionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã báo cáo khắc phục kiến nghị."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(recommendation.unit.mission)
