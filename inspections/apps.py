from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("Kiểm tra, giám sát")

    def ready(self) -> None:
        from giamngheo import audit_labels, panels, worklist
        from inspections import labels
        from inspections import worklist as items

        worklist.register(items.items)
        audit_labels.register(labels.LABELS)
        panels.register("project.after_approval", items.project_panel)
        panels.register("household.followup", items.household_panel)
