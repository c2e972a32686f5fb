from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("people/", views.person_list, name="list"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person"),
    path("organizations/", views.organization_list, name="organizations"),
    path("organizations/<int:pk>/", views.OrganizationDetailView.as_view(), name="organization"),
]
