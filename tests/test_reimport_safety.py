"""Re-import safety (issue 7): whatever an editor did to a page's rows survives importing
that page again, whether the text is the same (re-extracted with `force`) or changed.

Each test imports a page, makes one kind of edit the way the admin makes it (the same
fields marked as the editor's, the same functions), re-imports, and checks the edit.
The page records are built by hand as in tests/test_loader.py, whose helpers these are.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from people.models import Organization, Person, Role
from stories.loader import import_page
from stories.merging import merge_people
from stories.models import Appearance, Story, StoryCommunity, StoryDistrict
from stories.pipeline.records import CommunityMention, OrganizationMention
from tests.test_loader import page, person, story

pytestmark = pytest.mark.django_db

BANK = OrganizationMention("北京银行丰台支行", kind="company", district_code="110106")
GONGYUN = CommunityMention("工运社区", "社区", "110108004017", "110108004", "110108")


@pytest.fixture(autouse=True)
def roles():
    call_command("loaddata", "fixtures/roles.json", verbosity=0)


def first_page():
    return page(story(organizations=(BANK,)))


# The same page again: an unchanged page is skipped unless forced, so it is forced to be
# extracted and written again. The changed page says something different about every
# row an editor may have touched: another title, body and confidence for the story, another
# title for the person, no community, and no organisation.
CHANGED_STORY = {
    "title": "新标题",
    "body": "新的正文。",
    "confidence": 0.5,
    "people": (person(title="书记", titles=("书记",)),),
    "communities": (),
}
REIMPORTS = {
    "same page": lambda: import_page(first_page(), force=True),
    "changed page": lambda: import_page(page(story(**CHANGED_STORY), sha="b" * 64)),
}


@pytest.fixture(params=REIMPORTS)
def reimport(request):
    return REIMPORTS[request.param]


@pytest.fixture
def imported():
    import_page(first_page())
    return Story.objects.get()


def edit(row, **values):
    """Set fields as the admin's save does: the values, marked as the editor's."""
    for name, value in values.items():
        setattr(row, name, value)
    row.mark_edited(values)
    row.save()


def test_reimport_keeps_an_editors_appearance_title(imported, reimport):
    edit(Appearance.objects.get(), title="社区党总支书记")
    reimport()
    assert Appearance.objects.get().title == "社区党总支书记"


def test_reimport_keeps_an_editors_role_correction(imported, reimport):
    volunteer = Role.objects.get(slug="volunteer")
    edit(Appearance.objects.get(), role=volunteer)
    reimport()
    assert Appearance.objects.get().role == volunteer


def test_reimport_keeps_a_verified_link_as_it_is(imported, reimport):
    StoryCommunity.objects.update(is_verified=True, confidence=0.3)
    reimport()
    assert list(StoryCommunity.objects.values_list("is_verified", "confidence")) == [(True, 0.3)]


def test_reimport_keeps_a_rejected_link_rejected(imported, reimport):
    link = StoryDistrict.objects.get()
    edit(link, is_rejected=True)
    reimport()
    assert list(StoryDistrict.objects.values_list("pk", "is_rejected")) == [(link.pk, True)]


def test_reimport_keeps_an_editors_verified_appearance(imported, reimport):
    Appearance.objects.update(is_verified=True)
    reimport()
    assert Appearance.objects.values_list("title", "is_verified").get() == ("社区党委书记", True)


def test_reimport_keeps_editor_notes(imported, reimport):
    edit(imported, editor_notes="标题待与原版面核对")
    Person.objects.update(notes="本人已确认姓名")
    Organization.objects.update(notes="即北京银行丰台支行营业部")
    reimport()
    assert Story.objects.get().editor_notes == "标题待与原版面核对"
    assert Person.objects.get().notes == "本人已确认姓名"
    assert Organization.objects.get().notes == "即北京银行丰台支行营业部"


def test_reimport_keeps_a_bulk_publish(imported, reimport, admin_client):
    data = {"action": "publish_stories", "_selected_action": [imported.pk]}
    admin_client.post(reverse("admin:stories_story_changelist"), data)
    reimport()
    story_ = Story.objects.get()
    assert (story_.status, story_.editor_fields) == (Story.Status.PUBLISHED, ["status"])


def test_reimport_keeps_an_editors_story_title(imported, reimport):
    edit(imported, title="编辑改过的标题")
    reimport()
    assert Story.objects.get().title == "编辑改过的标题"


# A merge: the importer made two people named 钱秀英, one in each community of the page,
# and an editor merged them.


def two_people_page(*, sha="a" * 64, title="第1篇报道"):
    return page(
        story(0),
        story(1, title=title, communities=(GONGYUN,), people=(person(community="工运社区"),)),
        sha=sha,
    )


@pytest.fixture
def merged():
    import_page(two_people_page())
    survivor, other = Person.objects.order_by("pk")
    merge_people(survivor, [other])
    return survivor, other


MERGE_REIMPORTS = {
    "same page": lambda: import_page(two_people_page(), force=True),
    "changed page": lambda: import_page(two_people_page(sha="b" * 64, title="新标题")),
}


@pytest.mark.parametrize("how", MERGE_REIMPORTS)
def test_reimport_keeps_a_merge_of_two_people(merged, how):
    survivor, other = merged
    MERGE_REIMPORTS[how]()
    assert list(Person.objects.filter(merged_into=None)) == [survivor]
    assert Person.objects.get(pk=other.pk).merged_into == survivor
    assert list(Appearance.objects.values_list("person", flat=True)) == [survivor.pk] * 2


def test_a_new_story_about_a_merged_away_person_goes_to_the_survivor(merged):
    survivor, _ = merged
    new_story = story(
        2, title="又一篇", communities=(GONGYUN,), people=(person(community="工运社区"),)
    )
    import_page(page(*two_people_page().stories, new_story, sha="b" * 64))
    assert set(Appearance.objects.values_list("person", flat=True)) == {survivor.pk}
    assert Person.objects.filter(merged_into=None).count() == 1


# An editor who says the importer picked the wrong person points the appearance at the
# right one; the importer must not bring the wrong one back.


def test_reimport_keeps_an_editors_choice_of_person(imported, reimport):
    right = Person.objects.create(name="钱秀兰")
    edit(Appearance.objects.get(), person=right)
    reimport()
    assert list(Appearance.objects.values_list("person", flat=True)) == [right.pk]
