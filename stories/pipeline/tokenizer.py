"""jieba, loaded once per process with our user dictionary.

The pipeline uses its own `jieba.Tokenizer` so that our words never leak into code that
uses jieba's global instance (the baseline in tests/scoring.py, for one). It cuts text with
rjieba (jieba-rs: jieba's algorithm and dictionary in Rust, about ten times faster), given
the same user dictionary; jieba's own instance stays the reference for word frequencies and
tags, and for the cut itself in tests/pipeline/test_tokenizer.py, which checks that both
cut every gold page alike.
"""

import logging
import re
from functools import cache

import jieba
import jieba.posseg
import rjieba

from .dictionaries import DIRECTORY

_CJK_RE = re.compile(r"[\u4e00-\u9fff]+$")
# A word spanning a line break must be common enough that the join is not a coincidence.
_MIN_SPANNING_FREQ = 20


@cache
def tokenizer():
    """The pipeline's own instance, built once per process."""
    return new_tokenizer()


def new_tokenizer():
    """A jieba.Tokenizer with jieba's dictionary and our user dictionary loaded. The search
    index builds its own from here, so that both read the same dictionary but the names it
    adds never change extraction."""
    jieba.setLogLevel(logging.WARNING)
    instance = jieba.Tokenizer()
    instance.initialize()
    instance.load_userdict(str(DIRECTORY / "jieba_user.txt"))
    return instance


@cache
def _tags():
    """jieba's tag table with our user dictionary's tags (韵达 nz) over it: loading the user
    dictionary into the Tokenizer leaves posseg's table without them."""
    table = dict(jieba.posseg.POSTokenizer(tokenizer()).word_tag_tab)
    table.update({word: tag for word, _, tag in _user_words() if tag})
    return table


def tag(word):
    """jieba's part-of-speech tag for a dictionary word; "" for a word it does not know."""
    return _tags().get(word, "") if frequency(word) > 0 else ""


@cache
def fast_tokenizer():
    """The pipeline's rjieba, built once per process."""
    return new_fast_tokenizer()


def new_fast_tokenizer():
    """rjieba with jieba's dictionary and our user dictionary: what `new_tokenizer` holds,
    for the cut itself. The search index builds its own from here (stories.segmenting)."""
    instance = rjieba.Jieba()
    for word, freq, tag in _user_words():
        instance.add_word(word, freq, tag)
    return instance


def _user_words():
    """(word, frequency or None, tag or None) of our user dictionary, as jieba reads it."""
    words = []
    for line in (DIRECTORY / "jieba_user.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts and not parts[0].startswith("#"):
            freq = int(parts[1]) if len(parts) > 1 else None
            words.append((parts[0], freq, parts[2] if len(parts) > 2 else None))
    return words


def cut(text, instance=None):
    """Precise-mode tokens with their offsets: [(word, start, end), ...], as jieba's
    `Tokenizer.cut` gives them (reference_cut); from the pipeline's rjieba, or `instance`."""
    tokens = []
    for word, start, end in (instance or fast_tokenizer()).tokenize(text, "default", True):
        if end - start > 1 and not _HAN_RE.search(word):
            # jieba-rs keeps 2020-02-17 or x.jpg whole; jieba cuts such a run as its HMM
            # stage does: words of letters and digits, and what lies between them.
            for piece in filter(None, _SKIP_RE.split(word)):
                tokens.append((piece, start, start + len(piece)))
                start += len(piece)
        else:
            tokens.append((word, start, end))
    return tokens


def reference_cut(text):
    """The same tokens from jieba itself: what `cut` must equal."""
    tokens, start = [], 0
    for word in tokenizer().cut(text):
        tokens.append((word, start, start + len(word)))
        start += len(word)
    return tokens


_HAN_RE = re.compile("[\u4e00-\u9fd5]")
# jieba.finalseg's re_skip: how jieba cuts a run without Chinese characters.
_SKIP_RE = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")


def frequency(word):
    return tokenizer().FREQ.get(word, 0)


def spans_word(left, right):
    """True if the end of `left` and the start of `right` together form a common word."""
    for a in (1, 2):
        for b in (1, 2):
            word = left[-a:] + right[:b]
            if len(word) < 2:
                continue
            if _CJK_RE.match(word) and frequency(word) >= _MIN_SPANNING_FREQ:
                return True
    return False
