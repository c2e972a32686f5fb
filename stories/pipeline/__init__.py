"""Text → records: newspaper page text in, frozen dataclasses out. No Django here.

    from stories.pipeline import parse_page, read_page
    page = parse_page(read_page("seeds/000.txt").text, filename="000.txt")

Dictionaries (jieba's and ours, the gazetteer) load once per process, on first use.
"""

from .extract import parse_page
from .reading import DecodedText, UnreadablePage, decode_page, read_page
from .records import (
    Byline,
    CommunityMention,
    DistrictMention,
    OrganizationMention,
    PageMeta,
    PageRecord,
    PersonMention,
    StoryRecord,
    StreetMention,
)
from .roles import RoleMap

__all__ = [
    "Byline",
    "CommunityMention",
    "DecodedText",
    "DistrictMention",
    "OrganizationMention",
    "PageMeta",
    "PageRecord",
    "PersonMention",
    "RoleMap",
    "StoryRecord",
    "StreetMention",
    "UnreadablePage",
    "decode_page",
    "parse_page",
    "read_page",
]
