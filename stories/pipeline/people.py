"""People in a story, with their verbatim titles, role category, community and age.

Where a name starts and ends, and whether a word can be a name at all, is decided in
names.py. A candidate name counts as a person only with evidence, from strongest to
weakest:

1. a title right before it: 社区党委书记刘芳, 外科的常玉红, 社区工作者周密、杨晨;
2. a title after it: 亢胜利是…村党总支书记, 朱晓平老师, 李汝河，这位57岁的…所长;
3. a name jieba's dictionary or HMM recognises, in a context only names take
   (…的刘霞再次, 儿子孔德宇, 李振东说) or repeated in the story.

Titles are read by titles.py, aliases and ages by details.py.
"""

import re
from dataclasses import dataclass, field, replace

from . import tokenizer
from .details import attach_ages, attach_aliases, occurrences
from .dictionaries import is_surname, word_list
from .names import (
    HONORIFICS,
    POST_NAME_TITLES,
    UNTITLED_HONORIFICS,
    VERY_COMMON,
    dotted_name_ending_at,
    is_common_word,
    looks_like_name,
    name_length,
    tibetan_name_length,
    tibetan_names,
)
from .orgs import kind_of, unit_kind
from .records import PersonMention
from .roles import (
    COMMUNITY_SECRETARY,
    COMMUNITY_WORKER,
    GOVERNMENT_OFFICIAL,
    GRADE_RE,
    HEADS,
    MEDICAL_WORKER,
    OTHER,
    PARTY_MEMBER,
    POLICE,
    PROPERTY_COMPANY_STAFF,
    SENT_DOWN_CADRE,
    TEACHER,
    VILLAGE_CADRE,
    VOLUNTEER,
)
from .text import CLAUSE_STOPS, SENTENCE_STOPS
from .titles import TitleReader

_HEAD_RE = re.compile("|".join(HEADS))
# Every head at every position: heads overlap (村医 and 医生 in 乡村医生, 职工 and 工作者 in
# 专职工作者), and a plain search would let the first hide the one that ends the title.
_ANY_HEAD_RE = re.compile(f"(?=({'|'.join(HEADS)}))")


def _head_ends(text, start=0, end=None):
    """Where the heads in text[start:end] end, last first."""
    found = _ANY_HEAD_RE.finditer(text, start, len(text) if end is None else end)
    return sorted({m.start() + len(m.group(1)) for m in found}, reverse=True)


_KIN = "儿子|女儿|妻子|丈夫|爱人|母亲|父亲|老伴|孙女|孙子|女婿|儿媳|哥哥|姐姐|弟弟|妹妹"
_KIN_RE = re.compile(f"(?:{_KIN})$")
_HISTORICAL_BEFORE_RE = re.compile(
    r"(?:[唐宋元明清汉晋秦隋]代|[唐宋元明清汉晋秦隋]朝|古代|古人|先秦|春秋|战国|[古诗词]人)的?$"
)
_GROUP_AFTER_NAME_RE = re.compile(r"等(?:[\d一二三四五六七八九十百]+余?|多|数)(?:名|位|个)")
# Verbs whose object is often a person: 总能看到桂勇赦的身影, 发现龙小军再回家.
_SEEING_RE = re.compile(r"(?:看到|看见|发现|遇到|碰到|找到|通知|联系|陪同)了?$")
# 他叫汪和民, 名叫柯碧方: the name someone is called by.
_CALLED_RE = re.compile(r"(?:[他她]叫|名叫|叫做)$")
# 工作人员连帅和同事成娅芳: a colleague named beside someone is a person too.
_COLLEAGUE_RE = re.compile(r"(?:同事|战友|搭档|队友|朋友|好友)$")
_COLLEAGUES_AFTER_RE = re.compile(
    r"等?(?:[几数\d一二三四五六七八九十两]+(?:名|位|个))?(?:同事|战友|搭档|队友)"
)
_KIN_WORD_RE = re.compile(f"(?<=的)(?:{_KIN})")
_SPEECH_RE = re.compile(r"(?:说|表示|介绍|告诉记者|要求|坦言)[，,：:]?")
_SPEECH_AFTER_RE = re.compile(
    r"^(?:说|表示|介绍|告诉|坦言|笑着|回忆|感慨|动情|坚定地|深情地|激动地|自豪地)"
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
    joined_team: bool = False  # 参与到疫情防控志愿服务队中: one of a volunteer team

    @property
    def telling_titles(self):
        """The titles that decide the category: a team's member is also its volunteer."""
        return [*self.titles, "志愿者"] if self.joined_team else self.titles


def _is_new_two_character_name(word):
    """杨洪: a word jieba's HMM made up of a surname and a given character that is no verb
    (not 封控)."""
    return len(word) == 2 and tokenizer.frequency(word) == 0 and tokenizer.tag(word[1]) != "v"


def _short_name(place):
    """万柏林 of 万柏林区, 长风 of 长风街道, 张固 of 张固村: a place's name without its suffix."""
    return re.sub(r"(?:街道|地区|社区|居民区|[区县市旗镇乡村])$", "", place)


def is_mentioned_only(person):
    """A national leader quoted (习近平总书记) or an expert cited (钟南山院士): someone the
    story mentions, not one of its neighbourhood's people."""
    return any(title.endswith(tuple(word_list("mentioned_only_titles"))) for title in person.titles)


def _is_historical(text, person):
    """唐代诗人孟郊: a figure of history or literature is no person of the story at all."""
    return any(
        _HISTORICAL_BEFORE_RE.search(text[max(0, start - 6) : start]) for start in person.mentions
    )


def find_people(text, tokens, entities, role_map, *, exclude=(), communities=(), header=""):
    """People in `text` (a story, simplified characters) as PersonMentions in order of
    first appearance.

    `entities`: Span records of places and organisations found in the text;
    `exclude`: names that are credits, not people; `communities`: the story's community
    names; `header`: its headline, kicker and subtitle.
    """
    finder = _Finder(text, tokens, entities, exclude)
    finder.run()
    people = sorted(
        (p for p in finder.people.values() if not _is_historical(text, p)), key=lambda p: p.first
    )
    attach_aliases(text, people)
    attach_ages(text, people)
    mentions = _with_colleagues(
        text, people, [_mention(person, role_map, people, communities) for person in people]
    )
    topic = _story_topic(text, header)
    if topic:
        # 陶诗儒、郭婷婷等同志主动报名: in a story about cadres sent down (or about
        # volunteers), the people it names without a post are most likely some of them.
        mentions = [
            replace(m, role_category=topic)
            if m.role_category == OTHER and not m.titles and not m.organization
            else m
            for m in mentions
        ]
    if "下沉" in header:
        # 300名机关党员干部下沉三茅街道: in a story about cadres sent down, its officials are
        # the cadres it sent down.
        mentions = [
            replace(m, role_category=SENT_DOWN_CADRE)
            if m.role_category == GOVERNMENT_OFFICIAL
            else m
            for m in mentions
        ]
    return mentions


def _story_topic(text, header):
    """The category a story is about, when its headline or its words make it plain."""
    sent_down = text.count("下沉")  # 组成下沉社区小分队，迅速集结、火速报到
    if "下沉" in header or (sent_down and sent_down + text.count("报到") >= _SENT_DOWN_MENTIONS):
        return SENT_DOWN_CADRE
    if "志愿" in header or text.count("志愿者") >= _VOLUNTEER_MENTIONS:
        return VOLUNTEER
    return ""


# How often a story's words say 下沉 (or 报到 with it), or 志愿者, to be about them.
_SENT_DOWN_MENTIONS = 2
_VOLUNTEER_MENTIONS = 3


def _with_colleagues(text, people, mentions):
    """连帅和同事成娅芳: an untitled colleague named right after someone works where they
    do, in their category."""
    by_name = {m.name: m for m in mentions}
    ends = {start + len(p.name): p.name for p in people for start in p.mentions}
    result = []
    for person, mention in zip(people, mentions, strict=True):
        if not person.titles:
            for start in person.mentions:
                found = _COLLEAGUE_RE.search(text, 0, start)
                if found is None:
                    continue
                before = found.start() - (text[found.start() - 1 : found.start()] in "和与及、")
                other = by_name.get(ends.get(before, ""))
                if other is not None and other.name != person.name:
                    mention = replace(
                        mention,
                        # 书记 and her colleague: one community has one secretary
                        role_category=_INHERITED.get(other.role_category, other.role_category),
                        organization=mention.organization or other.organization,
                        community=mention.community or other.community,
                    )
                    break
        result.append(mention)
    return result


class _Finder:
    def __init__(self, text, tokens, entities, exclude):
        self.text = text
        self.tokens = tokens
        self.entities = sorted(entities)
        self.titles = TitleReader(text, entities)
        self.exclude = set(exclude)
        self.place_names = {
            _short_name(e.name) for e in entities if e.kind in {"district", "street", "community"}
        }
        self.people = {}
        self.occupied = {}  # character offset → the name found there
        self.boundaries = {edge for _, start, end in tokens for edge in (start, end)}

    def run(self):
        for match in _ANY_HEAD_RE.finditer(self.text):
            self._after_title(match.start(), match.start() + len(match.group(1)))
        for honorific in (*HONORIFICS, *POST_NAME_TITLES):
            for match in re.finditer(honorific, self.text):
                self._before_honorific(match.start(), honorific)
        self._name_then_title()
        self._subject_of_a_leading_title()
        self._profiles()
        self._name_lists()
        self._named_before_a_group()
        self._after_an_organization()
        self._kin_and_speakers()
        self._aged_names()
        self._recognised_names()
        self._became()
        self._school_grades()
        self._this_person()
        self._sent_down()
        self._joined_teams()
        self._team_members()
        self._community_of_the_sentence()
        self._organization_of_the_sentence()
        self._come_from_an_office()

    def _name_length(self, position):
        return name_length(self.text, position, self.boundaries)

    # --- 1. a title before the name ------------------------------------------------------

    def _after_title(self, head_start, head_end):
        if self._inside_a_word(head_start, head_end):
            return  # 确|保安|全距离: 保安 across 确保 and 安全 is no title
        position = head_end
        honour = _HONOUR_AFTER_TITLE_RE.match(self.text, position)
        if honour:
            position = honour.end()  # 街道党工委书记、“最美南部人”张伦
        if self.text.startswith("”", position):
            position += 1  # 大院“院长”尼玛央宗
        if self.text.startswith(("的", " "), position):
            position += 1  # 外科的常玉红; a TV caption's 新港社区志愿者 崔汉青
        length = self._name_length(position)
        if not length:
            return
        title_info = self.titles.ending_at(head_end)
        if title_info is None:
            return
        name = self.text[position : position + length]
        if position > head_end and tokenizer.frequency(name) and not looks_like_name(name):
            return  # 党员的初心: after 的 a dictionary word is no name
        if length == 2 and name[-1] in _NOT_NAME_FINAL:
            return  # 村民封村的事: a verb and its place, not a two-character name
        if length == 2 and self.text.startswith("而", position + length):
            return  # 党员干部闻令而动: the first half of an idiom, not a name
        names = [(position, length)]
        names += self._enumerated(position + length)
        after = names[-1][0] + names[-1][1]
        colleagues = len(names) > 1 and _COLLEAGUES_AFTER_RE.match(self.text, after)
        for i, (start, size) in enumerate(names):
            # 副书记闫丽丽和韩旭、刘向明等几名同事: the title is the first one's alone
            info = ([], "", "", []) if colleagues and i else title_info
            self._add(start, size, info, evidence=0.95 if info is title_info else 0.8)

    def _inside_a_word(self, start, end):
        """Whether text[start:end] begins inside one dictionary word and ends inside
        another (确保|安全): letters of two words, not a word of its own. Words jieba's HMM
        made up (村村|医刘德明) prove nothing."""
        if start in self.boundaries or end in self.boundaries:
            return False
        words = [w for w, s, e in self.tokens if s < start < e or s < end < e]
        return len(words) == 2 and all(tokenizer.frequency(w) for w in words)

    def _enumerated(self, position):
        """社区工作者周密、杨晨: names listed after the first share its title."""
        found = []
        while position < len(self.text) and self.text[position] in "、和与及":
            if tokenizer.frequency(self.text[position : position + 2]) >= 30:
                break  # 邓娇及时做出: 及时 is a word, no "and"
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
        """朱晓平老师, 张书坤老人, 韶九社区张可主任: a form of address or a post after the
        name. A post counts only right after a clause stop or a unit's name, whose name
        the person takes."""
        is_post = honorific in POST_NAME_TITLES
        # 一位独居老人: before 老人 a given name must not be a word of its own.
        rare_given = 30 if honorific == "老人" else VERY_COMMON
        for size in (3, 2, 4):
            begin = start - size
            if begin < 0 or self._name_length(begin) != size or not self._free(begin):
                continue
            before = self.text[begin - 1] if begin else "，"
            given = self.text[begin + 1 : start]
            unit = self._entity_ending_at(begin)
            if is_post and not (unit or before in CLAUSE_STOPS):
                continue
            if (
                (size == 3 and tokenizer.frequency(given) < rare_given and not is_post)
                or before in CLAUSE_STOPS
                or before in "的、和与"
                or unit
            ):
                title = "" if honorific in UNTITLED_HONORIFICS else honorific
                community = unit.name if unit and unit.kind == "community" else ""
                organization = unit.name if unit and unit.kind == "organization" else ""
                info = ([title] if title else [], community, organization, [])
                self._add(begin, size, info, evidence=0.85)
                return
        return

    def _named_before_a_group(self):
        """蔡长淦等10余名党员: the named member of a group takes the group's title."""
        for match in _GROUP_AFTER_NAME_RE.finditer(self.text):
            head = _HEAD_RE.match(self.text, match.end())
            if head is None:
                continue
            info = self.titles.ending_at(head.end(), start_limit=match.end())
            for size in (3, 2):
                begin = match.start() - size
                if begin >= 0 and self._name_length(begin) == size:
                    if info is not None:
                        self._add(begin, size, info, evidence=0.85)
                    break

    def _after_an_organization(self):
        """市纪委李文仁的两名干部: a name written right after an organisation is one of its
        people, when the name is one jieba does not know as a word."""
        for e in self.entities:
            if e.kind != "organization" or self._starts_title(e.end):
                continue
            size = self._name_length(e.end)
            name = self.text[e.end : e.end + size]
            after = self.text[e.end + size : e.end + size + 1]
            if size == 3 and tokenizer.frequency(name) == 0 and after in _AFTER_A_MEMBER:
                self._add(e.end, size, ([], "", e.name, []), evidence=0.8)

    def _kin_and_speakers(self):
        """王爱珍的丈夫秦拥军, 返乡后,余世春说: a name after a kinship word, or a name that
        opens a clause and speaks, even where jieba cut it apart (秦|拥军)."""
        for match in _KIN_WORD_RE.finditer(self.text):
            size = self._name_length(match.end())
            if size >= 3 and self._free(match.end(), size):
                self._add(match.end(), size, ([], "", "", []), evidence=0.75)
        for match in _SPEECH_RE.finditer(self.text):
            begin = dotted_name_ending_at(self.text, match.start(), self.boundaries)
            if begin is not None and self._opens_clause(begin):
                self._add(begin, match.start() - begin, ([], "", "", []), evidence=0.75)
                continue
            for size in (3, 4):
                begin = match.start() - size
                if begin >= 0 and self._opens_clause(begin) and self._name_length(begin) == size:
                    self._add(begin, size, ([], "", "", []), evidence=0.75)
                    break

    def _name_lists(self):
        """他们是曹红涛、王海洋、彭澳、游鑫: three or more names in a row, with nothing but 、
        (or, in a longer list, commas) between them, are people even without a title."""
        for match in _LIST_RE.finditer(self.text):
            words = re.split("[、，,]", match.group())
            if len(words[-1]) > 3 and words[-1][-4] in "和与及":  # …、石彦民和闫亚波
                words[-1:] = [words[-1][:-4], words[-1][-3:]]
            elif len(words[-1]) > 2 and words[-1][-3] in "和与及":
                words[-1:] = [words[-1][:-3], words[-1][-2:]]
            items, names, position = [], 0, match.start()
            for item in words:
                if is_common_word(self.text, position, len(item)):
                    break
                # 石彦|民和闫亚波: inside a list jieba may cut a name across its 和
                names += self._name_length(position) == len(item) or looks_like_name(item)
                items.append((position, len(item)))
                position += len(item) + 1
            # Every item reads as a name, or all but one whose surname our list lacks (智建榕).
            if len(items) == len(words) and names >= max(min(3, len(items)), len(items) - 1):
                info = self._title_after_list(match.end()) or self._title_of_group(match.start())
                for start, size in items:
                    self._add(start, size, info, evidence=0.8)

    def _title_after_list(self, list_end):
        """曹洪泽、张炳柱、赵守泉三人都是村里的负责人: the title the list's sentence gives all."""
        verb = _LIST_TITLE_RE.match(self.text, list_end)
        if verb is None:
            return None
        return self._last_title(verb.end(), self._end_at(verb.end(), SENTENCE_STOPS), verb.end())

    def _last_title(self, start, end, start_limit=0):
        """The title info of the last title phrase in text[start:end], or None."""
        for head_end in _head_ends(self.text, start, end):
            info = self.titles.ending_at(head_end, start_limit=start_limit)
            if info is not None:
                return info
        return None

    def _title_of_group(self, list_start):
        """…的志愿者自愿前来报名，他们是A、B、C: a list after 他们是 names the people its
        sentence just called by a title; otherwise the list has no title."""
        if self.text.endswith("有", 0, list_start):
            head = _HEAD_RE.search(self.text, max(0, list_start - 8), list_start - 1)
            if head is not None and head.end() == list_start - 1:  # 志愿者有A、B、C
                return self.titles.ending_at(head.end()) or ([], "", "", [])
        sentence_start = self._sentence_start(list_start)
        if _SENT_DOWN_GROUP_RE.search(self.text, sentence_start, list_start):
            return [], "", "", ["下沉"]  # 第一批进入社区的人员有：A、B、C
        if not self.text.endswith(("他们是", "她们是", "分别是", "包括"), 0, list_start):
            return [], "", "", []
        return self._last_title(sentence_start, list_start) or ([], "", "", [])

    def _name_then_title(self):
        """亢胜利是…村党总支书记; 刘国峰，他是…工作人员; 李汝河，这位57岁的…所长."""
        for match in _NAME_THEN_TITLE_RE.finditer(self.text):
            known = [n for n in self.people if self.text.endswith(n, 0, match.start())]
            if known:  # 退休教师陈国强是巡逻队队长: a person found already, by any title
                name_start = match.start() - len(max(known, key=len))
            else:
                strong = bool(match["pronoun"] or match["like"])  # 他是…; 像…一样的
                name_start = self._name_ending_at(match.start(), strong=strong)
            if name_start is None:
                continue
            name = self.text[name_start : match.start()]
            if match["like"] and not self.text.endswith("像", 0, name_start):
                continue
            if (
                name not in self.people
                and name_start is not None
                and (not match["pronoun"] and len(name) == 2 and not looks_like_name(name))
            ):
                continue  # 但正是…: a two-character "name" before 是 needs more evidence
            clause_end = self._end_at(match.end(), SENTENCE_STOPS)
            for head_end in _head_ends(self.text, match.end(), clause_end):
                title_info = self.titles.ending_at(head_end, start_limit=match.end())
                other = self._name_length(head_end)
                if title_info and other and self.text.startswith("的", head_end + other):
                    break  # 李清南是社区工作人员林永茹的丈夫: the title is the other person's
                if title_info is not None:
                    self._add(name_start, match.start() - name_start, title_info, evidence=0.9)
                    for begin, size in self._names_joined_before(name_start):
                        self._add(begin, size, title_info, evidence=0.85)
                    break

    def _names_joined_before(self, start):
        """欧阳晓晴和司马春燕是…志愿者: the names joined to the subject before it, back to
        the clause's start."""
        found = []
        while start > 0 and self.text[start - 1] in "、和与及":
            sizes = [
                size
                for size in (3, 2, 4)
                if start - 1 - size >= 0
                and self._name_length(start - 1 - size) == size
                and (
                    self._opens_clause(start - 1 - size)
                    or self.text[start - 2 - size : start - 1 - size] in tuple("、和与及")
                )
            ]
            if not sizes:
                return []
            start -= 1 + sizes[0]
            found.append((start, sizes[0]))
        return found if self._opens_clause(start) else []

    def _subject_of_a_leading_title(self):
        """作为一名有着20年党龄的老党员，钱玉兰主动报名: the title of a leading 作为 clause
        is the subject's that opens the next one."""
        for match in _AS_TITLE_RE.finditer(self.text):
            comma = self._end_at(match.end(), SENTENCE_STOPS)
            if self.text[comma : comma + 1] not in ("，", ","):
                continue
            info = self.titles.ending_at(comma, start_limit=match.end())
            start = comma + 1
            adverbial = _ADVERBIAL_CLAUSE_RE.match(self.text, start)
            if adverbial and not self._name_length(start):
                start = adverbial.end()  # 作为…第一书记，在接到通知后，杨洪…
            size = self._name_length(start)
            if info is not None and size and not self._starts_title(start):
                self._add(start, size, info, evidence=0.85)

    def _profiles(self):
        """赵建国，男，1975年出生，中共党员，现任花园社区党支部书记: a profile's name, with the
        post its sentence says the person holds."""
        for match in _PROFILE_RE.finditer(self.text):
            begin = self._name_ending_at(match.start())
            if begin is None:
                continue
            sentence_end = self._end_at(match.end())
            info = ([], "", "", [])
            for post in _POST_HELD_RE.finditer(self.text, match.end() - 1, sentence_end):
                for head_end in _head_ends(self.text, post.end(), sentence_end):
                    found = self.titles.ending_at(head_end, start_limit=post.end())
                    ends_clause = head_end == sentence_end or self.text[head_end] in SENTENCE_STOPS
                    if found is not None and ends_clause:
                        info = found
                        break
            self._add(begin, match.start() - begin, info, evidence=0.85)

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
                or before in CLAUSE_STOPS
                or before in "的、"
                or (before in "和与及" and self._names_joined_before(begin))
                or _KIN_RE.search(self.text[max(0, begin - 3) : begin])
                or _AGE_BEFORE_RE.search(self.text[max(0, begin - 8) : begin])
            ):
                return begin
        return None

    def _became(self):
        """陆露来到…社区，成了一名下沉干部: a title the sentence gives its subject later."""
        for match in _BECAME_RE.finditer(self.text):
            subject = self._sole_subject_before(match.start())
            head = _HEAD_RE.search(self.text, match.end(), match.end() + 12)
            if subject is None or head is None:
                continue
            title_info = self.titles.ending_at(head.end(), start_limit=match.end())
            if title_info is not None:
                self._add(*subject, title_info, evidence=0.9)

    def _this_person(self):
        """…43岁的李志刚和妻子… 这位井子村党支部书记兼村委会主任告诉记者: a title after
        这位 with no name of its own is the title of the person named last before it."""
        for match in re.finditer("这位", self.text):
            clause_end = self._end_at(match.end(), SENTENCE_STOPS)
            for head_end in sorted(_head_ends(self.text, match.end(), clause_end)):
                title_info = self.titles.ending_at(head_end, start_limit=match.end())
                if title_info is None or self.text[head_end : head_end + 1] in ("兼", "、"):
                    continue  # the title goes on: 党支部书记兼村委会主任
                reach = max(0, match.start() - _THIS_PERSON_REACH)
                last = max(self._mentions(reach, match.start()), default=None)
                if last is not None and not self._name_length(head_end):
                    self._add(last[0], len(last[1]), title_info, evidence=0.85)
                break

    def _mentions(self, begin, end):
        """(start, name) of every mention of a person found so far inside text[begin:end]."""
        return [
            (start, name)
            for name in self.people
            for start in occurrences(self.text, name)
            if begin <= start and start + len(name) <= end
        ]

    def _sole_subject_before(self, position):
        """(start, size) of the one person the sentence names before `position`, or None
        when it names nobody or several."""
        mentions = sorted(self._mentions(self._sentence_start(position), position))
        if len({name for _, name in mentions}) != 1:
            return None
        start, name = mentions[0]
        return start, len(name)

    def _school_grades(self):
        """在二十中学读高二的闻海彤, 蒋鹭奕…在职业技术学院读大二: a pupil or student by the
        grade the sentence says they are in, before the name or later in the sentence."""
        for match in GRADE_RE.finditer(self.text):
            clause = self.text[self._clause_start(match.start()) : match.start()]
            if _PAST_RE.search(clause):
                continue  # 当时还在读大学的叶振坤: a grade of years ago
            title_info = ([match.group()], "", "", [])
            if self.text.startswith("的", match.end()):
                size = self._name_length(match.end() + 1)
                if size:
                    self._add(match.end() + 1, size, title_info, evidence=0.9)
                    continue
            subject = self._sole_subject_before(match.start())
            if subject is not None:
                self._add(*subject, title_info, evidence=0.9)

    def _team_members(self):
        """队长董文静 after the story names “金华南红马甲”志愿服务队: a team title without its
        team belongs to the volunteer team just named."""
        teams = [
            e
            for e in self.entities
            if e.kind == "organization" and kind_of(e.name) == "volunteer_team"
        ]
        for person in self.people.values():
            if person.organization or not any(t.endswith(_TEAM_HEADS) for t in person.titles):
                continue
            before = [team for team in teams if 0 <= person.first - team.end <= 80]
            if before:
                person.organization, person.org_kind = before[-1].name, "volunteer_team"

    def _community_of_the_sentence(self):
        """在景园社区，党委书记李雪丽带领…: a community post whose unit the sentence named a
        clause before is that community's."""
        communities = [e for e in self.entities if e.kind == "community"]
        for person in self.people.values():
            if person.community or person.organization or not person.titles:
                continue
            if not all(title in _UNIT_LESS_POSTS for title in person.titles):
                continue
            if _OF_A_TOWN_OR_DISTRICT & set(person.units):
                continue
            sentence_start = self._sentence_start(person.first)
            before = [c for c in communities if sentence_start <= c.start and c.end <= person.first]
            if before:
                person.community = before[-1].name

    def _organization_of_the_sentence(self):
        """在建筑派出所万钧所长的部署下，副所长刘政刚…: a unit's post (所长, 站长, 队长)
        without its unit is the post of the unit of that kind the sentence named before."""
        organizations = [e for e in self.entities if e.kind == "organization"]
        for person in self.people.values():
            units = {_POST_UNITS.get(title.removeprefix("副")) for title in person.titles}
            if person.community or person.organization or len(units) != 1 or None in units:
                continue
            sentence_start = self._sentence_start(person.first)
            before = [
                o
                for o in organizations
                if sentence_start <= o.start and o.end <= person.first and o.name.endswith(*units)
            ]
            if before:
                person.organization = before[-1].name
                person.org_kind = unit_kind(person.organization)

    def _come_from_an_office(self):
        """来自铜官区委组织部机关的蔡永强: someone an office sends, with no title of their own,
        is that office's cadre (a school's or a firm's people come as volunteers, and stay
        untold)."""
        offices = {
            e.end: e
            for e in self.entities
            if e.kind == "organization" and unit_kind(e.name) in _OFFICE_KINDS
        }
        for person in self.people.values():
            if person.titles or person.organization or person.community:
                continue
            for start in occurrences(self.text, person.name):
                match = _FROM_AN_OFFICE_RE.search(self.text, max(0, start - 4), start)
                office = offices.get(match.start()) if match else None
                if office and self.text.endswith("来自", 0, office.start):
                    person.organization, person.org_kind = office.name, unit_kind(office.name)
                    break

    def _joined_teams(self):
        """老党员何忠惠…参与到疫情防控志愿服务队中: who joins a volunteer team is a volunteer
        (but a party member who joins the party members' team stays a party member)."""
        for person in self.people.values():
            for start in occurrences(self.text, person.name):
                end = start + len(person.name)
                stop = self._end_at(end)
                joined = _JOINED_TEAM_RE.search(self.text, end, stop) or (
                    None if person.titles else _BECOMES_A_VOLUNTEER_RE.search(self.text, end, stop)
                )
                # 加入社区党员志愿服务队: a party members' team keeps them party members
                if joined and "党员" not in joined.group():
                    person.joined_team = True
                    break

    def _sent_down(self):
        """赵志军下沉到荣华社区, 黄力峰主委25日向东市场社区报到: a person the story sends
        down, or who reports to a community for duty with no title of their own (a teacher
        or a student who reports stays one), is a sent-down cadre."""
        for person in self.people.values():
            for start in occurrences(self.text, person.name):
                end = start + len(person.name)
                after = self.text[end : end + 8]
                stop = min(self._end_at(end), end + _REPORTED_REACH)
                reported = not person.titles and _REPORTED_RE.search(self.text, end, stop)
                if _SENT_DOWN_RE.match(after) or reported:
                    person.units.append("下沉")
                    break

    # --- 3. recognised names in name-only contexts -----------------------------------------

    def _recognised_names(self):
        for name in list(self.people):  # every later mention of a known name is taken
            for index in occurrences(self.text, name):
                for i in range(index, index + len(name)):
                    self.occupied.setdefault(i, name)
        counts = {}
        for word, start in self._name_shaped_words():
            if 2 <= len(word) <= 3 and looks_like_name(word):
                counts.setdefault(word, []).append(start)
        for start, word in tibetan_names(self.text):
            counts.setdefault(word, []).append(start)
        for word, starts in counts.items():
            if word in self.people or self._name_length(starts[0]) != len(word):
                continue
            if word[-1] in _NOT_NAME_FINAL or any(self.text[s - 1 : s] in '“"《‘' for s in starts):
                continue  # 单元楼, 哈密瓜, “连心桥”: things, not people
            if (
                any(self._name_context(start, len(word)) for start in starts)
                or (len(word) == 4 and tibetan_name_length(self.text, starts[0]) == 4)
                or any(
                    (len(word) == 3 or _is_new_two_character_name(word))
                    and self._opens_clause(s)
                    and self._verb_follows(s + len(word))
                    for s in starts
                )
                or (
                    len(starts) >= 2
                    and (len(word) == 3 or tokenizer.tag(word) == "nr")  # not 封控, a new word
                    and all(self._opens_clause(start) for start in starts)
                )
            ):
                for start in starts:
                    self._add(start, len(word), ([], "", "", []), evidence=0.7)

    def _aged_names(self):
        """今年81岁的段佐宣住在…: a name right after an age is a person's, whatever jieba cut."""
        for match in _AGE_RE.finditer(self.text):
            size = self._name_length(match.end())
            name = self.text[match.end() : match.end() + size]
            if size in (2, 3) and looks_like_name(name) and name[-1] not in _NOT_NAME_FINAL:
                self._add(match.end(), size, ([], "", "", []), evidence=0.75)

    def _name_shaped_words(self):
        """jieba's words, a surname jieba cut off joined to the word after it (胡|永明,
        蒋|国华, 钱|玉兰) and a name's third character it cut off (张涵|兵): (word, start)
        pairs."""
        for i, (word, start, end) in enumerate(self.tokens):
            yield word, start
            if len(word) == 1 and is_surname(word) and i + 1 < len(self.tokens):
                given, given_start, _ = self.tokens[i + 1]
                if given_start == end and 1 <= len(given) <= 2:
                    yield word + given, start
            elif (
                len(word) == 2
                and is_surname(word[0])
                and not tokenizer.frequency(word)  # 顾客|戴, 付出|我: words of their own
                and self._name_length(start) == 3
            ):
                yield self.text[start : start + 3], start  # 张涵|兵, 李素|珍守

    def _verb_follows(self, position):
        """余世春要求…, 李霏自疫情开始就…: a verb or an adverb starts the clause's rest."""
        token = next((t for t in self.tokens if t[1] == position), None)
        return token is not None and tokenizer.tag(token[0])[:1] in {"v", "d", "p"}

    def _sentence_start(self, position):
        return max(self.text.rfind(c, 0, position) for c in "。！？!?\n") + 1

    def _end_at(self, position, stops="。！？!?\n"):
        """Where the sentence (or, with SENTENCE_STOPS, the clause) from `position` ends."""
        while position < len(self.text) and self.text[position] not in stops:
            position += 1
        return position

    def _clause_start(self, position):
        return max(self.text.rfind(c, 0, position) for c in CLAUSE_STOPS) + 1

    def _opens_clause(self, start):
        """返乡,余世春要求…: a name that starts its clause, as a subject does."""
        return start == 0 or self.text[start - 1] in CLAUSE_STOPS

    def _name_context(self, start, size):
        before = self.text[max(0, start - 4) : start]
        after = self.text[start + size : start + size + 4]
        return bool(
            _KIN_RE.search(before)
            or _COLLEAGUE_RE.search(before)
            or _CALLED_RE.search(before)
            or _AGE_BEFORE_RE.search(self.text[max(0, start - 8) : start])
            or (before.endswith("的") and not before.endswith("们的"))
            or _SPEECH_AFTER_RE.match(after)
            or (
                size == 3
                and _SEEING_RE.search(before)
                and self.text[start + 1 : start + 3] not in HONORIFICS  # 王大妈: a form of address
            )
        )

    # --- bookkeeping ---------------------------------------------------------------------------

    def _credit_run_on(self, name):
        """记者赵莉图/记者…: a credited name and one character of the credit's next word."""
        return any(
            len(name) == len(credited) + 1 and credited in (name[:-1], name[1:])
            for credited in self.exclude
        )

    def _add(self, start, size, title_info, evidence):
        name = self.text[start : start + size]
        if (
            name in self.exclude
            or name in self.place_names  # 万柏林开展…, 张固位于…: a place without its suffix
            or self._credit_run_on(name)
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
            person.org_kind = unit_kind(organization)  # "police" for a 派出所: 民警
        person.units.extend(units)
        person.evidence = max(person.evidence, evidence)

    def _free(self, start, size=2):
        """Not inside a place or organisation name (许昌 is a city, not a person)."""
        return not any(e.start < start + size and start < e.end for e in self.entities)

    def _entity_ends_at(self, position):
        return self._entity_ending_at(position) is not None

    def _entity_ending_at(self, position):
        return next((e for e in self.entities if e.end == position), None)


_TEAM_HEADS = ("队长", "副队长", "队员", "组长")
# What follows the name of an organisation's member: 市纪委李文仁的, 区医院张晓梅和…
_AFTER_A_MEMBER = set("的和、与及，,。")
# A unit's posts and the character its unit's name ends with: 所长 of a 派出所.
_POST_UNITS = {"所长": "所", "站长": "站", "队长": "队", "局长": "局", "院长": "院", "行长": "行"}
# Posts that name no unit of their own (党委书记, 主任): the community may be named before.
_UNIT_LESS_POSTS = {
    "书记",
    "副书记",
    "党委书记",
    "党委副书记",
    "党总支书记",
    "党总支副书记",
    "党支部书记",
    "党支部副书记",
    "主任",
    "副主任",
    "网格员",
    "网格长",
}
# Three or more runs of two to four characters joined by 、 and closed by a clause stop.
_LIST_RE = re.compile(
    r"(?:(?<=[，,：:是有。！？!?\n])|^)[\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4}){2,}"
    r"(?=[，,。；;…等和为在]|[一二三四五六七八九十两几数\d]+(?:位|名|人))"  # 陈庆喜四位脱贫户
    # 邓跃忠、孙予宏第一批报名: two full names opening a sentence or a line
    r"|(?:(?<=[。！？!?\n；;：:])|^)[\u4e00-\u9fff]{3}、[\u4e00-\u9fff]{3}(?![\u4e00-\u9fff]*、)"
    # 志愿者有冯丽,段素青,杨秀清,智建榕: a longer list may use commas
    r"|(?<=[：:是有])[\u4e00-\u9fff]{2,3}(?:[，,][\u4e00-\u9fff]{2,3}){3,}(?=[。；;…等])"
    # 他们分别是安增海、石彦民和闫亚波: the last name joined by 和
    r"|(?<=[：:是])[\u4e00-\u9fff]{2,3}(?:、[\u4e00-\u9fff]{2,3})+[和与及][\u4e00-\u9fff]{2,3}"
    r"(?=[，,。；;…])"
)
_LIST_TITLE_RE = re.compile(
    r"(?:[一二三四五六七八九十两\d]+(?:人|位|名))?(?:都|均|也|同)?(?:是|为|系|担任)(?:一名|了)?"
)
_HONOUR_AFTER_TITLE_RE = re.compile(r"、[“\"][^”\"，,。]{2,10}[”\"]")
_JOINED_TEAM_RE = re.compile(
    r"(?:加入|参与到|参加|报名参加|编入|成立|组建|发起)了?[^，,。；;]{0,16}?"
    r"(?:志愿服务队|志愿者服务队|志愿者队伍|志愿队|志愿者团队|志愿服务团队|志愿者行列)"
)
# 杜邦辉组织微公益志愿者协会的10余名志愿者: someone with no post who leads volunteers is one
# (a 会长 who does so keeps the post).
# 主动向单位申请做一名志愿者: someone with no post who asks to be a volunteer is one (a
# retired doctor who does so is still a doctor).
_BECOMES_A_VOLUNTEER_RE = re.compile(
    r"(?:组织|带领|召集)[^，,。；;]{0,16}?志愿者"
    r"|(?:申请|报名|主动)(?:要求)?(?:做|当|成为|担任)(?:一名|一位|了)?[^，,。；;]{0,4}?志愿者"
)
_FROM_AN_OFFICE_RE = re.compile(r"(?:机关)?的$")
_OFFICE_KINDS = {"government", "party", "police", "hospital"}
# 到社区报到: a cadre of an office reporting to a community for duty (在职党员到社区报到).
_REPORTED_RE = re.compile(r"(?:到|向)[^，,。；;！？!?]{0,12}?(?:社区|小区|居委会|村)报到")
_REPORTED_REACH = 24
# 第一批进入社区的人员有：the people a list after it names were sent into a community.
_SENT_DOWN_GROUP_RE = re.compile(
    r"(?:下沉|进入社区|进驻社区|派驻|下派|选派)[^，,。；;！？!?]{0,10}(?:人员|干部|党员|同志)"
    r"(?:有|是|为|名单)[：:]?$"
)
_SENT_DOWN_RE = re.compile(r"(?:被|已|主动)?(?:选派|派驻|派|报名)?(?:下沉|下派)")
# How far back 这位 (this …) looks for the person it points to.
_THIS_PERSON_REACH = 200
# Words that put a clause in the past: 当时还在读大学, 2008年读高三.
_PAST_RE = re.compile(r"当时|那时|当年|那年|曾|年前|[\d一二三四五六七八九〇零]{4}年")
_BECAME_RE = re.compile(r"(?:成为|成了|当上了?|当起了?)(?:一名|一位|了)?")
_NAME_THEN_TITLE_RE = re.compile(
    r"(?P<pronoun>[，,]\s*(?:他|她)(?:是|系|任|担任|现任)|[，,]\s*这位)"
    r"|(?:[，,]\s*(?:不仅|不但|不只))?(?:[既也又还]?是|系|担任|现任|作为)"
    r"|(?P<like>一样的|这样的)"  # 像许幼敏一样的社区网格员
)
# A clause of time or circumstance between a leading 作为 clause and its subject.
_ADVERBIAL_CLAUSE_RE = re.compile(
    r"(?:在|当|自|从|面对|接到|得知|听说)[^，,。；;！？!?]{1,20}[，,]"
)
_AS_TITLE_RE = re.compile(r"(?<![，,])(?:^|(?<=[。！？!?\n；;])|(?<=[。！？!?]”))(?:作为|身为)")
_PROFILE_RE = re.compile(r"[，,](?:男|女)[，,]")
_POST_HELD_RE = re.compile(r"[，,](?:现任|现为|任|担任|系)")
_AGE_RE = re.compile(r"[\d一二三四五六七八九十]+岁的")
_AGE_BEFORE_RE = re.compile(_AGE_RE.pattern + "$")


# --- the record -------------------------------------------------------------------------------


def _mention(person, role_map, people, communities):
    community_kind = _community_kind(person.community)
    if (
        not community_kind
        and not person.organization
        and len(communities) == 1
        and person.titles
        and all(title in _UNIT_LESS_POSTS for title in person.titles)
        and not _OF_A_TOWN_OR_DISTRICT & set(person.units)  # 大靖镇党委书记: the town's
    ):
        # 57岁的党总支副书记王义 in a story of one community: that community's post
        community_kind = _community_kind(communities[0])
    category = role_map.categorise(
        person.telling_titles,
        org_kind=person.org_kind,
        community_kind=community_kind,
        unit_context=" ".join(person.units),
    )
    if category == OTHER and not person.telling_titles:
        if person.org_kind == "company":
            category = PROPERTY_COMPANY_STAFF  # 富源济诚医疗有限公司张石梅: the company's
        else:
            category = _INHERITED.get(_dominant_category(people, role_map, person), OTHER)
    community = person.community
    if not community and len(communities) == 1 and category in _COMMUNITY_STAFF:
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


def _community_kind(community):
    """The unit kind of the community a person's title named: a 村 is a village's."""
    if not community:
        return ""
    return "village" if community.endswith("村") else "community"


# The unit kinds titles.py puts for a street's or a district's name before a title.
_OF_A_TOWN_OR_DISTRICT = {"street", "district"}
# What an untitled person inherits from the story's dominant category: one community has
# one secretary, so the others around them are its workers.
_INHERITED = {
    COMMUNITY_SECRETARY: COMMUNITY_WORKER,
    COMMUNITY_WORKER: COMMUNITY_WORKER,
    VILLAGE_CADRE: VILLAGE_CADRE,
    SENT_DOWN_CADRE: SENT_DOWN_CADRE,
    VOLUNTEER: VOLUNTEER,
    PARTY_MEMBER: PARTY_MEMBER,
    MEDICAL_WORKER: MEDICAL_WORKER,
    POLICE: POLICE,
    TEACHER: TEACHER,
}
# Who works for the story's one community when no community is named beside them.
_COMMUNITY_STAFF = {COMMUNITY_SECRETARY, COMMUNITY_WORKER, VILLAGE_CADRE}


def _dominant_category(people, role_map, exclude):
    """An untitled person in a story about one kind of worker is most likely one too."""
    counts = {}
    for person in people:
        if person is exclude or not person.telling_titles:
            continue
        category = role_map.categorise(person.telling_titles, org_kind=person.org_kind)
        if category != OTHER:
            counts[category] = counts.get(category, 0) + 1
    return max(counts, key=counts.get) if counts else ""
