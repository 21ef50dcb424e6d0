from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GiamngheoConfig(AppConfig):
    name = "giamngheo"
    verbose_name = _("Giảm nghèo — nền tảng")

    def ready(self) -> None:
        from giamngheo import checks, worklist  # noqa: F401  (checks registers the deploy checks)

        worklist.register(worklist.core_items)
