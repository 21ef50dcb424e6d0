from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = _("Hộ gia đình")

    def ready(self) -> None:
        # The public notice's builder registers itself with the document register.
        from households import public_notice  # noqa: F401
