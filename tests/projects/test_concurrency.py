"""Two people acting on the same project at once: exactly one wins, the other is told it changed.

Needs real row locks, so it runs on PostgreSQL only (SQLite serialises whole-database writes)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from projects import services
from projects.models import Project

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def race(*calls):
    """Run the calls in parallel threads, released together; return each outcome."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(i, call):
        from django.db import connections

        try:
            barrier.wait()
            outcomes[i] = call()
        except Exception as e:  # the loser's refusal is the point of the test
            outcomes[i] = e
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_return_and_send_to_bcd_at_once_one_wins(project_in, post, officer, leader):
    project = post(project_in(Project.Status.SUBMITTED))
    seen = project.version
    outcomes = race(
        lambda: services.return_to_village(project, by=officer, version=seen, reasons="Thiếu hồ sơ"),
        lambda: services.send_to_bcd(project, by=leader, version=seen),
    )
    winners = [o for o in outcomes if isinstance(o, Project)]
    losers = [o for o in outcomes if isinstance(o, services.StaleProject)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert "vừa được người khác thay đổi" in str(losers[0])
    project.refresh_from_db()
    assert project.status == winners[0].status
    assert project.events.filter(kind__in=["return_to_village", "send_to_bcd"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_bcd_members_recording_at_once_make_one_decision(project_in, bcd_member, leader):
    from tests.projects.conftest import bcd_fields

    project = project_in(Project.Status.BCD_REVIEW)
    seen = project.version
    outcomes = race(
        lambda: services.record_bcd_decision(project, by=bcd_member, version=seen, **bcd_fields()),
        lambda: services.record_bcd_decision(
            project, by=leader, version=seen, **bcd_fields("reject", "Không hiệu quả")
        ),
    )
    assert sum(isinstance(o, services.StaleProject) for o in outcomes) == 1, outcomes
    assert project.bcd_decisions.count() == 1
    # The loser's minutes number was rolled back with its transaction: no gap in the register.
    assert project.bcd_decisions.get().minutes_number == "1/BB-BCĐ"
