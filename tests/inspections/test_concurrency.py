"""Two handovers of the last remaining quantity at once: exactly one succeeds.

Needs real row locks, so it runs on PostgreSQL only (SQLite serialises whole-database writes):
DATABASE_URL=postgres://postgres@127.0.0.1:5432/gn_insp .venv/bin/pytest tests/inspections/test_concurrency.py
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from inspections import services
from inspections.models import HandoverLine
from tests.projects.test_concurrency import race

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_two_handovers_of_the_last_cow_one_succeeds(approved, make_handover, officer, leader, cow):
    participant = approved.participants.first()
    first, second = make_handover(), make_handover()

    def hand(handover, by, tag):
        return lambda: services.add_line(
            handover, by=by, participant=participant, item=cow, quantity=Decimal(1), identifier=tag
        )

    outcomes = race(hand(first, officer, "PV-A"), hand(second, leader, "PV-B"))
    winners = [o for o in outcomes if isinstance(o, HandoverLine)]
    losers = [o for o in outcomes if isinstance(o, services.FollowUpError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert "chỉ còn được nhận 0 con" in str(losers[0])
    assert HandoverLine.objects.filter(participant=participant, refused=False).count() == 1
