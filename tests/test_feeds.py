"""What feed readers and crawlers get: the Atom feed, the sitemap and robots.txt. Only
published stories, private residents masked, imported text escaped, and query counts that do
not grow with the stories."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from stories import feeds
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

FEED = reverse("stories:feed")
SITEMAP = reverse("sitemap")
ATOM = {"atom": "http://www.w3.org/2005/Atom"}
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SIZES = [3, 30]


def make_published(**fields):
    return make_story(status=Story.Status.PUBLISHED, **fields)


def make_card_story(**fields):
    """A published story with what a feed entry shows: a district and a person."""
    story = make_published(**fields)
    make_story_district(story=story)
    make_appearance(story=story)
    return story


def entries(client):
    response = client.get(FEED)
    return ET.fromstring(response.content).findall("atom:entry", ATOM)


def entry_titles(client):
    return [entry.findtext("atom:title", namespaces=ATOM) for entry in entries(client)]


@pytest.fixture
def private_resident_story():
    resident = make_person(name="钱秀英", is_name_public=False)
    story = make_published(title="钱秀英的一天", body="居民钱秀英说：“谢谢社区。”")
    make_appearance(story=story, person=resident, title="居民")
    return story, resident


# The feed


def test_feed_is_atom(client):
    make_published()
    response = client.get(FEED)
    root = ET.fromstring(response.content)
    assert response["Content-Type"].startswith("application/atom+xml")
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert root.findtext("atom:title", namespaces=ATOM) == feeds.LatestStoriesFeed.title


def test_feed_lists_only_published_stories(client):
    make_published(title="已发布")
    make_story(title="草稿", status=Story.Status.DRAFT)
    make_story(title="待审核", status=Story.Status.REVIEW)
    assert entry_titles(client) == ["已发布"]


def test_feed_lists_newest_first_and_undated_last(client):
    make_published(title="无日期")
    make_published(title="二月", date_start=datetime.date(2020, 2, 1))
    make_published(title="三月", date_start=datetime.date(2020, 3, 1))
    assert entry_titles(client) == ["三月", "二月", "无日期"]


def test_feed_holds_the_newest_50_stories(client):
    for day in range(1, 26):
        make_published(date_start=datetime.date(2020, 2, day))
        make_published(date_start=datetime.date(2020, 3, day))
    make_published(title="无日期")
    titles = entry_titles(client)
    assert len(titles) == feeds.FEED_SIZE == 50
    assert Story.objects.get(date_start=datetime.date(2020, 2, 1)).title in titles
    assert "无日期" not in titles


def test_feed_entry_links_to_the_story_and_says_when_it_changed(client):
    story = make_published()
    (entry,) = entries(client)
    link = entry.find("atom:link", ATOM).get("href")
    updated = datetime.datetime.fromisoformat(entry.findtext("atom:updated", namespaces=ATOM))
    assert link == f"http://testserver{story.get_absolute_url()}"
    assert updated == story.updated_at


def test_feed_summary_is_the_start_of_the_body(client):
    make_published(body="疫" * 300)
    (entry,) = entries(client)
    summary = entry.findtext("atom:summary", namespaces=ATOM)
    # Cut to 200 characters, the ellipsis (the locale's own) included.
    assert len(summary) == feeds.SUMMARY_LENGTH
    assert summary.startswith("疫" * 190)
    assert not summary.endswith("疫")


def test_feed_author_is_the_byline(client):
    make_published(
        byline=[{"name": "王记者", "role": "记者"}, {"name": "李通讯员", "role": "通讯员"}]
    )
    (entry,) = entries(client)
    assert entry.findtext("atom:author/atom:name", namespaces=ATOM) == "王记者、李通讯员"


def test_feed_categories_are_the_active_districts(client):
    story = make_published()
    make_story_district(story=story, district=make_district(name="丰台区"))
    make_story_district(story=story, district=make_district(name="海淀区"), is_rejected=True)
    (entry,) = entries(client)
    assert [category.get("term") for category in entry.findall("atom:category", ATOM)] == ["丰台区"]


def test_feed_shows_private_residents_by_surname(client, private_resident_story):
    response = client.get(FEED)
    (entry,) = ET.fromstring(response.content).findall("atom:entry", ATOM)
    assert entry.findtext("atom:title", namespaces=ATOM) == "钱某的一天"
    assert entry.findtext("atom:summary", namespaces=ATOM) == "居民钱某说：“谢谢社区。”"
    assert "秀英" not in response.content.decode()


def test_feed_escapes_imported_markup(client):
    make_published(title="<script>alert(1)</script>", body="<script>alert(2)</script>")
    response = client.get(FEED)
    (entry,) = ET.fromstring(response.content).findall("atom:entry", ATOM)
    # The title is Atom text: the reader shows these characters. The summary is Atom HTML:
    # it holds the markup escaped, so the reader shows it rather than running it.
    assert entry.findtext("atom:title", namespaces=ATOM) == "<script>alert(1)</script>"
    summary = entry.find("atom:summary", ATOM)
    assert summary.get("type") == "html"
    assert summary.text == "&lt;script&gt;alert(2)&lt;/script&gt;"
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize("size", SIZES)
def test_feed_query_count_does_not_grow_with_stories(client, size, django_assert_num_queries):
    for _ in range(size):
        make_card_story()
    # The stories with their sources, then their district links and their appearances.
    with django_assert_num_queries(4):
        response = client.get(FEED)
    assert len(ET.fromstring(response.content).findall("atom:entry", ATOM)) == size


# The sitemap


def section_urls(client):
    """The URLs of the sitemap index's sections, as paths the test client can get."""
    root = ET.fromstring(client.get(SITEMAP).content)
    return [
        loc.text.removeprefix("http://testserver") for loc in root.iterfind(".//sm:loc", SITEMAP_NS)
    ]


def sitemap_locations(client):
    """Every page the sitemap lists, as paths, from all sections."""
    paths = []
    for url in section_urls(client):
        root = ET.fromstring(client.get(url).content)
        paths += [
            loc.text.removeprefix("http://testserver")
            for loc in root.iterfind(".//sm:loc", SITEMAP_NS)
        ]
    return paths


def test_sitemap_is_an_index_of_sections(client):
    response = client.get(SITEMAP)
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    assert reverse("sitemap-section", args=["stories"]) in section_urls(client)


@pytest.mark.parametrize(
    "name",
    [
        "stories:home",
        "stories:list",
        "stories:stats",
        "people:list",
        "people:organizations",
        "places:index",
    ],
)
def test_sitemap_lists_the_fixed_pages(client, name):
    assert reverse(name) in sitemap_locations(client)


def test_sitemap_lists_only_published_stories(client):
    published = make_published()
    draft = make_story(status=Story.Status.DRAFT)
    review = make_story(status=Story.Status.REVIEW)
    paths = sitemap_locations(client)
    assert published.get_absolute_url() in paths
    assert draft.get_absolute_url() not in paths
    assert review.get_absolute_url() not in paths


def test_sitemap_gives_a_story_its_last_change(client):
    story = make_published()
    root = ET.fromstring(client.get(reverse("sitemap-section", args=["stories"])).content)
    (lastmod,) = (element.text for element in root.iterfind(".//sm:lastmod", SITEMAP_NS))
    # The sitemap speaks the archive's time zone (Asia/Shanghai), eight hours ahead of UTC.
    assert datetime.date.fromisoformat(lastmod[:10]) == timezone.localdate(story.updated_at)


def test_sitemap_lists_people_only_from_published_stories(client):
    published, drafted, rejected, merged = (make_person() for _ in range(4))
    make_appearance(story=make_published(), person=published)
    make_appearance(story=make_story(status=Story.Status.DRAFT), person=drafted)
    make_appearance(story=make_published(), person=rejected, is_rejected=True)
    merged.merged_into = published
    merged.save()
    make_appearance(story=make_published(), person=merged)
    paths = sitemap_locations(client)
    assert published.get_absolute_url() in paths
    for person in (drafted, rejected, merged):
        assert person.get_absolute_url() not in paths


def test_sitemap_lists_places_and_organisations_of_published_stories(client):
    story = make_published()
    street = make_street()
    community = make_community(street=street)
    organization = make_organization()
    make_story_community(story=story, community=community)
    make_story_organization(story=story, organization=organization)
    unpublished = make_story(status=Story.Status.DRAFT)
    hidden_district = make_district()
    make_story_district(story=unpublished, district=hidden_district)
    paths = sitemap_locations(client)
    # The community puts its street and district in the story too.
    for subject in (community, street, street.district, organization):
        assert subject.get_absolute_url() in paths
    assert hidden_district.get_absolute_url() not in paths


def test_sitemap_never_names_a_private_resident(client, private_resident_story):
    _, resident = private_resident_story
    assert resident.get_absolute_url() not in sitemap_locations(client)  # no page (issue 7)
    for url in [SITEMAP, *section_urls(client)]:
        assert "秀英" not in client.get(url).content.decode()


@pytest.mark.parametrize("size", SIZES)
def test_sitemap_query_count_does_not_grow_with_rows(client, size, django_assert_num_queries):
    for _ in range(size):
        story = make_card_story()
        street = make_street()
        make_story_street(story=story, street=street)
        make_story_community(story=story, community=make_community(street=street))
        make_story_organization(story=story)
    # The index: a count for each of the six sections from the database, and the latest
    # change of a story.
    with django_assert_num_queries(7):
        client.get(SITEMAP)
    # A section: its count, then its page of rows.
    with django_assert_num_queries(2):
        response = client.get(reverse("sitemap-section", args=["districts"]))
    assert response.content.decode().count("<url>") == 2 * size


# robots.txt


def test_robots_txt_is_plain_text_pointing_at_the_sitemap(client):
    response = client.get(reverse("robots"))
    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "User-agent: *" in lines
