"""Our own word lists, loaded once per process from the text files beside this module."""

from functools import cache
from pathlib import Path

DIRECTORY = Path(__file__).resolve().parent


@cache
def word_list(name):
    """The non-comment lines of `<name>.txt` as a frozenset."""
    lines = (DIRECTORY / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def is_surname(text):
    return text in word_list("surnames")
