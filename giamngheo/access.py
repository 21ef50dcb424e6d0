"""What may this user see and do? The one place that answers it.

Views fetch only through these helpers. Something outside the user's scope is a 404 (it looks
the same as something that does not exist); an action the user's role may not take is a 403.

Scope is computed once per request from the user's role assignments and cached on the user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from giamngheo.models import Commune, Role, RoleAssignment, User, Village

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

R = Role

# Staff who run the commune's work; the leader also signs and issues.
COMMUNE_STAFF = frozenset({R.COMMUNE_OFFICER, R.COMMUNE_LEADER})
# Everyone tied to one commune (reads its data).
COMMUNE_ROLES = frozenset({R.COMMUNE_OFFICER, R.COMMUNE_LEADER, R.BCD_MEMBER, R.FRONT_SUPERVISOR})
READ_ONLY_ROLES = frozenset({R.FRONT_SUPERVISOR, R.UPPER_VIEWER})

# Action → roles that may take it (within their place). The administrator may do everything.
# Later features add their actions here, so the table stays the one answer.
ACTIONS: dict[str, frozenset[str]] = {
    "place.view": frozenset(R.values),
    "village.manage": COMMUNE_STAFF,
    "account.manage": COMMUNE_STAFF,
    "audit.view": frozenset({R.COMMUNE_LEADER}),
    "household.view": frozenset(R.values),
    "household.edit": COMMUNE_STAFF | {R.VILLAGE_HEAD},
    "household.import": COMMUNE_STAFF | {R.VILLAGE_HEAD},
    "household.view_id_number": COMMUNE_STAFF | {R.VILLAGE_HEAD},
    "group.edit": COMMUNE_STAFF | {R.VILLAGE_HEAD},
    # the public list as a numbered notice of the UBND xã (households/public_notice.py)
    "household.publish_list": COMMUNE_STAFF,
    # support projects (projects/): who takes each step of the workflow
    "project.view": frozenset(R.values),
    "round.manage": COMMUNE_STAFF,
    "project.propose": frozenset({R.VILLAGE_HEAD}),
    "project.check": COMMUNE_STAFF,
    "project.bcd_decide": frozenset({R.BCD_MEMBER, R.COMMUNE_LEADER}),
    "project.submit_upward": COMMUNE_STAFF,
    "project.record_decision": COMMUNE_STAFF,
    "project.withdraw": frozenset({R.COMMUNE_LEADER}),
    "project.posting": COMMUNE_STAFF | {R.VILLAGE_HEAD},
    "project.disburse": COMMUNE_STAFF,
    # commune approval (Decree 358/2025): who records the evaluation council's work, who sets
    # the council up, who signs the approval decision for the UBND xã
    "project.council": frozenset({R.COMMUNE_OFFICER, R.COMMUNE_LEADER, R.BCD_MEMBER}),
    "project.commune_approve": frozenset({R.COMMUNE_LEADER}),
    "round.call": COMMUNE_STAFF,
    # a project's life after approval
    "project.adjust": COMMUNE_STAFF,
    "project.complete": COMMUNE_STAFF,
    # the program tree (reference data): administrators only
    "program.manage": frozenset(),
    # issued documents (giamngheo/documents/): read them where one may read what they belong to
    "document.view": frozenset(R.values),
    "document.register": COMMUNE_ROLES | {R.UPPER_VIEWER},
    "document.signatories": COMMUNE_STAFF,
    # after approval (inspections/): handover, commitments, inspections, recovery, rotation
    "handover.view": frozenset(R.values),
    "handover.manage": COMMUNE_STAFF,
    "supplier.manage": COMMUNE_STAFF,
    "commitment.close": COMMUNE_STAFF,
    "inspection.view": frozenset(R.values),
    "inspection.plan": COMMUNE_STAFF,
    "inspection.record": COMMUNE_STAFF,
    "monitoring.note": frozenset({R.VILLAGE_HEAD, R.FRONT_SUPERVISOR}) | COMMUNE_STAFF,
    "consequence.record": COMMUNE_STAFF,
    "recovery.propose": COMMUNE_STAFF,
    "recovery.decide": frozenset({R.COMMUNE_LEADER}),
    "rotation.record": COMMUNE_STAFF,
    # periodic reports, dashboard (reports/)
    "report.view": COMMUNE_ROLES | {R.UPPER_VIEWER},
    "report.edit": COMMUNE_STAFF,
    "report.issue": COMMUNE_STAFF,
    # report definitions (the forms' shapes): the administrator only
    "report.definitions": frozenset(),
    # monitoring missions: the upper level plans them for its communes, a commune for its villages;
    # the monitored commune reports each recommendation remedied
    "mission.plan": COMMUNE_STAFF | {R.UPPER_VIEWER},
    "mission.remedy": COMMUNE_STAFF,
}


@dataclass(frozen=True)
class Scope:
    """The places a user holds each role at."""

    is_admin: bool = False
    # role → ids of the places the role is held at
    provinces: dict[str, frozenset[int]] = field(default_factory=dict)
    communes: dict[str, frozenset[int]] = field(default_factory=dict)
    villages: dict[str, frozenset[int]] = field(default_factory=dict)
    roles: frozenset[str] = frozenset()

    def _ids(self, places: dict[str, frozenset[int]], roles: Iterable[str] | None) -> set[int]:
        wanted = places.keys() if roles is None else set(roles) & places.keys()
        return set().union(*(places[r] for r in wanted))

    def province_ids(self, roles: Iterable[str] | None = None) -> set[int]:
        return self._ids(self.provinces, roles)

    def commune_ids(self, roles: Iterable[str] | None = None) -> set[int]:
        return self._ids(self.communes, roles)

    def village_ids(self, roles: Iterable[str] | None = None) -> set[int]:
        return self._ids(self.villages, roles)


def scope_of(user: User) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return Scope()
    cached = getattr(user, "_giamngheo_scope", None)
    if cached is not None:
        return cached
    provinces: dict[str, set[int]] = {}
    communes: dict[str, set[int]] = {}
    villages: dict[str, set[int]] = {}
    roles: set[str] = set()
    for role, province_id, commune_id, village_id in RoleAssignment.objects.filter(user=user).values_list(
        "role", "province_id", "commune_id", "village_id"
    ):
        roles.add(role)
        if village_id:
            villages.setdefault(role, set()).add(village_id)
        elif commune_id:
            communes.setdefault(role, set()).add(commune_id)
        elif province_id:
            provinces.setdefault(role, set()).add(province_id)
    scope = Scope(
        is_admin=user.is_superuser or R.ADMIN in roles,
        provinces={k: frozenset(v) for k, v in provinces.items()},
        communes={k: frozenset(v) for k, v in communes.items()},
        villages={k: frozenset(v) for k, v in villages.items()},
        roles=frozenset(roles),
    )
    user._giamngheo_scope = scope
    return scope


def forget_scope(user: User) -> None:
    """Drop the cached scope after the user's roles change."""
    user.__dict__.pop("_giamngheo_scope", None)


def has_role(user: User, *roles: str) -> bool:
    scope = scope_of(user)
    return scope.is_admin or bool(scope.roles & set(roles))


def role_required(*roles: str) -> Callable:
    """403 unless the user holds one of these roles somewhere (or is an administrator)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def action_required(action: str) -> Callable:
    """403 unless one of the user's roles may take this action somewhere."""
    return role_required(*ACTIONS[action])


def place_q(
    user: User,
    village_path: str | None = "village",
    *,
    action: str = "place.view",
    commune_path: str | None = None,
) -> Q:
    """A filter that keeps rows whose place the user may act on.

    `village_path` names the lookup from the row to its Village ("village",
    "household__village"); for rows that belong to a commune only, pass `village_path=None`
    and `commune_path` ("commune", "round__commune").
    """
    scope = scope_of(user)
    if scope.is_admin:
        return Q()
    roles = ACTIONS[action]
    commune_path = commune_path or f"{village_path}__commune"
    q = Q(pk__in=[])
    if province_ids := scope.province_ids(roles):
        q |= Q(**{f"{commune_path}__province_id__in": province_ids})
    if commune_ids := scope.commune_ids(roles):
        q |= Q(**{f"{commune_path}_id__in": commune_ids})
    if village_path and (village_ids := scope.village_ids(roles)):
        q |= Q(**{f"{village_path}_id__in": village_ids})
    return q


def can(user: User, action: str, *, commune: Commune | None = None, village: Village | None = None) -> bool:
    """May the user take `action` at this place? (A village action needs `village`.)"""
    scope = scope_of(user)
    if scope.is_admin:
        return True
    roles = ACTIONS[action]
    if village is not None:
        commune_id, province_id = village.commune_id, None
        if village.pk in scope.village_ids(roles):
            return True
    else:
        if commune is None:
            return bool(scope.roles & roles)
        commune_id, province_id = commune.pk, commune.province_id
    if commune_id in scope.commune_ids(roles):
        return True
    if scope.province_ids(roles):
        if province_id is None:
            province_id = Commune.objects.filter(pk=commune_id).values_list("province_id", flat=True).first()
        return province_id in scope.province_ids(roles)
    return False


def require(user: User, action: str, **place) -> None:
    if not can(user, action, **place):
        raise PermissionDenied


# ---- places -------------------------------------------------------------------------------


def communes_for(user: User, action: str = "place.view") -> QuerySet[Commune]:
    """Communes the user may take `action` in (a village head: their village's commune)."""
    scope = scope_of(user)
    qs = Commune.objects.select_related("province")
    if scope.is_admin:
        return qs
    roles = ACTIONS[action]
    village_communes = Village.objects.filter(pk__in=scope.village_ids(roles)).values("commune_id")
    return qs.filter(
        Q(pk__in=scope.commune_ids(roles))
        | Q(province_id__in=scope.province_ids(roles))
        | Q(pk__in=village_communes)
    )


def villages_for(user: User, action: str = "place.view") -> QuerySet[Village]:
    """Villages the user may take `action` in: all of their commune's, or just their own."""
    scope = scope_of(user)
    qs = Village.objects.select_related("commune")
    if scope.is_admin:
        return qs
    roles = ACTIONS[action]
    return qs.filter(
        Q(pk__in=scope.village_ids(roles))
        | Q(commune_id__in=scope.commune_ids(roles))
        | Q(commune__province_id__in=scope.province_ids(roles))
    )


def get_commune(user: User, pk: int, action: str = "place.view") -> Commune:
    return get_object_or_404(communes_for(user, action), pk=pk)


def get_village(user: User, pk: int) -> Village:
    return get_object_or_404(villages_for(user), pk=pk)


def export_place(user: User, village: Village | None = None) -> Commune | Village | User:
    """Where an export of personal data is logged: the village it was filtered to, else the one
    commune the user works in; a user with a wider scope (province, administrator) logs it on
    their own account."""
    if village is not None:
        return village
    communes = list(communes_for(user)[:2])
    return communes[0] if len(communes) == 1 else user


def primary_commune(user: User) -> Commune | None:
    """The commune a commune-level user works in (the first, if several)."""
    return communes_for(user).order_by("name").first()


def roles_above(user: User) -> frozenset[str]:
    """Roles whose accounts this user may not create or manage: whoever resets a password can sign
    in as its owner, so an officer does not manage the leader's account (nor anyone the
    administrator's); the leader manages every account of the commune."""
    scope = scope_of(user)
    if scope.is_admin:
        return frozenset()
    if scope.commune_ids({R.COMMUNE_LEADER}):
        return frozenset({R.ADMIN})
    return frozenset({R.ADMIN, R.COMMUNE_LEADER})


def users_for(user: User) -> QuerySet[User]:
    """Accounts a commune's staff may manage: everyone holding a role in their communes, except
    accounts holding a role above theirs (`roles_above`)."""
    scope = scope_of(user)
    qs = User.objects.all()
    if scope.is_admin:
        return qs
    commune_ids = scope.commune_ids(ACTIONS["account.manage"])
    qs = qs.filter(role_assignments__commune_id__in=commune_ids)
    return qs.exclude(role_assignments__role__in=roles_above(user)).distinct()
