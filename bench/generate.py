"""Build a province-sized dataset in a PostgreSQL database of its own, fast (COPY).

    .venv/bin/python bench/generate.py                    # 10,000 households → gn_bench_10k
    .venv/bin/python bench/generate.py --households 1000000   # the province → gn_bench_1m
    .venv/bin/python bench/generate.py --rebuild          # drop and build again

The database (gn_bench_<size>) is created on BENCH_PG (default
postgres://postgres@127.0.0.1:5432), migrated, then filled. Nothing happens when it already
holds a dataset of that size, so `make bench` can call it every time.

Shape, per commune of 10,000 households (every size is made of such communes, so a commune's
pages compare like with like while the province grows): 10 villages, members (the head and
0–2 others), two review years of classification, 200 projects spread over every workflow
state, 20 participants each, and for the half of them that are implementing or completed a
handover of 20 lines, 20 open commitments and 3 inspections per commitment (2 done, 1 planned
around today). At 1,000,000 households: 100 communes, 20,000 projects, 200,000 handover lines,
600,000 inspections. Smaller sizes scale down (one commune below 10,000).

Rows go in with COPY, the model's defaults filled in from the model fields themselves, so a new
NOT NULL column with a default needs no change here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PER_COMMUNE = 10_000
VILLAGES_PER_COMMUNE = 10
PARTICIPANTS_PER_PROJECT = 20
INSPECTIONS_PER_COMMITMENT = 3
PASSWORD = "mat-khau-do-thu-2026"

# The same names as the import benchmark's realistic list.
from bench_import import GIVEN, MIDDLE, SURNAMES  # noqa: E402  (bench/ is on sys.path when run)

# Share of households by current category, per 20 (poor 3, near-poor 3, escaped 2, middle 6, other 6).
CATEGORY_CYCLE = ["poor"] * 3 + ["near_poor"] * 3 + ["escaped_poor"] * 2 + ["middle"] * 6 + ["other"] * 6


def size_label(households: int) -> str:
    if households % 1_000_000 == 0:
        return f"{households // 1_000_000}m"
    if households % 1_000 == 0:
        return f"{households // 1_000}k"
    return str(households)


def database_name(households: int) -> str:
    return f"gn_bench_{size_label(households)}"


def expected_counts(households: int) -> dict[str, int]:
    """What `build` writes for a size (also what `is_built` checks)."""
    plan = _plan(households)
    projects = sum(c["projects"] for c in plan)
    handed = sum(c["handed_over"] for c in plan)
    lines = sum(c["handed_over"] * c["participants"] for c in plan)
    return {
        "communes": len(plan),
        "households": households,
        "projects": projects,
        "handovers": handed,
        "handover_lines": lines,
        "inspections": lines * INSPECTIONS_PER_COMMITMENT,
    }


def _plan(households: int) -> list[dict[str, int]]:
    communes = max(1, households // PER_COMMUNE)
    plan = []
    for c in range(communes):
        size = households // communes + (1 if c < households % communes else 0)
        villages = min(VILLAGES_PER_COMMUNE, max(1, size // 20))
        projects = max(1, size // 50)
        participants = min(PARTICIPANTS_PER_PROJECT, size // villages)
        # Implementing and completed projects are handed over: every other project.
        handed = (projects + 1) // 2
        plan.append(
            {
                "households": size,
                "villages": villages,
                "projects": projects,
                "participants": participants,
                "handed_over": handed,
            }
        )
    return plan


# ---- COPY with the model's own defaults ---------------------------------------------------------


class Copier:
    """Writes rows of one model with COPY; columns not given take the model field's default."""

    def __init__(self, model, columns: list[str]):
        from django.db import connection
        from django.utils import timezone

        self.model = model
        fields = list(model._meta.concrete_fields)
        given = set(columns)
        now = timezone.now()
        self.columns = []
        self.defaults = []
        for f in fields:
            if f.attname in given:
                self.columns.append(f.attname)
                self.defaults.append(None)
                continue
            if f.primary_key:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                default = now
            elif f.has_default():
                default = f.get_default()
            elif f.null:
                default = None
            elif f.get_internal_type() in ("CharField", "TextField", "FileField", "SlugField"):
                default = ""
            else:
                raise ValueError(f"{model.__name__}.{f.name} is NOT NULL without a default: give it")
            self.columns.append(f.attname)
            self.defaults.append(_db_value(default))
        self.given = [c for c in self.columns if c in given]
        self.index = {c: i for i, c in enumerate(self.columns)}
        self.json = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        self.sql = f"COPY {table} ({names}) FROM STDIN"
        self.count = 0

    def __enter__(self):
        self._rows = []
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            self.flush()

    def flush(self) -> None:
        # One COPY open at a time per connection (a second one would wait for the first
        # forever), so rows are buffered and each batch is its own COPY.
        from django.db import connection

        if not self._rows:
            return
        with connection.cursor() as cursor, cursor.cursor.copy(self.sql) as copy:
            for row in self._rows:
                copy.write_row(row)
        self._rows = []

    def row(self, **values) -> None:
        out = list(self.defaults)
        for name, value in values.items():
            out[self.index[name]] = json.dumps(value) if name in self.json else value
        self._rows.append(out)
        self.count += 1
        if len(self._rows) >= 20_000:
            self.flush()


def _db_value(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return value


def _reset_sequences(models) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )


def _next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1


# ---- the dataset --------------------------------------------------------------------------------


def build(households: int, *, log=print) -> dict[str, int]:
    """Fill the current (PostgreSQL) database with a province of `households` households.

    Returns the counts written. Expects a migrated, otherwise empty database (reference rows
    — programmes, rule sets, document kinds — come from the migrations).
    """
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from giamngheo.models import Commune, Province, RoleAssignment, User, Village
    from giamngheo.text import search_key
    from households.models import Classification, Household, Member
    from inspections.models import Commitment, Handover, HandoverLine, Inspection
    from projects.models import (
        BudgetLine,
        Component,
        Disbursement,
        Participant,
        Project,
        Round,
        RoundEnvelope,
        RuleSet,
        Status,
        SupportItem,
    )

    assert connection.vendor == "postgresql", "the generator writes with COPY: PostgreSQL only"
    today = timezone.localdate()
    year = today.year
    plan = _plan(households)
    component = Component.objects.get(code="DA3.TDA1")
    upper_rules = (
        RuleSet.objects.filter(province__isnull=True, approval_route="upper").order_by("version").first()
    )
    commune_rules = (
        RuleSet.objects.filter(province__isnull=True, approval_route="commune").order_by("version").first()
        or upper_rules
    )
    # Every workflow state; half the projects are implementing or completed (handed over).
    other_states = [s for s in Status.values if s not in (Status.IMPLEMENTING, Status.COMPLETED)]
    council_states = {Status.COUNCIL_REVIEW, Status.COUNCIL_PASSED, Status.COUNCIL_FAILED}
    password = make_password(PASSWORD)
    t0 = time.perf_counter()

    with transaction.atomic():
        province = Province.objects.create(code="BP", name="Tỉnh đo thử")
        communes = Commune.objects.bulk_create(
            Commune(code=f"BX{c:04d}", name=f"Xã đo thử {c + 1:03d}", province=province)
            for c in range(len(plan))
        )
        villages = Village.objects.bulk_create(
            Village(commune=commune, name=f"Thôn {v + 1}")
            for commune, shape in zip(communes, plan, strict=True)
            for v in range(shape["villages"])
        )
        villages_of: dict[int, list[Village]] = {}
        for village in villages:
            villages_of.setdefault(village.commune_id, []).append(village)
        users = [
            User(
                username="bench.admin",
                full_name="Quản trị đo thử",
                password=password,
                is_staff=True,
                is_superuser=True,
            ),
            User(username="bench.captren", full_name="Cán bộ tỉnh đo thử", password=password),
        ]
        users += [
            User(username=f"bench.xa{c:03d}", full_name=f"Cán bộ xã {c + 1:03d}", password=password)
            for c in range(len(plan))
        ]
        users = User.objects.bulk_create(users)
        admin, viewer, officers = users[0], users[1], users[2:]
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(user=admin, role="admin"),
                RoleAssignment(user=viewer, role="upper_viewer", province=province),
            ]
            + [
                RoleAssignment(user=officer, role="commune_officer", commune=commune)
                for officer, commune in zip(officers, communes, strict=True)
            ]
        )
        rounds = Round.objects.bulk_create(
            Round(
                commune=commune,
                component=component,
                name=f"Đợt hỗ trợ phát triển sản xuất năm {year}",
                year=year,
                deadline=today - dt.timedelta(days=300),
                created_by=officer,
                status=Round.Status.PUBLISHED,
            )
            for commune, officer in zip(communes, officers, strict=True)
        )
        RoundEnvelope.objects.bulk_create(
            RoundEnvelope(round=r, source="central", amount=10_000_000_000) for r in rounds
        )
        log(f"  places, accounts, rounds: {time.perf_counter() - t0:.1f} s")

        # Households, their members and classifications.
        household_id = _next_id(Household)
        member_id = _next_id(Member)
        # households_of[commune index][village index] = list of household ids in that village
        households_of: list[list[list[int]]] = []
        with (
            Copier(
                Household,
                [
                    "id",
                    "commune_id",
                    "village_id",
                    "code",
                    "head_name",
                    "address",
                    "ethnicity",
                    "is_female_headed",
                    "is_ethnic_minority",
                    "search_key",
                ],
            ) as hh,
            Copier(
                Member,
                [
                    "id",
                    "household_id",
                    "commune_id",
                    "full_name",
                    "birth_year",
                    "sex",
                    "relationship",
                    "id_number",
                    "id_kind",
                    "search_key",
                ],
            ) as mm,
            Copier(
                Classification,
                [
                    "household_id",
                    "commune_id",
                    "year",
                    "category",
                    "decision_number",
                    "decision_date",
                    "income_per_capita",
                ],
            ) as cc,
        ):
            n = 0
            for c, (commune, shape) in enumerate(zip(communes, plan, strict=True)):
                vs = villages_of[commune.pk]
                per_village: list[list[int]] = [[] for _ in vs]
                for i in range(shape["households"]):
                    n += 1
                    v = i % len(vs)
                    name = f"{SURNAMES[n % 14]} {MIDDLE[(n // 14) % 8]} {GIVEN[(n // 112) % 14]}"
                    female = MIDDLE[(n // 14) % 8] == "Thị"
                    born = 1940 + n % 60
                    cccd = f"0{(c % 90) + 10:02d}{born % 100:03d}{n:06d}"[:12]
                    code = f"{c + 1:03d}-{i + 1:05d}"
                    others = []
                    for k in range(n % 3):
                        others.append(
                            (
                                f"{SURNAMES[n % 14]} {MIDDLE[(n + k + 1) % 8]} {GIVEN[(n + 3 * k + 5) % 14]}",
                                born + 25 + k,
                            )
                        )
                    key_parts = [search_key(name), search_key(code)]
                    key_parts += [search_key(o[0]) for o in others if o[0] != name]
                    key_parts.append(cccd)
                    hh.row(
                        id=household_id,
                        commune_id=commune.pk,
                        village_id=vs[v].pk,
                        code=code,
                        head_name=name,
                        address=f"{vs[v].name}, {commune.name}",
                        ethnicity="Kinh" if n % 9 else "Tày",
                        is_female_headed=female,
                        is_ethnic_minority=n % 9 == 0,
                        search_key=" | ".join(key_parts)[:600],
                    )
                    mm.row(
                        id=member_id,
                        household_id=household_id,
                        commune_id=commune.pk,
                        full_name=name,
                        birth_year=born,
                        sex="female" if female else "male",
                        relationship="head",
                        id_number=cccd,
                        id_kind="cccd",
                        search_key=search_key(name),
                    )
                    member_id += 1
                    for other, other_born in others:
                        mm.row(
                            id=member_id,
                            household_id=household_id,
                            commune_id=commune.pk,
                            full_name=other,
                            birth_year=other_born,
                            sex="",
                            relationship="child",
                            id_number="",
                            id_kind="",
                            search_key=search_key(other),
                        )
                        member_id += 1
                    now_category = CATEGORY_CYCLE[(n * 7) % 20]
                    before = CATEGORY_CYCLE[(n * 7 + (n % 4 == 0)) % 20]
                    for y, category in ((year - 2, before), (year - 1, now_category)):
                        cc.row(
                            household_id=household_id,
                            commune_id=commune.pk,
                            year=y,
                            category=category,
                            decision_number=f"{100 + c}/QĐ-UBND",
                            decision_date=dt.date(y, 12, 20),
                            income_per_capita=1_200_000 + (n % 40) * 50_000,
                        )
                    per_village[v].append(household_id)
                    household_id += 1
                households_of.append(per_village)
        log(
            f"  {hh.count:,} households, {mm.count:,} members, {cc.count:,} classifications: "
            f"{time.perf_counter() - t0:.1f} s"
        )

        # Projects in every state; participants; the handed-over half with handovers, lines,
        # commitments and inspections.
        ids = {
            m: _next_id(m) for m in (Project, SupportItem, Participant, Handover, HandoverLine, Commitment)
        }
        with (
            Copier(
                Project,
                [
                    "id",
                    "round_id",
                    "commune_id",
                    "village_id",
                    "rule_set_id",
                    "name",
                    "model",
                    "place",
                    "status",
                    "created_by_id",
                    "decision_number",
                    "decision_date",
                ],
            ) as pp,
            Copier(
                SupportItem,
                [
                    "id",
                    "project_id",
                    "commune_id",
                    "name",
                    "unit",
                    "quantity_per_household",
                    "unit_price",
                    "source",
                ],
            ) as items,
            Copier(BudgetLine, ["project_id", "commune_id", "source", "approved_amount"]) as budget,
            Copier(
                Disbursement,
                ["project_id", "commune_id", "source", "paid_on", "amount", "document", "recorded_by_id"],
            ) as paid,
            Copier(
                Participant, ["id", "project_id", "commune_id", "household_id", "commitment_signed_on"]
            ) as parts,
        ):
            handed_over: list[tuple] = []
            for c, (commune, shape) in enumerate(zip(communes, plan, strict=True)):
                vs = villages_of[commune.pk]
                used = [0] * len(vs)
                for p in range(shape["projects"]):
                    v = p % len(vs)
                    if p % 2 == 0:
                        status = Status.IMPLEMENTING if p % 6 else Status.COMPLETED
                    else:
                        status = other_states[(p // 2 + c) % len(other_states)]
                    rules = commune_rules if status in council_states else upper_rules
                    project_id = ids[Project]
                    ids[Project] += 1
                    decided = status in (
                        Status.APPROVED,
                        Status.IMPLEMENTING,
                        Status.COMPLETED,
                        Status.WITHDRAWN,
                    )
                    pp.row(
                        id=project_id,
                        round_id=rounds[c].pk,
                        commune_id=commune.pk,
                        village_id=vs[v].pk,
                        rule_set_id=rules.pk,
                        name=f"Nuôi bò sinh sản {vs[v].name} nhóm {p // len(vs) + 1}",
                        model="Nuôi bò sinh sản",
                        place=vs[v].name,
                        status=status,
                        created_by_id=officers[c].pk,
                        decision_number=f"{200 + p}/QĐ-UBND" if decided else "",
                        decision_date=today - dt.timedelta(days=200) if decided else None,
                    )
                    item_id = ids[SupportItem]
                    ids[SupportItem] += 1
                    items.row(
                        id=item_id,
                        project_id=project_id,
                        commune_id=commune.pk,
                        name="Bò cái giống",
                        unit="con",
                        quantity_per_household=Decimal("1.00"),
                        unit_price=15_000_000,
                        source="central",
                    )
                    budget.row(
                        project_id=project_id,
                        commune_id=commune.pk,
                        source="central",
                        approved_amount=15_000_000 * shape["participants"],
                    )
                    pool = households_of[c][v]
                    members = []
                    for k in range(shape["participants"]):
                        members.append(pool[(used[v] + k) % len(pool)])
                    used[v] += shape["participants"]
                    participant_ids = []
                    for household in dict.fromkeys(members):
                        participant_ids.append((ids[Participant], household))
                        parts.row(
                            id=ids[Participant],
                            project_id=project_id,
                            commune_id=commune.pk,
                            household_id=household,
                            commitment_signed_on=today - dt.timedelta(days=250),
                        )
                        ids[Participant] += 1
                    if status in (Status.IMPLEMENTING, Status.COMPLETED):
                        paid.row(
                            project_id=project_id,
                            commune_id=commune.pk,
                            source="central",
                            paid_on=today - dt.timedelta(days=150),
                            amount=15_000_000 * len(participant_ids),
                            document="PC-01",
                            recorded_by_id=officers[c].pk,
                        )
                        handed_over.append((c, commune, vs[v], project_id, item_id, participant_ids, status))
        log(f"  {pp.count:,} projects, {parts.count:,} participants: {time.perf_counter() - t0:.1f} s")

        with (
            Copier(
                Handover,
                [
                    "id",
                    "project_id",
                    "commune_id",
                    "village_id",
                    "held_on",
                    "place",
                    "team_members",
                    "status",
                    "created_by_id",
                ],
            ) as ho,
            Copier(
                HandoverLine,
                [
                    "id",
                    "handover_id",
                    "commune_id",
                    "participant_id",
                    "household_id",
                    "item_id",
                    "variety",
                    "quantity",
                    "unit",
                    "unit_price",
                    "amount",
                    "identifier",
                ],
            ) as hl,
            Copier(
                Commitment,
                [
                    "id",
                    "household_id",
                    "commune_id",
                    "project_id",
                    "participant_id",
                    "opened_by_id",
                    "starts_on",
                    "ends_on",
                    "inspection_interval_months",
                    "clauses",
                ],
            ) as cm,
            Copier(
                Inspection,
                [
                    "commitment_id",
                    "household_id",
                    "commune_id",
                    "village_id",
                    "due_on",
                    "assigned_to_id",
                    "status",
                    "done_on",
                    "result",
                    "inspectors",
                    "recorded_by_id",
                ],
            ) as ins,
        ):
            for n, (c, commune, village, project_id, item_id, participant_ids, status) in enumerate(
                handed_over, start=1
            ):
                officer = officers[c]
                handover_id = ids[Handover]
                ids[Handover] += 1
                planned_due = today + dt.timedelta(days=(n % 90) - 30)
                held_on = planned_due - dt.timedelta(days=365)
                ho.row(
                    id=handover_id,
                    project_id=project_id,
                    commune_id=commune.pk,
                    village_id=village.pk,
                    held_on=held_on,
                    place=f"Nhà văn hóa {village.name}",
                    team_members=f"{officer.full_name} – Cán bộ UBND xã",
                    status="signed" if status == Status.COMPLETED else "issued",
                    created_by_id=officer.pk,
                )
                for k, (participant_id, household) in enumerate(participant_ids):
                    line_id = ids[HandoverLine]
                    ids[HandoverLine] += 1
                    hl.row(
                        id=line_id,
                        handover_id=handover_id,
                        commune_id=commune.pk,
                        participant_id=participant_id,
                        household_id=household,
                        item_id=item_id,
                        variety="Bò lai Sind",
                        quantity=Decimal("1.00"),
                        unit="con",
                        unit_price=15_000_000,
                        amount=15_000_000,
                        identifier=f"T{handover_id}-{k + 1}",
                    )
                    commitment_id = ids[Commitment]
                    ids[Commitment] += 1
                    cm.row(
                        id=commitment_id,
                        household_id=household,
                        commune_id=commune.pk,
                        project_id=project_id,
                        participant_id=participant_id,
                        opened_by_id=handover_id,
                        starts_on=held_on,
                        ends_on=held_on + dt.timedelta(days=3 * 365),
                        inspection_interval_months=4,
                        clauses=[
                            "Chăm sóc, nuôi dưỡng đúng kỹ thuật",
                            "Không bán, cho, tặng khi chưa được phép",
                        ],
                    )
                    for visit in range(INSPECTIONS_PER_COMMITMENT):
                        months_before = 4 * (INSPECTIONS_PER_COMMITMENT - 1 - visit)
                        due = planned_due - dt.timedelta(days=30 * months_before)
                        done = visit < INSPECTIONS_PER_COMMITMENT - 1
                        ins.row(
                            commitment_id=commitment_id,
                            household_id=household,
                            commune_id=commune.pk,
                            village_id=village.pk,
                            due_on=due,
                            assigned_to_id=officer.pk,
                            status="done" if done else "planned",
                            done_on=due if done else None,
                            result="dat" if done else "",
                            inspectors=officer.full_name if done else "",
                            recorded_by_id=officer.pk if done else None,
                        )
        log(
            f"  {ho.count:,} handovers, {hl.count:,} lines, {cm.count:,} commitments, {ins.count:,} inspections: "
            f"{time.perf_counter() - t0:.1f} s"
        )
        _reset_sequences(
            [Household, Member, Project, SupportItem, Participant, Handover, HandoverLine, Commitment]
        )

    if not connection.in_atomic_block:
        # Neither runs inside a transaction block (a test database's atomic wrapper). VACUUM sets
        # the visibility map that autovacuum keeps on a live database, without which every
        # index-only scan of the fresh tables reads the heap too (Biểu 02: 1.8 s → 1.6 s).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    log(f"  vacuumed and analyzed: {time.perf_counter() - t0:.1f} s")
    return counts()


def counts() -> dict[str, int]:
    from giamngheo.models import Commune
    from households.models import Household
    from inspections.models import Handover, HandoverLine, Inspection
    from projects.models import Project

    return {
        "communes": Commune.objects.filter(province__code="BP").count(),
        "households": Household.objects.count(),
        "projects": Project.objects.count(),
        "handovers": Handover.objects.count(),
        "handover_lines": HandoverLine.objects.count(),
        "inspections": Inspection.objects.count(),
    }


# ---- command line: a database of its own --------------------------------------------------------


def server_url() -> str:
    return os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")


def _admin_connect():
    import psycopg

    return psycopg.connect(f"{server_url()}/postgres", autocommit=True)


def database_exists(name: str) -> bool:
    with _admin_connect() as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


# The deployment's PostgreSQL settings (deploy/postgresql/giamngheo.conf) that a database can
# carry for its own sessions: the benchmark measures the pages as they would run there. What
# needs a restart (shared_buffers, effective_cache_size) stays the machine's own.
SESSION_SETTINGS = ("work_mem", "jit", "random_page_cost", "effective_io_concurrency")


def deployment_settings() -> dict[str, str]:
    conf = Path(__file__).resolve().parents[1] / "deploy" / "postgresql" / "giamngheo.conf"
    found = {}
    for line in conf.read_text().splitlines():
        key, _, value = line.split("#", 1)[0].partition("=")
        if key.strip() in SESSION_SETTINGS:
            found[key.strip()] = value.strip()
    return found


def apply_deployment_settings(name: str) -> None:
    from psycopg import sql

    with _admin_connect() as conn:
        for key, value in deployment_settings().items():
            conn.execute(
                sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                    sql.Identifier(name), sql.Identifier(key), sql.Literal(value)
                )
            )


def prepare(households: int, *, rebuild: bool = False, log=print) -> str:
    """Make sure gn_bench_<size> holds the dataset; return its DATABASE_URL. Runs in a child
    process so the caller's Django is free to point at that database afterwards."""
    import subprocess

    name = database_name(households)
    url = f"{server_url()}/{name}"
    if rebuild and database_exists(name):
        with _admin_connect() as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    env = dict(os.environ, DATABASE_URL=url)
    if database_exists(name):
        check = subprocess.run(
            [sys.executable, __file__, "--households", str(households), "--check"], env=env, check=False
        )
        if check.returncode == 0:
            log(f"{name}: already holds {households:,} households, kept (--rebuild to build again)")
            apply_deployment_settings(name)
            return url
        with _admin_connect() as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    with _admin_connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([sys.executable, __file__, "--households", str(households), "--fill"], env=env, check=True)
    apply_deployment_settings(name)
    return url


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=int(os.environ.get("BENCH_SIZE", 10_000)))
    parser.add_argument("--rebuild", action="store_true", help="drop the database and build it again")
    parser.add_argument("--check", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--fill", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.check:
        _setup_django()
        try:
            from django.core.management import call_command

            call_command("migrate", verbosity=0, interactive=False)  # new indexes on a kept database
            ok = counts() == expected_counts(args.households)
        except Exception:  # not migrated, half built: build again
            ok = False
        sys.exit(0 if ok else 1)
    if args.fill:
        _setup_django()
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        print(f"  migrated: {time.perf_counter() - started:.1f} s")
        written = build(args.households)
        print(f"built {written} in {time.perf_counter() - started:.1f} s")
        return
    prepare(args.households, rebuild=args.rebuild)


if __name__ == "__main__":
    main()
