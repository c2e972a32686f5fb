from django.contrib import admin
from reversion.admin import VersionAdmin

from archive.admin import CuratedAdmin
from archive.admin_merging import MergeableAdmin, MergedFilter
from stories.merging import merge_communities

from .models import Community, District, Street


@admin.register(District)
class DistrictAdmin(VersionAdmin, CuratedAdmin):
    list_display = ["name", "city", "province", "kind", "code"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "city", "code", "former_names"]


@admin.register(Street)
class StreetAdmin(VersionAdmin, CuratedAdmin):
    list_display = ["name", "district", "kind", "code", "is_current"]
    list_filter = ["kind", "is_current"]
    list_select_related = ["district"]
    search_fields = ["name", "code", "former_names", "district__name"]
    autocomplete_fields = ["district"]


@admin.register(Community)
class CommunityAdmin(MergeableAdmin):
    list_display = [
        "name",
        "kind",
        "street",
        "district",
        "code",
        "origin",
        "is_verified",
        "merged_into",
    ]
    list_filter = ["kind", "origin", "is_verified", MergedFilter]
    list_select_related = ["street", "district", "merged_into"]
    search_fields = ["name", "code", "former_names", "street__name", "district__name"]
    autocomplete_fields = ["street", "district"]
    merge_function = staticmethod(merge_communities)
