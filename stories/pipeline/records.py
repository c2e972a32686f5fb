"""The records the pipeline produces: frozen dataclasses, plain values only.

`stories.loader` is the only consumer that turns these into database rows. Names are
as the page gives them (after OCR clean-up); codes are official division codes from
the gazetteer where a place could be placed, else "".
"""

from dataclasses import dataclass, field
from typing import NamedTuple


class Span(NamedTuple):
    """Where a story's text names a place or an organisation: text[start:end] is it, of
    `kind` district, street, community, city or organization, named `name` (the
    gazetteer's name for a place)."""

    start: int
    end: int
    kind: str
    name: str


@dataclass(frozen=True)
class Byline:
    name: str
    role: str  # 记者, 通讯员, 供稿, 文, 摄影, 编辑 ...: the credit's own word


@dataclass(frozen=True)
class DistrictMention:
    name: str  # official name, e.g. 丰台区
    code: str = ""
    city: str = ""
    province: str = ""
    is_inferred: bool = False  # from a street, a community or the paper's home district
    confidence: float = 1.0


@dataclass(frozen=True)
class StreetMention:
    name: str  # official (gazetteer) name, e.g. 三间房地区
    mention: str = ""  # as the page says it, e.g. 三间房
    code: str = ""
    district_code: str = ""
    is_inferred: bool = False  # from a community the gazetteer places in this street
    confidence: float = 1.0


@dataclass(frozen=True)
class CommunityMention:
    name: str  # e.g. 聚福苑社区, 黄土岗村
    kind: str = "社区"  # 社区 or 村
    code: str = ""
    street_code: str = ""
    district_code: str = ""
    confidence: float = 1.0


@dataclass(frozen=True)
class OrganizationMention:
    name: str  # the fullest name the page gives it, e.g. 中国工商银行丰台支行
    kind: str = "other"  # people.Organization.Kind values
    district_code: str = ""
    confidence: float = 1.0
    aliases: tuple[str, ...] = ()  # its short forms on the page: 工行丰台支行, 丰台支行


@dataclass(frozen=True)
class PersonMention:
    name: str
    title: str = ""  # the main verbatim title, e.g. 社区党委书记
    titles: tuple[str, ...] = ()  # every verbatim title the story gives
    role_category: str = ""  # a Role slug (never its editable name), e.g. community-secretary
    community: str = ""  # community name, as in CommunityMention.name
    organization: str = ""
    age: int | None = None
    aliases: tuple[str, ...] = ()  # 钱书记, 钱姐 ...
    confidence: float = 1.0


@dataclass(frozen=True)
class StoryRecord:
    position: int
    title: str
    body: str
    kicker: str = ""
    subtitle: str = ""
    byline: tuple[Byline, ...] = ()
    people: tuple[PersonMention, ...] = ()
    # People the story only mentions (a national leader quoted, an expert cited): not the
    # neighbourhood's people, so the importer links no person to the story for them.
    mentioned: tuple[PersonMention, ...] = ()
    districts: tuple[DistrictMention, ...] = ()
    streets: tuple[StreetMention, ...] = ()
    communities: tuple[CommunityMention, ...] = ()
    organizations: tuple[OrganizationMention, ...] = ()
    dates: tuple[str, ...] = ()  # ISO: YYYY-MM-DD, or YYYY-MM when the day is unknown
    date_start: str = ""
    date_end: str = ""
    confidence: float = 1.0
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageMeta:
    """What is known about a page before or after reading it."""

    publication: str = ""
    issue_date: str = ""  # ISO date
    year: int | None = None
    is_year_inferred: bool = False
    city: str = ""
    home_district: str = ""  # as the operator wrote it: 鼓楼区
    # Its division code, which parse_page finds inside the page's city (six cities have a
    # 鼓楼区): what the importer links, never the bare name.
    home_district_code: str = ""


@dataclass(frozen=True)
class PageRecord:
    filename: str
    sha256: str
    text: str
    encoding: str = "utf-8"
    meta: PageMeta = field(default_factory=PageMeta)
    stories: tuple[StoryRecord, ...] = ()
    warnings: tuple[str, ...] = ()
