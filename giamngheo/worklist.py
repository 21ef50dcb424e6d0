"""The home page's work list ("Việc cần làm"): what waits for this user.

Each feature contributes a provider: a function (user) -> list[WorkItem]. Providers live
beside their feature; this list names them so the home page asks each in turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from giamngheo import access
from giamngheo.models import Role, RoleAssignment, User


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    count: int | None = None
    detail: str = ""
    urgent: bool = False


PROVIDERS = [
    "giamngheo.worklist.core_items",
    "households.worklist.items",
    "projects.worklist.items",
    "reports.worklist.items",
]


def items_for(user: User) -> list[WorkItem]:
    items: list[WorkItem] = []
    for dotted in PROVIDERS:
        module_name, func_name = dotted.rsplit(".", 1)
        module = import_module(module_name)
        items.extend(getattr(module, func_name)(user))
    return items


def core_items(user: User) -> list[WorkItem]:
    items = []
    if access.has_role(user, *access.ACTIONS["account.manage"]):
        villages = access.villages_for(user, "account.manage").filter(is_active=True)
        headless = villages.exclude(
            Exists(
                RoleAssignment.objects.filter(
                    village=OuterRef("pk"), role=Role.VILLAGE_HEAD, user__is_active=True
                )
            )
        )
        if count := headless.count():
            items.append(
                WorkItem(
                    title=_("Thôn/tổ chưa có tài khoản trưởng thôn"),
                    url=reverse("account_create"),
                    count=count,
                    detail=", ".join(v.name for v in headless[:5]),
                )
            )
    return items
