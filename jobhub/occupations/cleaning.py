"""Strip the noise job boards add to a title before it is coded to the 大典.

Posted titles carry pay (``8千-1.2万``, ``200元/天``, ``日结``), perks (``包吃住``, ``五险一金``),
schedules (``长白班``), urgency (``急招``, ``直招``), headcount (``若干名``), requirements
(``持证``, ``18-45岁``), employers (``XX有限公司``, ``美团急招骑手``) and places (``深圳宝安区``,
``(浦东)``).  ``clean_title`` removes them and says what it removed, so a station worker can see
why a title was read the way it was.

Place names come from ``data/places.txt`` (built from 统计用区划代码 2023 by
``benchmarks/occupations/build_places.py``), loaded lazily on first use.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["CleanTitle", "Removal", "clean_title", "normalise", "place_names"]


@dataclass(frozen=True, slots=True)
class Removal:
    """One piece of noise taken out of a title, with its kind.

    Kinds: ``bracket``, ``pay``, ``perk``, ``schedule``, ``urgency``, ``headcount``,
    ``requirement``, ``employment``, ``employer``, ``company``, ``place``, ``colloquial``,
    ``reference``.
    """

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class CleanTitle:
    """A title after cleaning.

    ``segments`` are the parts left between separators (a company or a place segment is
    dropped whole); ``text`` joins them with a space.  ``fallback`` is true when cleaning
    left nothing and ``text`` is the normalised raw title instead.  ``asides`` are the words
    left in bracketed asides once their noise is gone: on job boards they often name the
    field (``架构师（大数据方向）``, ``软件工程师(BSP开发)``), so the classifier reads them as
    evidence; they are not part of ``text`` (the key corrections are kept under).
    """

    original: str
    text: str
    segments: tuple[str, ...]
    removed: tuple[Removal, ...]
    fallback: bool = False
    asides: tuple[str, ...] = ()


# A job title is a few words; longer input is cut so cleaning stays cheap on any input.
MAX_TITLE_LENGTH = 200


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), lower case, single spaces."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return re.sub(r"\s+", " ", text).strip()


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# Bounded repeats keep every pattern linear in the title length (no catastrophic backtracking).
_NUM = r"\d{1,7}(?:\.\d{1,3})?"
_UNIT = r"(?:k|千|万|w|元|块)"
_PER = r"(?:\s*(?:/|每|一)\s*(?:月|天|日|小时|时|h|周|年|单|件|趟|晚|个))"
_TAIL = r"(?:以上|起|左右|上下|\+)?"
_RANGE = r"\s*[-~至到]\s*"

_BRACKETS = re.compile(r"[(\[【〔「『<《{]([^()\[\]【】〔〕「」『』<>《》{}]*)[)\]】〕」』>》}]")
_STRAY_BRACKETS = re.compile(r"[()\[\]【】〔〕「」『』<>《》{}]")

# Removal patterns in the order they run: ages before pay so that ``18-45岁`` is not read as
# a pay range; specific pay shapes before the bare-number catch-alls.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (
            "reference",
            r"(?<![a-z])[a-z]{1,3}\d{4,}(?![a-z])|20\d\d届|\d\d届|(?<!\d)1[3-9]\d{9}(?!\d)",
        ),
        (
            "place",
            r"(?:工作|上班)(?:地点|地址|区域)|高新技术产业开发区|经济技术开发区|高新区|经开区"
            r"|开发区|保税区|工业园区|工业园|产业园|科技园|软件园|就近安排|就近|附近|周边|本地"
            r"|全国|多地|各区|市区",
        ),
        (
            "requirement",
            r"\d{2}\s*[-~至到]\s*\d{2}\s*周?岁|\d{2}\s*周?岁\s*(?:以下|以内|以上|左右)?"
            r"|年龄不限|年龄\d{2}|\d{2}后",
        ),
        ("pay", rf"{_NUM}\s*{_UNIT}?{_RANGE}{_NUM}\s*{_UNIT}{_PER}?{_TAIL}"),
        ("pay", rf"{_NUM}\s*{_UNIT}{_RANGE}{_NUM}\s*{_UNIT}?{_PER}?{_TAIL}"),
        ("pay", rf"{_NUM}\s*{_UNIT}{_PER}?{_TAIL}"),
        (
            "pay",
            r"(?:月薪|月入|年薪|日薪|时薪|(?:无责)?底薪|综合薪资|综薪|薪资|薪水|薪酬|工资|收入|保底"
            r"|综合工资|课时费)\s*"
            rf"(?:过万|上万|面议|可观|丰厚|高|日结|周结|月结|{_NUM}\s*{_UNIT}?{_PER}?{_TAIL})?"
            r"(?:\s*\+\s*(?:高)?(?:提成|绩效|奖金|课时费))?",
        ),
        (
            "pay",
            r"工资日结|日结|周结|月结|现结|当天结|当日结|计件|计时|多劳多得|高提成|提成高"
            r"|按(?:天|日|周|月|小时|车|件|单|趟|平米|方|吨|间|量|米)(?:结算|结|计费|计|算)"
            r"|月过万|过万|单价高"
            r"|无责底薪|[·.]?\d{2}薪|\d{1,7}元|\+\s*提成|提成",
        ),
        ("pay", r"\d{3,6}\s*[-~至到]\s*\d{3,6}|(?<![a-z\d])\d{4,6}\s*(?:\+|以上|起)?(?![a-z\d])"),
        (
            "headcount",
            r"(?:招|聘|需|缺|急需)?\s*(?:\d{1,5}|[一二两三四五六七八九十百几数多]{1,4}|若干)\s*(?:名|位|人)"
            r"(?![员事才力工民体口造偶物像类脸生士])|若干",
        ),
        (
            "perk",
            _alternation(
                """
                包吃住 包吃包住 包食宿 管吃住 包三餐 包住 包吃 管住 提供住宿 免费住宿
                提供宿舍 有宿舍 免费宿舍 五险一金 六险一金 五险二金 五险 缴纳社保 购买社保 交社保
                社保公积金 年终奖 带薪年假 寒暑假带薪 节日福利 餐补 饭补 房补 交通补贴 话补
                全勤奖 绩效奖金 报销路费 报销车费 环境好 待遇优厚 待遇好 福利好 福利多 可预支
                包车费 免费培训 带薪培训 岗前培训 可培训 包教包会 工作轻松 轻松 稳定 晋升空间大
                上升空间大 有上升空间 出差补贴 有补贴 补贴 工服 厂车接送 班车接送
                试用期满转正 转正 老乡介绍有奖 介绍有奖
                """.split()  # noqa: SIM905 (a word list reads better as text)
            ),
        ),
        (
            "schedule",
            r"长白班|白班|夜班|两班倒|三班倒|倒班|早班|晚班|中班|凌晨班|做六休一|做五休二|大小周"
            r"|月休\d{1,2}天|周末双休|双休|单休|朝九晚五|不加班|加班少|\d{1,2}小时(?:陪护|值班|工作制)?"
            r"|早\d{1,2}点?晚\d{1,2}点?|[做上][一二三四五六]休[一二三]|时间自由|时间灵活|弹性工作"
            r"|坐着上班|站着上班|旺季|淡季|冬季|夏季"
            r"|[四三]班[三两二]运转|轮班|轮换|排班制|周一[到至]周?[五六]|凌晨(?:出工|上班)|寒暑假休?"
            r"|早?\d{1,2}点(?:[到至-](?:下午|晚上|次日)?\d{1,2}点)?",
        ),
        (
            "requirement",
            r"(?:持证|有证|有经验者?|熟手|退伍军人|军人|党员|宝妈|学生|应届生|本地人|有驾照"
            r"|有车|会开车|会电脑|有相关经验者?|经验丰富者?|女士|男士|女性|男性)优先"
            r"|持证上岗|需持证|持证|有证|证件齐全|(?:学徒|新手|小白)(?:亦可|也可|可)|经验不限|无经验(?:亦?可)?|无需经验|不需经验|零基础"
            r"|\d{1,2}年以?上?(?:工作)?经验|\d{1,2}年\+|\d{1,2}年以上|学历不限|不限学历"
            r"|(?:大专|中专|高中|初中|本科|硕士|研究生)及?以上(?:学历)?|男女不限|男女均可"
            r"|不限男女|(?:仅限|限)(?:男|女)(?:性|士|生)?"
            r"|驾龄\d{1,2}年|形象好|形象气质佳|有活就干|自己有工具|自带工具",
        ),
        (
            "employment",
            r"可实习|实习生|实习|兼职|全职|临时工|暑假工|寒假工|小时工|日结工|长期工|短期工"
            r"|长期|短期|临时|管培生|应届毕业生|应届生|校招|社招|接受小白|小白可"
            r"|试用期|合同制|出差|包工包料|清包|包工(?!头)",
        ),
    )
)

_URGENCY = re.compile(
    r"高薪诚聘|高薪招聘|高薪聘请|大量招聘|火热招聘中?|长期招聘|长期招|大量招|厂家直招"
    r"|本厂直招|企业直招|急招|急聘|急需|急缺|诚聘|诚招|直招|热招|聘请|高薪|【急】"
    r"|招聘(?!专员|经理|主管|助理|顾问|总监|师|官|负责人|hr|与|和|及|、|/)"
    r"|无中介费?|非中介"
)

# Said before the job when the poster names itself: ``美团急招骑手``, ``本厂直招普工``.
_EMPLOYER_SPLIT = re.compile(
    r"^(?P<who>.+?)(?:高薪诚聘|高薪招聘|诚聘|急聘|急招|直招|诚招|热招|招聘"
    r"(?!专员|经理|主管|助理|顾问|总监|师|官|负责人|hr))(?P<job>.+)$"
)
_SEPARATORS = re.compile(
    r"[\s|｜/\\,，、;；:：·•—–_~!！?？*@。…]+|(?<![a-z\d])-|-(?![a-z\d])"
    r"|(?<=[\u4e00-\u9fff\s])\+(?=[\u4e00-\u9fff\s])"
)
_COMPANY_SUFFIX = re.compile(r"(?:有限责任公司|股份有限公司|有限公司|公司|集团|工作室|事务所)$")
# A segment after the first that says what the poster asks of the person rather than what the
# work is (女工优先, 持危化证, 大专, 会金蝶出入库, 懂液压) is a requirement.  Its words would count
# against every 细类 in the share of the title a segment holds and in the coverage of the
# title's words; read as a hint beside the title they moved nothing on sets A-D (round six).
_ASKS = re.compile(
    r"^(?:.{1,12}优先|持.{0,8}证.{0,2}|(?:大专|中专|本科|高中|初中)(?:学历)?|男工|女工"
    r"|(?:会(?!计|员|所|展|议|务|馆|场)|懂|熟悉|精通|看得懂|看懂).{1,10})$"
)
_COLLOQUIAL = re.compile(r"师傅|阿姨|大姐|大叔|熟练|老手|^(?:资深|高级|中级|初级)(?!中学)")
_EDGE_PUNCT = re.compile(r"^[^\w+#]+|[^\w+#]+$")


@cache
def place_names() -> frozenset[str]:
    """The place names (full and short) the cleaner strips; read once from ``places.txt``."""
    source = resources.files("jobhub.occupations").joinpath("data", "places.txt")
    with source.open("r", encoding="utf-8") as handle:
        return frozenset(
            line.strip() for line in handle if line.strip() and not line.startswith("#")
        )


@cache
def _longest_place() -> int:
    return max((len(p) for p in place_names()), default=0)


def _strip_places(segment: str, removed: list[Removal]) -> str:
    """Remove known place names, longest match first at each position."""
    places = place_names()
    longest = _longest_place()
    kept: list[str] = []
    i = 0
    n = len(segment)
    while i < n:
        for size in range(min(longest, n - i), 1, -1):
            piece = segment[i : i + size]
            if piece in places:
                removed.append(Removal("place", piece))
                i += size
                break
        else:
            kept.append(segment[i])
            i += 1
    return "".join(kept)


def _remove(kind: str, pattern: re.Pattern[str], text: str, removed: list[Removal]) -> str:
    def note(match: re.Match[str]) -> str:
        if match.group(0).strip():
            removed.append(Removal(kind, match.group(0).strip()))
        return " "

    return pattern.sub(note, text)


def _clean_segments(text: str, removed: list[Removal]) -> list[str]:
    segments: list[str] = []
    for raw in _SEPARATORS.split(text):
        segment = _EDGE_PUNCT.sub("", raw)
        if not segment:
            continue
        if _COMPANY_SUFFIX.search(segment) and len(segment) > 2:
            removed.append(Removal("company", segment))
            continue
        segment = _strip_places(segment, removed)
        segment = _remove("colloquial", _COLLOQUIAL, segment, removed).replace(" ", "")
        segment = _EDGE_PUNCT.sub("", segment)
        if segment and segments and _ASKS.match(segment):
            removed.append(Removal("requirement", segment))
            continue
        if segment:
            segments.append(segment)
    if len(segments) > 1:
        # A lone character left between separators (男, 急) carries no occupation.
        segments = [s for s in segments if len(s) > 1] or segments
    return segments


def _strip_noise(text: str, removed: list[Removal]) -> str:
    for kind, pattern in _PATTERNS:
        text = _remove(kind, pattern, text, removed)
    return text


_WORDY = re.compile(r"[\u4e00-\u9fffa-z]")
_ASIDE_FILLER = re.compile(r"方向|岗位?|类|相关|业务|领域|需求|行业")


def _aside(bracket: str) -> list[str]:
    """The words of a bracketed aside once pay, places, codes and urgency are gone."""
    scratch: list[Removal] = []
    text = _remove("urgency", _URGENCY, _strip_noise(bracket[1:-1], scratch), scratch)
    return [
        word
        for segment in _clean_segments(text, scratch)
        if len(word := _ASIDE_FILLER.sub("", segment)) >= 2 and _WORDY.search(word)
    ]


def clean_title(title: str) -> CleanTitle:
    """Remove pay, perks, schedules, urgency, headcount, requirements, employers and places.

    ``clean_title("急招电焊工 8千-1.2万 包吃住").text == "电焊工"``.  Bracketed asides go
    first (``(浦东)``, ``【急】``) unless the brackets hold the only words, as in
    ``【电焊工】``.  When nothing is left the normalised title is returned with
    ``fallback=True``, so the classifier still sees what the poster wrote.  Only the first
    ``MAX_TITLE_LENGTH`` characters are read.
    """
    title = (title or "")[:MAX_TITLE_LENGTH]
    text = normalise(title)
    removed: list[Removal] = []

    without_brackets = _BRACKETS.sub(" ", text)
    # (a bracket's own words are read again below, as asides)
    if _SEPARATORS.sub("", without_brackets):
        for match in _BRACKETS.finditer(text):
            if match.group(1).strip():
                removed.append(Removal("bracket", match.group(0)))
        text = without_brackets
    text = _STRAY_BRACKETS.sub(" ", text)

    text = _strip_noise(text, removed)
    split = _EMPLOYER_SPLIT.match(text.strip())
    if split is not None and len(_SEPARATORS.sub("", split.group("job"))) >= 2:
        who = split.group("who").strip()
        if who:
            removed.append(Removal("employer", who))
        text = split.group("job")
    text = _remove("urgency", _URGENCY, text, removed)

    segments = _clean_segments(text, removed)
    asides = tuple(dict.fromkeys(a for r in removed if r.kind == "bracket" for a in _aside(r.text)))
    if not segments:
        fallback = _SEPARATORS.sub(" ", _STRAY_BRACKETS.sub(" ", normalise(title))).strip()
        return CleanTitle(
            title, fallback, tuple(fallback.split()) if fallback else (), tuple(removed), True
        )
    return CleanTitle(title, " ".join(segments), tuple(segments), tuple(removed), False, asides)
