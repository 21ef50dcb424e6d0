"""Benchmark: the household list's search over a big commune, and refreshing search keys.

Run against a scratch database (it creates and fills its own commune):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/SCRATCH .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/SCRATCH .venv/bin/python bench/household_search.py 100000

Prints the time to refresh every search key, and the time of a name search and of a CCCD
search with the plan PostgreSQL chose (the trigram index on PostgreSQL). Timing lives here,
never in tests.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from giamngheo.models import Commune, Province, Village  # noqa: E402
from households import selectors, services  # noqa: E402
from households.models import Household, Member  # noqa: E402

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Đặng", "Võ", "Hoàng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Ngọc"]
GIVEN = ["An", "Bình", "Hương", "Đào", "Tâm", "Lộc", "Mai", "Ánh"]


def main(count: int) -> None:
    rng = random.Random(2026)
    province, _ = Province.objects.get_or_create(code="B9", defaults={"name": "Tỉnh đo thử"})
    commune, _ = Commune.objects.get_or_create(
        code="B9999", defaults={"name": "Xã đo thử", "province": province}
    )
    village, _ = Village.objects.get_or_create(commune=commune, name="Thôn đo thử")
    Household.objects.filter(commune=commune).delete()
    t = time.perf_counter()
    Household.objects.bulk_create(
        (
            Household(
                commune=commune,
                village=village,
                code=f"B{i:06d}",
                head_name=f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            )
            for i in range(count)
        ),
        batch_size=5000,
    )
    Member.objects.bulk_create(
        (
            Member(household=h, full_name=h.head_name, relationship="head", id_number=f"046{i:09d}")
            for i, h in enumerate(Household.objects.filter(commune=commune).order_by("pk"))
        ),
        batch_size=5000,
    )
    print(f"{count} households with heads created in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    services.refresh_search_keys(Household.objects.filter(commune=commune))
    print(f"refresh_search_keys: {time.perf_counter() - t:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE households_household")
    base = Household.objects.filter(commune=commune)
    for label, query in [("name", "dang thi dao"), ("CCCD", f"046{count // 2:09d}")]:
        qs = selectors.filter_households(base, {"q": query})
        t = time.perf_counter()
        total = qs.count()
        page = list(qs[:50])
        elapsed = (time.perf_counter() - t) * 1000
        print(f"search by {label}: {total} found, count + first page in {elapsed:.1f} ms ({len(page)} rows)")
        if connection.vendor == "postgresql":
            print("  plan:", base.filter(search_key__contains=query).explain().splitlines()[0])
    Household.objects.filter(commune=commune).delete()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
