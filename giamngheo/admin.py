"""Administrators manage reference data here; commune staff never need the admin."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from giamngheo.models import AuditEntry, Commune, Province, RoleAssignment, User, Village

admin.site.site_header = _("Giảm nghèo — quản trị")
admin.site.site_title = _("Giảm nghèo")


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province", "reports_to"]
    list_filter = ["province", "reports_to"]
    search_fields = ["name", "code"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "kind", "is_active"]
    search_fields = ["name", "commune__name"]
    list_select_related = ["commune"]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["province", "commune", "village"]


@admin.register(User)
class GiamngheoUserAdmin(UserAdmin):
    fieldsets = [*UserAdmin.fieldsets, (_("Giảm nghèo"), {"fields": ["full_name", "phone", "position"]})]
    list_display = ["username", "full_name", "is_active"]
    search_fields = ["username", "full_name"]
    inlines = [RoleAssignmentInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target_repr", "commune"]
    list_filter = ["action"]
    search_fields = ["target_repr", "action"]
    list_select_related = ["actor", "commune"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
