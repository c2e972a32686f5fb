from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("stories.urls")),
    path("", include("people.urls")),
    path("places/", include("places.urls")),
]
