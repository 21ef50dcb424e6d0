"""Two helpers that keep htmx views one-liners (style rules 10 and 11)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django_htmx.http import HttpResponseClientRedirect


def partial(request: HttpRequest, template: str, name: str) -> str:
    """The whole page normally; only the named partial for an htmx request."""
    return f"{template}#{name}" if getattr(request, "htmx", False) else template


def redirect_after_post(request: HttpRequest, to, *args, **kwargs) -> HttpResponse:
    url = resolve_url(to, *args, **kwargs)
    return HttpResponseClientRedirect(url) if getattr(request, "htmx", False) else redirect(url)
