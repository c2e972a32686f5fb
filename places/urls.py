from django.urls import path

from . import views

app_name = "places"

urlpatterns = [
    path("", views.place_index, name="index"),
    path("districts/<int:pk>/", views.DistrictDetailView.as_view(), name="district"),
    path("streets/<int:pk>/", views.StreetDetailView.as_view(), name="street"),
    path("communities/<int:pk>/", views.CommunityDetailView.as_view(), name="community"),
]
