"""Character classes, punctuation sets, Chinese numerals and small string helpers: the one
place the pipeline's stages take them from."""

import re

# Sentence-final punctuation, possibly followed by closing quotes/brackets.
TERMINALS = "。！？!?…；;"
CLOSERS = "”’」』）)》】\"'"
OPENERS = "“‘「『（(《【\"'"
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")
# Where a title phrase or a name's context ends (、 joins titles, so it is not one).
CLAUSE_STOPS = set('，,。；;：:！？!?“”‘’（）()《》【】…—\n\u3000"')
# Where a clause ends for a reader looking ahead for its title (quotes do not end it).
SENTENCE_STOPS = set("，,。；;：:！？!?（）()\n")
# What no place or organisation name crosses: clause stops, 、, quotes and spaces.
NAME_STOPS = CLAUSE_STOPS | set("、\"' ")
# Function characters (particles, prepositions, pronouns, determiners): a name of a place or
# an organisation neither ends just after one (组织了|六里桥村, 该|社区) nor is made of them.
FUNCTION_CHARS = frozenset(
    "这那是的了在到和与及也都就还又有把被给让从向对为其此该各每我你他她它们由据"
)

# Chinese numerals as written in dates and ages: 二〇二〇年, 三月二十六日, 五十二岁.
_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def chinese_number(text):
    """The value of a number written in digits (52, ５２) or Chinese numerals (五十二,
    十二, 二十), 0 when it is none. Years are read digit by digit: see chinese_year."""
    text = text.translate(_FULL_WIDTH)
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_DIGITS.get(tens, 1) if tens else 1) * 10 + (_DIGITS.get(ones, 0) if ones else 0)
    return _DIGITS.get(text, 0)


def chinese_year(text):
    """2020, or 二〇二〇 read digit by digit."""
    text = text.translate(_FULL_WIDTH)
    return int(text) if text.isdigit() else int("".join(str(_DIGITS[c]) for c in text))


_ENDS_SENTENCE_RE = re.compile(f"[{re.escape(TERMINALS)}][{re.escape(CLOSERS)}]*$")
_SPACES_RE = re.compile(r"[ \t\u3000\u00a0]+")


def ends_sentence(line):
    """True if the line ends like a finished sentence (。！？… possibly inside quotes)."""
    return bool(_ENDS_SENTENCE_RE.search(line.rstrip()))


def cjk_count(text):
    return len(CJK_RE.findall(text))


def squash_spaces(text):
    """OCR scatters spaces inside Chinese text: drop those next to a Chinese character.
    A trailing parenthesised credit keeps its spaces, which separate names: (庞彩云 史媛)."""
    text = _SPACES_RE.sub(" ", text.strip())
    credit = _TRAILING_GROUP_RE.search(text)
    head, tail = (text[: credit.start()], credit.group()) if credit else (text, "")
    return _SPACE_NEAR_CJK_RE.sub("", head) + tail


_TRAILING_GROUP_RE = re.compile(r"[（(][^（）()]{2,40}[）)]$")
_SPACE_NEAR_CJK_RE = re.compile(
    f"(?<=[{CJK}{re.escape(TERMINALS + CLOSERS + OPENERS)}，、：]) "
    f"|(?<=.) (?=[{CJK}{re.escape(OPENERS + CLOSERS)}，、。：])"
)


def restore_original(text, simple_page, original_page):
    """Map `text`, cut from the simplified page (with whitespace and markers dropped,
    lines joined), back to the page's own characters, position by position.

    Only traditional-character pages need this; the result has the same length as
    `text`, so a span found in `text` is the same span in the result. Characters that
    are not on the page (a joiner the pipeline added) stay as they are.
    """
    if simple_page == original_page or not text:
        return text
    out, pos, i = [], 0, 0
    while i < len(text):
        char = text[i]
        j = pos
        while j < len(simple_page) and simple_page[j] in " \t\u3000\n" and char not in " \n":
            j += 1
        if j < len(simple_page) and simple_page[j] == char:
            out.append(original_page[j])
            pos, i = j + 1, i + 1
            continue
        found = simple_page.find(text[i : i + 6])
        if found >= 0:
            pos = found
            continue
        out.append(char)
        i += 1
    return "".join(out)
