from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from casework import services
from casework.models import Agency, AuditEvent, Membership, Program, ServiceArea, Team, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["team", "role"]


class AuditsMemberships:
    """Audit every membership the admin adds, re-roles or removes (privilege changes)."""

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        previous = {
            f.instance.pk: f.initial.get("role") for f in formset.initial_forms if f.instance.pk
        }
        super().save_formset(request, form, formset, change)
        for membership in formset.new_objects:
            services.membership_record(
                membership=membership, change="added", changed_by=request.user, request=request
            )
        for membership, _fields in formset.changed_objects:
            services.membership_record(
                membership=membership,
                change="changed",
                previous_role=previous.get(membership.pk),
                changed_by=request.user,
                request=request,
            )
        for membership in formset.deleted_objects:
            services.membership_record(
                membership=membership, change="removed", changed_by=request.user, request=request
            )


@admin.register(User)
class UserAdmin(AuditsMemberships, DjangoUserAdmin):
    ordering = ["full_name"]
    list_display = ["email", "full_name", "job_title", "is_active", "last_login"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "credentials", "job_title", "work_phone"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "full_name", "password1", "password2"]}),
    ]

    def save_model(self, request, obj, form, change):
        before = {name: form.initial.get(name) for name in services.PRIVILEGE_FIELDS}
        super().save_model(request, obj, form, change)
        if change:
            services.staff_privileges_record(
                user=obj, before=before, changed_by=request.user, request=request
            )


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "kind", "contact_standard_days", "care_plan_review_days"]
    list_filter = ["agency", "kind"]


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "agency"]


@admin.register(Team)
class TeamAdmin(AuditsMemberships, admin.ModelAdmin):
    list_display = ["name", "agency", "program", "service_area", "is_active"]
    list_filter = ["agency", "program", "is_active"]
    inlines = [MembershipInline]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only in the database as well."""

    list_display = ["occurred_at", "actor", "action", "object_type", "object_id", "client_id"]
    list_filter = ["action"]
    search_fields = ["action", "object_id", "request_id"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
