import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (settings are configured by the line above)

if not settings.DEBUG and settings.SECRET_KEY == settings.DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
