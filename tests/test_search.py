"""stories.search: Chinese full-text search on SQLite (FTS5) and PostgreSQL (tsvector + GIN).

What a reader types finds what they mean (a surname, a two-character word, words the page
wrote apart, traditional characters); results are ranked; snippets are escaped and marked;
private residents' names cannot be found; and the index follows every change to a story
in the same transaction, the importer's included.
"""

import io

import pytest
from django.core.management import call_command
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Count

from stories import search
from stories.models import Source, Story
from stories.signals import indexing_deferred
from tests.factories import make_appearance, make_person, make_source, make_story

pytestmark = pytest.mark.django_db


def found(q):
    return sorted(Story.objects.search(q).values_list("title", flat=True))


def ranked(q):
    return [story.title for story in Story.objects.search(q).order_by("-search_rank", "pk")]


def index_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM stories_search")
        return cursor.fetchone()[0]


def make_unrelated_stories(count=3):
    """Stories without the query's words: bm25 gives no weight to a word most rows hold."""
    for _ in range(count):
        make_story(body="今天天气晴朗，公园里游人不少。")


# Parsing a query


@pytest.mark.parametrize(
    ("q", "terms"),
    [
        ("钱", ("钱",)),
        ("社区", ("社区",)),
        ("核酸检测", ("核酸", "检测")),
        ("社区书记", ("社区", "书记")),
        ("社區", ("社区",)),
        ("  社区\t书记 ", ("社区", "书记")),
        ("社\x00区", ("社区",)),
        ("ＣＯＶＩＤ－１９", ("covid", "19")),
        ("志愿者，核酸！", ("志愿者", "核酸")),
    ],
)
def test_query_is_cut_into_terms(q, terms):
    assert search.parse_query(q).terms == terms


@pytest.mark.parametrize("q", [None, "", "   ", "，。！？", "\x00\x01", '"*-()'])
def test_query_with_nothing_searchable_is_none(q):
    assert search.parse_query(q) is None


def test_a_name_in_the_archive_stays_one_term():
    make_person(name="钱秀英")
    search.refresh_words()
    assert search.parse_query("钱秀英").terms == ("钱秀英",)


def test_a_long_query_is_cut_short():
    assert search.parse_query("社" * 10_000).text == "社" * search.QUERY_LIMIT


def test_at_most_ten_terms_are_kept():
    words = "社区 核酸 志愿者 书记 居民 防控 疫情 口罩 物资 小区 街道 医院".split()
    assert search.parse_query(" ".join(words)).terms == tuple(words[: search.MAX_TERMS])


# Finding


def test_one_character_query_finds_a_surname():
    make_story(title="甲", body="社区党委书记钱秀英带领志愿者入户排查。")
    make_story(title="乙", body="社区党委书记赵一鸣带领志愿者入户排查。")
    assert found("钱") == ["甲"]


def test_two_character_query_finds_the_word():
    make_story(title="有", body="西宏苑社区的防控工作有序开展。")
    make_story(title="无", body="街道的防控工作有序开展。")
    assert found("社区") == ["有"]


def test_query_words_need_not_be_next_to_each_other():
    make_story(title="分开", body="居民排队进行核酸采样检测。")
    make_story(title="只有核酸", body="核酸结果已经出来。")
    assert found("核酸检测") == ["分开"]


def test_every_term_must_occur():
    make_story(title="都有", body="志愿者协助核酸采样。")
    make_story(title="只有志愿者", body="志愿者送菜上门。")
    assert found("志愿者 核酸") == ["都有"]


def test_traditional_query_finds_simplified_text():
    make_story(title="简体", body="社区工作者坚守岗位。")
    assert found("社區") == ["简体"]


def test_simplified_query_finds_a_traditional_story():
    make_story(title="繁體", body="社區工作者堅守崗位。")
    assert found("坚守") == ["繁體"]


def test_the_title_is_searched():
    make_story(title="核酸检测点启用", body="今天天气晴朗。")
    assert found("检测点") == ["核酸检测点启用"]


def test_byline_names_are_searched():
    make_story(title="有署名", byline=[{"name": "周晓梅", "role": "通讯员"}])
    assert found("周晓梅") == ["有署名"]


def test_a_number_with_a_point_is_found():
    make_story(title="捐款", body="共募集善款3.5万元。")
    assert found("3.5") == ["捐款"]


def test_a_phrase_does_not_run_from_the_title_into_the_body():
    make_story(title="防控社", body="区里的工作。")
    assert found("社区") == []


def test_a_story_without_text_is_indexed():
    make_story(title="", body="")
    assert index_rows() == 1


def test_the_tail_of_a_huge_story_is_not_indexed():
    make_story(title="巨长", body="开头独有词。" + "社区" * search.BODY_LIMIT + "结尾独有词。")
    assert (found("开头独有词"), found("结尾独有词")) == (["巨长"], [])


# Ranking


def test_a_title_match_ranks_above_a_body_match():
    make_unrelated_stories()
    make_story(title="正文提到", body="今天开展核酸检测点的工作。")
    make_story(title="核酸检测点", body="今天开展的一项重要工作。")
    assert ranked("核酸") == ["核酸检测点", "正文提到"]


def test_more_occurrences_rank_higher():
    make_unrelated_stories()
    make_story(title="一次", body="今天核酸，天气晴朗，游人不少。")
    make_story(title="三次", body="今天核酸，核酸晴朗，核酸不少。")
    assert ranked("核酸") == ["三次", "一次"]


# Composing with other queries


def test_search_composes_with_filters_and_counts():
    make_story(title="已发布", body="社区", status=Story.Status.PUBLISHED)
    make_story(title="草稿", body="社区", status=Story.Status.DRAFT)
    assert Story.objects.published().search("社区").count() == 1


def test_search_composes_with_an_aggregate():
    make_story(body="社区", status=Story.Status.PUBLISHED)
    make_story(body="社区", status=Story.Status.DRAFT)
    make_story(body="社区", status=Story.Status.DRAFT)
    counts = Story.objects.search("社区").values("status").annotate(n=Count("pk"))
    assert {row["status"]: row["n"] for row in counts} == {"published": 1, "draft": 2}


def test_ranked_results_paginate():
    for number in range(5):
        make_story(title=f"第{number}篇", body="社区" * (number + 1))
    page = Paginator(Story.objects.search("社区").order_by("-search_rank", "pk"), 2).page(3)
    assert [story.title for story in page] == ["第0篇"]


def test_search_works_as_a_subquery():
    source = make_source()
    make_story(source=source, body="社区")
    make_story(body="街道")
    assert list(Source.objects.filter(stories__in=Story.objects.search("社区"))) == [source]


def test_a_query_with_nothing_searchable_finds_nothing():
    make_story(body="社区")
    assert found("，。") == []


@pytest.mark.parametrize(
    "q",
    [
        "社\x00区",
        "社" * 10_000,
        '"',
        '"社区',
        "*",
        "社区*",
        "NEAR(社区 书记)",
        "社区 OR 书记",
        "社区 NOT 书记",
        "-社区",
        "{title_chars}: 社",
        "body_chars:社",
        "^社区",
        "'社区'",
        "社区 & 书记 | !居民 <-> 核酸",
        "\\",
        "a" * 3000,
        "\ud800",
    ],
)
def test_odd_input_is_searched_without_error(q):
    make_story(body="社区书记")
    assert isinstance(len(list(Story.objects.search(q).order_by("-search_rank"))), int)


# Snippets and highlighting


def test_snippet_escapes_the_text_and_marks_the_match():
    parsed = search.parse_query("社区")
    html = search.snippet("<script>alert(1)</script>社区", parsed)
    assert html == "&lt;script&gt;alert(1)&lt;/script&gt;<mark>社区</mark>"


def test_snippet_marks_a_match_in_traditional_text():
    assert search.snippet("社區工作", search.parse_query("社区")) == "<mark>社區</mark>工作"


def test_snippet_marks_every_term():
    html = search.snippet("核酸采样检测", search.parse_query("核酸检测"))
    assert html == "<mark>核酸</mark>采样<mark>检测</mark>"


def test_snippet_is_a_window_around_the_first_match():
    text = "前" * 200 + "社区" + "后" * 200
    html = search.snippet(text, search.parse_query("社区"), length=40)
    assert html == "…" + "前" * 10 + "<mark>社区</mark>" + "后" * 28 + "…"


def test_snippet_without_a_match_is_the_start_of_the_text():
    html = search.snippet("<b>" + "字" * 50, search.parse_query("社区"), length=10)
    assert html == "&lt;b&gt;" + "字" * 7 + "…"


def test_highlight_marks_every_match_in_the_whole_text():
    html = search.highlight("社区 & 社区", search.parse_query("社区"))
    assert html == "<mark>社区</mark> &amp; <mark>社区</mark>"


# Private residents


def make_resident_story(**fields):
    story = make_story(title="居民故事", body="居民王小明在社区值守。", **fields)
    make_appearance(story=story, person=make_person(name="王小明", is_name_public=False))
    return story


def test_a_private_residents_full_name_is_not_found():
    make_resident_story()
    assert (found("王小明"), found("社区")) == ([], ["居民故事"])


def test_a_snippet_of_the_public_text_keeps_the_name_masked():
    make_resident_story()
    story = Story.objects.for_list().search("社区").get()
    html = search.snippet(story.public_text["body"], search.parse_query("社区"))
    assert html == "居民王某在<mark>社区</mark>值守。"


def test_a_name_becomes_unfindable_when_its_resident_is_added_to_the_story():
    story = make_story(title="后来加人", body="居民王小红在社区值守。")
    before = found("王小红")
    make_appearance(story=story, person=make_person(name="王小红", is_name_public=False))
    assert (before, found("王小红")) == (["后来加人"], [])


def test_a_name_becomes_unfindable_when_it_is_made_private():
    story = make_story(title="改为不公开", body="居民王小兰在社区值守。")
    person = make_person(name="王小兰")
    make_appearance(story=story, person=person)
    before = found("王小兰")
    person.is_name_public = False
    person.save()
    assert (before, found("王小兰")) == (["改为不公开"], [])


def test_a_name_is_findable_again_when_its_appearance_is_removed():
    make_resident_story()
    Story.objects.get().appearances.get().delete()
    assert found("王小明") == ["居民故事"]


# Keeping the index current


def test_saving_a_story_reindexes_it():
    story = make_story(title="改过", body="原来的内容。")
    story.body = "新写的内容。"
    story.save()
    assert (found("原来"), found("新写")) == ([], ["改过"])


def test_deleting_a_story_deletes_its_index_row():
    make_story()
    make_story().delete()
    assert index_rows() == 1


def test_a_story_deleted_in_sql_loses_its_index_row():
    story = make_story()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM stories_story WHERE id = %s", [story.pk])
    assert index_rows() == 0


# Transactional: flush is what such tests run between them, and PostgreSQL will not
# TRUNCATE inside a test's transaction while deferred foreign key checks are pending.
@pytest.mark.django_db(transaction=True)
def test_flushing_the_database_empties_the_index():
    make_story()
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    assert index_rows() == 0


def test_changes_inside_a_deferred_block_are_indexed_at_its_end():
    story = make_story(title="别处", body="原来的内容。")
    with indexing_deferred(Story.objects.none()):
        story.body = "块里改的内容。"
        story.save()
        during = found("块里")
    assert (during, found("块里")) == ([], ["别处"])


def test_a_new_story_does_not_inherit_a_deleted_storys_row():
    old = make_story(body="旧报道独有的词。")
    pk, source = old.pk, old.source
    old.delete()
    Story.objects.bulk_create([Story(pk=pk, source=source, position=1, title="新", body="新")])
    assert found("独有") == []


def test_a_rolled_back_change_leaves_the_index_as_it_was():
    story = make_story(title="回滚", body="原来的内容。")
    with pytest.raises(RuntimeError), transaction.atomic():
        story.body = "回滚前的内容。"
        story.save()
        raise RuntimeError
    assert (found("原来"), found("回滚前")) == (["回滚"], [])


def test_rebuild_command_indexes_every_story_and_reports_the_count():
    make_story(title="甲", body="社区")
    make_story(title="乙", body="社区")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM stories_search")
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert (out.getvalue(), found("社区")) == ("已重建搜索索引：2 篇报道。\n", ["乙", "甲"])


def test_rebuild_missing_indexes_only_the_stories_without_a_row():
    first = make_story(title="甲", body="社区")
    make_story(title="乙", body="社区")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM stories_search")
    search.index_stories(Story.objects.filter(pk=first.pk))
    out = io.StringIO()
    call_command("rebuild_search_index", "--missing", stdout=out)
    assert out.getvalue() == "已为 1 篇尚无索引的报道建立搜索索引。\n"
    assert found("社区") == ["乙", "甲"]
    call_command("rebuild_search_index", "--missing", stdout=out)
    assert out.getvalue().endswith("已为 0 篇尚无索引的报道建立搜索索引。\n")


# Importing

PAGE = """转岗不离岗 志愿服务队守护社区

本报讯（通讯员 周晓梅）近日，南苑街道西宏苑社区党委书记钱秀英带领志愿者开展入户排查。

2月3日，居民王小明和志愿者一起为邻居送去生活物资。
"""


@pytest.fixture
def page(tmp_path):
    call_command("loaddata", "fixtures/roles.json", verbosity=0)
    path = tmp_path / "a.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


def import_stories(*args):
    call_command("import_stories", *map(str, args), stdout=io.StringIO())


def test_imported_stories_are_searchable(page):
    import_stories(page, "--publish")
    assert found("钱秀英 周晓梅") == ["转岗不离岗 志愿服务队守护社区"]


def test_an_imported_residents_name_is_not_searchable(page):
    import_stories(page, "--publish")
    assert found("王小明") == []


def test_a_dry_run_import_leaves_the_index_empty(page):
    import_stories(page, "--dry-run")
    assert index_rows() == 0


def test_a_reimported_page_is_indexed_once_with_its_new_text(page, monkeypatch):
    import_stories(page)
    # The story and an appearance's title change: two saves, each of which alone would
    # reindex the story.
    changed = PAGE.replace("入户排查", "上门走访").replace("党委书记", "党委副书记")
    page.write_text(changed, encoding="utf-8")
    calls = []

    def index_stories(queryset):
        calls.append(queryset)
        return original(queryset)

    original = search.index_stories
    monkeypatch.setattr(search, "index_stories", index_stories)
    import_stories(page)
    assert (len(calls), found("上门走访"), found("入户排查")) == (1, [PAGE.split("\n")[0]], [])


# PostgreSQL


@pytest.mark.postgres
@pytest.mark.parametrize("index", ["stories_search_chars", "stories_search_words"])
def test_postgresql_matches_through_the_gin_indexes(index):
    make_story(body="核酸检测")
    with connection.cursor() as cursor:  # a tiny table: make reading all of it look dear
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    assert f"Bitmap Index Scan on {index}" in Story.objects.search("核酸").explain()
