from django.views.generic import DetailView

from archive.views import LinkedStoriesMixin

from .models import Community, District, Street


class PlaceDetailView(LinkedStoriesMixin, DetailView):
    template_name = "places/place_detail.html"
    context_object_name = "place"


class DistrictDetailView(PlaceDetailView):
    model = District


class StreetDetailView(PlaceDetailView):
    queryset = Street.objects.select_related("district")


class CommunityDetailView(PlaceDetailView):
    queryset = Community.objects.select_related("street", "district")
