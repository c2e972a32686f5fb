"""Counts of stories by district, street, community, role and date: one aggregate query each.

Every function takes a Story queryset (already filtered: published, by the other facets, by a
search) and counts distinct stories in it. A story belongs to a district when it is linked to
the district directly or through one of its streets or communities (a story that names only
南苑街道 is a 丰台区 story), and to a street directly or through one of its communities. Only
active links count: what an editor rejected is not part of the story.

The place counts compose one SQL statement from the stories' own query (a UNION of the three
kinds of link, grouped by place) because the ORM cannot aggregate over a union; the rest are
plain ORM aggregates. Nothing here counts per option or filters in Python.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db.models import Count, F
from django.db.models.functions import Coalesce, TruncMonth

from people.models import Role
from places.models import Community, District, Street

from .models import Appearance, StoryCommunity, StoryDistrict, StoryStreet

PLACE_FACET_SIZE = 15


@dataclass(frozen=True)
class _Path:
    """One way a story reaches a place: a link table, and the join to the place's column."""

    link: type
    join: str  # SQL joining the link's target table, or ""
    place_column: str


def _paths(model):
    """The link paths through which a story reaches a `model` (District or Street)."""
    community = Community._meta.db_table
    street = Street._meta.db_table
    through_community = _Path(
        StoryCommunity,
        f"JOIN {community} c ON c.id = l.community_id",
        "c.district_id" if model is District else "c.street_id",
    )
    if model is District:
        return [
            _Path(StoryDistrict, "", "l.district_id"),
            _Path(StoryStreet, f"JOIN {street} s ON s.id = l.street_id", "s.district_id"),
            through_community,
        ]
    return [_Path(StoryStreet, "", "l.street_id"), through_community]


def _place_counts(model, stories, within=None, limit=PLACE_FACET_SIZE):
    """[(place, count)], largest first, for District or Street rows reached by `stories`.

    `within` (district ids) keeps only streets of those districts. One query: the
    place rows come back annotated with `story_count` by a raw query over their own table.
    """
    try:
        story_sql, story_params = stories.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # `stories` is none(), e.g. a search with nothing searchable
        return []
    selects, params = [], []
    for path in _paths(model):
        selects.append(
            f"SELECT l.story_id AS story_id, {path.place_column} AS place_id "
            f"FROM {path.link._meta.db_table} l {path.join} "
            f"WHERE l.is_rejected = %s AND l.story_id IN ({story_sql})"
        )
        params += [False, *story_params]
    table = model._meta.db_table
    where = ""
    if within is not None:
        where = f"WHERE p.district_id IN ({', '.join(['%s'] * len(within))})"
        params += list(within)
    sql = (
        f"SELECT p.*, t.story_count FROM {table} p JOIN ("
        f"SELECT place_id, COUNT(DISTINCT story_id) AS story_count FROM ("
        f"{' UNION ALL '.join(selects)}) links GROUP BY place_id"
        f") t ON t.place_id = p.id {where} "
        f"ORDER BY t.story_count DESC, p.code, p.name"
    )
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    return [(place, place.story_count) for place in model.objects.raw(sql, params)]


def totals(stories):
    """How many stories, people (not merged away) and communities `stories` hold."""
    ids = stories.order_by().values("pk")
    people = Appearance.objects.active().filter(story__in=ids, person__merged_into__isnull=True)
    communities = StoryCommunity.objects.active().filter(story__in=ids)
    return {
        "stories": stories.count(),
        "people": people.aggregate(n=Count("person", distinct=True))["n"],
        "communities": communities.aggregate(n=Count("community", distinct=True))["n"],
    }


def district_counts(stories, limit=PLACE_FACET_SIZE):
    return _place_counts(District, stories, limit=limit)


def street_counts(stories, districts, limit=PLACE_FACET_SIZE):
    """Streets of `districts` (ids, at least one) with their story counts."""
    return _place_counts(Street, stories, within=districts, limit=limit)


def community_counts(stories, streets=None, limit=PLACE_FACET_SIZE):
    """Communities (of `streets`, ids, if given) with their story counts."""
    communities = Community.objects.filter(
        story_links__is_rejected=False, story_links__story__in=stories.order_by().values("pk")
    )
    if streets is not None:
        communities = communities.filter(street__in=streets)
    communities = communities.annotate(
        story_count=Count("story_links__story", distinct=True)
    ).order_by("-story_count", "name")
    return [(community, community.story_count) for community in communities[:limit]]


def role_counts(stories):
    """[(role, count)] over stories with an active appearance of the role, largest first."""
    roles = (
        Role.objects.filter(
            appearances__is_rejected=False, appearances__story__in=stories.order_by().values("pk")
        )
        .annotate(story_count=Count("appearances__story", distinct=True))
        .order_by("-story_count", "sort_order", "name")
    )
    return [(role, role.story_count) for role in roles]


def _spans(stories, trunc):
    """{(first, last): count} over the dated stories, truncated by `trunc` (TruncMonth …)."""
    rows = (
        stories.order_by()
        .filter(date_start__isnull=False)
        .annotate(first=trunc("date_start"), last=trunc(Coalesce("date_end", "date_start")))
        .values("first", "last")
        .annotate(n=Count("pk"))
    )
    return {(_as_date(row["first"]), _as_date(row["last"])): row["n"] for row in rows}


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def month_counts(stories):
    """[(first day of month, count)] ascending: a story counts in every month its date range
    overlaps. One query grouped by (first month, last month), spread over the months here."""
    counts = {}
    for (first, last), n in _spans(stories, TruncMonth).items():
        month = first
        while month <= last:
            counts[month] = counts.get(month, 0) + n
            month = (month + datetime.timedelta(days=32)).replace(day=1)
    return sorted(counts.items())


def year_counts(stories):
    """[(year, count)] ascending, by the same overlap rule as month_counts."""
    counts = {}
    for month, n in _year_spans(stories).items():
        for year in range(month[0], month[1] + 1):
            counts[year] = counts.get(year, 0) + n
    return sorted(counts.items())


def _year_spans(stories):
    rows = (
        stories.order_by()
        .filter(date_start__isnull=False)
        .values(first=F("date_start__year"), last=Coalesce("date_end__year", "date_start__year"))
        .annotate(n=Count("pk"))
    )
    return {(row["first"], row["last"]): row["n"] for row in rows}
