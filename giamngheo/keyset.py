"""Keyset ("seek") pagination for long lists.

A numbered page N costs an OFFSET of N × size rows and a COUNT of the whole selection on every
request, so the hundredth page of a province's households is slow. A keyset page instead asks
for "the next `size` rows after this one" in the list's order: with an index in that order the
database starts at the right row whatever the depth, and the cost stays flat.

The position travels in the query string as an opaque cursor (the sort values of the row at the
edge of the page, ending with the primary key so the order is total). A cursor that does not
decode, or does not fit the list's sort, is ignored: the user gets the first page, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import json
import operator
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.db.models import Q, QuerySet

MAX_TEXT = 600  # the longest sort value a cursor may carry (names, codes, search keys)
MAX_INT = 2**63 - 1


@dataclass(frozen=True)
class Key:
    """One column of the order: `name` is an annotation added to the queryset (or "pk"), `kind`
    the Python type its values have in a cursor (str or int)."""

    name: str
    expression: Any = None
    kind: type = str


@dataclass
class Page:
    """One page of rows with the cursors of its neighbours (None where there is none)."""

    rows: list
    next_cursor: str | None = None
    previous_cursor: str | None = None
    cursor_ignored: bool = False  # a cursor was given but did not decode: this is the first page

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


def encode(values: list) -> str:
    raw = json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str | None, keys: list[Key]) -> list | None:
    """The values a cursor carries, or None when it is missing, malformed or not for `keys`."""
    if not cursor or len(cursor) > 4 * MAX_TEXT * len(keys):
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error):  # includes JSON and UTF-8 decoding errors
        return None
    if not isinstance(values, list) or len(values) != len(keys):
        return None
    for value, key in zip(values, keys, strict=True):
        if key.kind is int:
            if type(value) is not int or not -MAX_INT <= value <= MAX_INT:
                return None
        elif type(value) is not str or len(value) > MAX_TEXT or "\x00" in value:
            return None  # PostgreSQL refuses NUL in text: it would be a 500
    return values


def _beyond(keys: list[Key], values: list, op: str) -> Q:
    """Rows strictly after (op "gt") or before ("lt") `values` in the order of `keys`.

    The lexicographic comparison is spelled out as OR-ed prefixes; the leading `>=` (or `<=`)
    on the first key repeats part of it so the database can start its index scan there.
    """
    prefixes = [
        Q(**{key.name: value for key, value in zip(keys[:i], values[:i], strict=True)})
        & Q(**{f"{keys[i].name}__{op}": values[i]})
        for i in range(len(keys))
    ]
    return Q(**{f"{keys[0].name}__{op}e": values[0]}) & reduce(operator.or_, prefixes)


def paginate(
    qs: QuerySet, keys: list[Key], *, size: int, after: str | None = None, before: str | None = None
) -> Page:
    """The page of `qs` after the cursor `after` (or before `before`), ordered by `keys`.

    One query for a page; a second only when a cursor points past either end (the rows it named
    were deleted or it was made up): past the end, the last page; before the start, the first.
    """
    qs = qs.annotate(**{k.name: k.expression for k in keys if k.expression is not None})
    forward = [k.name for k in keys]
    backward = [f"-{name}" for name in forward]

    def edge(row) -> str:
        return encode([getattr(row, k.name) for k in keys])

    def first_page(ignored: bool = False) -> Page:
        rows = list(qs.order_by(*forward)[: size + 1])
        return Page(rows[:size], edge(rows[size - 1]) if len(rows) > size else None, None, ignored)

    if before is not None:
        values = decode(before, keys)
        if values is None:
            return first_page(ignored=True)
        rows = list(qs.filter(_beyond(keys, values, "lt")).order_by(*backward)[: size + 1])
        if len(rows) < size:
            return first_page()  # near the start: a full first page rather than a short one
        more = len(rows) > size
        rows = rows[:size][::-1]
        return Page(rows, edge(rows[-1]), edge(rows[0]) if more else None)

    if after is not None:
        values = decode(after, keys)
        if values is None:
            return first_page(ignored=True)
        rows = list(qs.filter(_beyond(keys, values, "gt")).order_by(*forward)[: size + 1])
        if not rows:  # past the end: show the last page
            rows = list(qs.order_by(*backward)[: size + 1])
            more = len(rows) > size
            rows = rows[:size][::-1]
            return Page(rows, None, edge(rows[0]) if more and rows else None)
        more = len(rows) > size
        rows = rows[:size]
        return Page(rows, edge(rows[-1]) if more else None, edge(rows[0]))

    return first_page()
