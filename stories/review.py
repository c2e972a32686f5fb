"""What waits for an editor, why, and the actions that decide it (issue 7): the review
queues of stories and of appearances, the bulk status and verify actions (one revision
each), the story text with what the importer recognised marked up, and the reasons a
story waits. The story and appearance admins show them; the admin index counts the
queues."""

import re

import reversion
from django.contrib import admin, messages
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from archive.models import Origin

from .models import (
    STORY_ROWS,
    Story,
    StoryCommunity,
    StoryDistrict,
    StoryOrganization,
    StoryStreet,
    every_appearance,
)
from .pipeline.extract import REVIEW_BELOW

# The review queue: stories the importer sent to review or was unsure about, until an
# editor verifies them (so that one click on "verify" takes a story out of the queue).
REVIEW_QUEUE = Q(is_verified=False) & (
    Q(status=Story.Status.REVIEW) | Q(confidence__lt=REVIEW_BELOW)
)

# Appearances the importer proposed with too little confidence, until an editor verifies
# or rejects them.
APPEARANCE_QUEUE = Q(
    is_rejected=False,
    is_verified=False,
    origin=Origin.IMPORTER,
    confidence__lt=REVIEW_BELOW,
)

QUEUE_ORDERING = ["created_at", "pk"]


def review_queue(stories):
    """The stories of `stories` that wait for an editor, oldest import first."""
    return stories.filter(REVIEW_QUEUE).order_by(*QUEUE_ORDERING)


def appearance_queue(appearances):
    """The appearances of `appearances` that wait for an editor, oldest import first."""
    return appearances.filter(APPEARANCE_QUEUE).order_by(*QUEUE_ORDERING)


class QueueFilter(admin.SimpleListFilter):
    """A one-choice filter `?queue=1`; the admin's get_ordering puts it oldest first."""

    parameter_name = "queue"
    condition = None
    label = ""

    def lookups(self, request, model_admin):
        return [("1", self.label)]

    def queryset(self, request, queryset):
        return queryset.filter(self.condition) if self.value() == "1" else queryset


class ReviewQueueFilter(QueueFilter):
    title = "审核队列"
    condition = REVIEW_QUEUE
    label = f"待审核（未核实，且状态待审核或置信度低于 {REVIEW_BELOW:.2f}）"


class AppearanceQueueFilter(QueueFilter):
    title = "核实队列"
    condition = APPEARANCE_QUEUE
    label = f"待核实（导入程序识别、未核实、未否决，置信度低于 {REVIEW_BELOW:.2f}）"


def in_queue(request):
    return request.GET.get(QueueFilter.parameter_name) == "1"


def _change_stories(modeladmin, request, queryset, field, value, verb):
    """Set `field` to `value` on the selected stories that differ, as one revision that
    holds every changed story, and report how many changed. Status is marked as the
    editor's, as in the change form; verifying is not an edited field (CuratedAdmin)."""
    stories = list(queryset.exclude(**{field: value}).prefetch_related(*STORY_ROWS))
    for story in stories:
        setattr(story, field, value)
        if field != "is_verified":
            story.mark_edited([field])
    _save_in_one_revision(
        request, stories, [field, "editor_fields"], f"{verb} {len(stories)} 篇报道"
    )
    level = messages.SUCCESS if stories else messages.WARNING
    modeladmin.message_user(request, f"已{verb} {len(stories)} 篇报道。", level)


def _save_in_one_revision(request, rows, fields, what):
    """Write `fields` of `rows` (of one model) in one query and one revision by the user.
    bulk_update sends no signals: status and verification are not in the search index."""
    now = timezone.now()
    for row in rows:
        row.updated_at = now
    with reversion.create_revision():
        if rows:
            type(rows[0]).objects.bulk_update(rows, [*fields, "updated_at"])
        for row in rows:
            reversion.add_to_revision(row)
        reversion.set_user(request.user)
        reversion.set_comment(f"批量操作：{what}")


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


@admin.action(description="核实所选人物出现", permissions=["change"])
def verify_appearances(modeladmin, request, queryset):
    """Verify the selected appearances that are not yet, as one revision, and say how
    many. Verifying is not an edited field (see CuratedAdmin)."""
    appearances = list(queryset.filter(is_verified=False))
    for appearance in appearances:
        appearance.is_verified = True
    _save_in_one_revision(
        request, appearances, ["is_verified"], f"核实 {len(appearances)} 条人物出现"
    )
    level = messages.SUCCESS if appearances else messages.WARNING
    modeladmin.message_user(request, f"已核实 {len(appearances)} 条人物出现。", level)


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
    every_appearance(),  # what Story.active_appearances reads
]


def with_links(story):
    """`story` with the prefetches recognised_names() and review_reasons() read."""
    if not hasattr(story, "prefetched_appearances"):
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
