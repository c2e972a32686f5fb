"""The editors' story workspace: the story list and review queue, bulk status actions as
one revision each, the change form with the text marked up and the reasons it waits for
review, and a preview of the story as readers would see it (issue 7)."""

import re
from collections import Counter

import reversion
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from reversion.admin import VersionAdmin

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
from .pipeline.extract import REVIEW_BELOW
from .rendering import excerpt, story_blocks
from .views import related_stories


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


# The review queue: stories the importer sent to review or was unsure about, until an
# editor verifies them (so that one click on "verify" takes a story out of the queue).
REVIEW_QUEUE = Q(is_verified=False) & (
    Q(status=Story.Status.REVIEW) | Q(confidence__lt=REVIEW_BELOW)
)


def review_queue(stories):
    """The stories of `stories` that wait for an editor, oldest import first."""
    return stories.filter(REVIEW_QUEUE).order_by("created_at", "pk")


class ReviewQueueFilter(admin.SimpleListFilter):
    title = "审核队列"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("1", f"待审核（未核实，且状态待审核或置信度低于 {REVIEW_BELOW:.2f}）")]

    def queryset(self, request, queryset):
        # StoryAdmin.get_ordering puts the queue oldest first.
        return queryset.filter(REVIEW_QUEUE) if self.value() == "1" else queryset


class ActiveDistrictFilter(admin.SimpleListFilter):
    """Districts the story is linked to, ignoring links an editor rejected."""

    title = "区县"
    parameter_name = "district"

    def lookups(self, request, model_admin):
        districts = StoryDistrict.objects.active().values_list("district", "district__name")
        return sorted(set(districts), key=lambda choice: choice[1])

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit():
            return queryset
        links = StoryDistrict.objects.active().filter(district=self.value())
        return queryset.filter(pk__in=links.values("story"))


class SourceFilter(admin.SimpleListFilter):
    """The page a story was cut from, by file name (Django's related filter would load
    every page's whole text to list them)."""

    title = "来源版面"
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return Source.objects.order_by("filename").values_list("pk", "filename")

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit():
            return queryset
        return queryset.filter(source=self.value())


class MonthFilter(admin.SimpleListFilter):
    """The month a story starts in. Django's date filter offers only periods relative to
    today (past 7 days, this year), which says nothing about stories from 2020."""

    title = "起始月份"
    parameter_name = "month"

    def lookups(self, request, model_admin):
        months = Story.objects.dates("date_start", "month")
        return [(month.strftime("%Y-%m"), f"{month.year}年{month.month}月") for month in months]

    def queryset(self, request, queryset):
        if self.value() is None or not re.fullmatch(r"\d{4}-\d{2}", self.value()):
            return queryset
        year, month = map(int, self.value().split("-"))
        return queryset.filter(date_start__year=year, date_start__month=month)


# What reversion follows from a story (the inlines' rows, registered by VersionAdmin):
# prefetched, so that a bulk action's revision costs the same at any number of stories.
FOLLOWED = [
    "appearances",
    "community_links",
    "street_links",
    "district_links",
    "organization_links",
]


def _change_stories(modeladmin, request, queryset, field, value, verb):
    """Set `field` to `value` on the selected stories that differ, as one revision that
    holds every changed story, and report how many changed. Status is marked as the
    editor's, as in the change form; verifying is not an edited field (CuratedAdmin)."""
    stories = list(queryset.exclude(**{field: value}).prefetch_related(*FOLLOWED))
    now = timezone.now()
    for story in stories:
        setattr(story, field, value)
        story.updated_at = now
        if field != "is_verified":
            story.mark_edited([field])
    # bulk_update sends no signals: status and verification are not in the search index.
    with reversion.create_revision():
        Story.objects.bulk_update(stories, [field, "editor_fields", "updated_at"])
        for story in stories:
            reversion.add_to_revision(story)
        reversion.set_user(request.user)
        reversion.set_comment(f"批量操作：{verb} {len(stories)} 篇报道")
    level = messages.SUCCESS if stories else messages.WARNING
    modeladmin.message_user(request, f"已{verb} {len(stories)} 篇报道。", level)


@admin.action(description="发布所选报道", permissions=["change"])
def publish_stories(modeladmin, request, queryset):
    _change_stories(modeladmin, request, queryset, "status", Story.Status.PUBLISHED, "发布")


@admin.action(description="所选报道送审", permissions=["change"])
def send_stories_to_review(modeladmin, request, queryset):
    _change_stories(modeladmin, request, queryset, "status", Story.Status.REVIEW, "送审")


@admin.action(description="所选报道退回草稿", permissions=["change"])
def return_stories_to_draft(modeladmin, request, queryset):
    _change_stories(modeladmin, request, queryset, "status", Story.Status.DRAFT, "退回草稿")


@admin.action(description="标记所选报道为已核实", permissions=["change"])
def verify_stories(modeladmin, request, queryset):
    _change_stories(modeladmin, request, queryset, "is_verified", True, "核实")


class StoryChangeList(ChangeList):
    """Gives each listed story its active district links for the districts column."""

    def get_queryset(self, request, exclude_parameters=None):
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .prefetch_related(
                Prefetch(
                    "district_links",
                    queryset=StoryDistrict.objects.active().select_related("district"),
                    to_attr="active_district_links",
                )
            )
        )


LINK_KINDS = {
    "organization": ("组织机构", StoryOrganization),
    "community": ("社区村", StoryCommunity),
    "street": ("街道乡镇", StoryStreet),
    "district": ("区县", StoryDistrict),
}

# The active links the change form marks up and explains, under the same names as
# Story.objects.for_detail() gives them.
CURATION_PREFETCHES = [
    *(
        Prefetch(
            f"{kind}_links",
            queryset=model.objects.active().select_related(kind),
            to_attr=f"active_{kind}_links",
        )
        for kind, (_, model) in LINK_KINDS.items()
    ),
    Prefetch(
        "appearances",
        queryset=Appearance.objects.active().select_related("person"),
        to_attr="active_appearances",
    ),
]


def _with_links(story):
    if not hasattr(story, "active_appearances"):
        prefetch_related_objects([story], *CURATION_PREFETCHES)
    return story


def recognised_names(story):
    """{name as printed: what it is} for every active link of `story`; people under
    their full names and the other names the story calls them, private or not."""
    names = {}
    for kind, (label, _) in LINK_KINDS.items():
        for link in getattr(story, f"active_{kind}_links"):
            names.setdefault(getattr(link, kind).name, label)
    for appearance in story.active_appearances:
        for name in [appearance.person.name, *appearance.aliases]:
            names.setdefault(name, "人物")
    return names


def marked_text(text, names):
    """`text` escaped, in paragraphs, with every mention of `names` wrapped in <mark>."""
    words = sorted((name for name in names if len(name) >= 2), key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, words))) if words else None
    paragraphs = []
    for paragraph in filter(None, (p.strip() for p in text.split("\n\n"))):
        parts, end = [], 0
        for match in pattern.finditer(paragraph) if pattern else ():
            parts.append(conditional_escape(paragraph[end : match.start()]))
            parts.append(format_html('<mark title="{}">{}</mark>', names[match[0]], match[0]))
            end = match.end()
        parts.append(conditional_escape(paragraph[end:]))
        paragraphs.append(mark_safe("".join(parts)))
    return format_html_join("", "<p>{}</p>", ((p,) for p in paragraphs))


def _confidence(value):
    return f"置信度 {value:.2f}，低于 {REVIEW_BELOW:.2f}"


def review_reasons(story):
    """Why `story` waits for an editor: its status, its own confidence, and each active
    link the importer proposed with less confidence than REVIEW_BELOW and no editor
    has verified."""
    reasons = []
    if story.status == Story.Status.REVIEW:
        reasons.append("状态为待审核")
    if story.confidence is not None and story.confidence < REVIEW_BELOW:
        reasons.append(f"整篇抽取{_confidence(story.confidence)}")
    links = [
        (label, getattr(link, kind).name, link)
        for kind, (label, _) in LINK_KINDS.items()
        for link in getattr(story, f"active_{kind}_links")
    ]
    links += [
        ("人物", appearance.person.name, appearance) for appearance in story.active_appearances
    ]
    reasons += [
        f"{label}「{name}」{_confidence(link.confidence)}"
        for label, name, link in links
        if not link.is_verified and link.confidence is not None and link.confidence < REVIEW_BELOW
    ]
    return reasons


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
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("status", "is_verified"),
                    ("source", "position"),
                    "kicker",
                    "title",
                    "subtitle",
                    "body",
                    "byline",
                    ("date_start", "date_end"),
                    "dates",
                    "editor_notes",
                ]
            },
        ),
        ("识别结果", {"fields": ["confidence", "reasons", "marked_body"]}),
        ("来源记录", {"fields": ["origin", "editor_fields", "created_at", "updated_at"]}),
    ]
    inlines = [
        AppearanceInline,
        StoryCommunityInline,
        StoryStreetInline,
        StoryDistrictInline,
        StoryOrganizationInline,
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
        if request.GET.get(ReviewQueueFilter.parameter_name) == "1":
            return ["created_at", "pk"]
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
        story = _with_links(story)
        return marked_text(story.body, recognised_names(story))

    @admin.display(description="待审核原因")
    def reasons(self, story):
        reasons = review_reasons(_with_links(story))
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
