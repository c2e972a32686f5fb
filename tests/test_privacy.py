"""Private residents (issue 7): surname + 某 everywhere the public site names them, compound
surnames whole, no page and no link, and masking that holds when an editor rejects the
appearance or changes whether the name is public."""

import pytest
from django.urls import reverse

from people.models import compound_surnames
from stories.models import Story
from stories.pipeline.dictionaries import word_list
from tests.factories import (
    make_appearance,
    make_organization,
    make_person,
    make_story,
    make_story_organization,
)

pytestmark = pytest.mark.django_db

FULL_NAME = "欧阳秀英"
MASKED = "欧阳某"
GIVEN_NAME = "秀英"
SIZES = [3, 30]


def make_published(**fields):
    return make_story(status=Story.Status.PUBLISHED, **fields)


def content_of(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")


def search_count(client, q):
    """Stories the list and the API find for `q` (their pages repeat the query itself)."""
    listed = client.get(reverse("stories:list"), {"q": q}).context["paginator"].count
    return listed, client.get(reverse("stories:api"), {"q": q}).json()["count"]


def person_links(client, person):
    """Which of the public pages that could link to `person`'s page do."""
    href = f'href="{person.get_absolute_url()}"'
    pages = [
        reverse("stories:list"),
        reverse("people:list"),
        person.organization.get_absolute_url(),
        person.stories.get().get_absolute_url(),
    ]
    return [url for url in pages if href in content_of(client.get(url))]


def sitemap_people(client):
    return content_of(client.get(reverse("sitemap-section", args=["people"])))


# Public names


@pytest.mark.parametrize(
    ("name", "public_name"),
    [
        ("欧阳秀英", "欧阳某"),
        ("司马光明", "司马某"),
        ("诸葛亮", "诸葛某"),
        ("上官婉儿", "上官某"),
        ("令狐冲", "令狐某"),
        ("钱秀英", "钱某"),
        ("欧建国", "欧某"),
        ("东方", "东某"),  # a compound surname alone is a surname and a given name
    ],
)
def test_private_public_name_keeps_the_whole_surname(name, public_name):
    assert make_person(name=name, is_name_public=False).public_name == public_name


def test_public_person_keeps_the_full_name_with_a_compound_surname():
    assert make_person(name=FULL_NAME).public_name == FULL_NAME


def test_compound_surnames_are_the_pipelines():
    # people/ cannot read the pipeline's dictionaries (places <- people <- stories), so the
    # list is kept twice; this keeps the two copies in step.
    pipeline = {surname for surname in word_list("surnames") if len(surname) > 1}
    assert compound_surnames() == pipeline


# The public text


def public_text(story):
    return Story.objects.for_list().get(pk=story.pk).public_text


def test_public_text_masks_a_compound_surname():
    story = make_published(title=f"{FULL_NAME}的一天", body=f"居民{FULL_NAME}说。")
    make_appearance(story=story, person=make_person(name=FULL_NAME, is_name_public=False))
    text = public_text(story)
    assert (text["title"], text["body"]) == (f"{MASKED}的一天", f"居民{MASKED}说。")


def test_public_text_leaves_a_longer_public_name_whole():
    story = make_published(body="李建国书记和居民李建。")
    make_appearance(story=story, person=make_person(name="李建", is_name_public=False))
    make_appearance(story=story, person=make_person(name="李建国"))
    assert public_text(story)["body"] == "李建国书记和居民李某。"


def test_public_text_masks_a_name_when_any_person_of_that_name_is_private():
    story = make_published(body="居民王芳说。")
    make_appearance(story=story, person=make_person(name="王芳"))
    make_appearance(story=story, person=make_person(name="王芳", is_name_public=False))
    assert public_text(story)["body"] == "居民王某说。"


# A rejected appearance stays masked


@pytest.fixture
def rejected():
    """A published story naming a private resident whose appearance an editor rejected."""
    resident = make_person(name=FULL_NAME, is_name_public=False)
    story = make_published(
        title=f"{FULL_NAME}的一天", subtitle=f"记{FULL_NAME}", body=f"居民{FULL_NAME}说：谢谢。"
    )
    make_appearance(story=story, person=resident, title="居民", is_rejected=True)
    return story


REJECTED_PAGES = {
    "story": lambda story: story.get_absolute_url(),
    "list": lambda story: reverse("stories:list"),
    "api": lambda story: reverse("stories:api"),
    "csv": lambda story: reverse("stories:csv"),
    "feed": lambda story: reverse("stories:feed"),
    "snippet": lambda story: reverse("stories:list") + "?q=居民",
}


@pytest.mark.parametrize("page", REJECTED_PAGES)
def test_rejected_appearance_stays_masked(client, rejected, page):
    content = content_of(client.get(REJECTED_PAGES[page](rejected)))
    assert MASKED in content
    assert GIVEN_NAME not in content


def test_search_finds_nothing_by_the_name_after_a_rejection(client):
    resident = make_person(name=FULL_NAME, is_name_public=False)
    story = make_published(title="居民的一天", body=f"居民{FULL_NAME}说：谢谢。")
    appearance = make_appearance(story=story, person=resident)
    appearance.is_rejected = True
    appearance.save()
    assert search_count(client, FULL_NAME) == (0, 0)
    assert search_count(client, MASKED) == (1, 1)


# No page and no link for a private resident


@pytest.fixture
def resident():
    """A private resident of an organisation, in a published story that names them."""
    person = make_person(name=FULL_NAME, is_name_public=False, organization=make_organization())
    story = make_published(title="居民的一天", body=f"居民{FULL_NAME}说：谢谢。")
    make_appearance(story=story, person=person, organization=person.organization)
    make_story_organization(story=story, organization=person.organization)
    return person


def test_private_resident_has_no_page(client, resident):
    assert client.get(resident.get_absolute_url()).status_code == 404


def test_private_resident_is_linked_nowhere(client, resident):
    assert person_links(client, resident) == []


def test_story_page_shows_the_private_resident_unlinked(client, resident):
    content = content_of(client.get(resident.stories.get().get_absolute_url()))
    assert f"<li>{MASKED}" in content


def test_people_list_leaves_the_private_resident_out(client, resident):
    response = client.get(reverse("people:list"))
    assert (list(response.context["people"]), MASKED in content_of(response)) == ([], False)


def test_sitemap_leaves_the_private_resident_out(client, resident):
    assert resident.get_absolute_url() not in sitemap_people(client)


# An editor changes whether a name is public


def test_making_a_resident_public_shows_the_name_and_gives_a_page(client, resident):
    resident.is_name_public = True
    resident.save()
    story_page = content_of(client.get(resident.stories.get().get_absolute_url()))
    assert f'居民<a href="{resident.get_absolute_url()}">{FULL_NAME}</a>说' in story_page
    assert client.get(resident.get_absolute_url()).status_code == 200
    assert person_links(client, resident) == [
        reverse("people:list"),
        resident.organization.get_absolute_url(),
        resident.stories.get().get_absolute_url(),
    ]
    assert resident.get_absolute_url() in sitemap_people(client)
    assert search_count(client, FULL_NAME) == (1, 1)


def test_making_a_person_private_masks_them_and_removes_the_page(client, resident):
    resident.is_name_public = True
    resident.save()
    resident.is_name_public = False
    resident.save()
    content = content_of(client.get(resident.stories.get().get_absolute_url()))
    assert (MASKED in content, GIVEN_NAME in content) == (True, False)
    assert client.get(resident.get_absolute_url()).status_code == 404
    assert person_links(client, resident) == []
    assert resident.get_absolute_url() not in sitemap_people(client)
    assert search_count(client, FULL_NAME) == (0, 0)


# Query budgets: rejected appearances come in the same prefetch as the active ones


def make_rejected_story(size):
    story = make_published()
    for number in range(size):
        person = make_person(name=f"欧阳测{number}", is_name_public=False)
        make_appearance(story=story, person=person, is_rejected=True)
    return story


@pytest.mark.parametrize("size", SIZES)
def test_story_page_query_count_with_rejected_appearances(client, size, django_assert_num_queries):
    story = make_rejected_story(size)
    # The story with its source, then the district, street, community and organisation
    # links and every appearance (5); no active person or community: no related stories.
    with django_assert_num_queries(7):
        response = client.get(story.get_absolute_url())
    assert (len(response.context["story"].active_appearances), response.context["related"]) == (
        0,
        [],
    )


@pytest.mark.parametrize("size", SIZES)
def test_story_list_query_count_with_rejected_appearances(client, size, django_assert_num_queries):
    for _ in range(size):
        make_rejected_story(2)
    # As tests/test_views.py's home page budget: the count, the page of stories with their
    # sources, district links, appearances, then the district, role and year facets.
    with django_assert_num_queries(7):
        response = client.get(reverse("stories:list"))
    assert len(response.context["stories"]) == min(size, 20)
