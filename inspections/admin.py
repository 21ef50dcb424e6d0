"""Reference data of the follow-up that administrators set: each rule set's follow-up rules and
each commune's photo setting. Everything else changes only through the services (audited)."""

from django.contrib import admin

from inspections.models import CommuneFollowUpSettings, FollowUpRule


@admin.register(FollowUpRule)
class FollowUpRuleAdmin(admin.ModelAdmin):
    list_display = ["rule_set", "inspection_interval_months", "commitment_months", "rotation_what"]


@admin.register(CommuneFollowUpSettings)
class CommuneFollowUpSettingsAdmin(admin.ModelAdmin):
    list_display = ["commune", "keep_photo_location"]
