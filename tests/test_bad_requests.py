"""No request, however malformed, gives a server error ("Nothing lost, nobody let in").

Every public route (the URLconf without the admin) is asked, by Hypothesis, for query
strings made of every filter of every FilterSet of ours and the parameters views read
themselves, and for paths with whatever its converters accept: malformed and extreme dates,
unknown places, huge and negative numbers, odd Unicode, NUL bytes and control characters,
very long values, repeated parameters, escapes that are not UTF-8. Every answer is below
500. Routes and filters are read from the URLconf and the FilterSet classes, so a new page
or filter is fuzzed without a change here. The worst values are explicit examples, tried on
every run: drawn at random, a NUL byte in `role` turned up too rarely to rely on.

The archive is built once for the module and rolled back after it (`archive`). The fuzzed
tests take no function-scoped fixture (they get the database from the `django_db` mark),
so Hypothesis' health check has nothing to warn about: examples share the archive, and
each request runs in a savepoint that is rolled back, so that no example sees another's
writes or, on PostgreSQL, the aborted transaction an error leaves behind.

Last, a direct regression test for each server error the fuzzing found.
"""

import operator
import re
from dataclasses import dataclass
from urllib.parse import quote_from_bytes, urlencode

import django_filters
import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from hypothesis import example, given, settings
from hypothesis import strategies as st

from archive.sitemaps import SITEMAPS
from people.models import Organization
from stories.filters import StoryFilter
from stories.models import Story
from tests.factories import (
    make_appearance,
    make_community,
    make_district,
    make_organization,
    make_person,
    make_role,
    make_story,
    make_story_community,
    make_story_district,
    make_story_organization,
    make_story_street,
    make_street,
)

OUR_APPS = {"archive", "stories", "people", "places"}
# What views read from request.GET themselves; `p` is the page of a sitemap section.
VIEW_PARAMETERS = ("page", "page_size", "p")
ROLE_NAMES = ("社区书记", "志愿者", "居民")
PLACE_VALUES = (
    "丰台区",
    "丰台",
    "110106",
    "北京市丰台区",
    "南苑街道",
    "110106014",
    "西宏苑社区",
    "鼓楼区",
)

FUZZ = settings(
    max_examples=10,  # besides the explicit examples; the whole file runs in about half a minute
    deadline=None,  # the first request of a process builds caches; time is not the property
)


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, for reverse()
    converters: dict  # {kwarg: path converter}


def public_routes(resolver=None, namespace="", converters=None):
    """Every named route of the URLconf outside the admin, with the converters of its path."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        found = {**(converters or {}), **entry.pattern.converters}
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from public_routes(entry, inner, found)
        else:
            yield Route(f"{namespace}{entry.name}", found)


def our_filtersets(base=django_filters.FilterSet):
    for subclass in base.__subclasses__():
        if subclass.__module__.split(".")[0] in OUR_APPS:
            yield subclass
        yield from our_filtersets(subclass)


ROUTES = sorted(public_routes(), key=lambda route: route.name)
FILTERS = sorted({name for filterset in our_filtersets() for name in filterset.base_filters})
PARAMETERS = [*FILTERS, *VIEW_PARAMETERS]

# --- values ----------------------------------------------------------------------------------

KNOWN = (
    *PLACE_VALUES,
    *ROLE_NAMES,
    *StoryFilter.SORTS,
    *Organization.Kind.values,
    "2020-02-01",
    "2020-12-31",
    "1",
    "2",
)
NASTY = (
    "\x00",
    "\r\n\t",
    "\u0301\u0308",  # combining marks
    "\u202e\u200f",  # right-to-left override and mark
    "\u200b\ufeff",  # zero-width space, BOM
    "👩🏽‍⚕️",
    "Ｑ２０２０－０１",  # full-width
    "𠀀𪚥",  # CJK Extension B
    "²①٣",  # digits to str.isdigit(); int() refuses the first two
    "İß",
    "%",
    "' OR 1=1 --",
    "<script>",
)
nasty = st.one_of(st.sampled_from(NASTY), st.characters(categories=["Cc"]))
numbers = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.text(st.characters(categories=["Nd", "Nl", "No"]), min_size=1, max_size=3),
    st.sampled_from(["-0", "1.5", "1e3", "nan", "inf", "0x10", "1_0", "2147483648"]),
)
dates = st.one_of(
    st.dates().map(str),
    st.tuples(st.integers(-99, 100_000), st.integers(-1, 99), st.integers(-1, 99)).map(
        lambda ymd: "-".join(str(part).zfill(2) for part in ymd)
    ),
    st.sampled_from(["0001-01-01", "9999-12-31", "2020-02-30", "2020-13-01", "2020-1-1"]),
)
# st.text: any code point but surrogates, which UTF-8 cannot carry.
clean = st.one_of(st.sampled_from(KNOWN), numbers, dates, st.text(max_size=20))
tainted = st.builds(
    lambda value, bad, at: value[:at] + bad + value[at:], clean, nasty, st.integers(0, 20)
)
long_values = st.builds(operator.mul, st.sampled_from(KNOWN + NASTY), st.integers(700, 5_000))
values = st.one_of(clean, tainted, long_values)
# Each parameter present or not, some repeated; now and then a key nobody reads.
parameters = st.fixed_dictionaries(
    {}, optional={name: st.lists(values, min_size=1, max_size=3) for name in PARAMETERS}
)
strangers = st.dictionaries(st.one_of(tainted, st.text(max_size=5)), values, max_size=2)
# Raw tails: lone escapes, bytes that are not UTF-8, stray separators.
raw = st.lists(
    st.one_of(st.binary(max_size=4).map(quote_from_bytes), st.sampled_from("%&=+;"))
).map("".join)
queries = st.builds(
    lambda known, other, tail: urlencode(known, doseq=True) + "&" + urlencode(other) + tail,
    parameters,
    strangers,
    raw,
)


def segments(converter, existing):
    """Values for a path segment that the converter accepts (a 404 from the resolver proves
    nothing), the records of the archive among them."""
    extremes = ["0", "2147483648", "9223372036854775808", "1" * 40]
    accepted = [value for value in extremes if re.fullmatch(converter.regex, value)]
    return st.one_of(
        st.from_regex(converter.regex, fullmatch=True),
        st.sampled_from(accepted + list(existing)),
    )


# --- the archive -----------------------------------------------------------------------------


def populate():
    """A small archive reaching every branch of the pages: districts with streets and
    communities (and a shared name), public and private people, a merged person, an
    organisation, dated stories, a draft. Returns {route name: [path values]}."""
    secretary, volunteer, resident = (
        make_role(name=ROLE_NAMES[0]),
        make_role(name=ROLE_NAMES[1]),
        make_role(name=ROLE_NAMES[2], is_private=True),
    )
    fengtai = make_district(name="丰台区", code="110106")
    make_district(name="鼓楼区", city="南京市", province="江苏省", code="320106")
    make_district(name="鼓楼区", city="福州市", province="福建省", code="350102")
    street = make_street(name="南苑街道", code="110106014", district=fengtai)
    community = make_community(name="西宏苑社区", street=street)
    organization = make_organization(name="南苑街道办事处", district=fengtai, kind="government")
    leader = make_person(name="钱秀英", community=community)
    helper = make_person(name="王志强", organization=organization)
    neighbour = make_person(name="欧阳明", community=community, is_name_public=False)
    merged = make_person(name="钱书记", merged_into=leader)
    stories = [
        make_story(
            status=Story.Status.PUBLISHED,
            title=f"{community.name}的{day}",
            body=f"{leader.name}带领志愿者{helper.name}和居民{neighbour.name}核酸检测。" * 20,
            date_start=f"2020-02-0{day}",
            date_end=f"2020-02-{day + 10}",
            byline=[{"role": "记者", "name": "李记"}],
        )
        for day in (1, 2, 3)
    ]
    draft = make_story(title="草稿")
    for story in stories:
        make_story_district(story=story, district=fengtai)
        make_story_street(story=story, street=street)
        make_story_community(story=story, community=community)
        make_story_organization(story=story, organization=organization)
        make_appearance(story=story, person=leader, role=secretary, title="社区党委书记")
        make_appearance(story=story, person=helper, role=volunteer, organization=organization)
        make_appearance(story=story, person=neighbour, role=resident)
    return {
        "stories:detail": [story.pk for story in stories] + [draft.pk],
        "people:person": [leader.pk, helper.pk, neighbour.pk, merged.pk],
        "people:organization": [organization.pk],
        "places:district": [fengtai.pk],
        "places:street": [street.pk],
        "places:community": [community.pk],
        "sitemap-section": list(SITEMAPS),
    }


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker):
    """The archive of `populate`, built once for the module and rolled back after it; each
    test runs in a savepoint inside it (pytest-django's `django_db`)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield populate()
        transaction.set_rollback(True)


def get(url):
    """The response to GET `url`, its streamed content read (an error while streaming is a
    server error too), in a savepoint rolled back whatever happens."""
    with transaction.atomic():
        response = Client().get(url)
        response.getvalue()
        transaction.set_rollback(True)
    return response


# --- the properties --------------------------------------------------------------------------

# Tried on every run, whatever Hypothesis draws.
WORST = (
    "",
    "\x00",
    "\x1b\x7f",
    "\u202e\u0301👩🏽‍⚕️𠀀",
    "Ｑ２０２０－０１",
    "²①٣",
    "-1",
    "9" * 40,
    "2020-13-01",
    "%",
    "' OR 1=1 --<script>",
    "社区" * 6_000,
)


def with_the_worst_in_every_parameter(test):
    """Each WORST value, twice, in every filter at once, then in every parameter the views
    read themselves: apart, since a view may answer a bad filter before reading `page`."""
    for bad in WORST:
        for names in (FILTERS, VIEW_PARAMETERS):
            query = urlencode({name: [bad, bad] for name in names}, doseq=True)
            test = example(query=query)(test)
    return test


def test_every_public_page_and_filter_is_fuzzed():
    names = {route.name for route in ROUTES}
    assert {"stories:list", "stories:api", "people:person", "places:community", "sitemap"} <= names
    assert not any(name.startswith("admin:") for name in names)
    assert {"q", "district", "role", "date_after", "kind", "page", "page_size"} <= set(PARAMETERS)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
@FUZZ
@given(query=queries)
@with_the_worst_in_every_parameter
def test_no_query_string_gives_a_server_error(archive, route, query):
    """On a page that exists: the first record of the archive where the route needs one."""
    records = archive.get(route.name)
    kwargs = dict.fromkeys(route.converters, records[0]) if records else {}
    assert get(f"{reverse(route.name, kwargs=kwargs)}?{query}").status_code < 500


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route", [route for route in ROUTES if route.converters], ids=lambda route: route.name
)
@FUZZ
@given(data=st.data())
def test_no_path_gives_a_server_error(archive, route, data):
    kwargs = {
        name: data.draw(segments(converter, archive[route.name]), label=name)
        for name, converter in route.converters.items()
    }
    assert get(reverse(route.name, kwargs=kwargs)).status_code < 500


# --- what the fuzzing found --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_role_with_a_nul_byte_is_explained_on_the_story_list(client):
    response = client.get(reverse("stories:list"), {"role": "社区书记\x00"})
    assert response.status_code == 400
    assert response.context["filter"].errors == {"role": ["角色类别的名称里不能有空字符（NUL）。"]}


@pytest.mark.django_db
def test_a_role_with_a_nul_byte_is_explained_on_the_people_list(client):
    response = client.get(reverse("people:list"), {"role": "\x00"})
    messages = [problem.message for problem in response.context["problems"]]
    assert messages == ["角色类别的名称里不能有空字符（NUL）。"]


@pytest.mark.django_db
def test_a_page_size_of_superscript_digits_is_a_bad_request(client):
    response = client.get(reverse("stories:api"), {"page_size": "²"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["page_size"]


@pytest.mark.django_db
def test_a_search_with_nothing_searchable_lists_no_stories(client):
    make_story(status=Story.Status.PUBLISHED)
    response = client.get(reverse("stories:list"), {"q": "%"})
    assert response.status_code == 200
    assert list(response.context["stories"]) == []
