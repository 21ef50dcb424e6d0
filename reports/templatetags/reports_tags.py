"""Template helpers for report tables rendered from a frozen snapshot."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag
def report_table(table: dict) -> dict:
    from reports.views import table_context

    return table_context(table)


@register.filter
def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key, "") if mapping else ""
