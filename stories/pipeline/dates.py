"""Dates in a story, normalised to ISO, and the year of a page.

A date needs a year. Explicit years win (2020年7月9日); 去年/今年 count from the page's
year; otherwise the page's year is used. The page's year comes from its metadata, or is
inferred (and flagged as such) from what the page says: a current-event year in the
COVID-19 era (not 2003年的非典, not 2015年担任…, which are other events), a holiday tied
to a date (母亲节 on 5月8日 is 2022), or the era's own vocabulary (武汉返京 is 2020,
核酸检测App and 赋码 are 2022).
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from .dictionaries import rows
from .text import chinese_number, chinese_year

_NUM = r"[\d０-９]{1,2}|[一二三四五六七八九十]{1,3}"
_YEAR = r"(?:19|20)\d{2}|[一二〇零]{1}[〇零一二三四五六七八九]{3}"
_DATE_RE = re.compile(
    rf"(?:(?P<year>{_YEAR})年|(?P<rel>去年|今年|明年|前年))?"
    rf"(?P<month>{_NUM})月"
    rf"(?:(?P<day>{_NUM})[日号](?![楼院线门车厅房室])"
    r"|(?P<part>上旬|中旬|下旬|初|底|末|中)?(?![\d０-９一二三四五六七八九十日号份]))"
)
# A day without its month (13日凌晨 after 6月12日): before a time of day or a clause
# break, or, in the sentence of its full date, after a clause break (…，18日解封).
# 13日凌晨, 16、17日: days whose month the story gave before.
_DAY_ONLY_RE = re.compile(
    r"(?:(?<=当月|本月|同月)|(?<![\d月年号.:：/-]))(?P<days>\d{1,2}(?:、\d{1,2})*)日"
)
_DAY_TIME_AFTER_RE = re.compile(
    r"凌晨|早上|早晨|清晨|上午|中午|下午|傍晚|晚上|晚|夜|深夜|起|以来|开始|当天|那天|这天|[，,、至到]"
    r"|\d{1,2}[时点]|全市|全区|全县"
)
_SAME_MONTH_RE = re.compile(r"(?:当月|本月|同月)$")
_YEAR_IN_TEXT_RE = re.compile(
    r"(?<![\d〇零一二三四五六七八九])((?:19|20)\d{2}|[一二][〇零一二三四五六七八九]{3})年(?!代)"
)
ERA = range(2019, 2024)
DEFAULT_YEAR, DEFAULT_CONFIDENCE = 2020, 0.2
_EPIDEMIC_RE = re.compile("疫情|新冠|肺炎|抗疫|战疫|防疫|防控|核酸|封控|隔离|体温|口罩|卡口")


@dataclass(frozen=True)
class FoundDate:
    iso: str  # YYYY-MM-DD or YYYY-MM
    start: int
    end: int
    # 去年8月, 前年: counted back from the page's year. A background reference: it is one of
    # the story's dates but never sets the story's date range.
    is_relative: bool = False


def find_dates(text, year):
    """Dates in `text` with `year` as the page's year; [] for every date lacking a year
    when `year` is None."""
    found, taken = [], []
    for match in _DATE_RE.finditer(text):
        explicit = _year_of(match, year)
        month = chinese_number(match["month"])
        if explicit is None or not 1 <= month <= 12:
            continue
        day = chinese_number(match["day"]) if match["day"] else None
        iso = _iso(explicit, month, day)
        if iso:
            relative = match["rel"] in {"去年", "前年", "明年"}
            found.append(FoundDate(iso, match.start(), match.end(), relative))
            taken.append((match.start(), match.end()))
    for match in _DAY_ONLY_RE.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        same_month = bool(_SAME_MONTH_RE.search(text, 0, match.start()))  # 当月26日
        previous = [
            d
            for d in found
            if d.end <= match.start() and (len(d.iso) == 10 or (same_month and len(d.iso) == 7))
        ]
        if not previous or not (same_month or _reads_as_day(text, match, previous[-1])):
            continue
        context_year, context_month = int(previous[-1].iso[:4]), int(previous[-1].iso[5:7])
        for day in match["days"].split("、"):
            iso = _iso(context_year, context_month, int(day))
            if iso:
                found.append(FoundDate(iso, match.start(), match.end(), previous[-1].is_relative))
    return sorted(found, key=lambda d: d.start)


def _reads_as_day(text, match, full_date):
    if _DAY_TIME_AFTER_RE.match(text, match.end()):
        return True
    between = text[full_date.end : match.start()]
    return text[match.start() - 1 : match.start()] in "，,、" and not re.search(
        "[。！？!?]", between
    )


def date_range(dates, year):
    """(date_start, date_end) ISO strings: the span of the story's own time, from
    FoundDates. That is the dates within the page's year, or, when none falls in it, the
    dates whose year the story writes out (a page whose year was guessed wrong); a date
    counted back from the page's year (去年8月) never sets it."""
    absolute = [d.iso for d in dates if not d.is_relative]
    if not absolute:
        return "", ""
    own = [d for d in absolute if year is None or d.startswith(str(year))] or absolute
    starts = [d if len(d) == 10 else d + "-01" for d in own]
    ends = [d if len(d) == 10 else _month_end(d) for d in own]
    return min(starts), max(ends)


def _year_of(match, page_year):
    if match["year"]:
        return chinese_year(match["year"])
    if page_year is None:
        return None
    return page_year + {"去年": -1, "前年": -2, "明年": 1}.get(match["rel"] or "", 0)


def _iso(year, month, day):
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


def _month_end(month_iso):
    year, month = int(month_iso[:4]), int(month_iso[5:7])
    return f"{month_iso}-{calendar.monthrange(year, month)[1]:02d}"


# --- the page's year ---------------------------------------------------------------------


@dataclass(frozen=True)
class YearGuess:
    year: int | None
    confidence: float


def infer_year(text):
    """The year a COVID-era page reports on, with a confidence, or (None, 0)."""
    scores = {}

    def vote(year, weight):
        if year in ERA:
            scores[year] = scores.get(year, 0) + weight

    for match in _YEAR_IN_TEXT_RE.finditer(text):
        year = chinese_year(match.group(1))
        after = text[match.end() : match.end() + 8]
        before = text[max(0, match.start() - 6) : match.start()]
        if re.match(rf"(?:{_NUM})月", after):
            vote(year, 3)  # 2020年7月9日: a dated event
        elif re.search("新冠|疫情|肺炎", after + before):
            vote(year, 3)  # 2020年的“新冠”
        else:
            vote(year, 1)
    for year, weight in _holiday_votes(text):
        vote(year, weight)
    for marker, year, weight in _era_markers():
        if marker in text:
            vote(year, weight)
    if not scores:
        if _EPIDEMIC_RE.search(text):
            # Nothing dates the page, but it is about the epidemic: most such community
            # stories were printed in its first year. A guess, flagged by its confidence.
            return YearGuess(DEFAULT_YEAR, DEFAULT_CONFIDENCE)
        return YearGuess(None, 0.0)
    best = max(scores, key=scores.get)
    total = sum(scores.values())
    return YearGuess(best, round(min(0.95, scores[best] / total) if total else 0.0, 2))


# Holidays fixed to a weekday or the lunar calendar, COVID-era years only.
_LUNAR = {
    # year: (除夕, 春节, 元宵, 端午, 中秋)
    2019: ("02-04", "02-05", "02-19", "06-07", "09-13"),
    2020: ("01-24", "01-25", "02-08", "06-25", "10-01"),
    2021: ("02-11", "02-12", "02-26", "06-14", "09-21"),
    2022: ("01-31", "02-01", "02-15", "06-03", "09-10"),
    2023: ("01-21", "01-22", "02-05", "06-22", "09-29"),
}
_LUNAR_NAMES = ("除夕", "春节", "元宵节", "端午节", "中秋节")


def _nth_weekday(year, month, weekday, n):
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return date(year, month, 1 + offset + 7 * (n - 1))


def _holiday_dates(year):
    days = {
        "母亲节": _nth_weekday(year, 5, 6, 2),
        "父亲节": _nth_weekday(year, 6, 6, 3),
    }
    for name, month_day in zip(_LUNAR_NAMES, _LUNAR[year], strict=True):
        days[name] = date.fromisoformat(f"{year}-{month_day}")
    return days


def _holiday_votes(text):
    """母亲节 … 5月8日 fits only 2022 among COVID-era years."""
    for year in ERA:
        for name, day in _holiday_dates(year).items():
            short = name.removesuffix("节") if name.endswith("节") and len(name) > 2 else name
            for match in re.finditer(short, text):
                window = text[max(0, match.start() - 20) : match.end() + 20]
                if f"{day.month}月{day.day}日" in window:
                    yield year, 4


@cache
def _era_markers():
    """(marker, year, weight) from dictionaries/era_markers.txt."""
    return [(marker, int(year), float(weight)) for marker, year, weight in rows("era_markers")]
