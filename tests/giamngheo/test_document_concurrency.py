"""Numbers stay gap-free when two people issue at once (PostgreSQL row locks; SQLite serialises)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from giamngheo.documents import register
from giamngheo.documents.models import DocumentSequence, IssuedDocument
from giamngheo.documents.seed import ensure_kinds
from tests.projects.test_concurrency import race

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")

ON = dt.date(2026, 2, 5)


def notice(target, by, **kw):
    return register.issue(
        kind=kw.pop("kind", "thong_bao"),
        target=target,
        template="reports/pdf/notice.html",
        snapshot={"paragraphs": [f"Thông báo cho {target}."]},
        summary=f"Về việc {target}",
        issued_on=ON,
        by=by,
        **kw,
    )


@pytest.mark.django_db(transaction=True)
def test_two_documents_issued_at_once_take_consecutive_numbers(village_a, village_b, officer, leader):
    ensure_kinds()  # the flush between transactional tests removed the migration's rows
    outcomes = race(lambda: notice(village_a, officer), lambda: notice(village_b, leader))
    assert all(isinstance(o, IssuedDocument) for o in outcomes), outcomes
    assert sorted(o.number for o in outcomes) == ["1/TB-UBND", "2/TB-UBND"]
    assert DocumentSequence.objects.get(suffix="TB-UBND").last_number == 2


@pytest.mark.django_db(transaction=True)
def test_the_same_document_issued_twice_at_once_is_issued_once_without_a_gap(village_a, officer, leader):
    ensure_kinds()
    outcomes = race(lambda: notice(village_a, officer), lambda: notice(village_a, leader))
    issued = [o for o in outcomes if isinstance(o, IssuedDocument)]
    refused = [o for o in outcomes if isinstance(o, register.DocumentError)]
    assert len(issued) == 1 and len(refused) == 1, outcomes
    assert "đã được ban hành" in str(refused[0])
    assert issued[0].number == "1/TB-UBND"
    # The loser took no number: the next document is 2, not 3.
    assert notice(village_a, officer, key="next").number == "2/TB-UBND"
