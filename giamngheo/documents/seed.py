"""The kinds of document, as the register's data migration loads them, for code that needs them
again after a test flushed the tables (transactional and browser tests)."""

from __future__ import annotations

from importlib import import_module


def ensure_kinds() -> None:
    from giamngheo.documents.models import DocumentKind

    kinds = import_module("giamngheo.documents.migrations.0002_kinds_and_sequences").KINDS
    for code, name, suffix, title, issuer, recipients, order in kinds:
        DocumentKind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "suffix": suffix,
                "title": title,
                "issuer": issuer,
                "default_recipients": recipients,
                "order": order,
            },
        )
