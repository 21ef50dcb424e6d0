"""Document numbers: each commune numbers each kind of document from 1 every year."""

from __future__ import annotations

from django.db import transaction

from giamngheo.models import Commune
from reports.models import DocumentSequence


@transaction.atomic
def next_number(commune: Commune, suffix: str, year: int) -> str:
    """Take the next number ("7/BB-UBND") for the commune, document kind and year.

    Locks the sequence row, so two documents issued at once never share a number.
    """
    DocumentSequence.objects.get_or_create(commune=commune, suffix=suffix, year=year)
    sequence = DocumentSequence.objects.select_for_update().get(commune=commune, suffix=suffix, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{sequence.last_number}/{suffix}"
