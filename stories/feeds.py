"""The Atom feed of the newest published stories.

Titles and summaries come from `Story.public_text`, so private residents appear only as their
public name, even where an editor rejected their appearance. Three queries whatever the
number of stories: the stories with their sources, then the active district links and the
appearances that `for_list()` prefetches.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .models import Story
from .rendering import excerpt

FEED_SIZE = 50
SUMMARY_LENGTH = 200


class LatestStoriesFeed(Feed):
    feed_type = Atom1Feed
    title = "社区抗疫一线档案：最新报道"
    subtitle = "地方报纸关于新冠疫情期间社区一线人物的报道，按报道日期由近及远。"

    def link(self):
        return reverse("stories:list")

    def items(self):
        return (
            Story.objects.published()
            .for_list()
            .prefetch_related("bylines")
            .newest_first()[:FEED_SIZE]
        )

    def item_title(self, story):
        # Atom titles are plain text (the writer escapes them for XML), so no HTML escaping
        # here: Feed's default escapes because RSS readers often treat titles as HTML.
        return story.public_text["title"]

    def item_description(self, story):
        # Atom1Feed writes the description as <summary type="html">: readers parse it as
        # HTML, so the imported text is escaped first.
        return escape(excerpt(story.public_text["body"], SUMMARY_LENGTH))

    def item_link(self, story):
        return story.get_absolute_url()

    def item_updateddate(self, story):
        return story.updated_at

    def item_author_name(self, story):
        return "、".join(credit.name for credit in story.bylines.all()) or None

    def item_categories(self, story):
        return [link.district.name for link in story.active_district_links]
