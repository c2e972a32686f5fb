"""The public site: only published stories, friendly pagination, private names hidden,
imported text escaped, and query counts that do not grow with the rows."""

import datetime

import pytest
from django.urls import reverse

from stories.models import Story
from tests.factories import (
    make_appearance,
    make_community,
    make_district,
    make_organization,
    make_person,
    make_story,
    make_story_community,
    make_story_district,
    make_story_organization,
    make_story_street,
    make_street,
)

pytestmark = pytest.mark.django_db

PUBLISHED = Story.Status.PUBLISHED
HOME = reverse("stories:list")


def make_published(**fields):
    return make_story(status=PUBLISHED, **fields)


def make_card_story(**fields):
    """A published story with what a story card shows: a district and a person."""
    story = make_published(**fields)
    make_story_district(story=story)
    make_appearance(story=story)
    return story


def listed(response):
    return [story.title for story in response.context["stories"]]


# The story list (home page)


def test_home_lists_only_published_stories(client):
    make_published(title="已发布")
    make_story(title="草稿", status=Story.Status.DRAFT)
    make_story(title="待审核", status=Story.Status.REVIEW)
    assert listed(client.get(HOME)) == ["已发布"]


def test_home_lists_newest_first_and_undated_last(client):
    make_published(title="无日期")
    make_published(title="二月", date_start=datetime.date(2020, 2, 1))
    make_published(title="三月", date_start=datetime.date(2020, 3, 1))
    assert listed(client.get(HOME)) == ["三月", "二月", "无日期"]


def test_home_shows_20_stories_a_page(client):
    for _ in range(25):
        make_published()
    first, second = client.get(HOME), client.get(HOME, {"page": 2})
    assert (len(listed(first)), len(listed(second))) == (20, 5)


def test_page_links_keep_the_other_query_parameters(client):
    for _ in range(21):
        make_published()
    response = client.get(HOME, {"utm": "x"})
    assert 'href="?utm=x&amp;page=2"' in response.content.decode()


@pytest.mark.parametrize("page", ["99", "0", "abc"])
def test_a_page_that_does_not_exist_is_a_friendly_page(client, page):
    for _ in range(21):
        make_published()
    response = client.get(HOME, {"page": page})
    content = response.content.decode()
    assert response.status_code == 200
    assert f"没有第 {page} 页。共 2 页。" in content
    assert 'href="?page=1"' in content
    assert 'href="?page=2"' in content


def test_a_missing_page_of_an_empty_archive_says_there_are_no_stories(client):
    response = client.get(HOME, {"page": 2})
    assert "没有第 2 页。暂无已发布的报道。" in response.content.decode()


def test_a_missing_page_number_is_escaped(client):
    response = client.get(HOME, {"page": "<b>2</b>"})
    assert "没有第 &lt;b&gt;2&lt;/b&gt; 页" in response.content.decode()


# The story page


def test_story_page_shows_a_published_story(client):
    story = make_published(title="社区里的守门人", body="第一段。\n\n第二段。")
    content = client.get(story.get_absolute_url()).content.decode()
    assert "<h1>社区里的守门人</h1>" in content
    assert "<p>第二段。</p>" in content


@pytest.mark.parametrize("status", [Story.Status.DRAFT, Story.Status.REVIEW])
def test_unpublished_story_is_not_found(client, status):
    story = make_story(status=status)
    response = client.get(story.get_absolute_url())
    assert response.status_code == 404
    assert "找不到这个页面" in response.content.decode()


def test_story_page_leaves_out_rejected_links(client):
    story = make_published()
    make_story_district(story=story, district=make_district(name="丰台区"))
    make_story_district(story=story, district=make_district(name="海淀区"), is_rejected=True)
    content = client.get(story.get_absolute_url()).content.decode()
    assert ("丰台区" in content, "海淀区" in content) == (True, False)


# Pages of people, organisations and places list their published stories


LINKS = {
    "person": (make_person, lambda story, person: make_appearance(story=story, person=person)),
    "organization": (
        make_organization,
        lambda story, organization: make_story_organization(story=story, organization=organization),
    ),
    "district": (
        make_district,
        lambda story, district: make_story_district(story=story, district=district),
    ),
    "street": (make_street, lambda story, street: make_story_street(story=story, street=street)),
    "community": (
        make_community,
        lambda story, community: make_story_community(story=story, community=community),
    ),
}


@pytest.mark.parametrize("kind", LINKS)
def test_detail_page_lists_only_published_stories_with_active_links(client, kind):
    make_subject, link = LINKS[kind]
    subject = make_subject()
    link(make_published(title="已发布"), subject)
    link(make_story(title="草稿"), subject)
    rejected = link(make_published(title="链接已否决"), subject)
    type(rejected).objects.filter(pk=rejected.pk).update(is_rejected=True)
    make_published(title="无关")
    assert listed(client.get(subject.get_absolute_url())) == ["已发布"]


@pytest.mark.parametrize("kind", LINKS)
def test_detail_page_paginates(client, kind):
    make_subject, link = LINKS[kind]
    subject = make_subject()
    for _ in range(21):
        link(make_published(), subject)
    response = client.get(subject.get_absolute_url(), {"page": 2})
    assert len(listed(response)) == 1


def test_person_only_in_unpublished_stories_has_no_page(client):
    person = make_person()
    make_appearance(person=person, story=make_story(status=Story.Status.DRAFT))
    assert client.get(person.get_absolute_url()).status_code == 404


def test_merged_person_page_redirects_to_the_survivor(client):
    survivor = make_person()
    merged = make_person(merged_into=survivor)
    make_appearance(person=merged, story=make_published())
    response = client.get(merged.get_absolute_url())
    assert (response.status_code, response["Location"]) == (301, survivor.get_absolute_url())


# Private residents: only the surname and 某, everywhere the public site shows the person


@pytest.fixture
def private_resident_story():
    resident = make_person(name="钱秀英", is_name_public=False, community=make_community())
    story = make_published(
        title="钱秀英的一天", body="居民钱秀英说：“谢谢社区。”", subtitle="记钱秀英"
    )
    make_appearance(story=story, person=resident, title="居民")
    make_story_community(story=story, community=resident.community)
    return story, resident


@pytest.mark.parametrize("page", ["home", "story", "community"])
def test_private_resident_shows_only_the_surname(client, private_resident_story, page):
    story, resident = private_resident_story
    url = {
        "home": HOME,
        "story": story.get_absolute_url(),
        "community": resident.community.get_absolute_url(),
    }[page]
    content = client.get(url).content.decode()
    assert "钱某" in content
    assert "秀英" not in content


def test_private_resident_has_no_page(client, private_resident_story):
    _, resident = private_resident_story
    assert client.get(resident.get_absolute_url()).status_code == 404


def test_public_person_shows_the_full_name(client):
    story = make_published(body="社区书记李建国说。")
    make_appearance(story=story, person=make_person(name="李建国", is_name_public=True))
    assert "李建国" in client.get(story.get_absolute_url()).content.decode()


# Imported text is escaped


@pytest.mark.parametrize("page", ["home", "story"])
def test_imported_markup_is_escaped(client, page):
    story = make_published(title="<script>alert(1)</script>", body="<b>正文</b>")
    url = HOME if page == "home" else story.get_absolute_url()
    content = client.get(url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>" not in content
    assert "<b>正文</b>" not in content


# Query budgets, the same at 3 and 30 rows. Anonymous pages touch no session.

SIZES = [3, 30]


@pytest.mark.parametrize("size", SIZES)
def test_home_query_count_does_not_grow_with_stories(client, size, django_assert_num_queries):
    for _ in range(size):
        make_card_story()
    # The count, the page of stories with their sources, district links, appearances,
    # then the facets of district, role and year (tests/test_story_list.py has the rest).
    with django_assert_num_queries(7):
        response = client.get(HOME)
    assert len(listed(response)) == min(size, 20)


@pytest.mark.parametrize("size", SIZES)
def test_story_page_query_count_does_not_grow_with_links(client, size, django_assert_num_queries):
    story = make_published()
    for _ in range(size):
        appearance = make_appearance(
            story=story, community=make_community(), organization=make_organization()
        )
        make_appearance(story=make_published(), person=appearance.person)
        make_story_district(story=story)
        make_story_street(story=story)
        make_story_community(story=story)
        make_story_organization(story=story)
    # The story with its source, one query for each of the five kinds of link, its bylines,
    # then the related stories (same people or community) and their appearances.
    with django_assert_num_queries(9):
        response = client.get(story.get_absolute_url())
    assert len(response.context["story"].active_appearances) == size
    assert len(response.context["related"]) == min(size, 5)


# The object with its parents, the count, the page of stories with their sources, district
# links, appearances (5), and what each page adds: a person's appearances with their stories'
# appearances (2), an organisation's people (1), the story counts and rows of a district's
# streets (2 + 1) and of its communities without a street (1 + 1), and of a street's
# communities (1 + 1).
DETAIL_QUERIES = {"person": 7, "organization": 7, "district": 10, "street": 7, "community": 5}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", LINKS)
def test_detail_page_query_count_does_not_grow_with_stories(
    client, kind, size, django_assert_num_queries
):
    make_subject, link = LINKS[kind]
    subject = make_subject()
    for _ in range(size):
        link(make_card_story(), subject)
    with django_assert_num_queries(DETAIL_QUERIES[kind]):
        response = client.get(subject.get_absolute_url())
    assert len(listed(response)) == min(size, 20)
