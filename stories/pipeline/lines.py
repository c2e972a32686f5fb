"""A page's text as classified lines, the input of the story state machine in segment.py.

The page arrives as paragraphs separated by blank lines, in OCR reading order, which is
not always the paper's order. Before any story is cut:

1. a page broken at the column width gets its paragraphs back;
2. each line is classified: heading (plain short line or Markdown ``#``), byline, 本报讯
   lead, ■ item, 编者按, photo caption or photo credit, or body text; the masthead and the
   page's own editors are dropped;
3. paragraphs that OCR wrapped mid-sentence across blank lines are joined, also across a
   caption or credit that OCR dropped into the middle (a caption stays with its story);
4. a dangling last paragraph is re-attached to its continuation found elsewhere on the page.

These steps look at one line and its neighbours only, never at stories, so they live apart
from the state machine.
"""

import re
from dataclasses import dataclass, field

from . import tokenizer as jieba_words
from .bylines import labelled_credit, parse_credit, parse_source_line, split_trailing_credit
from .furniture import is_furniture, masthead
from .text import CJK, CLOSERS, cjk_count, ends_sentence, squash_spaces

HEADING, MARKDOWN, BYLINE, LEAD, ITEM, NOTE, CAPTION, PHOTO_CREDIT, BODY = [
    "heading",
    "markdown",
    "byline",
    "lead",
    "item",
    "note",
    "caption",
    "photo_credit",
    "body",
]
MAX_HEADING_CHARS = 36

_MARKDOWN_RE = re.compile(r"^(#{1,6})\s*(.*)$")
_NOTE_RE = re.compile(r"^[【\[（(]?编者按[】\]）)]?\s*[:：]?\s*")
LEAD_RE = re.compile(
    r"^(?:本报讯|本报[^\s，,。：:（(]{1,8}讯|[^\s，,。：:（(]{2,16}(?:日电|日讯|日消息|讯)"
    r"|[^\s，,。：:（(]{1,12}(?:网|台|社|报)消息"
    # （记者 张永香）一件绿马甲……: a paragraph that opens with its reporters.
    r"|(?=[（(](?:本报|本台)?(?:特约|见习|实习|首席)?(?:记者|通讯员)\s*[\u4e00-\u9fff]))\s*"
    r"(?:[（(]([^（）()]{2,40})[）)])?\s*"
)
_ITEM_RE = re.compile(r"^(?:[■●◆◼]|[①②③④⑤⑥⑦⑧⑨⑩](?=\S))\s*")
CAPTION_RE = re.compile(r"^[▲△▼►◀]")
_DECORATION_RE = re.compile(r"^[□◇○◎☆★]\s*")
_PHOTO_POSITION_RE = re.compile(r"[（(](?:[左右中前后][一二三四五六七八九十]|中间|居中)[）)]")
_CONTINUATION_START_RE = re.compile(
    f"^(?:[，,、。；;：:！？!?{re.escape(CLOSERS)}]|[\u4e00-\u9fff][，,、]|[的地得了着过们吗呢吧啊])"
)


@dataclass
class Line:
    """One line of the page: `kind` is one of the kinds above, `level` a Markdown depth."""

    text: str
    kind: str
    level: int = 0
    bylines: list = field(default_factory=list)
    turn: bool = False  # a transcribed speaker's turn, which no wrapped paragraph runs into


def page_lines(text):
    """The page's Lines in OCR reading order, after steps 1–4 of the module docstring."""
    raws = [part for raw in _unwrap_columns(text).split("\n") for part in _unglued(raw)]
    lines = [_classify(raw) for raw in raws if raw.strip()]
    lines = [line for line in lines if line is not None]
    lines = _join_wrapped(lines)
    return _column_labels(_reattach_dangling_tail(lines))


# 抗击疫情海南时刻: a column's label, ending in a colon, printed above the headline.
_COLUMN_LABEL_RE = re.compile(f'[{CJK}“”"·、 ]{{2,16}}[:：]')


def _column_labels(lines):
    """A short line ending in a colon right above a headline is that headline's kicker."""
    for i, line in enumerate(lines[:-1]):
        if (
            line.kind == BODY
            and _COLUMN_LABEL_RE.fullmatch(line.text)
            and lines[i + 1].kind in {HEADING, MARKDOWN}
        ):
            lines[i] = Line(line.text, HEADING)
    return lines


# --- 1. pages wrapped at the column width ------------------------------------------------


def _unwrap_columns(text):
    """Some OCR output breaks every line at the column width instead of keeping a
    paragraph on one line. Recognise it (most lines are about as long as the longest and
    stop mid-sentence) and rebuild paragraphs. Where paragraphs are indented, an indent
    starts one, and a short unindented line after a finished one stands alone (a headline,
    a credit); elsewhere a line well short of the width ends its paragraph. Other pages
    are returned unchanged."""
    raw = text.split("\n")
    lengths = sorted(len(line.strip()) for line in raw if len(line.strip()) >= 8)
    if len(lengths) < 8:
        return text
    width = lengths[len(lengths) * 3 // 4]  # a full line; punctuation pulled up varies it
    full = [line.strip() for line in raw if len(line.strip()) >= width - 2]
    broken = sum(not ends_sentence(line) for line in full)
    if len(full) < 0.4 * len(lengths) or broken < 0.6 * len(full):
        return text
    by_indent = sum(1 for line in raw if _indented(line)) >= 3
    paragraphs, lines, alone = [], [], False
    for line in raw:
        stripped = line.strip()
        if not stripped:
            paragraphs, lines, alone = _flush(paragraphs, lines), [], False
            continue
        previous = lines[-1] if lines else ""
        if by_indent:
            stands_alone = (
                not _indented(line)
                and len(stripped) < 0.8 * width
                and (not lines or alone or ends_sentence(previous))
            )
            boundary = _indented(line) or stands_alone or alone
        else:
            stands_alone, boundary = False, len(previous) < width - 2
        if lines and boundary:
            paragraphs, lines = _flush(paragraphs, lines), []
        lines.append(stripped)
        alone = stands_alone
    return "\n\n".join(_flush(paragraphs, lines))


def _indented(line):
    return line.startswith(("\u3000", "  ")) and bool(line.strip())


def _flush(paragraphs, lines):
    return [*paragraphs, "".join(lines)] if lines else paragraphs


# A headline that a news site ran into its agency lead: "重庆慈善捐赠款物将专项审计 结果向社会
# 公布 人民网重庆2月3日电(陈琦、刘敏)2月3日，…" — a space, then an outlet's dateline.
_GLUED_LEAD_RE = re.compile(
    r"^(?P<head>[^，,。：:！？!?]{4,36}?)\s+"
    r"(?=[\u4e00-\u9fff]{1,8}(?:网|社|台|报)[\u4e00-\u9fff]{0,6}\d{1,2}月\d{1,2}日(?:电|讯))"
)


# …新碶街道社工开启“夜战” 2022-03-18 13:43:04  来源:…: a headline run into its dateline.
_GLUED_DATELINE_RE = re.compile(
    r"^(?P<head>[^。！？!?]{4,40}?)\s+(?=\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2})"
)


# 记 者 张凯凯 通讯员 娄嘉瑞 “各位居民朋友……”: the credit a paper ran into its lead.
_GLUED_CREDIT_RE = re.compile(
    r"^(?P<head>(?:本报)?(?:记\s?者|通讯员)\s+[\u4e00-\u9fff]{2,4}"
    r"(?:\s+(?:(?:本报)?(?:记\s?者|通讯员)\s+)?[\u4e00-\u9fff]{2,4})*)\s+(?=\S.{20})"
)


def _unglued(raw):
    """The line, or its headline and its lead or dateline when a site printed them as one
    line, or its credit and its lead."""
    text = raw.strip()
    match = _GLUED_LEAD_RE.match(text) or _GLUED_DATELINE_RE.match(text)
    if match is None:
        match = _GLUED_CREDIT_RE.match(text)
        if match is None or not parse_credit(match["head"]):
            return [raw]
    return [match["head"], text[match.end() :]]


# --- 2. classification --------------------------------------------------------------


def _classify(raw):
    """The Line for one line of the page, or None for what belongs to no story: page
    furniture (furniture.py) and the page's own editors (责任编辑 …)."""
    text = raw.strip()
    if is_furniture(text) and not parse_credit(text):  # 本报记者 胡晨 通讯员 康晓灿: no menu
        credit = _dateline_credit(text)
        return Line(text, BYLINE, bylines=credit) if credit else None
    source = parse_source_line(text)
    if source is not None:
        # 来源：江苏广电南通中心站/陈志斌 通讯员/孟烨 credits its names; a bare 来源 is furniture.
        return Line(text, BYLINE, bylines=source) if source else None
    markdown = _MARKDOWN_RE.match(text)
    if markdown:
        heading = squash_heading(markdown.group(2))
        return Line(heading, MARKDOWN, level=len(markdown.group(1))) if heading else None
    text = _DECORATION_RE.sub("", text)
    if _NOTE_RE.match(text):
        return Line(_NOTE_RE.sub("", text), NOTE)
    if _ITEM_RE.match(text):
        credit = parse_credit(_ITEM_RE.sub("", text))
        if credit:  # ■记者 张三 通讯员 李四: a credit set off with a bullet
            return Line(text, BYLINE, bylines=credit)
        return Line(squash_spaces(_ITEM_RE.sub("", text)), ITEM)
    if CAPTION_RE.match(text):
        return Line(squash_spaces(text), CAPTION)
    credit = parse_credit(text) or _names_alone(text)
    if credit and all(b.role == "编辑" for b in credit):
        return None
    if credit:
        photo_only = all(b.role == "摄影" for b in credit)
        return Line(text, PHOTO_CREDIT if photo_only else BYLINE, bylines=credit)
    lead = LEAD_RE.match(text)
    if lead and len(text) > lead.end():
        # 人民网重庆2月3日电(陈琦、刘敏、姚於): bare names in a lead are its reporters.
        credit = lead.group(1)
        bylines = parse_credit(credit, bare_names_role="记者") if credit else []
        return Line(squash_spaces(text), LEAD, bylines=bylines or [])
    credit = split_trailing_credit(text)[1]
    if credit and all(b.role == "摄影" for b in credit) and len(text) <= 80:
        return Line(squash_spaces(text), CAPTION)  # 芮国平为居民登记信息。 栾一帆/摄
    if _looks_like_heading(text):
        if _PHOTO_POSITION_RE.search(text):
            return Line(squash_spaces(text), CAPTION)
        return Line(squash_heading(text), HEADING)
    return Line(squash_spaces(text), BODY, turn=_is_turn(text))


def _dateline_credit(text):
    """2021-12-15 11:35 来源：金陵网 作者：王晓明: the credit a site prints in its dateline."""
    if masthead(text) is None:
        return None
    return labelled_credit(text) or _dateline_names(text)


# What follows a dateline's clock, without the site's click counter (1110 点击, 阅读 52).
_AFTER_CLOCK_RE = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2})?\s+(?P<rest>.+?)(?:\s+\d+\s*(?:点击|阅读|浏览))?$"
)
_COUNTER_RE = re.compile(r"\s*(?:点击|阅读|浏览)(?:次数|量)?\s*[:：]?\s*\d+$")


def _dateline_names(text):
    """2020-02-14 14:20 余莉 郭侨 潘建勇 四川科技报记者 苏文保: names after the clock, with
    a reporter among them; names without a role word are the authors. The source's own
    name before them (金陵网-金陵日报) is no credit."""
    after = _AFTER_CLOCK_RE.search(text)
    if after is None or not re.search("记者|通讯员", after["rest"]):
        return None
    tokens = _COUNTER_RE.sub("", after["rest"]).split()
    for start in range(len(tokens)):
        credit = parse_credit(" ".join(tokens[start:]), bare_names_role="作者")
        if credit:
            return credit
    return None


def _names_alone(text):
    """刘 巧 周人峰 钟阳阳: a short line of nothing but two or more names is its authors;
    so is one name with the date it was posted (陈怡帆 2020-03-03)."""
    dated = _POSTED_RE.match(text)
    if dated:
        return parse_credit(dated["name"], bare_names_role="作者")
    if len(text) > 24 or len(text.split()) < 2:
        return None
    credit = parse_credit(text, bare_names_role="作者")
    return credit if credit and len(credit) >= 2 else None


_POSTED_RE = re.compile(
    r"^(?P<name>[\u4e00-\u9fff]{2,4})\s+\d{4}-\d{1,2}-\d{1,2}"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?[\s|｜]*$"
)


def squash_heading(text):
    """Headlines keep one space between phrases; OCR's other spacing goes."""
    return re.sub(r"\s+", " ", text.strip())


def _looks_like_heading(text):
    # A headline with its subtitle on one line (“大家都平安”——武陵山深处…见闻) runs longer,
    # and so does a 【栏目】 kicker line that summarises the story.
    bracketed = bool(BRACKETED_KICKER_RE.match(text))
    # ——这是…的故事，也是…的故事: a subtitle line, commas and all
    subtitle = text.startswith("——") and len(text) > 2
    longest = (
        2 * MAX_HEADING_CHARS
        if "——" in text.strip("—") or bracketed or subtitle
        else MAX_HEADING_CHARS
    )
    if len(text) > longest or cjk_count(text) < 2:
        return False
    if text[-1] in "，,、；;：:。" or _ends_with_function_word(text):
        return False
    if text.count("“") != text.count("”"):
        return False  # an open quote: the first half of a wrapped sentence
    # A sentence stop inside makes it prose (a quote or a caption); a headline with
    # commas is short ("三层楼,四十分钟,七天") or quoted as a whole.
    quoted = text[0] in '“"「' and text[-1] in '”"」'
    unquoted = re.sub(r"“[^”]*”|「[^」]*」", "", text)  # commas of a quote in the headline
    short_or_quoted = (
        quoted or bracketed or subtitle or not (re.search("[，,]", unquoted) and len(text) > 20)
    )
    return "。" not in text and short_or_quoted


BRACKETED_KICKER_RE = re.compile(r"^【[^】]{2,16}】")
_FUNCTION_ENDINGS = set("的地得和与及在是对把被从向给为将让")


def _ends_with_function_word(text):
    """…坚守在: the first half of a wrapped sentence; …宣传阵地 ends with a word (阵地)."""
    if text[-1] not in _FUNCTION_ENDINGS:
        return False
    return jieba_words.frequency(text[-2:]) < 100 or not jieba_words.tag(text[-2:]).startswith("n")


# --- 3. wrapped paragraphs ------------------------------------------------------------

_JOINABLE = {BODY, LEAD, ITEM, NOTE}
_SKIPPABLE = {CAPTION, PHOTO_CREDIT, HEADING}


def _join_wrapped(lines):
    """Join a paragraph that stops mid-sentence with the line that continues it."""
    lines = list(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.kind in _JOINABLE and not _is_finished(line.text) and not line.turn:
            j = _continuation_index(lines, i)
            if j is not None and not lines[j].turn:
                for skipped in lines[i + 1 : j]:
                    if skipped.kind in {HEADING, BODY}:
                        skipped.kind = CAPTION
                line.text += lines[j].text
                line.bylines.extend(lines[j].bylines)
                del lines[j]
                continue  # the joined line may still be unfinished
        elif line.kind == HEADING and i + 1 < len(lines) and _glued(line.text, lines[i + 1]):
            # A short first half of a wrapped paragraph, mistaken for a headline.
            line.kind = BODY
            continue
        i += 1
    return lines


# 东关社区 党支部书记 李欣：方师傅，… a TV report's speaker, labelled by place, post and name.
_TURN_RE = re.compile(
    rf"^[^，,。：:\s]{{2,30}}(?:\s+[^，,。：:\s]{{2,12}})*\s+[{CJK}]{{2,4}}\s*[:：]"
)


def _is_turn(text):
    """A transcribed speaker's turn: it starts a paragraph and ends one where the speaker
    stops, punctuated or not."""
    return bool(_TURN_RE.match(text))


def _is_finished(text):
    """Ends like a finished sentence, or with a credit such as (西罗园社区卫生服务中心供稿)."""
    return ends_sentence(text) or bool(split_trailing_credit(text)[1])


def _continuation_index(lines, i):
    following = lines[i + 1 : i + 4]
    if not following:
        return None
    first = following[0]
    if first.kind == BODY:
        second = following[1] if len(following) > 1 else None
        if (
            not _CONTINUATION_START_RE.match(first.text)
            and second is not None
            and second.kind == BODY
            and _CONTINUATION_START_RE.match(second.text)
            and _is_finished(first.text)
        ):
            return i + 2  # OCR dropped a caption-like sentence into the paragraph
        return i + 1
    for offset, candidate in enumerate(following):
        if candidate.kind == BODY and offset > 0:
            return i + 1 + offset
        if candidate.kind not in _SKIPPABLE:
            return None
    return None


def _glued(text, following):
    """True if `text` ends inside a word that `following` completes (e.g. "1公" + "里外")."""
    if following.kind != BODY or ends_sentence(text) or not text[-1:].isalnum():
        return False
    return jieba_words.spans_word(text, following.text)


# --- 4. a dangling last paragraph -------------------------------------------------------


def _reattach_dangling_tail(lines):
    """OCR sometimes reads the end of the last column elsewhere on the page: if the page's
    last paragraph stops mid-word, find the headless paragraph that completes the word."""
    body_indexes = [i for i, line in enumerate(lines) if line.kind in _JOINABLE]
    if not body_indexes:
        return lines
    last = lines[body_indexes[-1]]
    if body_indexes[-1] != len(lines) - 1 or _is_finished(last.text) or len(last.text) < 20:
        return lines
    for i in body_indexes[:-1]:
        candidate, previous = lines[i], lines[i - 1] if i else None
        headless = previous is not None and previous.kind == BODY and _is_finished(previous.text)
        if (
            headless
            and candidate.kind == BODY
            and jieba_words.spans_word(last.text, candidate.text)
        ):
            last.text += candidate.text
            return lines[:i] + lines[i + 1 :]
    return lines


def paragraph_kind(text):
    """How one stored paragraph of a story reads, for display: HEADING (a subheading),
    CAPTION (a photo caption), NOTE (编者按) or BODY, by the tests that classify a page's
    lines. A paragraph the segmenter would have dropped (a masthead) reads as BODY."""
    if text.startswith("编者按"):
        return NOTE
    if text.startswith("—"):
        return BODY  # ——美然动力社区党委书记刘芳: the attribution of a quote
    line = _classify(text)
    kind = line.kind if line is not None else BODY
    if kind in {CAPTION, PHOTO_CREDIT}:
        return CAPTION
    return HEADING if kind in {HEADING, MARKDOWN} else BODY
