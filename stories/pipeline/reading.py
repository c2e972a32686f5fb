"""Bytes of an OCR'd newspaper page -> normalised text, and a matching-only t2s conversion.

Encoding detection is a short rule set, not a library. The candidates are few and known
(UTF-8 with or without BOM, UTF-16/UTF-32 with BOM, GB18030 and its subsets GBK/GB2312), and
each rule can say why it refused a file. charset-normalizer 3.4 on the same inputs labels
short GBK sentences (a name, a one-line headline) Big5, cp949 or UTF-16-BE, gives no
result and no reason for a UTF-8 page with one damaged byte, and guesses cp1250/cp1252 for
Latin-1 text, an encoding we do not accept.

The rules, in order:

1. A BOM decides the encoding; the body must then decode strictly.
2. Without a BOM, a NUL byte means binary (UTF-16 without a BOM is not accepted).
3. Strict UTF-8: valid UTF-8 is overwhelmingly likely to be UTF-8. A file that is UTF-8
   except for a few bytes (a truncated last character) is reported with the offset of the
   first bad byte and never re-read as GB18030, which could turn it into mojibake.
4. Strict GB18030, which also decodes much text in other 8-bit and double-byte encodings,
   so its result must look like Chinese: mostly common CJK ideographs among the letters,
   and hardly any private-use, unassigned, rare-ideograph or replacement characters.
   Latin-1 text read as GB18030 fails this; Big5, Shift-JIS or EUC-KR read as GB18030
   often passes (they are not expected here, and only a character-frequency model would
   tell them apart).

Every decoded text then has a leading BOM removed, \\r\\n and \\r turned into \\n, and is
NFC-normalised; `DecodedText.sha256` is taken over exactly that text (UTF-8), so the same
page in two encodings has one hash.

5. The text must then be a page: no HTML markup (an unconverted web page, a <script>), no
   line over _MAX_LINE_CHARS characters, and mostly Chinese characters among its letters
   (an English or a Uyghur page is reported, not imported as stories).

Every refusal is an UnreadablePage with one line in Chinese for the operator.
"""

import functools
import hashlib
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import opencc

# Longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# An operator's slip (an archive, a video), not a page: a page is tens of kilobytes.
_MAX_PAGE_BYTES = 16 * 1024 * 1024

# Controls other than \t \n \v \f (\r is gone by the time we count). A stray one, such as
# a DOS end-of-file mark, is tolerated; text has almost none.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.01
# A UTF-8 file with at most one bad sequence per this many good non-ASCII characters is
# damaged UTF-8. GBK text read as UTF-8 has more bad sequences than good characters.
_DAMAGED_UTF8_RATIO = 20
_EMPTY = "空文件（没有文字）"
# A page's longest line: OCR gives lines of tens of characters, a site's paragraph a few
# thousand, a whole article on one line some tens of thousands. A longer line is a dump.
_MAX_LINE_CHARS = 100_000
# Markup an HTML page or a scrape left in: real tags of common elements, not 《》 or a
# lone "<" in a formula. Pages are text; an operator converts HTML first.
_HTML_TAG = re.compile(
    r"<\s*/?\s*(html|head|body|script|style|iframe|object|embed|meta|link|div|span|p|a|br|hr"
    r"|img|table|thead|tbody|tr|td|th|ul|ol|li|h[1-6]|font|b|i|u|em|strong|form|input|button"
    r"|section|article|header|footer|nav|svg)\b[^<>]{0,500}>|<!--|<!doctype",
    re.IGNORECASE,
)
# Thresholds for text decoded as GB18030 (see `_looks_chinese`).
_MAX_ODD_SHARE = 0.01
_MIN_HAN_SHARE = 0.5


class UnreadablePage(ValueError):
    """The bytes are not a text page we can import. `reason` is one line in Chinese for
    operators; str() puts the file's name before it when the page came from a file."""

    def __init__(self, reason: str, name: str = "") -> None:
        super().__init__(f"{name}：{reason}" if name else reason)
        self.reason, self.name = reason, name


@dataclass(frozen=True)
class DecodedText:
    text: str  # BOM removed, \n line endings, NFC
    encoding: str  # utf-8, utf-8-sig, gb18030, utf-16-le, utf-16-be, utf-32-le, utf-32-be
    sha256: str  # hex digest of text encoded as UTF-8


def decode_page(data: bytes) -> DecodedText:
    """Decode one page, or raise UnreadablePage saying why it is not readable text."""
    if not data.strip():
        raise UnreadablePage(_EMPTY)
    encoding, raw = _decode(data)
    text = unicodedata.normalize(
        "NFC", raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    )
    if not text.strip():
        raise UnreadablePage(_EMPTY)
    if len(_CONTROLS.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise UnreadablePage("二进制文件，不是文本（控制字符过多）")
    _check_is_a_page(text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return DecodedText(text=text, encoding=encoding, sha256=digest)


def read_page(path: str | os.PathLike[str]) -> DecodedText:
    """Read and decode a page file; every UnreadablePage message starts with its name."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            data = file.read(_MAX_PAGE_BYTES + 1)
    except FileNotFoundError:
        raise UnreadablePage("文件不存在", path.name) from None
    except IsADirectoryError:
        raise UnreadablePage("是文件夹，不是文件", path.name) from None
    except OSError as exc:
        raise UnreadablePage(f"无法读取（{exc.strerror or exc}）", path.name) from None
    if len(data) > _MAX_PAGE_BYTES:
        raise UnreadablePage(f"文件超过 {_MAX_PAGE_BYTES:,} 字节，不像一个版面", path.name)
    try:
        return decode_page(data)
    except UnreadablePage as exc:
        raise UnreadablePage(exc.reason, path.name) from None


def _check_is_a_page(text: str) -> None:
    """Raise UnreadablePage if decoded text is not a page of Chinese text: markup, a line
    too long for any page, or hardly any Chinese characters (another language)."""
    if tag := _HTML_TAG.search(text):
        raise UnreadablePage(
            f"含有 HTML 标记（{_shown(tag[0])}），不是纯文本版面：请先转成纯文本再导入"
        )
    longest = max(map(len, text.split("\n")))
    if longest > _MAX_LINE_CHARS:
        raise UnreadablePage(
            f"有一行长达 {longest:,} 字，超过每行 {_MAX_LINE_CHARS:,} 字的上限，不像版面文本"
        )
    han, letters = _han_and_letters(text)
    if han < _MIN_HAN_SHARE * letters or not han:
        raise UnreadablePage(f"不是中文文本（汉字 {han} 个，其他文字 {letters - han} 个），未导入")


def _shown(tag: str) -> str:
    return tag if len(tag) <= 30 else tag[:29] + "…"


def _han_and_letters(text: str) -> tuple[int, int]:
    """Common CJK ideographs, and every alphabetic character (Han included)."""
    han = letters = 0
    for ch, count in Counter(text).items():
        if "\u4e00" <= ch <= "\u9fff":
            han += count
        if ch.isalpha():
            letters += count
    return han, letters


def _decode(data: bytes) -> tuple[str, str]:
    """(encoding, text) by the rules in the module docstring."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, _decode_after_bom(data, bom, encoding)
    if b"\x00" in data:
        raise UnreadablePage("二进制文件，不是文本（含 NUL 字节，又没有 UTF-16 字节序标记）")
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _is_damaged_utf8(data):
            raise UnreadablePage(
                f"第 {exc.start} 字节不是有效的 UTF-8，文件其余部分是 UTF-8（损坏或被截断？）"
            ) from None
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise UnreadablePage("无法按 UTF-8、GB18030 或 UTF-16 解码") from None
    if not _looks_chinese(text):
        raise UnreadablePage("按 GB18030 解码后不像中文文本（编码不对？）")
    return "gb18030", text


def _decode_after_bom(data: bytes, bom: bytes, encoding: str) -> str:
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    try:
        return data[len(bom) :].decode(codec)
    except UnicodeDecodeError:
        name = codec.upper()
        raise UnreadablePage(f"以 {name} 字节序标记开头，内容却不是 {name}") from None


def _is_damaged_utf8(data: bytes) -> bool:
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ch > "\x7f") - bad
    return good >= _DAMAGED_UTF8_RATIO * bad


def _looks_chinese(text: str) -> bool:
    """Whether GB18030-decoded text is plausibly Chinese rather than another encoding's bytes.

    Han: common CJK ideographs (U+4E00..U+9FFF). Letters: every alphabetic character,
    Han included. Odd: private use, unassigned, surrogate, rare ideographs (extension A and
    beyond), U+FFFD. Latin-1 text read as GB18030 gives a few Han among many Latin letters.
    """
    han = letters = odd = visible = 0
    for ch, count in Counter(text).items():
        if ch.isspace():
            continue
        visible += count
        if "\u4e00" <= ch <= "\u9fff":
            han += count
        elif _is_odd(ch):
            odd += count
        if ch.isalpha():
            letters += count
    return han > 0 and han >= _MIN_HAN_SHARE * letters and odd <= _MAX_ODD_SHARE * visible


def _is_odd(ch: str) -> bool:
    return (
        unicodedata.category(ch) in {"Co", "Cn", "Cs"}
        or "\u3400" <= ch <= "\u4dbf"
        or ch >= "\U00020000"
        or ch == "\ufffd"
    )


# ---------------------------------------------------------------------------------------
# Traditional -> Simplified, for matching only.

# Runs of ideographs: OpenCC's t2s phrases are all ideographs, so a run is a safe unit.
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]+")
# Every code point OpenCC t2s maps differently on its own (4,221 BMP, 898 astral in 1.4.2).
_T2S_SCAN = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x323AF))


class _T2S:
    """OpenCC t2s plus its single-character table, built once (about 35 ms)."""

    def __init__(self) -> None:
        self.converter = opencc.OpenCC("t2s")
        chars = "".join(chr(code) for start, end in _T2S_SCAN for code in range(start, end + 1))
        # One character per line, so that no phrase can span two of them.
        converted = self.converter.convert("\n".join(chars)).split("\n")
        single = {ch: out for ch, out in zip(chars, converted, strict=True) if ch != out}
        self.traditional = frozenset(ch for ch, out in single.items() if len(out) == 1)
        self.by_character = str.maketrans({ch: single[ch] for ch in self.traditional})

    def run(self, match: re.Match[str]) -> str:
        """Phrase-level t2s of one run, or per character if the phrases change its length."""
        run = match[0]
        if self.traditional.isdisjoint(run):
            return run
        out = self.converter.convert(run)
        return out if len(out) == len(run) else run.translate(self.by_character)


@functools.cache
def _t2s() -> _T2S:
    return _T2S()


def simplified(text: str) -> str:
    """`text` in Simplified Chinese for matching: same length, character i for character i.

    Only runs of ideographs that contain a traditional-only character are converted, with
    OpenCC's phrases (乾隆 stays 乾隆, 乾淨 becomes 干净, 據瞭解 becomes 据了解); everything
    else is returned as it is. So pure simplified text comes back unchanged, and cheaply,
    where OpenCC would turn simplified 打坏 into 打坯; inside a run with a traditional
    character it still would. Store the original; spans found in the result index it.
    """
    t2s = _t2s()
    if t2s.traditional.isdisjoint(text):
        return text
    return _HAN_RUN.sub(t2s.run, text)


# Pinyin a site printed inside a word for a rare reading: 長(zhǎng)青村, 高沙鎮(zhèn).
_PINYIN_GLOSS = re.compile(r"(?<=[\u3400-\u9fff])[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,8}[）)]")
# 好朋友雲(yun) 丹: in prose some pages put a space after the gloss, inside a word too; in a
# site's menu (外媒報導(dǎo) 街區新聞) the space still parts its items.
_SPACED_GLOSS = re.compile(_PINYIN_GLOSS.pattern + r" (?=[\u3400-\u9fff])")
_PROSE_RE = re.compile("[，,。、；;！？]")


def without_glosses(text: str) -> str:
    """`text` without the pinyin glosses some pages print after a character, which would
    cut the word they sit in (長(zhǎng)青村 is 長青村). For reading only: the page keeps them."""
    return "\n".join(
        _PINYIN_GLOSS.sub("", _SPACED_GLOSS.sub("", line) if _PROSE_RE.search(line) else line)
        for line in text.split("\n")
    )
