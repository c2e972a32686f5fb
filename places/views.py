"""The index of places and a page for each district, street and community.

A story belongs to a place when an active link reaches the place directly or through its
parts: a district through its streets and communities, a street through its communities (a
story that names only 南苑街道 is a 丰台区 story). It counts once however many links reach
the place (see story_counts).

These views read the stories app's models; no import cycle results, since stories.models is
what imports places.models.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import DetailView

from archive.views import story_page
from stories.models import Story, StoryCommunity, StoryDistrict, StoryStreet

from .models import Community, District, Street

# For each kind of place, the links that reach it: (link model, lookup from link to place).
LINK_PATHS = {
    District: (
        (StoryDistrict, "district"),
        (StoryStreet, "street__district"),
        (StoryCommunity, "community__district"),
    ),
    Street: ((StoryStreet, "street"), (StoryCommunity, "community__street")),
    Community: ((StoryCommunity, "community"),),
}


def _union(querysets):
    first, *rest = querysets
    return first.union(*rest) if rest else first


def story_ids(place):
    """The ids of the stories, published or not, with an active link reaching `place`."""
    return _union(
        [
            link.objects.active().filter(**{lookup: place}).order_by().values("story")
            for link, lookup in LINK_PATHS[type(place)]
        ]
    )


def stories_of(place):
    """The published stories of `place`, as a page of story cards needs them."""
    stories = Story.objects.published().filter(pk__in=story_ids(place))
    return stories.for_list().newest_first()


def story_counts(places):
    """{pk: number of published stories} for the rows of `places` (a queryset of one model)
    that have any.

    One aggregate query per link path (three for districts, two for streets, one for
    communities), each a single pass over one link table: counting in a subquery per place
    over a UNION of its links took seconds at 100,000 stories. A story that reaches a place
    by several paths is counted by the first of them only (each later path leaves out the
    stories an earlier path brings to the same place), so the sum over the paths counts
    every story once.
    """
    published, paths, counts = Story.objects.published(), LINK_PATHS[places.model], Counter()
    for index, (link, lookup) in enumerate(paths):
        rows = link.objects.active().filter(story__in=published, **{f"{lookup}__in": places})
        for earlier, earlier_lookup in paths[:index]:
            already = earlier.objects.active().filter(
                story=OuterRef("story"), **{earlier_lookup: OuterRef(lookup)}
            )
            rows = rows.exclude(Exists(already))
        for row in rows.order_by().values(lookup).annotate(n=Count("story", distinct=True)):
            counts[row[lookup]] += row["n"]
    return counts


def counted(places):
    """The rows of `places` (a queryset of one model) with published stories, in its order,
    each with its `story_count`: the queries of story_counts, then one for the rows."""
    published = Story.objects.published()
    reached = _union(
        [
            link.objects.active()
            .filter(story__in=published, **{f"{lookup}__in": places})
            .order_by()
            .values(lookup)
            for link, lookup in LINK_PATHS[places.model]
        ]
    )
    counts = story_counts(places)
    rows = list(places.filter(pk__in=reached))
    for row in rows:
        row.story_count = counts[row.pk]
    return rows


def region(district):
    """The province and city a district belongs to, as one label (北京市, 江苏省南京市)."""
    if district.province == district.city:
        return district.city
    return f"{district.province}{district.city}"


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str = ""  # empty for a label that is not a page


def _crumbs(place):
    """The way from the index down to `place`'s parent."""
    crumbs = [Crumb("地点", reverse("places:index"))]
    district = place if isinstance(place, District) else place.district
    if district is not None:
        crumbs.append(Crumb(region(district)))
        if district is not place:
            crumbs.append(Crumb(district.name, district.get_absolute_url()))
    street = getattr(place, "street", None)
    if street is not None:
        crumbs.append(Crumb(street.name, street.get_absolute_url()))
    return crumbs


def full_name(place):
    """The place with its parents, for titles: 北京市丰台区南苑街道."""
    if isinstance(place, District):
        return str(place)
    parents = [place.district, getattr(place, "street", None)]
    return "".join(str(parent) for parent in parents if parent is not None) + place.name


def _nest(districts, streets, communities):
    """Hang the streets and communities under their parents (`listed_streets`,
    `listed_communities`); returns the communities that belong to no district."""
    by_street, by_district, unplaced = defaultdict(list), defaultdict(list), []
    for community in communities:
        if community.street_id:
            by_street[community.street_id].append(community)
        elif community.district_id:
            by_district[community.district_id].append(community)
        else:
            unplaced.append(community)
    streets_by_district = defaultdict(list)
    for street in streets:
        street.listed_communities = by_street[street.pk]
        streets_by_district[street.district_id].append(street)
    for district in districts:
        district.listed_streets = streets_by_district[district.pk]
        district.listed_communities = by_district[district.pk]
    return unplaced


def place_index(request):
    """Districts (grouped by province and city) → streets → communities, with story counts:
    nine queries (see `counted`) whatever the number of places."""
    districts = counted(District.objects.order_by("province", "city", "code", "name"))
    streets = counted(Street.objects.order_by("code", "name"))
    communities = counted(Community.objects.order_by("name", "pk"))
    unplaced = _nest(districts, streets, communities)
    context = {
        "regions": [(label, list(group)) for label, group in groupby(districts, key=region)],
        "unplaced_communities": unplaced,
    }
    return render(request, "places/place_index.html", context)


def redirect_if_merged(model, pk, missing):
    """A permanent redirect from a merged-away record's page to the survivor's, or the
    page's own Http404 `missing` if the record was not merged (issue 7). Costs queries only
    on the way to a 404."""
    merged = model.objects.filter(pk=pk, merged_into__isnull=False).select_related("merged_into")
    merged = merged.first()
    if merged is None:
        raise missing
    return redirect(merged.merged_into, permanent=True)


class PlaceDetailView(DetailView):
    """A place, its parents, its parts with their counts, and a page of its stories.

    Districts and streets come from the official gazetteer, so their pages exist even before
    a story names them. Communities are created from story text: a community's page is 404
    until a published story links to it.
    """

    template_name = "places/place_detail.html"
    context_object_name = "place"
    needs_stories = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = story_page(self.request, stories_of(self.object))
        if self.needs_stories and not page["paginator"].count:
            raise Http404("这个社区村没有出现在已发布的报道中。")
        return {
            **context,
            **page,
            **self.get_parts(),
            "crumbs": _crumbs(self.object),
            "full_name": full_name(self.object),
            # The story list filters by the same place, by code where there is one.
            "place_filter": urlencode({self.filter_key: self.object.code or self.object.name}),
        }

    def get_parts(self):
        return {}


class DistrictDetailView(PlaceDetailView):
    model = District
    filter_key = "district"

    def get_parts(self):
        streets = self.object.streets.order_by("code", "name")
        communities = self.object.communities.filter(street__isnull=True).order_by("name", "pk")
        return {
            "part_streets": counted(streets),
            "part_communities": counted(communities),
        }


class StreetDetailView(PlaceDetailView):
    queryset = Street.objects.select_related("district")
    filter_key = "street"

    def get_parts(self):
        communities = self.object.communities.order_by("name", "pk")
        return {"part_communities": counted(communities)}


class CommunityDetailView(PlaceDetailView):
    queryset = Community.objects.filter(merged_into=None).select_related("street", "district")
    filter_key = "community"
    needs_stories = True

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404 as missing:
            return redirect_if_merged(Community, kwargs["pk"], missing)
