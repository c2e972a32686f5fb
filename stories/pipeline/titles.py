"""Titles: the position phrase a story attaches to a person (社区党委书记, 四级调研员).

A title is read from the words before a name, back to the start of the clause. The
places and organisations found in the story are split off (美然动力社区 | 党委书记), noise
words dropped (是, 作为, 今年52岁的 …), and what is left must end with a head word such as
书记, 科长 or 志愿者. A community's generic word stays in the title (社区党委书记); titles
joined by 、 or 兼 are all kept.
"""

import re

from .roles import GROUP_LEADS, HEADS
from .text import CLAUSE_STOPS

_NOISE_RE = re.compile(
    r"^(?:就是|已是|也是|正是|是|作为|身为|同在|同为|住在|来自|现任|时任|担任|原任|原|前|"
    r"(?:年仅|今年|已经)?[\d一二三四五六七八九十]+岁的|这位|那位|一名|一位|一个|一些|该|其|他的|她的|"
    r"的|年轻的|感谢|帮助|协助|联系|还有|以及|其中|包括|比如|如|像|由|对|和|与|及|兼)+"
)
_TITLE_TAIL_RE = re.compile(
    r"(?:社区|村|居委会|村委会|居民区|居委|街道|镇|乡|市委|区委|县委|党委|党总支|党支部|党组|工会|团委|妇联"
    r"|物业)?"
    r"(?:第[一二三四五六七八九十\d]+(?:批|党支部|支部)?)?"
    r"(?:(?:(?![的和与及他她是在为对把被给让])[\u4e00-\u9fff]){1,4}?(?:科|部|处|办|室|站|组|队|所|中心))?"
    # 保安队长, 志愿者代表: a group's leader or spokesperson, named with the group
    r"(?:(?:保安|志愿者|网格员|党员|居民|群众|民兵|辅警)"
    rf"(?=副?(?:{'|'.join(sorted({lead.removeprefix('副') for lead in GROUP_LEADS}))})$))?"
    r"(?:副|常务|执行|专职|兼职|首席|一级|二级|三级|四级|下沉|驻村|年轻|军转|老|党员|青年|巾帼"
    r"|退休|退役|原)*"
    rf"(?:{'|'.join(HEADS)})$"
)
_UNIT_PREFIXED = re.compile(
    r"^(?:党(?!员)|副|书记|第|居委会|村委会|干部|工作人员|工作者|主任|委员|网格员|服务站|两委|支部"
    r"|总支)"
)
# A title that starts inside a place name the story did not recognise: 坡|村党支部书记.
_VILLAGE_UNIT_RE = re.compile(r"^[\u4e00-\u9fff]{1,3}?((?:社区|村)(?:党|两委|村委|居委))")
# Closing marks a title phrase reads across: their openings and the most characters inside.
_ASIDES = {"）": ("（(", 12), ")": ("（(", 12), "”": ("“", 6)}
_PARTY_UNIT_RE = re.compile(r"(?:党委|党总支|党支部|党组|党工委)$")


class TitleReader:
    """Reads titles in one story's text, given the place and organisation spans found in it
    ((start, end, kind, name) with kind district/street/community/organization/city)."""

    def __init__(self, text, entities):
        self.text = text
        self.entities = sorted(entities)

    def ending_at(self, end, start_limit=0):
        """(titles, community, organization, units) for the title phrase(s) ending at `end`,
        or None if the words there are not a title."""
        start = self._phrase_start(end, start_limit)
        segments = _split_joined(self.text, start, end)
        titles, community, organization, units = [], "", "", []
        for seg_start, seg_end in reversed(segments):
            parsed = self._segment(seg_start, seg_end)
            if parsed is None:
                if seg_end == end:
                    return None
                break
            title, seg_community, seg_org, seg_units = parsed
            titles.insert(0, title)
            community = community or seg_community
            organization = organization or seg_org
            units = seg_units + units
        return titles, community, organization, units

    def _phrase_start(self, end, start_limit):
        """Where the title phrase ending at `end` starts: at the clause's start, reading
        across a short parenthesis after a unit's name (市商务局（市粮食局）党组书记) and
        across a short quotation inside the phrase (来村里“下沉”的干部) or around the title
        itself (策代大院“院长”)."""
        start = end
        while True:
            while start > start_limit and self.text[start - 1] not in CLAUSE_STOPS:
                start -= 1
            if start <= start_limit:
                return start
            mark = self.text[start - 1]
            if mark == "“" and self.text.startswith("”", end):
                opening, inside, limit = start - 1, self.text[start:end], 6  # a quoted title
            elif mark in _ASIDES:
                openings, limit = _ASIDES[mark]
                opening = max(self.text.rfind(c, start_limit, start - 1) for c in openings)
                inside = self.text[opening + 1 : start - 1]
            else:
                return start
            if (
                opening <= start_limit
                or not 2 <= len(inside) <= limit
                or set(inside) & CLAUSE_STOPS
                or self.text[opening - 1] in CLAUSE_STOPS
            ):
                return start
            start = opening

    def _segment(self, start, end):
        inside = _outermost(e for e in self.entities if start <= e.start and e.end <= end)
        rest_start, community, organization, units = start, "", "", []
        kind_word = ""
        for e_start, e_end, kind, name in inside:
            if e_start < rest_start:
                continue
            if e_start > rest_start:  # 第一批下沉到|西桥社区: words before a place matter too
                units.append(self.text[rest_start:e_start])
            rest_start = e_end
            if kind == "community":
                community, kind_word = name, _kind_word(name)
            elif kind == "organization":
                organization, kind_word = name, ""
                party_unit = _PARTY_UNIT_RE.search(name)
                if party_unit and party_unit.start() > 0:
                    # 冠京隆党支部书记: organisation 冠京隆, title 党支部书记
                    organization, kind_word = name[: party_unit.start()], party_unit.group()
            else:
                units.append(kind)
                kind_word = ""
        rest = self.text[rest_start:end]
        rest = _NOISE_RE.sub("", rest)
        tail = _TITLE_TAIL_RE.search(rest)
        if not tail:
            return None
        title = tail.group()
        cut = _VILLAGE_UNIT_RE.match(title)
        if cut:  # 东坡村党支部书记 of a village we do not know: the title starts at 村
            tail_start = tail.start() + cut.start(1)
            title = title[cut.start(1) :]
        else:
            tail_start = tail.start()
        if tail_start > 0:
            units.append(rest[:tail_start])
        if (
            kind_word
            and tail_start == 0
            and (_UNIT_PREFIXED.match(title) or kind_word.startswith("党"))
        ):
            title = kind_word + title
        return title, community, organization, units


def _kind_word(community):
    """The generic word of a community's name that a title keeps: 社区, 村, 居民区."""
    return next((w for w in ("居民区", "社区", "村") if community.endswith(w)), "")


def _outermost(spans):
    """Of overlapping spans keep the longest: 丰台法院, not its 丰台."""
    result = []
    for span in sorted(spans, key=lambda e: (e.start, -e.end)):
        if result and span.start < result[-1].end:
            continue
        result.append(span)
    return result


def _split_joined(text, start, end):
    """Split a title chunk at 、 and 兼: 社区党总支书记、居委会主任 → two segments."""
    segments, seg_start = [], start
    for i in range(start, end):
        if text[i] in "、" or (text[i] == "兼" and i > seg_start):
            segments.append((seg_start, i))
            seg_start = i + 1
    segments.append((seg_start, end))
    return [(a, b) for a, b in segments if b > a]
