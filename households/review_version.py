"""Each commune's `review_version` goes up with every change to its households or their review
results, in the same transaction as the change.

The dashboard keeps a commune's review figures (households per village and category, escaped and
fallen back since the year before) in the cache under that number, so a province's hundred
communes are counted once, not on every view, and a commune's figures are counted again as soon
as anything under them changes. Single saves and deletes are seen through the signals below;
bulk writers (the import, the demo data) call `changed` themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, Subquery
from django.db.models.signals import post_delete, post_save


def changed(commune_ids: Iterable[int]) -> None:
    from giamngheo.models import Commune

    Commune.objects.filter(pk__in=set(commune_ids)).update(review_version=F("review_version") + 1)


def _household_changed(sender, instance, **kwargs) -> None:
    changed([instance.commune_id])


def _classification_changed(sender, instance, **kwargs) -> None:
    from giamngheo.models import Commune
    from households.models import Household

    # the household's commune, without loading the household
    commune = Household.objects.filter(pk=instance.household_id).values("commune_id")[:1]
    Commune.objects.filter(pk=Subquery(commune)).update(review_version=F("review_version") + 1)


def connect() -> None:
    from households.models import Classification, Household

    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(_household_changed, sender=Household, dispatch_uid=f"review-version-household-{name}")
        signal.connect(
            _classification_changed,
            sender=Classification,
            dispatch_uid=f"review-version-classification-{name}",
        )
