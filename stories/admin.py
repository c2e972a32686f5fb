from collections import Counter

from django.contrib import admin, messages

from archive.admin import CuratedAdmin, PreloadedAutocompleteMixin
from archive.models import Origin

from .journal import undo_run
from .models import (
    Appearance,
    ImportChange,
    ImportRun,
    Source,
    Story,
    StoryCommunity,
    StoryDistrict,
    StoryOrganization,
    StoryStreet,
)


class LinkInline(PreloadedAutocompleteMixin, admin.TabularInline):
    """An inline of importer-proposed links. Deleting an importer's link rejects it instead
    (see StoryAdmin.save_formset), so that the next import remembers the editor's decision."""

    extra = 0
    readonly_fields = ["origin", "confidence"]


class AppearanceInline(LinkInline):
    model = Appearance
    fields = [
        "person",
        "title",
        "role",
        "community",
        "organization",
        "age",
        "is_verified",
        "is_rejected",
        "origin",
        "confidence",
    ]
    autocomplete_fields = ["person", "role", "community", "organization"]


class StoryDistrictInline(LinkInline):
    model = StoryDistrict
    fields = ["district", "is_inferred", "is_verified", "is_rejected", "origin", "confidence"]
    autocomplete_fields = ["district"]


class StoryStreetInline(LinkInline):
    model = StoryStreet
    fields = ["street", "is_inferred", "is_verified", "is_rejected", "origin", "confidence"]
    autocomplete_fields = ["street"]


class StoryCommunityInline(LinkInline):
    model = StoryCommunity
    fields = ["community", "is_verified", "is_rejected", "origin", "confidence"]
    autocomplete_fields = ["community"]


class StoryOrganizationInline(LinkInline):
    model = StoryOrganization
    fields = ["organization", "is_verified", "is_rejected", "origin", "confidence"]
    autocomplete_fields = ["organization"]


@admin.register(Source)
class SourceAdmin(CuratedAdmin):
    list_display = ["filename", "publication", "city", "year", "is_year_inferred", "home_district"]
    list_select_related = ["home_district"]
    search_fields = ["filename", "publication", "city", "sha256"]
    autocomplete_fields = ["home_district"]
    readonly_fields = [*CuratedAdmin.readonly_fields, "sha256", "encoding"]


@admin.register(Story)
class StoryAdmin(CuratedAdmin):
    list_display = ["title", "source", "position", "status", "date_start", "confidence"]
    list_filter = ["status", "origin", "is_verified"]
    list_select_related = ["source"]
    search_fields = ["title", "kicker", "subtitle", "body", "source__filename"]
    date_hierarchy = "date_start"
    autocomplete_fields = ["source"]
    inlines = [
        AppearanceInline,
        StoryCommunityInline,
        StoryStreetInline,
        StoryDistrictInline,
        StoryOrganizationInline,
    ]

    def get_queryset(self, request):
        # The changelist joins every story's source for its column; a source's whole page
        # text (tens of kilobytes) would otherwise come along once per row.
        return super().get_queryset(request).defer("source__text")

    def save_formset(self, request, form, formset, change):
        links = formset.save(commit=False)
        for link in formset.deleted_objects:
            if link.origin == Origin.IMPORTER:
                link.is_rejected = True
                link.mark_edited(["is_rejected"])
                link.save()
            else:
                link.delete()
        for link in links:
            if link.pk:
                changed = next(f.changed_data for f in formset.forms if f.instance is link)
                link.mark_edited(changed)
            link.save()
        formset.save_m2m()


@admin.register(Appearance)
class AppearanceAdmin(CuratedAdmin):
    list_display = ["person", "title", "role", "story", "origin", "is_verified", "is_rejected"]
    list_filter = ["role", "origin", "is_verified", "is_rejected"]
    list_select_related = ["person", "role", "story"]
    search_fields = ["person__name", "person__aliases", "aliases", "title", "story__title"]
    autocomplete_fields = ["story", "person", "role", "community", "organization"]


class ImportChangeInline(admin.TabularInline):
    model = ImportChange
    extra = 0
    can_delete = False
    fields = ["action", "content_type", "object_id", "label"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("content_type")


@admin.action(description="撤销所选导入（保留编辑改过的内容）", permissions=["change"])
def undo_import_runs(modeladmin, request, queryset):
    """Undo runs newest first, so that a later run's changes are reversed before an
    earlier run's; editors' work is never undone (see stories.journal.undo_run)."""
    result, undone = Counter(), 0
    for run in queryset.exclude(status=ImportRun.Status.UNDONE).order_by("-started_at"):
        result.update(undo_run(run))
        undone += 1
    modeladmin.message_user(
        request,
        f"已撤销 {undone} 次导入：删除 {result['deleted']} 条，恢复 {result['restored']} 处修改，"
        f"重建 {result['recreated']} 条；因编辑改过而保留 {result['kept']} 条。",
        messages.SUCCESS if undone else messages.WARNING,
    )


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "started_at", "finished_at", "status"]
    list_filter = ["status"]
    actions = [undo_import_runs]
    readonly_fields = [
        "started_at",
        "finished_at",
        "status",
        "options",
        "pages",
        "summary",
        "undone_at",
    ]
    inlines = [ImportChangeInline]

    def has_add_permission(self, request):
        return False
