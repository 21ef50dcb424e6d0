"""The shape every report shares: columns (with a two-row header), rows, and what a cell means.

An exporter (reports/exporters.py) yields `Row`s once; `build_table` turns them into a plain
`dict` (JSON-safe: it is what an issued report freezes in its snapshot) that the screen, the
PDF and the xlsx writer all render. A value of `None` means "this source is not available"
and prints as "—"; it is never summed as a zero.

Columns are data (a report definition's JSON):

    {"key": "plan_central", "label": "NSTW", "group": "Kế hoạch vốn", "kind": "money"}
    {"key": "plan_total", "label": "Tổng", "group": "Kế hoạch vốn", "kind": "sum",
     "of": ["plan_central", "plan_local"]}
    {"key": "rate", "label": "Tỷ lệ (%)", "kind": "rate", "of": ["paid_total", "plan_total"]}

`kind` is one of: text (the row's label, STT), money (đồng, printed in the definition's unit),
count, sum (of other columns in the row), rate (per cent, of[0] / of[1]).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

NOT_AVAILABLE = "—"
COLUMN_KINDS = ("stt", "label", "text", "money", "count", "sum", "rate")
NUMERIC_KINDS = ("money", "count", "sum", "rate")


def rate(paid: int | None, approved: int | None) -> Decimal | None:
    """Per cent with one decimal; None when there is nothing to divide by."""
    if paid is None or not approved:
        return None
    return (Decimal(paid * 100) / approved).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Row:
    """One row as an exporter yields it: its label, its values by column key, and its role.

    kind: "item" (a line of data), "group" (a heading row summing the `children` keys below
    it), "total" (sums `children`). `key` names the row so groups and totals can refer to it.
    """

    label: str
    values: dict[str, Any] = field(default_factory=dict)
    stt: str = ""
    kind: str = "item"
    key: str = ""
    children: list[str] = field(default_factory=list)
    level: int = 0
    link: str = ""


@dataclass
class Unit:
    label: str = "đồng"
    divisor: int = 1
    decimals: int = 0


def money_in(value: int | None, unit: Unit) -> Decimal | int | None:
    if value is None or value == "":
        return value
    if unit.divisor == 1:
        return int(value)
    return (Decimal(value) / unit.divisor).quantize(Decimal(1).scaleb(-unit.decimals), ROUND_HALF_UP)


def header_rows(columns: list[dict]) -> list[list[dict]]:
    """The two header rows: a column with a `group` sits under its group's merged cell; a column
    without one spans both rows. Each cell: {"text", "colspan", "rowspan", "col"} (col 0-based)."""
    top: list[dict] = []
    bottom: list[dict] = []
    two_rows = any(c.get("group") for c in columns)
    for index, column in enumerate(columns):
        group = column.get("group")
        if not group:
            top.append({"text": column["label"], "colspan": 1, "rowspan": 2 if two_rows else 1, "col": index})
            continue
        if top and top[-1].get("group") == group and top[-1]["col"] + top[-1]["colspan"] == index:
            top[-1]["colspan"] += 1
        else:
            top.append({"text": group, "colspan": 1, "rowspan": 1, "col": index, "group": group})
        bottom.append({"text": column["label"], "colspan": 1, "rowspan": 1, "col": index})
    return [top, bottom] if two_rows else [top]


def _resolve(rows: list[Row], columns: list[dict]) -> None:
    """Fill group and total rows from their children, then the row-wise sums and rates."""
    by_key = {row.key: row for row in rows if row.key}

    def value_of(row: Row, key: str, seen: frozenset[str] = frozenset()):
        if row.children and row.key not in seen:
            parts = [value_of(by_key[k], key, seen | {row.key}) for k in row.children if k in by_key]
            if any(p is None for p in parts):
                return None
            return sum(parts)
        return row.values.get(key)

    rows = [row for row in rows if row.kind != "heading"]

    def leaf_keys(row: Row, seen: frozenset[str] = frozenset()) -> set[str]:
        if not row.children or row.key in seen:
            return {k for k, v in row.values.items() if v is None or isinstance(v, (int, Decimal))}
        return set().union(*(leaf_keys(by_key[k], seen | {row.key}) for k in row.children if k in by_key))

    for row in rows:
        if row.children:
            for key in leaf_keys(row):
                row.values[key] = value_of(row, key)
    for row in rows:
        for column in columns:
            if column["kind"] == "sum":
                parts = [row.values.get(k) for k in column.get("of", [])]
                row.values[column["key"]] = None if any(p is None for p in parts) else sum(parts)
        for column in columns:
            if column["kind"] == "rate":
                num, den = column["of"]
                row.values[column["key"]] = rate(row.values.get(num), row.values.get(den))


def build_table(
    *,
    title: str,
    columns: list[dict],
    rows: Iterable[Row],
    subtitle: str = "",
    form_label: str = "",
    unit: Unit | None = None,
    note: str = "",
) -> dict:
    """The report as plain data: what the screen, the PDF and the xlsx writer render."""
    unit = unit or Unit()
    columns = normalise_columns(columns)
    rows = list(rows)
    _resolve(rows, columns)
    keys = {row.key: n for n, row in enumerate(rows) if row.key}
    out_rows = []
    for row in rows:
        cells = []
        for column in columns:
            kind = column["kind"]
            if kind == "stt":
                cells.append(row.stt)
            elif kind in ("label", "text"):
                cells.append(row.label if kind == "label" else row.values.get(column["key"], ""))
            elif column["money"]:
                cells.append(_json_number(money_in(row.values.get(column["key"]), unit)))
            else:
                cells.append(_json_number(row.values.get(column["key"])))
        out_rows.append(
            {
                "cells": cells,
                "kind": row.kind,
                "level": row.level,
                "link": row.link,
                "children": [keys[k] for k in row.children if k in keys],
            }
        )
    return {
        "title": title,
        "subtitle": subtitle,
        "form_label": form_label,
        "unit": unit.label,
        "decimals": unit.decimals,
        "note": note,
        "columns": columns,
        "header": header_rows(columns),
        "rows": out_rows,
    }


def normalise_columns(columns: list[dict]) -> list[dict]:
    """Copies with `money` set: a money column, or a sum of money columns."""
    out = [dict(c) for c in columns]
    kinds = {c["key"]: c["kind"] for c in out}
    for column in out:
        column["money"] = column["kind"] == "money" or (
            column["kind"] == "sum" and any(kinds.get(k) == "money" for k in column.get("of", []))
        )
    return out


def _json_number(value):
    """Decimals stay exact through JSON as strings; ints as ints; None as None."""
    if isinstance(value, Decimal):
        return str(value)
    return value


# ---- reading a built table (screen and PDF) ----------------------------------------------------


@dataclass
class Cell:
    text: str
    numeric: bool
    missing: bool


def format_number(value, decimals: int = 0) -> str:
    from giamngheo.templatetags.vn import number_vn

    return number_vn(Decimal(str(value)), decimals)


def display_rows(table: dict) -> Iterator[dict]:
    """Rows with each cell formatted the Vietnamese way (1.234.567,5; "—" for a missing source)."""
    columns = table["columns"]
    for row in table["rows"]:
        cells = []
        for column, value in zip(columns, row["cells"], strict=True):
            kind = column["kind"]
            if kind in NUMERIC_KINDS:
                if value == "":
                    cells.append(Cell("", True, False))
                    continue
                if value is None:
                    cells.append(Cell(NOT_AVAILABLE, True, True))
                    continue
                decimals = 1 if kind == "rate" else (table["decimals"] if _is_money(column) else 0)
                cells.append(Cell(format_number(value, decimals), True, False))
            else:
                cells.append(Cell(str(value), False, False))
        yield {"cells": cells, "kind": row["kind"], "level": row["level"], "link": row.get("link", "")}


def _is_money(column: dict) -> bool:
    return bool(column.get("money"))


def column_numbers(table: dict) -> list[str]:
    return [f"({n})" for n in range(1, len(table["columns"]) + 1)]


def is_wide(table: dict) -> bool:
    return len(table["columns"]) > 7


def describe_missing(table: dict) -> list[str]:
    """Labels of the columns whose source is not available yet (all cells None)."""
    missing = []
    for index, column in enumerate(table["columns"]):
        if (
            column["kind"] in NUMERIC_KINDS
            and table["rows"]
            and all(row["cells"][index] is None for row in table["rows"])
        ):
            missing.append(
                column.get("group", "") + " " + column["label"] if column.get("group") else column["label"]
            )
    return missing


_("Tổng cộng")  # the total row's label, translated where it is built
