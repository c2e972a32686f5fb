"""The story change form's inlines: the links the importer proposes (appearances, places,
organisations), which editors verify, correct or reject, and the story's lists (bylines,
text dates), which editors edit as rows."""

from django.contrib import admin

from archive.admin import ListRowsInline, PreloadedAutocompleteMixin
from archive.models import Origin

from .models import (
    Appearance,
    Byline,
    StoryCommunity,
    StoryDate,
    StoryDistrict,
    StoryOrganization,
    StoryStreet,
)


class LinkInline(PreloadedAutocompleteMixin, admin.TabularInline):
    """An inline of importer-proposed links. Deleting an importer's link rejects it instead
    (see StoryAdmin.save_formset), so that the next import remembers the editor's decision.

    Who proposed a link and how sure it was share one narrow read-only column, so that the
    story form stays within a 1280 px screen."""

    extra = 0
    readonly_fields = ["provenance"]

    @admin.display(description="来源 · 置信度")
    def provenance(self, link):
        if link.pk is None:
            return "—"
        origin = "导入" if link.origin == Origin.IMPORTER else "编辑"
        return origin if link.confidence is None else f"{origin} · {link.confidence:.2f}"


def _listed(values):
    return "、".join(values) if values else "—"


class AppearanceInline(LinkInline):
    """The appearance's main facts; its community, organisation, age and the full lists of
    titles and other names are edited on the appearance's own page (the change link)."""

    model = Appearance
    fields = ["person", "title", "role", "other_titles", "other_names", "is_verified"]
    fields += ["is_rejected", "provenance"]
    readonly_fields = [*LinkInline.readonly_fields, "other_titles", "other_names"]
    autocomplete_fields = ["person", "role"]
    show_change_link = True

    @admin.display(description="全部职务")
    def other_titles(self, appearance):
        return _listed(appearance.titles)

    @admin.display(description="文中别称")
    def other_names(self, appearance):
        return _listed(appearance.aliases)


class StoryDistrictInline(LinkInline):
    model = StoryDistrict
    fields = ["district", "is_inferred", "is_verified", "is_rejected", "provenance"]
    autocomplete_fields = ["district"]


class StoryStreetInline(LinkInline):
    model = StoryStreet
    fields = ["street", "is_inferred", "is_verified", "is_rejected", "provenance"]
    autocomplete_fields = ["street"]


class StoryCommunityInline(LinkInline):
    model = StoryCommunity
    fields = ["community", "is_verified", "is_rejected", "provenance"]
    autocomplete_fields = ["community"]


class StoryOrganizationInline(LinkInline):
    model = StoryOrganization
    fields = ["organization", "is_verified", "is_rejected", "provenance"]
    autocomplete_fields = ["organization"]


class BylineInline(ListRowsInline):
    model = Byline
    fields = ["role", "name"]


class StoryDateInline(ListRowsInline):
    model = StoryDate
    fields = ["value"]
