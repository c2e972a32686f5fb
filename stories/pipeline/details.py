"""Aliases and ages of the people a story names.

An alias is a surname with a form of address (钱书记, 钱姐, 马叔叔, 小顾) that only one
person of the story can own. An age comes from 今年52岁的…, …，这位57岁的…, or 46岁的他
after the person's name.
"""

import re

from .text import chinese_number

_ALIAS_SUFFIXES = tuple(
    "书记 主任 队长 所长 站长 老师 医生 大夫 警官 阿姨 叔叔 "
    "大姐 大哥 姐 哥 叔 姨 师傅 奶奶 爷爷 伯".split()
)


def attach_aliases(text, people):
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


def attach_ages(text, people):
    for person in people:
        person.mentions = occurrences(text, person.name)
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
                person.age = _age(found.group(1))
                break
    for match in re.finditer(r"([\d一二三四五六七八九十]{1,3})岁的(?:他|她)", text):
        earlier = [p for p in people for m in p.mentions if m < match.start()]
        if earlier:
            nearest = max(earlier, key=lambda p: max(m for m in p.mentions if m < match.start()))
            nearest.age = nearest.age or _age(match.group(1))


def occurrences(text, name):
    found, index = [], text.find(name)
    while index >= 0:
        found.append(index)
        index = text.find(name, index + len(name))
    return found


def _age(text):
    value = chinese_number(text)
    return value if 0 < value <= 120 else None
