"""The permission matrix: every URL of the project × every persona × objects inside and outside
the persona's scope, against ONE table of expected answers (`TABLE` below).

Personas: the officer, leader, BCĐ member and Front supervisor of Xã Phú Vinh, the heads of its
villages A (Hà Thượng) and B (Hà Trữ), the province's upper viewer, an officer of ANOTHER commune
(Xã Phú Hồ, moved to another province here so the upper viewer has something outside its scope),
the administrator, and anonymous.

Targets: each URL is requested against objects of village A, of village B and of the other commune
(X); commune-level objects (rounds, accounts, commune settings) against our commune (C, or K for
commune papers a village head does not see) and X; URLs without an id once ("-"). The target also
fills the ids a POST carries in its form (the village of a new household, the household added to
a project...), so a form field that refers to another object is checked with the same table.

Every cell runs inside a savepoint that is rolled back, so cells do not see each other's writes.
A POST is sent with a VALID payload: where the table says it succeeds ("done") something is
written; every refused cell (403, 404, 405, login, "form" = the form again) writes nothing: no row
in any table, no audit entry.

A URL pattern without a row fails `test_every_url_has_a_row`, which says what to add.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from giamngheo import services as core_services
from giamngheo.documents import pdf as pdf_module
from giamngheo.documents import register
from giamngheo.models import Role
from households import services as household_services
from households.models import Category, Member
from projects import services, services_life
from projects.models import FundingSource, LegalDocument, Project, RuleSet
from tests.conftest import PASSWORD
from tests.giamngheo.test_url_surface import ROUTES, Route
from tests.projects.conftest import (  # noqa: F401  (fixtures this module builds its world with)
    COUNTERPART,
    COW,
    bcd_fields,
    component,
    make_project,
    make_round,
    open_round,
    post,
    rules,
)

# ---- personas and what they see -------------------------------------------------------------------

PERSONAS = ("anon", "officer", "leader", "bcd", "supervisor", "head_a", "head_b", "upper", "other", "admin")
SIGNED_IN = frozenset(PERSONAS) - {"anon"}
COMMUNE = frozenset({"officer", "leader", "bcd", "supervisor"})

# who can see an object of each target (outside: 404)
SEES = {
    "A": COMMUNE | {"head_a", "upper", "admin"},  # village A of our commune
    "B": COMMUNE | {"head_b", "upper", "admin"},  # village B of our commune
    "C": COMMUNE | {"head_a", "head_b", "upper", "admin"},  # our commune (rounds, accounts)
    "K": COMMUNE | {"upper", "admin"},  # our commune's own papers (no village head)
    "X": frozenset({"other", "admin"}),  # the other commune, in another province
    "-": frozenset(PERSONAS),  # no object (anonymous only reaches public pages)
}
VILLAGE_TARGETS = ("A", "B", "X")
COMMUNE_TARGETS = ("C", "X")


@dataclass(frozen=True)
class May:
    """A named profile: who may by role; `scope_first` when the view fetches (404) before it checks
    the role (403)."""

    name: str
    who: frozenset[str]
    scope_first: bool = False
    outside: object = 404  # the answer out of scope ("form": a posted id the form refuses)
    everywhere: bool = False  # no scope: every commune's page is open to it

    def expect(self, persona: str, target: str, ok):
        in_role, sees = persona in self.who, self.everywhere or persona in SEES[target]
        if self.scope_first:
            return ok if sees and in_role else (self.outside if not sees else 403)
        return ok if in_role and sees else (403 if not in_role else self.outside)

    def refusing_ids(self) -> May:
        """The same, where the target's ids travel in the form: out of scope, the form refuses."""
        return May(self.name + ", ids in the form", self.who, self.scope_first, "form")


STAFF_ROLES = frozenset({"officer", "leader", "other", "admin"})  # commune officer and leader
HEADS = frozenset({"head_a", "head_b", "admin"})

EVERYONE = May("everyone, signed in or not", frozenset(PERSONAS))
PUBLIC_PAGE = May("a public page: everyone, every commune", frozenset(PERSONAS), everywhere=True)
ANYONE = May("anyone signed in; scope decides", SIGNED_IN)
STAFF = May("commune staff (officer, leader)", STAFF_ROLES)
STAFF_AFTER_FETCH = May("commune staff, checked after the fetch", STAFF_ROLES, scope_first=True)
LEADER = May("commune leader", frozenset({"leader", "admin"}))
EDITORS = May("commune staff and village heads", STAFF_ROLES | HEADS)
EDITORS_AFTER_FETCH = May("commune staff and village heads, after the fetch", STAFF_ROLES | HEADS, True)
VILLAGE_HEAD = May("village head", HEADS)
BCD = May("BCĐ member and leader", frozenset({"bcd", "leader", "admin"}))
COUNCIL_ROLES = May("evaluation council: officer, leader, BCĐ member", STAFF_ROLES | {"bcd"})
ADMIN = May("administrator", frozenset({"admin"}))
READERS = May("report readers: commune roles and the upper level", STAFF_ROLES | COMMUNE | {"upper"})
PLANNERS = May("who plans monitoring missions: commune staff, the upper level", STAFF_ROLES | {"upper"})
HEADS_ONLY = ("head_a", "head_b")
NOTE_TAKERS = May("monitoring notes: staff, village heads, the Front", STAFF_ROLES | HEADS | {"supervisor"})


@dataclass(frozen=True)
class Row:
    """One URL pattern's expectations.

    targets: the objects it is requested against (see SEES); args(w, t) → the URL's kwargs;
    get/post: the profile (None: that method is refused with 405); ok_get/ok_post: the answer when
    allowed (200, 301, "pdf", "file", "302", "done" = redirected after writing, "form" = the form
    again, nothing written); cells: {(persona, target, method): answer} where a cell differs from
    its profile; method_first: the method is checked before the login (anonymous gets 405 too);
    public: anonymous is answered like everybody else. What a row sends lives in SENDS.
    """

    targets: tuple[str, ...] = ("-",)
    args: Callable | None = None
    get_targets: tuple[str, ...] | None = None  # when GET ignores the target (ids only in POSTs)
    post_targets: tuple[str, ...] | None = None  # when POST ignores it
    get: May | None = ANYONE
    post: May | None = None
    ok_get: object = 200
    ok_post: object = "done"
    cells: dict = field(default_factory=dict)
    method_first: bool = True
    public: bool = False

    def expect(self, persona: str, target: str, method: str):
        if (persona, target, method) in self.cells:
            return self.cells[(persona, target, method)]
        profile = self.get if method == "get" else self.post
        if persona == "anon" and not self.public:
            return 405 if profile is None and self.method_first else "login"
        if profile is None:
            return 405
        return profile.expect(persona, target, self.ok_get if method == "get" else self.ok_post)


# ---- the world ------------------------------------------------------------------------------------

TODAY = timezone.localdate
SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# the states a project is brought to, for the URLs that need each one
STATES = ("draft", "posted", "bcd_review", "rejected", "agreed", "upward", "approved", "implementing")
# … and on the commune approval route (Decree 358/2025): sent to the council, passed by it
COMMUNE_STATES = ("c_submitted", "c_review", "c_passed")
COUNCIL = {
    "name": "Hội đồng thẩm định dự án xã",
    "established_by": "Quyết định số 88/QĐ-UBND",
    "chair": "Trần Văn Thành",
    "secretary": "Nguyễn Thị Thu Hà",
    "members": "Trần Văn Thành – Chủ tịch\nLê Thị Mỹ Lệ – Phó Chủ tịch\nHoàng Văn Phước – MTTQ",
}


class World(dict):
    """Objects by kind and target: w["household", "A"], w["project", "draft", "X"] …"""

    def __getattr__(self, name):
        return self[name]


def _advance(project: Project, state: str, *, head, officer, leader, bcd) -> Project:
    """A draft brought to `state` through the services (as tests/projects/conftest.project_in)."""
    if state == "draft":
        return project
    project = services.submit_project(project, by=head, version=project.version)
    today = TODAY()
    if state == "c_submitted":
        return project
    if state.startswith("c_"):
        return _commune_route(project, state, officer=officer, today=today)
    services.record_posting(
        project, by=officer, posted_from=today - dt.timedelta(days=8), posted_to=today, place="Nhà văn hóa"
    )
    project.refresh_from_db()
    if state == "posted":
        return project
    project = services.send_to_bcd(project, by=officer, version=project.version)
    if state == "bcd_review":
        return project
    if state == "rejected":
        services.record_bcd_decision(
            project, by=bcd, version=project.version, **bcd_fields("reject", "Không hiệu quả")
        )
        return Project.objects.get(pk=project.pk)
    services.record_bcd_decision(project, by=bcd, version=project.version, **bcd_fields())
    project = Project.objects.get(pk=project.pk)
    if state == "agreed":
        return project
    project = services.submit_upward(project, by=officer, version=project.version, submission_date=today)
    if state == "upward":
        return project
    project = services.record_upper_decision(
        project,
        by=officer,
        version=project.version,
        approved=True,
        decision_number="125/QĐ-UBND",
        decision_date=today,
        issuer="UBND tỉnh",
        amounts={FundingSource.CENTRAL: COW["unit_price"]},
    )
    if state == "approved":
        return project
    return services.start_implementation(project, by=officer, version=project.version)


def _commune_route(project: Project, state: str, *, officer, today) -> Project:
    project = services_life.send_to_council(project, by=officer, version=project.version)
    if state == "c_review":
        return project
    services_life.record_council_review(
        project,
        by=officer,
        version=project.version,
        conclusion="pass",
        meeting_date=today,
        members_present=COUNCIL["members"],
        score=85,
    )
    project = Project.objects.get(pk=project.pk)
    # the results are posted long enough for the leader to decide
    services.record_posting(
        project, by=officer, posted_from=today - dt.timedelta(days=8), posted_to=today, place="UBND xã"
    )
    return Project.objects.get(pk=project.pk)


def _person(username, role, **place):
    return core_services.create_account(
        by=None, username=username, full_name=username.title(), password=PASSWORD, role=role, **place
    )


@pytest.fixture
def world(
    db,
    pdf_once,  # the world's own documents too: the matrix reads status codes, not their pages
    officer,
    leader,
    bcd_member,
    supervisor,
    village_head,
    village_head_b,
    upper_viewer,
    other_officer,
    admin_user,
    commune,
    village_a,
    village_b,
    other_commune,
    other_village,
    other_province,
    make_household,
    make_project,
    open_round,
    component,
):
    # the other commune sits in another province: the upper viewer's scope ends at its own
    other_commune.province = other_province
    other_commune.save(update_fields=["province"])
    for c in (commune, other_commune):  # a tờ trình names who it is sent to
        c.reports_to_name = c.reports_to_name or "UBND tỉnh"
        c.save(update_fields=["reports_to_name"])
    w = World(
        users={
            "officer": officer,
            "leader": leader,
            "bcd": bcd_member,
            "supervisor": supervisor,
            "head_a": village_head,
            "head_b": village_head_b,
            "upper": upper_viewer,
            "other": other_officer,
            "admin": admin_user,
        }
    )
    head_x = _person("truongthon.x", Role.VILLAGE_HEAD, village=other_village)
    villages = {"A": village_a, "B": village_b, "X": other_village}
    w["village"] = villages
    w["commune"] = {"C": commune, "K": commune, "X": other_commune}
    # accounts a commune's staff manage (never a persona: a reset would sign them out)
    w["account"] = {
        "C": _person("truongthon.a2", Role.VILLAGE_HEAD, village=village_a),
        "X": _person("truongthon.x2", Role.VILLAGE_HEAD, village=other_village),
    }
    heads = {"A": village_head, "B": village_head_b, "X": head_x}
    staff = {
        "A": (officer, leader, bcd_member),
        "B": (officer, leader, bcd_member),
        "X": (other_officer, admin_user, admin_user),
    }
    round_x = services.publish_round(
        services.create_round(
            other_commune,
            by=other_officer,
            villages=[other_village],
            envelopes={FundingSource.CENTRAL: 500_000_000},
            name="Đợt 1 xã Phú Hồ",
            component=component,
            year=TODAY().year,
            deadline=TODAY() + dt.timedelta(days=30),
        ),
        by=other_officer,
    )
    w["round"] = {"C": open_round, "X": round_x}
    w["draft_round"] = {
        t: services.create_round(
            c,
            by=by,
            villages=[v],
            envelopes={FundingSource.CENTRAL: 1_000_000},
            name="Đợt chưa thông báo",
            component=component,
            year=TODAY().year,
            deadline=TODAY() + dt.timedelta(days=20),
        )
        for t, c, v, by in (
            ("C", commune, village_a, officer),
            ("X", other_commune, other_village, other_officer),
        )
    }
    w["plan"] = {
        "X": LegalDocument.objects.create(
            commune=other_commune,
            kind=LegalDocument.Kind.PLAN,
            number="9/KH-UBND",
            issued_on=TODAY(),
            issuer="UBND xã Phú Hồ",
            summary="Kế hoạch của xã khác",
        )
    }
    for kind in ("household", "candidate", "joinable"):
        w[kind] = {t: make_household(village=v, head_name=f"Hộ {kind} {t}") for t, v in villages.items()}
    w["member"] = {
        t: Member.objects.create(
            household=h, full_name=f"Vợ {t}", relationship=Member.Relationship.SPOUSE, birth_year=1980
        )
        for t, h in w["household"].items()
    }
    w["classification"] = {t: h.classifications.get() for t, h in w["household"].items()}
    w["group"] = {}
    w["membership"] = {}
    for t, v in villages.items():
        group = household_services.create_group(v, by=admin_user, name=f"Tổ {t}")
        w["group"][t] = group
        w["membership"][t] = household_services.add_group_member(
            group, w["household"][t], by=admin_user, joined_on=TODAY()
        )
    # projects: one per state and target, each with one household, its items and its minutes
    w["project"] = {}
    rounds = {"A": open_round, "B": open_round, "X": round_x}
    for t, v in villages.items():
        officer_t, leader_t, bcd_t = staff[t]
        for state in STATES:
            project = make_project(
                households=1, round_=rounds[t], village=v, by=heads[t], name=f"Dự án {state} {t}"
            )
            project = services.update_project(
                project,
                by=heads[t],
                version=project.version,
                minutes=SimpleUploadedFile("bien-ban.pdf", SCAN, content_type="application/pdf"),
            )
            participant = project.participants.get()
            services.update_participant(
                participant,
                by=heads[t],
                version=None,
                scan=SimpleUploadedFile("cam-ket.pdf", SCAN, content_type="application/pdf"),
            )
            w["project"][state, t] = _advance(
                Project.objects.get(pk=project.pk),
                state,
                head=heads[t],
                officer=officer_t,
                leader=leader_t,
                bcd=bcd_t,
            )
        draft = w["project"]["draft", t]
        w.setdefault("item", {})[t] = draft.items.first()
        w.setdefault("participant", {})[t] = draft.participants.get()
        w.setdefault("complaint", {})[t] = services.record_complaint(
            draft, by=officer_t, received_on=TODAY(), complainant="Bà Lê Thị Hoa", content="Xin xem lại"
        )
        w.setdefault("posting", {})[t] = w["project"]["posted", t].postings.get()
        w.setdefault("bcd_decision", {})[t] = w["project"]["agreed", t].bcd_decisions.get()
    # the commune approval route: each round has its council and its call for proposals; the
    # seeded rule set v2 is in force while these projects are created
    for round_ in (open_round, round_x):
        services_life.save_council(round_, by=admin_user, **COUNCIL)
        services_life.issue_call(round_, by=admin_user, issued_on=TODAY())
    RuleSet.objects.filter(province__isnull=True, version=2).update(is_active=True)
    for t, v in villages.items():
        officer_t, leader_t, bcd_t = staff[t]
        for state in COMMUNE_STATES:
            project = make_project(
                households=1, round_=rounds[t], village=v, by=heads[t], name=f"Dự án {state} {t}"
            )
            assert project.route == "commune", project.rule_set
            w["project"][state, t] = _advance(
                project, state, head=heads[t], officer=officer_t, leader=leader_t, bcd=bcd_t
            )
    RuleSet.objects.filter(province__isnull=True, version=2).update(is_active=False)
    # an adjustment of the implementing project (its revision page), rounds still to call
    w["revision"] = {}
    for t in villages:
        implementing = w["project"]["implementing", t]
        revision = services_life.adjust_project(
            implementing,
            by=admin_user,
            version=implementing.version,
            decision_number="30/QĐ-UBND",
            decision_date=TODAY(),
            reason="Kéo dài thời gian",
            duration_months=30,
        )
        w["revision"][t] = revision
    w["call_round"] = {
        t: services.publish_round(
            services.create_round(
                c,
                by=admin_user,
                villages=[v],
                envelopes={FundingSource.CENTRAL: 1_000_000},
                name="Đợt chưa kêu gọi",
                component=component,
                year=TODAY().year,
                deadline=TODAY() + dt.timedelta(days=20),
            ),
            by=admin_user,
        )
        for t, c, v in (("C", commune, village_a), ("X", other_commune, other_village))
    }
    # reports: a monitoring report, a finished export and a monitoring mission in each commune
    from django.core.files.base import ContentFile

    from reports import missions as report_missions
    from reports import services as report_services
    from reports.forms import PROGRAMS
    from reports.models import ExportJob, ReportDefinition

    w["program_code"] = PROGRAMS[0][0]
    w["report"], w["job"], w["mission"], w["unit"], w["recommendation"] = {}, {}, {}, {}, {}
    for t, c, v, by in (
        ("C", commune, village_a, officer),
        ("X", other_commune, other_village, other_officer),
    ):
        w["report"][t] = report_services.create_report(
            c,
            by=by,
            kind="six_month",
            period_start=dt.date(TODAY().year, 1, 1),
            period_end=dt.date(TODAY().year, 6, 30),
            program_code=PROGRAMS[0][0],
        )
        job = ExportJob.objects.create(
            kind="bieu-02-theo-xa", requested_by=by, filename="bieu-02.xlsx", status=ExportJob.Status.DONE
        )
        job.file.save("bieu-02.xlsx", ContentFile(b"PK\x03\x04 not really a workbook"), save=True)
        w["job"][t] = job
        mission = report_missions.create_mission(
            by=by,
            commune=c,
            province_id=c.province_id,
            name="Giám sát thực hiện dự án",
            year=TODAY().year,
            starts_on=TODAY(),
            ends_on=TODAY() + dt.timedelta(days=5),
            members="Trần Văn Thành – Trưởng đoàn",
        )
        w["mission"][t] = mission
        w["unit"][t] = report_missions.add_unit(mission, by=by, commune=c, village=v)
        w["recommendation"][t] = report_missions.add_recommendation(
            w["unit"][t], by=by, text="Bổ sung sổ theo dõi", due_on=TODAY() + dt.timedelta(days=30)
        )
    w["definition"] = {"-": ReportDefinition.objects.order_by("pk").first()}
    from giamngheo.documents.models import Signatory

    w["signatory"] = {
        t: Signatory.objects.create(commune=c, full_name="Trần Văn Thành", position="CHỦ TỊCH")
        for t, c in (("C", commune), ("X", other_commune))
    }
    _follow_up(w, staff=staff, villages=villages)
    program = component.program
    w["program"] = {"-": program}
    w["component"] = {"-": component}
    # issued documents: a village's (A, B, X) and a commune-level one (K: the round's call)
    w["document"] = {"K": services_life.call_for(open_round)}
    for t, target in (("A", village_a), ("B", village_b), ("X", other_village)):
        w["document"][t] = register.issue(
            kind="thong_bao",
            target=target,
            template="reports/pdf/notice.html",
            snapshot={"paragraphs": ["Nội dung thông báo."], "on": TODAY()},
            summary="Về việc thử quyền truy cập",
            issued_on=TODAY(),
            by=admin_user,
        )
    return w


def _follow_up(w: World, *, staff, villages) -> None:
    """Handover and follow-up in each target: the approved project's cow handed over (minutes
    issued, commitments opened, inspections scheduled), a second handover left in draft, a
    recovery proposed, an inspection round."""
    from decimal import Decimal

    from inspections import services as follow_up
    from inspections.models import Commitment, Inspection

    for kind in (
        "handover",
        "draft_handover",
        "line",
        "commitment",
        "inspection",
        "recovery",
        "inspection_round",
    ):
        w[kind] = {}
    suppliers = {}
    for t, v in villages.items():
        officer = staff[t][0]
        if v.commune_id not in suppliers:
            suppliers[v.commune_id] = follow_up.create_supplier(
                v.commune,
                by=officer,
                name=f"HTX {v.commune.name}",
                tax_code="3301234567",
                address="Xã",
                representative="Trần Văn Bò",
                representative_title="Giám đốc",
            )
        project = w["project"]["approved", t]
        participant, cow = project.participants.get(), project.items.get(name=COW["name"])
        handover = follow_up.create_handover(
            project,
            by=officer,
            held_on=TODAY(),
            place="Nhà văn hóa",
            supplier=suppliers[v.commune_id],
            team_members="Nguyễn Thị Thu Hà – Cán bộ UBND xã",
            witnesses="Trưởng thôn",
        )
        line = follow_up.add_line(
            handover,
            by=officer,
            participant=participant,
            item=cow,
            quantity=Decimal(1),
            variety="Bò lai",
            identifier=f"PV-{t}",
            sex="female",
            age_months=18,
            weight_kg=Decimal("185.5"),
        )
        w["handover"][t] = follow_up.issue_handover_minutes(handover, by=officer)
        w["line"][t] = line
        w["draft_handover"][t] = follow_up.create_handover(
            project,
            by=officer,
            held_on=TODAY(),
            place="Nhà văn hóa",
            supplier=suppliers[v.commune_id],
            team_members="Nguyễn Thị Thu Hà – Cán bộ UBND xã",
            witnesses="Trưởng thôn",
        )
        commitment = Commitment.objects.filter(project=project).get()
        w["commitment"][t] = commitment
        w["inspection"][t] = Inspection.objects.filter(commitment=commitment).order_by("due_on").first()
        w["recovery"][t] = follow_up.propose_recovery(
            commitment, by=officer, line=line, reason="Bò bị bán", quantity=Decimal(1)
        )
    for t, c in (("K", villages["A"].commune), ("X", villages["X"].commune)):
        w["inspection_round"][t] = follow_up.create_round(
            c,
            by=staff["A" if t == "K" else "X"][0],
            name="Đợt kiểm tra quý",
            team="Tổ kiểm tra",
            starts_on=TODAY(),
            ends_on=TODAY() + dt.timedelta(days=30),
        )


# ---- builders of URL ids and POST payloads ----------------------------------------------------------


def pk(kind, name="pk"):
    return lambda w, t: {name: w[kind][t].pk}


def project(state, as_="pk", **more):
    """A project of the target in `state` (URL kwarg `as_`), with sub-objects {url kwarg: world kind}."""

    def build(w, t):
        return {as_: w["project"][state, t].pk} | {name: w[kind][t].pk for name, kind in more.items()}

    return build


def version(w, t, state="draft") -> int:
    return Project.objects.get(pk=w["project"][state, t].pk).version


def on_version(state, **fields):
    return lambda w, t: {"version": version(w, t, state)} | fields


def day(offset=0) -> str:
    return (TODAY() + dt.timedelta(days=offset)).isoformat()


NEW_PASSWORD = "mot-mat-khau-moi-rat-dai-2026"


def new_account(w, t):
    return {
        "full_name": "Người Mới",
        "username": f"nguoimoi.{t.lower()}",
        "role": Role.VILLAGE_HEAD,
        "village": w["village"][t].pk,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }


def household_form(w, t, household=None):
    data = {
        "village": w["village"][t].pk,
        "code": "",
        "address": "Xóm Mới",
        "area": "rural",
        "ethnicity": "Kinh",
        "phone": "",
        "poverty_cause": "",
        "notes": "",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "30",
    }
    if household is None:
        rows = [{"full_name": "Đinh Văn Mới", "relationship": Member.Relationship.HEAD, "birth": "1970"}]
    else:
        data["code"] = household.code
        data["address"] = "Xóm Đã Sửa"
        rows = [
            {
                "member": m.pk,
                "full_name": m.full_name,
                "relationship": m.relationship,
                "birth": m.birth_year or "",
            }
            for m in sorted(household.members.all(), key=lambda m: m.relationship != Member.Relationship.HEAD)
        ]
        data["members-INITIAL_FORMS"] = str(len(rows))
    data["members-TOTAL_FORMS"] = str(len(rows))
    for i, row in enumerate(rows):
        for key, value in (
            row | {"working_capacity": Member.WorkingCapacity.YES, "sex": "", "id_number": ""}
        ).items():
            data[f"members-{i}-{key}"] = value
    return data


def round_form(w, t, round_=None):
    return {
        "name": "Đợt thử quyền",
        "component": w["round"]["C"].component_id,
        "year": TODAY().year,
        "deadline": day(40),
        "villages": [w["village"][t].pk],
        "envelope_central": "100.000.000",
        "notes": "",
    }


def project_form(w, t, state=None):
    data = {
        "name": "Nuôi dê thôn",
        "model": "Nuôi dê",
        "place": "Thôn",
        "duration_months": 12,
        "expected_results": "Mỗi hộ thêm 2 con dê.",
        "meeting_date": day(),
        "meeting_attendees": 20,
        "meeting_agree_share": 90,
    }
    return data | ({"version": version(w, t, state)} if state else {})


@functools.cache
def _template_bytes() -> bytes:
    from households.importing import template_xlsx

    return template_xlsx()


def import_files(w, t):
    return {"file": SimpleUploadedFile("danh-sach.xlsx", _template_bytes())}


def adjust_form(w, t):
    project = Project.objects.get(pk=w["project"]["implementing", t].pk)
    data = {
        "version": project.version,
        "decision_number": "31/QĐ-UBND",
        "decision_date": day(),
        "reason": "Rút ngắn thời gian",
        "duration_months": 24,
        "add_household": "",
        "add_shares": 1,
    }
    data |= {f"shares_{p.pk}": p.shares for p in project.participants.all()}
    data |= {f"qty_{i.pk}": str(i.quantity_per_household) for i in project.items.all()}
    return data | {f"amount_{b.source}": b.approved_amount for b in project.budget_lines.all()}


def component_form(w, t, node=None):
    if node is None:
        return {"code": "ND-MOI", "name": "Nội dung mới", "parent": "", "order": 99, "note": ""}
    return {
        "code": node.code,
        "name": "Tên nội dung đã sửa",
        "parent": node.parent_id or "",
        "order": node.order,
        "note": "",
    }


def import_form(w, t):
    return {"commune": w["village"][t].commune_id, "village": w["village"][t].pk, "year": TODAY().year}


# ---- THE TABLE ----------------------------------------------------------------------------------------
# One row per URL pattern (its name, or its route when it has none). Read `Row` for the columns.

V, CM, KT, KX = VILLAGE_TARGETS, COMMUNE_TARGETS, ("A", "B", "K", "X"), ("K", "X")
SIGNED_IN_REDIRECT = {(p, "-", m): "302" for p in SIGNED_IN for m in ("get", "post")}

# fmt: off
TABLE: dict[str, Row] = {
    # ---- core: sign-in, accounts, villages, commune, audit
    "home": Row(post=ANYONE, ok_post=200),
    "favicon.ico": Row(get=EVERYONE, post=EVERYONE, ok_get=301, ok_post=301, public=True),
    "login": Row(get=EVERYONE, post=EVERYONE, ok_post="form", public=True, cells=SIGNED_IN_REDIRECT),
    "logout": Row(get=None, post=EVERYONE, ok_post="login", public=True),
    "password_change": Row(post=ANYONE, ok_post="302", method_first=False),
    "password_change_done": Row(method_first=False),
    "set_language": Row(get=EVERYONE, post=EVERYONE, ok_get="302", ok_post="302", public=True),
    "account_list": Row(get=STAFF, post=STAFF, ok_post=200),
    "account_create": Row(targets=V, get_targets=("-",), get=STAFF, post=STAFF.refusing_ids(), cells={("admin", "A", "post"): "done", ("admin", "B", "post"): "done"}),
    "account_reset_password": Row(targets=CM, args=pk("account"), get=STAFF, post=STAFF),
    "account_toggle_active": Row(targets=CM, args=pk("account"), get=None, post=STAFF),
    "account_unlock_login": Row(targets=CM, args=pk("account"), get=None, post=STAFF),
    "village_list": Row(post=STAFF),
    "village_edit": Row(targets=V, args=pk("village"), get=STAFF, post=STAFF),
    "commune_settings": Row(targets=CM, args=pk("commune"), get=STAFF, post=STAFF),
    "audit_list": Row(get=LEADER, post=LEADER, ok_post=200),
    # ---- households
    "households:list": Row(post=ANYONE, ok_post=200),
    "households:create": Row(targets=V, get_targets=("-",), get=EDITORS, post=EDITORS.refusing_ids()),
    "households:export": Row(get=None, post=ANYONE),  # queues a background job, then its progress page
    "households:public_list": Row(targets=V, post_targets=("-",), get=ANYONE.refusing_ids(), post=ANYONE, ok_get="pdf", ok_post=200),
    "households:detail": Row(targets=V, args=pk("household"), post=ANYONE, ok_post=200),
    "households:edit": Row(targets=V, args=pk("household"), get=EDITORS, post=EDITORS),
    "households:status": Row(targets=V, args=pk("household"), get=EDITORS, post=EDITORS),
    "households:make_head": Row(targets=V, args=lambda w, t: {"pk": w["household"][t].pk, "member_pk": w["member"][t].pk}, get=EDITORS, post=EDITORS),
    "households:classification_create": Row(targets=V, args=pk("household"), get=EDITORS, post=EDITORS),
    "households:classification_edit": Row(targets=V, args=lambda w, t: {"pk": w["household"][t].pk, "classification_pk": w["classification"][t].pk}, get=EDITORS, post=EDITORS),
    "households:import_upload": Row(targets=V, get_targets=("-",), get=EDITORS, post=EDITORS.refusing_ids(), ok_post="302"),
    "households:import_preview": Row(get=EDITORS, ok_get="302"),
    "households:import_confirm": Row(get=None, post=EDITORS, ok_post="302"),
    "households:import_template": Row(get=EDITORS, ok_get="file"),
    "households:import_refused_copy": Row(get=EDITORS, ok_get="302"),
    "households:group_list": Row(post=ANYONE, ok_post=200),
    "households:group_create": Row(targets=V, get_targets=("-",), get=EDITORS, post=EDITORS.refusing_ids()),
    "households:group_detail": Row(targets=V, args=pk("group"), post=EDITORS_AFTER_FETCH),
    "households:group_edit": Row(targets=V, args=pk("group"), get=EDITORS, post=EDITORS),
    "households:group_member_leave": Row(targets=V, args=lambda w, t: {"pk": w["group"][t].pk, "membership_pk": w["membership"][t].pk}, get=None, post=EDITORS),
    # ---- projects
    "projects:list": Row(),
    "projects:round_list": Row(),
    "projects:round_create": Row(targets=V, get_targets=("-",), get=STAFF, post=STAFF.refusing_ids(), cells={("admin", "A", "post"): "form", ("admin", "B", "post"): "form"}),
    "projects:round_detail": Row(targets=CM, args=pk("round")),
    "projects:round_edit": Row(targets=CM, args=pk("round"), get=STAFF, post=STAFF),
    "projects:round_publish": Row(targets=CM, args=pk("draft_round"), get=None, post=STAFF),
    "projects:create": Row(targets=V, args=lambda w, t: {"round_pk": w["round"]["X" if t == "X" else "C"].pk, "village_pk": w["village"][t].pk,}, get=VILLAGE_HEAD, post=VILLAGE_HEAD, cells={("head_a", "B", m): 403 for m in ("get", "post")} | {("head_b", "A", m): 403 for m in ("get", "post")}),
    # the old address of the disbursement report: a permanent redirect to reports:budget
    "projects:budget_report": Row(get=EVERYONE, post=EVERYONE, ok_get=301, ok_post=301, public=True),
    "projects:detail": Row(targets=V, args=project("draft")),
    "projects:edit": Row(targets=V, args=project("draft"), get=VILLAGE_HEAD, post=VILLAGE_HEAD),
    "projects:meeting_minutes_file": Row(targets=V, args=project("draft"), ok_get="file"),
    "projects:commitment_scan_file": Row(targets=V, args=project("draft", participant_pk="participant"), ok_get="file"),
    "projects:item_add": Row(targets=V, args=project("draft"), get=None, post=VILLAGE_HEAD),
    "projects:item_remove": Row(targets=V, args=project("draft", item_pk="item"), get=None, post=VILLAGE_HEAD),
    "projects:candidates": Row(targets=V, args=project("draft"), get=VILLAGE_HEAD),
    "projects:participant_add": Row(targets=V, args=project("draft"), get=None, post=VILLAGE_HEAD),
    "projects:participant_edit": Row(targets=V, args=project("draft", participant_pk="participant"), get=VILLAGE_HEAD, post=VILLAGE_HEAD),
    "projects:participant_remove": Row(targets=V, args=project("draft", participant_pk="participant"), get=None, post=VILLAGE_HEAD),
    "projects:submit": Row(targets=V, args=project("draft"), get=None, post=VILLAGE_HEAD),
    "projects:return": Row(targets=V, args=project("posted"), get=STAFF, post=STAFF),
    "projects:send_to_bcd": Row(targets=V, args=project("posted"), get=None, post=STAFF),
    "projects:bcd_decision": Row(targets=V, args=project("bcd_review"), get=BCD, post=BCD),
    "projects:submit_upward": Row(targets=V, args=project("agreed"), get=STAFF, post=STAFF),
    "projects:upper_decision": Row(targets=V, args=project("upward"), get=STAFF, post=STAFF),
    "projects:start": Row(targets=V, args=project("approved"), get=None, post=STAFF),
    "projects:withdraw": Row(targets=V, args=project("implementing"), get=LEADER, post=LEADER),
    "projects:posting_add": Row(targets=V, args=project("draft"), get=EDITORS, post=EDITORS),
    "projects:complaint_add": Row(targets=V, args=project("draft"), get=EDITORS, post=EDITORS),
    "projects:complaint_resolve": Row(targets=V, args=project("draft", complaint_pk="complaint"), get=EDITORS, post=EDITORS),
    "projects:disbursement_add": Row(targets=V, args=project("implementing"), get=STAFF, post=STAFF),
    "projects:proposal_pdf": Row(targets=V, args=project("draft"), ok_get="pdf"),
    "projects:commitment_pdf": Row(targets=V, args=project("draft", participant_pk="participant"), ok_get="pdf"),
    # issued documents now: these addresses redirect to the register's copy (documents:file)
    "projects:bcd_minutes_pdf": Row(targets=V, args=project("agreed", decision_pk="bcd_decision"), ok_get="302"),
    "projects:submission_pdf": Row(targets=V, args=project("upward"), ok_get="302"),
    "projects:posting_notice_pdf": Row(targets=V, args=project("posted", posting_pk="posting"), ok_get="302"),
    "projects:cancel": Row(targets=V, args=project("draft"), get=VILLAGE_HEAD, post=VILLAGE_HEAD),
    "projects:upper_return": Row(targets=V, args=project("upward"), get=STAFF, post=STAFF),
    "projects:send_to_council": Row(targets=V, args=project("c_submitted"), get=None, post=STAFF),
    "projects:council_review": Row(targets=V, args=project("c_review"), get=COUNCIL_ROLES, post=COUNCIL_ROLES),
    "projects:commune_approve": Row(targets=V, args=project("c_passed"), get=LEADER, post=LEADER),
    "projects:commune_refuse": Row(targets=V, args=project("c_passed"), get=LEADER, post=LEADER),
    "projects:adjust": Row(targets=V, args=project("implementing"), get=STAFF, post=STAFF),
    "projects:revision": Row(targets=V, args=lambda w, t: {"pk": w["project"]["implementing", t].pk, "number": w["revision"][t].number}),
    "projects:complete": Row(targets=V, args=project("implementing"), get=STAFF, post=STAFF),
    "projects:repropose": Row(targets=V, args=project("rejected"), get=VILLAGE_HEAD, post=VILLAGE_HEAD),
    "projects:round_close": Row(targets=CM, args=pk("round"), get=None, post=STAFF),
    "projects:round_call": Row(targets=CM, args=pk("call_round"), get=STAFF, post=STAFF),
    "projects:round_council": Row(targets=CM, args=pk("round"), get=STAFF, post=STAFF),
    "projects:round_call_file": Row(targets=CM, args=pk("round"), ok_get="pdf"),
    # the program tree: the administrator's alone
    "projects:program_list": Row(get=ADMIN),
    "projects:program_detail": Row(args=pk("program"), get=ADMIN),
    "projects:component_add": Row(args=pk("program"), get=ADMIN, post=ADMIN),
    "projects:component_edit": Row(args=lambda w, t: {"pk": w["program"][t].pk, "component_pk": w["component"][t].pk}, get=ADMIN, post=ADMIN),
    "projects:component_action": Row(args=lambda w, t: {"pk": w["program"][t].pk, "component_pk": w["component"][t].pk, "what": "ngung"}, get=None, post=ADMIN),
    # ---- reports
    "reports:index": Row(get=READERS),
    "reports:budget": Row(),
    "reports:table": Row(targets=CM, args=lambda w, t: {"code": "bieu-02"}, get=READERS),
    "reports:dashboard": Row(targets=CM, get=READERS),
    "reports:model_evaluation": Row(targets=CM, get=READERS),
    "reports:monitoring_create": Row(get=STAFF, post=STAFF),
    "reports:monitoring_detail": Row(targets=CM, args=pk("report"), get=READERS, post=May("commune staff, after the fetch", STAFF_ROLES, True), cells={(h, t, "post"): 403 for h in HEADS_ONLY for t in CM}),
    "reports:monitoring_preview": Row(targets=CM, args=pk("report"), get=READERS, ok_get="pdf"),
    "reports:monitoring_xlsx": Row(targets=CM, args=pk("report"), get=READERS, ok_get="file"),
    "reports:monitoring_issue": Row(targets=CM, args=pk("report"), get=None, post=STAFF),
    # not issued yet: replacing and sending it up are refused with a message (302, nothing written)
    "reports:monitoring_replace": Row(targets=CM, args=pk("report"), get=None, post=STAFF, ok_post="302"),
    "reports:monitoring_submit": Row(targets=CM, args=pk("report"), get=None, post=STAFF, ok_post="302"),
    "reports:export_start": Row(get=None, post=READERS),
    # an export is its requester's alone (the officer's in C, the other commune's officer's in X)
    "reports:export_detail": Row(targets=CM, args=pk("job"), get=May("the requester", frozenset({"officer", "other"}), True), cells={("other", "C", "get"): 404, ("officer", "X", "get"): 404} | {(p, t, "get"): 404 for p in SIGNED_IN - {"officer", "other"} for t in CM}),
    "reports:export_download": Row(targets=CM, args=pk("job"), get=May("the requester", frozenset({"officer", "other"}), True), ok_get="file", cells={("other", "C", "get"): 404, ("officer", "X", "get"): 404} | {(p, t, "get"): 404 for p in SIGNED_IN - {"officer", "other"} for t in CM}),
    "reports:mission_list": Row(get=READERS, post=PLANNERS, cells={(h, "-", "post"): 403 for h in HEADS_ONLY} | {("admin", "-", "post"): 403}),
    "reports:mission_detail": Row(targets=CM, args=pk("mission"), get=READERS, post=May("commune staff, after the fetch", STAFF_ROLES, True), cells={(h, t, "post"): 403 for h in HEADS_ONLY for t in CM}),
    "reports:recommendation_add": Row(targets=CM, args=lambda w, t: {"pk": w["mission"][t].pk, "unit_pk": w["unit"][t].pk}, get=None, post=PLANNERS, cells={("upper", "C", "post"): 403}),
    "reports:recommendation_remedy": Row(targets=CM, args=pk("recommendation"), get=None, post=STAFF),
    "reports:definition_list": Row(get=ADMIN),
    "reports:definition_edit": Row(args=pk("definition"), get=ADMIN, post=ADMIN, ok_post=200),
    "reports:public": Row(targets=CM, args=lambda w, t: {"code": w["commune"][t].code}, get=PUBLIC_PAGE, public=True),
    # ---- handover and follow-up (inspections/); "ok": allowed, answered without a refusal
    "inspections:work": Row(),
    "inspections:supplier_list": Row(get=STAFF, post=STAFF),
    "inspections:handover_create": Row(targets=V, args=project("approved", as_="project_pk"), get=STAFF, post=STAFF, ok_post="ok"),
    "inspections:project_sample": Row(targets=V, args=project("implementing", as_="project_pk"), get=STAFF, post=STAFF, ok_post="ok"),
    "inspections:handover_detail": Row(targets=V, args=pk("handover")),
    "inspections:handover_add_line": Row(targets=V, args=pk("draft_handover"), get=None, post=STAFF, ok_post="ok"),
    "inspections:handover_remove_line": Row(targets=V, args=lambda w, t: {"pk": w["handover"][t].pk, "line_pk": w["line"][t].pk}, get=None, post=STAFF, ok_post="ok"),
    "inspections:handover_issue": Row(targets=V, args=pk("draft_handover"), get=None, post=STAFF, ok_post="ok"),
    "inspections:handover_preview": Row(targets=V, args=pk("draft_handover"), ok_get="pdf"),
    "inspections:handover_household_pdf": Row(targets=V, args=lambda w, t: {"pk": w["handover"][t].pk, "household_pk": w["commitment"][t].household_id}, ok_get="pdf"),
    "inspections:handover_upload_scan": Row(targets=V, args=pk("handover"), get=None, post=STAFF, ok_post="ok"),
    # no signed scan uploaded: the file is not found even by who may see it
    "inspections:handover_scan_file": Row(targets=V, args=pk("handover"), ok_get=404),
    "inspections:handover_correct": Row(targets=V, args=pk("handover"), get=STAFF, post=STAFF, ok_post="ok"),
    "inspections:commitment_detail": Row(targets=V, args=pk("commitment")),
    "inspections:commitment_blank_form": Row(targets=V, args=pk("commitment"), ok_get="pdf"),
    "inspections:commitment_adhoc": Row(targets=V, args=pk("commitment"), get=STAFF, post=STAFF, ok_post="ok"),
    "inspections:commitment_close": Row(targets=V, args=pk("commitment"), get=STAFF, post=STAFF, ok_post="ok"),
    "inspections:recovery_propose": Row(targets=V, args=pk("commitment"), get=STAFF, post=STAFF, ok_post="ok"),
    "inspections:rotation_record": Row(targets=V, args=pk("commitment"), get=STAFF, post=STAFF, ok_post="ok"),
    "inspections:inspection_detail": Row(targets=V, args=pk("inspection")),
    "inspections:inspection_record": Row(targets=V, args=pk("inspection"), get=STAFF, post=STAFF, ok_post="ok"),
    "inspections:inspection_photo": Row(targets=V, args=lambda w, t: {"pk": w["inspection"][t].pk, "photo_pk": 1}, ok_get=404),
    "inspections:inspection_consequence": Row(targets=V, args=pk("inspection"), get=STAFF, post=STAFF, ok_post="ok"),
    "inspections:round_list": Row(post=STAFF, ok_post="ok"),
    # an inspection round is the commune's: its village heads do not see it
    "inspections:round_detail": Row(targets=KX, args=pk("inspection_round")),
    "inspections:round_close": Row(targets=KX, args=pk("inspection_round"), get=None, post=STAFF, ok_post="ok"),
    "inspections:monitoring_note": Row(targets=V, args=pk("household", "household_pk"), get=NOTE_TAKERS, post=NOTE_TAKERS, ok_post="ok"),
    "inspections:recovery_detail": Row(targets=V, args=pk("recovery")),
    "inspections:recovery_decide": Row(targets=V, args=pk("recovery"), get=None, post=LEADER, ok_post="ok"),
    "inspections:recovery_record": Row(targets=V, args=pk("recovery"), get=None, post=STAFF, ok_post="ok"),
    "inspections:recovery_settle": Row(targets=V, args=pk("recovery"), get=None, post=STAFF, ok_post="ok"),
    # ---- issued documents
    "documents:register": Row(get=READERS),
    # who may issue a notice may replace it (checked after the fetch); posted empty: the form again
    "documents:replace": Row(targets=KT, args=pk("document"), get=STAFF_AFTER_FETCH, post=STAFF_AFTER_FETCH, ok_post="form"),
    "documents:signatory_add": Row(targets=CM, args=pk("commune", "commune_pk"), get=STAFF, post=STAFF, ok_post="ok"),
    "documents:signatory_edit": Row(targets=CM, args=pk("signatory"), get=STAFF, post=STAFF, ok_post="ok"),
    "projects:bcd_meeting": Row(get=BCD, post=BCD, ok_post="ok"),
    "documents:file": Row(targets=KT, args=pk("document"), ok_get="pdf"),
}
# fmt: on


# What each row sends: POST payloads, uploaded files, GET query strings (valid ones: a refused
# request must be refused for who sent it, not for what it sent).
# fmt: off
SENDS: dict[str, dict[str, Callable]] = {
    "password_change": {"payload": lambda w, t: {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,}},
    "set_language": {"payload": lambda w, t: {"language": "en", "next": "/"}},
    "account_create": {"payload": new_account},
    "account_reset_password": {"payload": lambda w, t: {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}},
    "village_list": {"payload": lambda w, t: {"name": "Thôn Mới Lập", "kind": "thon"}},
    "village_edit": {"payload": lambda w, t: {"name": f"Thôn {t} đổi tên", "kind": "thon", "is_active": "on"}},
    "commune_settings": {"payload": lambda w, t: {"reports_to": "province", "reports_to_name": "Sở Nông nghiệp", "historical_district": "",}},
    "households:create": {"payload": household_form},
    "households:public_list": {"query": lambda w, t: {"village": w["village"][t].pk, "year": 2025}},
    "households:edit": {"payload": lambda w, t: household_form(w, t, w["household"][t])},
    "households:status": {"payload": lambda w, t: {"status": "moved", "on": day(), "note": "Chuyển vào Nam"}},
    "households:make_head": {"payload": lambda w, t: {"previous_head_relationship": "spouse"}},
    "households:classification_create": {"payload": lambda w, t: {"year": 2024, "category": Category.POOR, "confirm_disagreement": "on"}},
    "households:classification_edit": {"payload": lambda w, t: {"category": Category.NEAR_POOR, "confirm_disagreement": "on"}},
    "households:import_upload": {"payload": import_form, "files": import_files},
    "households:group_create": {"payload": lambda w, t: {"village": w["village"][t].pk, "name": "Tổ Mới", "head_name": "", "decision_number": "",}},
    "households:group_detail": {"payload": lambda w, t: {"household": w["joinable"][t].pk, "joined_on": day()}},
    "households:group_edit": {"payload": lambda w, t: {"name": f"Tổ {t} đổi tên", "head": w["household"][t].pk, "head_name": "", "decision_number": "",}},
    "households:group_member_leave": {"payload": lambda w, t: {"left_on": day()}},
    "projects:round_create": {"payload": round_form},
    "projects:round_edit": {"payload": lambda w, t: round_form(w, "A" if t == "C" else "X") | {"name": "Đợt đã sửa"}},
    "projects:create": {"payload": lambda w, t: project_form(w, t)},
    "projects:edit": {"payload": lambda w, t: project_form(w, t, "draft")},
    "projects:item_add": {"payload": on_version("draft", name="Thức ăn", unit="kg", quantity_per_household=10, unit_price="15.000", source="central")},
    "projects:item_remove": {"payload": on_version("draft")},
    "projects:participant_add": {"payload": lambda w, t: on_version("draft", shares=1)(w, t) | {"household": w["candidate"][t].pk}},
    "projects:participant_edit": {"payload": on_version("draft", shares=2, commitment_signed_on=day(), note="Hai suất")},
    "projects:participant_remove": {"payload": on_version("draft")},
    "projects:submit": {"payload": on_version("draft")},
    "projects:return": {"payload": on_version("posted", comment="Thiếu biên bản")},
    "projects:send_to_bcd": {"payload": on_version("posted")},
    "projects:bcd_decision": {"payload": lambda w, t: on_version("bcd_review")(w, t) | bcd_fields() | {"meeting_date": day()}},
    "projects:submit_upward": {"payload": on_version("agreed", submission_date=day(), number="")},
    "projects:upper_decision": {"payload": on_version("upward", outcome="approved", decision_number="7/QĐ-UBND", decision_date=day(), issuer="UBND tỉnh", amount_central=str(COW["unit_price"]))},
    "projects:start": {"payload": on_version("approved")},
    "projects:withdraw": {"payload": on_version("implementing", reason="Hộ bán bò", decision_number="15/QĐ-UBND", decision_date=day())},
    "projects:posting_add": {"payload": lambda w, t: {"posted_from": day(-3), "posted_to": day(), "place": "Nhà văn hóa thôn"}},
    "projects:complaint_add": {"payload": lambda w, t: {"received_on": day(), "complainant": "Ông Hồ Văn Nam", "content": "Nhà tôi nghèo",}},
    "projects:complaint_resolve": {"payload": lambda w, t: {"resolved_on": day(), "resolution": "Đã giải thích"}},
    "projects:disbursement_add": {"payload": lambda w, t: {"source": "central", "paid_on": day(), "amount": "1.000.000", "document": "PC 01",}},
    "projects:cancel": {"payload": on_version("draft", comment="Thôn rút đề xuất")},
    "projects:upper_return": {"payload": on_version("upward", reasons="Cấp trên đề nghị bổ sung")},
    "projects:send_to_council": {"payload": on_version("c_submitted")},
    "projects:council_review": {"payload": on_version("c_review", meeting_date=day(), members_present=COUNCIL["members"], score="85", opinions="", conclusion="pass")},
    "projects:commune_approve": {"payload": on_version("c_passed", decision_date=day(), amount_central=str(COW["unit_price"]))},
    "projects:commune_refuse": {"payload": on_version("c_passed", reasons="Không hiệu quả")},
    "projects:adjust": {"payload": adjust_form},
    "projects:complete": {"payload": on_version("implementing", accepted_on=day(), households_reached=1, outputs="Một con bò", achieved="Đạt")},
    "projects:repropose": {"payload": lambda w, t: {"round": w["round"]["X" if t == "X" else "C"].pk}},
    "projects:round_call": {"payload": lambda w, t: {"issued_on": day()}},
    "projects:round_council": {"payload": lambda w, t: COUNCIL | {"name": "Hội đồng thẩm định (kiện toàn)"}},
    "projects:component_add": {"payload": component_form},
    "projects:component_edit": {"payload": lambda w, t: component_form(w, t, w["component"][t])},
    "reports:table": {"query": lambda w, t: {"commune": w["commune"][t].pk}},
    "reports:dashboard": {"query": lambda w, t: {"commune": w["commune"][t].pk}},
    "reports:model_evaluation": {"query": lambda w, t: {"commune": w["commune"][t].pk}},
    "reports:monitoring_create": {"payload": lambda w, t: {"kind": "six_month", "program_code": w["program_code"], "period_start": f"{TODAY().year - 1}-07-01", "period_end": f"{TODAY().year - 1}-12-31",}},
    "reports:monitoring_detail": {"payload": lambda w, t: dict.fromkeys(("direction", "funding_text", "results", "policies", "difficulties", "causes", "recommendations"), "Nội dung")},
    "reports:monitoring_issue": {"payload": lambda w, t: {"issued_on": day()}},
    "reports:monitoring_replace": {"payload": lambda w, t: {"issued_on": day(), "reason": "Sai số liệu"}},
    "reports:monitoring_submit": {"payload": lambda w, t: {"submitted_on": day(), "channel": "paper", "submitted_to": "UBND tỉnh"}},
    "reports:export_start": {"payload": lambda w, t: {"start": f"{TODAY().year}-01-01", "end": day()}},
    "reports:mission_list": {"payload": lambda w, t: {"name": "Đoàn giám sát mới", "year": TODAY().year, "starts_on": day(), "ends_on": day(3), "members": "Lê Thị Mỹ Lệ – Trưởng đoàn",}},
    "reports:mission_detail": {"payload": lambda w, t: {"commune": w["commune"][t].pk, "village": "", "method": "field", "visited_on": day(), "findings": "Tốt",}},
    "reports:recommendation_add": {"payload": lambda w, t: {"text": "Công khai danh sách", "due_on": day(10)}},
    "reports:recommendation_remedy": {"payload": lambda w, t: {"remedied_on": day(), "remedy": "Đã bổ sung", "evidence": "Sổ theo dõi số 1"}},
    "inspections:supplier_list": {"payload": lambda w, t: {"name": "HTX Mới", "tax_code": "3309999999", "address": "Xã", "representative": "Lê Văn Giống", "representative_title": "Giám đốc"}},
}
# fmt: on


# ---- running the cells --------------------------------------------------------------------------------

BY_NAME = {route.name: route for route in ROUTES}
CONVERTER_RE = re.compile(r"<(?:\w+:)?(?P<name>\w+)>")
REFUSED = {403, 404, 405, "login", "form"}


def _tables() -> list[str]:
    return sorted(
        {
            m._meta.db_table
            for m in apps.get_models(include_auto_created=True)
            if m._meta.managed and not m._meta.proxy and m._meta.app_label != "sessions"
        }
    )


def fingerprint() -> dict[str, int]:
    """What has been written to every table (sessions aside), in one query. On PostgreSQL the
    rows this transaction inserted, updated or deleted per table (pg_stat_xact_user_tables: an
    update counts too, and nothing is scanned); elsewhere the tables' row counts."""
    tables = _tables()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
                " WHERE relname = ANY(%s)",
                [tables],
            )
            return dict.fromkeys(tables, 0) | dict(cursor.fetchall())
        quoted = (connection.ops.quote_name(t) for t in tables)
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {t})" for t in quoted))
        return dict(zip(tables, cursor.fetchone(), strict=True))


def path_of(route: Route, kwargs: dict) -> str:
    return "/" + CONVERTER_RE.sub(lambda m: str(kwargs[m["name"]]), route.route)


def judge(expected, response, wrote: list[str]) -> str | None:
    """Why the answer is not the expected one (None when it is)."""
    status = response.status_code
    location = response.get("Location", "")
    kind = response.get("Content-Type", "")
    to_login = status == 302 and location.startswith("/dang-nhap/")
    ok = {
        "login": to_login,
        "302": status == 302 and not to_login,
        "done": status == 302 and not to_login and bool(wrote),
        "form": status == 200 and kind.startswith("text/html"),
        "pdf": status == 200 and kind == "application/pdf",
        "file": status == 200 and not kind.startswith("text/html"),
        "ok": status in (200, 302) and not to_login,
    }.get(expected, status == expected)
    got = f"{status}" + (f" → {location}" if location else "") + (f" ({kind})" if status == 200 else "")
    if expected in REFUSED and wrote:
        return f"expected {expected} (refused), got {got} and it wrote to {', '.join(wrote)}"
    if ok:
        return None
    if expected == "done" and status == 302 and not to_login:
        got += " but wrote nothing (is the payload valid?)"
    return f"expected {expected}, got {got}"


def run_cell(client, method, path, data=None, files=None, *, count=True):
    """One request inside a savepoint that is rolled back; returns (response, tables it wrote).
    `count=False` skips counting rows, for an answer allowed to write (an export logs itself)."""
    sid = (
        client.cookies[settings.SESSION_COOKIE_NAME].value
        if settings.SESSION_COOKIE_NAME in client.cookies
        else None
    )
    before = fingerprint() if count else {}
    with transaction.atomic():
        if method == "get":
            response = client.get(path, data or {})
        else:
            response = client.post(path, (data or {}) | (files or {}))
        if os.environ.get("MATRIX_DEBUG") and response.status_code == 302:
            follow = client.get(response["Location"])
            if follow.context:
                print(path, [str(m) for m in follow.context["messages"]])
        after = fingerprint() if count else {}
        transaction.set_rollback(True)
    client.cookies.clear()
    if sid:
        client.cookies[settings.SESSION_COOKIE_NAME] = sid
    return response, [t for t in after if after[t] != before[t]]


@pytest.fixture
def pdf_once(monkeypatch):
    """WeasyPrint runs once per template, for the world's documents and the requests alike; later
    documents render their HTML (so a template error still shows) and reuse those bytes. What a
    document's pages say is tested beside each document, not here."""
    real, made = pdf_module.render_pdf, {}

    def render(template_name, context):
        if template_name not in made:
            made[template_name] = real(template_name, context)
        else:
            pdf_module.render_html(template_name, context)
        return made[template_name]

    # every module that imported the function by name, and the module itself
    for module in list(sys.modules.values()):
        if getattr(module, "render_pdf", None) is real:
            monkeypatch.setattr(module, "render_pdf", render)


@pytest.fixture
def clients(world):
    clients = {"anon": Client()}
    for persona, user in world["users"].items():
        clients[persona] = Client()
        clients[persona].force_login(user)
    return clients


# a method the URL does not take is refused before anything looks at who asks: these tell
WRONG_METHOD_PERSONAS = ("anon", "head_a", "officer", "admin")


def cells_of(name: str, row: Row):
    for method in ("get", "post"):
        targets = (row.get_targets or row.targets) if method == "get" else (row.post_targets or row.targets)
        wrong_method = (row.get if method == "get" else row.post) is None
        for target in targets:
            for persona in WRONG_METHOD_PERSONAS if wrong_method else PERSONAS:
                if persona == "anon" and target != targets[0]:
                    continue  # anonymous reaches no object: one target tells
                yield persona, target, method


def check_row(name: str, row: Row, world, clients) -> list[str]:
    route = BY_NAME[name]
    problems = []
    started = time.perf_counter()
    for persona, target, method in cells_of(name, row):
        kwargs = row.args(world, target) if row.args else {}
        path = path_of(route, kwargs)
        if method == "get":
            data = SENDS.get(name, {}).get("query", lambda w, t: None)(world, target)
            files = None
        else:
            data = SENDS.get(name, {}).get("payload", lambda w, t: {})(world, target)
            files = SENDS.get(name, {}).get("files", lambda w, t: None)(world, target)
        expected = row.expect(persona, target, method)
        count = expected in REFUSED or expected == "done"
        response, wrote = run_cell(clients[persona], method, path, data, files, count=count)
        if why := judge(expected, response, wrote):
            problems.append(f"{persona:>10} {target} {method.upper():4} {path}: {why}")
    if os.environ.get("MATRIX_DEBUG"):
        print(f"{time.perf_counter() - started:6.2f}s {name}")
    return problems


def _row_hint(route: Route) -> str:
    ids = [m["name"] for m in CONVERTER_RE.finditer(route.route)]
    if not ids:
        return "Row(get=<profile, e.g. ANYONE>, post=<profile or None for 405>, payload=<valid POST data>)"
    return (
        f"Row(targets=V, args=<builder of {', '.join(ids)} from the world>, get=<profile>, "
        "post=<profile or None for 405>, payload=<valid POST data>)"
    )


def test_every_url_has_a_row():
    missing = [r for r in ROUTES if r.name not in TABLE and not r.route.startswith("quan-tri/")]
    stale = [name for name in TABLE if name not in BY_NAME]
    hints = [f'    "{r.name}": {_row_hint(r)},' for r in missing]
    assert not missing, (
        "These URL patterns have no row in TABLE of tests/giamngheo/test_permission_matrix.py. Read "
        "each view (who may use it, what it fetches) and add its row, with a builder in `world` "
        "for any object its URL or form needs:\n" + "\n".join(hints)
    )
    assert not stale, f"TABLE has rows for URLs that no longer exist: {stale}; remove them"
    assert set(SENDS) <= set(TABLE), f"SENDS names URLs without a row: {set(SENDS) - set(TABLE)}"


def check_rows(subtests, world, clients, names) -> None:
    """Each URL is a subtest listing every cell that differs from TABLE."""
    only = os.environ.get("MATRIX_ONLY")  # while working on a row: MATRIX_ONLY=projects:edit,home
    for name in names:
        if only and name not in only.split(","):
            continue
        with subtests.test(msg=name):
            problems = check_row(name, TABLE[name], world, clients)
            assert not problems, f"{name}: cells that differ from TABLE:\n" + "\n".join(problems)


def matrix_half(k: int) -> list[str]:
    """The URLs of half k (0 or 1): the matrix runs in two tests (this file and
    test_permission_matrix_rest.py) so that two pytest-xdist workers share its 5,000-odd requests;
    each builds the world once."""
    names = sorted(TABLE)
    return names[: len(names) // 2] if k == 0 else names[len(names) // 2 :]


def test_permission_matrix(subtests, world, clients, pdf_once):
    """The first half of the URLs (the rest: test_permission_matrix_rest.py); then each URL with
    two ids is asked with ids that do not belong together."""
    check_rows(subtests, world, clients, matrix_half(0))
    if not os.environ.get("MATRIX_ONLY"):
        check_ids_belong_together(subtests, world, clients)


def check_ids_belong_together(subtests, world, clients):
    """A URL with two ids (a project and its household, a group and its membership…): the second
    taken from another object, of the same commune (B) or another (X). Even the administrator, who
    sees both, gets 404, and nothing is written."""
    admin = clients["admin"]
    for name, row in sorted(TABLE.items()):
        if row.args is None or len(row.args(world, row.targets[0])) < 2 or "X" not in row.targets:
            continue
        with subtests.test(msg=f"{name}, ids that do not belong together"):
            route, problems = BY_NAME[name], []
            method = "get" if row.get is not None else "post"
            home = row.args(world, row.targets[0])
            # a round of our commune holds both its villages: round C with village B belongs together
            others = {"X"} if name == "projects:create" else {"B", "X"} & set(row.targets)
            for other in sorted(others):
                foreign = row.args(world, other)
                for key in list(home)[1:]:
                    if foreign[key] == home[key] or not isinstance(home[key], int):
                        continue
                    path = path_of(route, home | {key: foreign[key]})
                    send = SENDS.get(name, {}).get("payload") if method == "post" else None
                    data = send(world, row.targets[0]) if send else {}
                    response, wrote = run_cell(admin, method, path, data)
                    if why := judge(404, response, wrote):
                        problems.append(f"{method.upper()} {path} ({key} of {other}): {why}")
            assert not problems, "\n".join(problems)
