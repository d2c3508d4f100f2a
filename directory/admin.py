"""Django admin views of the directory, read-mostly for superusers; agency admins use the
app's own pages (directory/views/directory.py), which scope, lock and audit every change."""

from django.contrib import admin

from directory.models import Organization, Service, TaxonomyTerm


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # entries are deactivated, never deleted

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Organization)
class OrganizationAdmin(_ReadOnly):
    list_display = ["name", "agency", "is_active", "verified_on"]
    list_filter = ["agency", "is_active"]
    search_fields = ["name"]


@admin.register(Service)
class ServiceAdmin(_ReadOnly):
    list_display = ["name", "organization", "agency", "status", "verified_on"]
    list_filter = ["agency", "status"]
    search_fields = ["name", "organization__name"]
    list_select_related = ["organization", "agency"]


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(_ReadOnly):
    list_display = ["name", "code", "agency"]
    list_filter = ["agency"]
