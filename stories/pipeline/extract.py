"""parse_page: one page's text → a PageRecord of stories with everything extracted.

Matching runs on a simplified-character copy of the page (same length, position by
position), so that a traditional-character page is read with the same dictionaries;
everything stored or shown comes from the page's own characters.
"""

import hashlib
import re
import unicodedata
from dataclasses import replace

from . import tokenizer
from .dates import DEFAULT_CONFIDENCE, date_range, find_dates, infer_year
from .furniture import masthead
from .locations import district_mention, find_places, home_district_code, page_context
from .orgs import find_organizations, full_names, has_name_of_its_own, kind_of
from .people import find_people, is_mentioned_only
from .reading import simplified, without_glosses
from .records import OrganizationMention, PageMeta, PageRecord, Span, StoryRecord
from .roles import OTHER, default_role_map
from .segment import segment_page
from .text import CJK, restore_original

REVIEW_BELOW = 0.7  # stories less certain than this go to editors for review


def parse_page(text, filename="", meta=None, roles=None):
    """Segment and extract one page.

    `meta` is what the operator knows (PageMeta: publication, issue date, year, city,
    home district); missing pieces are inferred where the page allows and flagged.
    `roles` is a RoleMap (default: the shipped taxonomy fixture).
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    roles = roles or default_role_map()
    readable = without_glosses(text)  # what the stories are read and cut from
    simple = simplified(readable)
    meta, warnings = _page_meta(simple, meta or PageMeta())
    context = page_context(simple, city=meta.city, home_district=meta.home_district_code)
    home = district_mention(meta.home_district_code) if meta.home_district_code else None
    page = _Page(simple, readable, meta.year, context, home, roles)
    stories = _with_full_org_names(
        [page.story(position, segment) for position, segment in enumerate(segment_page(simple))]
    )
    if not stories:
        warnings += ("版面上没有找到报道正文",)
    return PageRecord(
        filename=filename,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text=text,
        meta=meta,
        stories=stories,
        warnings=warnings,
    )


def _with_full_org_names(stories):
    """Name every organisation of the page by its fullest form (工行丰台支行 → 中国工商银行
    丰台支行), keeping its short forms as aliases, in its stories and its people's links."""
    full = full_names(o.name for story in stories for o in story.organizations)
    return tuple(_renamed_orgs(story, full) for story in stories) if full else tuple(stories)


def _renamed_orgs(story, full):
    orgs = {}
    for org in story.organizations:
        name = full.get(org.name, org.name)
        kept = orgs.get(name, replace(org, name=name, aliases=()))
        forms = (org.name, *org.aliases) if org.name != name else org.aliases
        new = tuple(form for form in forms if form not in kept.aliases and form != name)
        kept = replace(kept, aliases=(*kept.aliases, *new))
        orgs[name] = kept
    people = tuple(
        replace(p, organization=full.get(p.organization, p.organization)) for p in story.people
    )
    return replace(story, organizations=tuple(orgs.values()), people=people)


def _page_meta(simple, known):
    """What the operator said, completed from the page: its masthead (报名, 日期) or, for
    the year, what the page says about its time (flagged as inferred). Returns the
    PageMeta and the warnings an editor should see."""
    found = next(filter(None, map(masthead, simple.split("\n")[:20])), ("", ""))
    publication = known.publication or found[0]
    issue_date = known.issue_date or found[1]
    year, is_inferred, warnings = known.year, False, ()
    if year is None and known.issue_date:
        year = int(known.issue_date[:4])
    elif year is None and issue_date:
        year, is_inferred = int(issue_date[:4]), True
    elif year is None:
        guess = infer_year(simple)
        year, is_inferred = guess.year, guess.year is not None
        if year is None:
            warnings = ("版面未给出年份，也无法推断：日期未能归一化",)
        elif guess.confidence <= DEFAULT_CONFIDENCE:
            warnings = (f"版面没有说明年份的线索，按疫情初期推定为 {year} 年，请核对",)
    home_code = known.home_district_code or home_district_code(known.home_district, known.city)
    if known.home_district and not home_code:
        warnings += (f"本报所在区“{known.home_district}”在地名库中找不到",)
    meta = replace(
        known,
        home_district_code=home_code,
        publication=publication,
        issue_date=issue_date,
        year=year,
        is_year_inferred=is_inferred,
    )
    return meta, warnings


class _Page:
    """One page being read: its two scripts, its year and area, the home district and the
    role taxonomy, which every story of the page shares."""

    def __init__(self, simple, original, year, context, home, roles):
        self.simple, self.original = simple, original
        self.year, self.context, self.home, self.roles = year, context, home, roles

    def restore(self, text):
        return restore_original(text, self.simple, self.original)

    def story(self, position, segment):
        """The StoryRecord of one segment, stage by stage: places, organisations, people,
        dates; each stage reads the simplified text, the record keeps the page's script."""
        story = _StoryText(segment, self)
        places = find_places(story.text, self.context)
        orgs = find_organizations(story.text, story.tokens, places.spans)
        people = self._people(story, segment, places, orgs)
        found_dates = find_dates(story.text, self.year)
        date_start, date_end = date_range(found_dates, self.year)
        return StoryRecord(
            position=position,
            title=self.restore(segment.title),
            body=story.original[len(story.header) + 1 :],
            kicker=self.restore(segment.kicker),
            subtitle=self.restore(segment.subtitle),
            byline=tuple(
                replace(b, name=_as_written(b.name, self.simple, self.original))
                for b in segment.bylines
            ),
            people=tuple(p for p in people if not is_mentioned_only(p)),
            # A quoted leader or cited expert is none of the neighbourhood's categories.
            mentioned=tuple(
                replace(p, role_category=OTHER) for p in people if is_mentioned_only(p)
            ),
            districts=self._districts(segment, places),
            streets=tuple(places.streets),
            communities=tuple(places.communities),
            organizations=_organizations(story.text, orgs, places, story.verbatim),
            dates=tuple(dict.fromkeys(d.iso for d in found_dates)),
            date_start=date_start,
            date_end=date_end,
            confidence=_confidence(segment, people, date_start),
            warnings=() if self.year else ("年份不明：日期未归一化",),
        )

    def _people(self, story, segment, places, orgs):
        """The story's people, their names and titles in the page's own script."""
        entities = places.spans + [
            Span(o.start, o.end, "organization", story.text[o.start : o.end]) for o in orgs
        ]
        people = find_people(
            story.text,
            story.tokens,
            entities,
            self.roles,
            exclude={b.name for b in segment.bylines},
            communities=[c.name for c in places.communities],
            header=story.header,
        )
        return [
            replace(
                p,
                name=story.verbatim(p.name),
                title=story.verbatim(p.title),
                titles=tuple(story.verbatim(t) for t in p.titles),
            )
            for p in people
        ]

    def _districts(self, segment, places):
        """The districts the story names or implies; a 本报讯 story of a district paper is
        also in the paper's home district."""
        districts = list(places.districts)
        if self.home and segment.is_local and all(d.code != self.home.code for d in districts):
            districts.append(self.home)
        return tuple(districts)


class _StoryText:
    """What the stages read of one story: its headline and body as one simplified text,
    jieba's tokens of it, and the same text in the page's own characters."""

    def __init__(self, segment, page):
        self.header = _header(segment)
        self.text = f"{self.header}\n{segment.body}"
        self.original = page.restore(self.text)
        self.tokens = tokenizer.cut(self.text)

    def verbatim(self, fragment):
        return _as_written(fragment, self.text, self.original)


def _header(segment):
    """The headline text read for people and places with the body. The kicker and
    subtitle name them too (——记…社区党总支书记沈佩华); a title made from the body's first
    clause and the heading that ■ items share are not read again."""
    parts = (
        "" if segment.is_item else segment.kicker,
        segment.title if segment.headings else "",
        segment.subtitle,
    )
    return "\n".join(part for part in parts if part)


def _as_written(fragment, simple, original):
    """`fragment`, found in the simplified `simple`, in `original`'s own characters
    (庞雨菲 → 龐雨菲); unchanged where it does not occur."""
    index = simple.find(fragment) if fragment else -1
    return original[index : index + len(fragment)] if index >= 0 else fragment


def _organizations(text, orgs, places, verbatim):
    found = {}
    for org in orgs:
        name = text[org.start : org.end]
        district = next(
            (
                s
                for s in places.spans
                if s.kind == "district" and org.start <= s.start and s.end <= org.end
            ),
            None,
        )
        district_code = next(
            (d.code for d in places.districts if district and d.name == district.name), ""
        )
        aliases = tuple(verbatim(a) for a in _without_leading_places(text, org, places.spans))
        found.setdefault(
            name,
            OrganizationMention(verbatim(name), kind_of(name), district_code, 0.8, aliases),
        )
    return tuple(found.values())


_PROVINCE_RE = re.compile(f"[{CJK}]{{2,8}}(?:省|自治区)")


def _without_leading_places(text, org, spans):
    """Shorter forms of an organisation's name without the places it starts with, as pages
    also write it: 河南省商丘市睢县林业局 → 睢县林业局; 东阳市画水镇近陆宅小学 → 近陆宅小学.
    A province and a prefecture city always go; a district, street or community only before
    a name of its own (近陆宅小学), never before a bare department (睢县 of 睢县林业局)."""
    forms, start = [], org.start
    province = _PROVINCE_RE.match(text, start, org.end)
    if province and any(s.start == province.end() for s in spans):  # not 江苏省委宣传部
        start = province.end()
        forms.append(text[start : org.end])
    while True:
        place = max(  # the longest: 商丘市, not its 商丘
            (s for s in spans if s.start == start and s.end < org.end and s.kind != "organization"),
            key=lambda s: s.end,
            default=None,
        )
        if place is None:
            break
        rest = text[place.end : org.end]
        if place.kind != "city" and not has_name_of_its_own(rest):
            break
        start = place.end
        forms.append(rest)
    return [form for form in forms if len(form) >= 3]


def _confidence(segment, people, date_start):
    """How sure the importer is of the story as a whole: weakest parts weigh most."""
    score = 1.0
    if not segment.headings:
        score -= 0.15  # titled from its own first clause
    if not date_start:
        score -= 0.1  # no date of its own (a 去年8月 alone is background)
    weak = [p for p in people if p.confidence < 0.8]
    score -= 0.05 * len(weak)
    return round(max(0.0, min(1.0, score)), 2)
