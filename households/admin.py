"""Administrators edit the poverty standards (reference data) here.

Households, members, classifications and groups are shown read-only: their changes go through
households.services so that every one of them is audited.
"""

from django.contrib import admin

from households.models import (
    Classification,
    CommunityGroup,
    GroupMembership,
    Household,
    Member,
    PovertyStandard,
)


@admin.register(PovertyStandard)
class PovertyStandardAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "valid_from_year",
        "valid_to_year",
        "rural_income_line",
        "urban_income_line",
        "poor_min_deprivations",
    ]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class MemberInline(admin.TabularInline):
    model = Member
    fields = ["full_name", "relationship", "birth_year", "sex", "id_kind"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ClassificationInline(admin.TabularInline):
    model = Classification
    fields = ["year", "category", "standard", "decision_number", "decision_date"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdmin):
    list_display = ["code", "head_name", "village", "commune", "status"]
    list_filter = ["status", "commune"]
    search_fields = ["search_key", "code"]
    list_select_related = ["village", "commune"]
    exclude = ["search_key"]
    inlines = [MemberInline, ClassificationInline]


class GroupMembershipInline(admin.TabularInline):
    model = GroupMembership
    fields = ["household", "joined_on", "left_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CommunityGroup)
class CommunityGroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "village", "head_name", "decision_number", "decision_date"]
    list_select_related = ["village"]
    inlines = [GroupMembershipInline]
