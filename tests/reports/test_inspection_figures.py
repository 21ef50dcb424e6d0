"""The handover and inspection figures the reports print, on a small world worked out by hand.

Period: 1 January this year to today. "Before" is 31 December last year (outside the period).
Follow-up rows are written directly (the services that make them are tested in tests/inspections)
so each date, balance and status is exactly the one the sums below assume.

PA "Nuôi bò cái sinh sản", component ND-SX.CD, approved; households h1, h2, h3.
  Handover today (issued): h1 cow REFUSED; h1 cow 1 (died); h2 cow 1 (sold); h3 cows 2 (1 rotated
  out to h4); h1 material 5.  Handover before (issued): h2 cow 1 (recovered).  A draft today:
  h1 cows 4 (not handed over).  Rotation handover today: h4 cow 1 (passed on, not new support).
  Inspections: h1 FAIL before, PASS today; h2 FAIL today; h3 PASS before and today, offspring
  both times; h4 planned only.  Recoveries: R1 recorded, decided today; R2 settled, decided
  before; R3 only proposed; R4 refused.
PB "Nuôi dê sinh sản", component ND-SX.LK, approved; households g1, g2.
  Handover today: g1 goats 3; g2 goats 2 (1 died).  Inspections: g1 WATCH then PASS; g2 FAIL
  then PASS (latest) — every household "đạt" at its latest visit.
PW (ND-SX.CD, withdrawn) and PO (ND-SX.CD, another commune): a handover of 10 and 7, a failed
  inspection with offspring and a decided recovery each — never in our commune's figures.

By hand, in the period: delivered CD 1+1+2+5 = 9, LK 3+2 = 5; inspections CD 3 (h1, h2, h3
today), LK 4; breaches CD 1 (h2), LK 1 (g2); recoveries CD 1 (R1); models effective LK 1 (PB;
PA has h2 failing and h4 not inspected).  By model, all time: breaches bò 2, dê 1; recoveries
bò 2 (R1, R2); animals still with the household they were delivered to: bò 0+0+1+0 = 1,
dê 3+1 = 4; households that reported offspring: bò 1 (h3, seen twice).
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from giamngheo.documents.models import DocumentKind, IssuedDocument
from giamngheo.models import Commune
from inspections import selectors
from inspections.models import Commitment, Handover, HandoverLine, Inspection, Recovery
from projects import services as project_services
from projects.models import Component, Project
from reports import figures
from reports.figures import Period

S = Project.Status
R = Inspection.Result
BO, DE = "Nuôi bò cái sinh sản", "Nuôi dê sinh sản"
CD, LK = "ND-SX.CD", "ND-SX.LK"
# What each page costs with the follow-up figures (each figure one query), few rows or many.
DASHBOARD_QUERIES, BIEU_02_QUERIES, MODELS_QUERIES = 21, 19, 9

SERIALS = itertools.count(1)


@pytest.fixture
def period() -> Period:
    today = timezone.localdate()
    return Period(dt.date(today.year, 1, 1), today)


class Builder:
    """Handovers, lines, commitments, inspections and recoveries written as they would stand."""

    def __init__(self, officer, period: Period):
        self.officer, self.today, self.before = officer, period.end, period.start - dt.timedelta(days=1)

    def handover(self, project, *, on, kind=Handover.Kind.DELIVERY, status=Handover.Status.ISSUED):
        return Handover.objects.create(
            project=project,
            kind=kind,
            commune_id=project.commune_id,
            village_id=project.village_id,
            held_on=on,
            place="Nhà văn hóa thôn",
            team_members="Nguyễn Thị Thu Hà – Cán bộ UBND xã",
            status=status,
            created_by=self.officer,
        )

    def line(self, handover, participant=None, *, household=None, qty, kind="livestock", **fields):
        item = handover.project.items.get(name="Bò cái sinh sản")
        return HandoverLine.objects.create(
            handover=handover,
            participant=participant,
            household=household or participant.household,
            item=item,
            kind=kind,
            quantity=Decimal(qty),
            unit="con",
            unit_price=1,
            amount=qty,
            **fields,
        )

    def commitment(self, project, household, opened_by, participant=None):
        return Commitment.objects.create(
            household=household,
            project=project,
            participant=participant,
            opened_by=opened_by,
            starts_on=self.before - dt.timedelta(days=30),
            ends_on=self.today + dt.timedelta(days=700),
            inspection_interval_months=3,
        )

    def inspect(self, commitment, *, on=None, result="", offspring=""):
        done = bool(result)
        return Inspection.objects.create(
            commitment=commitment,
            household=commitment.household,
            village=commitment.household.village,
            due_on=on or self.today,
            status=Inspection.Status.DONE if done else Inspection.Status.PLANNED,
            done_on=on if done else None,
            result=result,
            offspring=offspring,
        )

    def recovery(self, commitment, line, status, decided_on=None):
        recovery = Recovery.objects.create(
            commitment=commitment,
            household=commitment.household,
            line=line,
            reason="Bán bò trái cam kết",
            quantity=1,
            status=status,
            proposed_by=self.officer,
        )
        if decided_on:
            serial = next(SERIALS)
            project = commitment.project
            IssuedDocument.objects.create(
                commune_id=project.commune_id,
                kind=DocumentKind.objects.get(code="quyet_dinh"),
                year=decided_on.year,
                serial=serial,
                number=f"{serial}/QĐ-UBND",
                issued_on=decided_on,
                title="Quyết định",
                summary="Về việc thu hồi hỗ trợ",
                issuer="UBND xã",
                target_type=ContentType.objects.get_for_model(Recovery),
                target_id=str(recovery.pk),
                target_repr=str(recovery),
                template="x.html",
                snapshot={},
                sha256="0" * 64,
                issued_by=self.officer,
            )
        return recovery

    def excluded_project(self, project):
        """A handover of 10, a failed inspection with offspring, a decided recovery."""
        participant = project.participants.order_by("pk").first()
        handover = self.handover(project, on=self.today)
        line = self.line(handover, participant, qty=10)
        commitment = self.commitment(project, participant.household, handover, participant)
        self.inspect(commitment, on=self.today, result=R.FAIL, offspring="1 bê")
        self.recovery(commitment, line, Recovery.Status.DECIDED, decided_on=self.today)
        return line


@pytest.fixture
def follow_up(
    project_in, make_round, make_household, officer, leader, other_commune, other_village, period, definitions
):
    b = Builder(officer, period)
    lk_round = make_round(component=Component.objects.get(code=LK), name="Đợt liên kết")
    pa = project_in(S.APPROVED, name="Nuôi bò thôn Hà Thượng")
    pb = project_in(S.APPROVED, name="Nuôi dê thôn Hà Thượng", model=DE, round_=lk_round)
    h1, h2, h3 = pa.participants.order_by("pk")
    handover = b.handover(pa, on=b.today)
    b.line(handover, h1, qty=1, refused=True, refusal_reason="Bò gầy")
    b.line(handover, h1, qty=1, out_dead=1)
    b.line(handover, h2, qty=1, out_sold=1)
    rotated = b.line(handover, h3, qty=2, out_rotated=1)
    b.line(handover, h1, qty=5, kind="material")
    earlier = b.handover(pa, on=b.before)
    recovered = b.line(earlier, h2, qty=1, out_recovered=1)
    b.line(b.handover(pa, on=b.today, status=Handover.Status.DRAFT), h1, qty=4)
    h4 = make_household(head_name="Hộ nhận luân chuyển")
    rotation = b.handover(pa, on=b.today, kind=Handover.Kind.ROTATION)
    b.line(rotation, household=h4, qty=1, came_from=rotated)
    c1, c2, c3 = (b.commitment(pa, p.household, handover, p) for p in (h1, h2, h3))
    c4 = b.commitment(pa, h4, rotation)
    b.inspect(c1, on=b.before, result=R.FAIL)
    b.inspect(c1, on=b.today, result=R.PASS)
    b.inspect(c2, on=b.today, result=R.FAIL)
    b.inspect(c3, on=b.before, result=R.PASS, offspring="1 bê cái")
    b.inspect(c3, on=b.today, result=R.PASS, offspring="1 bê cái, 3 tháng")
    b.inspect(c4)  # planned: not an inspection yet
    b.recovery(c2, recovered, Recovery.Status.RECOVERED, decided_on=b.today)
    b.recovery(c3, rotated, Recovery.Status.SETTLED, decided_on=b.before)
    b.recovery(c1, recovered, Recovery.Status.PROPOSED)
    b.recovery(c1, recovered, Recovery.Status.REJECTED)

    g1, g2, _g3 = pb.participants.order_by("pk")  # g3 got nothing yet: no commitment
    goats = b.handover(pb, on=b.today)
    b.line(goats, g1, qty=3, variety="Dê Bách Thảo")
    b.line(goats, g2, qty=2, out_dead=1, variety="Dê Bách Thảo")
    d1, d2 = (b.commitment(pb, p.household, goats, p) for p in (g1, g2))
    b.inspect(d1, on=period.start, result=R.WATCH)
    b.inspect(d1, on=b.today, result=R.PASS)
    b.inspect(d2, on=period.start, result=R.FAIL)
    b.inspect(d2, on=b.today, result=R.PASS)

    pw = project_in(S.IMPLEMENTING, name="Nuôi bò (đã thu hồi dự án)")
    b.excluded_project(pw)
    project_services.withdraw_project(
        Project.objects.get(pk=pw.pk),
        by=leader,
        version=Project.objects.get(pk=pw.pk).version,
        reason="Hộ không còn nhu cầu",
        decision_number="15/QĐ-UBND",
        decision_date=b.today,
    )
    po = project_in(S.APPROVED, name="Nuôi bò xã bạn")
    Project.objects.filter(pk=po.pk).update(commune=other_commune, village=other_village)
    b.excluded_project(Project.objects.get(pk=po.pk))
    return {"pa": pa, "pb": pb, "c4": c4, "d2": d2}


def test_our_states_are_the_reports_approved_states():
    assert selectors.COUNTED_STATES == figures.APPROVED_STATES


def test_every_component_figure_by_hand(follow_up, commune, period):
    ours = [commune.pk]
    args = (ours, period.start, period.end)
    assert selectors.items_delivered_by_component(*args) == {CD: 9, LK: 5}
    assert selectors.inspections_by_component(*args) == {CD: 3, LK: 4}
    assert selectors.breaches_by_component(*args) == {CD: 1, LK: 1}
    assert selectors.recoveries_by_component(*args) == {CD: 1}
    assert selectors.models_effective_by_component(*args) == {LK: 1}
    assert figures.inspection_totals(ours, period) == {
        "items_delivered": 14,
        "inspections": 7,
        "breaches": 2,
        "recoveries": 1,
        "models_effective": 1,
    }


def test_every_model_figure_by_hand(follow_up, commune):
    ours = [commune.pk]
    assert selectors.breaches_by_model(ours) == {BO: 2, DE: 1}
    assert selectors.recoveries_by_model(ours) == {BO: 2}
    assert selectors.animals_surviving_by_model(ours) == {BO: 1, DE: 4}
    assert selectors.offspring_by_model(ours) == {BO: 1}


def test_the_other_commune_has_its_own_figures(follow_up, other_commune, period):
    theirs = [other_commune.pk]
    args = (theirs, period.start, period.end)
    assert selectors.items_delivered_by_component(*args) == {CD: 10}
    assert selectors.inspections_by_component(*args) == {CD: 1}
    assert selectors.breaches_by_component(*args) == {CD: 1}
    assert selectors.recoveries_by_component(*args) == {CD: 1}
    assert selectors.models_effective_by_component(*args) == {}
    assert selectors.animals_surviving_by_model(theirs) == {BO: 10}
    assert selectors.offspring_by_model(theirs) == {BO: 1}


def test_a_period_before_the_year_sees_only_what_happened_then(follow_up, commune, period):
    before = period.start - dt.timedelta(days=1)
    args = ([commune.pk], before, before)
    assert selectors.items_delivered_by_component(*args) == {CD: 1}
    assert selectors.inspections_by_component(*args) == {CD: 2}
    assert selectors.breaches_by_component(*args) == {CD: 1}
    assert selectors.recoveries_by_component(*args) == {CD: 1}
    # h3 passed then, but h1 failed and h2 was not visited: PA is not shown effective.
    assert selectors.models_effective_by_component(*args) == {}


def test_a_project_is_effective_once_every_household_passed_at_its_latest_visit(follow_up, commune, period):
    args = ([commune.pk], period.start, period.end)
    Inspection.objects.filter(commitment__project=follow_up["pa"], result=R.FAIL, done_on=period.end).update(
        result=R.PASS
    )
    assert selectors.models_effective_by_component(*args) == {LK: 1}  # h4 is still not inspected
    Builder(None, period).inspect(follow_up["c4"], on=period.end, result=R.PASS)
    assert selectors.models_effective_by_component(*args) == {CD: 1, LK: 1}
    Builder(None, period).inspect(follow_up["d2"], on=period.end, result=R.WATCH)  # the latest now
    assert selectors.models_effective_by_component(*args) == {CD: 1}


def test_bieu_02_shows_the_figures_instead_of_a_dash(client, follow_up, officer):
    client.force_login(officer)
    page = client.get(reverse("reports:table", args=["bieu-02"])).content.decode()
    # Only the empty row 1.3's disbursement rate (nothing approved) is left without a figure.
    assert page.count('class="num missing"') == 1
    from tests.reports.test_exporters import bieu02, row_named

    table = bieu02(follow_up["pa"].commune, (dt.date(timezone.localdate().year, 1, 1), timezone.localdate()))
    shown = {
        stt: tuple(row_named(table, stt)[k] for k in figures.INSPECTION_FIGURES) for stt in ("1.1", "1.2")
    }
    assert shown == {"1.1": (9, 3, 1, 1, 0), "1.2": (5, 4, 1, 0, 1)}


def test_dashboard_and_public_page_show_the_figures(client, follow_up, officer, commune):
    client.force_login(officer)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert "chưa có số liệu theo dõi bàn giao" not in page
    for label, value in (
        ("Hàng hóa, vật tư đã bàn giao", 14),
        ("Số cuộc kiểm tra", 7),
        ("Vi phạm phát hiện", 2),
        ("Thu hồi", 1),
    ):
        assert f"<dt>{label}</dt><dd>{value}</dd>" in page
    client.logout()
    public = client.get(reverse("reports:public", args=[commune.code])).content.decode()
    assert "Hàng hóa, vật tư đã bàn giao: 14" in public and "Số cuộc kiểm tra: 7" in public


def test_model_evaluation_shows_breaches_and_recoveries(client, follow_up, officer):
    client.force_login(officer)
    page = client.get(reverse("reports:model_evaluation")).content.decode()
    assert "Nuôi dê sinh sản" in page
    assert "—" not in page.split("<tbody", 1)[1].split("</tbody>", 1)[0]


@pytest.mark.parametrize("extra", [0, 6])
def test_each_figure_is_one_query_however_many_rows(
    follow_up, commune, officer, period, extra, django_assert_num_queries
):
    b = Builder(officer, period)
    pa = follow_up["pa"]
    for n in range(extra):
        participant = pa.participants.order_by("pk")[n % 3]
        handover = b.handover(pa, on=b.today)
        line = b.line(handover, participant, qty=1, out_dead=n % 2)
        commitment = Commitment.objects.get(household=participant.household, project=pa)
        b.inspect(commitment, on=b.today, result=R.FAIL, offspring="bê")
        b.recovery(commitment, line, Recovery.Status.DECIDED, decided_on=b.today)
    for measure in figures.INSPECTION_FIGURES:
        with django_assert_num_queries(1):
            figure = figures.inspection_figure(measure, [commune.pk], period)
        assert figure
    for measure in figures.MODEL_INSPECTION_FIGURES:
        with django_assert_num_queries(1):
            assert figures.model_inspection_figure(measure, [commune.pk])
    assert figures.inspection_figure("items_delivered", [commune.pk], period)[CD] == 9 + extra
    assert figures.inspection_figure("recoveries", [commune.pk], period)[CD] == 1 + extra


@pytest.mark.parametrize("extra", [0, 6])
def test_report_pages_cost_the_same_however_many_follow_up_rows(
    client, follow_up, officer, period, extra, django_assert_max_num_queries
):
    b = Builder(officer, period)
    pb = follow_up["pb"]
    for n in range(extra):
        participant = pb.participants.order_by("pk")[n % 2]
        handover = b.handover(pb, on=b.today)
        line = b.line(handover, participant, qty=2)
        commitment = Commitment.objects.get(household=participant.household, project=pb)
        b.inspect(commitment, on=b.today, result=R.FAIL)
        b.recovery(commitment, line, Recovery.Status.DECIDED, decided_on=b.today)
    client.force_login(officer)
    for url, budget in (
        (reverse("reports:dashboard"), DASHBOARD_QUERIES),
        (reverse("reports:table", args=["bieu-02"]), BIEU_02_QUERIES),
        (reverse("reports:model_evaluation"), MODELS_QUERIES),
    ):
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200


def test_model_evaluation_puts_each_years_breaches_on_its_own_row(follow_up, commune, make_round, period):
    """PA moved to next year's round, PB made a cow model too: cows have two year rows, whose
    breaches (PA 2, PB 1) and recoveries (PA 2) add up to the model's row, not its total on each."""
    from reports.exporters import ModelEvaluationExporter
    from tests.reports.test_exporters import cells_by_key

    year = period.end.year
    later = make_round(year=year + 1, name="Đợt năm sau")  # the program starts in 2026: not year - 1
    Project.objects.filter(pk=follow_up["pa"].pk).update(round=later)
    Project.objects.filter(pk=follow_up["pb"].pk).update(model=BO)
    assert selectors.breaches_by_model([commune.pk], by_year=True) == {(BO, year + 1): 2, (BO, year): 1}
    table = ModelEvaluationExporter(Commune.objects.filter(pk=commune.pk), period).table()
    rows = {r["cells"][1]: cells_by_key(table, n) for n, r in enumerate(table["rows"])}
    assert (rows[f"Năm {year + 1}"]["breaches"], rows[f"Năm {year + 1}"]["recoveries"]) == (2, 2)
    assert (rows[f"Năm {year}"]["breaches"], rows[f"Năm {year}"]["recoveries"]) == (1, 0)
    assert (rows["Tổng cộng"]["breaches"], rows["Tổng cộng"]["recoveries"]) == (3, 2)
