"""What waits after approval, on the home page (work list) and on the project and household pages."""

from __future__ import annotations

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from giamngheo import access
from giamngheo.worklist import WorkItem
from inspections import balances, selectors
from inspections.models import Commitment, Handover, Inspection, Recovery, Rotation


def items(user) -> list[WorkItem]:
    result: list[WorkItem] = []
    today = timezone.localdate()
    work_url = reverse("inspections:work")
    if access.has_role(user, *access.ACTIONS["inspection.record"]):
        week_end = selectors.week_end(today)
        mine = selectors.inspections_for(user).filter(
            status=Inspection.Status.PLANNED, commitment__status="open", assigned_to=user
        )
        counts = mine.aggregate(
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            oldest=Min("due_on"),
            week=Count("pk", filter=Q(due_on__gte=today, due_on__lte=week_end)),
        )
        if counts["overdue"]:
            result.append(
                WorkItem(
                    title=_("Kiểm tra quá hạn"),
                    url=f"{work_url}?inspector={user.pk}",
                    count=counts["overdue"],
                    detail=_("Quá hạn lâu nhất %(days)s ngày") % {"days": (today - counts["oldest"]).days},
                    urgent=True,
                )
            )
        if counts["week"]:
            result.append(
                WorkItem(
                    title=_("Kiểm tra đến hạn tuần này"),
                    url=f"{work_url}?inspector={user.pk}",
                    count=counts["week"],
                )
            )
    if access.has_role(user, *access.ACTIONS["recovery.decide"]):
        waiting = selectors.recoveries_for(user).filter(status=Recovery.Status.PROPOSED)
        if count := waiting.count():
            result.append(
                WorkItem(
                    title=_("Đề xuất thu hồi hỗ trợ của hộ chờ quyết định"),
                    url=work_url,
                    count=count,
                    urgent=True,
                )
            )
    if access.has_role(user, *access.ACTIONS["rotation.record"]):
        due = (
            selectors.commitments_for(user)
            .filter(status="open", rotation_due_on__lte=today + timezone.timedelta(days=30))
            .exclude(Exists(Rotation.objects.filter(commitment=OuterRef("pk"))))
        )
        if count := due.count():
            result.append(
                WorkItem(title=_("Hộ đến hạn luân chuyển"), url=f"{work_url}#rotations", count=count)
            )
    if access.has_role(user, *access.ACTIONS["handover.manage"]):
        drafts = selectors.handovers_for(user).filter(status=Handover.Status.DRAFT)
        if count := drafts.count():
            result.append(
                WorkItem(title=_("Biên bản bàn giao đang lập, chưa ban hành"), url=work_url, count=count)
            )
    return result


def project_panel(request, project) -> str:
    """Handover progress on the project page: balance per household and item, sessions."""
    if project.status not in ("approved", "implementing") and not project.handovers.exists():
        return ""
    user = request.user
    balance = balances.project_balance(project)
    handovers = list(
        selectors.handovers_for(user)
        .filter(project=project)
        .select_related("supplier")
        .order_by("held_on", "pk")
    )
    can_manage = access.can(user, "handover.manage", village=project.village)
    return render_to_string(
        "inspections/_project_panel.html",
        {
            "project": project,
            "balance": balance,
            "handovers": handovers,
            "can_manage": can_manage,
            "can_plan": access.can(user, "inspection.plan", village=project.village),
        },
        request=request,
    )


def household_panel(request, household) -> str:
    """Support received, commitments and inspections on the household page."""
    user = request.user
    lines = list(balances.household_lines(household))
    commitments = list(
        selectors.commitments_for(user)
        .filter(household=household)
        .select_related("project")
        .order_by("-starts_on")
    )
    visits = list(
        selectors.inspections_for(user)
        .filter(household=household)
        .exclude(status=Inspection.Status.CANCELLED)
        .select_related("assigned_to")
        .order_by("-due_on")[:12]
    )
    return render_to_string(
        "inspections/_household_panel.html",
        {
            "household": household,
            "lines": lines,
            "totals": balances.reconcile(lines),
            "commitments": commitments,
            "visits": visits,
            "today": timezone.localdate(),
            "can_note": access.can(user, "monitoring.note", village=household.village),
        },
        request=request,
    )


__all__ = ["Commitment"]
