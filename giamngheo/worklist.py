"""The home page's work list ("Việc cần làm"): what waits for this user.

Each feature contributes a provider: a function (user) -> list[WorkItem]. An app registers its
providers from its AppConfig.ready() with `worklist.register(provider)`; the core names no app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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


Provider = Callable[[User], list[WorkItem]]
PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider (once: registering the same function again is a no-op). Usable as a decorator."""
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def items_for(user: User) -> list[WorkItem]:
    items: list[WorkItem] = []
    for provider in PROVIDERS:
        items.extend(provider(user))
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
