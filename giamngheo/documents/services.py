"""Changes to a commune's signatories (audited), the only writes of the register besides issue."""

from __future__ import annotations

from django.db import transaction

from giamngheo import audit
from giamngheo.documents.models import Signatory
from giamngheo.models import Commune, User


@transaction.atomic
def save_signatory(
    commune: Commune, *, by: User, signatory: Signatory | None = None, kinds=(), **fields
) -> Signatory:
    """Add (signatory=None) or edit one who signs; deactivating is `is_active=False` (issued
    documents keep the name they were signed with)."""
    created = signatory is None
    signatory = signatory or Signatory(commune=commune)
    before = {name: getattr(signatory, name) for name in fields} if not created else {}
    before_kinds = set() if created else set(signatory.kinds.values_list("code", flat=True))
    for name, value in fields.items():
        setattr(signatory, name, value)
    signatory.save()
    signatory.kinds.set(kinds)
    after_kinds = {k.code for k in kinds}
    changes = {n: [str(before.get(n, "")), str(v)] for n, v in fields.items() if created or before[n] != v}
    if before_kinds != after_kinds:
        changes["kinds"] = [sorted(before_kinds), sorted(after_kinds)]
    audit.record(
        by, signatory, "document.signatory_added" if created else "document.signatory_changed", **changes
    )
    return signatory
