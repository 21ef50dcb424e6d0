"""Work-list items of the household registry."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from giamngheo import access
from giamngheo.worklist import WorkItem
from households.models import Household


def items(user) -> list:
    if not access.has_role(user, *access.ACTIONS["household.edit"]):
        return []
    year = timezone.localdate().year
    households = Household.objects.filter(
        access.place_q(user, action="household.edit"), status=Household.Status.ACTIVE
    )
    missing = households.exclude(classifications__year=year).count()
    if not missing:
        return []
    return [
        WorkItem(
            title=_("Hộ chưa có kết quả rà soát năm %(year)s") % {"year": year},
            url=reverse("households:list") + f"?missing_year={year}",
            count=missing,
            detail=_("Cập nhật phân loại hộ sau kỳ rà soát hằng năm."),
        )
    ]
