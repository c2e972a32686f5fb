from django.contrib import admin

from archive.admin import AliasSearchMixin, ListFieldsMixin, ListRowsInline
from archive.admin_merging import MergeableAdmin, MergedFilter
from stories.merging import merge_organizations, merge_people

from .models import Organization, OrganizationAlias, Person, PersonAlias, Role


@admin.register(Role)
class RoleAdmin(ListFieldsMixin, AliasSearchMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "is_private", "sort_order"]
    list_editable = ["sort_order"]
    search_fields = ["name", "slug", "titles"]
    prepopulated_fields = {"slug": ["name"]}


class OrganizationAliasInline(ListRowsInline):
    model = OrganizationAlias
    fields = ["name"]


class PersonAliasInline(ListRowsInline):
    model = PersonAlias
    fields = ["name"]


@admin.register(Organization)
class OrganizationAdmin(MergeableAdmin):
    list_display = ["name", "kind", "district", "origin", "is_verified", "merged_into"]
    list_filter = ["kind", "origin", "is_verified", MergedFilter]
    list_select_related = ["district", "merged_into"]
    search_fields = ["name", "aliases__name", "district__name"]
    autocomplete_fields = ["district"]
    inlines = [OrganizationAliasInline]
    merge_function = staticmethod(merge_organizations)
    merge_prefetch = ["aliases"]


@admin.register(Person)
class PersonAdmin(MergeableAdmin):
    list_display = [
        "name",
        "community",
        "organization",
        "is_name_public",
        "origin",
        "is_verified",
        "merged_into",
    ]
    list_filter = ["is_name_public", "origin", "is_verified", MergedFilter]
    list_select_related = ["community", "organization", "merged_into"]
    search_fields = ["name", "aliases__name", "community__name", "organization__name"]
    autocomplete_fields = ["community", "organization"]
    inlines = [PersonAliasInline]
    merge_function = staticmethod(merge_people)
    merge_prefetch = ["aliases"]
    merge_stories = "appearances"
