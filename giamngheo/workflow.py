"""The shared body of a workflow step, for any model with a `status` (and optionally `version`).

    MOVES = {"decide": Move(_("Quyết định thu hồi"), frozenset({"proposed"}), "decided", "recovery.decide")}
    recovery = workflow.transition(recovery, Recovery.MOVES, "decide", by=user, version=v,
                                   village=recovery.household.village, fields={...})

Every step: lock the row → check the move is allowed from the current status and the actor's
role at the object's place (`access.can`) → check the version the actor saw → change → save →
an optional event hook → audit entry `<prefix>.<move>`. A refused step raises `WorkflowError`
(with a Vietnamese message) and changes nothing. `projects/services.py` has its own copy of this
shape (`_move`) and can adopt this helper later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from giamngheo import access, audit


@dataclass(frozen=True)
class Move:
    """One allowed step: from which states, to which state, by whom (an access action)."""

    label: str
    sources: frozenset[str]
    target: str
    action: str


class WorkflowError(Exception):
    """A step that is not allowed now; the message says why, in Vietnamese."""


class Stale(WorkflowError):
    """Someone else changed the object since the actor loaded it."""


class WrongState(WorkflowError):
    """The object is not in a state where this step can be taken."""


def lock(obj: models.Model, version: int | None = None) -> models.Model:
    """Re-read `obj` under a row lock; refuse if its version moved past the one the actor saw."""
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if version is not None and hasattr(locked, "version") and int(version) != locked.version:
        raise Stale(
            _(
                "Hồ sơ vừa được người khác thay đổi (trạng thái hiện tại: %(status)s). "
                "Vui lòng xem lại trang và thực hiện lại nếu vẫn cần."
            )
            % {"status": locked.get_status_display()}
        )
    return locked


def require(by, action: str, *, village=None, commune=None) -> None:
    if not access.can(by, action, village=village, commune=commune):
        raise WorkflowError(_("Bạn không có quyền thực hiện bước này."))


def transition(
    obj: models.Model,
    moves: dict[str, Move],
    name: str,
    *,
    by,
    version: int | None = None,
    village=None,
    commune=None,
    fields: dict[str, Any] | None = None,
    prefix: str | None = None,
    data: dict[str, Any] | None = None,
    on_event: Callable[[models.Model, str, str], None] | None = None,
) -> models.Model:
    """Take move `name` of `moves` on `obj` (call inside a transaction); returns the locked, saved row."""
    step = moves[name]
    locked = lock(obj, version)
    require(by, step.action, village=village, commune=commune)
    if locked.status not in step.sources:
        raise WrongState(
            _("Không thể thực hiện “%(move)s” khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"move": step.label, "status": locked.get_status_display()}
        )
    before = locked.status
    locked.status = step.target
    changed = ["status", *(fields or {})]
    for field, value in (fields or {}).items():
        setattr(locked, field, value)
    if hasattr(locked, "version"):
        locked.version += 1
        changed.append("version")
    locked.save(update_fields=changed)
    if on_event is not None:
        on_event(locked, before, locked.status)
    prefix = prefix or locked._meta.model_name
    audit.record(by, locked, f"{prefix}.{name}", status=[before, locked.status], **(data or {}))
    return locked
