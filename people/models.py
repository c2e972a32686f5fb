"""People, the organisations they work for, and the role taxonomy.

A Person is one real individual. The importer reuses a Person when the name and the
community (or organisation) agree; same names elsewhere stay separate until an editor
merges them. A merged Person stays as a redirect (`merged_into`) so that re-imports
resolve to the surviving record instead of re-creating the duplicate.
"""

from functools import cache
from pathlib import Path

import reversion
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property

from archive.models import CuratedModel
from places.models import Community, District


class Role(models.Model):
    """A role category (社区书记, 志愿者, ...) and the verbatim titles that map to it."""

    name = models.CharField("角色类别", max_length=32, unique=True)
    slug = models.SlugField("英文标识", max_length=32, unique=True)
    description = models.TextField("说明", blank=True)
    titles = models.JSONField(
        "对应职务",
        default=list,
        blank=True,
        help_text="报道中原样出现、归入此类别的职务称谓，如“社区党委书记”。",
    )
    is_private = models.BooleanField(
        "默认隐藏姓名", default=False, help_text="普通居民、学生等：公开页面默认不显示全名。"
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "角色类别"
        verbose_name_plural = "角色类别"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class HasAliases:
    """For a model whose Alias rows are its `aliases` (Person, Organization)."""

    @cached_property
    def alias_names(self):
        """The aliases' names, from a prefetch of `aliases` when there is one."""
        return [alias.name for alias in self.aliases.all()]


class Organization(HasAliases, CuratedModel):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", "政府机关"
        PARTY = "party", "党组织"
        COMPANY = "company", "企业"
        HOSPITAL = "hospital", "医疗卫生机构"
        SCHOOL = "school", "学校"
        VOLUNTEER_TEAM = "volunteer_team", "志愿服务队伍"
        MEDIA = "media", "媒体"
        SOCIAL = "social", "社会组织"
        OTHER = "other", "其他"

    name = models.CharField("名称", max_length=128)
    kind = models.CharField("类型", max_length=16, choices=Kind, default=Kind.OTHER)
    district = models.ForeignKey(
        District,
        verbose_name="所在区县",
        on_delete=models.PROTECT,
        related_name="organizations",
        null=True,
        blank=True,
    )
    notes = models.TextField("备注", blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="已合并到",
        on_delete=models.PROTECT,
        related_name="merged_organizations",
        null=True,
        blank=True,
        editable=False,
    )

    class Meta:
        verbose_name = "组织机构"
        verbose_name_plural = "组织机构"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "district"],
                condition=Q(district__isnull=False, merged_into__isnull=True),
                name="people_organization_unique_name_in_district",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(district__isnull=True, merged_into__isnull=True),
                name="people_organization_unique_name_without_district",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")),
                name="people_organization_not_merged_into_self",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:organization", args=[self.pk])


class Person(HasAliases, CuratedModel):
    name = models.CharField("姓名", max_length=32)
    notes = models.TextField("备注", blank=True)
    community = models.ForeignKey(
        Community,
        verbose_name="所在社区村",
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="所在组织",
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
    )
    is_name_public = models.BooleanField(
        "公开姓名", default=True, help_text="普通居民默认不公开全名，公开页面只显示姓氏。"
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name="已合并到",
        on_delete=models.PROTECT,
        related_name="merged_people",
        null=True,
        blank=True,
        editable=False,
    )

    class Meta:
        verbose_name = "人物"
        verbose_name_plural = "人物"
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "community"],
                condition=Q(community__isnull=False, merged_into__isnull=True),
                name="people_person_unique_name_in_community",
            ),
            models.UniqueConstraint(
                fields=["name", "organization"],
                condition=Q(
                    community__isnull=True, organization__isnull=False, merged_into__isnull=True
                ),
                name="people_person_unique_name_in_organization",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")), name="people_person_not_merged_into_self"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:person", args=[self.pk])

    @property
    def public_name(self):
        """The name as the public site shows it: private residents keep only their surname,
        compound surnames whole (欧阳秀英: 欧阳某)."""
        if self.is_name_public:
            return self.name
        return f"{surname(self.name)}某"


COMPOUND_SURNAMES = Path(__file__).with_name("compound_surnames.txt")


@cache
def compound_surnames():
    """The compound surnames (欧阳, 司马, ...) of people/compound_surnames.txt, read once."""
    lines = COMPOUND_SURNAMES.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def surname(name):
    """The surname that begins a full name: a compound surname when the name goes on after
    it (欧阳秀英: 欧阳; but 东方 alone is 东 and 方), else the first character."""
    if len(name) > 2 and name[:2] in compound_surnames():
        return name[:2]
    return name[:1]


class Alias(models.Model):
    """Another name of a record, one per row: 钱书记 for 钱诚, 工行丰台支行 for its bank.

    Editors add them; a merge gives the survivor the merged-away records' names. The
    importer matches a printed name against them. Subclasses say whose alias it is.
    """

    name = models.CharField("别称", max_length=128)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self):
        return self.name


class PersonAlias(Alias):
    person = models.ForeignKey(
        Person, verbose_name="人物", on_delete=models.CASCADE, related_name="aliases"
    )

    class Meta(Alias.Meta):
        verbose_name = "别称"
        verbose_name_plural = "别称"
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="people_personalias_unique")
        ]


class OrganizationAlias(Alias):
    organization = models.ForeignKey(
        Organization, verbose_name="组织机构", on_delete=models.CASCADE, related_name="aliases"
    )

    class Meta(Alias.Meta):
        verbose_name = "别名"
        verbose_name_plural = "别名"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="people_organizationalias_unique"
            )
        ]


# History (django-reversion): a person's or organisation's revision holds its aliases, so
# that reverting it, or undoing a merge, brings back exactly the names it had.
for _alias in (PersonAlias, OrganizationAlias):
    reversion.register(_alias)
reversion.register(Person, follow=("aliases",))
reversion.register(Organization, follow=("aliases",))
