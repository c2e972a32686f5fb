"""Cut an OCR'd newspaper page into stories.

The page arrives as paragraphs separated by blank lines, in OCR reading order, which is
not always the paper's order. The steps:

1. classify each line: heading (plain short line or Markdown ``#``), byline, 本报讯 lead,
   ■ item, 编者按, photo caption or photo credit, or body text;
2. join paragraphs that OCR wrapped mid-sentence across blank lines, also across a caption
   or credit that OCR dropped into the middle (a caption stays with its story);
3. re-attach a dangling last paragraph to its continuation found elsewhere on the page;
4. walk the lines with a small state machine: a heading cluster opens a story when a
   byline or lead follows it, when the current story has ended with a credit, or when it
   is a story-level Markdown heading; otherwise it is a subheading. A heading that OCR
   placed after its own story's body is given back to that untitled story.
"""

import datetime
import re
from dataclasses import dataclass, field

from . import tokenizer as jieba_words
from .bylines import parse_credit, split_trailing_credit
from .text import CLOSERS, cjk_count, ends_sentence, squash_spaces

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
_LEAD_RE = re.compile(
    r"^(?:本报讯|本报[^\s，,。：:（(]{1,8}讯|[^\s，,。：:（(]{2,16}(?:日电|日讯|讯))\s*"
    r"(?:[（(]([^（）()]{2,40})[）)])?\s*"
)
_ITEM_RE = re.compile(r"^[■●◆◼]\s*")
_CAPTION_RE = re.compile(r"^[▲△▼►◀]")
_DECORATION_RE = re.compile(r"^[□◇○◎☆★]\s*")
_PHOTO_POSITION_RE = re.compile(r"[（(](?:[左右中前后][一二三四五六七八九十]|中间|居中)[）)]")
_CONTINUATION_START_RE = re.compile(
    f"^(?:[，,、。；;：:！？!?{re.escape(CLOSERS)}]|[\u4e00-\u9fff][，,、]|[的地得了着过们吗呢吧啊])"
)


_MASTHEAD_RE = re.compile(
    r"^(?P<publication>[\u4e00-\u9fff]{2,12}(?:报|刊|周报|日报|晚报))?\s*"
    r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日\s*"
    r"(?=.{0,20}(?:星期|周[一二三四五六日]|第\s*\S{1,3}\s*版|版))"
)
_DATED_CAPTION_RE = re.compile(r"^[▲△▼►◀]?\s*(?:\d{4}年)?\d{1,2}月\d{1,2}日")


def masthead(line):
    """(publication, ISO issue date) if `line` is a page's masthead, such as
    "宝安社区报  2022年3月25日  星期五  第3版", else None."""
    match = _MASTHEAD_RE.match(line.strip())
    if match is None or len(line.strip()) > 50:
        return None
    try:
        day = datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None
    return match["publication"] or "", day.isoformat()


@dataclass
class Line:
    text: str
    kind: str
    level: int = 0
    bylines: list = field(default_factory=list)


@dataclass
class Segment:
    """A story as the segmenter sees it, before extraction."""

    headings: list = field(default_factory=list)  # Line objects of the headline cluster
    paragraphs: list = field(default_factory=list)
    bylines: list = field(default_factory=list)
    kicker: str = ""
    title: str = ""
    subtitle: str = ""
    ended: bool = False
    is_item: bool = False
    is_local: bool = False  # a 本报讯 story: the paper's own district news

    @property
    def body(self):
        return "\n\n".join(self.paragraphs)

    def add_bylines(self, bylines):
        known = {b.name for b in self.bylines}
        self.bylines.extend(b for b in bylines if b.name not in known)


def segment_page(text):
    """Split page text into Segments, in page order."""
    lines = [_classify(raw) for raw in _unwrap_columns(text).split("\n") if raw.strip()]
    lines = [line for line in lines if line is not None]
    lines = _join_wrapped(lines)
    lines = _reattach_dangling_tail(lines)
    segments = _Builder(lines).build()
    for segment in segments:
        _finish(segment)
    return [s for s in segments if s.paragraphs]


# --- 0. pages wrapped at the column width ------------------------------------------------


def _unwrap_columns(text):
    """Some OCR output breaks every line at the column width instead of keeping a
    paragraph on one line. Recognise it (most lines share one length and stop
    mid-sentence) and rebuild paragraphs: a line ends its paragraph when it is short, is
    followed by an indented line or by a blank line. Other pages are returned unchanged."""
    raw = text.split("\n")
    lengths = [len(line.strip()) for line in raw if len(line.strip()) >= 8]
    if len(lengths) < 8:
        return text
    width = max(set(lengths), key=lengths.count)
    full = [line.strip() for line in raw if abs(len(line.strip()) - width) <= 1]
    broken = sum(not ends_sentence(line) for line in full)
    if len(full) < 0.4 * len(lengths) or broken < 0.6 * len(full):
        return text
    paragraphs, lines = [], []
    for line in raw:
        stripped = line.strip()
        starts_paragraph = not stripped or line.startswith(("\u3000", "  "))
        ends_previous = bool(lines) and len(lines[-1]) < width - 1
        if lines and (starts_paragraph or ends_previous):
            paragraphs.append("".join(lines))
            lines = []
        if stripped:
            lines.append(stripped)
    if lines:
        paragraphs.append("".join(lines))
    return "\n\n".join(paragraphs)


# --- 1. classification --------------------------------------------------------------


def _classify(raw):
    """The Line for one line of the page, or None for what belongs to no story: the
    masthead (报名、日期、版次) and the page's own editors (责任编辑 …)."""
    text = raw.strip()
    if masthead(text) is not None:
        return None
    markdown = _MARKDOWN_RE.match(text)
    if markdown:
        heading = squash_heading(markdown.group(2))
        return Line(heading, MARKDOWN, level=len(markdown.group(1))) if heading else None
    text = _DECORATION_RE.sub("", text)
    if _NOTE_RE.match(text):
        return Line(_NOTE_RE.sub("", text), NOTE)
    if _ITEM_RE.match(text):
        return Line(squash_spaces(_ITEM_RE.sub("", text)), ITEM)
    if _CAPTION_RE.match(text):
        return Line(squash_spaces(text), CAPTION)
    credit = parse_credit(text)
    if credit and all(b.role == "编辑" for b in credit):
        return None
    if credit:
        photo_only = all(b.role == "摄影" for b in credit)
        return Line(text, PHOTO_CREDIT if photo_only else BYLINE, bylines=credit)
    lead = _LEAD_RE.match(text)
    if lead and len(text) > lead.end():
        bylines = parse_credit(lead.group(1)) if lead.group(1) else []
        return Line(squash_spaces(text), LEAD, bylines=bylines or [])
    credit = split_trailing_credit(text)[1]
    if credit and all(b.role == "摄影" for b in credit) and len(text) <= 80:
        return Line(squash_spaces(text), CAPTION)  # 芮国平为居民登记信息。 栾一帆/摄
    if _looks_like_heading(text):
        if _PHOTO_POSITION_RE.search(text):
            return Line(squash_spaces(text), CAPTION)
        return Line(squash_heading(text), HEADING)
    return Line(squash_spaces(text), BODY)


def squash_heading(text):
    """Headlines keep one space between phrases; OCR's other spacing goes."""
    return re.sub(r"\s+", " ", text.strip())


def _looks_like_heading(text):
    if len(text) > MAX_HEADING_CHARS or cjk_count(text) < 2:
        return False
    if text[-1] in "，,、；;：:。" or text[-1] in _FUNCTION_ENDINGS:
        return False
    if text.count("“") != text.count("”"):
        return False  # an open quote: the first half of a wrapped sentence
    # A sentence stop inside makes it prose (a quote or a caption); a headline with
    # commas is short ("三层楼,四十分钟,七天") or quoted as a whole.
    quoted = text[0] in '“"「' and text[-1] in '”"」'
    return "。" not in text and (quoted or not (re.search("[，,]", text) and len(text) > 20))


_FUNCTION_ENDINGS = set("的地得和与及在是对把被从向给为将让")


# --- 2. wrapped paragraphs ------------------------------------------------------------

_JOINABLE = {BODY, LEAD, ITEM, NOTE}
_SKIPPABLE = {CAPTION, PHOTO_CREDIT, HEADING}


def _join_wrapped(lines):
    """Join a paragraph that stops mid-sentence with the line that continues it."""
    lines = list(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.kind in _JOINABLE and not _is_finished(line.text):
            j = _continuation_index(lines, i)
            if j is not None:
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


# --- 3. a dangling last paragraph -------------------------------------------------------


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


# --- 4. the state machine -----------------------------------------------------------------


class _Builder:
    def __init__(self, lines):
        self.lines = lines
        self.segments = []
        self.current = None
        self.story_level = _story_heading_level(lines)
        self.group_heading = ""
        self.pending_captions = []  # captions between stories go with the next one

    def build(self):
        i = 0
        while i < len(self.lines):
            i = self._step(i)
        if self.pending_captions and self.segments:
            self.segments[-1].paragraphs.extend(self.pending_captions)
        return self.segments

    def _step(self, i):
        line = self.lines[i]
        if line.kind in {HEADING, MARKDOWN}:
            return self._headings(i)
        handler = {
            BYLINE: self._byline,
            LEAD: self._lead,
            ITEM: self._item,
            NOTE: self._note,
            CAPTION: self._caption,
            PHOTO_CREDIT: self._photo_credit,
            BODY: self._body,
        }[line.kind]
        handler(i, line)
        return i + 1

    def _open(self, headings=()):
        self.current = Segment(headings=list(headings), paragraphs=self.pending_captions)
        self.pending_captions = []
        self.segments.append(self.current)
        return self.current

    # headings ------------------------------------------------------------------------

    def _headings(self, i):
        j = i
        while j < len(self.lines) and self.lines[j].kind in {HEADING, MARKDOWN}:
            j += 1
        cluster = self.lines[i:j]
        following = self._next_content(j)
        if self._starts_story(cluster, following):
            if self._is_orphan_title(following):
                self.current.headings = cluster
                self.current.ended = True
            elif self._is_lone_note():
                # An 编者按 on its own introduces the story whose headline follows.
                self.current.headings = [*self.current.headings, *cluster]
            elif following is not None and following.kind == ITEM:
                self.group_heading = _plain_title(cluster)
                self.current = None
            else:
                self._open(cluster)
        else:
            for line in cluster:
                self.current.paragraphs.append(line.text)
        return j

    def _starts_story(self, cluster, following):
        current = self.current
        if current is None or current.ended or not current.paragraphs:
            return True
        markdown_levels = [line.level for line in cluster if line.kind == MARKDOWN]
        if markdown_levels:
            return min(markdown_levels) <= self.story_level
        if following is None or following.kind in {BYLINE, LEAD, ITEM, NOTE, HEADING, MARKDOWN}:
            return True
        return len([line for line in cluster if not line.text.startswith("—")]) >= 2

    def _is_lone_note(self):
        current = self.current
        return (
            current is not None
            and not current.ended
            and bool(current.paragraphs)
            and all(paragraph.startswith("编者按") for paragraph in current.paragraphs)
        )

    def _is_orphan_title(self, following):
        """A headline printed after its story: the story so far has none and another
        headline comes right after this one."""
        current = self.current
        return (
            current is not None
            and not current.headings
            and current.paragraphs
            and following is not None
            and following.kind in {HEADING, MARKDOWN}
        )

    def _next_content(self, j):
        while j < len(self.lines) and self.lines[j].kind in {CAPTION, PHOTO_CREDIT}:
            j += 1
        return self.lines[j] if j < len(self.lines) else None

    # other lines ------------------------------------------------------------------------

    def _byline(self, i, line):
        current = self.current
        if current is None:
            current = self._open()
        current.add_bylines(line.bylines)
        # Under the headline, a byline may follow a short quote or kicker: still the top.
        if any(
            len(paragraph) > MAX_HEADING_CHARS and not paragraph.startswith("编者按")
            for paragraph in current.paragraphs
        ):
            current.ended = True

    def _lead(self, i, line):
        current = self.current
        if current is None or current.ended or (current.paragraphs and not self._is_lone_note()):
            self._open()
        self.current.add_bylines(line.bylines)
        self.current.is_local = line.text.startswith("本报")
        self._add_paragraph(line.text)

    def _item(self, i, line):
        segment = self._open()
        segment.is_item = True
        segment.is_local = True  # a ■ brief is the paper's own news
        segment.kicker = self.group_heading
        self._add_paragraph(line.text)

    def _note(self, i, line):
        if self.current is None or self.current.ended or self.current.paragraphs:
            self._open()
        if line.text:
            self.current.paragraphs.append(f"编者按：{line.text}")

    def _caption(self, i, line):
        text, bylines = split_trailing_credit(line.text)
        following = self._next_content(i + 1)
        if _DATED_CAPTION_RE.match(text) and (
            following is None or following.kind in {HEADING, MARKDOWN, LEAD, ITEM}
        ):
            # ▲5月12日，…: a dated photo after the story's end is photo news of its own.
            if self.current is not None:
                self.current.ended = True
            segment = self._open()
            segment.paragraphs.append(text)
            segment.add_bylines(bylines)
            segment.ended = True
            return
        if self.current is None or self.current.ended:
            self.pending_captions.append(text)
            return
        self.current.add_bylines(bylines)
        self.current.paragraphs.append(text)

    def _photo_credit(self, i, line):
        current = self.current
        if current is None:
            current = self._open()
        following = self._next_content(i + 1)
        standalone = (
            current.paragraphs
            and (current.headings or len(current.paragraphs) > 1)
            and (following is None or following.kind in {HEADING, MARKDOWN, LEAD, ITEM})
            and not _CAPTION_RE.match(current.paragraphs[-1])
        )
        if standalone:
            # A photo with its caption after the story ended: photo news of its own.
            caption = current.paragraphs.pop()
            current.ended = True
            current = self._open()
            current.paragraphs.append(caption)
            current.ended = True
        current.add_bylines(line.bylines)

    def _body(self, i, line):
        if self.current is None or self.current.ended:
            self._open()
        self._add_paragraph(line.text)

    def _add_paragraph(self, text):
        text, bylines = split_trailing_credit(text)
        if bylines and self._is_separate_brief(text, bylines):
            self.current.ended = True
            self._open()
        self.current.paragraphs.append(text)
        if bylines:
            self.current.add_bylines(bylines)
            if any(b.role != "摄影" for b in bylines):
                self.current.ended = True

    def _is_separate_brief(self, text, bylines):
        """A 本报讯 story carries its credit in the lead; a later paragraph that ends with
        a bare (姓名) credit is a brief of its own that OCR placed after the story."""
        current = self.current
        return (
            all(b.role == "作者" for b in bylines)
            and len(current.paragraphs) >= 2
            and _LEAD_RE.match(current.paragraphs[0]) is not None
            and len(text) >= 80
        )


def _story_heading_level(lines):
    """The deepest Markdown level used for story headlines on this page: the levels of
    headings that a byline or lead follows; deeper headings are subheadings."""
    levels = []
    for i, line in enumerate(lines):
        if line.kind != MARKDOWN:
            continue
        j = i + 1
        while j < len(lines) and lines[j].kind in {CAPTION, PHOTO_CREDIT, MARKDOWN, HEADING}:
            j += 1
        if j < len(lines) and lines[j].kind in {BYLINE, LEAD}:
            levels.append(line.level)
    return max(levels, default=2)


# --- headline clusters -----------------------------------------------------------------


def _plain_title(cluster):
    return _split_cluster(cluster)[1]


def _split_cluster(cluster):
    """(kicker, title, subtitle) from a headline cluster. Kickers end with "——",
    subtitles start with it; the title is the top-level Markdown heading or else the
    longest remaining line; OCR crumbs of one or two characters are dropped."""
    lines = [line for line in cluster if cjk_count(line.text) > 1]
    if not lines:
        return "", "", ""
    kickers = [i for i, line in enumerate(lines) if line.text.endswith(("—", "－"))]
    after_kicker = lines[kickers[-1] + 1 :] if kickers else lines
    candidates = [
        line
        for line in after_kicker
        if not line.text.endswith(("—", "－")) and not line.text.startswith(("—", "－"))
    ] or lines
    markdown = [line for line in candidates if line.kind == MARKDOWN]
    if markdown:
        top = min(line.level for line in markdown)
        title_line = [line for line in markdown if line.level == top][-1]
    else:
        title_line = max(candidates, key=lambda line: cjk_count(line.text))
    index = lines.index(title_line)
    kicker = " ".join(line.text for line in lines[:index])
    subtitle = " ".join(line.text for line in lines[index + 1 :])
    return kicker, title_line.text, subtitle


def _finish(segment):
    kicker, title, subtitle = _split_cluster(segment.headings)
    segment.kicker = " ".join(part for part in (segment.kicker, kicker) if part)
    segment.subtitle = subtitle
    segment.title = title or _title_from_body(segment.paragraphs)


def _title_from_body(paragraphs):
    """A headless story (a ■ item, photo news, a brief) is titled by its first clause."""
    first = next(
        (p for p in paragraphs if not p.startswith("编者按")), paragraphs[0] if paragraphs else ""
    )
    first = re.sub(r"^(?:编者按：|[▲△]\s*)", "", first)
    clause = re.split(r"[。！？!?；;]", first, maxsplit=1)[0]
    return clause if len(clause) <= 30 else clause[:28] + "……"
