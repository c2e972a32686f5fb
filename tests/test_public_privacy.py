"""What must never be public, checked through every public URL at once: the text of a story
that is not published, and a private resident's full name.

The archive below links a published story and a draft to the same person, community, street,
district and organisation, so that every directory page, list, feed and API has both within
reach; each URL must show the published story's traces and none of the secrets.
"""

import pytest
from django.urls import reverse

from archive.sitemaps import SITEMAPS
from stories.models import Story
from tests.factories import (
    make_appearance,
    make_community,
    make_district,
    make_organization,
    make_person,
    make_role,
    make_story,
    make_story_community,
    make_story_district,
    make_story_organization,
    make_story_street,
    make_street,
)

pytestmark = pytest.mark.django_db

DRAFT_SECRET = "草稿里的秘密标题"
REVIEW_SECRET = "待审核的秘密正文"
PRIVATE_NAME = "钱秀英"
GIVEN_NAME = "秀英"


@pytest.fixture
def archive():
    district = make_district(name="丰台区", code="110106")
    street = make_street(name="南苑街道", code="110106014", district=district)
    community = make_community(name="西宏苑社区", street=street)
    organization = make_organization(name="南苑街道工委", district=district)
    secretary = make_person(name="李建国", community=community)
    resident = make_person(name=PRIVATE_NAME, is_name_public=False, community=community)
    resident_role = make_role(name="居民", is_private=True)
    published = make_story(
        status=Story.Status.PUBLISHED,
        title=f"{PRIVATE_NAME}和社区书记李建国",
        body=f"居民{PRIVATE_NAME}说：“谢谢李建国书记。”核酸检测有序进行。",
        byline=[{"name": "江晓", "role": "记者"}],
    )
    draft = make_story(status=Story.Status.DRAFT, title=DRAFT_SECRET, body="草稿正文")
    review = make_story(status=Story.Status.REVIEW, title="待审核", body=REVIEW_SECRET)
    for story in (published, draft, review):
        make_story_district(story=story, district=district)
        make_story_street(story=story, street=street)
        make_story_community(story=story, community=community)
        make_story_organization(story=story, organization=organization)
        make_appearance(story=story, person=secretary, organization=organization)
        make_appearance(story=story, person=resident, role=resident_role, title="居民")
    return {
        "story": published,
        "people": [secretary, resident],
        "places": [district, street, community],
        "organization": organization,
    }


def public_urls(archive):
    story = archive["story"]
    urls = [
        reverse("stories:home"),
        reverse("stories:list"),
        reverse("stories:list") + "?district=丰台区&role=居民",
        reverse("stories:list") + f"?q={PRIVATE_NAME[0]}",
        reverse("stories:list") + "?q=核酸检测",
        reverse("stories:list") + "?q=秘密",
        story.get_absolute_url(),
        reverse("stories:stats"),
        reverse("stories:api"),
        reverse("stories:api") + f"?q={PRIVATE_NAME[0]}",
        reverse("stories:csv"),
        reverse("stories:feed"),
        reverse("people:list"),
        reverse("people:list") + "?role=居民",
        reverse("people:organizations"),
        archive["organization"].get_absolute_url(),
        reverse("places:index"),
        reverse("sitemap"),
        reverse("robots"),
    ]
    # Not the resident's: a private resident has no page (tests/test_privacy.py).
    urls.append(archive["people"][0].get_absolute_url())
    urls += [place.get_absolute_url() for place in archive["places"]]
    urls += [reverse("sitemap-section", args=[section]) for section in SITEMAPS]
    return urls


def content_of(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")


def test_every_public_url_answers(client, archive):
    for url in public_urls(archive):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("secret", [DRAFT_SECRET, REVIEW_SECRET, "草稿正文", GIVEN_NAME])
def test_no_public_url_shows_a_secret(client, archive, secret):
    leaks = [url for url in public_urls(archive) if secret in content_of(client.get(url))]
    assert leaks == []


def test_the_published_story_and_masked_name_are_there(client, archive):
    content = content_of(client.get(archive["story"].get_absolute_url()))
    assert "钱某和社区书记李建国" in content


@pytest.mark.parametrize("q", [PRIVATE_NAME, GIVEN_NAME, "秘密", "草稿正文"])
def test_search_finds_nothing_by_a_secret(client, archive, q):
    # The page repeats the query itself, so what counts is that nothing is found.
    assert client.get(reverse("stories:list"), {"q": q}).context["paginator"].count == 0
    assert client.get(reverse("stories:api"), {"q": q}).json()["count"] == 0


@pytest.mark.parametrize("status", [Story.Status.DRAFT, Story.Status.REVIEW])
def test_unpublished_story_pages_are_not_found(client, archive, status):
    story = Story.objects.get(status=status)
    assert client.get(story.get_absolute_url()).status_code == 404
    api = client.get(reverse("stories:api")).json()
    assert [result["id"] for result in api["results"]] == [archive["story"].pk]
