from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from projects.models import Component, LegalDocument, Program, RuleSet


class ComponentInline(admin.TabularInline):
    model = Component
    fk_name = "program"
    extra = 1
    fields = ["code", "name", "parent", "order", "is_active", "to_verify"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year", "is_active"]
    inlines = [ComponentInline]


@admin.register(LegalDocument)
class LegalDocumentAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "issued_on", "issuer", "summary"]
    list_filter = ["kind"]
    search_fields = ["number", "summary", "issuer"]


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    """Administrators edit the provincial rules here. A version already used by a project is
    read-only: "Lưu thành phiên bản mới" makes the next version instead."""

    list_display = ["name", "province", "version", "valid_from", "approval_route", "is_active"]
    list_filter = ["province", "is_active"]
    save_as = True

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        saving_as_new = "_saveasnew" in request.POST

        class GuardedForm(form):
            def clean(self):
                data = super().clean()
                used = self.instance.pk and self.instance.projects.exists()
                if used and not saving_as_new and set(self.changed_data) - {"is_active"}:
                    raise ValidationError(
                        _(
                            "Phiên bản này đã được dự án sử dụng nên không sửa được. "
                            "Hãy tăng số phiên bản và bấm “Lưu mới” để tạo phiên bản sau."
                        )
                    )
                return data

        return GuardedForm

    def save_model(self, request, obj, form, change):
        from giamngheo import audit

        super().save_model(request, obj, form, change)
        audit.record(
            request.user, obj, "ruleset.changed" if change else "ruleset.created", version=obj.version
        )

    save_as_continue = True
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["name", "province", "version", "legal_basis", "valid_from", "is_active"]}),
        (_("Quy trình phê duyệt"), {"fields": ["approval_route", "approving_body"]}),
        (
            _("Đối tượng và tỷ lệ"),
            {
                "fields": [
                    "eligible_categories",
                    "priority_categories",
                    "min_beneficiary_share",
                    "priority_share",
                    "min_counterpart_share",
                    "newly_escaped_months",
                ]
            },
        ),
        (_("Mức hỗ trợ"), {"fields": ["ceiling_per_household", "ceiling_per_project"]}),
        (
            _("Hồ sơ, cam kết, luân chuyển"),
            {
                "fields": [
                    "checklist",
                    "commitment_clauses",
                    "posting_days",
                    "rotation_months",
                    "rotation_rule",
                ]
            },
        ),
    ]
