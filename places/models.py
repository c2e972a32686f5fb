"""Districts, streets and communities, keyed by the official division codes where known.

Districts and streets are loaded from the committed gazetteer (`load_gazetteer`);
communities are created only when a story names them. Names repeat across the
country, so every natural key includes the parent unit.
"""

import reversion
from django.db import models
from django.db.models import Q
from django.urls import reverse

from archive.models import CuratedModel


class District(CuratedModel):
    class Kind(models.TextChoices):
        DISTRICT = "区", "区"
        COUNTY = "县", "县"
        COUNTY_CITY = "县级市", "县级市"
        BANNER = "旗", "旗"
        OTHER = "其他", "其他"

    code = models.CharField("区划代码", max_length=12, blank=True)
    name = models.CharField("名称", max_length=64)
    kind = models.CharField("类型", max_length=8, choices=Kind, default=Kind.DISTRICT)
    city = models.CharField("所属城市", max_length=64)
    province = models.CharField("所属省份", max_length=64)
    former_names = models.JSONField("曾用名", default=list, blank=True)
    is_current = models.BooleanField("现行区划", default=True)

    class Meta:
        verbose_name = "区县"
        verbose_name_plural = "区县"
        ordering = ["code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="places_district_unique_code"
            ),
            models.UniqueConstraint(
                fields=["province", "city", "name"], name="places_district_unique_name_in_city"
            ),
        ]

    def __str__(self):
        return f"{self.city}{self.name}" if self.city != self.name else self.name

    def get_absolute_url(self):
        return reverse("places:district", args=[self.pk])


class Street(CuratedModel):
    class Kind(models.TextChoices):
        SUBDISTRICT = "街道", "街道"
        AREA = "地区", "地区"
        TOWN = "镇", "镇"
        TOWNSHIP = "乡", "乡"
        OTHER = "其他", "其他"

    code = models.CharField("区划代码", max_length=12, blank=True)
    name = models.CharField("名称", max_length=64)
    kind = models.CharField("类型", max_length=8, choices=Kind, default=Kind.SUBDISTRICT)
    district = models.ForeignKey(
        District, verbose_name="所属区县", on_delete=models.PROTECT, related_name="streets"
    )
    former_names = models.JSONField(
        "曾用名", default=list, blank=True, help_text="如 2020 年的“花乡”，今天的“花乡街道”。"
    )
    is_current = models.BooleanField("现行区划", default=True)

    class Meta:
        verbose_name = "街道乡镇"
        verbose_name_plural = "街道乡镇"
        ordering = ["code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="places_street_unique_code"
            ),
            models.UniqueConstraint(
                fields=["district", "name"], name="places_street_unique_name_in_district"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("places:street", args=[self.pk])


class Community(CuratedModel):
    class Kind(models.TextChoices):
        COMMUNITY = "社区", "社区"
        VILLAGE = "村", "村"

    code = models.CharField("区划代码", max_length=12, blank=True)
    name = models.CharField("名称", max_length=64, help_text="如“聚福苑社区”“黄土岗村”。")
    kind = models.CharField("类型", max_length=4, choices=Kind, default=Kind.COMMUNITY)
    street = models.ForeignKey(
        Street,
        verbose_name="所属街道乡镇",
        on_delete=models.PROTECT,
        related_name="communities",
        null=True,
        blank=True,
    )
    district = models.ForeignKey(
        District,
        verbose_name="所属区县",
        on_delete=models.PROTECT,
        related_name="communities",
        null=True,
        blank=True,
        help_text="有所属街道时自动取街道的区县。",
    )
    former_names = models.JSONField("曾用名", default=list, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="已合并到",
        on_delete=models.PROTECT,
        related_name="merged_communities",
        null=True,
        blank=True,
        editable=False,
    )

    class Meta:
        verbose_name = "社区村"
        verbose_name_plural = "社区村"
        ordering = ["name"]
        # A merged-away community stays as a redirect, so its name and code are free for
        # the survivor (issue 7).
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code="") & Q(merged_into__isnull=True),
                name="places_community_unique_code",
            ),
            models.UniqueConstraint(
                fields=["street", "name"],
                condition=Q(street__isnull=False, merged_into__isnull=True),
                name="places_community_unique_name_in_street",
            ),
            models.UniqueConstraint(
                fields=["district", "name"],
                condition=Q(street__isnull=True, district__isnull=False, merged_into__isnull=True),
                name="places_community_unique_name_in_district",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(street__isnull=True, district__isnull=True, merged_into__isnull=True),
                name="places_community_unique_unplaced_name",
            ),
            models.CheckConstraint(
                condition=Q(street__isnull=True) | Q(district__isnull=False),
                name="places_community_street_implies_district",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")),
                name="places_community_not_merged_into_self",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("places:community", args=[self.pk])

    def save(self, *args, **kwargs):
        if self.street_id is not None:
            self.district_id = self.street.district_id
        super().save(*args, **kwargs)


# History (django-reversion): every change to a place is a revision (a merge's among them).
for _model in (District, Street, Community):
    reversion.register(_model)
