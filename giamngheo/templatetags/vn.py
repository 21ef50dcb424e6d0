"""Vietnamese formatting filters, available in every template (a template builtin)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import date_format

register = template.Library()


def group_thousands(value: int | str) -> str:
    digits = str(abs(int(value)))
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return ("-" if int(value) < 0 else "") + ".".join(groups)


@register.filter
def number_vn(value, decimals: int = 0) -> str:
    """1234567.5 → "1.234.567,5" (grouping with ".", decimals with ",")."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    quantised = round(number, int(decimals))
    whole = int(quantised)
    text = group_thousands(whole) if whole or quantised >= 0 else "-0"
    if int(decimals) > 0:
        fraction = f"{abs(quantised - whole):.{int(decimals)}f}"[2:]
        text = f"{text},{fraction}"
    return text


@register.filter
def vnd(value) -> str:
    """Money as "1.500.000 đ"."""
    if value is None or value == "":
        return ""
    return f"{number_vn(value)}\u00a0đ"


@register.filter
def mask_id(value: str | None) -> str:
    """Show only the last 3 digits of a CCCD/CMND number."""
    if not value:
        return ""
    value = str(value)
    return f"{'•' * (len(value) - 3)}{value[-3:]}" if len(value) > 3 else "•" * len(value)


def _from_snapshot(value):
    """Dates in an issued document's snapshot are ISO strings ("2026-02-05"); read them back."""
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            if len(value) > 10:
                return dt.datetime.fromisoformat(value)
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


@register.filter
def vn_date(value) -> str:
    """dd/mm/yyyy whatever the active language."""
    if not value:
        return ""
    value = _from_snapshot(value)
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%H:%M %d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@register.filter
def long_date_vn(value: dt.date | None) -> str:
    """ "ngày 05 tháng 02 năm 2026", "ngày 15 tháng 8 năm 2026" — Decree 30's form.

    Days 1–9 and months 1–2 take a leading zero; other months do not.
    """
    if not value:
        return "ngày … tháng … năm …"
    value = _from_snapshot(value)
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


@register.filter
def local_date(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


@register.filter
def action_label(code: str) -> str:
    """An audit action code in words: "household.created" → "Thêm hộ"."""
    from giamngheo.audit_labels import label_for

    return label_for(code)


@register.filter
def in_text(name) -> str:
    """A place's name inside a sentence: "Xã Phú Vinh" → "xã Phú Vinh" (Decree 30 usage)."""
    from giamngheo.text import place_in_text

    return place_in_text(str(name or ""))


@register.filter
def proper_place(name) -> str:
    """ "Xã Phú Vinh" → "Phú Vinh" (the place-and-date line)."""
    from giamngheo.text import proper_place as proper

    return proper(str(name or ""))


@register.filter
def audit_field(key: str) -> str:
    """An audit entry's key in words: "status" → "Trạng thái"."""
    from giamngheo.audit_labels import field_label

    return field_label(key)


@register.filter
def audit_value(value, key: str):
    """An audit entry's value in words: ["draft", "submitted"] under "status" → "Thôn đang lập → …"."""
    from giamngheo.audit_labels import value_label

    return value_label(key, value)
