from django.urls import path

from . import views

app_name = "stories"

urlpatterns = [
    path("", views.home, name="home"),
    path("stories/", views.story_list, name="list"),
    path("stories/<int:pk>/", views.StoryDetailView.as_view(), name="detail"),
]
