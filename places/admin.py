from django.contrib import admin

from archive.admin import CuratedAdmin

from .models import Community, District, Street


@admin.register(District)
class DistrictAdmin(CuratedAdmin):
    list_display = ["name", "city", "province", "kind", "code"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "city", "code", "former_names"]


@admin.register(Street)
class StreetAdmin(CuratedAdmin):
    list_display = ["name", "district", "kind", "code", "is_current"]
    list_filter = ["kind", "is_current"]
    list_select_related = ["district"]
    search_fields = ["name", "code", "former_names", "district__name"]
    autocomplete_fields = ["district"]


@admin.register(Community)
class CommunityAdmin(CuratedAdmin):
    list_display = ["name", "kind", "street", "district", "code", "origin", "is_verified"]
    list_filter = ["kind", "origin", "is_verified"]
    list_select_related = ["street", "district"]
    search_fields = ["name", "code", "former_names", "street__name", "district__name"]
    autocomplete_fields = ["street", "district"]
