"""stories.pipeline.reading: page bytes -> text, and traditional -> simplified for matching."""

import hashlib
import random

import pytest

from stories.pipeline import reading
from stories.pipeline.reading import UnreadablePage, decode_page, read_page, simplified

# From seeds/000: curly quotes, digits, a dash and blank lines, as the OCR gives them.
PARAGRAPH = (
    "“生命重于泰山，疫情就是命令，防控就是责任。这是我的职责所在，"
    "更是对全社区2656户6000多名居民的生命健康负责。”\n\n"
    "——美然动力社区党委书记刘芳\n\n"
    "疫情防控初期，由于防疫物资少，刘芳每天只简单地戴上口罩，"
    "便拿起防疫宣传资料、登记册穿梭于社区大大小小的角落。\n"
)


def error_of(function, argument):
    """The operator's message of the UnreadablePage that function(argument) raises."""
    with pytest.raises(UnreadablePage) as caught:
        function(argument)
    return str(caught.value)


ENCODED_PARAGRAPHS = [
    pytest.param(PARAGRAPH.encode("utf-8"), "utf-8", id="utf-8"),
    pytest.param(b"\xef\xbb\xbf" + PARAGRAPH.encode("utf-8"), "utf-8-sig", id="utf-8-bom"),
    pytest.param(PARAGRAPH.encode("gb18030"), "gb18030", id="gb18030"),
    pytest.param(PARAGRAPH.encode("gbk"), "gb18030", id="gbk"),
    pytest.param("\ufeff".encode("gb18030") + PARAGRAPH.encode("gb18030"), "gb18030", id="gb-bom"),
    pytest.param(b"\xff\xfe" + PARAGRAPH.encode("utf-16-le"), "utf-16-le", id="utf-16-le-bom"),
    pytest.param(b"\xfe\xff" + PARAGRAPH.encode("utf-16-be"), "utf-16-be", id="utf-16-be-bom"),
    pytest.param(b"\xff\xfe\x00\x00" + PARAGRAPH.encode("utf-32-le"), "utf-32-le", id="utf-32-le"),
    pytest.param(b"\x00\x00\xfe\xff" + PARAGRAPH.encode("utf-32-be"), "utf-32-be", id="utf-32-be"),
]


@pytest.mark.parametrize(("data", "encoding"), ENCODED_PARAGRAPHS)
def test_decode_page_returns_the_text_and_its_encoding(data, encoding):
    page = decode_page(data)

    assert (page.text, page.encoding) == (PARAGRAPH, encoding)


@pytest.mark.parametrize(("data", "encoding"), ENCODED_PARAGRAPHS)
def test_sha256_is_of_the_utf8_text_whatever_the_file_encoding(data, encoding):
    assert decode_page(data).sha256 == hashlib.sha256(PARAGRAPH.encode("utf-8")).hexdigest()


@pytest.mark.parametrize(
    "text",
    [
        "刘芳",  # four bytes that no detector can be sure of; we expect GBK for Chinese pages
        "社区书记刘芳",
        "朝阳区紫萝园社区书记李振东。",
        "西宏苑社區「黨員陽光護送隊」",  # traditional characters are in GBK too
    ],
)
def test_short_gbk_text_is_read_as_gb18030(text):
    page = decode_page(text.encode("gbk"))

    assert (page.text, page.encoding) == (text, "gb18030")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("社区\r\n书记\r\n", "社区\n书记\n"),
        ("社区\r书记\r", "社区\n书记\n"),
        ("社区\r\n\r书记\n", "社区\n\n书记\n"),
    ],
)
def test_line_endings_become_newlines(text, expected):
    assert decode_page(text.encode("gb18030")).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("社区咖啡馆cafe\u0301", "社区咖啡馆café"),  # combining accent composed
        ("社区\uf900", "社区\u8c48"),  # CJK compatibility ideograph -> unified 豈
    ],
)
def test_text_is_nfc_normalised(text, expected):
    assert decode_page(text.encode("utf-8")).text == expected


def test_a_stray_control_character_does_not_make_a_page_binary():
    data = (PARAGRAPH + "\x1a").encode("utf-8")  # a DOS end-of-file mark

    assert decode_page(data).text == PARAGRAPH + "\x1a"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="no-bytes"),
        pytest.param(b" \r\n\t \n", id="ascii-whitespace"),
        pytest.param("\u3000\n".encode(), id="ideographic-space"),
        pytest.param(b"\xef\xbb\xbf", id="utf-8-bom-only"),
        pytest.param(b"\xff\xfe" + " \n".encode("utf-16-le"), id="utf-16-bom-and-spaces"),
    ],
)
def test_empty_file_is_unreadable(data):
    assert error_of(decode_page, data) == "空文件（没有文字）"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00\x00\x00\x01\x80\x08\x06",
            id="png-header",
        ),
        pytest.param(random.Random(0).randbytes(4096), id="random-bytes-with-nuls"),
        pytest.param(PARAGRAPH.encode("utf-16-le"), id="utf-16-without-bom"),
        pytest.param(bytes(range(1, 32)) * 20, id="control-bytes-without-nuls"),
        pytest.param(b"\xfe\xff" + b"\x00" * 64, id="utf-16-bom-then-nuls"),
    ],
)
def test_binary_file_is_unreadable(data):
    assert error_of(decode_page, data).startswith("二进制文件，不是文本")


@pytest.mark.parametrize("data", [b"\x80\x80 abc", b"abc \xff\xff", b"\xa1\x20\xa1\x20"])
def test_bytes_that_neither_utf8_nor_gb18030_decode_are_unreadable(data):
    assert error_of(decode_page, data) == "无法按 UTF-8、GB18030 或 UTF-16 解码"


UTF8 = PARAGRAPH.encode("utf-8")
HEAD = PARAGRAPH[:5].encode("utf-8")


@pytest.mark.parametrize(
    ("data", "offset"),
    [
        # The paragraph ends "。\n": drop the newline and the last byte of the 3-byte "。".
        pytest.param(UTF8[:-2], len(UTF8) - 4, id="truncated-last-character"),
        pytest.param(HEAD + b"\xff" + UTF8[len(HEAD) :], len(HEAD), id="one-bad-byte"),
    ],
)
def test_damaged_utf8_is_reported_at_its_first_bad_byte(data, offset):
    assert error_of(decode_page, data).startswith(f"第 {offset} 字节不是有效的 UTF-8")


@pytest.mark.parametrize(
    "text",
    [
        # Every accented letter here is followed by a letter, so GB18030 decodes it all.
        "Die Straße führt über die Brücke zum Mädchen, schön und grün.",
        "Informações técnicas são úteis",
        "Größe, Übung und Äpfel für Köln",
    ],
)
def test_latin1_text_is_not_taken_for_gb18030_chinese(text):
    assert "不像中文文本" in error_of(decode_page, text.encode("latin-1"))


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\xff\xfe\x00\xd8", id="utf-16-lone-surrogate"),
        pytest.param(b"\xef\xbb\xbf" + PARAGRAPH.encode("gbk"), id="utf-8-bom-gbk-body"),
        pytest.param(b"\xfe\xff" + PARAGRAPH.encode("utf-16-be")[:-1], id="utf-16-odd-length"),
    ],
)
def test_bom_followed_by_something_else_is_unreadable(data):
    assert "字节序标记开头，内容却不是" in error_of(decode_page, data)


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        pytest.param(PARAGRAPH + '<script>alert("x")</script>\n', "<script>", id="script"),
        pytest.param("<!DOCTYPE html>\n<html><body>" + PARAGRAPH, "<!DOCTYPE", id="web-page"),
        pytest.param(f'<div class="article">{PARAGRAPH}</div>', '<div class="article">', id="div"),
        pytest.param(f"<P>{PARAGRAPH}<BR/>", "<P>", id="upper-case"),
        pytest.param(PARAGRAPH + "<!-- 分享到 -->", "<!--", id="comment"),
    ],
)
def test_html_is_refused_naming_its_first_tag(text, tag):
    message = error_of(decode_page, text.encode("utf-8"))

    assert message.startswith(f"含有 HTML 标记（{tag}")
    assert "请先转成纯文本" in message


@pytest.mark.parametrize(
    "text",
    [
        "《人民日报》报道：体温<37.3℃者可进入，2<3。\n" + PARAGRAPH,
        "他说 <这是书名号的误识> 社区。\n" + PARAGRAPH,
    ],
)
def test_angle_brackets_that_are_not_tags_are_text(text):
    assert decode_page(text.encode("utf-8")).text == text


def test_a_line_longer_than_any_page_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "_MAX_LINE_CHARS", 100)
    line = PARAGRAPH.replace("\n", "")  # 134 characters

    assert error_of(decode_page, (line + "\n").encode("utf-8")) == (
        f"有一行长达 {len(line)} 字，超过每行 100 字的上限，不像版面文本"
    )
    assert decode_page((line[:100] + "\n" + line[100:]).encode("utf-8"))


def test_a_megabyte_on_one_line_is_refused():
    line = "社区工作者" * 70_000  # 350,000 characters, 1 MB in UTF-8

    assert "超过每行 100,000 字的上限" in error_of(decode_page, line.encode("utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        "Community volunteers in Wuhan delivered groceries to elderly residents in March.",
        "Волонтёры доставляли продукты пожилым жителям района.",
        "1234 5678\n---\n2020-03-05 12:00\n",
        "Volunteers helped 王 residents in the community during the lockdown last spring.",
    ],
)
def test_a_page_that_is_not_chinese_is_refused(text):
    assert "不是中文文本" in error_of(decode_page, text.encode("utf-8"))


def test_a_chinese_page_with_english_and_urls_is_chinese():
    text = PARAGRAPH + "来源：https://www.example.com/news/2020/03/05/index.html COVID-19\n"

    assert decode_page(text.encode("utf-8")).text == text


@pytest.mark.parametrize("as_str", [False, True], ids=["path", "str"])
def test_read_page_decodes_a_gbk_file(tmp_path, as_str):
    path = tmp_path / "page.txt"
    path.write_bytes(PARAGRAPH.replace("\n", "\r\n").encode("gbk"))

    page = read_page(str(path) if as_str else path)

    assert (page.text, page.encoding) == (PARAGRAPH, "gb18030")


def test_read_page_names_a_missing_file(tmp_path):
    assert error_of(read_page, tmp_path / "missing.txt") == "missing.txt：文件不存在"


def test_read_page_names_a_directory(tmp_path):
    (tmp_path / "pages").mkdir()

    assert error_of(read_page, tmp_path / "pages") == "pages：是文件夹，不是文件"


def test_read_page_names_the_file_it_cannot_decode(tmp_path):
    path = tmp_path / "scan.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    assert error_of(read_page, path).startswith("scan.png：二进制文件，不是文本")


def test_read_page_refuses_a_file_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "_MAX_PAGE_BYTES", 100)
    path = tmp_path / "issue.txt"
    path.write_bytes(PARAGRAPH.encode("utf-8"))  # 370 bytes

    assert error_of(read_page, path) == "issue.txt：文件超过 100 字节，不像一个版面"


TRADITIONAL = [
    ("社區書記劉芳", "社区书记刘芳"),
    ("乾淨的樓道", "干净的楼道"),
    ("乾隆年間", "乾隆年间"),  # the phrase keeps 乾
    ("錢鍾書", "钱锺书"),  # the phrase picks 锺 for the name
    ("標数", "标数"),  # a traditional OCR slip in simplified text
    ("據瞭解", "据了解"),  # 瞭 is simplified too, but not in this phrase
    ("打坏了，劉芳", "打坏了，刘芳"),  # OpenCC alone would give 打坯: only 劉芳's run changes
    ("朝陽區Ａ１號樓", "朝阳区Ａ１号楼"),  # full-width letters and digits stay
    ("西宏苑社區「黨員陽光護送隊」", "西宏苑社区「党员阳光护送队」"),
]


@pytest.mark.parametrize(("text", "expected"), TRADITIONAL)
def test_simplified_converts_traditional_characters(text, expected):
    assert simplified(text) == expected


@pytest.mark.parametrize(("text", "expected"), TRADITIONAL)
def test_simplified_keeps_the_length(text, expected):
    assert len(simplified(text)) == len(text)


def test_span_found_in_simplified_text_indexes_the_original():
    text = "本報訊 (通訊員 史莉) 社區書記劉芳說"
    start = simplified(text).index("社区书记刘芳")

    assert text[start : start + 6] == "社區書記劉芳"


@pytest.mark.parametrize(
    "text",
    [
        PARAGRAPH,
        "打坏了门锁",  # OpenCC would give 打坯
        "沈阳市沈默",
        "Ａ１ abc 123",
        "",
    ],
)
def test_simplified_leaves_simplified_text_unchanged(text):
    assert simplified(text) == text


def test_simplified_converts_per_character_when_opencc_changes_the_length(monkeypatch):
    converter = reading._t2s().converter
    monkeypatch.setattr(converter, "convert", lambda text: text + "多")

    assert simplified("乾隆年間") == "干隆年间"  # per character, without the 乾隆 phrase


def test_pinyin_glosses_inside_words_are_read_past_but_the_page_keeps_them():
    from stories.pipeline import PageMeta, parse_page
    from stories.pipeline.reading import without_glosses

    assert without_glosses("高沙鎮(zhèn)長(zhǎng)青村的黨員") == "高沙鎮長青村的黨員"
    assert without_glosses("记者(Reporter)王晓明") == "记者(Reporter)王晓明"
    assert without_glosses("好朋友雲(yun) 丹了解到，") == "好朋友雲丹了解到，"  # a space after it
    assert without_glosses("外媒報導(dǎo) 街區新聞") == "外媒報導 街區新聞"  # a menu keeps it
    text = "## 守門人\n\n長(zhǎng)青村黨支部書記劉建國帶頭值守卡口。\n"
    page = parse_page(text, filename="p.txt", meta=PageMeta(year=2020, city="南京市"))
    assert page.text == text
    assert [p.name for p in page.stories[0].people] == ["劉建國"]
