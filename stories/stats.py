"""The statistics page: published stories by district, by month and by role category.

Each chart is an inline SVG drawn on the server (no JavaScript). The geometry is worked out
here, so the one template partial (`stories/_bar_chart.svg`) only places rectangles and text.
Every bar links to the story list filtered to what the bar counts. The counts come from
`stories.facets`, one aggregate query per chart.
"""

import datetime
from dataclasses import dataclass, replace

from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from . import facets
from .models import Story

# The district chart shows the districts with the most stories; the list page has the rest.
DISTRICT_CHART_SIZE = 30

# Horizontal charts (districts, roles): a label column, then the bar, then its count.
ROW_HEIGHT = 24
BAR_THICKNESS = 16
LABEL_WIDTH = 150
BAR_AREA = 220  # with the labels, the chart fits a phone (390 px) at full size
VALUE_GAP = 6
LABEL_CHARACTERS = 12  # at 12px, what fits the label column; longer labels are cut
HORIZONTAL_WIDTH = LABEL_WIDTH + BAR_AREA + 50

# The timeline: one column per month, month numbers and years underneath.
TIMELINE_WIDTH = 720
TIMELINE_PLOT_HEIGHT = 160
TIMELINE_TOP = 16  # room for the count above the tallest column
TIMELINE_BASELINE = TIMELINE_TOP + TIMELINE_PLOT_HEIGHT
MONTH_LABEL_DROP = 14  # from the baseline down to the month numbers' baseline
YEAR_LABEL_DROP = 30  # ... and to the years'
TIMELINE_BOTTOM = 36
MAX_COLUMN_STEP = 24
COLUMN_FILL = 0.75  # the share of a column's step its bar covers
MIN_STEP_FOR_MONTH_LABELS = 14
MIN_YEAR_LABEL_SPACING = 40
VALUE_CHAR_WIDTH = 7  # a digit at 12px: a count wider than its column is left out


@dataclass(frozen=True)
class Bar:
    """One bar: what it counts (`name`), its rectangle, the label and value drawn beside it
    ("" draws none) and its link ("" for a month without stories)."""

    name: str
    label: str
    value: str
    count: int
    url: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float

    @property
    def title(self):
        """The accessible text read out for the bar."""
        return f"{self.name}：{self.count} 篇"


@dataclass(frozen=True)
class Text:
    """A label that belongs to no single bar (a year under the timeline)."""

    text: str
    x: float
    y: float


@dataclass(frozen=True)
class Chart:
    """What `_bar_chart.svg` draws. `label_anchor`/`value_anchor` are SVG text-anchor values:
    labels end left of horizontal bars and centre under columns."""

    width: float
    height: float
    bars: list[Bar]
    texts: list[Text]
    label_anchor: str
    value_anchor: str


def list_url(**params):
    """The story list filtered by `params`, the address each bar links to."""
    return f"{reverse('stories:list')}?{urlencode(params)}"


def horizontal_chart(rows):
    """A chart of one bar per row; `rows` is [(label, count, url)], drawn in that order."""
    largest = max((count for _, count, _ in rows), default=0) or 1
    bars = []
    for index, (label, count, url) in enumerate(rows):
        top = index * ROW_HEIGHT + (ROW_HEIGHT - BAR_THICKNESS) / 2
        length = round(BAR_AREA * count / largest, 1)
        middle = top + BAR_THICKNESS / 2 + 4  # +4: baseline of 12px text, centred
        bars.append(
            Bar(
                name=label,
                label=_fit(label),
                value=str(count),
                count=count,
                url=url,
                x=LABEL_WIDTH,
                y=top,
                width=length,
                height=BAR_THICKNESS,
                label_x=LABEL_WIDTH - VALUE_GAP,
                label_y=middle,
                value_x=LABEL_WIDTH + length + VALUE_GAP,
                value_y=middle,
            )
        )
    return Chart(
        width=HORIZONTAL_WIDTH,
        height=len(rows) * ROW_HEIGHT,
        bars=bars,
        texts=[],
        label_anchor="end",
        value_anchor="start",
    )


def _fit(label):
    if len(label) <= LABEL_CHARACTERS:
        return label
    return f"{label[: LABEL_CHARACTERS - 1]}…"


def month_range(first, last):
    """Every first-of-month from `first` to `last`, both included."""
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def next_month(month):
    return (month + datetime.timedelta(days=32)).replace(day=1)


def timeline_chart(month_counts):
    """A column per month from the first month with stories to the last; months between
    them without stories are empty columns that link nowhere."""
    counts = dict(month_counts)
    months = month_range(month_counts[0][0], month_counts[-1][0])
    step = min(MAX_COLUMN_STEP, TIMELINE_WIDTH / len(months))
    largest = max(counts.values())
    bars = [
        _column(month, counts.get(month, 0), index, step, largest)
        for index, month in enumerate(months)
    ]
    if step < MIN_STEP_FOR_MONTH_LABELS:
        bars = [replace(bar, label="") for bar in bars]
    return Chart(
        width=step * len(months),
        height=TIMELINE_BASELINE + TIMELINE_BOTTOM,
        bars=bars,
        texts=_year_texts(months, step, TIMELINE_BASELINE + YEAR_LABEL_DROP),
        label_anchor="middle",
        value_anchor="middle",
    )


def _column(month, count, index, step, largest):
    height = round(TIMELINE_PLOT_HEIGHT * count / largest, 1)
    bar_width = step * COLUMN_FILL
    centre = index * step + step / 2
    url = ""
    if count:
        url = list_url(
            date_after=month.isoformat(),
            date_before=(next_month(month) - datetime.timedelta(days=1)).isoformat(),
        )
    value = str(count) if count and len(str(count)) * VALUE_CHAR_WIDTH <= step else ""
    return Bar(
        name=f"{month.year}年{month.month}月",
        label=str(month.month),
        value=value,
        count=count,
        url=url,
        x=round(centre - bar_width / 2, 1),
        y=TIMELINE_BASELINE - height,
        width=round(bar_width, 1),
        height=height,
        label_x=round(centre, 1),
        label_y=TIMELINE_BASELINE + MONTH_LABEL_DROP,
        value_x=round(centre, 1),
        value_y=TIMELINE_BASELINE - height - 4,
    )


def _year_texts(months, step, y):
    """A year under each January, and under the first month unless the first January is too
    close to it; then any year that would crowd the label before it is left out."""
    januaries = [index for index, month in enumerate(months) if month.month == 1]
    starts = januaries
    if not januaries or januaries[0] * step >= MIN_YEAR_LABEL_SPACING:
        starts = [0, *januaries]
    texts, last_x = [], None
    for index in starts:
        x = index * step
        if last_x is None or x - last_x >= MIN_YEAR_LABEL_SPACING:
            texts.append(Text(f"{months[index].year}年", round(x + 1, 1), y))
            last_x = x
    return texts


def district_chart(stories):
    rows = [
        (str(district), count, list_url(district=district.code or district.name))
        for district, count in facets.district_counts(stories, limit=DISTRICT_CHART_SIZE)
    ]
    return horizontal_chart(rows)


def role_chart(stories):
    rows = [
        (role.name, count, list_url(role=role.name)) for role, count in facets.role_counts(stories)
    ]
    return horizontal_chart(rows)


def stats(request):
    """The three charts over the published stories, or only the totals when there are none.

    Queries: the totals, then one per chart.
    """
    stories = Story.objects.published()
    totals = stories.aggregate(
        total=Count("pk"), undated=Count("pk", filter=Q(date_start__isnull=True))
    )
    context = {"totals": totals, "district_chart_size": DISTRICT_CHART_SIZE}
    if totals["total"]:
        month_counts = facets.month_counts(stories)
        context.update(
            district_chart=district_chart(stories),
            role_chart=role_chart(stories),
            timeline=timeline_chart(month_counts) if month_counts else None,
        )
    return render(request, "stories/stats.html", context)
