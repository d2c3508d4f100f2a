from django.contrib import admin

from careplans.models import ProgramAssessmentSettings


@admin.register(ProgramAssessmentSettings)
class ProgramAssessmentSettingsAdmin(admin.ModelAdmin):
    list_display = ["program", "intake_window_days", "plan_review_days"]
    fields = ["program", "intake_window_days", "plan_review_days", "instrument_settings"]
