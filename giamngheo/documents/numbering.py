"""Document numbers: each commune numbers each suffix from 1 every year."""

from __future__ import annotations

from django.db import transaction

from giamngheo.documents.models import DocumentSequence
from giamngheo.models import Commune


@transaction.atomic
def take(commune: Commune, suffix: str, year: int) -> tuple[int, str]:
    """Take the next number for the commune, suffix and year: (7, "7/BB-UBND").

    Locks the sequence row, so two documents issued at once never share a number, and a
    transaction that fails after taking one gives it back (no gap).
    """
    DocumentSequence.objects.get_or_create(commune=commune, suffix=suffix, year=year)
    sequence = DocumentSequence.objects.select_for_update().get(commune=commune, suffix=suffix, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number, f"{sequence.last_number}/{suffix}"


def next_number(commune: Commune, suffix: str, year: int) -> str:
    """The next number as printed ("7/BB-UBND")."""
    return take(commune, suffix, year)[1]
