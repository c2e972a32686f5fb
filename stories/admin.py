"""The editors' story workspace: the story list and review queue, bulk status actions as
one revision each, the change form with the text marked up and the reasons it waits for
review above its inlines, a preview of the story as readers would see it, and the
appearances' own queue (issue 7). What waits, why, and the bulk actions that decide it
are in stories.review."""

from collections import Counter

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join
from reversion.admin import VersionAdmin

from archive.admin import CuratedAdmin
from archive.models import ExtractedLinkModel, Origin

from .admin_filters import ActiveDistrictFilter, MonthFilter, SourceFilter, StoryChangeList
from .admin_inlines import (
    AppearanceInline,
    BylineInline,
    StoryCommunityInline,
    StoryDateInline,
    StoryDistrictInline,
    StoryOrganizationInline,
    StoryStreetInline,
)
from .journal import undo_run
from .models import (
    Appearance,
    ImportChange,
    ImportRun,
    Source,
    Story,
)
from .rendering import excerpt, story_blocks
from .review import (
    QUEUE_ORDERING,
    AppearanceQueueFilter,
    ReviewQueueFilter,
    in_queue,
    marked_text,
    publish_stories,
    recognised_names,
    return_stories_to_draft,
    review_reasons,
    send_stories_to_review,
    verify_appearances,
    verify_stories,
    with_links,
)
from .views import related_stories


@admin.register(Source)
class SourceAdmin(VersionAdmin, CuratedAdmin):
    list_display = ["filename", "publication", "city", "year", "is_year_inferred", "home_district"]
    list_select_related = ["home_district"]
    search_fields = ["filename", "publication", "city", "sha256"]
    autocomplete_fields = ["home_district"]
    readonly_fields = [*CuratedAdmin.readonly_fields, "sha256", "encoding"]


@admin.register(Story)
class StoryAdmin(VersionAdmin, CuratedAdmin):
    list_display = [
        "title",
        "source",
        "district_names",
        "date_range",
        "status",
        "people_count",
        "confidence",
        "is_verified",
    ]
    list_filter = [
        ReviewQueueFilter,
        "status",
        "is_verified",
        ActiveDistrictFilter,
        ("appearances__role", admin.RelatedOnlyFieldListFilter),
        SourceFilter,
        MonthFilter,
        "origin",
    ]
    list_select_related = ["source"]
    search_fields = ["title", "kicker", "subtitle", "body", "source__filename"]
    autocomplete_fields = ["source"]
    actions = [publish_stories, send_stories_to_review, return_stories_to_draft, verify_stories]
    readonly_fields = [*CuratedAdmin.readonly_fields, "confidence", "marked_body", "reasons"]
    # The text with what was recognised comes first, so that it sits just above the
    # inlines that list what was extracted; the editable text follows, folded away.
    fieldsets = [
        (
            "正文与识别结果",
            {"fields": [("status", "is_verified", "confidence"), "reasons", "marked_body"]},
        ),
        ("编辑备注", {"fields": ["editor_notes"]}),
        (
            "报道内容",
            {
                "classes": ["collapse"],
                "fields": [
                    ("source", "position"),
                    "kicker",
                    "title",
                    "subtitle",
                    "body",
                    ("date_start", "date_end"),
                ],
            },
        ),
        (
            "来源记录",
            {
                "classes": ["collapse"],
                "fields": ["origin", "editor_fields", "created_at", "updated_at"],
            },
        ),
    ]
    inlines = [
        AppearanceInline,
        StoryCommunityInline,
        StoryStreetInline,
        StoryDistrictInline,
        StoryOrganizationInline,
        BylineInline,
        StoryDateInline,
    ]

    class Media:
        css = {"all": ["archive/admin.css"]}

    def get_queryset(self, request):
        # The changelist joins every story's source for its column; a source's whole page
        # text (tens of kilobytes) would otherwise come along once per row.
        people = Count("appearances", filter=Q(appearances__is_rejected=False), distinct=True)
        return super().get_queryset(request).defer("source__text").annotate(people_count=people)

    def get_changelist(self, request, **kwargs):
        return StoryChangeList

    def get_ordering(self, request):
        if in_queue(request):
            return QUEUE_ORDERING
        return super().get_ordering(request)

    def get_urls(self):
        preview = path(
            "<int:pk>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="stories_story_preview",
        )
        return [preview, *super().get_urls()]

    def view_on_site(self, obj):
        """The public page, for published stories only: a draft's would be a 404."""
        return obj.get_absolute_url() if obj.is_public else None

    @admin.display(description="区县")
    def district_names(self, story):
        return "、".join(link.district.name for link in story.active_district_links)

    @admin.display(description="日期", ordering="date_start")
    def date_range(self, story):
        if story.date_start is None:
            return "—"
        start, end = story.date_start, story.date_end
        if end in (None, start):
            return start.isoformat()
        end_format = "%m-%d" if end.year == start.year else "%Y-%m-%d"
        return f"{start.isoformat()}至{end.strftime(end_format)}"

    @admin.display(description="人数", ordering="people_count")
    def people_count(self, story):
        return story.people_count

    @admin.display(description="正文（识别出的名称已标出）")
    def marked_body(self, story):
        story = with_links(story)
        return marked_text(story.body, recognised_names(story))

    @admin.display(description="待审核原因")
    def reasons(self, story):
        reasons = review_reasons(with_links(story))
        if not reasons:
            return "没有待审核的原因"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((r,) for r in reasons))
        )

    def preview_view(self, request, pk):
        """The story as its public page shows it, whatever its status: the context of
        stories.views.StoryDetailView, under a banner."""
        story = get_object_or_404(Story.objects.for_detail(), pk=pk)
        if not self.has_view_permission(request, story):
            raise PermissionDenied
        context = {
            "story": story,
            "blocks": story_blocks(story),
            "related": related_stories(story),
            "description": excerpt(story.public_text["body"], 110),
        }
        return TemplateResponse(request, "admin/stories/story/preview.html", context)

    def save_formset(self, request, form, formset, change):
        if not issubclass(formset.model, ExtractedLinkModel):
            return super().save_formset(request, form, formset, change)  # bylines, dates
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
    list_display = [
        "person",
        "title",
        "role",
        "story",
        "confidence",
        "origin",
        "is_verified",
        "is_rejected",
    ]
    list_filter = [AppearanceQueueFilter, "role", "origin", "is_verified", "is_rejected"]
    list_select_related = ["person", "role", "story"]
    search_fields = ["person__name", "person__aliases__name", "aliases", "title", "story__title"]
    autocomplete_fields = ["story", "person", "role", "community", "organization"]
    readonly_fields = [*CuratedAdmin.readonly_fields, "confidence"]
    actions = [verify_appearances]

    def get_queryset(self, request):
        # The story column's title comes with the join, not the story's whole text.
        return super().get_queryset(request).defer("story__body")

    def get_ordering(self, request):
        if in_queue(request):
            return QUEUE_ORDERING
        return super().get_ordering(request)


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
