"""Benchmark: the province dashboard, a province-wide Biểu 02 and its background Excel export.

Run against a scratch database (it creates and fills its own province):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/SCRATCH .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/SCRATCH .venv/bin/python bench/bench_reports.py 100 2000

builds COMMUNES communes with HOUSEHOLDS households each (two review years, a tenth of them in
an approved project with budget and disbursements), then prints for an upper-level viewer of
the province: the dashboard's time and query count, Biểu 02's, and the background export's time,
query count and peak Python memory (tracemalloc). Timing lives here, never in tests.

Measured 2 Dec 2026 on PostgreSQL, 2 shared cores (the test suite running beside it):
100 communes × 1,000 households (10,000 participants): dashboard 1.5 s / 16 queries; Biểu 02 on
screen 0.28 s / 13 queries, as xlsx 0.46 s / 14; the background export (101 sheets) 14 s,
719 queries (7 per commune), peak Python memory 5 MB, file 464 kB. 20 communes × 500: export
2.8 s (10 s before the xlsx writer used named styles).
"""

from __future__ import annotations

import os
import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from giamngheo import services as core  # noqa: E402
from giamngheo.models import Commune, Province, Role, User, Village  # noqa: E402
from households.models import Category, Classification, Household  # noqa: E402
from projects import seed  # noqa: E402
from projects.models import (  # noqa: E402
    BudgetLine,
    Component,
    Disbursement,
    FundingSource,
    Participant,
    Project,
    Round,
    RoundEnvelope,
    RuleSet,
)
from reports.models import ExportJob  # noqa: E402
from reports.tasks import build_export  # noqa: E402

CATEGORIES = [Category.POOR, Category.NEAR_POOR, Category.ESCAPED_POOR, Category.MIDDLE, Category.OTHER]


def build(communes: int, households: int) -> User:
    from django.apps import apps

    seed.seed_all(apps)
    rng = random.Random(2026)
    year = timezone.localdate().year
    province, _ = Province.objects.get_or_create(code="B8", defaults={"name": "Tỉnh đo thử báo cáo"})
    Disbursement.objects.filter(project__commune__province=province).delete()
    Project.objects.filter(commune__province=province).delete()
    Round.objects.filter(commune__province=province).delete()
    Household.objects.filter(commune__province=province).delete()
    viewer = User.objects.filter(username="bench.captren").first() or core.create_account(
        by=None,
        username="bench.captren",
        full_name="Đo thử",
        password="mat-khau-do-thu-2026",
        role=Role.UPPER_VIEWER,
        province=province,
    )
    officer = User.objects.filter(is_superuser=False).first() or viewer
    component = Component.objects.get(code="DA3.TDA1")
    rules = RuleSet.objects.filter(province__isnull=True).first()
    for c in range(communes):
        commune, _ = Commune.objects.get_or_create(
            code=f"B8{c:03d}", defaults={"name": f"Xã đo thử {c:03d}", "province": province}
        )
        villages = [Village.objects.get_or_create(commune=commune, name=f"Thôn {v}")[0] for v in range(5)]
        rows = Household.objects.bulk_create(
            Household(commune=commune, village=villages[i % 5], code=f"B{c}-{i}", head_name=f"Hộ {i}")
            for i in range(households)
        )
        Classification.objects.bulk_create(
            Classification(household=h, year=y, category=rng.choice(CATEGORIES))
            for h in rows
            for y in (year - 1, year)
        )
        round_ = Round.objects.create(
            commune=commune,
            component=component,
            name="Đợt đo thử",
            year=year,
            deadline=timezone.localdate(),
            created_by=officer,
            status=Round.Status.PUBLISHED,
        )
        RoundEnvelope.objects.create(round=round_, source=FundingSource.CENTRAL, amount=500_000_000)
        for p in range(max(1, households // 100)):
            project = Project.objects.create(
                round=round_,
                commune=commune,
                village=villages[p % 5],
                rule_set=rules,
                name=f"Dự án {p}",
                model=rng.choice(["Nuôi bò", "Nuôi dê", "Trồng cây ăn quả"]),
                place="Thôn",
                status=Project.Status.IMPLEMENTING,
                created_by=officer,
                decision_date=timezone.localdate(),
            )
            Participant.objects.bulk_create(
                Participant(project=project, household=h) for h in rows[p * 10 : p * 10 + 10]
            )
            BudgetLine.objects.create(
                project=project, source=FundingSource.CENTRAL, approved_amount=200_000_000
            )
            Disbursement.objects.create(
                project=project,
                source=FundingSource.CENTRAL,
                paid_on=timezone.localdate(),
                amount=80_000_000,
                document="PC",
                recorded_by=officer,
            )
    return viewer


def measure(label: str, client: Client, url: str) -> None:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
    print(f"{label:<34} {response.status_code}  {elapsed * 1000:8.0f} ms  {len(queries):4d} queries")


def main(communes: int, households: int) -> None:
    start = time.perf_counter()
    viewer = build(communes, households)
    print(
        f"built {communes} communes × {households} households in {time.perf_counter() - start:.1f} s "
        f"({connection.vendor})"
    )
    client = Client()
    client.force_login(viewer)
    measure("dashboard (province)", client, reverse("reports:dashboard"))
    measure("Biểu 02 on screen (province)", client, reverse("reports:table", args=["bieu-02"]))
    measure(
        "Biểu 02 xlsx (province total)", client, reverse("reports:table", args=["bieu-02"]) + "?format=xlsx"
    )
    job = ExportJob.objects.create(
        kind="bieu-02-theo-xa",
        params={
            "program": seed.PROGRAM_CODE,
            "start": f"{timezone.localdate().year}-01-01",
            "end": str(timezone.localdate()),
        },
        requested_by=viewer,
    )
    start = time.perf_counter()
    build_export(ExportJob.objects.create(kind=job.kind, params=job.params, requested_by=viewer).pk)
    print(f"{'export (no memory tracing)':<34} done  {(time.perf_counter() - start) * 1000:8.0f} ms")
    tracemalloc.start()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        job = build_export(job.pk)
        elapsed = time.perf_counter() - start
    if os.environ.get("BENCH_SLOWEST"):
        for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]:
            print(q["time"], q["sql"][:600])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{'export: one sheet per commune':<34} {job.status}  {elapsed * 1000:8.0f} ms  {len(queries):4d} queries"
        f"  peak {peak / 1e6:.1f} MB  file {job.file.size / 1e3:.0f} kB"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20, int(sys.argv[2]) if len(sys.argv) > 2 else 500)
