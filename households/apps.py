from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = _("Hộ gia đình")

    def ready(self) -> None:
        from giamngheo import audit_labels, worklist
        from households import audit_labels as labels
        from households import worklist as items

        worklist.register(items.items)
        audit_labels.register(labels.LABELS)

        from households import review_version

        review_version.connect()

        # The public notice's builder registers itself with the document register.
        # The list's Excel export registers itself with reports' background exports.
        from households import (
            exports,  # noqa: F401
            public_notice,  # noqa: F401
        )
