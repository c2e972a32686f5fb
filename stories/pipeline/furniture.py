"""Page furniture: the lines of a page that belong to no story.

A newspaper page prints a masthead (报名、日期、版次); a news site wraps its article in
navigation (您当前的位置：首页 > 新闻), a dateline with the source (2021-12-15 11:35:22
来源：东北网), share widgets (分享到：微博 QQ空间) and links. The masthead and the dateline
are kept as the page's publication and date; everything here is dropped before stories
are cut, so that it neither opens a story nor is read as a name.
"""

import datetime
import re

_MASTHEAD_RE = re.compile(
    r"^(?P<publication>[\u4e00-\u9fff]{2,12}(?:报|刊|周报|日报|晚报))?\s*"
    r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日\s*"
    r"(?=.{0,20}(?:星期|周[一二三四五六日]|第\s*\S{1,3}\s*版|版))"
)
_DATE = (
    r"(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*日?"
    r"|(?P<day2>\d{2})\.(?P<month2>\d{2})\.(?P<year2>\d{4})"
)
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?"
# 发布时间：2020-02-03 10:00  来源：中新网四川  编辑：祝欢 — a labelled or clocked date,
# then nothing but the site's labels.
_LABEL = (
    r"(?:发布|更新|发表|时间|日期|日期查询|稿件来源|来源|作者|编辑|责任编辑|责编|浏览|点击|阅读)"
)
_DATELINE_RE = re.compile(
    rf"^(?:(?:{_LABEL})+\s*[:：]?\s*)?(?:{_DATE})(?:\s*(?:{_CLOCK}))?"
    rf"(?P<rest>(?:\s*(?:{_LABEL}|字号|分享)\s*[:：]?.*)?)$"
)
_SOURCE_RE = re.compile(r"(?:来源|稿件来源)\s*[:：]\s*(?P<source>[^\s:：]{2,20})")
# 您当前的位置：首页 > 新闻 > 社会, 首页 » 本地: two or more arrows, or a "where you are" label.
_BREADCRUMB_RE = re.compile(
    r"^(?:您?(?:当前|现在)?的?(?:所在)?位置\s*[:：]|当前位置|首页\s*[>＞»›/])|(?:[>＞»›|｜].*){2,}"
)
_WIDGET_WORDS = (
    "分享到|分享|微博|微信|朋友圈|QQ空间|Qzone|QQ|新浪微博|腾讯微博|豆瓣|人人网|打印|打印本页|关闭|"
    "关闭窗口|收藏|收藏本页|返回|返回顶部|返回首页|顶部|搜索|搜 索|字号|字体|大|中|小|默认|"
    "扫一扫|手机看|手机阅读|人工智能朗读|朗读|听新闻|语音播报|纠错|举报|评论|点赞|上一篇|下一篇|相关新闻|相关阅读|延伸阅读|"
    "推荐阅读|热点推荐|责任编辑|编辑|来源|正文|专题|图片|视频|首页|网站首页|客户端|APP|"
    "【|】|\\[|\\]|：|:|/|\\||·"
)
_WIDGET_RE = re.compile(rf"^(?:\s*(?:{_WIDGET_WORDS}))+\s*$", re.IGNORECASE)
# 关注东北网, 中新社四川分社正文, 新闻频道首页, 下载XX客户端: a site's own links; an
# e-paper's page navigation (当前版: A4版 上一版 下一版); copyright notes, QR-code prompts
# and the site's summary of the article ([导读]).
_SITE_LINK_RE = re.compile(
    r"^(?:关注|下载|打开|订阅)[\u4e00-\u9fffA-Za-z]{1,12}$"
    r"|^[\u4e00-\u9fffA-Za-z]{2,12}\s*(?:正文|首页)$"
    r"|^(?:当前版|版面导航|上一版|下一版|上一期|下一期|往期回顾)"
    r"|^[\[【](?:导读|摘要|核心提示)[\]】]|^(?:核心提示|内容提要|内容摘要)\s*[:：]"
    r"|^.{0,24}(?:转载请|版权所有|未经.{0,8}授权|原创文章|原创稿件)"
    r"|^请?(?:扫描?|长按)[\u4e00-\u9fff]{0,4}(?:二维码|码)"
    r"|^欢迎(?:来到|访问|光临)"
    r"|^(?:https?://|www\.)\S+$"  # a link or an image's address on its own
    r"|^[^，,。！？!?]{2,30}\s*https?://\S+$"  # 北京中科医院在哪里 https://…: a linked ad
    r"|^(?:主办|承办|主管|协办|技术支持|法律顾问)(?:单位)?\s*[:：]"
    r"|^.{0,40}(?:ICP[备证]|备案号|公网安备|许可证(?:号|编号)?\s*[:：])"
    r"|^\S{1,40}\.(?:jpe?g|png|gif|webp)$"  # 微信图片_20200130152210.jpg: an image's file name
    # The site's footer: copyright, its address and telephone numbers, how to subscribe.
    r"|^.{0,60}(?:Copyright|All Rights Reserved|版权所有)|^©"
    r"|^(?:地址|通讯地址|联系电话|新闻热线|传真)\s*[:：].{0,80}(?:邮编|电话|热线|传真)"
    r"|^[\[【]?[\u4e00-\u9fff]{2,10}订阅\s*[:：]"
    # …00:0001:03打开凤凰新闻客户端 提升3倍流畅度: a video player's clock and its app prompt
    r"|.*打开[\u4e00-\u9fffA-Za-z]{1,12}客户端\s*提升\S{0,4}流畅度\s*$"
    # [2025-06-15] -: the date of a linked article in the site's list, on its own
    r"|^[\[【(（]?\d{4}-\d{1,2}-\d{1,2}[\]】)）]?\s*[-–—]?\s*$"
    # 乡镇融合作热线:0551-65179778 来稿邮箱:…: where to call and write, with no sentence
    r"|^[^。！？!?]{0,40}(?:热线|电话|邮箱|投稿|来稿)\s*[:：]\s*[\w@.\-]{5,}[^。！？!?]{0,80}$"
)


def masthead(line):
    """(publication, ISO date) if `line` is a newspaper masthead ("宝安社区报  2022年3月25日
    星期五  第3版") or a news site's dateline ("2021-12-15 11:35:22 来源：东北网"), else None."""
    text = line.strip()
    if len(text) > 60:
        return None
    match = _MASTHEAD_RE.match(text)
    if match is not None:
        return _dated(match["publication"] or "", match["year"], match["month"], match["day"])
    match = _DATELINE_RE.match(text)
    if match is None or not _is_dateline(text, match):
        match = _TIMESTAMPED_RE.match(text)
    if match is None:
        return None
    source = _SOURCE_RE.search(text)
    year, month, day = (
        (match["year"], match["month"], match["day"])
        if match["year"]
        else (match["year2"], match["month2"], match["day2"])
    )
    return _dated(source["source"] if source else "", year, month, day)


def _is_dateline(text, match):
    """A bare date line is a dateline only with a clock, a label or the site's labels."""
    return bool(re.search(_CLOCK, text) or re.match(_LABEL, text) or match["rest"].strip())


# 2020-03-05 10:12  梧州零距离网-梧州日报  记者 谢韵: a timestamp, then the source and credits.
_TIMESTAMPED_RE = re.compile(rf"^(?:{_DATE})\s*{_CLOCK}(?:\s+[^。！？!?]*)?$")


def _dated(publication, year, month, day):
    try:
        date = datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return publication, date.isoformat()


def _is_menu(text):
    """头条 图片 本地 时事 原创 直播 专题: a site's menu, many short words and no sentence."""
    items = text.split()
    return (
        len(items) >= 5
        and all(len(item) <= 6 for item in items)
        and not re.search(r"[，,。！？!?；;：:]", text)
    )


# • 时政, • 更多>>: one item of a site's menu printed as a bulleted line of its own.
_WORD = r"[^\s，,。！？!?：:；;]"
_MENU_ITEM_RE = re.compile(rf"^[•▪◦]\s*{_WORD}{{1,6}}(?:\s{_WORD}{{1,3}})?$")


def is_furniture(line):
    """True for a line that belongs to no story: a masthead or dateline, navigation, share
    widgets and the site's links."""
    text = line.strip()
    if not text:
        return True
    if masthead(text) is not None:
        return True
    if len(text) <= 80 and _BREADCRUMB_RE.search(text):
        return True
    return bool(
        _WIDGET_RE.match(text)
        or _SITE_LINK_RE.match(text)
        or _MENU_ITEM_RE.match(text)
        or _is_menu(text)
    )
