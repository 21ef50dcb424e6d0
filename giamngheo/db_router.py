"""Report and dashboard reads on a streaming replica; everything else on the primary.

Enabled when REPLICA_DATABASE_URL is set (settings.READ_REPLICA names the alias). Django's
routers see models, not requests, so a view opts in with `@reads_from_replica`: while it answers
a GET or HEAD, reads go to the replica. Everything else stays on "default":

- every write, always (an object read from the replica is saved to the primary);
- every read after the first write in the same opted-in request (read-your-writes);
- every read inside a transaction on the primary (select_for_update, services' atomic blocks);
- middleware (session, signed-in user, idle timeout) runs outside the view, so on the primary.

A replica lags the primary by the replay delay (milliseconds on a healthy local replica), so
only pages that show aggregates are opted in, never a page a user lands on right after saving.
"""

from __future__ import annotations

import functools
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections


class _Reads:
    __slots__ = ("wrote",)

    def __init__(self) -> None:
        self.wrote = False


_reads: ContextVar[_Reads | None] = ContextVar("replica_reads", default=None)


def replica_alias() -> str | None:
    """The alias reads go to now, or None for the primary."""
    alias = getattr(settings, "READ_REPLICA", None)
    state = _reads.get()
    if not alias or state is None or state.wrote:
        return None
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return None
    return alias


def reads_from_replica(view):
    """Let this view's reads go to the replica (GET and HEAD only)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        token = _reads.set(_Reads())
        try:
            return view(request, *args, **kwargs)
        finally:
            _reads.reset(token)

    return wrapper


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return replica_alias() or DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        state = _reads.get()
        if state is not None:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary: objects from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A replica is read-only; it receives the schema by replication.
        return db == DEFAULT_DB_ALIAS
