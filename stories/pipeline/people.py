"""People in a story, with their verbatim titles, role category, community and age.

Where a name starts and ends, and whether a word can be a name at all, is decided in
names.py. A candidate name counts as a person only with evidence, from strongest to
weakest:

1. a title right before it: 社区党委书记刘芳, 外科的常玉红, 社区工作者周密、杨晨;
2. a title after it: 亢胜利是…村党总支书记, 朱晓平老师, 李汝河，这位57岁的…所长;
3. a name jieba's dictionary or HMM recognises, in a context only names take
   (…的刘霞再次, 儿子孔德宇, 李振东说) or repeated in the story.

Titles are parsed from the words before the name: the places and organisations found
in the story are split off (美然动力社区 | 党委书记), noise words dropped, and what is left
must end with a head word such as 书记, 科长 or 志愿者.
"""

import re
from dataclasses import dataclass, field

from . import tokenizer
from .names import HONORIFICS, VERY_COMMON, is_common_word, looks_like_name, name_length
from .orgs import kind_of
from .records import PersonMention
from .roles import HEADS, OTHER

_HEAD_RE = re.compile("|".join(HEADS))
_CLAUSE_STOPS = set("，,。；;：:！？!?“”‘’（）()《》【】…—\n\u3000")
_SENTENCE_STOPS = set("，,。；;：:！？!?（）()\n")  # clause stops, quotes excepted
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
    r"(?:副|常务|执行|专职|兼职|首席|一级|二级|三级|四级|下沉|驻村|年轻|军转|老|党员|青年|巾帼"
    r"|退休|退役|原)*"
    rf"(?:{'|'.join(HEADS)})$"
)
_UNIT_PREFIXED = re.compile(
    r"^(?:党(?!员)|副|书记|第|居委会|村委会|干部|工作人员|工作者|主任|委员|网格员|服务站|两委|支部"
    r"|总支)"
)
_KIN_RE = re.compile(
    r"(?:儿子|女儿|妻子|丈夫|爱人|母亲|父亲|老伴|孙女|孙子|女婿|儿媳|哥哥|姐姐|弟弟|妹妹)$"
)
_SPEECH_AFTER_RE = re.compile(
    r"^(?:说|表示|介绍|告诉|坦言|笑着|回忆|感慨|动情|坚定地|深情地|激动地|自豪地)"
)
_ALIAS_SUFFIXES = (
    "书记",
    "主任",
    "队长",
    "所长",
    "站长",
    "老师",
    "医生",
    "大夫",
    "警官",
    "阿姨",
    "叔叔",
    "大姐",
    "大哥",
    "姐",
    "哥",
    "叔",
    "姨",
    "师傅",
    "奶奶",
    "爷爷",
    "伯",
)
# Last characters of words for things and places that jieba's HMM may take for names.
_NOT_NAME_FINAL = set(
    "楼瓜桥路街站场店馆院园厅室区村镇乡市县省港湾岛山河湖城门车船机器台卡证码单表"
)


@dataclass
class _Person:
    name: str
    first: int
    titles: list = field(default_factory=list)
    community: str = ""
    organization: str = ""
    org_kind: str = ""
    units: list = field(default_factory=list)
    age: int | None = None
    aliases: list = field(default_factory=list)
    evidence: float = 0.0
    mentions: list = field(default_factory=list)  # start offsets


def find_people(text, tokens, entities, role_map, *, exclude=(), communities=()):
    """People in `text` (a story, simplified characters) as PersonMentions in order of
    first appearance.

    `entities`: (start, end, kind, name) spans of places and organisations found in the
    text, kind in district/street/community/organization; `exclude`: names that are
    credits, not people; `communities`: the story's community names.
    """
    finder = _Finder(text, tokens, entities, exclude)
    finder.run()
    people = sorted(finder.people.values(), key=lambda p: p.first)
    _attach_aliases(text, people)
    _attach_ages(text, people)
    return [_mention(person, role_map, people, communities) for person in people]


class _Finder:
    def __init__(self, text, tokens, entities, exclude):
        self.text = text
        self.tokens = tokens
        self.entities = sorted(entities)
        self.exclude = set(exclude)
        self.people = {}
        self.occupied = {}  # character offset → the name found there
        self.boundaries = {edge for _, start, end in tokens for edge in (start, end)}

    def run(self):
        for match in _HEAD_RE.finditer(self.text):
            self._after_title(match.start(), match.end())
        for honorific in HONORIFICS:
            for match in re.finditer(honorific, self.text):
                self._before_honorific(match.start(), honorific)
        self._name_then_title()
        self._recognised_names()
        self._became()
        self._sent_down()

    def _name_length(self, position):
        return name_length(self.text, position, self.boundaries)

    # --- 1. a title before the name ------------------------------------------------------

    def _after_title(self, head_start, head_end):
        position = head_end
        if self.text.startswith("的", position):
            position += 1
        length = self._name_length(position)
        if not length:
            return
        title_info = self._title_ending_at(head_end)
        if title_info is None:
            return
        names = [(position, length)]
        names += self._enumerated(position + length)
        for start, size in names:
            self._add(start, size, title_info, evidence=0.95)

    def _enumerated(self, position):
        """社区工作者周密、杨晨: names listed after the first share its title."""
        found = []
        while position < len(self.text) and self.text[position] in "、和与及":
            length = self._name_length(position + 1)
            if not length or self._starts_title(position + 1 + length):
                if length and self._starts_title(position + 1 + length):
                    found.append((position + 1, length))
                break
            found.append((position + 1, length))
            position += 1 + length
        return found

    def _starts_title(self, position):
        return bool(_HEAD_RE.match(self.text, position))

    # --- 2. a title after the name ---------------------------------------------------------

    def _before_honorific(self, start, honorific):
        for size in (3, 2):
            begin = start - size
            if begin >= 0 and self._name_length(begin) == size and self._free(begin):
                before = self.text[begin - 1] if begin else "，"
                given = self.text[begin + 1 : start]
                if (
                    (size == 3 and tokenizer.frequency(given) < VERY_COMMON)
                    or before in _CLAUSE_STOPS
                    or before in "的、和与"
                    or self._entity_ends_at(begin)
                ):
                    title = "" if honorific == "同志" else honorific
                    self._add(begin, size, ([title] if title else [], "", "", []), evidence=0.85)
                    return
        return

    def _name_then_title(self):
        """亢胜利是…村党总支书记; 刘国峰，他是…工作人员; 李汝河，这位57岁的…所长."""
        for match in _NAME_THEN_TITLE_RE.finditer(self.text):
            known = [n for n in self.people if self.text.endswith(n, 0, match.start())]
            if known:  # 退休教师陈国强是巡逻队队长: a person found already, by any title
                name_start = match.start() - len(max(known, key=len))
            else:
                name_start = self._name_ending_at(match.start(), strong=bool(match["pronoun"]))
            if name_start is None:
                continue
            name = self.text[name_start : match.start()]
            if (
                name not in self.people
                and name_start is not None
                and (not match["pronoun"] and len(name) == 2 and not looks_like_name(name))
            ):
                continue  # 但正是…: a two-character "name" before 是 needs more evidence
            clause_end = match.end()
            while clause_end < len(self.text) and self.text[clause_end] not in _SENTENCE_STOPS:
                clause_end += 1
            for head in reversed(list(_HEAD_RE.finditer(self.text, match.end(), clause_end))):
                title_info = self._title_ending_at(head.end(), start_limit=match.end())
                if title_info is not None:
                    self._add(name_start, match.start() - name_start, title_info, evidence=0.9)
                    break

    def _name_ending_at(self, end, strong=False):
        """The start of a name ending at `end`. Unless `strong` context vouches for it (a
        pronoun after it), the name must start a clause or follow 的/、/an age."""
        for size in (3, 2, 4):
            begin = end - size
            if begin < 0 or self._name_length(begin) != size:
                continue
            before = self.text[begin - 1] if begin else "，"
            if (
                strong
                or before in _CLAUSE_STOPS
                or before in "的、"
                or _AGE_BEFORE_RE.search(self.text[max(0, begin - 8) : begin])
            ):
                return begin
        return None

    def _became(self):
        """陆露来到…社区，成了一名下沉干部: a title the sentence gives its subject later."""
        for match in _BECAME_RE.finditer(self.text):
            sentence_start = max(self.text.rfind(c, 0, match.start()) for c in "。！？!?\n") + 1
            subjects = [
                p
                for p in self.people.values()
                if any(sentence_start <= m < match.start() for m in p.mentions)
            ]
            head = _HEAD_RE.search(self.text, match.end(), match.end() + 12)
            if len(subjects) != 1 or head is None:
                continue
            title_info = self._title_ending_at(head.end(), start_limit=match.end())
            if title_info is not None:
                person = subjects[0]
                start = next(m for m in person.mentions if m >= sentence_start)
                self._add(start, len(person.name), title_info, evidence=0.9)

    def _sent_down(self):
        """赵志军下沉到荣华社区: a person the story sends down is a sent-down cadre."""
        for person in self.people.values():
            for start in _occurrences(self.text, person.name):
                after = self.text[start + len(person.name) : start + len(person.name) + 8]
                if _SENT_DOWN_RE.match(after):
                    person.units.append("下沉")
                    break

    # --- 3. recognised names in name-only contexts -----------------------------------------

    def _recognised_names(self):
        for name in list(self.people):  # every later mention of a known name is taken
            for index in _occurrences(self.text, name):
                for i in range(index, index + len(name)):
                    self.occupied.setdefault(i, name)
        counts = {}
        for word, start, _ in self.tokens:
            if 2 <= len(word) <= 3 and looks_like_name(word):
                counts.setdefault(word, []).append(start)
        for word, starts in counts.items():
            if word in self.people or self._name_length(starts[0]) != len(word):
                continue
            if word[-1] in _NOT_NAME_FINAL or any(self.text[s - 1 : s] in '“"《' for s in starts):
                continue  # 单元楼, 哈密瓜, “连心桥”: things, not people
            if any(self._name_context(start, len(word)) for start in starts):
                for start in starts:
                    self._add(start, len(word), ([], "", "", []), evidence=0.7)

    def _name_context(self, start, size):
        before = self.text[max(0, start - 4) : start]
        after = self.text[start + size : start + size + 4]
        return bool(
            _KIN_RE.search(before)
            or (before.endswith("的") and not before.endswith("们的"))
            or _SPEECH_AFTER_RE.match(after)
        )

    # --- titles --------------------------------------------------------------------------------

    def _title_ending_at(self, end, start_limit=0):
        """(titles, community, organization, units) for the title phrase(s) ending at `end`,
        or None if the words there are not a title."""
        start = end
        while start > start_limit and self.text[start - 1] not in _CLAUSE_STOPS:
            start -= 1
        segments = _split_joined(self.text, start, end)
        titles, community, organization, units = [], "", "", []
        for seg_start, seg_end in reversed(segments):
            parsed = self._parse_segment(seg_start, seg_end)
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

    def _parse_segment(self, start, end):
        inside = _outermost(e for e in self.entities if start <= e[0] and e[1] <= end)
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
        if tail.start() > 0:
            units.append(rest[: tail.start()])
        if (
            kind_word
            and tail.start() == 0
            and (_UNIT_PREFIXED.match(title) or kind_word.startswith("党"))
        ):
            title = kind_word + title
        return title, community, organization, units

    # --- bookkeeping ---------------------------------------------------------------------------

    def _add(self, start, size, title_info, evidence):
        name = self.text[start : start + size]
        if (
            name in self.exclude
            or not self._free(start, size)
            or is_common_word(self.text, start, size)
        ):
            return
        if any(self.occupied.get(i, name) != name for i in range(start, start + size)):
            return  # 李佳 inside 白李佳, 任胡浩 over 胡浩
        for i in range(start, start + size):
            self.occupied[i] = name
        titles, community, organization, units = title_info
        person = self.people.get(name)
        if person is None:
            person = self.people[name] = _Person(name, start)
        person.first = min(person.first, start)
        if start not in person.mentions:
            person.mentions.append(start)
        for title in titles:
            if title and title not in person.titles:
                person.titles.append(title)
        person.community = person.community or community
        if organization and not person.organization:
            person.organization = organization
            person.org_kind = kind_of(organization)
        person.units.extend(units)
        person.evidence = max(person.evidence, evidence)

    def _free(self, start, size=2):
        """Not inside a place or organisation name (许昌 is a city, not a person)."""
        return not any(e[0] < start + size and start < e[1] for e in self.entities)

    def _entity_ends_at(self, position):
        return any(e[1] == position for e in self.entities)


_SENT_DOWN_RE = re.compile(r"(?:被|已|主动)?(?:选派|派驻|派|报名)?(?:下沉|下派)")
_BECAME_RE = re.compile(r"(?:成为|成了|当上了?|当起了?)(?:一名|一位|了)?")
_NAME_THEN_TITLE_RE = re.compile(
    r"(?P<pronoun>[，,]\s*(?:他|她)(?:是|系|任|担任|现任)|[，,]\s*这位)|(?:是|系|担任|现任|作为)"
)
_AGE_BEFORE_RE = re.compile(r"[\d一二三四五六七八九十]+岁的$")
_PARTY_UNIT_RE = re.compile(r"(?:党委|党总支|党支部|党组|党工委)$")


def _kind_word(community):
    """The generic word of a community's name that a title keeps: 社区, 村, 居民区."""
    return next((w for w in ("居民区", "社区", "村") if community.endswith(w)), "")


def _outermost(spans):
    """Of overlapping spans keep the longest: 丰台法院, not its 丰台."""
    result = []
    for span in sorted(spans, key=lambda e: (e[0], -e[1])):
        if result and span[0] < result[-1][1]:
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


# --- aliases and ages -------------------------------------------------------------------------


def _attach_aliases(text, people):
    _find_aliases(text, people)
    for person in people:  # 马叔 is only the start of 马叔叔
        person.aliases = [
            a for a in person.aliases if not any(a != b and a in b for b in person.aliases)
        ]


def _find_aliases(text, people):
    by_surname = {}
    for person in people:
        by_surname.setdefault(person.name[0], []).append(person)
    for surname, owners in by_surname.items():
        if len(owners) != 1:
            continue  # 王书记 is ambiguous when the story has two Wangs
        person = owners[0]
        forms = [surname + suffix for suffix in _ALIAS_SUFFIXES] + ["小" + surname, "老" + surname]
        for form in forms:
            index = text.find(form)
            while index >= 0:
                after = text[index + len(form) : index + len(form) + 1]
                if not text.startswith(person.name, index) and not _given_char_after(form, after):
                    if form not in person.aliases:
                        person.aliases.append(form)
                    break
                index = text.find(form, index + 1)


def _given_char_after(form, after):
    # 小顾 followed by 办 is the alias; 小李子 or 老张家 are other words.
    return form[0] in "小老" and after in set("子家")


def _attach_ages(text, people):
    for person in people:
        person.mentions = _occurrences(text, person.name)
    for person in people:
        for start in person.mentions:
            window = text[max(0, start - 14) : start]
            match = re.search(r"([\d一二三四五六七八九十]{1,3})岁的[^，。,]{0,12}$", window)
            after = text[start + len(person.name) : start + len(person.name) + 14]
            later = re.match(
                r"(?:[，,]?(?:今年|已经|已)?)([\d一二三四五六七八九十]{1,3})岁", after
            ) or re.match(r"[，,]\s*这位([\d一二三四五六七八九十]{1,3})岁", after)
            found = match or later
            if found:
                person.age = _number(found.group(1))
                break
    for match in re.finditer(r"([\d一二三四五六七八九十]{1,3})岁的(?:他|她)", text):
        earlier = [p for p in people for m in p.mentions if m < match.start()]
        if earlier:
            nearest = max(earlier, key=lambda p: max(m for m in p.mentions if m < match.start()))
            nearest.age = nearest.age or _number(match.group(1))


def _occurrences(text, name):
    found, index = [], text.find(name)
    while index >= 0:
        found.append(index)
        index = text.find(name, index + len(name))
    return found


def _number(text):
    if text.isdigit():
        value = int(text)
    else:
        digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
        if "十" in text:
            tens, _, ones = text.partition("十")
            value = (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)
        else:
            value = digits.get(text, 0)
    return value if 0 < value <= 120 else None


# --- the record -------------------------------------------------------------------------------


def _mention(person, role_map, people, communities):
    category = role_map.categorise(
        person.titles,
        org_kind=person.org_kind,
        unit_context=" ".join(person.units),
    )
    if category == OTHER and not person.titles:
        category = _INHERITED.get(_dominant_category(people, role_map, person), OTHER)
    community = person.community
    if not community and len(communities) == 1 and category in {"社区书记", "社区工作者", "村干部"}:
        community = communities[0]
    confidence = (
        person.evidence if person.titles or person.evidence >= 0.9 else person.evidence - 0.1
    )
    return PersonMention(
        name=person.name,
        title=person.titles[0] if person.titles else "",
        titles=tuple(person.titles),
        role_category=category,
        community=community,
        organization=person.organization,
        age=person.age,
        aliases=tuple(person.aliases),
        confidence=round(confidence, 2),
    )


# What an untitled person inherits from the story's dominant category: one community has
# one secretary, so the others around them are its workers.
_INHERITED = {
    "社区书记": "社区工作者",
    "社区工作者": "社区工作者",
    "村干部": "村干部",
    "下沉干部": "下沉干部",
    "机关干部": "机关干部",
    "志愿者": "志愿者",
    "党员": "党员",
    "医护人员": "医护人员",
    "民警": "民警",
    "教师": "教师",
}


def _dominant_category(people, role_map, exclude):
    """An untitled person in a story about one kind of worker is most likely one too."""
    counts = {}
    for person in people:
        if person is exclude or not person.titles:
            continue
        category = role_map.categorise(person.titles, org_kind=person.org_kind)
        if category != OTHER:
            counts[category] = counts.get(category, 0) + 1
    return max(counts, key=counts.get) if counts else ""
