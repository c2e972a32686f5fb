"""The directory of people and organisations, and a page for each.

Only what a published story shows is public (see people.filters): lists hold only public
people and organisations, and their pages are 404 otherwise. A private resident (whose name
is not public) has no page and is left out of the lists and their counts rather than shown
unlinked: the story pages show them as surname + 某, and a directory row of surname,
community and title would only help to tell who they are (issue 7). Every page runs a fixed
number of queries whatever the number of rows.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef
from django.http import Http404
from django.shortcuts import render
from django.views.generic import DetailView

from archive.views import LinkedStoriesMixin, story_page
from places.views import redirect_if_merged
from stories.models import Story, StoryCommunity, StoryOrganization, every_appearance

from .filters import (
    OrganizationFilter,
    PersonFilter,
    district_counts,
    kind_counts,
    public_appearances,
    public_organizations,
    public_people,
    role_counts,
)
from .models import Organization, Person


@dataclass(frozen=True)
class FacetOption:
    label: str
    count: int
    url: str  # the list with this option switched on, or off if it is selected
    is_selected: bool


@dataclass(frozen=True)
class Facet:
    title: str
    options: list


@dataclass(frozen=True)
class ActiveFilter:
    facet: str
    label: str
    url: str  # the list without this option


@dataclass(frozen=True)
class Problem:
    """A filter value the page could not use, with the list without it."""

    message: str
    url: str


def _query_with(query, name, value, *, selected, multiple):
    """The query string with `value` of `name` switched on or off, back on the first page."""
    params = query.copy()
    params.pop("page", None)
    values = params.getlist(name) if multiple else []
    if selected:
        params.setlist(name, [other for other in values if other != value])
    else:
        params.setlist(name, [*values, value])
    return f"?{params.urlencode()}"


def _options(query, name, counts, selected, *, value, label=str, multiple=False):
    """FacetOptions for (item, count) pairs; `value(item)` is the item in the query string.

    Selected items missing from `counts` (none left under the other filters) are kept with
    a count of 0, so that they can still be removed.
    """
    counted = {item for item, _ in counts}
    pairs = [*counts, *((item, 0) for item in selected if item not in counted)]
    return [
        FacetOption(
            label=label(item),
            count=count,
            url=_query_with(query, name, value(item), selected=item in selected, multiple=multiple),
            is_selected=item in selected,
        )
        for item, count in pairs
    ]


def _problems(query, filterset):
    without = {name: query.copy() for name in filterset.errors}
    for name, params in without.items():
        params.pop(name)
        params.pop("page", None)
    return [
        Problem(message, f"?{without[name].urlencode()}")
        for name, messages in filterset.errors.items()
        for message in messages
    ]


def _filter_context(query, filterset, facets):
    """What people/_facets.html and _filter_notices.html show: the facets, the selected
    options (each removable) and the values that did not validate."""
    active = [
        ActiveFilter(facet.title, option.label, option.url)
        for facet in facets
        for option in facet.options
        if option.is_selected
    ]
    return {"facets": facets, "active_filters": active, "problems": _problems(query, filterset)}


def _page(request, rows, name):
    """`story_page` for any rows: its context, with the page's rows under `name`."""
    context = story_page(request, rows)
    return {**context, name: context.pop("stories")}


def _with_latest(people):
    """`people` (a page of rows) as a list, each with `latest_title` and `latest_role`: the
    title and the role category of their latest public appearance that has one, undated
    last. One query for the whole page, so only the page's people are looked at."""
    people = list(people)
    latest = {
        pk: (title, role)
        for pk, title, role in Person.objects.filter(pk__in=[person.pk for person in people])
        .annotate(
            latest_title=_latest("title", public_appearances().exclude(title="")),
            latest_role=_latest("role__name", public_appearances().filter(role__isnull=False)),
        )
        .values_list("pk", "latest_title", "latest_role")
    }
    for person in people:
        person.latest_title, person.latest_role = latest[person.pk]
    return people


def _latest(field, appearances):
    """A subquery: the `field` of the outer person's latest appearance among `appearances`."""
    latest = appearances.filter(person=OuterRef("pk")).order_by(
        F("story__date_start").desc(nulls_last=True), "-story__pk"
    )
    return latest.values(field)[:1]


def _person_facets(query, filterset):
    """The role and district facets; call after validating `filterset`."""
    cleaned = filterset.form.cleaned_data
    roles = _options(
        query,
        "role",
        role_counts(filterset.queryset_without("role")),
        cleaned.get("role") or [],
        value=lambda role: role.name,
        multiple=True,
    )
    districts = _options(
        query,
        "district",
        district_counts(filterset.queryset_without("district")),
        cleaned.get("district") or (),
        value=lambda district: district.code or district.name,
    )
    return [Facet("角色类别", roles), Facet("区县", districts)]


def person_list(request):
    filterset = PersonFilter(request.GET, queryset=public_people().filter(is_name_public=True))
    # Joined to the public appearances first and counted over that join: PostgreSQL will not
    # hash a subquery inside an aggregate's FILTER, and rescans it for every row.
    people = (
        filterset.qs.filter(appearances__in=public_appearances())
        .select_related("community", "organization")
        .annotate(story_count=Count("appearances"))
        .order_by("-story_count", "name", "pk")
    )
    page = _page(request, people, "people")
    context = {
        **page,
        "people": _with_latest(page["people"]),
        **_filter_context(request.GET, filterset, _person_facets(request.GET, filterset)),
    }
    return render(request, "people/person_list.html", context)


def organization_list(request):
    filterset = OrganizationFilter(request.GET, queryset=public_organizations())
    published_links = StoryOrganization.objects.active().filter(story__in=Story.objects.published())
    organizations = (
        filterset.qs.filter(story_links__in=published_links)
        .select_related("district")
        .annotate(story_count=Count("story_links"))
        .order_by("-story_count", "name", "pk")
    )
    kind = filterset.form.cleaned_data.get("kind")
    kinds = _options(
        request.GET,
        "kind",
        kind_counts(filterset.queryset_without("kind")),
        [Organization.Kind(kind)] if kind else [],
        value=lambda kind: kind.value,
        label=lambda kind: kind.label,
    )
    context = {
        **_page(request, organizations, "organizations"),
        **_filter_context(request.GET, filterset, [Facet("类型", kinds)]),
    }
    return render(request, "people/organization_list.html", context)


class PersonDetailView(LinkedStoriesMixin, DetailView):
    """A person's page exists only while their name is public and they appear in a
    published story: people the importer found in drafts are not public until an editor
    publishes one, and a private resident has no page at all.

    Besides the page of stories, every public appearance in date order (undated last), with
    the story's public title. The community and organisation are links only where their own
    pages exist (see their views).
    """

    template_name = "people/person_detail.html"
    context_object_name = "person"
    queryset = (
        Person.objects.filter(merged_into__isnull=True, is_name_public=True)
        .select_related("community", "organization")
        .annotate(
            community_is_public=Exists(
                StoryCommunity.objects.active().filter(
                    story__in=Story.objects.published(), community=OuterRef("community")
                )
            ),
            organization_is_public=Exists(
                public_organizations().filter(pk=OuterRef("organization"))
            ),
        )
    )
    links = "appearances"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404 as missing:
            return redirect_if_merged(Person, kwargs["pk"], missing)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context["paginator"].count:
            raise Http404("这个人物没有出现在已发布的报道中。")
        appearances = (
            public_appearances()
            .filter(person=self.object)
            .select_related("story", "role")
            .prefetch_related(every_appearance("story__appearances"))
            .order_by(F("story__date_start").asc(nulls_last=True), "story__pk")
        )
        return {**context, "appearances": appearances}


class OrganizationDetailView(LinkedStoriesMixin, DetailView):
    """An organisation's page exists only while a published story links to it. It lists the
    public people of the organisation: those whose organisation it is, and those who appear
    for it in a published story."""

    template_name = "people/organization_detail.html"
    context_object_name = "organization"
    queryset = Organization.objects.filter(merged_into=None).select_related("district")

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404 as missing:
            return redirect_if_merged(Organization, kwargs["pk"], missing)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context["paginator"].count:
            raise Http404("这个组织机构没有出现在已发布的报道中。")
        members = Person.objects.filter(organization=self.object).order_by().values("pk")
        appears_for = public_appearances().filter(organization=self.object).order_by()
        appears_for = appears_for.values("person")
        people = public_people().filter(pk__in=members.union(appears_for), is_name_public=True)
        return {**context, "people": people.order_by("name", "pk")}
