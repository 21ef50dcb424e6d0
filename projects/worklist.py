"""Work-list items of support projects: what waits for this user at each step."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from giamngheo import access
from giamngheo.worklist import WorkItem
from projects.models import Project, Round, Status

# (action the user needs, status waiting for it, title, urgent). Titles are marked here and
# translated per request: gettext at import time would freeze one language.
WAITING = [
    ("project.propose", Status.RETURNED, gettext_noop("Hồ sơ dự án bị trả lại, cần bổ sung"), True),
    ("project.propose", Status.DRAFT, gettext_noop("Đề xuất dự án đang lập, chưa gửi xã"), False),
    ("project.check", Status.SUBMITTED, gettext_noop("Hồ sơ dự án chờ xã kiểm tra"), False),
    ("project.bcd_decide", Status.BCD_REVIEW, gettext_noop("Dự án chờ BCĐ cho ý kiến"), False),
    (
        "project.submit_upward",
        Status.AGREED,
        gettext_noop("Dự án BCĐ đã đồng ý, cần lập tờ trình lên cấp trên"),
        False,
    ),
    (
        "project.record_decision",
        Status.SUBMITTED_UPWARD,
        gettext_noop("Dự án chờ ghi quyết định của cấp trên"),
        False,
    ),
    # commune approval (Decree 358/2025)
    ("project.council", Status.COUNCIL_REVIEW, gettext_noop("Hồ sơ dự án chờ hội đồng thẩm định"), False),
    (
        "project.commune_approve",
        Status.COUNCIL_PASSED,
        gettext_noop("Dự án đạt thẩm định, chờ công khai kết quả và quyết định phê duyệt"),
        False,
    ),
]


def items(user) -> list[WorkItem]:
    result: list[WorkItem] = []
    list_url = reverse("projects:list")
    for action, status, title, urgent in WAITING:
        if not access.has_role(user, *access.ACTIONS[action]):
            continue
        count = Project.objects.filter(access.place_q(user, action=action), status=status).count()
        if count:
            result.append(
                WorkItem(title=_(title), url=f"{list_url}?status={status}", count=count, urgent=urgent)
            )
    if access.has_role(user, *access.ACTIONS["project.propose"]):
        result.extend(_open_rounds(user))
    return result


def _open_rounds(user) -> list[WorkItem]:
    """Announced rounds the user's villages may still propose to and have not yet."""
    village_ids = access.scope_of(user).village_ids(access.ACTIONS["project.propose"])
    if not village_ids:
        return []
    rounds = (
        Round.objects.filter(
            status=Round.Status.PUBLISHED, villages__in=village_ids, deadline__gte=timezone.localdate()
        )
        .annotate(
            mine=Count("projects", filter=access.place_q(user, "projects__village", action="project.propose"))
        )
        .filter(mine=0)
        .distinct()
        .order_by("deadline")
    )
    return [
        WorkItem(
            title=_("Đợt triển khai mới: %(name)s") % {"name": r.name},
            url=r.get_absolute_url(),
            detail=_("Hạn gửi đề xuất: %(date)s") % {"date": f"{r.deadline:%d/%m/%Y}"},
            urgent=(r.deadline - timezone.localdate()).days <= 7,
        )
        for r in rounds
    ]
