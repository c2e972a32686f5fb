from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person"),
    path("organizations/<int:pk>/", views.OrganizationDetailView.as_view(), name="organization"),
]
