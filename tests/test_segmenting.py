"""The search index cuts with rjieba; jieba, given the same dictionary and the same archive
names, is the reference it must equal word for word, in both of the modes it uses."""

import jieba
import pytest

from stories import segmenting
from stories.pipeline import tokenizer
from stories.pipeline.reading import read_page
from tests.gold import DATASETS


def gold_pages():
    """Every gold page, folded as the index reads it."""
    pages = [page for dataset in DATASETS for page in dataset.gold_pages()]
    return {
        f"{page.page_path.parent.name}/{page.source}": segmenting.fold(
            read_page(page.page_path).text
        )
        for page in pages
    }, _gold_names(pages)


def _gold_names(pages):
    """The gold people, communities and organisations: names an import would teach the index."""
    names = {person.name for page in pages for story in page.stories for person in story.people}
    names |= {
        variant
        for page in pages
        for story in page.stories
        for field in ("communities", "organisations")
        for item in story.items.get(field, ())
        for variant in item
    }
    return sorted(names)


def reference(names):
    """jieba itself, with the user dictionary and `names` added as Words adds them."""
    instance = jieba.Tokenizer()
    base = tokenizer.tokenizer()  # jieba with our user dictionary; only copied here
    instance.FREQ, instance.total, instance.initialized = dict(base.FREQ), base.total, True
    for name in names:
        word = segmenting.fold(name.strip())
        if (
            2 <= len(word) <= 32
            and segmenting._WORD_RE.fullmatch(word)
            and not instance.FREQ.get(word)
        ):
            instance.add_word(word, segmenting.NAME_FREQUENCY)
    return instance


def test_search_words_equal_jiebas_on_every_gold_page():
    pages, names = gold_pages()
    words, jieba_words = segmenting.Words(names), reference(names)
    differ = [
        source
        for source, text in pages.items()
        if list(words.cut_for_search(text)) != list(jieba_words.cut_for_search(text))
        or words.cut(text) != list(jieba_words.cut(text))
    ]
    assert len(pages) > 100
    assert differ == []


@pytest.mark.parametrize(
    "text",
    [
        "2020-02-17 20:30，体温37.3℃以上的占5.5%，covid-19",
        "柏文涛和钱秀英在核酸检测点",
        "社区党委书记、网格员、志愿者",
    ],
)
def test_learned_names_are_cut_whole_as_jieba_cuts_them(text):
    names = ["柏文涛", "钱秀英", "新时代文明实践站"]
    words, jieba_words = segmenting.Words(names), reference(names)
    assert list(words.cut_for_search(text)) == list(jieba_words.cut_for_search(text))
    assert words.knows("钱秀英") and not segmenting.Words().knows("钱秀英")
