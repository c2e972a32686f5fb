"""stories.merging and the admin's merge action: links move, duplicates fold, names stay as
aliases, one revision undoes it all, the importer and public URLs follow the survivor.

Import tests build records by hand, as tests/test_loader.py does: 丰台区 110106, 南苑街道
110106005 and 西宏苑社区 110106005006 are real gazetteer codes.
"""

from functools import partial

import pytest
import reversion
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Revision, Version

from archive.models import Origin
from people.models import Organization, Person
from places.models import Community
from stories.loader import import_page
from stories.merging import MergeError, merge_communities, merge_organizations, merge_people
from stories.models import Appearance, Story, StoryCommunity, StoryOrganization
from stories.pipeline.records import (
    CommunityMention,
    DistrictMention,
    OrganizationMention,
    PageMeta,
    PageRecord,
    PersonMention,
    StoryRecord,
    StreetMention,
)
from tests.factories import (
    make_appearance,
    make_community,
    make_organization,
    make_person,
    make_story,
    make_story_community,
    make_story_organization,
)

pytestmark = pytest.mark.django_db


# --- the merge functions ---------------------------------------------------------------------


def aliases_of(record):
    return list(record.aliases.values_list("name", flat=True))


def test_merging_people_moves_every_appearance_to_the_survivor():
    survivor, other = make_person(name="钱秀英"), make_person(name="钱书记")
    appearances = [make_appearance(person=other) for _ in range(3)]

    result = merge_people(survivor, [other])

    assert {a.person_id for a in Appearance.objects.filter(pk__in=[a.pk for a in appearances])} == {
        survivor.pk
    }
    assert (result.merged, result.moved, result.folded, result.stories) == (1, 3, 0, 3)


def test_a_shared_story_keeps_the_survivors_appearance_with_both_titles():
    survivor, other = make_person(name="钱秀英"), make_person(name="钱书记")
    story = make_story()
    kept = make_appearance(story=story, person=survivor, title="书记", titles=["书记"])
    make_appearance(story=story, person=other, title="网格员", titles=["网格员"], aliases=["钱姐"])

    result = merge_people(survivor, [other])

    assert list(Appearance.objects.filter(story=story)) == [kept]
    kept.refresh_from_db()
    assert (kept.title, kept.titles, kept.aliases) == ("书记", ["书记", "网格员"], ["钱姐"])
    assert (result.moved, result.folded) == (0, 1)


def test_two_others_in_one_story_leave_one_appearance():
    survivor = make_person(name="钱秀英")
    others = [make_person(name="钱书记"), make_person(name="钱姐")]
    story = make_story()
    for other in others:
        make_appearance(story=story, person=other)

    merge_people(survivor, others)

    assert list(Appearance.objects.filter(story=story).values_list("person", flat=True)) == [
        survivor.pk
    ]


def test_merged_names_become_the_survivors_aliases_and_the_editors():
    survivor = make_person(name="钱秀英", aliases=["钱姐"], origin=Origin.IMPORTER)
    other = make_person(name="钱书记", aliases=["钱姐", "秀英书记"])

    merge_people(survivor, [other])

    survivor.refresh_from_db()
    assert aliases_of(survivor) == ["钱姐", "钱书记", "秀英书记"]
    assert "aliases" in survivor.editor_fields


def test_merged_away_person_stays_as_a_redirect():
    survivor, other = make_person(), make_person()
    earlier = make_person(merged_into=other)

    merge_people(survivor, [other])

    assert Person.objects.get(pk=other.pk).merged_into == survivor
    assert Person.objects.get(pk=earlier.pk).merged_into == survivor  # one step, not a chain


def test_merging_organizations_moves_links_and_repoints_people_and_appearances():
    survivor, other = make_organization(name="中国工商银行"), make_organization(name="工商银行")
    link = make_story_organization(organization=other)
    duplicate = make_story_organization(organization=other)
    kept = make_story_organization(story=duplicate.story, organization=survivor)
    member = make_person(organization=other)
    appearance = make_appearance(organization=other)

    result = merge_organizations(survivor, [other])

    assert set(StoryOrganization.objects.values_list("pk", "organization")) == {
        (link.pk, survivor.pk),
        (kept.pk, survivor.pk),
    }
    assert Person.objects.get(pk=member.pk).organization == survivor
    assert Appearance.objects.get(pk=appearance.pk).organization == survivor
    assert (result.moved, result.folded, result.repointed) == (1, 1, 2)


def test_merging_communities_keeps_the_names_as_former_names():
    survivor = make_community(name="西宏苑社区")
    other = make_community(name="西宏苑", former_names=["西宏苑小区"])
    make_story_community(community=other)
    resident = make_person(community=other)

    merge_communities(survivor, [other])

    survivor.refresh_from_db()
    assert survivor.former_names == ["西宏苑", "西宏苑小区"]
    assert StoryCommunity.objects.get().community == survivor
    assert Person.objects.get(pk=resident.pk).community == survivor
    assert Community.objects.get(pk=other.pk).merged_into == survivor


def test_same_name_in_both_communities_refuses_the_merge_and_writes_nothing():
    survivor, other = make_community(), make_community()
    make_person(name="钱秀英", community=survivor)
    make_person(name="钱秀英", community=other)
    make_story_community(community=other)

    with pytest.raises(MergeError, match="钱秀英"):
        merge_communities(survivor, [other])

    assert StoryCommunity.objects.get().community == other
    assert Community.objects.get(pk=other.pk).merged_into is None
    assert not Revision.objects.exists()


@pytest.mark.parametrize(
    "choose",
    [
        lambda survivor, other: (survivor, []),
        lambda survivor, other: (survivor, [survivor, other]),
    ],
    ids=["no-others", "survivor-among-others"],
)
def test_a_choice_that_is_not_a_merge_is_refused(choose):
    survivor, others = choose(make_person(), make_person())
    with pytest.raises(MergeError):
        merge_people(survivor, others)


def test_a_merged_away_record_cannot_be_merged_again():
    survivor, other = make_person(), make_person()
    merge_people(survivor, [other])
    with pytest.raises(MergeError, match="已合并"):
        merge_people(make_person(), [other])


def test_a_merge_inside_another_revision_is_refused():
    survivor, other = make_person(), make_person()
    with pytest.raises(RuntimeError), reversion.create_revision():
        merge_people(survivor, [other])


def test_merging_reindexes_the_stories_for_search():
    # The private survivor's name is masked in the moved story's text, so its index changes.
    survivor = make_person(name="王淑兰", is_name_public=False)
    other = make_person(name="王阿姨")
    story = make_story(title="王淑兰值守卡口", status=Story.Status.PUBLISHED)
    make_appearance(story=story, person=other)
    assert list(Story.objects.search("王淑兰")) == [story]

    merge_people(survivor, [other])

    assert list(Story.objects.search("王淑兰")) == []


# --- history -------------------------------------------------------------------------------


def test_a_merge_is_one_revision_holding_both_records(admin_user):
    survivor, other = make_organization(), make_organization()
    make_story_organization(organization=other)

    merge_organizations(survivor, [other], user=admin_user)

    revision = Revision.objects.get()
    assert revision.user == admin_user
    assert revision.comment.startswith("合并组织机构")
    assert Version.objects.get_for_object(survivor).get().revision == revision
    assert Version.objects.get_for_object(other).get().revision == revision


def test_reverting_the_revision_restores_both_people_and_every_appearance():
    survivor = make_person(name="钱秀英", aliases=["钱姐"])
    other = make_person(name="钱书记")
    story = make_story()
    kept = make_appearance(story=story, person=survivor, titles=["书记"])
    duplicate = make_appearance(story=story, person=other, titles=["网格员"])
    moved = make_appearance(person=other)
    merge_people(survivor, [other])

    Version.objects.get_for_object(other).get().revision.revert(delete=True)

    survivor.refresh_from_db()
    other.refresh_from_db()
    kept.refresh_from_db()
    assert (aliases_of(survivor), other.merged_into) == (["钱姐"], None)
    assert kept.titles == ["书记"]
    assert set(Appearance.objects.values_list("pk", "person")) == {
        (kept.pk, survivor.pk),
        (duplicate.pk, other.pk),
        (moved.pk, other.pk),
    }


def test_reverting_an_organization_merge_restores_links_and_people():
    survivor, other = make_organization(), make_organization()
    link = make_story_organization(organization=other)
    member = make_person(organization=other)
    merge_organizations(survivor, [other])

    Version.objects.get_for_object(survivor).get().revision.revert(delete=True)

    assert StoryOrganization.objects.get(pk=link.pk).organization == other
    assert Person.objects.get(pk=member.pk).organization == other
    assert Organization.objects.get(pk=other.pk).merged_into is None


# --- the importer afterwards ---------------------------------------------------------------

FENGTAI = DistrictMention("丰台区", "110106", "北京市", "北京市", is_inferred=True)
NANYUAN = StreetMention("南苑街道", "南苑街道", "110106005", "110106")
XIHONGYUAN = CommunityMention("西宏苑社区", "社区", "110106005006", "110106005", "110106")
BANK = OrganizationMention("工商银行", kind="company")


@pytest.fixture
def roles():
    call_command("loaddata", "fixtures/roles.json", verbosity=0)


def page(filename, *people, organizations=(), communities=(XIHONGYUAN,)):
    story = StoryRecord(
        0,
        title="守好社区大门",
        body="本报讯 西宏苑社区的防控工作有序开展。",
        people=people,
        districts=(FENGTAI,),
        streets=(NANYUAN,),
        communities=communities,
        organizations=organizations,
    )
    return PageRecord(
        filename=filename,
        sha256=filename.ljust(64, "0"),
        text="版面原文",
        meta=PageMeta(year=2020, city="北京市"),
        stories=(story,),
    )


def test_a_later_import_of_a_merged_away_person_maps_to_the_survivor(roles):
    qian = PersonMention(
        "钱秀英", title="书记", role_category="community-secretary", organization="工商银行"
    )
    import_page(page("a.txt", qian, organizations=(BANK,), communities=()))
    duplicate = Person.objects.get()
    survivor = make_person(name="钱秀英")
    merge_people(survivor, [duplicate])

    import_page(page("b.txt", qian, organizations=(BANK,), communities=()))

    assert set(Appearance.objects.values_list("person", flat=True)) == {survivor.pk}
    assert Person.objects.filter(merged_into=None).count() == 1


def test_a_later_import_of_a_merged_away_organization_maps_to_the_survivor(roles):
    import_page(page("a.txt", organizations=(BANK,)))
    duplicate = Organization.objects.get(name="工商银行")
    survivor = make_organization(name="中国工商银行")
    merge_organizations(survivor, [duplicate])

    import_page(page("b.txt", organizations=(BANK,)))

    assert set(StoryOrganization.objects.values_list("organization", flat=True)) == {survivor.pk}
    assert Organization.objects.count() == 2


def test_a_later_import_of_a_merged_away_community_maps_to_the_survivor(roles):
    import_page(page("a.txt"))
    duplicate = Community.objects.get()
    survivor = make_community(name="西宏苑")
    merge_communities(survivor, [duplicate])

    import_page(page("b.txt"))

    assert set(StoryCommunity.objects.values_list("community", flat=True)) == {survivor.pk}
    assert Community.objects.count() == 2


# --- public URLs ----------------------------------------------------------------------------


def published_story():
    return make_story(status=Story.Status.PUBLISHED)


@pytest.mark.parametrize(
    ("make", "link", "merge", "url"),
    [
        (make_person, make_appearance, merge_people, "people:person"),
        (make_organization, make_story_organization, merge_organizations, "people:organization"),
        (make_community, make_story_community, merge_communities, "places:community"),
    ],
    ids=["person", "organization", "community"],
)
def test_a_merged_away_page_redirects_permanently_to_the_survivor(client, make, link, merge, url):
    survivor, other = make(), make()
    field = {make_person: "person", make_organization: "organization"}.get(make, "community")
    link(story=published_story(), **{field: other})
    merge(survivor, [other])

    response = client.get(reverse(url, args=[other.pk]))

    assert response.status_code == 301
    assert response["Location"] == survivor.get_absolute_url()


def test_a_page_that_was_never_merged_is_still_404(client):
    assert client.get(
        reverse("people:organization", args=[make_organization().pk])
    ).status_code == (404)


# --- the admin action ------------------------------------------------------------------------


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def merge_post(model, rows, **extra):
    return {"action": "merge_selected", "_selected_action": [row.pk for row in rows], **extra}


# Session, user, the changelist's filtered and total counts, the selected rows with their
# story counts, and their aliases (people and organisations); the page runs nothing more.
@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize(
    ("model", "make", "link", "field", "queries"),
    [
        (Person, partial(make_person, aliases=["甲", "乙"]), make_appearance, "person", 6),
        (
            Organization,
            partial(make_organization, aliases=["甲", "乙"]),
            make_story_organization,
            "organization",
            6,
        ),
        (Community, make_community, make_story_community, "community", 5),
    ],
    ids=["person", "organization", "community"],
)
def test_merge_confirmation_query_count_does_not_grow_with_rows(
    model, make, link, field, queries, size, admin_client, django_assert_num_queries
):
    rows = [make() for _ in range(size)]
    for row in rows:
        link(**{field: row})
    with django_assert_num_queries(queries):
        response = admin_client.post(changelist(model), merge_post(model, rows))
    assert response.status_code == 200
    assert response.templates[0].name == "admin/merge_confirmation.html"


def test_merge_confirmation_shows_names_aliases_and_story_counts(admin_client):
    survivor = make_person(name="钱秀英", aliases=["钱姐"])
    other = make_person(name="钱书记")
    for _ in range(2):
        make_appearance(person=survivor)

    response = admin_client.post(changelist(Person), merge_post(Person, [survivor, other]))

    rows = {row.name: (row.other_names, row.story_count) for row in response.context["rows"]}
    assert rows == {"钱秀英": (["钱姐"], 2), "钱书记": ([], 0)}
    assert response.context["form"]["survivor"].value() == survivor.pk  # most stories


def test_merge_through_the_admin_reports_the_result(admin_client, admin_user):
    survivor, other = make_organization(name="中国工商银行"), make_organization(name="工商银行")
    make_story_organization(organization=other)

    response = admin_client.post(
        changelist(Organization),
        merge_post(Organization, [survivor, other], post="yes", survivor=survivor.pk),
        follow=True,
    )

    assert Organization.objects.get(pk=other.pk).merged_into == survivor
    assert Revision.objects.get().user == admin_user
    assert "已将 1 个组织机构合并到“中国工商银行”" in response.content.decode()


def test_merging_a_single_record_asks_for_two(admin_client):
    response = admin_client.post(
        changelist(Community), merge_post(Community, [make_community()]), follow=True
    )
    assert "请至少选择两个社区村" in response.content.decode()


def test_a_refused_merge_is_reported_as_an_error(admin_client):
    survivor, other = make_community(), make_community()
    make_person(name="钱秀英", community=survivor)
    make_person(name="钱秀英", community=other)

    response = admin_client.post(
        changelist(Community),
        merge_post(Community, [survivor, other], post="yes", survivor=survivor.pk),
        follow=True,
    )

    assert "请先合并同名人物：钱秀英" in response.content.decode()
    assert Community.objects.get(pk=other.pk).merged_into is None


def test_merge_needs_the_change_permission(client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(*_view_permission(Person))
    client.force_login(viewer)
    rows = [make_person(), make_person()]

    client.post(changelist(Person), merge_post(Person, rows, post="yes", survivor=rows[0].pk))

    assert not Person.objects.exclude(merged_into=None).exists()


def _view_permission(model):
    return Permission.objects.filter(codename=f"view_{model._meta.model_name}")


def test_merged_filter_lists_only_merged_away_records(admin_client):
    survivor, other = make_person(), make_person()
    merge_people(survivor, [other])

    response = admin_client.get(changelist(Person), {"merged": "yes"})

    assert list(response.context["cl"].result_list) == [Person.objects.get(pk=other.pk)]


def test_autocomplete_leaves_out_merged_away_records(admin_client):
    survivor = make_organization(name="中国工商银行")
    other = make_organization(name="工商银行")
    merge_organizations(survivor, [other])

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "工商银行",
            "app_label": "people",
            "model_name": "person",
            "field_name": "organization",
        },
    )

    assert [int(result["id"]) for result in response.json()["results"]] == [survivor.pk]
