"""The pipeline cuts with rjieba; jieba is the reference it must equal, token for token."""

import pytest

from stories.pipeline import tokenizer
from stories.pipeline.extract import _header
from stories.pipeline.reading import read_page, simplified
from stories.pipeline.segment import segment_page
from tests.gold import DATASETS


def story_texts():
    """The text every story of every gold page is read as."""
    for dataset in DATASETS:
        for page in dataset.gold_pages():
            text = simplified(read_page(page.page_path).text)
            for segment in segment_page(text):
                yield f"{dataset.name}/{page.source}", f"{_header(segment)}\n{segment.body}"


@pytest.mark.parametrize(("source", "text"), list(story_texts()))
def test_the_fast_cut_equals_jiebas_on_every_gold_story(source, text):
    assert tokenizer.cut(text) == tokenizer.reference_cut(text)


@pytest.mark.parametrize(
    "text",
    [
        "农业科技报 2020-02-17 20:30",  # jieba-rs keeps a date whole, jieba does not
        "请1-4号楼居民带好口罩，体温37.3℃以上的占5.5%。",
        "社区党委书记柏文涛带领网格员排查。",  # our user dictionary
        "Wi-Fi和APP都用上了",
        "图片20200130152210.jpg，版面A--3",
        "他说……“好！！”  然后\n\n走了——再见。",
    ],
)
def test_the_fast_cut_equals_jiebas_on_mixed_text(text):
    assert tokenizer.cut(text) == tokenizer.reference_cut(text)


@pytest.mark.parametrize("word", ["封控", "流调", "密接", "健康码", "消杀", "卡口", "静默"])
def test_the_epidemics_own_words_are_words(word):
    # jieba's dictionary predates them: unknown, they were cut into names (封控管) and places.
    assert [w for w, _, _ in tokenizer.cut(f"社区工作人员{word}以来")].count(word) == 1
    assert tokenizer.tag(word) not in {"nr", "ns"}
