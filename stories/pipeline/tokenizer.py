"""jieba, loaded once per process with our user dictionary.

The pipeline uses its own `jieba.Tokenizer` so that our words never leak into code that
uses jieba's global instance (the baseline in tests/scoring.py, for one).
"""

import logging
import re
from functools import cache

import jieba
import jieba.posseg

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
    return jieba.posseg.POSTokenizer(tokenizer()).word_tag_tab


def tag(word):
    """jieba's part-of-speech tag for a dictionary word; "" for a word it does not know."""
    return _tags().get(word, "") if frequency(word) > 0 else ""


def cut(text):
    """Precise-mode tokens with their offsets: [(word, start, end), ...]."""
    tokens, start = [], 0
    for word in tokenizer().cut(text):
        tokens.append((word, start, start + len(word)))
        start += len(word)
    return tokens


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
