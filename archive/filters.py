"""What the filtered lists of every app share: facets counted under the other filters."""

import django_filters


class FacetFilterSet(django_filters.FilterSet):
    """A FilterSet whose facets count over the rows that every other filter selects.

    Like `qs`, `queryset_without` applies only the filters that validated: a bad value
    carries its message in the form and the page still lists (and counts) with the rest.
    """

    def queryset_without(self, *names):
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name not in names:
                queryset = self.filters[name].filter(queryset, value)
        return queryset
