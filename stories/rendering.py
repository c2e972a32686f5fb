"""A story's text as its public page shows it: paragraphs by kind (subheading, photo
caption, editor's note, body), with the people, places and organisations the story is
linked to turned into links where the text names them.

Everything is escaped first; only the links this module builds are markup.
"""

import re
from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from .pipeline.lines import BODY, paragraph_kind


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "caption", "note" or "body" (stories.pipeline.lines kinds)
    html: str


def story_blocks(story):
    """The body's paragraphs as Blocks. `story` comes from `for_detail()`; its text is the
    public text, so a private resident's name is already masked and never linked."""
    targets = link_targets(story)
    pattern = _names_pattern(targets)
    linked = set()
    blocks = []
    for paragraph in story.public_text["body"].split("\n\n"):
        if paragraph.strip():
            html = _linkify(paragraph.strip(), pattern, targets, linked)
            blocks.append(Block(paragraph_kind(paragraph.strip()), html))
    return blocks


def excerpt(text, length=120):
    """The start of a story's running text, without its captions and subheadings."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    body = [p for p in paragraphs if paragraph_kind(p) == BODY] or paragraphs
    return Truncator("".join(body)[: length + 1]).chars(length)


def link_targets(story):
    """{name as printed: URL} for the story's active links; people only where their name
    is public, and places under their official names."""
    targets = {}
    for kind in ("organization", "community", "street", "district"):
        for link in getattr(story, f"active_{kind}_links"):
            target = getattr(link, kind)
            targets.setdefault(target.name, target.get_absolute_url())
    for appearance in story.active_appearances:
        person = appearance.person
        if person.is_name_public and person.merged_into_id is None:
            targets[person.name] = person.get_absolute_url()
    return targets


def _names_pattern(targets):
    names = sorted((name for name in targets if len(name) >= 2), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names))) if names else None


def _linkify(text, pattern, targets, linked):
    """`text` escaped, with the first mention in the story of each target made a link."""
    if pattern is None:
        return conditional_escape(text)
    parts, end = [], 0
    for match in pattern.finditer(text):
        name = match.group()
        if name in linked:
            continue
        linked.add(name)
        parts.append(conditional_escape(text[end : match.start()]))
        parts.append(format_html('<a href="{}">{}</a>', targets[name], name))
        end = match.end()
    parts.append(conditional_escape(text[end:]))
    return mark_safe("".join(parts))
