from __future__ import annotations

import time

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a commune officer
    whose phone happens to be set to English would get an English UI they never asked for.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class IdleSessionMiddleware:
    """Signs a user out after SESSION_IDLE_MINUTES without a request.

    The session (and its cookie) lasts SESSION_COOKIE_AGE from its last save; this pushes the
    expiry forward while the user works. It saves at most once a minute instead of on every
    request (SESSION_SAVE_EVERY_REQUEST would write the session table on each page view).
    """

    KEY = "_idle_refreshed_at"
    EVERY_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.EVERY_SECONDS:
                session[self.KEY] = now
        return self.get_response(request)


def mark_session_fresh(sender, request, user, **kwargs):
    """At login the session is new: no need to refresh it on the very next request."""
    if getattr(request, "session", None) is not None:
        request.session[IdleSessionMiddleware.KEY] = int(time.time())
