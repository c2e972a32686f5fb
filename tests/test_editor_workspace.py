"""The editors' story workspace (issue 7): the 编辑 group, the admin's name, bulk status
actions as one revision each, the review queue and its count on the index, the change
form's marked-up text and review reasons, and the preview of an unpublished story.

Query budgets are exact and the same at 3 and 30 rows (see tests/test_admin.py, which
holds the story changelist's and change form's own budgets).
"""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision

from archive.models import Origin
from people.models import Organization, Person
from stories.models import Appearance, Story
from stories.review import marked_text
from tests.factories import (
    make_appearance,
    make_community,
    make_district,
    make_organization,
    make_person,
    make_role,
    make_source,
    make_story,
    make_story_community,
    make_story_district,
)

pytestmark = pytest.mark.django_db

SIZES = [3, 30]
CHANGELIST = reverse("admin:stories_story_changelist")


@pytest.fixture(autouse=True)
def _cold_content_type_cache():
    ContentType.objects.clear_cache()


@pytest.fixture
def editor_client(client, editor_group):
    editor = get_user_model().objects.create_user("bianji", password="x", is_staff=True)
    editor.groups.add(editor_group)
    client.force_login(editor)
    return client


# The 编辑 group, made by archive/migrations/0001_editor_group.py.

CURATE = {"view", "add", "change", "delete"}
CORRECT = {"view", "change"}
EDITOR_PERMISSIONS = {
    f"{app}.{action}_{model}"
    for app, model, actions in [
        ("stories", "story", CURATE),
        ("stories", "appearance", CURATE),
        ("stories", "storydistrict", CURATE),
        ("stories", "storystreet", CURATE),
        ("stories", "storycommunity", CURATE),
        ("stories", "storyorganization", CURATE),
        ("stories", "byline", CURATE),
        ("stories", "storydate", CURATE),
        ("stories", "source", CORRECT),
        ("stories", "importrun", CORRECT),
        ("stories", "importchange", {"view"}),
        ("people", "person", CURATE),
        ("people", "organization", CURATE),
        ("people", "personalias", CURATE),
        ("people", "organizationalias", CURATE),
        ("people", "role", CORRECT),
        ("places", "community", CURATE),
        ("places", "district", CORRECT),
        ("places", "street", CORRECT),
    ]
    for action in actions
}


def test_editor_group_has_exactly_the_curation_permissions(editor_group):
    granted = editor_group.permissions.values_list("content_type__app_label", "codename")
    assert {f"{app}.{codename}" for app, codename in granted} == EDITOR_PERMISSIONS


def test_editor_cannot_manage_users(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_editor_can_open_the_story_list(editor_client):
    make_story()
    assert editor_client.get(CHANGELIST).status_code == 200


def test_editor_can_edit_a_story_with_all_its_links(editor_client):
    story = make_appearance().story
    make_story_district(story=story)
    response = editor_client.get(reverse("admin:stories_story_change", args=[story.pk]))
    assert response.status_code == 200
    inlines = response.context["inline_admin_formsets"]
    assert len(inlines) == len(admin.site._registry[Story].inlines)  # none hidden from editors
    assert all(inline.has_change_permission for inline in inlines)


@pytest.mark.parametrize("model", [Person, Organization])
def test_editor_can_edit_aliases(editor_client, model):
    record = make_person() if model is Person else make_organization()
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    inlines = editor_client.get(url).context["inline_admin_formsets"]
    assert [inline.formset.model.__name__ for inline in inlines] == [f"{model.__name__}Alias"]
    assert inlines[0].has_add_permission and inlines[0].has_change_permission


def test_admin_header_names_the_archive(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert "社区抗疫一线档案 · 编辑工作台" in response.content.decode()


# The list's filters, each given a story that matches and one that does not.


def listed(client, **params):
    return list(client.get(CHANGELIST, params).context["cl"].result_list)


def test_district_filter_ignores_rejected_links(admin_client):
    district = make_district()
    linked = make_story_district(district=district).story
    make_story_district(district=district, is_rejected=True)
    assert listed(admin_client, district=district.pk) == [linked]


def test_role_filter_goes_through_appearances(admin_client):
    role = make_role()
    story = make_appearance(role=role).story
    make_appearance(role=make_role())
    assert listed(admin_client, appearances__role__id__exact=role.pk) == [story]


def test_page_filter(admin_client):
    source = make_source()
    story = make_story(source=source)
    make_story()
    assert listed(admin_client, source=source.pk) == [story]


def test_month_filter(admin_client):
    story = make_story(date_start=datetime.date(2020, 2, 10))
    make_story(date_start=datetime.date(2020, 3, 10))
    make_story()
    assert listed(admin_client, month="2020-02") == [story]


def test_search_finds_a_word_of_the_body(admin_client):
    story = make_story(body="志愿者守好小区大门。")
    make_story()
    assert listed(admin_client, q="小区大门") == [story]


# Bulk actions: each changes only what differs, says how many, and is one revision.

ACTIONS = {
    "publish_stories": ("status", Story.Status.DRAFT, Story.Status.PUBLISHED, "已发布"),
    "send_stories_to_review": ("status", Story.Status.DRAFT, Story.Status.REVIEW, "已送审"),
    "return_stories_to_draft": ("status", Story.Status.REVIEW, Story.Status.DRAFT, "已退回草稿"),
    "verify_stories": ("is_verified", False, True, "已核实"),
}


def run_action(client, action, stories, **kwargs):
    data = {"action": action, "_selected_action": [story.pk for story in stories]}
    return client.post(CHANGELIST, data, **kwargs)


@pytest.mark.parametrize("action", ACTIONS)
def test_bulk_action_changes_the_selected_stories_and_reports_how_many(action, admin_client):
    field, before, after, verb = ACTIONS[action]
    stories = [make_story(**{field: before}) for _ in range(2)] + [make_story(**{field: after})]
    response = run_action(admin_client, action, stories, follow=True)
    assert [getattr(story, field) for story in Story.objects.order_by("pk")] == [after] * 3
    assert f"{verb} 2 篇报道。" in response.content.decode()


@pytest.mark.parametrize("action", ACTIONS)
def test_bulk_action_is_one_revision_of_every_changed_story(action, admin_client):
    field, before, after, _ = ACTIONS[action]
    changed = [make_story(**{field: before}) for _ in range(3)]
    unchanged = make_story(**{field: after})
    run_action(admin_client, action, [*changed, unchanged])
    revision = Revision.objects.get()
    story_ids = {int(version.object_id) for version in revision.version_set.all()}
    assert story_ids == {story.pk for story in changed}
    assert revision.user.is_superuser


def test_bulk_action_shows_in_the_story_history(editor_client):
    story = make_story()
    run_action(editor_client, "publish_stories", [story])
    response = editor_client.get(reverse("admin:stories_story_history", args=[story.pk]))
    assert "批量操作：发布 1 篇报道" in response.content.decode()


def test_bulk_status_change_is_the_editors(admin_client):
    story = make_story(origin=Origin.IMPORTER)
    run_action(admin_client, "publish_stories", [story])
    story.refresh_from_db()
    assert story.editor_fields == ["status"]


def test_bulk_verifying_is_not_an_edited_field(admin_client):
    story = make_story(origin=Origin.IMPORTER)
    run_action(admin_client, "verify_stories", [story])
    story.refresh_from_db()
    assert (story.is_verified, story.editor_fields) == (True, [])


def test_editor_may_publish_in_bulk(editor_client):
    story = make_story()
    run_action(editor_client, "publish_stories", [story])
    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED


# The action's POST: session, user, the revision's savepoint; the changelist behind the
# action twice (Django builds it for the page and again for the action): its four filters'
# choices (district, role, page, month) each time, and between them the count and the
# total count; the selected stories with their districts for the column and the five
# relations their revision follows; bulk_update's savepoint, the update, the story's
# content type, the release; the revision's check that the stories still exist, the
# revision, its versions in one insert, and the release. The redirect is not followed.
ACTION_QUERIES = 30


@pytest.mark.parametrize("size", SIZES)
def test_bulk_action_query_count_does_not_grow_with_rows(
    size, admin_client, django_assert_num_queries
):
    stories = [make_story() for _ in range(size)]
    with django_assert_num_queries(ACTION_QUERIES):
        response = run_action(admin_client, "publish_stories", stories)
    assert response.status_code == 302
    assert Story.objects.published().count() == size


# The review queue: stories in review or less confident than 0.7, oldest first.


def queue_of_four():
    """Two stories that wait (made in the order newest, oldest) and three that do not: one
    confident enough, one published, one an editor has verified."""
    waiting_new = make_story(status=Story.Status.DRAFT, confidence=0.5)
    waiting_old = make_story(status=Story.Status.REVIEW, confidence=0.9)
    Story.objects.filter(pk=waiting_old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    make_story(status=Story.Status.DRAFT, confidence=0.7)
    make_story(status=Story.Status.PUBLISHED)
    make_story(status=Story.Status.REVIEW, confidence=0.5, is_verified=True)
    return [waiting_old, waiting_new]


def test_review_queue_lists_waiting_stories_oldest_first(admin_client):
    waiting = queue_of_four()
    response = admin_client.get(CHANGELIST, {"queue": "1"})
    assert list(response.context["cl"].result_list) == waiting


# The queue is the story changelist with a filter: the same budget as the list itself
# (tests/test_admin.py).
QUEUE_QUERIES = 12


@pytest.mark.parametrize("size", SIZES)
def test_review_queue_query_count_does_not_grow_with_rows(
    size, admin_client, django_assert_num_queries
):
    for _ in range(size):
        make_appearance(story=make_story(status=Story.Status.REVIEW))
    with django_assert_num_queries(QUEUE_QUERIES):
        response = admin_client.get(CHANGELIST, {"queue": "1"})
    assert len(response.context["cl"].result_list) == size


def test_admin_index_counts_the_review_queue(admin_client):
    queue_of_four()
    response = admin_client.get(reverse("admin:index"))
    assert f'<a href="{CHANGELIST}?queue=1">待审核：2 篇</a>' in response.content.decode()


def test_admin_index_counts_the_appearances_to_verify(admin_client):
    appearance_queue_of_five()
    response = admin_client.get(reverse("admin:index"))
    link = f'<a href="{APPEARANCES}?queue=1">待核实：2 条人物出现</a>'
    assert link in response.content.decode()


# The index: session, user, the review queue's count, the appearances' queue's count, the
# sidebar's recent actions.
INDEX_QUERIES = 5


@pytest.mark.parametrize("size", SIZES)
def test_admin_index_query_count_does_not_grow_with_rows(
    size, admin_client, django_assert_num_queries
):
    for _ in range(size):
        make_appearance(
            story=make_story(status=Story.Status.REVIEW), origin=Origin.IMPORTER, confidence=0.5
        )
    with django_assert_num_queries(INDEX_QUERIES):
        response = admin_client.get(reverse("admin:index"))
    html = response.content.decode()
    assert f"待审核：{size} 篇" in html
    assert f"待核实：{size} 条人物出现" in html


# The appearances' queue: importer-made, active, unverified and less confident than 0.7.

APPEARANCES = reverse("admin:stories_appearance_changelist")


def appearance_queue_of_five():
    """Two appearances that wait (made newest, then oldest) and four that do not: one
    confident enough, one verified, one rejected, one an editor made."""
    unsure = {"origin": Origin.IMPORTER, "confidence": 0.5}
    waiting_new = make_appearance(**unsure)
    waiting_old = make_appearance(**unsure)
    Appearance.objects.filter(pk=waiting_old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    make_appearance(origin=Origin.IMPORTER, confidence=0.7)
    make_appearance(**unsure, is_verified=True)
    make_appearance(**unsure, is_rejected=True)
    make_appearance(origin=Origin.EDITOR, confidence=0.5)
    return [waiting_old, waiting_new]


def test_appearance_queue_lists_unsure_appearances_oldest_first(admin_client):
    waiting = appearance_queue_of_five()
    response = admin_client.get(APPEARANCES, {"queue": "1"})
    assert list(response.context["cl"].result_list) == waiting


def verify_appearances(client, appearances, **kwargs):
    data = {
        "action": "verify_appearances",
        "_selected_action": [appearance.pk for appearance in appearances],
    }
    return client.post(APPEARANCES, data, **kwargs)


def test_verifying_appearances_empties_their_queue_and_says_how_many(editor_client):
    waiting = appearance_queue_of_five()
    response = verify_appearances(editor_client, waiting, follow=True)
    assert "已核实 2 条人物出现。" in response.content.decode()
    assert list(editor_client.get(APPEARANCES, {"queue": "1"}).context["cl"].result_list) == []


def test_verifying_appearances_is_one_revision_and_no_edit(admin_client):
    waiting = appearance_queue_of_five()
    verify_appearances(admin_client, waiting)
    revision = Revision.objects.get()
    assert {int(version.object_id) for version in revision.version_set.all()} == {
        appearance.pk for appearance in waiting
    }
    assert [a.editor_fields for a in Appearance.objects.filter(pk__in=[w.pk for w in waiting])] == [
        [],
        [],
    ]


# The queue is the appearance changelist with a filter: the same budget as the list
# itself (tests/test_admin.py).
APPEARANCE_QUEUE_QUERIES = 6


@pytest.mark.parametrize("size", SIZES)
def test_appearance_queue_query_count_does_not_grow_with_rows(
    size, admin_client, django_assert_num_queries
):
    for _ in range(size):
        make_appearance(origin=Origin.IMPORTER, confidence=0.5, role=make_role())
    with django_assert_num_queries(APPEARANCE_QUEUE_QUERIES):
        response = admin_client.get(APPEARANCES, {"queue": "1"})
    assert len(response.context["cl"].result_list) == size


# The verify action's POST: session, user; the changelist behind the action twice (for
# the page and for the action): its role filter's choices each time, and between them the
# count and the total count; the selected appearances; the revision's savepoint,
# bulk_update's update, the appearance's content type, the revision's check that the rows
# still exist, the revision, its versions in one insert, and the release. The redirect is
# not followed.
VERIFY_APPEARANCES_QUERIES = 14


@pytest.mark.parametrize("size", SIZES)
def test_verify_appearances_query_count_does_not_grow_with_rows(
    size, admin_client, django_assert_num_queries
):
    appearances = [make_appearance(origin=Origin.IMPORTER, confidence=0.5) for _ in range(size)]
    with django_assert_num_queries(VERIFY_APPEARANCES_QUERIES):
        response = verify_appearances(admin_client, appearances)
    assert response.status_code == 302
    assert Appearance.objects.filter(is_verified=True).count() == size


# Editor notes: editable in the admin of stories, people and organisations.


@pytest.mark.parametrize(
    ("make", "field"),
    [(make_story, "editor_notes"), (make_person, "notes"), (make_organization, "notes")],
    ids=["story", "person", "organization"],
)
def test_editor_notes_are_editable_in_the_admin(make, field, editor_client):
    row = make()
    opts = row._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
    assert field in editor_client.get(url).context["adminform"].form.fields


def test_story_notes_have_their_own_fieldset(admin_client):
    story = make_story()
    response = admin_client.get(reverse("admin:stories_story_change", args=[story.pk]))
    fieldsets = {fieldset.name: fieldset for fieldset in response.context["adminform"]}
    assert [line.fields for line in fieldsets["编辑备注"]] == [["editor_notes"]]


# The change form: the text with what the importer recognised marked, and why it waits.


@pytest.mark.parametrize(
    ("text", "names", "html"),
    [
        ("钱秀英值守", {"钱秀英": "人物"}, '<p><mark title="人物">钱秀英</mark>值守</p>'),
        (
            "<script>钱秀英",
            {"钱秀英": "人物"},
            '<p>&lt;script&gt;<mark title="人物">钱秀英</mark></p>',
        ),
        (
            "西宏苑社区和西宏苑",
            {"西宏苑社区": "社区村", "西宏苑": "社区村"},
            '<p><mark title="社区村">西宏苑社区</mark>和<mark title="社区村">西宏苑</mark></p>',
        ),
        ("第一段\n\n第二段", {}, "<p>第一段</p><p>第二段</p>"),
    ],
    ids=["person", "escaped", "longest-first", "paragraphs"],
)
def test_marked_text(text, names, html):
    assert marked_text(text, names) == html


def change_form(client, story):
    return client.get(reverse("admin:stories_story_change", args=[story.pk])).content.decode()


def test_change_form_marks_names_in_the_escaped_text(admin_client):
    story = make_story(body="<script>alert(1)</script>钱秀英在西宏苑社区值守。")
    make_appearance(story=story, person=make_person(name="钱秀英"))
    make_story_community(story=story, community=make_community(name="西宏苑社区"))
    html = change_form(admin_client, story)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert '<mark title="人物">钱秀英</mark>在<mark title="社区村">西宏苑社区</mark>' in html


def test_review_reasons_list_an_unsure_appearance(admin_client):
    story = make_story(status=Story.Status.REVIEW, confidence=0.55)
    make_appearance(story=story, person=make_person(name="钱秀英"), confidence=0.4)
    make_appearance(story=story, person=make_person(name="李建国"), confidence=0.9)
    make_appearance(
        story=story, person=make_person(name="王秀兰"), confidence=0.4, is_verified=True
    )
    html = change_form(admin_client, story)
    assert "整篇抽取置信度 0.55，低于 0.70" in html
    assert "人物「钱秀英」置信度 0.40，低于 0.70" in html
    assert "李建国」置信度" not in html
    assert "王秀兰」置信度" not in html


def test_review_reasons_say_when_there_are_none(admin_client):
    story = make_story(confidence=0.9)
    assert "没有待审核的原因" in change_form(admin_client, story)


# Preview: the story as readers would see it, for staff only.


def preview_url(story):
    return reverse("admin:stories_story_preview", args=[story.pk])


def test_preview_shows_a_draft_under_a_banner(editor_client):
    story = make_story(title="尚未发布的报道")
    response = editor_client.get(preview_url(story))
    html = response.content.decode()
    assert response.status_code == 200
    assert "预览：这篇报道尚未发布" in html
    assert "尚未发布的报道" in html


# The preview: session, user, the story with its source, its four kinds of active links
# and its appearances (Story.objects.for_detail()), and the related stories with their
# appearances.
PREVIEW_QUERIES = 11


@pytest.mark.parametrize("size", SIZES)
def test_preview_query_count_does_not_grow_with_rows(size, admin_client, django_assert_num_queries):
    story = make_story()
    for _ in range(size):
        person = make_person()
        make_appearance(story=story, person=person)
        make_appearance(story=make_story(status=Story.Status.PUBLISHED), person=person)
    with django_assert_num_queries(PREVIEW_QUERIES):
        response = admin_client.get(preview_url(story))
    assert len(response.context["related"]) == min(size, 5)


def test_change_form_links_to_the_preview(admin_client):
    story = make_story()
    assert preview_url(story) in change_form(admin_client, story)


def test_preview_sends_anonymous_visitors_to_login(client):
    response = client.get(preview_url(make_story()))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_preview_is_not_for_readers_who_are_not_staff(client):
    client.force_login(get_user_model().objects.create_user("reader"))
    response = client.get(preview_url(make_story()))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_preview_needs_permission_to_view_stories(client):
    client.force_login(get_user_model().objects.create_user("intern", is_staff=True))
    assert client.get(preview_url(make_story())).status_code == 403


def test_verifying_takes_a_story_out_of_the_review_queue(admin_client):
    story = make_story(status=Story.Status.REVIEW)
    run_action(admin_client, "verify_stories", [story])
    response = admin_client.get(CHANGELIST, {"queue": "1"})
    assert list(response.context["cl"].result_list) == []


def test_draft_stays_missing_from_the_public_site(client):
    story = make_story()
    assert client.get(story.get_absolute_url()).status_code == 404


# The appearance inline: narrow enough for 1280 px, with the lists as read-only summaries
# and the full edit on the appearance's own page.


def test_appearance_inline_summarises_titles_and_aliases_and_links_to_the_full_form(
    admin_client,
):
    appearance = make_appearance(titles=["社区党委书记", "居委会主任"], aliases=["钱姐"])
    html = change_form(admin_client, appearance.story)
    assert "社区党委书记、居委会主任" in html
    assert "钱姐" in html
    assert reverse("admin:stories_appearance_change", args=[appearance.pk]) in html


def test_appearance_inline_edits_no_json_list(admin_client):
    appearance = make_appearance()
    response = admin_client.get(reverse("admin:stories_story_change", args=[appearance.story_id]))
    inline = response.context["inline_admin_formsets"][0]
    assert {"titles", "aliases"}.isdisjoint(inline.formset.forms[0].fields)
