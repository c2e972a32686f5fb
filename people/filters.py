"""The directory's filters (people by role category and district, organisations by kind) and
the counts shown beside each option.

Who is public: a person not merged away with an active appearance in a published story; an
organisation with an active link to a published story. Every count is one aggregate query
over the rows the other filters select (`queryset_without`), never a query per option.

These modules read the stories app's models: a person is public only through the stories
they appear in. No import cycle results, since stories.models imports only people.models.
"""

import django_filters
from django import forms
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import Coalesce

from archive.filters import FacetFilterSet
from places.filters import PlaceFilter
from places.models import District
from stories.models import Appearance, Story, StoryOrganization

from .models import Organization, Person, Role

# A person's district: their community's; for a person without a placed community, their
# organisation's. One district a person, so the district facet counts each person once.
HOME_DISTRICT = Coalesce("community__district", "organization__district")


def public_appearances():
    """Active appearances in published stories: what makes a person public."""
    return Appearance.objects.active().filter(story__in=Story.objects.published())


def public_people():
    """People not merged away who appear (active appearance) in a published story."""
    appears = Exists(public_appearances().filter(person=OuterRef("pk")))
    return Person.objects.filter(appears, merged_into__isnull=True)


def public_organizations():
    """Organisations with an active link to a published story."""
    links = StoryOrganization.objects.active().filter(
        story__in=Story.objects.published(), organization=OuterRef("pk")
    )
    return Organization.objects.filter(Exists(links))


class RoleField(forms.MultipleChoiceField):
    """Role categories by name, several allowed; cleans to the Role rows in one query. Any
    unknown name makes the whole field invalid, so that no half-applied filter goes unnoticed."""

    def clean(self, value):
        names = list(dict.fromkeys(name.strip() for name in value or () if name.strip()))
        if not names:
            return []
        if any("\x00" in name for name in names):
            # PostgreSQL refuses NUL in any string, so the query would be a server error.
            raise forms.ValidationError("角色类别的名称里不能有空字符（NUL）。")
        roles = list(Role.objects.filter(name__in=names))
        unknown = [name for name in names if name not in {role.name for role in roles}]
        if unknown:
            raise forms.ValidationError(
                f"没有名为“{'、'.join(unknown)}”的角色类别。请从下面的角色类别中选择。"
            )
        return roles


class RoleFilter(django_filters.MultipleChoiceFilter):
    field_class = RoleField


class PersonFilter(FacetFilterSet):
    """People by role category and by district.

    `role` (several allowed): people with an active appearance in a published story under
    any of the categories. `district`: people whose community lies in the district, or, for
    people with no placed community, whose organisation does (HOME_DISTRICT). Not the
    districts of their stories: a story can name many districts, a person lives in one.
    """

    role = RoleFilter(label="角色类别", method="filter_role")
    district = PlaceFilter(model=District, label="区县", method="filter_district")

    def filter_role(self, queryset, name, roles):
        return queryset.filter(
            Exists(public_appearances().filter(person=OuterRef("pk"), role__in=roles))
        )

    def filter_district(self, queryset, name, districts):
        return queryset.alias(home_district=HOME_DISTRICT).filter(
            home_district__in=[district.pk for district in districts]
        )


class OrganizationFilter(FacetFilterSet):
    kind = django_filters.ChoiceFilter(
        label="类型",
        choices=Organization.Kind.choices,
        error_messages={"invalid_choice": "没有“%(value)s”这种组织类型。请从下面的类型中选择。"},
    )


def role_counts(people):
    """[(role, number of people)] over `people`, most first: a person counts once under each
    category they appear in (active appearance, published story).

    Counted over the appearances rather than from Role, so that the appearance table is
    joined once; the roles come back with the name and order the facet needs.
    """
    rows = (
        public_appearances()
        .filter(person__in=people.values("pk"), role__isnull=False)
        .order_by()
        .values("role", "role__name", "role__sort_order")
        .annotate(n=Count("person", distinct=True))
        .order_by("-n", "role__sort_order", "role__name")
    )
    return [
        (Role(pk=row["role"], name=row["role__name"], sort_order=row["role__sort_order"]), row["n"])
        for row in rows
    ]


def district_counts(people):
    """[(district, number of people)] over `people` by HOME_DISTRICT, most first.

    One aggregate query, then one for the districts it names (in the same order).
    """
    rows = (
        people.order_by()
        .annotate(home_district=HOME_DISTRICT)
        .filter(home_district__isnull=False)
        .values("home_district")
        .annotate(person_count=Count("pk"))
    )
    counts = {row["home_district"]: row["person_count"] for row in rows}
    districts = District.objects.filter(pk__in=counts)
    return sorted(
        ((district, counts[district.pk]) for district in districts),
        key=lambda item: (-item[1], item[0].city, item[0].code, item[0].name),
    )


def kind_counts(organizations):
    """[(kind, number of organisations)] over `organizations`, most first."""
    rows = organizations.order_by().values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    return [(Organization.Kind(row["kind"]), row["n"]) for row in rows]
