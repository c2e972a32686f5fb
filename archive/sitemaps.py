"""What search engines are given: the sitemaps and robots.txt.

The sitemap lists only public pages: published stories, and the people, organisations and
places that an active link puts in a published story (a person only if not merged away
and their name is public: a private resident has no page). It holds URLs and dates, never a
name.

`/sitemap.xml` is an index of one sitemap per section, each paginated at the protocol's
50,000 URLs, so that 100,000 stories still make valid files.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.shortcuts import render
from django.urls import reverse

from people.models import Organization, Person
from places.models import Community, District, Street
from stories.models import (
    Appearance,
    Story,
    StoryCommunity,
    StoryDistrict,
    StoryOrganization,
    StoryStreet,
)


def published_links(link_model):
    """The active links of `link_model` (StoryDistrict, Appearance, ...) to published stories."""
    return link_model.objects.active().filter(story__in=Story.objects.published())


class StaticViewSitemap(Sitemap):
    """Pages that exist whatever the archive holds."""

    def items(self):
        return [
            "stories:home",
            "stories:list",
            "stories:stats",
            "people:list",
            "people:organizations",
            "places:index",
        ]

    def location(self, item):
        return reverse(item)


class StorySitemap(Sitemap):
    def items(self):
        return Story.objects.published().order_by("pk").only("pk", "updated_at")

    def lastmod(self, story):
        return story.updated_at

    def get_latest_lastmod(self):
        # Sitemap's own version calls lastmod() on every item: one aggregate instead.
        return Story.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class LinkedSitemap(Sitemap):
    """Objects that `condition` (a Q over the model) puts in a published story."""

    model = None

    def condition(self):
        raise NotImplementedError

    def items(self):
        return self.model.objects.filter(self.condition()).order_by("pk").only("pk")


class PersonSitemap(LinkedSitemap):
    model = Person

    def condition(self):
        return Q(
            merged_into__isnull=True,
            is_name_public=True,
            pk__in=published_links(Appearance).values("person"),
        )


class OrganizationSitemap(LinkedSitemap):
    model = Organization

    def condition(self):
        return Q(pk__in=published_links(StoryOrganization).values("organization"))


class DistrictSitemap(LinkedSitemap):
    """A district is in a story linked to it directly or through a street or community."""

    model = District

    def condition(self):
        return (
            Q(pk__in=published_links(StoryDistrict).values("district"))
            | Q(pk__in=published_links(StoryStreet).values("street__district"))
            | Q(pk__in=published_links(StoryCommunity).values("community__district"))
        )


class StreetSitemap(LinkedSitemap):
    model = Street

    def condition(self):
        return Q(pk__in=published_links(StoryStreet).values("street")) | Q(
            pk__in=published_links(StoryCommunity).values("community__street")
        )


class CommunitySitemap(LinkedSitemap):
    model = Community

    def condition(self):
        return Q(pk__in=published_links(StoryCommunity).values("community"))


SITEMAPS = {
    "pages": StaticViewSitemap,
    "stories": StorySitemap,
    "people": PersonSitemap,
    "organizations": OrganizationSitemap,
    "districts": DistrictSitemap,
    "streets": StreetSitemap,
    "communities": CommunitySitemap,
}


def robots_txt(request):
    """Crawl everything but the admin; the sitemap's address is absolute, as robots.txt
    requires, and built from the request's own scheme and host."""
    context = {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))}
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")
