from django.views.generic import DetailView, ListView

from .models import Story


class StoryListView(ListView):
    template_name = "stories/story_list.html"
    context_object_name = "stories"
    paginate_by = 20

    def get_queryset(self):
        return Story.objects.published().for_list().order_by("-date_start", "pk")


class StoryDetailView(DetailView):
    template_name = "stories/story_detail.html"
    context_object_name = "story"

    def get_queryset(self):
        return Story.objects.published().for_detail()
