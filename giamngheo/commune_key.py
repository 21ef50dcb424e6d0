"""The commune's own id on a row that belongs to it through a parent (a member through its
household, an inspection item through its inspection).

Queries reach these rows through their parents, as before; the copy is there so that every
commune-owned table can be partitioned or distributed by commune as it stands (docs/scaling.md).
The field fills itself from the parent when the row is first written, through `save()`,
`bulk_create()` and the importer alike (all of them call `Field.pre_save`), so no caller names
it. A row never changes commune: households, projects and the rest keep theirs for life.
`python manage.py check_commune_keys` counts any row whose copy differs from its parent's.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class CommuneKey(models.ForeignKey):
    """A required key to the commune, copied from the row's parent `parent` (a required foreign
    key of the same model whose target has a `commune_id` of its own).

    No index by default: nothing looks rows up by it alone, and an index on every child table
    would cost each insert of a province-sized dataset for a key only the partitioning reads.
    No cascade either: a commune is never deleted while its households and projects are there
    (they protect it), and Django would otherwise scan every child table to look for rows.
    """

    def __init__(self, to="giamngheo.Commune", on_delete=models.DO_NOTHING, *, parent: str, **kwargs):
        self.parent = parent
        kwargs.setdefault("related_name", "+")
        kwargs.setdefault("db_index", False)
        kwargs.setdefault("editable", False)
        # blank: full_clean() before the first save must not ask for what save() fills in.
        kwargs.setdefault("blank", True)
        kwargs.setdefault("verbose_name", _("xã"))
        super().__init__(to, on_delete, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["parent"] = self.parent
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        if getattr(model_instance, self.attname) is None:
            setattr(model_instance, self.attname, self.commune_of_parent(model_instance))
        return super().pre_save(model_instance, add)

    def commune_of_parent(self, instance) -> int | None:
        parent = instance._meta.get_field(self.parent)
        if parent.is_cached(instance):
            obj = parent.get_cached_value(instance)
            return None if obj is None else obj.commune_id
        parent_id = getattr(instance, parent.attname)
        if parent_id is None:
            return None
        manager = parent.related_model._base_manager
        return manager.filter(pk=parent_id).values_list("commune_id", flat=True).first()


def commune_keys() -> list[tuple[type[models.Model], CommuneKey]]:
    """Every model with a copied commune id, and its field."""
    from giamngheo.commune_paths import our_models

    return [
        (model, field)
        for model in our_models()
        for field in model._meta.concrete_fields
        if isinstance(field, CommuneKey)
    ]


def mismatches() -> dict[str, int]:
    """Rows whose copied commune differs from their parent's, by model label (only those with any)."""
    found = {}
    for model, field in commune_keys():
        wrong = model._base_manager.exclude(**{field.attname: F(f"{field.parent}__commune_id")}).count()
        if wrong:
            found[model._meta.label] = wrong
    return found


def backfill(apps, schema_editor, models_and_parents: list[tuple[str, str]]) -> None:
    """For a migration: fill the new key from the parents, in the order given (a parent that has
    just gained its own key comes before its children)."""
    from django.db.models import OuterRef, Subquery

    for label, parent in models_and_parents:
        model = apps.get_model(label)
        field = model._meta.get_field(parent)
        source = field.related_model._base_manager.filter(pk=OuterRef(field.attname)).values("commune_id")
        model._base_manager.update(commune_id=Subquery(source[:1]))
