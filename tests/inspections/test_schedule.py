"""Periodic inspections: every N months from the handover, for the whole period, month-end and
leap-year safe, with the clock frozen."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from inspections import schedule, services
from inspections.models import Commitment, FollowUpRule, Inspection

VN_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),  # leap year
        (dt.date(2026, 1, 31), 2, dt.date(2026, 3, 31)),  # back to the 31st, no drift
        (dt.date(2027, 11, 30), 3, dt.date(2028, 2, 29)),
        (dt.date(2028, 2, 29), 12, dt.date(2029, 2, 28)),
        (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),
    ],
)
def test_adding_months_keeps_the_day_or_takes_the_month_end(start, months, expected):
    assert schedule.add_months(start, months) == expected


def test_periodic_dates_cover_the_period_without_drifting():
    dates = schedule.periodic_dates(dt.date(2027, 8, 31), dt.date(2028, 8, 31), 3)
    assert dates == [dt.date(2027, 11, 30), dt.date(2028, 2, 29), dt.date(2028, 5, 31), dt.date(2028, 8, 31)]


def test_a_handover_on_the_31st_schedules_the_rule_sets_interval(approved, make_handover, officer, cow):
    FollowUpRule.objects.create(
        rule_set=approved.rule_set, inspection_interval_months=6, commitment_months=18
    )
    with time_machine.travel(dt.datetime(2028, 3, 1, 9, 0, tzinfo=VN_TZ), tick=False):
        handover = make_handover(held_on=dt.date(2027, 8, 31))
        services.add_line(
            handover, by=officer, participant=approved.participants.first(), item=cow, quantity=1
        )
        services.issue_handover_minutes(handover, by=officer)
        commitment = Commitment.objects.get()
        assert commitment.ends_on == dt.date(2029, 2, 28)
        due = list(commitment.inspections.values_list("due_on", flat=True))
        assert due == [dt.date(2028, 2, 29), dt.date(2028, 8, 31), dt.date(2029, 2, 28)]
        # on 1 March 2028 the first one is a day overdue
        assert commitment.inspections.filter(due_on__lt=timezone.localdate()).count() == 1


def test_closing_a_commitment_records_its_outcome_and_cancels_what_is_left(client, officer, commitment):
    client.force_login(officer)
    from django.urls import reverse

    url = reverse("inspections:commitment_close", args=[commitment.pk])
    r = client.post(
        url,
        {
            "outcome": "kept",
            "closed_on": (timezone.localdate() + dt.timedelta(days=2)).isoformat(),
            "version": commitment.version,
        },
    )
    assert "chưa đến" in r.content.decode()
    r = client.post(
        url, {"outcome": "kept", "closed_on": timezone.localdate().isoformat(), "version": commitment.version}
    )
    assert r.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == "closed" and commitment.outcome == "kept"
    assert not commitment.inspections.filter(status=Inspection.Status.PLANNED).exists()
