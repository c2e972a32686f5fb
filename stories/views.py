from django.core.paginator import InvalidPage, Paginator
from django.db.models import F, Q
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.generic import DetailView

from archive.views import story_page

from . import facets, listing, search
from .exporting import csv_lines, story_dict
from .filters import StoryFilter
from .models import Appearance, Story, StoryCommunity
from .rendering import excerpt, story_blocks

HOME_STORIES = 6
RELATED_STORIES = 5
API_PAGE_SIZE = 20
API_MAX_PAGE_SIZE = 100


def home(request):
    """What the archive holds, its newest stories, and ways in by place, role and year."""
    published = Story.objects.published()
    districts = facets.district_counts(published, limit=None)
    recent = list(published.for_list().newest_first()[:HOME_STORIES])
    for story in recent:
        story.snippet = excerpt(story.public_text["body"])
    context = {
        "totals": {**facets.totals(published), "districts": len(districts)},
        "recent": recent,
        "districts": districts[: facets.PLACE_FACET_SIZE],
        "roles": facets.role_counts(published),
        "years": facets.year_counts(published),
    }
    return render(request, "stories/home.html", context)


def filtered_stories(request):
    """The published stories the request's filters select, in the order it asks for, with
    the bound filter and the parsed search query (None without one)."""
    filterset = StoryFilter(request.GET, queryset=Story.objects.published())
    stories = filterset.qs
    data = filterset.form.cleaned_data
    query = search.parse_query(data["q"]) if data.get("q") else None
    sort = data.get("sort") or ("relevance" if query else "newest")
    if sort == "relevance" and query:
        stories = stories.order_by("-search_rank", F("date_start").desc(nulls_last=True), "pk")
    elif sort == "oldest":
        stories = stories.oldest_first()
    else:
        stories = stories.newest_first()
    return filterset, stories, query


def story_list(request):
    filterset, stories, query = filtered_stories(request)
    context = story_page(request, stories.for_list())
    for story in context["stories"]:
        body = story.public_text["body"]
        story.snippet = search.snippet(body, query) if query else excerpt(body)
    context |= {
        "filter": filterset,
        "query": query,
        "facets": listing.facets(filterset, request.GET),
        "active_filters": listing.active_filters(filterset, request.GET),
        "notices": listing.notices(filterset, request.GET),
        "sorts": _sort_links(request, query),
    }
    status = 400 if filterset.errors else 200
    return render(request, "stories/story_list.html", context, status=status)


def _sort_links(request, query):
    current = request.GET.get("sort") or ("relevance" if query else "newest")
    names = [name for name in StoryFilter.SORTS if query or name != "relevance"]
    return [
        (StoryFilter.SORTS[name], listing.query_url(request.GET, sort=name), name == current)
        for name in names
    ]


class StoryDetailView(DetailView):
    template_name = "stories/story_detail.html"
    context_object_name = "story"

    def get_queryset(self):
        return Story.objects.published().for_detail()

    def get_context_data(self, **kwargs):
        story = self.object
        return super().get_context_data(
            blocks=story_blocks(story),
            related=related_stories(story),
            description=excerpt(story.public_text["body"], 110),
            **kwargs,
        )


def related_stories(story):
    """Published stories that share a person or a community with `story`, newest first."""
    people = [appearance.person_id for appearance in story.active_appearances]
    communities = [link.community_id for link in story.active_community_links]
    if not people and not communities:
        return []
    shared = Q(pk__in=Appearance.objects.active().filter(person__in=people).values("story"))
    shared |= Q(
        pk__in=StoryCommunity.objects.active().filter(community__in=communities).values("story")
    )
    related = Story.objects.published().exclude(pk=story.pk).filter(shared)
    return related.with_public_titles().newest_first()[:RELATED_STORIES]


def story_api(request):
    """`/api/stories.json`: the list's filters, the export shape with private names
    masked, `page` and `page_size` (at most 100), next/previous links."""
    filterset, stories, _ = filtered_stories(request)
    if filterset.errors:
        return _json({"errors": _errors(filterset)}, status=400)
    size = _page_size(request.GET.get("page_size"))
    if size is None:
        return _json({"errors": {"page_size": [f"每页条数应为 1 到 {API_MAX_PAGE_SIZE}。"]}}, 400)
    paginator = Paginator(stories.for_export(), size)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        return _json({"errors": {"page": [f"没有这一页；共 {paginator.num_pages} 页。"]}}, 404)
    results = [
        {
            **story_dict(story, public=True),
            "url": request.build_absolute_uri(story.get_absolute_url()),
        }
        for story in page.object_list
    ]
    return _json(
        {
            "count": paginator.count,
            "page": page.number,
            "num_pages": paginator.num_pages,
            "next": _page_link(request, page.next_page_number()) if page.has_next() else None,
            "previous": _page_link(request, page.previous_page_number())
            if page.has_previous()
            else None,
            "results": results,
        }
    )


def _page_size(value):
    if not value:
        return API_PAGE_SIZE
    # isdecimal, not isdigit: int() refuses digits such as ² that isdigit() accepts.
    if not value.isdecimal() or not 1 <= int(value) <= API_MAX_PAGE_SIZE:
        return None
    return int(value)


def _page_link(request, number):
    return request.build_absolute_uri(request.path + listing.query_url(request.GET, page=number))


def _errors(filterset):
    return {
        field: [str(message) for message in messages]
        for field, messages in filterset.errors.items()
    }


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def story_csv(request):
    """`/stories.csv`: every story the filters select, streamed, with a BOM so that
    spreadsheet programs read it as UTF-8."""
    filterset, stories, _ = filtered_stories(request)
    if filterset.errors:
        return _json({"errors": _errors(filterset)}, status=400)
    lines = csv_lines(stories.for_export(), public=True)
    response = StreamingHttpResponse(_with_bom(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="stories.csv"'
    return response


def _with_bom(lines):
    yield "\ufeff"
    yield from lines
