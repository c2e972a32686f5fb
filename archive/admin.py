"""Admin behaviour shared by every curated model: editors' changes are recorded as theirs."""

from django.contrib import admin


class CuratedAdmin(admin.ModelAdmin):
    """Marks every field an editor changes as editor-owned, so a re-import keeps it.

    Rows created in the admin are editor-made by the model's default origin. The
    importer's provenance fields are shown read-only.
    """

    readonly_fields = ["origin", "editor_fields", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.mark_edited(field for field in form.changed_data if field != "is_verified")
        super().save_model(request, obj, form, change)
