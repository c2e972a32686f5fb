"""Our own word lists, loaded once per process from the text files beside this module.

Every file is UTF-8 with ``#`` comment lines. Three shapes, one reader each:

- ``word_list(name)``: one word per line (surnames.txt, title_heads.txt);
- ``rows(name)``: whitespace-separated fields per line (era_markers.txt: marker year weight);
- ``grouped(name)``: ``group: word word …`` lines (org_suffixes.txt: kind: endings).

jieba_user.txt is jieba's own user-dictionary format, read by tokenizer.py.
"""

from functools import cache
from pathlib import Path

DIRECTORY = Path(__file__).resolve().parent


def _lines(name):
    text = (DIRECTORY / f"{name}.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def word_list(name):
    """The lines of `<name>.txt` as a frozenset."""
    return frozenset(_lines(name))


@cache
def rows(name):
    """The lines of `<name>.txt` split at whitespace, in file order."""
    return tuple(tuple(line.split()) for line in _lines(name))


@cache
def grouped(name):
    """{group: (word, …)} from the ``group: word word …`` lines of `<name>.txt`; a group may
    span several lines."""
    groups = {}
    for line in _lines(name):
        group, _, words = line.partition(":")
        groups.setdefault(group.strip(), []).extend(words.split())
    return {group: tuple(words) for group, words in groups.items()}


def is_surname(text):
    return text in word_list("surnames")
