"""Cut an OCR'd newspaper page into stories.

lines.py turns the page into classified Lines (headings, bylines, leads, ■ items, captions,
body text), with wrapped paragraphs joined. Here a small state machine walks them: a
heading cluster opens a story when a byline or lead follows it, when the current story has
ended with a credit, or when it is a story-level Markdown heading; otherwise it is a
subheading. A heading that OCR placed after its own story's body is given back to that
untitled story.
"""

import re
from dataclasses import dataclass, field

from .bylines import split_trailing_credit
from .dictionaries import is_surname
from .lines import (
    BODY,
    BRACKETED_KICKER_RE,
    BYLINE,
    CAPTION,
    CAPTION_RE,
    HEADING,
    ITEM,
    LEAD,
    LEAD_RE,
    MARKDOWN,
    MAX_HEADING_CHARS,
    NOTE,
    PHOTO_CREDIT,
    page_lines,
)
from .records import Byline
from .text import CJK, cjk_count

# 新华社北京2月2日电 题：…: an agency's lead that only restates the headline.
_RESTATED_TITLE_RE = re.compile(r"^[^，,。：:]{2,24}电\s*题\s*[:：]")
_DATED_CAPTION_RE = re.compile(r"^[▲△▼►◀]?\s*(?:\d{4}年)?\d{1,2}月\d{1,2}日")
_MAX_CAPTION_CHARS = 120
# Characters in a row a caption shares with the story it shows (a name and its title).
_SHARED_RUN = 8


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
    credited_at_top: bool = False  # under its headline or in its lead, not at its end

    @property
    def body(self):
        return "\n\n".join(self.paragraphs)

    def add_bylines(self, bylines):
        known = {b.name for b in self.bylines}
        self.bylines.extend(b for b in bylines if b.name not in known)


def segment_page(text):
    """Split page text into Segments, in page order."""
    segments = _without_summaries(_Builder(page_lines(text)).build())
    for segment in segments:
        _finish(segment)
    return [s for s in segments if any(p.strip() for p in s.paragraphs)]


# Characters of a paragraph's end compared with the article it may summarise.
_SUMMARY_TAIL = 30


def _without_summaries(segments):
    """A site's summary printed above its article (its first paragraph again, with the
    headline repeated) is no story: its headings go to the article if it has none."""
    kept = []
    for i, segment in enumerate(segments):
        following = segments[i + 1] if i + 1 < len(segments) else None
        texts = [p for p in segment.paragraphs if len(p) >= _SUMMARY_TAIL]
        if (
            following is not None
            and texts
            and not segment.bylines
            and all(_squashed(p)[-_SUMMARY_TAIL:] in _squashed(following.body) for p in texts)
        ):
            following.headings = following.headings or segment.headings
            continue
        kept.append(segment)
    return kept


def _squashed(text):
    return re.sub(r"\s+", "", text)


# --- the state machine --------------------------------------------------------------------


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
        if self._starts_story(cluster, following, j):
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

    def _starts_story(self, cluster, following, j):
        current = self.current
        if (
            current is not None
            and current.headings
            and current.bylines
            and not current.paragraphs
            and not current.ended
        ):
            return False  # headline and credit, then 【我在现场】 开栏的话: its column's labels
        if current is None or current.ended or not current.paragraphs:
            return True
        markdown_levels = [line.level for line in cluster if line.kind == MARKDOWN]
        if markdown_levels:
            return min(markdown_levels) <= self.story_level
        if following is None or following.kind in {BYLINE, LEAD, ITEM, NOTE, HEADING, MARKDOWN}:
            return True
        if current.credited_at_top and self._section_ends_with_credit(j):
            return True  # a story credited at its top has no second credit at a section's end
        # A two-line headline opens a story only after one credited at its end so far: a
        # web article breaks its text with two-line subheadings, and one credited at its
        # top (above, or in its lead) ends only where a section carries a credit of its own.
        two_lines = len([line for line in cluster if not line.text.startswith("—")]) >= 2
        return two_lines and bool(current.bylines) and not current.credited_at_top

    def _section_ends_with_credit(self, j):
        """Whether the text after a headline, up to the next one, carries an end credit."""
        for line in self.lines[j:]:
            if line.kind in {HEADING, MARKDOWN}:
                return False
            if line.kind == BYLINE or any(b.role != "摄影" for b in line.bylines):
                return True
            if line.kind in {BODY, LEAD, ITEM} and split_trailing_credit(line.text)[1]:
                return True
        return False

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
        if self._has_text(current):
            current.ended = True
        else:
            current.credited_at_top = True

    @staticmethod
    def _has_text(segment):
        """Whether the story has begun its text. Under the headline a byline or a lead may
        follow a short quote, a kicker or a photo caption (记者工作现场。): still the top."""
        return any(
            len(paragraph) > MAX_HEADING_CHARS
            and not paragraph.startswith("编者按")
            and not _RESTATED_TITLE_RE.match(paragraph)
            for paragraph in segment.paragraphs
        )

    def _lead(self, i, line):
        current, photos = self.current, []
        if current is not None and _is_photo_series(current):
            # The photos of the story this lead opens, printed above it: they follow its lead.
            self.segments.pop()
            photos = current.paragraphs
            self.current = current = None
        if (
            current is None
            or current.ended
            or (self._has_text(current) and not self._is_lone_note())
        ):
            self._open()
        self.current.add_bylines(line.bylines)
        self.current.credited_at_top = self.current.credited_at_top or bool(line.bylines)
        self.current.is_local = line.text.startswith("本报")
        self._add_paragraph(line.text)
        self.current.paragraphs.extend(photos)

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
        if (
            _DATED_CAPTION_RE.match(text)
            and (following is None or following.kind in {HEADING, MARKDOWN, LEAD, ITEM})
            and not self._shows_current_story(text)
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

    def _shows_current_story(self, caption):
        """9月5日早晨，驻点单位干部共青团万宁市委书记李光军在…: a caption that repeats a run
        of the story it follows (its people with their titles) shows that story."""
        current = self.current
        if current is None or current.ended or not current.paragraphs:
            return False
        body = current.body
        runs = re.findall(f"[{CJK}]{{{_SHARED_RUN},}}", caption)
        return any(
            run[k : k + _SHARED_RUN] in body
            for run in runs
            for k in range(len(run) - _SHARED_RUN + 1)
        )

    def _photo_credit(self, i, line):
        current = self.current
        if current is None:
            current = self._open()
        following = self._next_content(i + 1)
        standalone = (
            current.paragraphs
            and (current.headings or len(current.paragraphs) > 1)
            and (following is None or following.kind in {HEADING, MARKDOWN, LEAD, ITEM})
            and not CAPTION_RE.match(current.paragraphs[-1])
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
        opening = not self._has_text(self.current)
        self.current.paragraphs.append(text)
        if bylines:
            self.current.add_bylines(bylines)
            if opening and all(b.role in {"记者", "通讯员"} for b in bylines):
                # …能平安。某报记者 崔艳红 after a web article's first paragraph: its lead credit
                self.current.credited_at_top = True
            elif any(b.role != "摄影" for b in bylines):
                self.current.ended = True

    def _is_separate_brief(self, text, bylines):
        """A 本报讯 story carries its credit in the lead; a later paragraph that ends with
        a bare (姓名) credit is a brief of its own that OCR placed after the story. A news
        agency's lead without a credit (人民网重庆2月3日电) is credited at its end."""
        current = self.current
        return (
            all(b.role == "作者" for b in bylines)
            # a 本报讯 or credited lead; its photographers credit no lead
            and (current.is_local or any(b.role != "摄影" for b in current.bylines))
            and len(current.paragraphs) >= 2
            and LEAD_RE.match(current.paragraphs[0]) is not None
            and len(text) >= 80
        )


def _is_photo_series(segment):
    """8月15日，在…社区，…为居民送菜。 two or more short captions of one day, with no headline
    or credit of their own: a web page's photos, printed above their story's lead."""
    dates = {
        match.group() if match and len(paragraph) <= _MAX_CAPTION_CHARS else None
        for paragraph in segment.paragraphs
        for match in [_DATED_CAPTION_RE.match(paragraph)]
    }
    return (
        not segment.headings
        and not segment.bylines
        and len(segment.paragraphs) >= 2
        and len(dates) == 1
        and None not in dates
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
    # A kicker ends with "——" or, above another line, opens with a 【column】 label.
    kickers = [
        i
        for i, line in enumerate(lines)
        if line.text.endswith(("—", "－"))
        or (i < len(lines) - 1 and BRACKETED_KICKER_RE.match(line.text))
    ]
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
    _author_over_the_text(segment)
    kicker, title, subtitle = _split_cluster(segment.headings)
    segment.kicker = " ".join(part for part in (segment.kicker, kicker) if part)
    segment.subtitle = subtitle
    segment.title = title or _title_from_body(segment.paragraphs)


def _author_over_the_text(segment):
    """柳洁 alone above the text, a name the story never mentions: the site printed its
    author there, not a headline (a portrait headed by its subject's name names them)."""
    if len(segment.headings) != 1:
        return
    name = segment.headings[0].text.strip()
    if (
        re.fullmatch(f"[{CJK}]{{2,3}}", name)
        and (is_surname(name[:2]) or is_surname(name[0]))
        and name not in segment.body
    ):
        segment.headings = []
        segment.add_bylines([Byline(name, "作者")])


def _title_from_body(paragraphs):
    """A headless story (a ■ item, photo news, a brief) is titled by its first clause."""
    first = next(
        (p for p in paragraphs if not p.startswith("编者按")), paragraphs[0] if paragraphs else ""
    )
    first = re.sub(r"^(?:编者按：|[▲△]\s*)", "", first)
    lead = LEAD_RE.match(first)  # 新疆网讯（文/记者 …）: no part of a title
    first = first[lead.end() :] if lead else first
    clause = re.split(r"[。！？!?；;]", first, maxsplit=1)[0]
    return clause if len(clause) <= 30 else clause[:28] + "……"
