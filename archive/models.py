"""Abstract bases shared by places, people and stories.

Who made a value is data: every curated row records whether the importer or an editor
created it, which of its fields an editor has set since, and whether an editor has
verified it. `stories.loader` reads these marks to decide what a re-import may replace.
"""

from django.db import models


class Origin(models.TextChoices):
    IMPORTER = "importer", "导入程序"
    EDITOR = "editor", "编辑"


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class CuratedModel(TimeStampedModel):
    """A row the importer and editors share.

    Contract with the importer: it writes a field only while `importer_may_write(field)`
    holds, i.e. the row is importer-made, unverified, and the field is not among
    `editor_fields`. Rows made in the admin default to `Origin.EDITOR` and are never
    written by the importer.
    """

    origin = models.CharField(
        "来源", max_length=16, choices=Origin, default=Origin.EDITOR, editable=False
    )
    is_verified = models.BooleanField(
        "已核实", default=False, help_text="编辑核实后，重新导入不会再修改这一条记录。"
    )
    editor_fields = models.JSONField(
        "编辑修改过的字段",
        default=list,
        blank=True,
        editable=False,
        help_text="编辑改动过的字段；重新导入时保留编辑的值。",
    )

    class Meta:
        abstract = True

    @property
    def is_importer_owned(self):
        """True while nothing about the row belongs to an editor."""
        return self.origin == Origin.IMPORTER and not self.is_verified and not self.editor_fields

    def importer_may_write(self, field_name):
        return (
            self.origin == Origin.IMPORTER
            and not self.is_verified
            and field_name not in self.editor_fields
        )

    def mark_edited(self, field_names):
        """Record that an editor set these fields; returns True if anything was new."""
        new = [name for name in field_names if name not in self.editor_fields]
        self.editor_fields = sorted([*self.editor_fields, *new])
        return bool(new)


class LinkQuerySet(models.QuerySet):
    def active(self):
        """Links the public site shows: those no editor has rejected."""
        return self.filter(is_rejected=False)


class ExtractedLinkModel(CuratedModel):
    """A link the importer may propose: it carries a confidence and can be rejected.

    Editors reject an importer's link instead of deleting it, so that a re-import
    remembers the decision and does not propose the same link again.
    """

    confidence = models.FloatField("置信度", null=True, blank=True)
    is_rejected = models.BooleanField(
        "编辑已否决", default=False, help_text="否决后不在公开页面显示，重新导入也不会恢复。"
    )

    objects = LinkQuerySet.as_manager()

    class Meta:
        abstract = True
