"""Read helpers: what of the support projects a user may see, already scoped (out of scope = 404)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from giamngheo import access
from giamngheo.models import User
from projects.models import Disbursement, Project, Round


def rounds_for(user: User) -> QuerySet[Round]:
    """Commune people see their commune's rounds; a village head sees announced rounds that
    include their village."""
    q = access.place_q(user, None, commune_path="commune", action="project.view")
    village_ids = access.scope_of(user).village_ids(access.ACTIONS["project.view"])
    if village_ids:
        announced = Round.objects.filter(
            villages__in=village_ids, status__in=[Round.Status.PUBLISHED, Round.Status.CLOSED]
        )
        q |= Q(pk__in=announced.values("pk"))
    return Round.objects.filter(q).select_related("component", "commune")


def get_round(user: User, pk: int) -> Round:
    return get_object_or_404(rounds_for(user).select_related("plan_document"), pk=pk)


def projects_for(user: User, action: str = "project.view") -> QuerySet[Project]:
    return Project.objects.filter(access.place_q(user, "village", action=action))


def get_project(user: User, pk: int) -> Project:
    """A project the user may see, with what every project page shows."""
    return get_object_or_404(
        projects_for(user).select_related(
            "village", "commune__province", "round__component", "rule_set", "group", "created_by"
        ),
        pk=pk,
    )


def project_rows(user: User) -> QuerySet[Project]:
    """The list page's rows: one query however many projects."""
    return (
        projects_for(user)
        .select_related("village", "round__component")
        .annotate(household_count=Count("participants", distinct=True))
        .order_by("-updated_at")
    )


def disbursed_by_source(project: Project) -> dict[str, int]:
    rows = Disbursement.objects.filter(project=project).values("source").annotate(total=Sum("amount"))
    return {row["source"]: row["total"] for row in rows}


def project_list(user: User, data: dict | None = None) -> QuerySet[Project]:
    """The project list's rows, filtered by what ProjectFilterForm validated (status, round, q)."""
    rows = project_rows(user)
    data = data or {}
    if status := data.get("status"):
        rows = rows.filter(status=status)
    if round_ := data.get("round"):
        rows = rows.filter(round=round_)
    if q := data.get("q"):
        rows = rows.filter(name__icontains=q.strip())
    return rows


def participant_candidates(project: Project, q: str = "") -> QuerySet:
    """Households of the project's village it may still take: active, not yet in the project,
    matched like the registry's search and sorted in Vietnamese order."""
    from households.models import Household
    from households.selectors import household_ordering, normalise_query

    households = Household.objects.filter(village=project.village, status=Household.Status.ACTIVE).exclude(
        project_participations__project=project
    )
    if q:
        households = households.filter(search_key__contains=normalise_query(q))
    return households.order_by(*household_ordering("name"))
