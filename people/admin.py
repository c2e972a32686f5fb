from django.contrib import admin

from archive.admin import AliasSearchMixin, CuratedAdmin

from .models import Organization, Person, Role


@admin.register(Role)
class RoleAdmin(AliasSearchMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "is_private", "sort_order"]
    list_editable = ["sort_order"]
    search_fields = ["name", "slug", "titles"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organization)
class OrganizationAdmin(CuratedAdmin):
    list_display = ["name", "kind", "district", "origin", "is_verified"]
    list_filter = ["kind", "origin", "is_verified"]
    list_select_related = ["district"]
    search_fields = ["name", "aliases", "district__name"]
    autocomplete_fields = ["district"]


@admin.register(Person)
class PersonAdmin(CuratedAdmin):
    list_display = ["name", "community", "organization", "is_name_public", "origin", "is_verified"]
    list_filter = ["is_name_public", "origin", "is_verified"]
    list_select_related = ["community", "organization"]
    search_fields = ["name", "aliases", "community__name", "organization__name"]
    autocomplete_fields = ["community", "organization"]
    readonly_fields = [*CuratedAdmin.readonly_fields, "merged_into"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(merged_into__isnull=True)
