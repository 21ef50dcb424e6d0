"""The report scenarios of bench/bench_reports.py against a streaming replica (bench/replica.sh).

Needs DATABASE_URL (the primary) and REPLICA_DATABASE_URL (its replica) in the environment.
Builds the province of bench_reports.py on the primary, waits until the replica has replayed it,
then opens each report page with the router on (reads on the replica) and off (everything on
the primary), in the same run, and prints per page: the median server time over REPEAT
requests and where the queries went. Finally it writes a row on the primary and times how long
the replica takes to show it. Timings live here, never in tests.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_reports  # noqa: E402  (sets the environment up and calls django.setup())
from django.conf import settings  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from giamngheo.models import Province  # noqa: E402

REPEAT = int(os.environ.get("REPEAT", "7"))


def lsn(alias: str, sql: str) -> str:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def wait_for_replay(timeout: float = 120.0) -> float:
    """Seconds until the replica has replayed everything the primary has written so far."""
    target = lsn("default", "SELECT pg_current_wal_lsn()::text")
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return time.perf_counter() - start
        time.sleep(0.01)
    raise SystemExit(f"the replica did not replay up to {target} within {timeout:.0f} s")


def run(client: Client, url: str) -> tuple[int, float, int, int]:
    times, status = [], 0
    for _ in range(REPEAT):
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections["replica"]) as replica,
        ):
            start = time.perf_counter()
            status = client.get(url).status_code
            times.append(time.perf_counter() - start)
    return status, statistics.median(times) * 1000, len(primary), len(replica)


def replay_delay() -> float:
    """Milliseconds from a committed write on the primary to the row read back on the replica."""
    code = f"R{os.getpid() % 100000:05d}"
    Province.objects.filter(code=code).delete()
    start = time.perf_counter()
    Province.objects.create(code=code, name="Tỉnh thử sao chép")
    while not Province.objects.using("replica").filter(code=code).exists():
        if time.perf_counter() - start > 10:
            raise SystemExit("a row written on the primary did not reach the replica within 10 s")
        time.sleep(0.001)
    elapsed = (time.perf_counter() - start) * 1000
    Province.objects.filter(code=code).delete()
    return elapsed


def main(communes: int, households: int) -> None:
    if settings.READ_REPLICA != "replica":
        raise SystemExit("REPLICA_DATABASE_URL is not set")
    start = time.perf_counter()
    viewer = bench_reports.build(communes, households)
    print(
        f"built {communes} communes × {households} households on the primary in {time.perf_counter() - start:.1f} s"
    )
    print(f"replica caught up {wait_for_replay() * 1000:.0f} ms after the build committed")
    client = Client()
    client.force_login(viewer)
    table = reverse("reports:table", args=["bieu-02"])
    pages = [
        ("province dashboard", reverse("reports:dashboard")),
        ("Biểu 02 on screen (province)", table),
        ("Biểu 02 xlsx (province)", table + "?format=xlsx"),
        ("budget and disbursement", reverse("reports:budget")),
        ("model evaluation", reverse("reports:model_evaluation")),
    ]
    print(f"\nmedian of {REPEAT} requests; queries per request on each database")
    print("| page | router | status | median ms | queries on primary | on replica |")
    print("|---|---|---|---|---|---|")
    for label, url in pages:
        for mode in ("replica", "primary only"):
            with override_settings(READ_REPLICA="replica" if mode == "replica" else None):
                status, median, on_primary, on_replica = run(client, url)
            print(f"| {label} | {mode} | {status} | {median:.0f} | {on_primary} | {on_replica} |")
    delays = [replay_delay() for _ in range(5)]
    print(
        f"\na row written on the primary was read on the replica after {statistics.median(delays):.1f} ms"
        f" (median of 5; max {max(delays):.1f} ms)"
    )
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT application_name, state, replay_lag FROM pg_stat_replication")
        for name, state, lag in cursor.fetchall():
            print(f"pg_stat_replication: {name} {state}, replay lag {lag}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20, int(sys.argv[2]) if len(sys.argv) > 2 else 500)
