"""The program tree (reference data) kept by the administrator: add, edit, reorder, switch a
component off or on. Audited like every change; only `program.manage` (administrators)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from giamngheo import access, audit
from giamngheo.models import User
from giamngheo.services import apply_changes
from projects.models import Component, Program
from projects.services import WorkflowError


def _require(by: User) -> None:
    if not access.can(by, "program.manage"):
        raise WorkflowError(_("Bạn không có quyền thực hiện bước này."))


@transaction.atomic
def add_component(program: Program, *, by: User, **fields) -> Component:
    _require(by)
    component = Component.objects.create(program=program, **fields)
    audit.record(
        by, component, "component.created", program=program.code, code=component.code, name=component.name
    )
    return component


@transaction.atomic
def update_component(component: Component, *, by: User, **fields) -> Component:
    _require(by)
    component = Component.objects.select_for_update().get(pk=component.pk)
    apply_changes(component, by=by, action="component.updated", fields=fields)
    return component


@transaction.atomic
def set_component_active(component: Component, *, by: User, active: bool) -> Component:
    """Switch a component off (no new rounds under it; old rounds keep it) or back on."""
    _require(by)
    component = Component.objects.select_for_update().get(pk=component.pk)
    if component.is_active != active:
        component.is_active = active
        component.save(update_fields=["is_active"])
        audit.record(
            by, component, "component.activated" if active else "component.deactivated", code=component.code
        )
    return component


@transaction.atomic
def move_component(component: Component, *, by: User, up: bool) -> Component:
    """Swap the component's place with its neighbour among its siblings."""
    _require(by)
    siblings = list(
        Component.objects.select_for_update()
        .filter(program_id=component.program_id, parent_id=component.parent_id)
        .order_by("order", "code")
    )
    index = next(i for i, c in enumerate(siblings) if c.pk == component.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return component
    siblings[index], siblings[other] = siblings[other], siblings[index]
    base = min(c.order for c in siblings) if siblings else 0
    for position, sibling in enumerate(siblings):
        if sibling.order != base + position:
            sibling.order = base + position
            sibling.save(update_fields=["order"])
    audit.record(by, component, "component.moved", code=component.code, up=up)
    return component
