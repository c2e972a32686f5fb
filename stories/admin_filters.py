"""The story changelist's filters that Django's own do not cover, and its ChangeList."""

import re

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import Prefetch

from .models import Source, Story, StoryDistrict


class ActiveDistrictFilter(admin.SimpleListFilter):
    """Districts the story is linked to, ignoring links an editor rejected."""

    title = "区县"
    parameter_name = "district"

    def lookups(self, request, model_admin):
        districts = StoryDistrict.objects.active().values_list("district", "district__name")
        return sorted(set(districts), key=lambda choice: choice[1])

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit():
            return queryset
        links = StoryDistrict.objects.active().filter(district=self.value())
        return queryset.filter(pk__in=links.values("story"))


class SourceFilter(admin.SimpleListFilter):
    """The page a story was cut from, by file name (Django's related filter would load
    every page's whole text to list them)."""

    title = "来源版面"
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return Source.objects.order_by("filename").values_list("pk", "filename")

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit():
            return queryset
        return queryset.filter(source=self.value())


class MonthFilter(admin.SimpleListFilter):
    """The month a story starts in. Django's date filter offers only periods relative to
    today (past 7 days, this year), which says nothing about stories from 2020."""

    title = "起始月份"
    parameter_name = "month"

    def lookups(self, request, model_admin):
        months = Story.objects.dates("date_start", "month")
        return [(month.strftime("%Y-%m"), f"{month.year}年{month.month}月") for month in months]

    def queryset(self, request, queryset):
        if self.value() is None or not re.fullmatch(r"\d{4}-\d{2}", self.value()):
            return queryset
        year, month = map(int, self.value().split("-"))
        return queryset.filter(date_start__year=year, date_start__month=month)


class StoryChangeList(ChangeList):
    """Gives each listed story its active district links for the districts column."""

    def get_queryset(self, request, exclude_parameters=None):
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .prefetch_related(
                Prefetch(
                    "district_links",
                    queryset=StoryDistrict.objects.active().select_related("district"),
                    to_attr="active_district_links",
                )
            )
        )
