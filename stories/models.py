"""Imported pages, the stories cut from them, and the links from stories to people and places.

Natural keys: a Source is its file name (its sha256 says whether the text changed); a
Story is (source, position). Every link records who made it (see archive.models), so a
re-import replaces only the importer's own unverified output.
"""

import datetime
import re

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils.functional import cached_property

from archive.models import CuratedModel, ExtractedLinkModel, TimeStampedModel
from people.models import Organization, Person, Role
from places.models import Community, District, Street

from . import search


class Source(CuratedModel):
    """One imported page file, with the metadata an operator knows about it."""

    filename = models.CharField("文件名", max_length=255, unique=True)
    sha256 = models.CharField("文本 SHA-256", max_length=64, unique=True)
    encoding = models.CharField("原文件编码", max_length=32, blank=True)
    text = models.TextField("原文")
    publication = models.CharField("报纸", max_length=128, blank=True)
    issue_date = models.DateField("出版日期", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True)
    is_year_inferred = models.BooleanField("年份为推断", default=False)
    city = models.CharField("城市", max_length=64, blank=True)
    home_district = models.ForeignKey(
        District,
        verbose_name="报纸所在区县",
        on_delete=models.PROTECT,
        related_name="sources",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = "版面来源"
        verbose_name_plural = "版面来源"
        ordering = ["filename"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1949, year__lte=2100),
                name="stories_source_year_plausible",
            ),
        ]

    def __str__(self):
        return self.filename


class StoryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Story.Status.PUBLISHED)

    def newest_first(self):
        """Latest date first; undated stories last on both databases (PostgreSQL would put
        NULLs first in a descending order)."""
        return self.order_by(F("date_start").desc(nulls_last=True), "pk")

    def oldest_first(self):
        return self.order_by(F("date_start").asc(nulls_last=True), "pk")

    def with_public_titles(self):
        """Just enough for `public_text` (links of titles, related stories): every
        appearance with its person (see every_appearance)."""
        return self.prefetch_related(every_appearance())

    def search(self, q):
        """Stories matching the reader's query `q`, annotated `search_rank` (higher is
        better); none when `q` has nothing searchable. See stories.search."""
        return search.search_stories(self, search.parse_query(q))

    def for_list(self):
        """The joins and prefetches a list of story cards needs, in a fixed number of queries."""
        return self.select_related("source").prefetch_related(
            Prefetch(
                "district_links",
                queryset=StoryDistrict.objects.active().select_related("district"),
                to_attr="active_district_links",
            ),
            every_appearance("appearances", "role"),
        )

    def for_detail(self):
        """Everything a story page shows: every active link with its target, and every
        appearance (see every_appearance)."""
        return self.select_related("source").prefetch_related(
            *(
                Prefetch(
                    f"{link}_links",
                    queryset=model.objects.active().select_related(link),
                    to_attr=f"active_{link}_links",
                )
                for link, model in (
                    ("district", StoryDistrict),
                    ("street", StoryStreet),
                    ("community", StoryCommunity),
                    ("organization", StoryOrganization),
                )
            ),
            every_appearance("appearances", "role", "community", "organization"),
            "bylines",
        )

    def for_export(self):
        """What the API and the exports write of each story: for_detail() and the dates its
        text names, without the sources' page text."""
        return self.for_detail().prefetch_related("text_dates").defer("source__text")


def every_appearance(lookup="appearances", *related):
    """The Prefetch that `Story.public_text` and `Story.active_appearances` read: every
    appearance of the stories at `lookup` ("appearances", or "story__appearances" from
    another model), rejected ones too, with its person and the `related` foreign keys.

    One query, as the active ones alone took: the public text must mask a private person
    whose appearance an editor rejected (issue 7), so the rejected ones come along.
    """
    return Prefetch(
        lookup,
        queryset=Appearance.objects.select_related("person", *related),
        to_attr="prefetched_appearances",
    )


class Story(CuratedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        REVIEW = "review", "待审核"
        PUBLISHED = "published", "已发布"

    source = models.ForeignKey(
        Source, verbose_name="来源版面", on_delete=models.PROTECT, related_name="stories"
    )
    position = models.PositiveSmallIntegerField("版面内序号")
    kicker = models.CharField("引题", max_length=255, blank=True)
    title = models.CharField("标题", max_length=255)
    subtitle = models.CharField("副题", max_length=255, blank=True)
    body = models.TextField("正文")
    date_start = models.DateField("起始日期", null=True, blank=True)
    date_end = models.DateField("结束日期", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status, default=Status.DRAFT)
    confidence = models.FloatField("抽取置信度", null=True, blank=True)
    editor_notes = models.TextField("编辑备注", blank=True)
    districts = models.ManyToManyField(
        District, through="StoryDistrict", related_name="stories", verbose_name="区县"
    )
    streets = models.ManyToManyField(
        Street, through="StoryStreet", related_name="stories", verbose_name="街道乡镇"
    )
    communities = models.ManyToManyField(
        Community, through="StoryCommunity", related_name="stories", verbose_name="社区村"
    )
    organizations = models.ManyToManyField(
        Organization, through="StoryOrganization", related_name="stories", verbose_name="组织机构"
    )
    people = models.ManyToManyField(
        Person, through="Appearance", related_name="stories", verbose_name="人物"
    )

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = "报道"
        verbose_name_plural = "报道"
        ordering = ["source", "position"]
        indexes = [
            # The date filters (date_before, date_after) of published stories.
            models.Index(
                fields=["date_end", "date_start"],
                condition=Q(status="published"),
                name="stories_story_published_dates",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "position"], name="stories_story_unique_position_in_source"
            ),
            models.CheckConstraint(
                condition=Q(date_start__isnull=True)
                | Q(date_end__isnull=True)
                | Q(date_start__lte=F("date_end")),
                name="stories_story_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=0, confidence__lte=1),
                name="stories_story_confidence_range",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("stories:detail", args=[self.pk])

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED

    @property
    def authors(self):
        """The byline's writers, for a citation: editors and photographers are not authors
        unless the photographs are the story."""
        credits = self.bylines.all()
        names = [c.name for c in credits if c.role not in {"编辑", "摄影"}]
        return names or [c.name for c in credits if c.role == "摄影"]

    def citation(self):
        """The story as a GB/T 7714-2015 newspaper reference: 作者. 题名[N]. 报纸, 日期.

        More than three authors become the first three and 等; what the source does not
        say (publication, issue date) is left out rather than invented.
        """
        authors = self.authors
        parts = []
        if authors:
            names = "，".join(authors[:3]) + ("，等" if len(authors) > 3 else "")
            parts.append(f"{names}. ")
        parts.append(f"{self.public_text['title']}[N]")
        source = self.source
        where = [source.publication] if source.publication else []
        if source.issue_date:
            where.append(source.issue_date.isoformat())
        parts.append(f". {', '.join(where)}." if where else ".")
        return "".join(parts)

    @cached_property
    def active_appearances(self):
        """The appearances the public site shows: those no editor has rejected (what
        `Appearance.objects.active()` selects), from `every_appearance()`'s prefetch."""
        return [a for a in self.prefetched_appearances if not a.is_rejected]

    @cached_property
    def public_text(self):
        """Kicker, title, subtitle and body as the public site shows them: the full name of
        every person the story has an appearance for whose name is not public becomes their
        public name, whether or not an editor rejected the appearance.

        Longer names are matched first, so a private 李建 inside a public 李建国 stays
        李建国. A one-character name is only a surname, which the public name shows anyway,
        so it is left alone rather than masked wherever the character occurs. Reads
        `prefetched_appearances`: the story must come from for_list(), for_detail() or
        with_public_titles().
        """
        texts = {field: getattr(self, field) for field in ("kicker", "title", "subtitle", "body")}
        shown = {}  # full name: public name; masked if any person of that name is private
        for person in (appearance.person for appearance in self.prefetched_appearances):
            if len(person.name) >= 2 and shown.get(person.name, person.name) == person.name:
                shown[person.name] = person.public_name
        if all(name == public_name for name, public_name in shown.items()):
            return texts
        pattern = re.compile("|".join(map(re.escape, sorted(shown, key=len, reverse=True))))
        return {
            field: pattern.sub(lambda match: shown[match.group()], text)
            for field, text in texts.items()
        }


def validate_text_date(value):
    """A calendar date ("2020-02-03") or month ("2020-02") that exists."""
    try:
        datetime.date.fromisoformat(value if len(value) == 10 else f"{value}-01")
        valid = len(value) in (7, 10) and value[4] == "-"
    except ValueError:
        valid = False
    if not valid:
        raise ValidationError("请写成“2020-02-03”或“2020-02”。", code="invalid")


class StoryListItem(models.Model):
    """A row of a list that belongs to its story as a whole: bylines, text dates.

    The importer replaces a story's list while the story's `editor_fields` lack the list's
    relation name; an editor's change to any row of it adds that mark
    (StoryAdmin.save_formset), and from then on the importer keeps the whole list.
    """

    class Meta:
        abstract = True
        ordering = ["story", "pk"]

    @property
    def is_importer_owned(self):
        """What `stories.journal` asks before undoing an import's row."""
        return self.story.importer_may_write(
            self._meta.get_field("story").remote_field.related_name
        )


class Byline(StoryListItem):
    """One credit of a story as printed: 记者 张三, 通讯员 李四, 摄影 王五."""

    story = models.ForeignKey(
        Story, verbose_name="报道", on_delete=models.CASCADE, related_name="bylines"
    )
    role = models.CharField("身份", max_length=16, blank=True, help_text="如“记者”“通讯员”“摄影”。")
    name = models.CharField("署名", max_length=128)

    class Meta(StoryListItem.Meta):
        verbose_name = "署名"
        verbose_name_plural = "署名"

    def __str__(self):
        return f"{self.role} {self.name}".strip()


class StoryDate(StoryListItem):
    """A calendar reference the story's text makes, at month or day precision: "2020-02"
    or "2020-02-03". Owned like bylines, under the story's "text_dates" mark."""

    story = models.ForeignKey(
        Story, verbose_name="报道", on_delete=models.CASCADE, related_name="text_dates"
    )
    value = models.CharField(
        "日期",
        max_length=10,
        validators=[validate_text_date],
        help_text="年-月-日，或只到月：2020-02。",
    )

    class Meta(StoryListItem.Meta):
        verbose_name = "文中日期"
        verbose_name_plural = "文中日期"

    def __str__(self):
        return self.value


class StoryDistrict(ExtractedLinkModel):
    story = models.ForeignKey(
        Story, verbose_name="报道", on_delete=models.CASCADE, related_name="district_links"
    )
    district = models.ForeignKey(
        District, verbose_name="区县", on_delete=models.PROTECT, related_name="story_links"
    )
    is_inferred = models.BooleanField("推断得出", default=False)

    class Meta:
        verbose_name = "报道区县"
        verbose_name_plural = "报道区县"
        constraints = [
            models.UniqueConstraint(
                fields=["story", "district"], name="stories_storydistrict_unique"
            ),
        ]

    def __str__(self):
        return f"{self.story_id}→{self.district_id}"


class StoryStreet(ExtractedLinkModel):
    story = models.ForeignKey(
        Story, verbose_name="报道", on_delete=models.CASCADE, related_name="street_links"
    )
    street = models.ForeignKey(
        Street, verbose_name="街道乡镇", on_delete=models.PROTECT, related_name="story_links"
    )
    is_inferred = models.BooleanField("推断得出", default=False)

    class Meta:
        verbose_name = "报道街道乡镇"
        verbose_name_plural = "报道街道乡镇"
        constraints = [
            models.UniqueConstraint(fields=["story", "street"], name="stories_storystreet_unique"),
        ]

    def __str__(self):
        return f"{self.story_id}→{self.street_id}"


class StoryCommunity(ExtractedLinkModel):
    story = models.ForeignKey(
        Story, verbose_name="报道", on_delete=models.CASCADE, related_name="community_links"
    )
    community = models.ForeignKey(
        Community, verbose_name="社区村", on_delete=models.PROTECT, related_name="story_links"
    )

    class Meta:
        verbose_name = "报道社区村"
        verbose_name_plural = "报道社区村"
        constraints = [
            models.UniqueConstraint(
                fields=["story", "community"], name="stories_storycommunity_unique"
            ),
        ]

    def __str__(self):
        return f"{self.story_id}→{self.community_id}"


class StoryOrganization(ExtractedLinkModel):
    story = models.ForeignKey(
        Story, verbose_name="报道", on_delete=models.CASCADE, related_name="organization_links"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="组织机构", on_delete=models.PROTECT, related_name="story_links"
    )

    class Meta:
        verbose_name = "报道组织机构"
        verbose_name_plural = "报道组织机构"
        constraints = [
            models.UniqueConstraint(
                fields=["story", "organization"], name="stories_storyorganization_unique"
            ),
        ]

    def __str__(self):
        return f"{self.story_id}→{self.organization_id}"


class Appearance(ExtractedLinkModel):
    """A person in a story, with the verbatim title the story gives them there."""

    story = models.ForeignKey(
        Story, verbose_name="报道", on_delete=models.CASCADE, related_name="appearances"
    )
    person = models.ForeignKey(
        Person, verbose_name="人物", on_delete=models.PROTECT, related_name="appearances"
    )
    title = models.CharField("职务（原文）", max_length=128, blank=True)
    titles = models.JSONField("全部职务（原文）", default=list, blank=True)
    role = models.ForeignKey(
        Role,
        verbose_name="角色类别",
        on_delete=models.PROTECT,
        related_name="appearances",
        null=True,
        blank=True,
    )
    community = models.ForeignKey(
        Community,
        verbose_name="社区村",
        on_delete=models.PROTECT,
        related_name="appearances",
        null=True,
        blank=True,
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="组织机构",
        on_delete=models.PROTECT,
        related_name="appearances",
        null=True,
        blank=True,
    )
    age = models.PositiveSmallIntegerField("年龄", null=True, blank=True)
    aliases = models.JSONField("文中别称", default=list, blank=True)
    mention = models.CharField(
        "原文姓名",
        max_length=32,
        blank=True,
        editable=False,
        help_text="报道中印出的姓名。编辑把这一条改指其他人物后，重新导入仍认得它。",
    )

    class Meta:
        verbose_name = "人物出现"
        verbose_name_plural = "人物出现"
        ordering = ["story", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["story", "person"], name="stories_appearance_unique"),
            models.CheckConstraint(
                condition=Q(age__isnull=True) | Q(age__lte=120), name="stories_appearance_age_range"
            ),
        ]

    def __str__(self):
        return f"{self.title}{self.person_id}" if self.title else str(self.person_id)


class ImportRun(TimeStampedModel):
    """One run of `import_stories`: what it read, what it did, and whether it was undone."""

    class Status(models.TextChoices):
        RUNNING = "running", "进行中"
        FINISHED = "finished", "已完成"
        FAILED = "failed", "部分失败"
        INTERRUPTED = "interrupted", "中断"
        UNDONE = "undone", "已撤销"

    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status, default=Status.RUNNING)
    options = models.JSONField("参数", default=dict, blank=True)
    pages = models.JSONField("版面", default=list, blank=True, help_text="每个版面的结果。")
    summary = models.JSONField("统计", default=dict, blank=True)
    undone_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        ordering = ["-started_at"]

    def __str__(self):
        return f"导入 #{self.pk}"

    @classmethod
    def mark_interrupted(cls, host, is_alive):
        """Runs of `host` still "running" whose process is gone (killed, or its machine
        restarted) become "interrupted"; each page they wrote is whole, and a new run of
        the same pages completes them. Returns how many."""
        dead = [
            run.pk
            for run in cls.objects.filter(status=cls.Status.RUNNING, options__host=host)
            if not is_alive(run.options.get("pid"))
        ]
        return cls.objects.filter(pk__in=dead).update(status=cls.Status.INTERRUPTED)


class ImportChange(models.Model):
    """One row an import run created, changed or deleted, with what it was before.

    The journal is generic (content type + primary key) because a run touches rows in
    all three apps; `stories.loader.undo_run` replays it backwards.
    """

    class Action(models.TextChoices):
        CREATED = "created", "新建"
        UPDATED = "updated", "修改"
        DELETED = "deleted", "删除"

    run = models.ForeignKey(
        ImportRun, verbose_name="导入记录", on_delete=models.CASCADE, related_name="changes"
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name="类型", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField("记录编号", max_length=64)
    action = models.CharField("操作", max_length=16, choices=Action)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    label = models.CharField("摘要", max_length=255, blank=True)

    class Meta:
        verbose_name = "导入变更"
        verbose_name_plural = "导入变更"
        ordering = ["run", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_action_display()} {self.label}"


# History (django-reversion): a story's revision holds every row of its links and lists,
# so that reverting it, undoing a bulk action or an import restores them as a unit. Whoever
# adds stories to a revision prefetches these, so that its cost does not grow with them.
STORY_ROWS = (
    "appearances",
    "community_links",
    "street_links",
    "district_links",
    "organization_links",
    "bylines",
    "text_dates",
)
for _model in (
    Appearance,
    StoryCommunity,
    StoryStreet,
    StoryDistrict,
    StoryOrganization,
    Byline,
    StoryDate,
):
    reversion.register(_model)
reversion.register(Story, follow=STORY_ROWS)
