"""Slots on core and app pages that other apps fill, so a page never imports the app that adds to it.

An app registers `panels.register("household.support", render)` from its AppConfig.ready();
`render(request, obj) -> str` returns HTML (usually `render_to_string(...)`). The page says
`{% load panels %}{% panel "household.support" household as html %}` and prints `html` (or its
own empty text). Dependencies stay one way: `households` never imports `inspections`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

Renderer = Callable[[object, object], str]
SLOTS: dict[str, list[Renderer]] = {}


def register(slot: str, renderer: Renderer) -> None:
    renderers = SLOTS.setdefault(slot, [])
    if renderer not in renderers:
        renderers.append(renderer)


def render(slot: str, request, obj) -> SafeString:
    return mark_safe("".join(r(request, obj) for r in SLOTS.get(slot, [])))  # noqa: S308 (renderers return escaped templates)
