from django.shortcuts import render
from django.views.generic import DetailView

from archive.views import story_page

from .models import Story


def home(request):
    stories = Story.objects.published().for_list().newest_first()
    return render(request, "stories/story_list.html", story_page(request, stories))


def story_list(request):
    stories = Story.objects.published().for_list().newest_first()
    return render(request, "stories/story_list.html", story_page(request, stories))


class StoryDetailView(DetailView):
    template_name = "stories/story_detail.html"
    context_object_name = "story"

    def get_queryset(self):
        return Story.objects.published().for_detail()
