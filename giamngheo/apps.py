from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GiamngheoConfig(AppConfig):
    name = "giamngheo"
    verbose_name = _("Giảm nghèo — nền tảng")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from giamngheo import checks, worklist  # noqa: F401  (checks registers the deploy checks)
        from giamngheo.middleware import mark_session_fresh

        user_logged_in.connect(mark_session_fresh, dispatch_uid="giamngheo.mark_session_fresh")
        worklist.register(worklist.core_items)
