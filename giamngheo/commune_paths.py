"""Which commune each table's rows belong to, and through which foreign keys.

The plan for a national installation (docs/scaling.md) partitions or distributes the tables by
commune. Every commune-owned table carries its own `commune` key, so each can be split as it is:
a table that belongs to its commune through a parent (a member through its household) has the
parent's commune id copied in (`giamngheo.commune_key.CommuneKey`); a reference table (programs,
poverty standards) is small and copied to every node.
`python manage.py shell -c "from giamngheo.commune_paths import report; report()"` prints the
list; tests/giamngheo/test_commune_paths.py keeps it true as models are added.
"""

from __future__ import annotations

from collections import deque

from django.apps import apps
from django.db import models

from giamngheo.commune_key import CommuneKey

APPS = ("giamngheo", "documents", "households", "projects", "inspections", "reports")

# Rows that belong to no single commune, and why.
NOT_COMMUNE_OWNED = {
    "giamngheo.Province": "the place list itself (34 provinces)",
    "giamngheo.Commune": "the place list itself (3,321 communes): the partition key's own table",
    "giamngheo.User": "an account can serve several communes through its role assignments",
    "giamngheo.RoleAssignment": "an account's roles: per user, at province, commune or village level",
    "documents.DocumentKind": "reference list of document kinds",
    "households.PovertyStandard": "national poverty standards",
    "projects.Program": "national target programmes",
    "projects.Component": "components of a programme",
    "projects.RuleSet": "national or provincial rules",
    "inspections.FollowUpRule": "the follow-up rules of a rule set",
    "reports.ReportDefinition": "national or provincial report templates",
    "reports.PublicHoliday": "the national calendar",
    "reports.ExportJob": "one user's background export, over the communes that user reaches",
}

# Rows of a commune or of a level above it: the commune key is there but may be empty.
COMMUNE_OR_ABOVE = {
    "giamngheo.AuditEntry": "an entry of a commune's work, or of an account or the province (commune empty)",
    "projects.LegalDocument": "a commune's decision, or a national or provincial one (commune empty)",
    "reports.MonitoringMission": "a mission to one commune, or to the whole province (commune empty)",
}


def commune_path(model: type[models.Model]) -> list[str] | None:
    """The shortest chain of required foreign keys from `model` to Commune, e.g.
    ["household", "commune"], or None when there is none. Nullable keys do not count: a row must
    belong to its commune whatever it holds."""
    commune = apps.get_model("giamngheo", "Commune")
    seen = {model}
    queue = deque([(model, [])])
    while queue:
        current, path = queue.popleft()
        for field in current._meta.fields:
            if not field.many_to_one and not field.one_to_one:
                continue
            if field.null:
                continue
            target = field.related_model
            if target is commune:
                return [*path, field.name]
            if target not in seen and target._meta.app_label in APPS:
                seen.add(target)
                queue.append((target, [*path, field.name]))
    return None


def our_models() -> list[type[models.Model]]:
    return [m for label in APPS for m in apps.get_app_config(label).get_models()]


def _commune_field(model):
    return next((f for f in model._meta.concrete_fields if f.name == "commune"), None)


def report() -> None:
    for model in our_models():
        label = model._meta.label
        path = commune_path(model)
        if label in NOT_COMMUNE_OWNED:
            print(f"{label:<36} not commune-owned: {NOT_COMMUNE_OWNED[label]}")
        elif label in COMMUNE_OR_ABOVE:
            print(f"{label:<36} commune_id or empty: {COMMUNE_OR_ABOVE[label]}")
        elif isinstance(field := _commune_field(model), CommuneKey):
            print(f"{label:<36} commune_id, copied from {field.parent}")
        elif path == ["commune"]:
            print(f"{label:<36} commune_id")
        else:
            print(f"{label:<36} via {' → '.join(path or ['(none)'])}")
