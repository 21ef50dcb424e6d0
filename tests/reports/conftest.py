"""A small hand-built world for report figures, every number worked out by hand.

Round "Đợt 1" (DA3.TDA1, this year), envelopes NSTW 500 tr, NSĐP 100 tr. Households were
classified in the previous year's review (the list in force this year).

- P1 approved: 3 poor households; approved NSTW 60 tr + NSĐP 10 tr + counterpart 15 tr;
  paid NSTW 30 tr, NSĐP 10 tr, counterpart 5 tr (never state disbursement).
  This year's review: its first household escaped poverty.
- P2 implementing (model "Nuôi dê sinh sản"; the others "Nuôi bò cái sinh sản"): households
  poor, near-poor, other; approved NSTW 60 tr; paid NSTW 15 tr.
  This year's review: the poor one became near-poor (escaped poverty), the near-poor one stayed.
- P3 withdrawn after NSTW 20 tr were paid: leaves every total.
- P4 refused by the upper level: leaves every total.

Totals: approved state 130 tr (120 + 10), paid state 55 tr (45 + 10), rate 42,3 %;
2 projects; participating households 4 poor, 1 near-poor, 1 other; 2 escaped.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from households.models import Category, Classification
from projects import services as project_services
from projects.models import BudgetLine, FundingSource, Project
from reports.definitions import seed
from tests.projects.conftest import (  # noqa: F401  (fixtures)
    bcd_fields,
    component,
    make_project,
    make_round,
    open_round,
    post,
    project_in,
    rules,
)

S = Project.Status
C = FundingSource
M = 1_000_000


@pytest.fixture
def definitions(db):
    from django.apps import apps

    seed(apps)  # idempotent: the migration's rows may have been flushed


def pay(project, officer, source, amount):
    return project_services.record_disbursement(
        project, by=officer, source=source, paid_on=timezone.localdate(), amount=amount, document="PC 01"
    )


def review(household, category):
    Classification.objects.create(household=household, year=timezone.localdate().year, category=category)


@pytest.fixture
def world(project_in, officer, leader, definitions):  # noqa: F811  (the imported fixture)
    p1 = project_in(S.APPROVED, name="Nuôi bò thôn Hà Thượng")
    BudgetLine.objects.create(project=p1, source=C.LOCAL, approved_amount=10 * M)
    BudgetLine.objects.create(project=p1, source=C.COUNTERPART, approved_amount=15 * M)
    pay(p1, officer, C.CENTRAL, 30 * M)
    pay(p1, officer, C.LOCAL, 10 * M)
    pay(p1, officer, C.COUNTERPART, 5 * M)
    households = [p.household for p in p1.participants.order_by("pk")]
    review(households[0], Category.ESCAPED_POOR)

    p2 = project_in(
        S.IMPLEMENTING,
        name="Nuôi dê thôn Hà Thượng",
        model="Nuôi dê sinh sản",
        categories=[Category.POOR, Category.NEAR_POOR, Category.OTHER],
    )
    pay(p2, officer, C.CENTRAL, 15 * M)
    poor, near, _other = (p.household for p in p2.participants.order_by("pk"))
    review(poor, Category.NEAR_POOR)
    review(near, Category.NEAR_POOR)

    p3 = project_in(S.IMPLEMENTING, name="Nuôi gà (thu hồi)")
    pay(p3, officer, C.CENTRAL, 20 * M)
    p3 = project_services.withdraw_project(
        Project.objects.get(pk=p3.pk),
        by=leader,
        version=Project.objects.get(pk=p3.pk).version,
        reason="Hộ bán bò",
        decision_number="15/QĐ-UBND",
        decision_date=timezone.localdate(),
    )
    review(p3.participants.first().household, Category.ESCAPED_POOR)
    p4 = project_in(S.REFUSED, name="Trồng rừng (không duyệt)")
    return {"p1": p1, "p2": p2, "p3": p3, "p4": p4}


@pytest.fixture
def this_year():
    today = timezone.localdate()
    return dt.date(today.year, 1, 1), today
