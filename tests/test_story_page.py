"""The public story page: text set out by kind, names linked, provenance, citation, related
stories and the meta tags of a shared link."""

import datetime

import pytest

from stories.models import Story
from tests.factories import (
    make_appearance,
    make_community,
    make_organization,
    make_person,
    make_source,
    make_story,
    make_story_community,
    make_story_organization,
)

pytestmark = pytest.mark.django_db

BODY = "\n\n".join(
    [
        "疫情发生以来，社区书记钱诚带领居民坚守岗位。",
        "▲钱诚正在为居民办理出入证",
        "哪里有危险哪里就有党员",
        "天伦锦城社区的居民都认识他。",
    ]
)


def make_published(**fields):
    return make_story(status=Story.Status.PUBLISHED, **fields)


def page(client, story):
    return client.get(story.get_absolute_url()).content.decode()


def test_subheadings_and_captions_are_set_apart(client):
    content = page(client, make_published(body=BODY))
    assert "<h2>哪里有危险哪里就有党员</h2>" in content
    assert '<p class="caption">▲钱诚正在为居民办理出入证</p>' in content
    assert "<p>疫情发生以来，社区书记钱诚带领居民坚守岗位。</p>" in content


def test_people_places_and_organisations_are_linked_where_the_text_names_them(client):
    story = make_published(body=BODY + "\n\n街道工委组织了志愿者。")
    person = make_person(name="钱诚")
    make_appearance(story=story, person=person)
    community = make_community(name="天伦锦城社区")
    make_story_community(story=story, community=community)
    organization = make_organization(name="街道工委")
    make_story_organization(story=story, organization=organization)
    content = page(client, story)
    assert f'社区书记<a href="{person.get_absolute_url()}">钱诚</a>带领' in content
    assert f'<a href="{community.get_absolute_url()}">天伦锦城社区</a>的居民' in content
    assert f'<a href="{organization.get_absolute_url()}">街道工委</a>组织' in content
    # Only the first mention in the text is a link (the other is the list of people).
    assert content.count('">钱诚</a>') == 2
    assert '<p class="caption">▲钱诚正在' in content


def test_a_private_resident_is_masked_and_not_linked_in_the_text(client):
    story = make_published(body="居民钱秀英说：“谢谢社区。”")
    resident = make_person(name="钱秀英", is_name_public=False)
    make_appearance(story=story, person=resident)
    content = page(client, story)
    assert "居民钱某说" in content and "秀英" not in content


def test_rejected_links_are_not_linked_in_the_text(client):
    story = make_published(body="天伦锦城社区的居民。")
    community = make_community(name="天伦锦城社区")
    make_story_community(story=story, community=community, is_rejected=True)
    assert community.get_absolute_url() not in page(client, story)


def test_linked_names_are_escaped(client):
    story = make_published(body="<b>粗体</b>机构来了。")
    make_story_organization(story=story, organization=make_organization(name="<b>粗体</b>机构"))
    content = page(client, story)
    assert "&lt;b&gt;粗体&lt;/b&gt;机构</a>来了" in content
    assert "<b>粗体</b>" not in content


def test_provenance_and_byline(client):
    source = make_source(
        filename="fengtai_2020_07_13_p3.txt",
        publication="丰台报",
        issue_date=datetime.date(2020, 7, 13),
    )
    story = make_published(
        source=source, position=2, byline=[{"name": "江晓", "role": "文"}], title="抗疫铁军"
    )
    content = page(client, story)
    assert "fengtai_2020_07_13_p3.txt" in content
    assert "第 3 篇" in content and "2020年7月13日" in content  # positions count from 0
    assert "文 江晓" in content


@pytest.mark.parametrize(
    ("byline", "publication", "issue_date", "expected"),
    [
        (
            [{"name": "江晓", "role": "文"}, {"name": "史莉", "role": "摄影"}],
            "丰台报",
            datetime.date(2020, 7, 13),
            "江晓. 抗疫铁军[N]. 丰台报, 2020-07-13.",
        ),
        ([], "丰台报", None, "抗疫铁军[N]. 丰台报."),
        ([{"name": "史莉", "role": "摄影"}], "", None, "史莉. 抗疫铁军[N]."),
        (
            [{"name": n, "role": "记者"} for n in ("甲一", "乙二", "丙三", "丁四")],
            "许昌日报",
            datetime.date(2020, 2, 1),
            "甲一，乙二，丙三，等. 抗疫铁军[N]. 许昌日报, 2020-02-01.",
        ),
    ],
)
def test_citation_in_gbt_7714_form(client, byline, publication, issue_date, expected):
    source = make_source(publication=publication, issue_date=issue_date)
    story = make_published(source=source, byline=byline, title="抗疫铁军")
    assert expected in page(client, story)


def test_related_stories_share_a_person_or_a_community(client):
    person, community = make_person(), make_community()
    story = make_published(title="本篇")
    make_appearance(story=story, person=person)
    make_story_community(story=story, community=community)
    make_appearance(story=make_published(title="同一人"), person=person)
    make_story_community(story=make_published(title="同一社区"), community=community)
    make_appearance(story=make_story(title="草稿同一人"), person=person)
    make_published(title="无关")
    response = client.get(story.get_absolute_url())
    assert sorted(s.title for s in response.context["related"]) == ["同一人", "同一社区"]


def test_related_story_titles_mask_private_residents(client):
    resident = make_person(name="钱秀英", is_name_public=False)
    story = make_published()
    make_appearance(story=story, person=resident)
    other = make_published(title="钱秀英的一天")
    make_appearance(story=other, person=resident)
    content = page(client, story)
    assert "钱某的一天" in content and "秀英" not in content


def test_shared_link_meta(client):
    story = make_published(title="社区里的守门人", body="第一段讲的是守门人。\n\n第二段。")
    content = page(client, story)
    assert '<meta property="og:title" content="社区里的守门人">' in content
    assert '<meta name="description" content="第一段讲的是守门人。第二段。">' in content
    assert (
        f'<meta property="og:url" content="http://testserver{story.get_absolute_url()}">' in content
    )


def test_meta_description_is_escaped_and_masked(client):
    story = make_published(title='"><script>x</script>', body='钱秀英说"你好"<b>')
    make_appearance(story=story, person=make_person(name="钱秀英", is_name_public=False))
    content = page(client, story)
    assert (
        '<meta property="og:title" content="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">' in content
    )
    assert "秀英" not in content
