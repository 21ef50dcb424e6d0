"""State changes of the core: accounts, villages, commune settings. Each one audits itself."""

from __future__ import annotations

from django.db import transaction

from giamngheo import audit
from giamngheo.access import forget_scope
from giamngheo.models import ROLE_SCOPE, Commune, Role, RoleAssignment, User, Village
from giamngheo.text import clean


@transaction.atomic
def create_account(
    *,
    by: User | None,
    username: str,
    full_name: str,
    password: str,
    role: str,
    commune: Commune | None = None,
    village: Village | None = None,
    province=None,
    phone: str = "",
    position: str = "",
) -> User:
    """Create a person with one role at one place. Writes an audit entry."""
    user = User(username=username, full_name=clean(full_name), phone=phone, position=clean(position))
    user.set_password(password)
    user.save()
    assignment = assign_role(user, role, by=by, commune=commune, village=village, province=province)
    audit.record(by, user, "account.created", in_commune=assignment.commune, role=role, place=str(assignment))
    return user


@transaction.atomic
def assign_role(
    user: User, role: str, *, by: User | None, commune=None, village=None, province=None
) -> RoleAssignment:
    """Give `user` a role at a place (nothing happens if they hold it there already).

    Writes an audit entry naming who gave it, in the place's commune.
    """
    scope = ROLE_SCOPE[Role(role)]
    if scope == "village":
        commune = village.commune
    place = {
        "commune": {"commune": commune},
        "village": {"commune": commune, "village": village},
        "province": {"province": province},
        "none": {},
    }[scope]
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, **place)
    forget_scope(user)
    if created:
        audit.record(
            by, user, "account.role_assigned", in_commune=assignment.commune, role=role, place=str(assignment)
        )
    return assignment


@transaction.atomic
def reset_password(user: User, *, by: User, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(by, user, "account.password_reset", in_commune=_home_commune(user))


@transaction.atomic
def set_account_active(user: User, *, by: User, active: bool) -> None:
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(by, user, "account.unlocked" if active else "account.locked", in_commune=_home_commune(user))


@transaction.atomic
def unlock_login(user: User, *, by: User) -> int:
    """Lift the login lockout of `user` (too many wrong passwords) before its cool-off ends.

    Clears the failed attempts of that username from every address. Returns how many records were
    cleared; writes an audit entry in the user's commune.
    """
    from axes.utils import reset

    cleared = reset(username=user.username)
    audit.record(by, user, "account.login_unlocked", in_commune=_home_commune(user), cleared=cleared)
    return cleared


def _home_commune(user: User) -> Commune | None:
    assignment = user.role_assignments.filter(commune__isnull=False).select_related("commune").first()
    return assignment.commune if assignment else None


@transaction.atomic
def create_village(commune: Commune, *, by: User | None, name: str, kind: str = Village.Kind.THON) -> Village:
    village = Village.objects.create(commune=commune, name=clean(name), kind=kind)
    audit.record(by, village, "village.created", name=village.name)
    return village


def apply_changes(obj, *, by: User | None, action: str, fields: dict) -> dict:
    """Set `fields` on `obj`, save only those, and audit {field: [old, new]} if anything changed.

    Text is NFC-normalised and trimmed. Call inside the caller's transaction. Returns the changes.
    """
    names = list(fields)
    before = audit.snapshot(obj, names)
    for name, value in fields.items():
        setattr(obj, name, clean(value) if isinstance(value, str) else value)
    obj.save(update_fields=names)
    changes = audit.diff(before, audit.snapshot(obj, names))
    if changes:
        audit.record(by, obj, action, changes=changes)
    return changes


@transaction.atomic
def update_village(village: Village, *, by: User, **fields) -> Village:
    apply_changes(village, by=by, action="village.updated", fields=fields)
    return village


@transaction.atomic
def update_commune_settings(commune: Commune, *, by: User, **fields) -> Commune:
    apply_changes(commune, by=by, action="commune.settings_updated", fields=fields)
    return commune
