"""What the story list shows around its results: facets with their option links, the active
filters (each removable), and notices for a place name several places share.

Links are query strings built from the request's own parameters, so every other filter
survives a click; a change of filter always drops `page`.
"""

from dataclasses import dataclass

from django.utils.http import urlencode

from . import facets as counts


@dataclass(frozen=True)
class Option:
    label: str
    count: int
    url: str
    is_active: bool = False
    detail: str = ""  # e.g. the city of a district


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    value: str
    remove_url: str


@dataclass(frozen=True)
class Notice:
    message: str
    choices: list  # [(label, url)]


def query_url(params, **changes):
    """`?` and `params` (a QueryDict) with `changes` applied: a value None removes the
    key, a list sets several values. `page` always goes."""
    data = {key: params.getlist(key) for key in params if key != "page"}
    for key, value in changes.items():
        if value is None or value == []:
            data.pop(key, None)
        else:
            data[key] = value if isinstance(value, list) else [value]
    return "?" + urlencode(data, doseq=True) if data else "?"


def place_param(place):
    """The value that names `place` in a URL: its official code, else its name."""
    return place.code or place.name


def facets(filterset, params):
    """The facets of the list, each counted over the stories every other filter selects."""
    data = filterset.form.cleaned_data
    result = [_district_facet(filterset, params, data.get("district", ()))]
    if data.get("district"):
        result.append(_street_facet(filterset, params, data))
    if data.get("street"):
        result.append(_community_facet(filterset, params, data))
    result.append(_role_facet(filterset, params, data.get("role") or []))
    result.append(_year_facet(filterset, params, data))
    return [facet for facet in result if facet.options]


def _place_options(rows, params, key, active, clear=()):
    active_ids = {place.pk for place in active}
    names = [place.name for place, _ in rows]
    options = []
    for place, n in rows:
        chosen = place.pk in active_ids
        change = {key: None if chosen else place_param(place), **dict.fromkeys(clear)}
        shared = names.count(place.name) > 1
        detail = getattr(place, "city", "") if shared else ""
        options.append(Option(place.name, n, query_url(params, **change), chosen, detail))
    return options


def _district_facet(filterset, params, active):
    stories = filterset.queryset_without("district", "street", "community")
    rows = counts.district_counts(stories)
    options = _place_options(rows, params, "district", active, clear=("street", "community"))
    return Facet("district", "区县", options)


def _street_facet(filterset, params, data):
    districts = [district.pk for district in data["district"]]
    stories = filterset.queryset_without("street", "community")
    rows = counts.street_counts(stories, districts)
    active = data.get("street", ())
    options = _place_options(rows, params, "street", active, clear=("community",))
    return Facet("street", "街道乡镇", options)


def _community_facet(filterset, params, data):
    stories = filterset.queryset_without("community")
    rows = counts.community_counts(stories, streets=[street.pk for street in data["street"]])
    options = _place_options(rows, params, "community", data.get("community", ()))
    return Facet("community", "社区村", options)


def _role_facet(filterset, params, active):
    names = [role.name for role in active]
    options = []
    for role, n in counts.role_counts(filterset.queryset_without("role")):
        chosen = role.name in names
        wanted = [name for name in names if name != role.name] if chosen else [*names, role.name]
        options.append(Option(role.name, n, query_url(params, role=wanted), chosen))
    return Facet("role", "角色类别", options)


def year_range(year):
    return f"{year}-01-01", f"{year}-12-31"


def _year_facet(filterset, params, data):
    current = (params.get("date_after"), params.get("date_before"))
    options = []
    for year, n in counts.year_counts(filterset.queryset_without("date_after", "date_before")):
        after, before = year_range(year)
        chosen = current == (after, before)
        after, before = (None, None) if chosen else (after, before)
        url = query_url(params, date_after=after, date_before=before)
        options.append(Option(f"{year}年", n, url, chosen))
    return Facet("year", "年份", options)


_PLACES = ("district", "street", "community")
FILTER_LABELS = {
    "q": "搜索",
    "district": "区县",
    "street": "街道乡镇",
    "community": "社区村",
    "date_after": "起始日期",
    "date_before": "截止日期",
}


def active_filters(filterset, params):
    """One removable entry per active filter value (each role on its own)."""
    data = filterset.form.cleaned_data
    result = []
    for key, label in FILTER_LABELS.items():
        value = data.get(key)
        if value:
            shown = "、".join(str(place) for place in value) if key in _PLACES else str(value)
            result.append(ActiveFilter(label, shown, query_url(params, **{key: None})))
    names = [role.name for role in data.get("role") or []]
    for name in names:
        rest = [other for other in names if other != name]
        result.append(ActiveFilter("角色", name, query_url(params, role=rest)))
    return result


def notices(filterset, params):
    """For a place name that several places share: an offer of each, by its code."""
    data = filterset.form.cleaned_data
    result = []
    for key in _PLACES:
        places = data.get(key) or ()
        if len(places) > 1:
            label, asked = FILTER_LABELS[key], params.get(key, "").strip()
            if all(place.name == asked for place in places):
                message = f"有 {len(places)} 个{label}名为“{asked}”，"
            else:
                message = f"有 {len(places)} 个{label}的名称以“{asked}”开头，"
            message += "下面的结果包括全部。要只看其中一个，请选择："
            choices = [
                (_full_name(place), query_url(params, **{key: place_param(place)}))
                for place in places
            ]
            result.append(Notice(message, choices))
    return result


def _full_name(place):
    district = getattr(place, "district", None)
    return f"{district}{place.name}" if district else str(place)
