from django.http import Http404
from django.views.generic import DetailView

from archive.views import LinkedStoriesMixin

from .models import Organization, Person


class PersonDetailView(LinkedStoriesMixin, DetailView):
    """A person's page exists only while they appear in a published story: people the
    importer found in drafts are not public until an editor publishes one."""

    template_name = "people/person_detail.html"
    context_object_name = "person"
    queryset = Person.objects.filter(merged_into__isnull=True).select_related(
        "community", "organization"
    )
    links = "appearances"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context["paginator"].count:
            raise Http404("这个人物没有出现在已发布的报道中。")
        return context


class OrganizationDetailView(LinkedStoriesMixin, DetailView):
    template_name = "people/organization_detail.html"
    context_object_name = "organization"
    queryset = Organization.objects.select_related("district")
