"""History (issue 7): every admin change is a revision by its editor, a merge is undone as
a unit from the admin's list of merges, and each imported page is one revision that later
changes can be reverted back to.

Import tests build records by hand, as tests/test_loader.py does: 丰台区 110106 and
西宏苑社区 110106005006 are real gazetteer codes.
"""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Revision, Version

from people.models import Organization, Person
from places.models import Community
from stories.loader import import_page
from stories.merging import merge_organizations, merge_people
from stories.models import (
    Appearance,
    Byline,
    Story,
    StoryCommunity,
    StoryDistrict,
    StoryOrganization,
)
from stories.pipeline.records import (
    CommunityMention,
    DistrictMention,
    PageMeta,
    PageRecord,
    PersonMention,
    StoryRecord,
)
from tests.factories import (
    make_appearance,
    make_community,
    make_district,
    make_organization,
    make_person,
    make_source,
    make_story,
    make_story_organization,
    make_street,
)
from tests.test_admin import resubmit_data, submit_change_form

pytestmark = pytest.mark.django_db


def aliases_of(record):
    return list(record.aliases.values_list("name", flat=True))


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# --- every admin change is a revision --------------------------------------------------------


def test_an_admin_edit_of_a_person_is_a_version_by_the_editor(admin_client, admin_user):
    person = make_person(name="钱书记")

    submit_change_form(admin_client, person, name="钱秀英")

    version = Version.objects.get_for_object(person).get()
    assert version.revision.user == admin_user
    assert version.field_dict["name"] == "钱秀英"


@pytest.mark.parametrize(
    "make",
    [make_person, make_organization, make_community, make_district, make_street, make_source],
    ids=lambda make: make.__name__.removeprefix("make_"),
)
def test_the_history_page_lists_the_editors_change(make, admin_client, admin_user):
    row = make()
    submit_change_form(admin_client, row)

    response = admin_client.get(admin_url(type(row), "history", row.pk))

    assert response.status_code == 200
    assert [action["revision"].user for action in response.context["action_list"]] == [admin_user]


# --- undoing a merge from the admin ----------------------------------------------------------


def merge_through_the_admin(client, survivor, other):
    model = type(survivor)
    data = {
        "action": "merge_selected",
        "_selected_action": [survivor.pk, other.pk],
        "post": "yes",
        "survivor": survivor.pk,
    }
    return client.post(admin_url(model, "changelist"), data, follow=True)


def undo_through_the_admin(client, model):
    revision = Revision.objects.filter(comment__startswith="合并").latest("pk")
    return client.post(admin_url(model, "undo_merge", revision.pk), follow=True)


def test_the_merge_message_links_to_the_list_of_merges(admin_client):
    response = merge_through_the_admin(admin_client, make_person(), make_person())
    assert f'<a href="{admin_url(Person, "merges")}">合并记录</a>' in response.content.decode()


def test_the_changelist_links_to_the_list_of_merges(admin_client):
    response = admin_client.get(admin_url(Community, "changelist"))
    assert admin_url(Community, "merges") in response.content.decode()


def test_the_list_of_merges_says_who_when_and_what(admin_client, admin_user):
    merge_people(make_person(name="钱秀英"), [make_person(name="钱书记")], user=admin_user)

    response = admin_client.get(admin_url(Person, "merges"))

    [revision] = response.context["page"].object_list
    assert (revision.user, revision.comment) == (admin_user, "合并人物：钱书记 → 钱秀英")
    assert "撤销合并" in response.content.decode()


def test_the_list_of_merges_holds_only_its_kind(admin_client):
    merge_organizations(make_organization(), [make_organization()])
    response = admin_client.get(admin_url(Person, "merges"))
    assert list(response.context["page"].object_list) == []


def test_undoing_a_merge_restores_both_people_and_every_appearance(admin_client, admin_user):
    survivor = make_person(name="钱秀英", aliases=["钱姐"])
    other = make_person(name="钱书记")
    story = make_story()
    kept = make_appearance(story=story, person=survivor)
    duplicate = make_appearance(story=story, person=other)
    moved = make_appearance(person=other)
    merge_through_the_admin(admin_client, survivor, other)

    response = undo_through_the_admin(admin_client, Person)

    survivor.refresh_from_db()
    other.refresh_from_db()
    assert (aliases_of(survivor), other.merged_into) == (["钱姐"], None)
    assert set(Appearance.objects.values_list("pk", "person")) == {
        (kept.pk, survivor.pk),
        (duplicate.pk, other.pk),
        (moved.pk, other.pk),
    }
    assert "已撤销“合并人物：钱书记 → 钱秀英”" in response.content.decode()


def test_undoing_a_merge_is_itself_a_revision_by_the_editor(admin_client, admin_user):
    survivor, other = make_person(name="钱秀英"), make_person(name="钱书记")
    merge_through_the_admin(admin_client, survivor, other)

    undo_through_the_admin(admin_client, Person)

    undo = Revision.objects.latest("pk")
    assert (undo.user, undo.comment) == (admin_user, "撤销合并人物：钱书记 → 钱秀英")
    assert Version.objects.get_for_object(other).first().revision == undo


def test_undoing_an_organization_merge_restores_links_people_and_the_public_page(
    admin_client, client
):
    survivor, other = make_organization(), make_organization()
    link = make_story_organization(
        organization=other, story=make_story(status=Story.Status.PUBLISHED)
    )
    member = make_person(organization=other)
    merge_through_the_admin(admin_client, survivor, other)
    assert client.get(other.get_absolute_url()).status_code == 301

    undo_through_the_admin(admin_client, Organization)

    assert StoryOrganization.objects.get(pk=link.pk).organization == other
    assert Person.objects.get(pk=member.pk).organization == other
    assert client.get(other.get_absolute_url()).status_code == 200


def test_undoing_a_merge_reindexes_the_stories_for_search(admin_client):
    # The private survivor's name is masked in the moved story's text: the merge takes the
    # story out of a search for the name, and the undo must put it back.
    survivor = make_person(name="王淑兰", is_name_public=False)
    other = make_person(name="王阿姨")
    story = make_story(title="王淑兰值守卡口", status=Story.Status.PUBLISHED)
    make_appearance(story=story, person=other)
    merge_through_the_admin(admin_client, survivor, other)
    assert list(Story.objects.search("王淑兰")) == []

    undo_through_the_admin(admin_client, Person)

    assert list(Story.objects.search("王淑兰")) == [story]


def test_a_merge_cannot_be_undone_twice(admin_client):
    survivor, other = make_person(), make_person()
    merge_through_the_admin(admin_client, survivor, other)
    undo_through_the_admin(admin_client, Person)

    response = undo_through_the_admin(admin_client, Person)

    assert "这次合并已经撤销" in response.content.decode()
    assert Revision.objects.filter(comment__startswith="撤销").count() == 1


def test_undo_needs_a_post(admin_client):
    merge_people(make_person(), [make_person()])
    revision = Revision.objects.get()
    response = admin_client.get(admin_url(Person, "undo_merge", revision.pk))
    assert response.status_code == 405


def test_undo_needs_the_change_permission(client, django_user_model):
    survivor, other = make_person(), make_person()
    merge_people(survivor, [other])
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename="view_person"))
    client.force_login(viewer)

    response = client.post(admin_url(Person, "undo_merge", Revision.objects.get().pk))

    assert response.status_code == 403
    assert Person.objects.get(pk=other.pk).merged_into == survivor


# Session, user, the paginator's count, the page of revisions with their users and row
# counts in one query: the same at any number of merges.
@pytest.mark.parametrize("size", [3, 30])
def test_list_of_merges_query_count_does_not_grow_with_merges(
    size, admin_client, admin_user, django_assert_num_queries
):
    for _ in range(size):
        merge_people(make_person(), [make_person()], user=admin_user)
    with django_assert_num_queries(4):
        response = admin_client.get(admin_url(Person, "merges"))
    assert len(response.context["page"].object_list) == size


# --- reverting a record through its history page -----------------------------------------------


def revert_through_the_admin(client, obj, version):
    url = admin_url(type(obj), "revision", obj.pk, version.pk)
    response = client.post(url, resubmit_data(client.get(url)))
    assert response.status_code == 302
    return response


def test_reverting_a_story_restores_its_bylines_and_the_search_index(admin_client):
    story = make_story(title="原标题", byline=[{"role": "记者", "name": "周晓梅"}])
    submit_change_form(admin_client, story, title="改过的标题")  # the first revision
    response = admin_client.get(admin_url(Story, "change", story.pk))
    prefix = next(
        inline.formset.prefix
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Byline
    )
    submit_change_form(admin_client, story, title="又改的标题", **{f"{prefix}-0-name": "李红"})
    first = Version.objects.get_for_object(story).order_by("pk").first()

    revert_through_the_admin(admin_client, story, first)

    story.refresh_from_db()
    assert story.title == "改过的标题"
    assert [b.name for b in story.bylines.all()] == ["周晓梅"]
    assert list(Story.objects.search("改过")) == [story]
    assert list(Story.objects.search("周晓梅")) == [story]
    assert list(Story.objects.search("李红")) == []


# --- an import is one revision per page ------------------------------------------------------

FENGTAI = DistrictMention("丰台区", "110106", "北京市", "北京市", is_inferred=True)
XIHONGYUAN = CommunityMention("西宏苑社区", "社区", "110106005006", "110106005", "110106")
QIAN = PersonMention(
    "钱秀英", title="书记", role_category="community-secretary", community="西宏苑社区"
)


@pytest.fixture
def roles():
    call_command("loaddata", "fixtures/roles.json", verbosity=0)


def page(filename, stories=1):
    records = tuple(
        StoryRecord(
            position,
            title=f"守好社区大门{position}",
            body="本报讯 西宏苑社区的防控工作有序开展。",
            people=(QIAN,),
            districts=(FENGTAI,),
            communities=(XIHONGYUAN,),
            confidence=0.9,
        )
        for position in range(stories)
    )
    return PageRecord(
        filename=filename,
        sha256=filename.ljust(64, "0"),
        text="版面原文",
        meta=PageMeta(year=2020, city="北京市"),
        stories=records,
    )


def held(revision, model):
    content_type = ContentType.objects.get_for_model(model)
    return {int(v.object_id) for v in revision.version_set.filter(content_type=content_type)}


def test_an_import_is_one_revision_per_page_without_a_user(roles):
    import_page(page("a.txt", stories=2))
    import_page(page("b.txt"))

    revisions = list(Revision.objects.order_by("pk"))
    assert [(r.comment, r.user) for r in revisions] == [("导入 a.txt", None), ("导入 b.txt", None)]
    assert [held(r, Story) for r in revisions] == [
        set(Story.objects.filter(source__filename=name).values_list("pk", flat=True))
        for name in ["a.txt", "b.txt"]
    ]


def test_the_import_revision_holds_the_stories_links(roles):
    import_page(page("a.txt"))

    revision = Revision.objects.get()
    assert held(revision, Appearance) == set(Appearance.objects.values_list("pk", flat=True))
    assert held(revision, StoryDistrict) == set(StoryDistrict.objects.values_list("pk", flat=True))
    assert held(revision, StoryCommunity) == set(
        StoryCommunity.objects.values_list("pk", flat=True)
    )
    assert Appearance.objects.exists() and StoryCommunity.objects.exists()


@pytest.mark.parametrize(
    "again",
    [
        lambda: import_page(page("a.txt")),
        lambda: import_page(page("a.txt"), force=True),
        lambda: import_page(page("c.txt"), dry_run=True),
    ],
    ids=["unchanged", "forced-to-the-same", "dry-run"],
)
def test_an_import_that_changes_nothing_adds_no_revision(again, roles):
    import_page(page("a.txt"))
    again()
    assert Revision.objects.count() == 1


def test_a_bulk_publish_after_an_import_reverts_to_the_imported_status(roles, admin_client):
    import_page(page("a.txt"))
    story = Story.objects.get()
    admin_client.post(
        admin_url(Story, "changelist"),
        {"action": "publish_stories", "_selected_action": [story.pk]},
    )
    assert Story.objects.get().status == Story.Status.PUBLISHED
    imported = Version.objects.get_for_object(story).get(revision__comment="导入 a.txt")

    url = admin_url(Story, "revision", story.pk, imported.pk)
    response = admin_client.post(url, resubmit_data(admin_client.get(url)))

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT
    assert Appearance.objects.filter(story=story).count() == 1
