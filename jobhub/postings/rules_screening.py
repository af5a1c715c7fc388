"""Warn-level screening rules: age_limit, school_tier, off_platform_contact, appearance."""

from __future__ import annotations

import re

from .text import CJK, Hit, PatternRule, Scan, negated_list, parse_small_number, run_rules

# --- age ------------------------------------------------------------------------------

# An upper cap below the original statutory retirement age of men (60) shuts out
# workers the law still counts as working age; a floor above 18 (the age some work
# lawfully requires) shuts out young workers. Caps at 60 or above follow retirement
# and are not flagged.
AGE_CAP_FLAGGED_BELOW = 60
AGE_FLOOR_ALLOWED = 18

_N = r"(?:\d{1,2}|[一二三四五六七八九十两]{1,3})"
_DASH = r"(?:-|~|—|–|至|到)"
_AGE_PATTERNS = (
    # 18-35岁, 年龄:20至40周岁, 年龄18-35
    re.compile(rf"(?P<lo>{_N})(?:周?岁)?{_DASH}(?P<hi>{_N})周?岁"),
    re.compile(rf"年龄(?:要求|限制|在)?:?(?:在)?(?P<lo>{_N})(?:周?岁)?{_DASH}(?P<hi>{_N})"),
    # 35岁以下, 35周岁以内, 不超过40岁, 年龄40以下
    re.compile(rf"(?P<hi>{_N})周?岁(?:以下|以内|之内|之下|及以下|或以下|内)"),
    re.compile(rf"(?:不超过|不大于|不高于|低于|小于|未超过|<|≤|<=)(?P<hi>{_N})周?岁"),
    re.compile(rf"年龄(?:要求|限制)?:?(?P<hi>{_N})周?岁?(?:以下|以内|之内|及以下)"),
    # 25岁以上, 年满25周岁
    re.compile(rf"(?P<lo>{_N})周?岁(?:以上|及以上|或以上)"),
    re.compile(rf"(?:年满|满|不低于|不小于|超过|大于)(?P<lo>{_N})周?岁"),
    # 40岁左右: both a floor and a cap
    re.compile(rf"(?P<lo>(?P<hi>{_N}))周?岁(?:左右|上下)"),
)
_GENERATION = re.compile(
    r"(?:限|仅限|只要|只招|要求)(?:70|75|80|85|90|95|00|05)后|(?:70|75|80|85|90|95|00|05)后(?:优先|为主|最好|最佳)"
    r"|(?:限|只要|只招|要求)年轻|年轻(?:人|的)?(?:优先|为主|者优先)"
)
# Ages of the people served or taught, not of the applicant.
_CLIENT_AFTER = re.compile(
    r"^(?:的)?(?:儿童|幼儿|婴幼儿|婴儿|宝宝|孩子|小孩|学生|小学生|中学生|青少年|小朋友|老人|老年人|长者|"
    r"患者|病人|学员|少儿|幼童|新生儿|孩童|失能|半失能|居民|人群|客户|用户|车辆|房龄|楼龄)"
)
_CLIENT_BEFORE = re.compile(
    rf"(?:照顾|照护|看护|护理|陪护|教授|辅导|服务|面向|针对|招收|接收|带)[{CJK}]{{0,3}}$"
)
_AGE_NEG = re.compile(r"(?:不限|无限制|不作要求|无要求)")
# "18岁以下勿扰" turns the range away: the applicant must be older, so the cap is a floor.
_EXCLUDED_AFTER = re.compile(
    r"^(?:的)?(?:人员|者|人士)?(?:勿扰|不招|不要|谢绝|免谈|不予考虑|除外|禁止|不录用)"
)


def check_age(scan: Scan) -> list[Hit]:
    """age_limit: an age cap or floor on applicants ("35岁以下", "18-35岁", "限90后").

    Not flagged: "年龄不限"; lawful floors ("年满18周岁", "16周岁以上"); caps at the
    retirement age (60 or above); ages of clients or pupils ("3-6岁儿童", "60岁以上老人").
    Legal source: 国办发〔2022〕13号 (防止和纠正年龄歧视); a warn, not a statutory ban.
    """
    text = scan.text
    hits: list[Hit] = []
    for pattern in _AGE_PATTERNS:
        for m in pattern.finditer(text.norm):
            s, e = m.span()
            groups = m.groupdict()
            lo = parse_small_number(groups["lo"]) if groups.get("lo") else None
            hi = parse_small_number(groups["hi"]) if groups.get("hi") else None
            if lo is None and hi is None:
                continue
            if _EXCLUDED_AFTER.match(text.after(s, e)):
                lo, hi = (hi, None) if lo is None else (None, lo) if hi is None else (lo, hi)
            if _CLIENT_AFTER.match(text.after(s, e)) or _CLIENT_BEFORE.search(text.before(s, e)):
                continue
            lo_, hi_ = text.clause(s, e)
            if _AGE_NEG.search(text.norm[lo_:hi_]):
                continue
            if hi is not None and hi < 16:
                continue  # a child's age: "0-3岁", "6岁以下"
            if lo is not None and lo >= 60 and hi is None:
                continue  # "60岁以上" describes the elderly served
            capped = hi is not None and hi < AGE_CAP_FLAGGED_BELOW
            floored = lo is not None and lo > AGE_FLOOR_ALLOWED
            if capped or floored:
                hits.append(Hit("age_limit", s, e))
    for m in _GENERATION.finditer(text.norm):
        hits.append(Hit("age_limit", m.start(), m.end()))
    return hits


# --- school tier ----------------------------------------------------------------------

_TIER_TERMS = r"(?:985|211|双一流|名校|名牌大学|重点大学|重点院校|重点高校|一本|c9|qs)"
_TIER_NEG_BEFORE = negated_list(
    r"不限|不要求|不看|无需|无须|不需|非|不必|不论|不拘|不限制|不问|不唯",
    _TIER_TERMS,
    verbs=r"是否|要求|必须是?",
)
_TIER_NEG_AFTER = re.compile(
    r"^(?:[/、和或及]?(?:985|211|双一流|名校|院校|高校|学校|大学))*(?:均可|亦可|也可|不限|皆可|都可|非必须|不是必须|不作要求|不强求)"
)
_TIER = re.compile(
    r"(?<![\da-z])(?:985|211)(?![\d])(?:工程)?|双一流|c9(?:高校|院校|联盟)|"
    r"(?:名校|名牌大学|重点大学|重点院校|重点高校|一本院校|一本学历|统招一本|一本及以上|知名院校|知名高校|顶尖高校|"
    r"一流大学|海外名校|藤校|常春藤)|qs(?:排名)?(?:前)?\d+|世界(?:排名)?前\d+(?:名)?(?:高校|大学|院校)|第一学历"
)
# "985号", "211室", "211国道": numbers in addresses; "名校教育集团": a company name.
_TIER_NOT_AFTER = re.compile(
    r"^(?:号|室|路|栋|弄|楼|米|元|次|个|人|万|千|kg|公里|线|国道|省道|教育|集团|课堂|堂|路由)"
)

SCHOOL_RULES: tuple[PatternRule, ...] = (
    PatternRule(
        "school_tier",
        _TIER,
        veto_before=_TIER_NEG_BEFORE,
        veto_after=re.compile(_TIER_NEG_AFTER.pattern + "|" + _TIER_NOT_AFTER.pattern),
    ),
)


def check_school(scan: Scan) -> list[Hit]:
    """school_tier: filtering by university tier ("985/211", "双一流", "名校", "第一学历").

    "院校不限", "非985/211亦可" and addresses ("211室") never match. A degree level
    ("本科及以上") is an ordinary requirement and is not flagged.
    Legal source: 国办发〔2022〕13号 (防止和纠正学历歧视); a warn, not a statutory ban.
    """
    return run_rules(SCHOOL_RULES, scan.text)


# --- off-platform contact -------------------------------------------------------------

_IM = r"(?:微信|v信|薇信|威信|vx|wx|qq|扣扣|企鹅|telegram|tg|飞机号|whatsapp|line)"

CONTACT_RULES: tuple[PatternRule, ...] = (
    PatternRule(
        "off_platform_contact",
        re.compile(
            r"(?<![增追参添叠附施更外])加(?:我|好友|个人|一下)?(?:的)?"
            r"(?:微信|v信|薇信|威信|vx|wx|qq|扣扣|企鹅|telegram|tg|飞机|whatsapp|line|v|微(?![服调博商店波创型小量积软]))"
            r"(?![a-z])"
        ),
        # "加微信支付功能" is a feature of a product, not a contact.
        veto_after=re.compile(r"^(?:支付|小程序|公众号|登录|分享|接口|生态|开发)"),
    ),
    PatternRule(
        "off_platform_contact",
        re.compile(
            r"(?:微信|v信|薇信|威信)(?:号|号码)?(?::|是|为)?(?:[a-z][a-z0-9_-]{5,19}|1\d{10})|"
            r"(?:vx|wx)(?:号|号码)?:(?:[a-z][a-z0-9_-]{5,19}|1\d{10})|"
            r"(?:qq|扣扣|企鹅)(?:号|号码|群)?:?\d{5,11}|"
            r"(?<![a-z])(?:telegram|tg|飞机号|whatsapp|line)(?:号|id)?:[@a-z0-9_+-]{4,}|"
            r"微信同号|同微信|微信同步|电话同微"
        ),
    ),
    PatternRule(
        "off_platform_contact",
        re.compile(
            rf"(?:详情|具体|感兴趣|有意者?|有意向|想了解)[{CJK}]{{0,4}}(?:私聊|私信|私我)|私聊了解|私信了解|私我"
        ),
    ),
)


def check_contact(scan: Scan) -> list[Hit]:
    """off_platform_contact: contact only through a personal IM account ("加微信", "QQ:123456").

    "微信小程序开发", "微信公众号运营" and "企业微信" as a skill never match. A phone number
    is ordinary and is not flagged.
    Legal source: fraud red flags of rules-reference.md §5 (教育部“五防”, 人社厅发〔2025〕60号)
    [secondary source]; a warn.
    """
    return run_rules(CONTACT_RULES, scan.text)


# --- appearance -------------------------------------------------------------------------

_APPEARANCE = re.compile(
    r"身高(?:要求|须|需|需要|必须|在)?[:：]?(?:在)?\d{3}(?:cm|厘米|公分|CM)?(?:以上|及以上|或以上|以下|左右|-\d{3})?"
    r"|身高(?:要求|须|需|需要|必须|在)?(?:一米|1米)[五六七八]"
    r"|体重(?:要求|须|需|需要|必须|在|不超过|不得超过|低于|不高于)?[:：]?\d{2,3}(?:kg|公斤|斤|KG)"
    r"|形象(?:气质)?(?:佳|好|出众|甜美|端庄)|气质(?:佳|好|出众)|五官端正|相貌端正|长相(?:端正|甜美|好|佳)"
    r"|颜值(?:高|好|佳)?|身材(?:好|匀称|苗条|高挑)|外形(?:佳|好|出众)|容貌(?:端正|姣好)"
)
# "身高不限", "形象良好的店面" (a shop), "公司形象", "品牌形象": not a condition on people.
_APPEARANCE_NEG_BEFORE = re.compile(
    rf"(?:不限|无|不要求|不作要求|不|公司|品牌|企业|门店|店面)[{CJK}]{{0,2}}$"
)
_APPEARANCE_NEG_AFTER = re.compile(r"^(?:的)?(?:店|门店|店面|环境|公司|品牌|企业|产品|不限|无要求)")

APPEARANCE_RULES: tuple[PatternRule, ...] = (
    PatternRule(
        "appearance",
        _APPEARANCE,
        veto_before=_APPEARANCE_NEG_BEFORE,
        veto_after=_APPEARANCE_NEG_AFTER,
    ),
)


def check_appearance(scan: Scan) -> list[Hit]:
    """appearance: a condition on height, weight or looks ("身高160以上", "形象气质佳",
    "五官端正"). A warning, not a rejection: a few posts can justify one (安保、礼仪); the
    employer writes why, or deletes it. "身高不限" and "形象良好的店面" never match.
    Legal source: 就业促进法 §3 (平等就业), 国办发〔2022〕13号 (防止和纠正就业歧视).
    """
    return run_rules(APPEARANCE_RULES, scan.text)
