from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from giamngheo import access


def nav(request):
    """What the navigation offers this user (asked of access, like the views)."""

    def compute() -> dict[str, bool]:
        user = request.user
        return {
            "accounts": access.has_role(user, *access.ACTIONS["account.manage"]),
            "audit": access.has_role(user, *access.ACTIONS["audit.view"]),
            "register": access.has_role(user, *access.ACTIONS["document.register"]),
            "reports": access.has_role(user, *access.ACTIONS["report.view"]),
            "programs": access.can(user, "program.manage"),
        }

    return {"perms_nav": SimpleLazyObject(compute)}
