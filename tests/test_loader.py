"""stories.loader: records become rows, re-imports respect editors, runs can be undone.

The records are built by hand (no extraction) so that each test controls exactly what
the "importer" says. Places use real gazetteer codes: 丰台区 110106, 南苑街道 110106005,
西宏苑社区 110106005006.
"""

from dataclasses import replace

import pytest
from django.core.management import call_command

from archive.models import Origin
from people.models import Organization, Person, Role
from places.models import Community, District
from stories.journal import undo_run
from stories.loader import import_page
from stories.models import (
    Appearance,
    ImportChange,
    ImportRun,
    Source,
    Story,
    StoryCommunity,
    StoryDistrict,
    StoryOrganization,
)
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

pytestmark = pytest.mark.django_db

FENGTAI = DistrictMention("丰台区", "110106", "北京市", "北京市", is_inferred=True)
NANYUAN = StreetMention("南苑街道", "南苑街道", "110106005", "110106")
XIHONGYUAN = CommunityMention("西宏苑社区", "社区", "110106005006", "110106005", "110106")


@pytest.fixture(autouse=True)
def roles():
    call_command("loaddata", "fixtures/roles.json", verbosity=0)


def person(name="钱秀英", **fields):
    fields.setdefault("title", "社区党委书记")
    fields.setdefault("titles", (fields["title"],))
    fields.setdefault("role_category", "community-secretary")
    fields.setdefault("community", "西宏苑社区")
    return PersonMention(name, **fields)


def story(position=0, **fields):
    fields.setdefault("title", f"第{position}篇报道")
    fields.setdefault("body", "本报讯 西宏苑社区的防控工作有序开展。")
    fields.setdefault("people", (person(),))
    fields.setdefault("districts", (FENGTAI,))
    fields.setdefault("streets", (NANYUAN,))
    fields.setdefault("communities", (XIHONGYUAN,))
    fields.setdefault("dates", ("2020-02-03",))
    fields.setdefault("date_start", "2020-02-03")
    fields.setdefault("date_end", "2020-02-03")
    return StoryRecord(position, **fields)


def page(*stories, sha="a" * 64, filename="page.txt"):
    return PageRecord(
        filename=filename,
        sha256=sha,
        text="版面原文",
        meta=PageMeta(year=2020, city="北京市"),
        stories=stories or (story(),),
    )


def run():
    return ImportRun.objects.create()


def test_import_creates_source_story_person_and_links():
    outcome = import_page(page())

    saved = Story.objects.get()
    assert outcome.action == "created"
    assert (saved.title, saved.source.filename, saved.origin) == (
        "第0篇报道",
        "page.txt",
        "importer",
    )
    assert list(saved.communities.values_list("name", flat=True)) == ["西宏苑社区"]
    assert StoryDistrict.objects.get().is_inferred is True
    appearance = Appearance.objects.select_related("person", "role").get()
    assert (appearance.person.name, appearance.title, appearance.role.name) == (
        "钱秀英",
        "社区党委书记",
        "社区书记",
    )


def test_import_places_community_in_its_street_and_district():
    import_page(page())

    community = Community.objects.select_related("street", "district").get()
    assert (community.code, community.street.name, community.district.name) == (
        "110106005006",
        "南苑街道",
        "丰台区",
    )


def test_reimport_of_unchanged_page_changes_nothing():
    import_page(page(), run=run())
    second = run()

    outcome = import_page(page(), run=second)

    assert outcome.action == "unchanged"
    assert second.changes.count() == 0


def test_forced_reimport_with_same_extraction_changes_nothing():
    import_page(page(), run=run())
    second = run()

    outcome = import_page(page(), run=second, force=True)

    assert outcome.action == "unchanged"
    assert second.changes.count() == 0


def test_changed_page_replaces_importer_title():
    import_page(page())

    import_page(page(story(title="新标题"), sha="b" * 64))

    assert Story.objects.get().title == "新标题"


def test_reimport_keeps_editor_title_and_updates_the_rest():
    import_page(page())
    edited = Story.objects.get()
    edited.title = "编辑改过的标题"
    edited.mark_edited(["title"])
    edited.save()

    import_page(page(story(title="新标题", body="新的正文。"), sha="b" * 64))

    edited.refresh_from_db()
    assert (edited.title, edited.body) == ("编辑改过的标题", "新的正文。")


def test_reimport_leaves_a_verified_story_alone():
    import_page(page())
    Story.objects.update(is_verified=True)

    import_page(page(story(title="新标题", body="新的正文。"), sha="b" * 64))

    assert Story.objects.values_list("title", "body").get() == (
        "第0篇报道",
        "本报讯 西宏苑社区的防控工作有序开展。",
    )


def test_reimport_keeps_a_verified_link_the_importer_no_longer_finds():
    import_page(page())
    StoryCommunity.objects.update(is_verified=True)

    import_page(page(story(communities=()), sha="b" * 64))

    assert StoryCommunity.objects.count() == 1


def test_reimport_removes_an_importer_link_it_no_longer_finds():
    import_page(page())

    import_page(page(story(communities=()), sha="b" * 64))

    assert StoryCommunity.objects.count() == 0


def test_rejected_link_is_not_proposed_again():
    import_page(page())
    StoryCommunity.objects.update(is_rejected=True)

    import_page(page(story(), sha="b" * 64), force=True)

    assert list(StoryCommunity.objects.values_list("is_rejected", flat=True)) == [True]


def test_reimport_keeps_a_link_an_editor_added():
    import_page(page())
    extra = District.objects.create(name="海淀区", city="北京市", province="北京市", code="110108")
    StoryDistrict.objects.create(story=Story.objects.get(), district=extra, origin=Origin.EDITOR)

    import_page(page(story(), sha="b" * 64))

    assert set(StoryDistrict.objects.values_list("district__name", flat=True)) == {
        "丰台区",
        "海淀区",
    }


def test_reimport_keeps_an_editor_correction_of_an_appearance_title():
    import_page(page())
    appearance = Appearance.objects.get()
    appearance.title = "社区党总支书记"
    appearance.mark_edited(["title"])
    appearance.save()

    import_page(page(story(people=(person(title="书记"),)), sha="b" * 64))

    assert Appearance.objects.get().title == "社区党总支书记"


def test_same_name_in_same_community_is_one_person():
    import_page(page(story(0), story(1)))

    assert Person.objects.count() == 1
    assert Appearance.objects.count() == 2


def test_same_name_in_another_community_stays_a_separate_person():
    other = CommunityMention("工运社区", "社区", "110108004017", "110108004", "110108")
    import_page(
        page(story(0), story(1, communities=(other,), people=(person(community="工运社区"),)))
    )

    assert Person.objects.filter(name="钱秀英").count() == 2


def test_a_merged_person_is_not_created_again():
    import_page(page())
    duplicate = Person.objects.get()
    survivor = Person.objects.create(name="钱秀英", origin=Origin.EDITOR)
    Appearance.objects.update(person=survivor)
    duplicate.merged_into = survivor
    duplicate.save()

    import_page(page(story(0), story(1), sha="b" * 64))

    assert set(Appearance.objects.values_list("person", flat=True)) == {survivor.pk}
    assert Person.objects.filter(merged_into=None).count() == 1


def test_resident_names_are_not_public_by_default():
    resident = person(
        "王淑兰", title="阿姨", titles=("阿姨",), role_category="resident", community=""
    )

    import_page(page(story(people=(resident,))))

    assert Person.objects.get().public_name == "王某"


def test_renamed_role_category_is_still_found_by_its_slug():
    Role.objects.filter(slug="community-secretary").update(name="社区党组织书记")

    import_page(page())

    assert Appearance.objects.get().role.name == "社区党组织书记"


def test_renamed_private_category_still_hides_the_residents_name():
    Role.objects.filter(slug="resident").update(name="普通居民")
    resident = person(
        "王淑兰", title="阿姨", titles=("阿姨",), role_category="resident", community=""
    )

    import_page(page(story(people=(resident,))))

    assert Person.objects.get().public_name == "王某"


def test_category_without_a_role_row_leaves_the_role_empty_with_a_warning():
    Role.objects.filter(slug="community-secretary").delete()

    outcome = import_page(page())

    assert (Appearance.objects.get().role, outcome.warnings) == (
        None,
        ["没有标识为 community-secretary 的角色类别，归入该类别的人物出现未设角色"],
    )


def test_story_that_vanished_from_a_changed_page_is_removed():
    import_page(page(story(0), story(1)))

    import_page(page(story(0), sha="b" * 64))

    assert list(Story.objects.values_list("position", flat=True)) == [0]


def test_story_that_vanished_but_was_edited_is_kept():
    import_page(page(story(0), story(1)))
    Story.objects.filter(position=1).update(editor_notes="已核对", editor_fields=["editor_notes"])

    outcome = import_page(page(story(0), sha="b" * 64))

    assert Story.objects.count() == 2
    assert outcome.counts["kept:Story"] == 1


def test_same_text_under_another_name_is_not_imported_twice():
    import_page(page())

    outcome = import_page(page(filename="copy.txt"))

    assert (outcome.action, outcome.warnings) == (
        "unchanged",
        ["内容与已导入的 page.txt 相同，未重复导入"],
    )
    assert list(Source.objects.values_list("filename", flat=True)) == ["page.txt"]
    assert Story.objects.count() == 1


def test_dry_run_writes_nothing_but_reports_what_it_would_do():
    outcome = import_page(page(), dry_run=True)

    assert outcome.counts["created:Story"] == 1
    assert (Source.objects.count(), Story.objects.count(), Person.objects.count()) == (0, 0, 0)


def test_new_confident_stories_are_drafts_unless_published():
    import_page(page(story(0, confidence=0.9)))
    import_page(page(story(0, confidence=0.9), filename="other.txt", sha="b" * 64), publish=True)

    assert sorted(Story.objects.values_list("status", flat=True)) == ["draft", "published"]


def test_low_confidence_story_goes_to_review_even_when_publishing():
    import_page(page(story(confidence=0.5)), publish=True)

    assert Story.objects.get().status == Story.Status.REVIEW


def test_every_row_a_run_creates_is_journaled():
    first = run()

    import_page(page(), run=first)

    created = set(first.changes.values_list("content_type__model", flat=True))
    assert {"source", "story", "person", "community", "street", "district"} <= created
    assert set(first.changes.values_list("action", flat=True)) == {ImportChange.Action.CREATED}


def test_links_to_an_existing_story_are_journaled():
    import_page(page(story(communities=())), run=run())
    second = run()

    import_page(page(story(), sha="b" * 64), run=second)

    assert (
        second.changes.filter(content_type__model="storycommunity", action="created").count() == 1
    )


def test_undo_removes_what_the_run_created():
    first = run()
    import_page(page(), run=first)

    result = undo_run(first)

    assert (Source.objects.count(), Story.objects.count(), Person.objects.count()) == (0, 0, 0)
    assert result["deleted"] > 0
    first.refresh_from_db()
    assert first.status == ImportRun.Status.UNDONE


def test_undo_keeps_a_story_an_editor_has_since_edited():
    first = run()
    import_page(page(), run=first)
    Story.objects.update(editor_fields=["title"], title="编辑的标题")

    result = undo_run(first)

    assert Story.objects.get().title == "编辑的标题"
    assert result["kept"] >= 1


def test_undo_restores_what_a_run_changed():
    import_page(page(), run=run())
    second = run()
    import_page(page(story(title="新标题"), sha="b" * 64), run=second)

    undo_run(second)

    assert Story.objects.get().title == "第0篇报道"


def test_undo_restores_a_link_the_run_removed():
    import_page(page(), run=run())
    second = run()
    import_page(page(story(communities=()), sha="b" * 64), run=second)

    undo_run(second)

    assert StoryCommunity.objects.count() == 1


def test_undo_of_a_second_identical_run_changes_nothing():
    import_page(page(), run=run())
    second = run()
    import_page(replace(page(), sha256="a" * 64), run=second, force=True)

    assert undo_run(second) == {}
    assert Story.objects.count() == 1


# --- issue 8: short forms and mentions --------------------------------------------------------

ICBC = OrganizationMention("中国工商银行丰台支行", "company", aliases=("工行丰台支行", "丰台支行"))


def test_a_new_organisation_keeps_the_short_forms_the_page_gave_it():
    import_page(page(story(organizations=(ICBC,))))

    organization = Organization.objects.get()
    assert organization.name == "中国工商银行丰台支行"
    assert sorted(organization.aliases.values_list("name", flat=True)) == [
        "丰台支行",
        "工行丰台支行",
    ]


def test_a_later_page_that_names_only_a_short_form_finds_the_organisation():
    import_page(page(story(organizations=(ICBC,))))

    short = OrganizationMention("工行丰台支行", "company")
    import_page(page(story(organizations=(short,)), sha="b" * 64, filename="later.txt"))

    assert Organization.objects.count() == 1
    assert StoryOrganization.objects.count() == 2


def test_a_person_the_story_only_mentions_is_linked_to_nothing():
    leader = person(
        "习近平", title="总书记", titles=("总书记",), role_category="other", community=""
    )
    import_page(page(story(mentioned=(leader,))))

    assert list(Person.objects.values_list("name", flat=True)) == ["钱秀英"]
