"""Rules on sex, marriage and childbearing: gender, marital_childbearing, pregnancy_test."""

from __future__ import annotations

import re

from .lexicon import (
    ETHNIC_RE,
    EXCLUDE_AFTER,
    EXCLUDE_BEFORE,
    JOB_NOUN_AFTER_VERB_RE,
    JOB_NOUN_RE,
    PREFER,
    REQUIRE,
)
from .text import CJK, Hit, PatternRule, Scan, run_rules

# A sex word on its own: not half of "男女" and not a product ("女装", "男鞋", "女足").
_SEX_BARE = r"(?<![男女])(?P<sex>男|女)(?![男女装鞋包款式表篮排足袜神王科])"
_SEX = _SEX_BARE + r"(?:性|生|士|孩|子|同志|的)?"
_RECRUIT = r"(?:高薪招聘|长期招聘|诚聘|急招|急聘|招聘|招募|现招|招收|聘请|聘用|招|聘|需要|需)"
_COUNT = r"(?:\d+(?:名|人|位)|若干名?|[一二三四五六七八九十两几数多]+(?:名|位))?"

# Colloquial sexed words ("小伙子优先", "招聘美女前台") and the sex each names.
_COLLOQUIAL = {"小伙子": "男", "小伙": "男", "帅哥": "男", "型男": "男", "小哥": "男",
               "美女": "女", "小姐姐": "女", "妹子": "女", "姑娘": "女", "靓女": "女"}  # fmt: skip
_COLLOQ = "(?P<colloq>" + "|".join(sorted(_COLLOQUIAL, key=len, reverse=True)) + ")"

# "以女性为主的团队", "女生为主的部门": a description of the team, not a condition.
_TEAM_BEFORE = re.compile(
    r"(?:以|团队|同事|员工|客户|顾客|用户|学员|客群|消费者|会员)[^,。;]{0,3}$"
)
_TEAM_AFTER = re.compile(
    r"^的?(?:团队|氛围|环境|部门|公司|群体|行业|客户|客群|用户|顾客|消费者|学员)"
)
_NOT_BEFORE = re.compile(r"(?:不|无|非)$")

# (regex, kind, title_only): kind "require" names the sex wanted, "exclude" the sex
# turned away; title_only patterns name the post only when they stand in the title.
_GENDER_PATTERNS: tuple[tuple[str, str, bool], ...] = (
    # "限男性", "仅招女生", "限本地男性" (a qualifier may sit between the condition and the sex)
    (
        REQUIRE
        + r"(?:招|招聘)?(?:本地|当地|年轻|已婚|未婚|单身|健康|身体健康的?|退役|退伍|"
        + ETHNIC_RE
        + ")?"
        + _COUNT
        + _SEX,
        "require",
        False,
    ),
    (_SEX + PREFER, "require", False),
    (r"优先(?:录用|考虑|招聘|录取|安排|聘用|招收)" + _SEX, "require", False),
    (EXCLUDE_BEFORE + _SEX, "exclude", False),
    (_SEX + EXCLUDE_AFTER, "exclude", False),
    (r"性别(?:要求|限制|限定)?:?(?:为|是|限|限定|仅限|只限)?" + _SEX, "require", False),
    (
        r"(?:仅适合|只适合|适合|更适合)"
        + _SEX
        + r"(?![\u4e00-\u9fff]{0,2}(?:用户|客户|顾客|消费者))",
        "require",
        False,
    ),
    (
        _RECRUIT
        + _COUNT
        + _SEX_BARE
        + r"(?:性|士)?(?:"
        + JOB_NOUN_AFTER_VERB_RE
        + rf"|[{CJK}]{{0,3}}?(?:员|工|师|手))",
        "require",
        False,
    ),
    (_SEX_BARE + r"(?:性)?" + JOB_NOUN_RE + r"\d+(?:名|人|位)", "require", False),
    (r"[(\[【]" + _SEX + r"[)\]】]", "require", False),
    (_SEX_BARE + r"(?:性)?" + JOB_NOUN_RE, "require", True),
    # a bare list item "要求：女性，未婚，25岁以下": the clause is the condition
    (r"(?<![^,。;!?\n、:])" + _SEX + r"(?=[,。;!?\n、(\[【]|$)", "require", False),
    (REQUIRE + _COLLOQ, "require", False),
    (_COLLOQ + PREFER, "require", False),
    (_RECRUIT + _COUNT + _COLLOQ, "require", False),
)
_GENDER_COMPILED = tuple(
    (re.compile(p), kind, title_only) for p, kind, title_only in _GENDER_PATTERNS
)

# Work barred to women (女职工劳动保护特别规定 附录 一): mines underground, class IV
# physical labour, loads above 25 kg (or above 20 kg six or more times an hour).
# Working at height is barred only during menstruation (附录 二), so it is no reason
# to exclude women and is deliberately absent.
_BARRED = re.compile(
    r"矿山井下|煤矿井下|井下(?:作业|采掘|采矿|采煤|掘进|巷道|运输|支护|维修|操作|工作|爆破|工)|下井(?![盖口])"
    r"|(?:第)?(?:四|4|ⅳ|iv)级体力劳动|体力劳动强度(?:为|达到?|属于?)?(?:第)?(?:四|4|ⅳ|iv)级"
)
_LOAD = re.compile(
    r"(?:负重|搬运|搬抬|抬运|扛|装卸|背运|肩扛|单件|每件|每袋|每箱|每包)[^,。;]{0,10}?"
    r"(?P<n>\d{2,3})(?P<u>公斤|kg|千克|斤)"
)
_FREQUENT = re.compile(r"每小时|频繁|连续|持续|反复")


def barred_work_marker(whole: str) -> str | None:
    """The words showing work barred to women, or ``None``.

    Legal source: 就业促进法 §27 (exception for "国家规定的不适合妇女的工种或者岗位");
    女职工劳动保护特别规定 (国务院令第619号) 附录 一.
    """
    m = _BARRED.search(whole)
    if m:
        return m.group(0)
    for load in _LOAD.finditer(whole):
        kg = int(load.group("n")) / (2 if load.group("u") == "斤" else 1)
        window = whole[max(0, load.start() - 12) : load.end() + 12]
        if kg > 25 or (kg > 20 and _FREQUENT.search(window)):
            return load.group(0)
    return None


def check_gender(scan: Scan) -> list[Hit]:
    """gender: a sex limit or preference ("限男性", "男性优先", "仅招女", "女士勿扰").

    Neutral wording ("男女不限", "性别不限", "招聘男女普工") never matches. A limit
    that turns women away from work barred to women ("矿山井下", a 30 kg load) is not
    rejected: it becomes a ``warn`` under rule ``gender_barred_work`` for a human look.
    Legal source: 就业促进法 §3 §26 §27; 妇女权益保障法 §43 §83; 人力资源市场暂行条例 §24.
    """
    text = scan.text
    hits: list[Hit] = []
    marker = barred_work_marker(scan.whole)
    for pattern, kind, title_only in _GENDER_COMPILED:
        if title_only and not scan.in_title:
            continue
        for m in pattern.finditer(text.norm):
            s, e = m.span()
            before, after = text.before(s, e), text.after(s, e)
            if _NOT_BEFORE.search(before) and kind == "require":
                continue
            describes_team = "为主" in m.group(0) or "适合" in m.group(0)
            if describes_team and (_TEAM_BEFORE.search(before) or _TEAM_AFTER.match(after)):
                continue
            groups = m.groupdict()
            sex = groups.get("sex") or _COLLOQUIAL.get(groups.get("colloq") or "", "")
            turns_women_away = (kind == "require" and sex == "男") or (
                kind == "exclude" and sex == "女"
            )
            if marker is not None and turns_women_away:
                hits.append(Hit("gender_barred_work", s, e, (("marker", marker),)))
            else:
                hits.append(Hit("gender", s, e))
    return hits


_STATUS = r"(?:已婚已育|已婚未育|未婚未育|已婚|未婚|已育|未育|单身|离异|已生育|未生育|已生二胎|已生二孩|已生孩子|有孩子|无孩子|宝妈|已育二胎|有子女|无子女)"
_CHILD_EVENT = r"(?:结婚|生育|怀孕|生孩子|要孩子|生小孩|生二胎|生二孩|备孕|生娃)"
_ASK_NEG = re.compile(
    r"(?:不|不会|无需|无须|不用|不得|禁止|严禁|不予|不再|绝不)(?:询问|问|调查|了解|考虑|考察|限制|限|要求|填写|提供|作为|涉及|打听)?$"
)
_ASK_NEG_AFTER = re.compile(
    r"^(?:不限|无要求|均可|不作要求|不问|无限制|不影响|统计|调查|登记|管理|服务)"
)
# Asking about a client's marriage is the job of a 婚姻家庭咨询师, not a condition on the applicant.
_CLIENT_BEFORE = re.compile(
    r"(?:来访者|服务对象|客户|当事人|会员|顾客|案主|求助者|患者|病人|孕妇|产妇|居民|辖区)[^,。;]{0,6}$"
)
# "夫妻房限已婚员工": a benefit for married staff, not a condition on applicants.
_HOUSING = re.compile(r"夫妻|家属|宿舍|住房|公寓|房间|探亲")

MARITAL_RULES: tuple[PatternRule, ...] = (
    PatternRule(
        "marital_childbearing", re.compile(r"(?:已婚|未婚)(?:已育|未育|有孩|无孩|有子女|无子女)")
    ),
    # a bare list item: "女性，未婚，25岁以下"
    PatternRule(
        "marital_childbearing",
        re.compile(r"(?<![^,。;!?\n、:])(?:已婚|未婚|已育|未育|单身|离异)(?=[,。;!?\n、]|$)"),
    ),
    PatternRule(
        "marital_childbearing",
        re.compile(_STATUS + r"(?:女性|男性|女士|男士|女生|男生)?" + PREFER),
        veto_before=_NOT_BEFORE,
        veto_clause=_HOUSING,
    ),
    PatternRule(
        "marital_childbearing",
        re.compile(REQUIRE + r"(?:为|是)?" + _STATUS),
        veto_before=_NOT_BEFORE,
        # "限已婚员工申请" (a dormitory rule) is about staff already hired
        veto_after=re.compile(r"^(?:员工|职工)?(?:申请|入住|享受|使用|居住)"),
        veto_clause=_HOUSING,
    ),
    PatternRule(
        "marital_childbearing",
        re.compile(
            r"(?:婚育|婚姻|生育|婚恋)(?:情况|状况|状态|计划|史)|婚否|"
            r"是否(?:已婚|结婚|婚育|生育|怀孕|有孩子|有小孩|要孩子|生二胎|打算要孩子|单身)|"
            rf"{_CHILD_EVENT}(?:打算|计划|安排)|"
            rf"(?:近期|短期|[一二三两\d]年内)(?:有|无|没有)?{_CHILD_EVENT}(?:计划|打算)"
        ),
        veto_before=re.compile(_ASK_NEG.pattern + "|" + _CLIENT_BEFORE.pattern),
        veto_after=_ASK_NEG_AFTER,
    ),
    PatternRule(
        "marital_childbearing",
        re.compile(rf"(?:不得|不能|不准|不许|不可|禁止|暂缓|推迟|承诺不){_CHILD_EVENT}"),
    ),
    PatternRule(
        "marital_childbearing",
        re.compile(
            rf"(?:[一二三两\d]年内|合同期内|合同期间|服务期内|入职后|试用期内)不{_CHILD_EVENT}"
        ),
    ),
    PatternRule(
        "marital_childbearing",
        re.compile(r"(?:孕妇|孕期|怀孕|哺乳期|备孕|已婚|宝妈)" + EXCLUDE_AFTER),
    ),
    PatternRule(
        "marital_childbearing",
        re.compile(EXCLUDE_BEFORE + r"(?:孕妇|怀孕|哺乳期|备孕|已婚|未婚|宝妈|已育|未育)"),
    ),
)


def check_marital(scan: Scan) -> list[Hit]:
    """marital_childbearing: marriage or childbearing as a condition or a question.

    Flags "已婚已育优先", "限未婚", "婚育情况", "三年内不得生育", "孕妇勿扰". Benefits
    ("婚假", "结婚生子贺礼", "生育津贴") and "不问婚育" never match.
    Legal source: 妇女权益保障法 §43 (二)(四), §83; 就业促进法 §27.
    """
    return run_rules(MARITAL_RULES, scan.text)


PREGNANCY_RULES: tuple[PatternRule, ...] = (
    PatternRule(
        "pregnancy_test",
        re.compile(
            r"孕检(?!假|补贴|报销|费用?报销)|妊娠(?:检查|检测|测试|试验|筛查)|验孕|"
            r"(?:怀孕|早孕|妊娠)(?:检测|测试|试纸|筛查)|未孕证明|未怀孕证明|无孕证明|"
            r"(?:体检|入职检查)[^,。;]{0,12}(?:hcg|是否怀孕|怀孕与否)|hcg(?:检查|检测|测试|筛查)"
        ),
        veto_before=re.compile(rf"(?:不|无|非|禁止|严禁|不得|不会|不再|拒绝|杜绝)[{CJK}]{{0,3}}$"),
        # A laboratory or clinic post tests patients' samples, not applicants.
        veto_clause=re.compile(r"样本|样品|试剂|实验室|检验科|化验室|患者|病人|孕妇|门诊"),
    ),
)


def check_pregnancy(scan: Scan) -> list[Hit]:
    """pregnancy_test: a pregnancy test in the hiring medical ("入职体检含孕检", "验孕").

    "产检假" (leave for prenatal checks) and "体检不含孕检" never match.
    Legal source: 妇女权益保障法 §43 (三), §83.
    """
    return run_rules(PREGNANCY_RULES, scan.text)
