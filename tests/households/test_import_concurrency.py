"""The same list imported twice at the same moment: it is imported once, nothing is duplicated.

Needs real concurrent transactions, so it runs on PostgreSQL only."""

from __future__ import annotations

import pytest
from django.db import connection

from giamngheo.models import AuditEntry
from households.importing import ImportOptions, import_file
from households.models import Classification, Household, Member
from tests.households.fixtures_import import commune_list_xlsx, person
from tests.projects.test_concurrency import race

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_file_at_once_import_it_once(officer, leader, commune, village_a, village_b):
    data = commune_list_xlsx(
        [
            (
                "Thôn Hà Thượng",
                [person("Nguyễn Văn An", cccd="046075001234"), person("Lê Thị Bình", female=True)],
            ),
            ("Thôn Hà Trữ", [person("Trần Văn Cường", born=1980)]),
        ]
    )
    outcomes = race(
        lambda: import_file(data, ImportOptions(commune=commune, user=officer, year=2025), by=officer),
        lambda: import_file(data, ImportOptions(commune=commune, user=leader, year=2025), by=leader),
    )
    results = [o[1] for o in outcomes if isinstance(o, tuple)]
    assert len(results) == 2, outcomes  # neither fails with a database error
    created = sorted(r.created for r in results if r is not None)
    assert created == [0, 3], outcomes
    second = next(o[0] for o in outcomes if o[1] is None or o[1].created == 0)
    assert second.previous_import is not None  # the later one is told the file was imported
    assert Household.objects.filter(commune=commune).count() == 3
    assert Member.objects.count() == 3 and Classification.objects.count() == 3
    assert AuditEntry.objects.filter(action="household.imported").count() == 1
