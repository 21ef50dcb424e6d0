"""docs/security.md says who may do what exactly as access.ACTIONS does."""

from __future__ import annotations

from giamngheo.access import ACTIONS
from giamngheo.security_doc import DESCRIPTIONS, DOC, rendered


def test_the_committed_roles_table_matches_the_actions_table():
    text = DOC.read_text(encoding="utf-8")
    assert text == rendered(text), "docs/security.md is stale: run `manage.py security_doc` and commit it"


def test_every_action_says_what_it_allows():
    missing = sorted(set(ACTIONS) - set(DESCRIPTIONS))
    assert not missing, f"describe these actions in giamngheo/security_doc.py DESCRIPTIONS: {missing}"


def test_a_changed_table_makes_the_doc_stale(monkeypatch):
    text = DOC.read_text(encoding="utf-8")
    monkeypatch.setitem(ACTIONS, "audit.view", ACTIONS["audit.view"] | {"commune_officer"})
    assert rendered(text) != text
