"""Text → search tokens, the same way for a story and for a query (see stories.search).

Text is folded first: Simplified Chinese (`simplified()`), half-width ASCII and lower case,
without changing its length, so that offsets found in the folded text index the original.
Then it splits two ways:

- words: jieba's search-mode words, cut by an rjieba instance of our own holding jieba's
  dictionary, the pipeline's `jieba_user.txt` and the names of the archive's people,
  communities and organisations (read once per process; `refresh_words()` reloads them).
  jieba itself is the reference they equal (tests/test_segmenting.py), at a tenth of the
  time, which is most of what indexing a story costs;
- chars: every Chinese character on its own, and each run of letters or of digits.

Nothing here depends on the database backend.
"""

import re
import unicodedata
from collections import defaultdict
from functools import cache

from people.models import Organization, OrganizationAlias, Person
from places.models import Community

from .pipeline import tokenizer as pipeline_tokenizer
from .pipeline.reading import simplified

TOKEN_LIMIT = 64  # characters kept of one token: PostgreSQL refuses lexemes over 2,046 bytes
# jieba frequency for an archive name it does not know: enough to keep the name whole.
NAME_FREQUENCY = 1000

_CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
# A chars token: one Chinese character, a run of other letters, or a run of digits.
_CHAR_TOKEN_RE = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])[^\W\d_])+|\d+")
_CJK_RE = re.compile(rf"[{_CJK}]+")
_WORD_RE = re.compile(r"[^\W_]+")
# Full-width ASCII (ＣＯＶＩＤ－１９) to half-width: one character for one, like simplified().
_HALF_WIDTH = str.maketrans({chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})


def fold(text):
    """Simplified, half-width, lower-case `text`, of the same length."""
    text = simplified(text).translate(_HALF_WIDTH)
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)  # e.g. İ


def chars(text):
    return [token[:TOKEN_LIMIT] for token in _CHAR_TOKEN_RE.findall(text)]


def words(text):
    tokens = _tokenizer().cut_for_search(text)
    return [token[:TOKEN_LIMIT] for token in tokens if _WORD_RE.fullmatch(token)]


class Words:
    """rjieba with the pipeline's dictionary and `names`, cutting as jieba's Tokenizer would
    with the same words added: `cut` is its precise mode, `cut_for_search` its search mode."""

    def __init__(self, names=()):
        self._cutter = pipeline_tokenizer.new_fast_tokenizer()
        self._names = set()
        self.learn(names)

    def knows(self, word):
        """True for a word of the dictionary, as jieba's `FREQ.get(word)` is true."""
        return word in self._names or pipeline_tokenizer.frequency(word) > 0

    def learn(self, names):
        for name in names:
            word = fold(name.strip())
            if 2 <= len(word) <= 32 and _WORD_RE.fullmatch(word) and not self.knows(word):
                self._cutter.add_word(word, NAME_FREQUENCY, None)
                self._names.add(word)

    def cut(self, text):
        return [word for word, _, _ in pipeline_tokenizer.cut(text, self._cutter)]

    def cut_for_search(self, text):
        """jieba's `Tokenizer.cut_for_search`: each word of the precise cut, preceded by
        the dictionary's 2- and then 3-character words inside it."""
        for word in self.cut(text):
            for size in (2, 3):
                if len(word) > size:
                    for start in range(len(word) - size + 1):
                        if self.knows(gram := word[start : start + size]):
                            yield gram
            yield word


def as_word(term):
    """`term` as a token of the words stream, or None if it cannot be one (3.5)."""
    return term[:TOKEN_LIMIT] if _WORD_RE.fullmatch(term) else None


# --- the dictionary ----------------------------------------------------------------------------


@cache
def _tokenizer():
    """Our own instance: adding names to the pipeline's would change extraction."""
    return Words(_archive_names())


def refresh_words():
    """Forget the dictionary; the next use reloads it with the archive's current names."""
    _tokenizer.cache_clear()


def learn_names(names):
    """Add names (of people just imported, say) to the loaded dictionary."""
    _tokenizer().learn(names)


def _archive_names():
    yield from Person.objects.values_list("name", flat=True).distinct()
    yield from Community.objects.values_list("name", flat=True).distinct()
    yield from Organization.objects.values_list("name", flat=True).distinct()
    yield from OrganizationAlias.objects.values_list("name", flat=True).distinct()


# --- queries -----------------------------------------------------------------------------------


def normalise(q, limit):
    """`q` without control characters, its whitespace collapsed, cut to `limit`, folded."""
    raw = ("" if q is None else str(q))[: limit * 10]
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in raw
        if ch.isspace() or unicodedata.category(ch)[0] != "C"
    )
    return fold(" ".join(kept.split())[:limit])


def terms(text):
    """The distinct terms of a normalised query, in order: jieba's precise mode, without
    punctuation, each long term split as `_split` says."""
    found = []
    for token in _tokenizer().cut(text):
        for term in _split(token):
            if chars(term) and term not in found:
                found.append(term)
    return found


def _split(term):
    """`term` as the fewest 2- and 3-character dictionary words that tile it exactly (the
    words jieba's search mode indexes inside a longer word), else whole: 核酸检测 is
    核酸 and 检测, 社区书记 is 社区 and 书记, and a name such as 钱秀英 stays whole."""
    n = len(term)
    if n <= 2 or not _CJK_RE.fullmatch(term):
        return [term]
    known = _tokenizer().knows
    pieces = [
        (start, start + size)
        for size in (2, 3)
        if size < n
        for start in range(n - size + 1)
        if known(term[start : start + size])
    ]
    best = {0: ()}
    for end in range(2, n + 1):
        options = [best[s] + ((s, e),) for s, e in pieces if e == end and s in best]
        if options:
            best[end] = min(options, key=len)
    return [term[s:e] for s, e in best[n]] if n in best else [term]


# --- matches in a text -------------------------------------------------------------------------


def match_spans(text, query_terms):
    """Sorted, non-overlapping (start, end) offsets in `text` where a term occurs as the
    index matches it: its chars tokens one after the other, whatever lies between them."""
    tokens = [
        (match[0][:TOKEN_LIMIT], match.start(), match.end())
        for match in _CHAR_TOKEN_RE.finditer(fold(text))
    ]
    where = defaultdict(list)
    for i, (token, _, _) in enumerate(tokens):
        where[token].append(i)
    found = []
    for term in query_terms:
        wanted = chars(term)
        for i in where.get(wanted[0], ()):
            if [token for token, _, _ in tokens[i : i + len(wanted)]] == wanted:
                found.append((tokens[i][1], tokens[i + len(wanted) - 1][2]))
    merged = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
