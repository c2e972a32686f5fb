"""Editor notes (issue 7) are for editors only: no public page, API, CSV, feed or sitemap
shows a story's, person's or organisation's notes, and search does not index them.

Every public URL comes from tests/test_public_privacy.py, over an archive whose published
story, person, organisation and places all carry notes.
"""

import pytest
from django.urls import reverse

from stories.models import Story
from tests.factories import (
    make_appearance,
    make_community,
    make_organization,
    make_person,
    make_story,
    make_story_community,
    make_story_district,
    make_story_organization,
    make_story_street,
)
from tests.test_public_privacy import content_of, public_urls

pytestmark = pytest.mark.django_db

STORY_NOTE = "标题待与原版面核对"
PERSON_NOTE = "本人电话已确认"
ORGANIZATION_NOTE = "疑与营业部重复"
NOTES = [STORY_NOTE, PERSON_NOTE, ORGANIZATION_NOTE]


@pytest.fixture
def archive():
    community = make_community(name="西宏苑社区")
    street, district = community.street, community.street.district
    organization = make_organization(name="南苑街道工委", notes=ORGANIZATION_NOTE)
    secretary = make_person(name="李建国", community=community, notes=PERSON_NOTE)
    story = make_story(
        status=Story.Status.PUBLISHED,
        title="社区书记李建国",
        body="核酸检测有序进行。",
        editor_notes=STORY_NOTE,
    )
    make_story_district(story=story, district=district)
    make_story_street(story=story, street=street)
    make_story_community(story=story, community=community)
    make_story_organization(story=story, organization=organization)
    make_appearance(story=story, person=secretary, organization=organization)
    return {
        "story": story,
        "people": [secretary],
        "places": [district, street, community],
        "organization": organization,
    }


@pytest.mark.parametrize("note", NOTES)
def test_no_public_url_shows_an_editor_note(client, archive, note):
    leaks = [url for url in public_urls(archive) if note in content_of(client.get(url))]
    assert leaks == []


def test_search_finds_the_story_by_its_text(archive):
    assert list(Story.objects.search("核酸检测")) == [archive["story"]]


@pytest.mark.parametrize("note", NOTES)
def test_search_does_not_index_an_editor_note(client, archive, note):
    assert list(Story.objects.search(note)) == []
    assert client.get(reverse("stories:api"), {"q": note}).json()["count"] == 0
