from django.views.generic import DetailView

from archive.views import LinkedStoriesMixin

from .models import Organization, Person


class PersonDetailView(LinkedStoriesMixin, DetailView):
    template_name = "people/person_detail.html"
    context_object_name = "person"
    queryset = Person.objects.filter(merged_into__isnull=True).select_related(
        "community", "organization"
    )


class OrganizationDetailView(LinkedStoriesMixin, DetailView):
    template_name = "people/organization_detail.html"
    context_object_name = "organization"
    queryset = Organization.objects.select_related("district")
