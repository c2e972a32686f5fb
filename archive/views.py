"""What the public pages of every app share: a page of stories, and the stories linked to
a person, place or organisation."""

from django.core.paginator import InvalidPage, Paginator

STORIES_PER_PAGE = 20


def story_page(request, stories):
    """The page of `stories` that the `page` query parameter asks for, as template context.

    Gives `stories` (the page's rows), `page_obj` and `paginator`. A page number out of
    range or not a number is not an error (STYLE): it gives no rows and `missing_page`,
    which `_story_page.html` explains with links to the first and last pages, status 200.
    """
    paginator = Paginator(stories, STORIES_PER_PAGE)
    number = request.GET.get("page") or "1"
    try:
        page = paginator.page(number)
    except InvalidPage:
        return {"stories": [], "page_obj": None, "paginator": paginator, "missing_page": number}
    return {"stories": page.object_list, "page_obj": page, "paginator": paginator}


class LinkedStoriesMixin:
    """For a DetailView of anything stories link to: a page of its published stories,
    newest first and ready for story cards (see `story_page`).

    Only an active link counts: a story whose link to the object an editor rejected is not
    listed. `links` names the reverse relation from the object to its link rows.
    """

    links = "story_links"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        active_links = getattr(self.object, self.links).active()
        stories = self.object.stories.filter(pk__in=active_links.values("story"))
        stories = stories.published().for_list().newest_first()
        return {**context, **story_page(self.request, stories)}
