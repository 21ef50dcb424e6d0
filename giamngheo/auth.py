"""Signing in: login throttling (django-axes) and the lockout that commune staff can lift."""

from __future__ import annotations

import datetime as dt

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses a login while its username and address are locked out.

    Only sign-ins that come through a web request are throttled (the login page, the admin's):
    code that authenticates without a request — the test client's `login()`, a management
    command — is not a guessing channel, so it is let through to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip_behind_proxy(request) -> str | None:
    """The client's address as our own proxy saw it: the last hop of X-Forwarded-For (the
    entries before it come from the client and can be forged)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-1] if hops else request.META.get("REMOTE_ADDR")


def _locking_attempts():
    """Failed-login records that lock their username and address right now."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    )


def locked_usernames(usernames) -> set[str]:
    """Which of these usernames are locked out from at least one address (one query)."""
    return set(_locking_attempts().filter(username__in=list(usernames)).values_list("username", flat=True))


def retry_time(username: str | None, ip_address: str | None) -> dt.datetime:
    """When a locked-out username may try again from this address."""
    last = (
        AccessAttempt.objects.filter(username=username, ip_address=ip_address)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return (last or timezone.now()) + settings.AXES_COOLOFF_TIME
