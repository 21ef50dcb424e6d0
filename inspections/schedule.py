"""Dates of periodic inspections: every N months from the start, for the whole period.

Month arithmetic keeps the day of the month where it exists and falls back to the month's last
day otherwise (31 January + 1 month = 28 or 29 February; the next step goes back to the 31st).
"""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(start: dt.date, months: int) -> dt.date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def periodic_dates(start: dt.date, end: dt.date, every_months: int) -> list[dt.date]:
    """The due dates after `start` up to and including `end`, each counted from `start` (no drift)."""
    if every_months <= 0:
        raise ValueError("every_months must be positive")
    dates = []
    k = 1
    while (due := add_months(start, k * every_months)) <= end:
        dates.append(due)
        k += 1
    return dates
