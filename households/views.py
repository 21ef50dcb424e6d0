from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from giamngheo import access, audit
from giamngheo.htmx import partial
from giamngheo.text import search_key
from households.models import Household


def households_for(user):
    return Household.objects.filter(access.place_q(user)).select_related("village")


@login_required
def household_list(request):
    households = (
        households_for(request.user).with_current_classification().order_by("village__name", "head_name")
    )
    if q := request.GET.get("q", "").strip():
        households = households.filter(search_key__contains=search_key(q))
    page = Paginator(households, 50).get_page(request.GET.get("page"))
    return render(
        request, partial(request, "households/household_list.html", "table"), {"page": page, "q": q}
    )


@login_required
def household_detail(request, pk: int):
    household = get_object_or_404(households_for(request.user), pk=pk)
    return render(
        request,
        "households/household_detail.html",
        {
            "household": household,
            "members": household.members.all(),
            "classifications": household.classifications.select_related("standard"),
            "history": audit.entries_for(household)[:50],
            "show_id": access.can(request.user, "household.view_id_number", village=household.village),
        },
    )
