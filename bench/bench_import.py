"""Benchmark: import a realistic 10,000-row household list (preview + apply, then re-import).

    .venv/bin/python bench/bench_import.py            # SQLite, and PostgreSQL if DATABASE_URL is set
    .venv/bin/python bench/bench_import.py --rows 20000

Each database runs in its own process on a throw-away test database (a temporary SQLite file,
or test_<name> on PostgreSQL), so nothing real is touched. Target: 10,000 rows in under 10 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

VILLAGES = [f"Thôn {n}" for n in range(1, 11)]
SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
MIDDLE = ["Văn", "Thị", "Đức", "Ngọc", "Minh", "Thu", "Hữu", "Quang"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hương",
    "Hoa",
    "Lan",
    "Mai",
    "Nam",
    "Phúc",
    "Quý",
    "Sơn",
    "Tâm",
    "Yến",
]
CATEGORIES = ["Hộ nghèo", "nghèo", "HN", "Cận nghèo", "HCN", "Hộ mới thoát nghèo", "Hộ cận nghèo"]


def build_file(rows: int, *, variant: int = 0) -> bytes:
    """A commune's printed list: titles, two-row merged header, numbering, village groups, signatures.

    `variant` changes the category of every tenth household (to measure updates).
    """
    from tests.households.fixtures_import import HEADER_MERGES, HEADER_ROWS, SIGNATURE_ROWS, TITLE_ROWS, xlsx

    grid = [list(r) for r in TITLE_ROWS + HEADER_ROWS]
    per_village = rows // len(VILLAGES)
    n = 0
    for v, village in enumerate(VILLAGES):
        grid.append([f"{v + 1}", village])
        for _ in range(per_village if v < len(VILLAGES) - 1 else rows - n):
            n += 1
            name = f"{SURNAMES[n % 14]} {MIDDLE[n % 8]} {GIVEN[(n // 7) % 14]}"
            if n % 50 == 0:
                name = unicodedata.normalize("NFD", name) + "  "
            female = n % 3 == 0
            born = 1940 + n % 60
            cccd = f"046{born % 100:03d}{n:06d}"
            category = CATEGORIES[(n + (variant if n % 10 == 0 else 0)) % len(CATEGORIES)]
            grid.append(
                [
                    n,
                    name,
                    None if female else born,
                    born if female else None,
                    int(cccd) if n % 4 == 0 else cccd,  # some typed as numbers (leading zero lost)
                    "Kinh" if n % 9 else "Tày",
                    category,
                    "215/QĐ-UBND",
                    "20/12/2025",
                    None,
                ]
            )
    grid += [list(r) for r in SIGNATURE_ROWS]
    return xlsx(grid, merges=HEADER_MERGES)


def run_one(rows: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    from giamngheo.models import Commune, Province, Village
    from households.importing import ImportOptions, apply_import, build_preview
    from households.models import Household

    # A database of its own, so the benchmark never touches a test database someone else is using.
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    else:
        connection.settings_dict["TEST"]["NAME"] = f"bench_import_{os.getpid()}"
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        province = Province.objects.create(code="46", name="Thành phố Huế")
        commune = Commune.objects.create(code="19945", name="Xã Phú Vinh", province=province)
        for name in VILLAGES:
            Village.objects.create(commune=commune, name=name)

        started = time.perf_counter()
        first = build_file(rows)
        second = build_file(rows, variant=1)
        print(
            f"[{connection.vendor}] wrote two {rows:,}-row files in {time.perf_counter() - started:.1f} s "
            f"({len(first) / 1e6:.1f} MB each)"
        )

        def step(label: str, data: bytes) -> None:
            options = ImportOptions(commune=commune, year=2025, file_name="bench.xlsx")
            t0 = time.perf_counter()
            preview = build_preview(data, options)
            t1 = time.perf_counter()
            assert not preview.blocked, preview.errors[:5]
            result = apply_import(preview, by=None)
            t2 = time.perf_counter()
            print(
                f"[{connection.vendor}] {label:<24} preview {t1 - t0:5.2f} s + apply {t2 - t1:5.2f} s "
                f"= {t2 - t0:5.2f} s  (created {result.created}, updated {result.updated}, "
                f"unchanged {result.unchanged}, warnings {len(preview.warnings)})"
            )

        step("first import", first)
        step("same file again", first)
        step("10 % categories changed", second)
        assert Household.objects.count() == rows
    finally:
        teardown_databases(old, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.rows)
        return
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    runs = [("SQLite", env)]
    if os.environ.get("DATABASE_URL"):
        runs.append(("PostgreSQL", dict(os.environ)))
    for _label, run_env in runs:
        subprocess.run([sys.executable, __file__, "--one", "--rows", str(args.rows)], env=run_env, check=True)


if __name__ == "__main__":
    main()
