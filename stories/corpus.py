"""Synthetic newspaper pages in the seeds' genre, for importing a large archive (issue: scale to
100,000 stories). Plain Python: no Django, so the generator runs and is tested without settings.

    write_corpus(Path("/tmp/corpus"), pages=20_000, seed=1) -> CorpusSummary

Contract: the same seed gives byte-identical files whatever PYTHONHASHSEED is (one
random.Random per seed, derived generators seeded by strings, lists in fixed order, no set
iteration). Bump GENERATOR_VERSION whenever the output for a seed changes, the gazetteer data
included: benchmarks cache the archive built from a corpus under it. Pages are written one at a
time beside a manifest.csv in the format stories.manifest reads, so memory stays flat.

People take surnames from the pipeline's surnames.txt (weighted toward the common ones, which
come first there) and titles from fixtures/roles.json (checked against it on load); places come
from the gazetteer consistently: a city, its districts, their streets and those streets' own
communities or villages. The vocabulary below is the generator's, not the pipeline's.
"""

import csv
import datetime
import hashlib
import json
import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fixtures import ROLES
from places.gazetteer import get_gazetteer, short_forms

from .pipeline import dictionaries

GENERATOR_VERSION = "1"
MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("filename", "publication", "issue_date", "year", "city", "home_district")
PAGE_NAME = re.compile(r"^\d{6,}_[0-9a-f]{16}\.txt$")

# Role slots: (role slug, titles from fixtures/roles.json that fit the slot).
SLOTS = {
    "secretary": (
        "community-secretary",
        ("社区党委书记", "社区党总支书记", "社区党支部书记", "社区党委副书记", "社区书记"),
    ),
    "village_head": ("village-cadre", ("村党支部书记", "村党总支书记", "村委会主任")),
    "first_secretary": ("village-cadre", ("驻村第一书记",)),
    "worker": (
        "community-worker",
        tuple(
            "网格员 社区工作者 社区干部 社工 居委会主任 综治委员 社区网格员 社区工作人员".split()
        ),
    ),
    "sent_down": ("sent-down-cadre", ("下沉干部",)),
    "volunteer": ("volunteer", ("志愿者", "党员志愿者", "楼栋长", "楼门长", "青年志愿者")),
    "party": ("party-member", ("老党员", "在职党员")),
    "doctor": ("medical-worker", ("医生", "护士", "护士长")),
    "village_doctor": ("medical-worker", ("村医",)),
    "police": ("police", ("社区民警", "辅警")),
    "property": ("property-company-staff", ("物业经理", "物业项目经理", "保安", "保洁员")),
    "teacher": ("teacher", ("老师", "班主任")),
}
URBAN_CAST = (
    "worker worker sent_down volunteer volunteer party doctor police property teacher"
).split()
RURAL_CAST = ("worker first_secretary sent_down volunteer party village_doctor police").split()
GIVEN_FEMALE = "芳娜敏静丽艳娟秀英霞萍红兰玉梅燕婷雪琳颖倩慧莉晶璐薇丹蕾岚淑凤桂琴珍"
GIVEN_MALE = "伟强磊军勇杰涛明超刚辉鹏宇浩凯飞斌波俊峰海志永德庆东亮荣彬振健立成利祥龙翔毅"
GIVEN_ANY = "华平建国文宁晨欣佳怡嘉晓春新云丰福生瑞睿思琪雨泽博航源一小子"
BUREAUS = (
    "区卫健局 区统计局 区水务局 区人力社保局 区委组织部 区司法局 区教委 区残联 "
    "区税务局 市生态环境局 市住建局 区城市管理委 区财政局"
).split()
SCHOOLS = "第一中学 实验小学 第二中学 外国语学校 职业技术学校".split()
SUBJECTS = "语文 数学 英语 体育 美术 物理".split()
TASKS = (
    "入户排查 核酸采样 测温登记 物资配送 楼道消杀 卡口值守 信息登记 "
    "为独居老人送药 分发蔬菜包 流调信息核对 防疫宣传"
).split()
SPOTS = "小区门口 核酸采样点 社区党群服务中心 卡口 居委会办公室 村口".split()
TIMES = ("凌晨3点 清晨6点 上午8点 中午12点 下午3点 傍晚6点 晚上9点多 深夜11点").split()
QUOTES = (
    "疫情就是命令，防控就是责任。 只要大家平安，再累也值得。 "
    "我是党员，这个时候就该站出来。 居民的小事，就是我们的大事。 "
    "多跑几趟腿，居民就少一分担心。 守住小门，才能守护大家。 "
    "能帮一把是一把，大家都不容易。 越是困难的时候，越要把服务做细。 "
    "看到居民安心，我心里就踏实了。 我们多辛苦一点，群众就多一分安宁。"
).split()
HEADLINES = (
    "守住{comm}的每一道门|“{alias}”的三本账|"
    "{comm}里的“守门人”|{name}：社区就是我的阵地|"
    "封住“小门” 守护“大家”|一线抗疫的“{alias}”|逆行者{name}|"
    "{task}一线的坚守|“{alias}”守护{comm}|把服务送到居民家门口|"
    "停课不停学 教师变身“网格员”|“楼栋长”变身“跑腿员”|"
    "与时间赛跑的{days}天|{comm}的不眠之夜"
).split("|")
KICKERS = "战疫一线 社区守门人 疫线故事 抗疫群英谱 身边的感动".split()
BANNERS = (
    "抗疫专刊|【疫线故事】|战疫一线·社区守门人|众志成城 抗击疫情|一线抗疫故事|"
    "抗击疫情 我们始终在一起"
).split("|")
BRIEF_HEADS = "战“疫”：每个人都是好样的！ 疫线群英 抗疫一线风采录 身边的战“疫”者".split()
EDITOR_NOTE = (
    "编者按：{date}以来，面对突如其来的疫情，{place}各街道、社区的党员干部、社区工作者和"
    "广大志愿者日夜奋战在抗疫一线。本报今起推出“{column}”专栏，讲述他们守护家园的故事。"
)
FEATURES = (
    "老旧小区多，出入口多 流动人口多，人员构成复杂 60岁以上老人占三成以上 "
    "城中村密集，出租屋多 紧邻农贸市场，人员往来频繁"
).split()
WEEKDAYS = "一二三四五六日"
SEASONS = {2020: ((1, 20), (4, 30)), 2021: ((1, 3), (2, 20)), 2022: ((3, 10), (5, 31))}
YEARS = (2020, 2020, 2020, 2021, 2022, 2022)
FEATURED_CITIES = (
    "北京市 上海市 武汉市 深圳市 成都市 杭州市 沈阳市 石家庄市 许昌市 广州市 "
    "南京市 西安市 重庆市 天津市 长沙市 郑州市"
).split()


class CorpusError(ValueError):
    """Bad arguments or output folder: the message is shown to the operator as it is."""


@dataclass(frozen=True)
class Locale:
    """A street and its communities (or villages), all from the gazetteer."""

    city: str
    district: str
    street: str
    street_short: str
    communities: tuple[str, ...]


@dataclass(frozen=True)
class Person:
    name: str
    title: str
    pronoun: str
    age: int | None
    alias: str
    prefix: str  # what the page puts before the title: a bureau, a school, a community


@dataclass(frozen=True)
class CorpusSummary:
    pages: int
    stories: int
    removed: int  # page files of a previous corpus deleted first


@cache
def _surnames() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Surnames in file order with weights: compound ones rare, then falling with rank."""
    path = dictionaries.DIRECTORY / "surnames.txt"
    names = [w.strip() for w in path.read_text(encoding="utf-8").splitlines()]
    names = [w for w in names if w and not w.startswith("#")]
    singles = [w for w in names if len(w) == 1]
    weights = [0.002 if len(w) > 1 else 1 / (singles.index(w) + 8) for w in names]
    return tuple(names), tuple(weights)


@cache
def _check_titles() -> None:
    """Every slot's titles must be titles of its role in fixtures/roles.json."""
    rows = json.loads(ROLES.read_text(encoding="utf-8"))
    titles = {row["fields"]["slug"]: row["fields"]["titles"] for row in rows}
    for slot, (slug, wanted) in SLOTS.items():
        missing = [t for t in wanted if t not in titles.get(slug, ())]
        if missing:
            raise CorpusError(f"fixtures/roles.json 缺少 {slot} 的职务：{'、'.join(missing)}")


class Places:
    """Cities -> a few districts -> a few streets -> their communities, picked once per seed."""

    def __init__(self, seed: int):
        self.seed, self.gazetteer = seed, get_gazetteer()
        self._districts: dict[str, list] = {}
        for d in self.gazetteer.districts_in():
            if d.is_current and d.kind in ("区", "县", "县级市"):
                self._districts.setdefault(d.city, []).append(d)
        self._streets: dict[str, list] = {}
        for s in self.gazetteer.streets_in():
            if s.is_current and s.kind in ("街道", "镇", "乡", "地区"):
                self._streets.setdefault(s.district_code, []).append(s)
        self.cities = sorted(c for c, ds in self._districts.items() if self._has_streets(ds))
        self.city_weights = [6 if c in FEATURED_CITIES else 1 for c in self.cities]
        self._locales: dict[str, list[Locale]] = {}

    def _has_streets(self, districts) -> bool:
        return any(d.code in self._streets for d in districts)

    def locales(self, city: str) -> list[Locale]:
        """Up to 4 districts x 5 streets of a city that have communities, fixed per seed."""
        if city not in self._locales:
            rng = random.Random(f"{self.seed}:{city}")
            found = []
            districts = [d for d in self._districts[city] if d.code in self._streets]
            for district in sorted(rng.sample(districts, min(4, len(districts))), key=_code):
                streets = self._streets[district.code]
                for street in sorted(rng.sample(streets, min(5, len(streets))), key=_code):
                    names = self._communities(street.code)
                    if len(names) >= 2:
                        short = short_forms(street.name, "street")
                        found.append(
                            Locale(
                                city,
                                district.name,
                                street.name,
                                short[0] if short else street.name,
                                names,
                            )
                        )
            self._locales[city] = found
        return self._locales[city]

    def _communities(self, street_code: str) -> tuple[str, ...]:
        """Names of the street's own committees, probed by code (社区 001…, 村 200…)."""
        names = []
        for start in (1, 200):
            misses, number = 0, start
            while misses < 3 and len(names) < 12:
                entry = self.gazetteer.community(f"{street_code}{number:03d}")
                number += 1
                if entry and entry.is_current and entry.street_code == street_code:
                    names.append(entry.name)
                    misses = 0
                else:
                    misses += 1
        return tuple(dict.fromkeys(names))


def _code(entry) -> str:
    return entry.code


class PageWriter:
    """Writes one page's text from a shared random generator; see the module doc."""

    def __init__(self, rng: random.Random, places: Places):
        self.rng, self.places = rng, places
        self.surnames, self.surname_weights = _surnames()

    # --- small pickers -------------------------------------------------------------------
    def pick(self, options):
        return options[self.rng.randrange(len(options))]

    def person(self, slot: str, locale: Locale, community: str) -> Person:
        rng = self.rng
        surname = rng.choices(self.surnames, self.surname_weights)[0]
        female = rng.random() < 0.5
        pool = (GIVEN_FEMALE if female else GIVEN_MALE) + GIVEN_ANY
        given = "".join(rng.choice(pool) for _ in range(1 if rng.random() < 0.3 else 2))
        title = self.pick(SLOTS[slot][1])
        age = rng.randint(24, 72) if rng.random() < 0.4 else None
        alias = ""
        if rng.random() < 0.35:
            head = (
                "书记" if "书记" in title else self.pick(("姐" if female else "哥", "叔", "师傅"))
            )
            alias = self.pick((f"{surname}{head}", f"老{surname}", f"小{surname}"))
        prefix = {
            "sent_down": self.pick(BUREAUS),
            "teacher": self._school(locale),
            "doctor": "社区卫生服务中心",
            "secretary": community,
            "village_head": community,
        }.get(slot, "")
        return Person(surname + given, title, "她" if female else "他", age, alias, prefix)

    def _school(self, locale: Locale) -> str:
        return f"{locale.street_short}{self.pick(SCHOOLS)}{self.pick(SUBJECTS)}"

    def date(self, day: datetime.date, with_year=False) -> str:
        text = f"{day.month}月{day.day}日"
        return f"{day.year}年{text}" if with_year else text

    def where(self, locale: Locale, community: str) -> str:
        """A community as pages name it: with its street, short street, or district too."""
        return self.pick(
            (
                f"{locale.street}{community}",
                f"{locale.street_short}{community}",
                f"{locale.district}{locale.street}{community}",
                community,
            )
        )

    def name_list(self, names: list[str]) -> str:
        return names[0] if len(names) == 1 else "、".join(names[:-1]) + "和" + names[-1]

    # --- body sentences ------------------------------------------------------------------
    def sentences(self, lead: Person, cast: list[Person], locale, community, days) -> list[str]:
        """Body sentences about a story's people: each introduced once with its title."""
        r, d = self.rng, self.pick
        n = {"hh": r.randint(8, 60) * 100, "k": r.randint(3, 40), "big": r.randint(2, 90) * 100}
        out = [
            d(
                (
                    f"{community}共有居民{n['hh']}多户，{d(FEATURES)}。",
                    f"{community}辖区有{n['k']}栋楼、{n['hh']}多户居民，{d(FEATURES)}。",
                )
            ),
        ]
        if lead.age:
            out.append(
                d(
                    (
                        f"今年{lead.age}岁的{lead.name}在社区工作了{r.randint(2, 25)}年。",
                        f"{lead.name}今年{lead.age}岁，是一名有着{r.randint(3, 40)}年党龄的党员。",
                    )
                )
            )
        if lead.alias:
            out.append(
                d(
                    (
                        f"居民们都亲切地叫{lead.pronoun}“{lead.alias}”。",
                        f"大家都习惯叫{lead.pronoun}“{lead.alias}”。",
                    )
                )
            )
        out.append(
            d(
                (
                    f"从{self.date(days[0])}起，{lead.name}就把铺盖搬到了办公室里，24小时随时待命。",
                    f"{d(TIMES)}，{d(SPOTS)}的灯还亮着，{lead.name}刚挂掉一个电话，又拿起对讲机："
                    f"“{d(TASKS)}的人手不够了，马上派两个人过去。”",
                    f"{lead.name}每天要接打{n['k'] * 5}多个电话，嗓子喊哑了，"
                    "就把通知写在纸上贴进楼道。",
                )
            )
        )
        for person in cast:
            out.append(self.introduce(person, community, days))
            out.append(self.act(person, days, n))
        out.append(
            d(
                (
                    f"截至{self.date(days[-1])}，{community}已累计完成{d(TASKS)}{n['big']}余人次。",
                    f"在{lead.name}的带动下，社区有{n['k'] + 10}多名党员报名当起了志愿者。",
                    f"{self.date(days[-1])}，{community}党委给大家送来了感谢信。",
                )
            )
        )
        out.append(
            d(
                (
                    f"“{d(QUOTES)}”{lead.name}说。",
                    f"{lead.name}说：“{d(QUOTES)}”",
                    f"“{d(QUOTES)}”谈起这些天的工作，{lead.name}这样说。",
                )
            )
        )
        return out

    def introduce(self, p: Person, community: str, days) -> str:
        d, age = self.pick, (f"今年{p.age}岁的" if p.age else "")
        if p.title == "下沉干部":
            return d(
                (
                    f"{p.prefix}干部{p.name}作为下沉干部来到{community}，负责{d(TASKS)}工作。",
                    f"{p.prefix}下沉干部{p.name}是第一批下沉到{community}的干部。",
                )
            )
        if p.prefix:
            doing = d(("也加入了值守队伍", "每天都到小区帮忙"))
            return f"{age}{titled(p.prefix, p.title)}{p.name}{doing}。"
        return d(
            (
                f"{age}{p.title}{p.name}负责{d(TASKS)}，每天从{d(TIMES)}一直忙到{d(TIMES)}。",
                f"{self.date(self.pick(days))}，{p.title}{p.name}和同事们一起开展{d(TASKS)}。",
                f"{p.title}{p.name}是{community}的老住户，"
                f"{f'{p.pronoun}今年{p.age}岁，' if p.age else ''}"
                f"主动报名参加{d(TASKS)}。",
            )
        )

    def act(self, p: Person, days, n) -> str:
        d = self.pick
        return d(
            (
                f"“{d(QUOTES)}”{p.name}说。",
                f"{p.name}每天要跑{n['k'] + 10}多趟，一天下来步数超过了两万步。",
                f"{self.date(d(days))}晚上，{p.name}在{d(SPOTS)}一直守到{d(TIMES)}。",
                f"说起{p.name}，居民们都竖起了大拇指。",
                f"{p.name}把{d(TASKS)}的名单抄在本子上，挨个打电话问候。",
            )
        )

    # --- stories -------------------------------------------------------------------------
    def cast(self, locale: Locale, community: str, size: int) -> tuple[Person, list[Person]]:
        rural = community.endswith("村")
        lead_slot = "village_head" if rural else "secretary"
        pool = RURAL_CAST if rural else URBAN_CAST
        return (
            self.person(lead_slot, locale, community),
            [self.person(self.pick(pool), locale, community) for _ in range(size)],
        )

    def story_body(self, locale: Locale, community: str, days) -> tuple[Person, str]:
        lead, cast = self.cast(locale, community, self.rng.randint(2, 5))
        first = (
            f"{self.date(days[0], self.rng.random() < 0.4)}，"
            f"{titled(self.where(locale, community), lead.title)}{lead.name}"
            f"{self.pick(('带着社区工作人员', '和同事们'))}开始{self.pick(TASKS)}。"
        )
        sentences = [first, *self.sentences(lead, cast, locale, community, days)]
        volunteers = [self.person("volunteer", locale, community).name for _ in range(3)]
        sentences.insert(
            -1,
            f"志愿者{self.name_list(volunteers[: self.rng.randint(2, 3)])}第一批报了名，"
            f"每天{self.pick(TASKS)}。",
        )
        while sum(map(len, sentences)) < 420:
            sentences.insert(self.rng.randint(1, len(sentences) - 1), self.scene(community, days))
        return lead, _paragraphs(self.rng, sentences, 1500)

    def scene(self, community: str, days) -> str:
        """A sentence about the community's work, naming no one."""
        k, d = self.rng.randint(3, 30), self.pick
        return d(
            (
                f"为了做到“不漏一户、不落一人”，社区把辖区划成{k}个网格，"
                "每个网格配一名网格员、一名楼栋长。",
                f"封控期间，{community}开通了{k % 4 + 2}条服务专线，"
                "居民有什么需求，可以在微信群里“下单”。",
                f"{self.date(d(days))}，{community}开展第{k % 7 + 1}轮全员核酸检测，"
                f"{k * 300}多名居民有序完成采样。",
                f"{community}把{k + 10}个出入口压缩为{k % 3 + 2}个，每个出入口24小时有人值守。",
                f"独居老人、孕妇、慢性病患者等特殊人群，社区都建立了台账，"
                f"每天电话问候{k % 2 + 1}次。",
                "买菜、配药、做核酸，件件都是难事，社区工作人员就一件一件去办。",
            )
        )

    def byline(self) -> str:
        r = self.person("volunteer", *self._any()).name
        c = self.person("volunteer", *self._any()).name
        left, right = ("（", "）") if self.rng.random() < 0.6 else ("(", ")")
        inner = self.pick((f"记者 {r} 通讯员 {c}", f"通讯员 {c}", f"记者 {r}"))
        return f"本报讯{left}{inner}{right}"

    def _any(self):
        return self.locale, self.locale.communities[0]

    def headline(self, lead: Person, community: str, days) -> str:
        return self.pick(HEADLINES).format(
            comm=community,
            alias=lead.alias or f"{lead.name[0]}书记",
            name=lead.name,
            task=self.pick(TASKS),
            days=self.rng.randint(7, 60),
        )

    def news_story(self, community: str, days) -> str:
        lead, body = self.story_body(self.locale, community, days)
        lines = []
        if self.rng.random() < 0.3:
            lines.append(self.pick(KICKERS))
        title = self.headline(lead, community, days)
        lines.append(f"## {title}" if self.markdown else title)
        if self.rng.random() < 0.4:
            lines.append(f"——记{self.locale.street}{titled(community, lead.title)}{lead.name}")
        if self.rng.random() < 0.25:
            lines.append(f"本报记者 {self.person('volunteer', self.locale, community).name}")
            text = body
        else:
            text = self.byline() + body
        if self.rng.random() < 0.3:
            head, _, tail = text.partition("\n\n")
            photographer = self.person("volunteer", self.locale, community).name
            mark = self.pick((f"{photographer}/摄", f"{photographer} 摄"))
            text = f"{head}\n\n\n\n▲{lead.name}（左）为居民送去生活物资。 {mark}\n\n\n\n{tail}"
        lines.append(text)
        if self.rng.random() < 0.3:
            credit = self.person("volunteer", self.locale, community).name
            lines.append(
                self.pick(
                    (
                        f"（{credit}）",
                        f"文/记者 {credit}",
                        f"（{self.locale.street}供稿 {credit}/文）",
                    )
                )
            )
        return "\n\n".join(lines)

    def briefs(self, count: int, days) -> str:
        items = []
        for _ in range(count):
            community = self.pick(self.locale.communities)
            lead, cast = self.cast(self.locale, community, self.rng.randint(0, 1))
            age = f"今年{lead.age}岁，" if lead.age else ""
            parts = [
                f"■{self.date(self.pick(days))}，"
                f"{titled(self.where(self.locale, community), lead.title)}{lead.name}{age}"
                f"一大早就来到{self.pick(SPOTS)}，"
                f"开始一天的{self.pick(TASKS)}工作。",
                *(self.introduce(p, community, days) for p in cast),
                f"“{self.pick(QUOTES)}”{lead.name}说。",
            ]
            credit = self.person("volunteer", self.locale, community).name
            items.append("".join(parts) + f"（{credit}）")
        return "\n\n".join([self.pick(BRIEF_HEADS), *items])

    def caption(self, days) -> str:
        community = self.pick(self.locale.communities)
        who = self.person("volunteer", self.locale, community).name
        return (
            f"{self.date(self.pick(days))}，{self.locale.district}{self.locale.street}{community}"
            f"的志愿者在{self.pick(SPOTS)}引导居民有序排队。\n\n"
            + self.pick((f"本报记者 {who}/摄", f"{who} 摄", f"摄影 {who}"))
        )

    # --- pages ---------------------------------------------------------------------------
    def page(self) -> tuple[str, dict, int]:
        """(text, manifest row without filename, stories written)."""
        rng = self.rng
        city = rng.choices(self.places.cities, self.places.city_weights)[0]
        locales = self.places.locales(city)
        while not locales:  # a city whose sampled streets have no communities
            city = self.pick(self.places.cities)
            locales = self.places.locales(city)
        year = self.pick(YEARS)
        (m1, d1), (m2, d2) = SEASONS[year]
        start = datetime.date(year, m1, d1)
        span = (datetime.date(year, m2, d2) - start).days
        issue = start + datetime.timedelta(days=rng.randint(10, span))
        home = self.pick(locales).district if rng.random() < 0.35 else ""
        blocks, row = self.furniture(city, home, issue)
        wanted, written = rng.randint(2, 6), 0
        self.markdown = rng.random() < 0.2
        while written < wanted:
            fitting = [loc for loc in locales if loc.district == home] if home else locales
            self.locale = self.pick(fitting or locales)
            days = sorted(issue - datetime.timedelta(days=rng.randint(1, 20)) for _ in range(3))
            kind = rng.random()
            if kind < 0.15 and wanted - written >= 2:
                count = rng.randint(2, min(4, wanted - written))
                blocks.append(self.briefs(count, days))
                written += count
                continue
            if kind < 0.25:
                blocks.append(self.caption(days))
            else:
                blocks.append(self.news_story(self.pick(self.locale.communities), days))
            written += 1
        row.update(year=str(year), city=city, home_district=home)
        return "\n\n".join(blocks) + "\n", row, written

    def furniture(self, city: str, home: str, issue: datetime.date) -> tuple[list[str], dict]:
        """Masthead, banner and editor's note; the manifest knows the masthead's paper."""
        blocks, row = [""], {"publication": "", "issue_date": ""}
        if self.rng.random() < 0.3:
            short = (short_forms(home, "district") or [home])[0] if home else city.rstrip("市")
            paper = self.pick((f"{short}报", f"{short}日报", f"{short}社区报"))
            blocks.append(
                f"{paper}  {issue.year}年{issue.month}月{issue.day}日  "
                f"星期{WEEKDAYS[issue.weekday()]}  第{self.rng.randint(2, 8)}版"
            )
            blocks.append(f"责任编辑：{self.person('volunteer', *self._first(city)).name}")
            row.update(publication=paper, issue_date=issue.isoformat())
        if self.rng.random() < 0.5:
            blocks.append(self.pick(BANNERS))
        if self.rng.random() < 0.1:
            start = issue - datetime.timedelta(days=self.rng.randint(10, 30))
            blocks.append(
                EDITOR_NOTE.format(
                    date=self.date(start), place=home or city, column=self.pick(KICKERS)
                )
            )
        return blocks, row

    def _first(self, city: str):
        locale = self.places.locales(city)[0]
        return locale, locale.communities[0]


def titled(prefix: str, title: str) -> str:
    """A title after a place, as pages print it: 尧化社区党委书记, 海株村党支部书记."""
    for unit in ("社区", "村"):
        if prefix.endswith(unit) and title.startswith(unit):
            return prefix + title[len(unit) :]
    return prefix + title


def _paragraphs(rng: random.Random, sentences: list[str], limit: int) -> str:
    """Sentences grouped 2-4 to a paragraph, stopping before `limit` characters."""
    paragraphs, current, total = [], [], 0
    for sentence in sentences:
        if total + len(sentence) > limit and paragraphs:
            break
        current.append(sentence)
        total += len(sentence)
        if len(current) >= rng.randint(2, 4):
            paragraphs.append("".join(current))
            current = []
    if current:
        paragraphs.append("".join(current))
    return "\n\n".join(paragraphs)


def check_output(out: Path) -> list[Path]:
    """The files of a previous corpus in `out` (to delete), or CorpusError if `out` cannot take
    a corpus: a file, a folder holding anything else, or one that cannot be written."""
    if out.exists() and not out.is_dir():
        raise CorpusError(f"{out}：已存在同名文件，请给出一个文件夹")
    if not out.exists():
        return []
    entries = sorted(out.iterdir())
    others = [p.name for p in entries if p.name != MANIFEST_NAME and not PAGE_NAME.match(p.name)]
    manifest = out / MANIFEST_NAME
    if entries and (others or not manifest.is_file() or not _is_our_manifest(manifest)):
        example = others[0] if others else entries[0].name
        raise CorpusError(
            f"{out}：文件夹里有不属于生成语料的文件（如 {example}），请换一个空文件夹"
        )
    return entries


def _is_our_manifest(path: Path) -> bool:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.readline().rstrip("\r\n") == ",".join(MANIFEST_COLUMNS)


def write_corpus(out: Path, pages: int, seed: int = 1) -> CorpusSummary:
    """Write `pages` page files and manifest.csv into `out`, replacing a previous corpus there."""
    if pages < 1:
        raise CorpusError(f"版面数应为正整数（收到 {pages}）")
    out = Path(out)
    old = check_output(out)
    _check_titles()
    try:
        out.mkdir(parents=True, exist_ok=True)
        for path in old:
            path.unlink()
        stories = _write_pages(out, pages, seed)
    except OSError as error:
        raise CorpusError(f"{out}：无法写入（{error.strerror or error}）") from error
    return CorpusSummary(pages, stories, len([p for p in old if p.name != MANIFEST_NAME]))


def _write_pages(out: Path, pages: int, seed: int) -> int:
    writer = PageWriter(random.Random(seed), Places(seed))
    width, stories = max(6, len(str(pages - 1))), 0
    with open(out / MANIFEST_NAME, "w", encoding="utf-8", newline="") as handle:
        manifest = csv.DictWriter(handle, MANIFEST_COLUMNS, lineterminator="\n")
        manifest.writeheader()
        for index in range(pages):
            text, row, count = writer.page()
            data = text.encode("utf-8")
            name = f"{index:0{width}d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"
            (out / name).write_bytes(data)
            manifest.writerow({"filename": name, **row})
            stories += count
    return stories
