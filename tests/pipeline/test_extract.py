"""stories.pipeline.extract.parse_page: page-level behaviour — traditional characters,
the page's year, the paper's home district. Decoding is tested in test_reading.py."""

import pytest

from stories.pipeline import PageMeta, parse_page

TRADITIONAL = "\n\n".join(
    [
        "總府路社區的「守門人」",
        "本報訊（記者 龐雨菲）錦江區春熙路街道總府路社區黨委書記蔣慧琳每天都守在小區門口，"
        "為進出的居民測量體溫。「只要居民平安，再累也值得。」蔣慧琳說。",
        "2月3日，社區工作者鄧小雯和志願者韓建國一起，把二十多箱蔬菜送到了居家隔離的居民家中。",
    ]
)


@pytest.fixture(scope="module")
def traditional_story():
    page = parse_page(TRADITIONAL, filename="trad.txt", meta=PageMeta(year=2020, city="成都市"))
    [story] = page.stories
    return story


def test_traditional_page_keeps_its_characters_in_the_title(traditional_story):
    assert traditional_story.title == "總府路社區的「守門人」"


def test_traditional_page_keeps_its_characters_in_the_body(traditional_story):
    assert traditional_story.body.startswith(
        "本報訊（記者龐雨菲）錦江區春熙路街道總府路社區黨委書記"
    )


def test_traditional_page_keeps_its_characters_in_names_and_titles(traditional_story):
    assert [(p.name, p.titles) for p in traditional_story.people] == [
        ("蔣慧琳", ("社區黨委書記",)),
        ("鄧小雯", ("社區工作者",)),
        ("韓建國", ("志願者",)),
    ]


def test_traditional_page_is_matched_with_the_simplified_dictionaries(traditional_story):
    assert (
        [p.role_category for p in traditional_story.people],
        [c.code for c in traditional_story.communities],
        [s.code for s in traditional_story.streets],
        traditional_story.dates,
    ) == (
        ["community-secretary", "community-worker", "volunteer"],
        ["510104022006"],
        ["510104022"],
        ("2020-02-03",),
    )


def test_traditional_page_keeps_its_characters_in_bylines(traditional_story):
    assert [b.name for b in traditional_story.byline] == ["龐雨菲"]


YEAR_IN_TEXT = """古林社区的“守门人”

本报讯（通讯员 韦晓岚）2020年2月3日凌晨一点，古林社区的值班室里还亮着灯。
"""


def test_year_read_from_a_page_without_metadata_is_flagged_inferred():
    page = parse_page(YEAR_IN_TEXT, filename="page.txt")

    assert (page.meta.year, page.meta.is_year_inferred, page.stories[0].dates) == (
        2020,
        True,
        ("2020-02-03",),
    )


def test_year_given_in_metadata_is_not_inferred():
    page = parse_page(YEAR_IN_TEXT, filename="page.txt", meta=PageMeta(year=2021))

    assert (page.meta.year, page.meta.is_year_inferred) == (2021, False)


def test_page_without_year_or_clue_warns_and_keeps_dates_unnormalised():
    page = parse_page("凌晨一点，古林社区的值班室里还亮着灯。2月3日，社区开始封闭管理。")

    assert (page.meta.year, page.warnings, page.stories[0].dates) == (
        None,
        ("版面未给出年份，也无法推断：日期未能归一化",),
        (),
    )


HOME_DISTRICT_PAGE = """一封来自远方的感谢信

一位在外地工作的市民寄来一封感谢信，感谢志愿者照顾他独居的母亲。

文/记者 庞雨菲

药箱里的牵挂

本报讯（通讯员 韦晓岚）疫情期间，志愿者邵美芬每天为独居老人送药上门，一个月跑了三百多趟。
"""


@pytest.fixture(scope="module")
def home_district_page():
    meta = PageMeta(year=2020, city="南京市", home_district="鼓楼区")
    return parse_page(HOME_DISTRICT_PAGE, filename="page.txt", meta=meta)


def test_local_news_story_gets_the_papers_home_district_as_inferred(home_district_page):
    local = home_district_page.stories[1]

    assert [(d.name, d.code, d.is_inferred) for d in local.districts] == [
        ("鼓楼区", "320106", True)
    ]


def test_story_that_is_not_local_news_gets_no_home_district(home_district_page):
    assert home_district_page.stories[0].districts == ()


@pytest.mark.parametrize("text", ["抗疫一线", "■", "# 标题\n\n## 副标题", "记者 张三", ""])
def test_page_without_any_story_text_has_no_stories_and_says_so(text):
    page = parse_page(text, filename="empty.txt", meta=PageMeta(year=2020))

    assert (page.stories, page.warnings) == ((), ("版面上没有找到报道正文",))
