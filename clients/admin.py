from django.contrib import admin

from clients.models import Client, NoteAddendum, Visit


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["record_number", "family_name", "given_name", "team"]
    list_filter = ["team"]
    search_fields = ["record_number", "family_name", "given_name"]
    fields = ["agency", "team", "record_number", "given_name", "family_name", "preferred_name"]


class NoteAddendumInline(admin.TabularInline):
    model = NoteAddendum
    fields = ["kind", "reason", "text", "author", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    """Signed notes are shown read-only and never deleted (the database refuses too);
    changes to a signed note are addenda, written through the app."""

    list_display = ["id", "client", "author", "contact_at", "mode", "signed_at"]
    list_filter = ["mode", "is_crisis"]
    list_select_related = ["client", "author"]
    raw_id_fields = ["client", "author", "team", "cosigned_by"]
    inlines = [NoteAddendumInline]
    fields = [
        "client",
        "team",
        "author",
        "contact_at",
        "duration_minutes",
        "mode",
        "place",
        "services",
        "is_crisis",
        "note_format",
        "note",
        "next_contact_due",
        "sign_due_at",
        "signed_at",
        "is_late_entry",
        "cosigned_by",
        "cosigned_at",
        "retracted_at",
    ]
    # Signing, late-entry marks and retraction have rules; only the services set them.
    _always_read_only = ["signed_at", "is_late_entry", "cosigned_by", "cosigned_at", "retracted_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_signed:
            return self.fields
        return self._always_read_only

    def has_delete_permission(self, request, obj=None) -> bool:
        # No bulk delete (obj is None there): it would reach signed notes.
        return obj is not None and not obj.is_signed and super().has_delete_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        # A visit is logged through the app, which sets the windows and the contact dates.
        return False


@admin.register(NoteAddendum)
class NoteAddendumAdmin(admin.ModelAdmin):
    """Addenda are append-only: read here, written through the app."""

    list_display = ["id", "visit", "kind", "author", "created_at"]
    list_select_related = ["visit", "author"]
    readonly_fields = ["visit", "kind", "text", "reason", "author", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
