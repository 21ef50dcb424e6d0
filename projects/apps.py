from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Dự án hỗ trợ")

    def ready(self) -> None:
        from giamngheo import audit_labels, worklist
        from projects import audit_labels as labels
        from projects import worklist as items

        worklist.register(items.items)
        audit_labels.register(labels.all_labels())

        # The document builders register themselves with the register (for corrections).
        from projects import issuing, meetings  # noqa: F401
