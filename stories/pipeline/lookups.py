"""Gazetteer lookups for locations.py and communities.py, cached once per process.

The finders try every name ending before a suffix against the gazetteer, so the same few
thousand names are looked up again and again; the caches live here, at module level, so
that both finders share them (and neither imports the other for them).
"""

from functools import lru_cache

from places.gazetteer import get_gazetteer

from .text import NAME_STOPS


def names_ending_at(text, end, shortest, longest):
    """Candidate names ending at `end`, longest first, never crossing punctuation."""
    start = end
    while start > 0 and end - start < longest and text[start - 1] not in NAME_STOPS:
        start -= 1
    return [text[s:end] for s in range(start, end - shortest + 1)]


def inside(code, context):
    return any(code.startswith(prefix) or prefix.startswith(code) for prefix in context)


def acceptable(candidates, context):
    """Inside the page's area when it is known; else only a name unique in the country."""
    if not candidates:
        return False
    return inside(candidates[0].code, context) if context else len(candidates) == 1


@lru_cache(maxsize=20000)
def cities_named(name):
    return list(get_gazetteer().cities_named(name))


@lru_cache(maxsize=20000)
def districts_named(name, context):
    return get_gazetteer().districts_named(name, context)


@lru_cache(maxsize=20000)
def streets_named(name, context):
    """Streets called `name`; 花地街 before a community is short for 花地街道, and
    新建路办事处 is the office of 新建路街道."""
    if len(name) < 2:
        return []
    found = get_gazetteer().streets_named(name, context)
    if not found and name.endswith("街") and len(name) >= 3:
        found = get_gazetteer().streets_named(name + "道", context)
    if not found and name.endswith(("办事处", "街道办")) and len(name) >= 5:
        # 新建路办事处: the street's office, named without 街道
        found = get_gazetteer().streets_named(name[:-3] + "街道", context)
    return found


@lru_cache(maxsize=50000)
def communities_named(name, context):
    return get_gazetteer().communities_named(name, context) if len(name) >= 3 else []


def city_codes(city):
    gazetteer = get_gazetteer()
    if not city:
        return []
    cities = gazetteer.cities_named(city)
    if cities:
        return [cities[0].code]
    provinces = [code for code, name in gazetteer.provinces.items() if name == city]
    return provinces[:1]


def names_a_division(name):
    """北京, 邓州, 张家口: the name of a city or county without its suffix."""
    return bool(
        cities_named(name)
        or cities_named(name + "市")
        or any(districts_named(name + suffix, ()) for suffix in "市县区")
    )
