"""Where a personal name starts and ends, and whether a word can be one at all.

A name is a surname from our list plus one or two given characters. Its length is decided
by what follows (坚持 after 刘芳 is a word, so the name is 刘芳; 马贵宝早早 has no word after
马贵, so the name is 马贵宝). These checks look only at the characters, our surname list
and jieba's dictionary; whether a candidate is a person (a title, a context only names
take) is people.py's business, which is why they live apart from it.
"""

import re
from functools import lru_cache

from . import tokenizer
from .dictionaries import is_surname, word_list
from .text import CJK

# Forms of address written right after a name: 朱晓平老师, 胡浩同志.
HONORIFICS = tuple(sorted(word_list("honorifics"), key=lambda word: (-len(word), word)))
# Honorifics that entitle nobody: 胡浩同志 has no title (张书坤老人 is a resident).
UNTITLED_HONORIFICS = ("同志",)
# Posts written after a name (韶九社区张可主任, 建筑派出所万钧所长): the title is the post.
_POSTS = ("书记", "主任", "所长", "队长", "站长", "科长", "局长", "院长", "村长")
POST_NAME_TITLES = (*_POSTS, *(f"副{post}" for post in _POSTS), "警官")
# Surnames that are also prepositions: before a common word they are the preposition.
_PREPOSITION_SURNAMES = set("向于从和")
# A given name never starts with a party unit: 第一书记任支部副书记 (任 "serves as").
_UNIT_STARTS = ("支部", "党支部", "总支", "党委", "组长", "副组长")
# jieba frequency of the commonest words (安全, 干部), which rarely start a name.
VERY_COMMON = 2000
# Characters that never continue a given name.
_NOT_GIVEN = set(
    "的了在是和与及等也都就还又却便已被把将从向对给让说讲问答道想看听到来去上下里内外"
    "这那其此每各该本们吗呢吧啊呀着过得地么而或但因所即皆仍再某则打"
    "，,、。；;：:！？!?“”‘’（）()《》【】…—·\n \u3000"
) | set("0123456789")
_MIN_WORD_FREQ = 30
_MAX_NAME_FREQ = 300
# A word this frequent is a word even when jieba tags it nr (辛勤 1342, 李娜 438 is a name).
_COMMON_NAME_TAGGED = 1000
_NAME_OR_PLACE_TAGS = {"nr", "nrt", "nrfg", "ns"}
_CJK_WORD_RE = re.compile(f"[{CJK}]+$")


def name_length(text, position, boundaries=None):
    """Length of the personal name starting at `position` (2–4, longer for a dotted
    transliterated name), or 0 if none does.

    `boundaries` (jieba's token edges in `text`) decide first where jieba is sure: a word
    across the third character (刘芳|坚持) ends the name before it, a word ending after
    it (高淑华|商量) keeps it. Otherwise the characters after the name decide.
    """
    dotted = dotted_name_length(text, position, boundaries)
    if dotted:
        return dotted  # 买买提·艾力: a transliterated name, its parts joined by a dot
    if tibetan_name_length(text, position) == 4:
        return 4  # 罗布次仁: two Tibetan parts, though 罗 is also a surname
    surname = 2 if is_surname(text[position : position + 2]) else 1
    if surname == 1 and not is_surname(text[position : position + 1]):
        return tibetan_name_length(text, position)
    first = position + surname
    if first >= len(text) or not _first_given_char(text[first]) or _starts_head(text, first):
        return 0  # 曹女士, 马老师, 王书记: a surname and a form of address
    if text.startswith(_UNIT_STARTS, first):
        return 0
    if (
        text[position] in _PREPOSITION_SURNAMES
        and tokenizer.frequency(text[first : first + 2]) > 1000
    ):
        return 0  # 干部向居民宣传: a preposition before a common word, not 向居
    if _verb_and_complement(text, position, surname, first):
        return 0  # 戴好(口罩), 关上(门)
    if _verb_and_object(text, position, surname, first):
        return 0  # 戴口罩, 包饺子: a verb and the thing it acts on
    second = first + 1
    if _conjunction_in_name(text, second):
        return surname + 2  # 孟庆和在家门口: no "and" comes before 在
    if second >= len(text) or not _given_char(text[second]):
        return surname + 1
    if _starts_head(text, second):
        return surname + 1  # 胡浩同志, 刘芳书记
    if _starts_head(text, second + 1):
        return surname + 2  # 苏春雷同志
    if text[second + 1 : second + 2] in ("着", "著", "了", "过") and tokenizer.tag(
        text[second]
    ) in {"v", "a"}:
        return surname + 1  # 骆婷带着, 王芳来了, 胡淼忙着 (even where jieba joined 胡淼忙)
    if text[second] == "时" and text[second + 1 : second + 2] in ("，", ",", "、"):
        return surname + 1  # 见到刘凯时，这位…: "when", not the name's third character
    if boundaries is not None:
        if (
            second in boundaries
            and second + 1 not in boundaries
            and (_starts_word(text, second) or tokenizer.frequency(text[second : second + 2]))
            and not _given_char_and_speech(text, second)
        ):
            return surname + 1  # jieba sees a real word there
        if second + 1 in boundaries and second not in boundaries:
            return surname + 2
    if text[second] in _ADVERBS and (
        _starts_word(text, second + 1) or tokenizer.tag(text[second + 1 : second + 2]) == "v"
    ):
        return surname + 1  # 孙明正带着
    if _starts_word(text, second) and not _given_char_and_speech(text, second):
        return surname + 1  # 刘芳坚持, 钱诚顾不上
    return surname + 2


_SPEECH_AFTER_NAME = set("说向")
_MAX_GIVEN_AND_SPEECH_FREQ = 300


def _given_char_and_speech(text, position):
    """孔祥|明说, 郑明|南向: the name's last character and the 说 or 向 after it, which jieba
    took for a rare word of their own (听说 and 走向 are common ones, no name's end)."""
    word = text[position : position + 2]
    return (
        len(word) == 2
        and word[1] in _SPEECH_AFTER_NAME
        and tokenizer.frequency(word) < _MAX_GIVEN_AND_SPEECH_FREQ
    )


# The dots that join the parts of a transliterated name (热依拉·阿不都拉, 阿依努尔•吐尔逊).
NAME_DOTS = "·•・‧"
_DOTTED_HEAD_RE = re.compile(f"[{CJK}]{{1,6}}(?:[{NAME_DOTS}][{CJK}]{{1,6}})*[{NAME_DOTS}]")
_MAX_LAST_PART = 5


def dotted_name_length(text, position, boundaries=None):
    """Length of a transliterated name whose parts a dot joins (Uyghur, Kazakh and foreign
    names: 买买提·艾力, 古丽米热·买买提), or 0. The last part ends before a word of the
    sentence (买买提·艾力|带领) or a title written after the name."""
    head = _DOTTED_HEAD_RE.match(text, position)
    if head is None or not all(map(_transliterated_char, head.group().translate(_NO_DOTS))):
        return 0
    end = head.end()
    while end < len(text) and end - head.end() < _MAX_LAST_PART and _transliterated_char(text[end]):
        if end - head.end() >= 2 and (
            _starts_word(text, end)
            or _starts_head(text, end)
            or _starts_token_word(text, end, boundaries)
        ):
            break
        end += 1
    while end - head.end() > 1 and text[end - 1] in _TRANSLITERATION_ONLY:
        end -= 1  # 努尔兰·别克|都在: the adverb, not the name's end
    return end - position if end > head.end() else 0


def dotted_name_ending_at(text, end, boundaries=None):
    """Where a dotted name that ends at `end` starts (…”阿不都·热合曼说), or None."""
    for start in range(max(0, end - 20), end - 2):
        if dotted_name_length(text, start, boundaries) == end - start:
            return start
    return None


def _starts_token_word(text, position, boundaries):
    """jieba cut a dictionary word of two or more characters at `position` (逐户)."""
    return (
        bool(boundaries)
        and position in boundaries
        and any(
            k in boundaries and tokenizer.frequency(text[position:k])
            for k in range(position + 2, position + 5)
        )
    )


_NO_DOTS = str.maketrans("", "", NAME_DOTS)
# Characters that end a Chinese given name but are common in transliterations (阿不都拉,
# 阿地力, 阿里木).
_TRANSLITERATION_ONLY = set("都地里")


def _transliterated_char(char):
    return char in _TRANSLITERATION_ONLY or _given_char(char)


def tibetan_name_length(text, position):
    """Tibetan names have no surname: one or two of a small set of two-character parts
    (尼玛央宗, 罗布次仁, 措姆). Returns 4, 2 or 0."""
    if text[position : position + 2] not in word_list("tibetan_name_parts"):
        return 0
    if text[position + 2 : position + 4] in word_list("tibetan_name_parts"):
        return 4
    return 2


def tibetan_names(text):
    """(start, name) of every Tibetan name shape in `text`, two parts before one."""
    found, position = [], 0
    parts = word_list("tibetan_name_parts")
    while position < len(text) - 1:
        if text[position : position + 2] in parts:
            size = tibetan_name_length(text, position)
            found.append((position, text[position : position + size]))
            position += size
        else:
            position += 1
    return found


_COMPLEMENTS = set("好上下完着起住到过成")


def _verb_and_complement(text, position, surname, first):
    """A surname that is also a verb, followed by a complement and then a word."""
    if surname != 1 or text[first] not in _COMPLEMENTS or tokenizer.tag(text[position]) != "v":
        return False
    after = first + 1
    return not (after < len(text) and _given_char(text[after])) or _starts_word(text, after)


_MIN_OBJECT_FREQ = 100


def _verb_and_object(text, position, surname, first):
    """A surname that is also a verb, followed by a common noun (a thing, not a name: 海燕
    and 红旗 are tagged as names)."""
    noun = text[first : first + 2]
    return (
        surname == 1
        and tokenizer.tag(text[position]) == "v"
        and tokenizer.tag(noun) == "n"
        and tokenizer.frequency(noun) >= _MIN_OBJECT_FREQ
    )


# Surnames that far more often start an ordinary word (全员, 单位, 万一, 总体, 同时, 原计划,
# 尚处于, 班分成, 麻利).
_WORDY_SURNAMES = set("全单万总同常双原尚位班麻")

# Adverbs that often follow a two-character name: 孙明|正带着, 王强|也来了.
_ADVERBS = set("正也还又都就才曾刚再便却已共均")


def is_common_word(text, start, size):
    """干部, 全心全(意): a dictionary word covers the whole name, so it is no name.
    A word on the name's first characters alone (吴国 of 吴国良) proves nothing unless
    it is one of the commonest words (安全 of 安全返岗)."""
    first_two = text[start : start + 2]
    if (
        size == 3
        and tokenizer.frequency(first_two) > VERY_COMMON
        and tokenizer.tag(first_two) not in _NAME_OR_PLACE_TAGS
    ):
        return True  # 安全返(岗), 干部迎(难而上): a common word, unlike the 王国 of 王国平
    given = text[start + 1 : start + size]
    if first_two[0] in _WORDY_SURNAMES and any(
        tokenizer.frequency(word) >= _MIN_OBJECT_FREQ // 2
        and tokenizer.tag(word) not in _NAME_OR_PLACE_TAGS
        for word in ((first_two, given) if size == 3 else (first_two,))
    ):
        return True  # 全员压(上), 全覆盖: a rare surname that mostly starts a word
    for length in range(size, size + 3):
        word = text[start : start + length]
        frequency = tokenizer.frequency(word) if len(word) == length else 0
        if frequency >= _MIN_WORD_FREQ and not tokenizer.tag(word).startswith("nr"):
            return True
        if frequency >= _COMMON_NAME_TAGGED:
            return True  # 辛勤, 文明: words that jieba's dictionary also tags as names
    return False


def _conjunction_in_name(text, position):
    """和 (or 与) that ends a name: the word after it cannot follow an "and" (在, 是 …),
    nor can a verb with its complement or aspect (潘永和拿出手机, 潘永和拉了拉衣领)."""
    if text[position : position + 1] not in ("和", "与"):
        return False
    after = text[position + 1 : position + 3]
    if after[:1] in _NOT_AFTER_AND:
        return True
    return (
        len(after) == 2
        and not is_surname(after[0])
        and tokenizer.tag(after[0]) == "v"
        and (after[1] in _ASPECT_OR_COMPLEMENT)
        and tokenizer.tag(after) in {"v", ""}
    )


_NOT_AFTER_AND = set("在是也都就还又把被给让说从向对为将已正")
_ASPECT_OR_COMPLEMENT = set("了着过出起")


# Words that end a name (王芳向记者介绍, 王芳说道) but often start a given name: 周向东, 陈道明.
_GIVEN_FIRST = set("向从对给让将道")


def _first_given_char(char):
    """The character right after a surname: a full name has at least one given character,
    so only words that never start one (的, 在, 是 …) rule it out."""
    return char in _GIVEN_FIRST or _given_char(char)


def _given_char(char):
    return char not in _NOT_GIVEN and bool(re.match(f"[{CJK}]", char))


_AFTER_NAME_HEADS = (*HONORIFICS, *POST_NAME_TITLES)


def _starts_head(text, position):
    """A title that follows a name directly (刘芳书记, 胡浩同志)."""
    return text.startswith(_AFTER_NAME_HEADS, position)


def _starts_word(text, position):
    for size in (4, 3, 2):
        word = text[position : position + size]
        if len(word) == size and tokenizer.frequency(word) >= _MIN_WORD_FREQ:
            return True
    return False


@lru_cache(maxsize=65536)
def looks_like_name(word):
    """A word jieba tags as a personal name (but not a common word it mis-tags, such as
    文明 or 顾客), or a new word of name shape that its HMM made up."""
    if not (2 <= len(word) <= 3) or not (is_surname(word[0]) or is_surname(word[:2])):
        return False
    if not _CJK_WORD_RE.match(word):
        return False
    frequency = tokenizer.frequency(word)
    if frequency == 0:
        return True
    return tokenizer.tag(word) in {"nr", "nrfg"} and frequency < _MAX_NAME_FREQ
