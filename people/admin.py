from django.contrib import admin

from archive.admin import AliasSearchMixin
from archive.admin_merging import MergeableAdmin, MergedFilter
from stories.merging import merge_organizations, merge_people

from .models import Organization, Person, Role


@admin.register(Role)
class RoleAdmin(AliasSearchMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "is_private", "sort_order"]
    list_editable = ["sort_order"]
    search_fields = ["name", "slug", "titles"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organization)
class OrganizationAdmin(MergeableAdmin):
    list_display = ["name", "kind", "district", "origin", "is_verified", "merged_into"]
    list_filter = ["kind", "origin", "is_verified", MergedFilter]
    list_select_related = ["district", "merged_into"]
    search_fields = ["name", "aliases", "district__name"]
    autocomplete_fields = ["district"]
    merge_function = staticmethod(merge_organizations)


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
    search_fields = ["name", "aliases", "community__name", "organization__name"]
    autocomplete_fields = ["community", "organization"]
    merge_function = staticmethod(merge_people)
    merge_stories = "appearances"
