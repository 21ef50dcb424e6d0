"""`make bench`: build (or reuse) the dataset, then time each page next to its reference.

    .venv/bin/python bench/run.py                      # 10,000 households (gn_bench_10k)
    BENCH_SIZE=1000000 .venv/bin/python bench/run.py   # the province (gn_bench_1m)
    .venv/bin/python bench/run.py --requests 50 --out bench/out
    .venv/bin/python bench/run.py --only dashboard "Biểu 02"   # some scenarios (bench-<size>-partial)

Each scenario is measured in-process through Django's test Client (server time per request,
median and p95 over --requests requests, queries per request) and beside it, in the same run,
its reference: the bare SQL of the page's main query, or the Django admin changelist over the
same rows, or a bare WeasyPrint render of the same HTML, or a bare openpyxl write-only writer
writing the same cells. The result is a ratio, which survives a noisy machine.

Writes bench/out/bench-<size>.json and .md (bench/out is not tracked). Timing lives here,
never in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402


def _stats(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"median_ms": round(statistics.median(ordered) * 1000, 2), "p95_ms": round(p95 * 1000, 2)}


def timed(fn, n: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # warm up (templates, imports, caches)
    times, queries = [], 0
    for _ in range(n):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        queries = len(captured)
    return _stats(times) | {"queries": queries, "n": n}


def get(client, url: str, status: int = 200):
    def fetch():
        response = client.get(url)
        assert response.status_code == status, (url, response.status_code)
        return response

    return fetch


def bare_sql(sql: str, params=()):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    return run


def main_query_sql(client, url: str, needle: str) -> tuple[str, tuple]:
    """The page's main query as the page ran it (the first captured query mentioning `needle`)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    for q in captured.captured_queries:
        if needle in q["sql"] and "COUNT(" not in q["sql"].upper()[:40]:
            return q["sql"], ()
    raise LookupError(f"no query with {needle!r} on {url}")


def deep_page_url(client, first_url: str, page: int) -> str:
    """A deep page: follow the list's cursor links when it has them, else ?page=N."""
    html = client.get(first_url).content.decode()
    cursor = re.search(r'href="(\?[^"]*(?:after|cursor)=[^"]*)"', html)
    if not cursor:
        return f"{first_url}&page={page}"
    url = first_url
    for _ in range(page - 1):
        html = client.get(url).content.decode()
        found = re.search(r'href="(\?[^"]*(?:after|cursor)=[^"]*)"', html)
        if not found:
            break
        url = "/ho/" + found.group(1).replace("&amp;", "&")
    return url


def run(households: int, n: int, only: list[str] | None = None) -> dict:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from giamngheo.models import User, Village
    from households.models import Household
    from inspections.models import Handover
    from projects.models import Project

    officer = User.objects.get(username="bench.xa000")
    viewer = User.objects.get(username="bench.captren")
    admin = User.objects.get(username="bench.admin")
    commune_id = officer.role_assignments.get().commune_id
    village = Village.objects.filter(commune_id=commune_id).order_by("pk").first()
    household = Household.objects.filter(commune_id=commune_id).order_by("pk")[500]
    project = Project.objects.filter(commune_id=commune_id, status="implementing").order_by("pk").first()
    handover = Handover.objects.filter(commune_id=commune_id).order_by("pk").first()

    staff, upper, superuser = Client(), Client(), Client()
    staff.force_login(officer)
    upper.force_login(viewer)
    superuser.force_login(admin)
    results: dict[str, dict] = {}

    def wanted(name: str) -> bool:
        return not only or any(word.lower() in name.lower() for word in only)

    def scenario(name, fn, reference=None, ref_label="", count=n):
        if not wanted(name):
            return
        print(f"  {name} …", flush=True)
        row = {"page": timed(fn, count)}
        if reference is not None:
            row["reference"] = timed(reference, count) | {"what": ref_label}
            row["ratio_median"] = round(
                row["page"]["median_ms"] / max(row["reference"]["median_ms"], 0.001), 2
            )
        results[name] = row

    lst = reverse("households:list")
    admin_list = "/quan-tri/households/household/"
    per_commune = Household.objects.filter(commune_id=commune_id).count()
    deep = max(2, int(per_commune / 50 * 0.9))

    search = f"{lst}?q=nguyen+van+an"
    scenario(
        "household search 'nguyen van an'",
        get(staff, search),
        get(superuser, f"{admin_list}?commune__id__exact={commune_id}&q=nguyen+van+an"),
        "admin changelist, same search",
    )
    filtered = f"{lst}?village={village.pk}&category=poor"
    scenario(
        "household list, village + category, page 1",
        get(staff, filtered),
        get(superuser, f"{admin_list}?commune__id__exact={commune_id}"),
        "admin changelist, the commune, page 1",
    )
    deep_url = deep_page_url(staff, f"{lst}?sort=name", deep)
    admin_deep = max(1, deep - 1)  # the admin's ?p= counts from 0, 100 rows a page
    scenario(
        f"household list, deep page {deep}",
        get(staff, deep_url),
        get(superuser, f"{admin_list}?commune__id__exact={commune_id}&p={admin_deep // 2}"),
        f"admin changelist, page {admin_deep // 2} (same offset)",
    )
    detail = reverse("households:detail", args=[household.pk])
    sql, _ = main_query_sql(staff, detail, '"households_household"')
    scenario("household page", get(staff, detail), bare_sql(sql), "bare SQL of its household query")

    plist = reverse("projects:list")
    sql, _ = main_query_sql(staff, plist, '"projects_project"')
    scenario("project list", get(staff, plist), bare_sql(sql), "bare SQL of its project query")
    pdetail = reverse("projects:detail", args=[project.pk])
    scenario("project page", get(staff, pdetail))
    work = reverse("inspections:work")
    sql, _ = main_query_sql(staff, work, '"inspections_inspection"')
    scenario("inspector's work list", get(staff, work), bare_sql(sql), "bare SQL of its inspection query")
    dash = reverse("reports:dashboard")
    scenario("commune dashboard", get(staff, dash), count=max(5, n // 5))
    scenario("province dashboard", get(upper, dash), count=5)
    scenario("province Biểu 02", get(upper, reverse("reports:table", args=["bieu-02"])), count=5)

    # Handover minutes PDF (the draft of a 20-household handover) vs bare WeasyPrint of its HTML.
    from weasyprint import CSS, HTML

    from giamngheo.documents import register
    from giamngheo.documents.pdf import finders
    from inspections import documents

    pdf_url = reverse("inspections:handover_preview", args=[handover.pk])
    html = register.preview(
        as_html=True,
        kind="bb_ban_giao",
        target=handover,
        template=documents.HANDOVER_TEMPLATE,
        snapshot=documents.handover_snapshot(handover),
        issued_on=handover.held_on,
        summary="",
    )
    css_path = finders.find("reports/pdf.css")
    css = CSS(filename=css_path)
    scenario(
        f"handover minutes PDF ({handover.lines.count()} lines)",
        get(staff, pdf_url),
        lambda: HTML(string=html, base_url=str(css_path)).write_pdf(stylesheets=[css]),
        "bare WeasyPrint, same HTML",
        count=max(5, n // 5),
    )

    if wanted("Excel export"):
        results.update(export_scenario(officer, commune_id))
    if wanted("import of 10,000 rows"):
        results.update(import_scenario(officer))
    return {
        "households": households,
        "database": connection.settings_dict["NAME"],
        "counts": generate.counts(),
        "requests_per_scenario": n,
        "results": results,
    }


def export_scenario(officer, commune_id: int) -> dict:
    """The commune's Excel export as the background worker writes it (the list's query, the
    rows, the workbook; the task queue and file storage aside) vs openpyxl write-only writing
    the same cells."""
    from io import BytesIO

    from openpyxl import Workbook

    from households import selectors
    from households.models import Household
    from reports.models import ExportJob
    from reports.tasks import EXPORT_KINDS

    print("  Excel export …", flush=True)
    rows_qs = Household.objects.filter(commune_id=commune_id)
    columns, rows = selectors.export_rows(
        selectors.filter_households(rows_qs.select_related("village"), {}), show_id=False
    )
    cells = list(rows)

    job = ExportJob.objects.create(
        kind="households", params={"query": "", "cccd": False}, requested_by=officer, filename="bench.xlsx"
    )

    def export():
        EXPORT_KINDS["households"].write(job, BytesIO())

    def bare():
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Danh sách hộ")
        sheet.append(columns)
        for row in cells:
            sheet.append(row)
        workbook.save(BytesIO())

    out = {}
    for label, fn in (("page", export), ("reference", bare)):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        # timed alone, then run again under tracemalloc for the peak (which slows both sides)
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            fn()
            elapsed = time.perf_counter() - start
        tracemalloc.start()
        fn()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out[label] = {"seconds": round(elapsed, 2), "queries": len(captured), "peak_mb": round(peak / 1e6, 1)}
    out["reference"]["what"] = "bare openpyxl write-only, same cells"
    out["ratio"] = round(out["page"]["seconds"] / max(out["reference"]["seconds"], 0.001), 2)
    return {f"Excel export ({len(cells):,} households)": out}


def import_scenario(officer) -> dict:
    """Preview + apply of a 10,000-row file (bench_import's file), rolled back afterwards."""
    from bench_import import build_file
    from django.db import transaction

    from giamngheo.models import Commune, Village
    from households.importing import ImportOptions, apply_import, build_preview

    print("  import 10,000 rows …", flush=True)
    data = build_file(10_000)
    out = {}
    with transaction.atomic():
        commune = Commune.objects.create(
            code="BXIMP", name="Xã nhập thử", province=officer.role_assignments.get().commune.province
        )
        for v in range(1, 11):
            Village.objects.create(commune=commune, name=f"Thôn {v}")
        options = ImportOptions(commune=commune, year=2025, file_name="bench.xlsx")
        start = time.perf_counter()
        preview = build_preview(data, options)
        middle = time.perf_counter()
        result = apply_import(preview, by=None)
        end = time.perf_counter()
        out = {
            "preview_s": round(middle - start, 2),
            "apply_s": round(end - middle, 2),
            "seconds": round(end - start, 2),
            "created": result.created,
        }
        transaction.set_rollback(True)
    return {"import of 10,000 rows": out}


def markdown(report: dict) -> str:
    lines = [
        f"# Benchmark, {report['households']:,} households ({report['database']})",
        "",
        "| scenario | median ms | p95 ms | queries | reference | ref median ms | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, row in report["results"].items():
        if "page" in row and "median_ms" in row["page"]:
            p, r = row["page"], row.get("reference")
            lines.append(
                f"| {name} | {p['median_ms']} | {p['p95_ms']} | {p['queries']} | "
                f"{r['what'] if r else '—'} | {r['median_ms'] if r else '—'} | {row.get('ratio_median', '—')} |"
            )
        elif "page" in row:
            p, r = row["page"], row["reference"]
            lines.append(
                f"| {name} | {p['seconds'] * 1000:.0f} (peak {p['peak_mb']} MB) | — | {p['queries']} | "
                f"{r['what']} | {r['seconds'] * 1000:.0f} (peak {r['peak_mb']} MB) | {row['ratio']} |"
            )
        else:
            lines.append(f"| {name} | {row['seconds'] * 1000:.0f} | — | — | — | — | — |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=int(os.environ.get("BENCH_SIZE", 10_000)))
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--out", default=str(ROOT / "bench" / "out"))
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--only", nargs="+", metavar="WORD", help="run only the scenarios whose name holds one of these words"
    )
    args = parser.parse_args()
    url = generate.prepare(args.households, rebuild=args.rebuild)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test Client's response.context, locmem mail
    report = run(args.households, args.requests, args.only)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # a partial run (--only) does not overwrite the whole run's results
    stem = out / f"bench-{generate.size_label(args.households)}{'-partial' if args.only else ''}"
    stem.with_suffix(".json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    stem.with_suffix(".md").write_text(markdown(report))
    print(markdown(report))
    print(f"wrote {stem}.json and {stem}.md")


if __name__ == "__main__":
    main()
