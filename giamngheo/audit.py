"""The audit trail: every change made through the app is attributable.

Services call `record()` inside their transaction, once per change.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from giamngheo.models import AuditEntry, Commune, User

# Reading personal data out of the app: every export or print of a list of people, and every
# time a full ID number is shown. The commune leader filters the trail on these.
EXPORT_ACTION = "personal_data.exported"
ID_NUMBER_ACTION = "personal_data.id_number_viewed"
PERSONAL_DATA_ACTIONS = (EXPORT_ACTION, ID_NUMBER_ACTION)


def _commune_id_of(obj: models.Model) -> int | None:
    """The commune a changed object belongs to: its own, or that of the village, household or
    project it hangs from (a model with another path may define `audit_commune_id`)."""
    for attr in ("audit_commune_id", "commune_id"):
        value = getattr(obj, attr, None)
        if value:
            return value
    for parent in ("village", "household", "project"):
        if getattr(type(obj), parent, None) is not None and (owner := getattr(obj, parent, None)) is not None:
            return owner.commune_id
    return None


def plain(value: Any) -> Any:
    """A JSON-safe form of a field value, readable in the trail."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: plain(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(actor: User | None, obj: models.Model, action: str, *, in_commune=None, **data: Any) -> AuditEntry:
    """Write one audit entry: who (`actor`), what (`action` on `obj`), with `data`.

    The entry belongs to the commune of `obj` (or `in_commune`, for objects such as accounts
    that have no place of their own), so the commune's leader finds it in their trail.
    """
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=ContentType.objects.get_for_model(obj),
        target_id=str(obj.pk),
        target_repr=str(obj)[:250],
        commune_id=in_commune.pk if in_commune is not None else _commune_id_of(obj),
        data=plain(data),
    )


def record_many(
    actor: User | None, action: str, items: Iterable[tuple[models.Model, dict[str, Any]]], *, in_commune=None
) -> list[AuditEntry]:
    """`record()` for many objects of one model at once (an import): one INSERT per thousand.

    `items` yields `(obj, data)`; each entry belongs to its object's commune like `record`'s.
    """
    entries = []
    content_types: dict[type, ContentType] = {}
    actor = actor if actor is not None and actor.is_authenticated else None
    for obj, data in items:
        model = type(obj)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(obj)
        entries.append(
            AuditEntry(
                actor=actor,
                action=action,
                target_type=content_types[model],
                target_id=str(obj.pk),
                target_repr=str(obj)[:250],
                commune_id=in_commune.pk if in_commune is not None else _commune_id_of(obj),
                data=plain(data),
            )
        )
    return AuditEntry.objects.bulk_create(entries, batch_size=1000)


def record_export(
    actor: User | None,
    what: str,
    *,
    place: models.Model,
    rows: int,
    filters: dict[str, Any] | None = None,
    id_numbers: bool = False,
) -> AuditEntry:
    """Log that `actor` took personal data out of the app: `what` (a code such as
    "households.xlsx"), from which `place` (village, commune or the user for a wider scope),
    with which `filters`, how many `rows`, and whether full ID numbers were in it."""
    return record(
        actor,
        place,
        EXPORT_ACTION,
        in_commune=place if isinstance(place, Commune) else None,
        what=what,
        rows=rows,
        filters={k: v for k, v in (filters or {}).items() if v not in (None, "", [], ())},
        id_numbers=id_numbers,
    )


def entries_for(obj: models.Model):
    """The audit entries about one object, newest first."""
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk)
    ).select_related("actor")
