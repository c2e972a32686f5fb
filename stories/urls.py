from django.urls import path

from . import feeds, stats, views

app_name = "stories"

urlpatterns = [
    path("", views.home, name="home"),
    path("stories/", views.story_list, name="list"),
    path("stories/<int:pk>/", views.StoryDetailView.as_view(), name="detail"),
    path("stories.csv", views.story_csv, name="csv"),
    path("api/stories.json", views.story_api, name="api"),
    path("stats/", stats.stats, name="stats"),
    path("feed/", feeds.LatestStoriesFeed(), name="feed"),
]
