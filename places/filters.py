"""A place given in a URL (`?district=丰台区`), for the filters of every public list."""

import django_filters
from django import forms
from django.db.models import Q
from django.db.models.functions import Concat

from .models import Community, District, Street

MAX_NAMESAKES = 20


class PlaceField(forms.CharField):
    """A place by its official code, its name, or (a district) its city and name
    (北京市丰台区); cleans to the matching rows.

    A name several places share (鼓楼区 in 南京市 and 福州市) matches all of them; the page
    offers each one by its code. A name as people shorten it (丰台, 花乡) matches the places
    it begins. An unknown name is a validation error. Two queries at most.
    """

    def __init__(self, *, model, label, **kwargs):
        self.model, self.place_label = model, label
        super().__init__(label=label, max_length=64, **kwargs)

    def clean(self, value):
        value = super().clean(value).strip()
        if not value:
            return ()
        places = self.model.objects.select_related(*self._parents())
        if value.isdigit():
            found = tuple(places.filter(code=value))
        else:
            found = tuple(self._named(places, value)) or tuple(
                places.filter(name__startswith=value)[:MAX_NAMESAKES] if len(value) >= 2 else ()
            )
        if not found:
            raise forms.ValidationError(
                f"没有找到{self.place_label}“{value}”。请检查名称或区划代码，或从下面的选项中选择。"
            )
        return found

    def _named(self, places, value):
        if self.model is District:
            full_name = Concat("city", "name")
            return places.alias(full_name=full_name).filter(Q(name=value) | Q(full_name=value))
        return places.filter(name=value)

    def _parents(self):
        return {District: [], Street: ["district"], Community: ["street", "district"]}[self.model]


class PlaceFilter(django_filters.Filter):
    """Use with `model=` and a `method` that filters by the cleaned places."""

    field_class = PlaceField
