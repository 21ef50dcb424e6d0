"""With a read replica configured, the dashboard reads from it and a household edit never does.

The replica alias is a test mirror of the default database (settings.py): same rows, its own
connection, so each connection's query log shows where a page's queries went. Transactional
tests, because the mirror's connection cannot see rows the default connection has not committed.
"""

from __future__ import annotations

import pytest
from django.db import connections, router, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from giamngheo.db_router import reads_from_replica
from households.models import Household
from tests.households.test_household_edit import edit_post, row_of

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica_on(settings):
    settings.READ_REPLICA = "replica"


def tables(queries: CaptureQueriesContext) -> str:
    return " ".join(q["sql"] for q in queries.captured_queries)


def test_dashboard_reads_from_the_replica(client, replica_on, officer, household):
    client.force_login(officer)
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    assert "Thôn Hà Thượng" in response.content.decode()
    # The figures come from the replica...
    assert '"households_household"' in tables(replica)
    assert '"households_classification"' in tables(replica)
    # ...the primary only answers the middleware: the session and the signed-in user.
    assert '"households_' not in tables(primary)
    assert '"django_session"' in tables(primary)


def test_household_edit_stays_on_the_primary(client, replica_on, officer, household):
    client.force_login(officer)
    rows = [row_of(m) for m in household.members.all()]
    url = reverse("households:edit", args=[household.pk])
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        page = client.get(url)
        response = client.post(url, edit_post(household, rows, phone="0912345678"))
    assert page.status_code == 200
    assert response.status_code == 302
    assert Household.objects.get(pk=household.pk).phone == "0912345678"
    assert replica.captured_queries == []
    assert 'UPDATE "households_household"' in tables(primary)


def test_without_a_replica_the_dashboard_reads_the_primary(client, officer, household):
    client.force_login(officer)
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get(reverse("reports:dashboard")).status_code == 200
    assert replica.captured_queries == []


def test_a_write_or_a_transaction_sends_later_reads_to_the_primary(replica_on):
    """Read-your-writes inside an opted-in view, and no replica read inside a transaction."""
    seen = []

    @reads_from_replica
    def view(request):
        seen.append(router.db_for_read(Household))
        with transaction.atomic():
            seen.append(router.db_for_read(Household))
        seen.append(router.db_for_write(Household))
        seen.append(router.db_for_read(Household))
        return None

    view(RequestFactory().get("/"))
    assert seen == ["replica", "default", "default", "default"]
    # A POST to an opted-in view never reads from the replica; outside any view neither.
    seen.clear()
    view(RequestFactory().post("/"))
    assert seen[0] == "default"
    assert router.db_for_read(Household) == "default"
