"""The story list's filters: place (through streets and communities), role, date range, search.

Bad input never breaks the page: a field that does not validate carries its message in the
form, and the other filters still apply (`StoryFilter.qs` uses only what validated).
"""

import django_filters
from django import forms
from django.db.models import Q

from archive.filters import FacetFilterSet
from people.filters import RoleFilter
from places.filters import PlaceFilter
from places.models import Community, District, Street

from .models import Appearance, StoryCommunity, StoryDistrict, StoryStreet


class IsoDateField(forms.DateField):
    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": "日期格式应为 YYYY-MM-DD，例如 2020-02-01。"}


class IsoDateFilter(django_filters.Filter):
    field_class = IsoDateField


class StoryFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        after, before = data.get("date_after"), data.get("date_before")
        if after and before and after > before:
            raise forms.ValidationError("起始日期晚于截止日期，没有报道能同时满足。")
        return data


def _active(model, **lookups):
    return model.objects.active().filter(**lookups).values("story")


def in_districts(districts):
    """Stories linked to one of `districts` directly or through its streets or communities."""
    return (
        Q(pk__in=_active(StoryDistrict, district__in=districts))
        | Q(pk__in=_active(StoryStreet, street__district__in=districts))
        | Q(pk__in=_active(StoryCommunity, community__district__in=districts))
    )


def in_streets(streets):
    return Q(pk__in=_active(StoryStreet, street__in=streets)) | Q(
        pk__in=_active(StoryCommunity, community__street__in=streets)
    )


def in_communities(communities):
    return Q(pk__in=_active(StoryCommunity, community__in=communities))


class StoryFilter(FacetFilterSet):
    """Filters over published stories. `queryset_without(name)` gives the stories that every
    filter but `name` selects, which is what the facet of `name` counts."""

    class Meta:
        form = StoryFilterForm

    SORTS = {"newest": "最新在前", "oldest": "最早在前", "relevance": "相关度"}

    q = django_filters.CharFilter(method="filter_search", label="全文搜索", max_length=200)
    district = PlaceFilter(model=District, label="区县", method="filter_district")
    street = PlaceFilter(model=Street, label="街道乡镇", method="filter_street")
    community = PlaceFilter(model=Community, label="社区村", method="filter_community")
    role = RoleFilter(method="filter_role", label="角色类别")
    date_after = IsoDateFilter(method="filter_date_after", label="起始日期")
    date_before = IsoDateFilter(method="filter_date_before", label="截止日期")
    sort = django_filters.ChoiceFilter(
        choices=list(SORTS.items()), method="filter_sort", label="排序", empty_label=None
    )

    def filter_search(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset

    def filter_district(self, queryset, name, districts):
        return queryset.filter(in_districts(districts))

    def filter_street(self, queryset, name, streets):
        return queryset.filter(in_streets(streets))

    def filter_community(self, queryset, name, communities):
        return queryset.filter(in_communities(communities))

    def filter_role(self, queryset, name, roles):
        """Stories with an active appearance of any of `roles`."""
        return queryset.filter(pk__in=_active(Appearance, role__in=roles))

    def filter_date_after(self, queryset, name, day):
        """Overlap: a story ends (or, with one date, happens) on or after `day`."""
        return queryset.filter(Q(date_end__gte=day) | Q(date_end__isnull=True, date_start__gte=day))

    def filter_date_before(self, queryset, name, day):
        return queryset.filter(date_start__lte=day)

    def filter_sort(self, queryset, name, value):
        return queryset  # ordering is the view's: it depends on whether there is a query
