"""Rules on equal access: ethnicity_religion, hukou_region, disability_exclusion,
pathogen_carrier."""

from __future__ import annotations

import re

from .lexicon import (
    ABBR_RE,
    CITY_RE,
    ETHNIC_RE,
    EXCLUDE_AFTER,
    EXCLUDE_BEFORE,
    LOCAL_RE,
    OUTSIDE_BARE_RE,
    OUTSIDE_RE,
    PREFER,
    PROVINCE_RE,
    RELIGIOUS_RE,
    REQUIRE,
    STATUS_RE,
)
from .text import CJK, Hit, PatternRule, Scan, run_rules

_NOT_BEFORE = re.compile(r"(?:不|无|非|并非|不是)$")

# --- ethnicity and religion -------------------------------------------------------

# A preference for minorities is lawful care (就业促进法 §28: "对少数民族劳动者给予适当
# 照顾"); only a Han preference, or any limit or exclusion, is flagged.
ETHNICITY_RULES: tuple[PatternRule, ...] = (
    PatternRule(
        "ethnicity_religion",
        re.compile(REQUIRE + r"(?:为|是)?" + ETHNIC_RE),
        veto_before=_NOT_BEFORE,
    ),
    PatternRule("ethnicity_religion", re.compile(r"(?:汉族|汉人)" + PREFER)),
    PatternRule(
        "ethnicity_religion",
        re.compile("(?:" + ETHNIC_RE + "|" + RELIGIOUS_RE + ")" + EXCLUDE_AFTER),
    ),
    PatternRule(
        "ethnicity_religion",
        re.compile(EXCLUDE_BEFORE + "(?:" + ETHNIC_RE + "|" + RELIGIOUS_RE + ")"),
    ),
    PatternRule(
        "ethnicity_religion",
        re.compile(r"民族(?:要求|限制|限定)?:?(?:为|限|须为|需为)?(?:汉族|汉)(?![语字服])"),
    ),
    PatternRule(
        "ethnicity_religion",
        re.compile(
            r"无宗教信仰|不信教|不信仰宗教|不得信教|不得信仰|不得有宗教信仰|无任何宗教信仰|"
            r"(?:要求|需|须|必须)信仰[" + CJK + r"]{1,4}教|"
            r"(?:基督徒|佛教徒|穆斯林|天主教徒|信徒|教友)" + PREFER
        ),
        veto_after=re.compile(r"^(?:要求|限制|之分)"),
    ),
)


def check_ethnicity(scan: Scan) -> list[Hit]:
    """ethnicity_religion: a condition on ethnicity, race or religion.

    Flags "限汉族", "汉族优先", "少数民族勿扰", "民族：汉", "无宗教信仰". Lawful care for
    minorities ("少数民族优先") and "民族不限" never match.
    Legal source: 就业促进法 §3 §28; 人力资源市场暂行条例 §24; 网络招聘服务管理规定 §15.
    """
    return run_rules(ETHNICITY_RULES, scan.text)


# --- hukou, region, identity --------------------------------------------------------

_PLACE = "(?:" + "|".join((LOCAL_RE, OUTSIDE_RE, STATUS_RE, PROVINCE_RE, CITY_RE)) + ")"
_NAMED_PLACE = "(?:" + PROVINCE_RE + "|" + CITY_RE + ")"
# 人 must end the word: "北京人才", "上海人民医院" are not people from there.
_PERSON = r"(?:户口|户籍|籍|常住户口|城镇户口|户|生源|居民|人员|人(?![民才力事工口气]))"
# "某省籍", "外省籍": a province named by a placeholder or a word the lexicon lacks.
_ORIGIN = "(?:" + _PLACE + _PERSON + "|" + ABBR_RE + "籍|京户|沪户|[" + CJK + "]{1,2}省籍)"
# "可解决北京户口", "协助落户", "户口不限": benefits and neutral wording.
_BENEFIT_BEFORE = re.compile(
    r"(?:解决|办理|协助|帮助|提供|可办|申请|迁入|迁移|落|落户|不限|不要求|无|不|非必须)["
    + CJK
    + r"]{0,2}$"
)
_LOCAL_WORK_AFTER = re.compile(
    r"^(?:及周边)?(?:范围|区域|地区)?(?:内)?(?:工作|上班|办公|出差|配送|服务|客户|项目|门店|业务)"
)

# A plain "本地户口" listed among the conditions is a requirement; "本地户口、外地户口均可",
# "本地户口或持居住证" and "无论本地户口还是外地户口" are not.
_EITHER_AFTER = re.compile(
    r"^(?:[、/和或及与]?(?:外地|非本地|外省|外来|居住证)|均可|皆可|都可|不限|不是必须|非必须|还是|"
    # the work itself is about registration: "本地户口迁移业务", "本地户籍办理咨询"
    r"(?:的)?(?:迁移|迁入|迁出|办理|业务|政策|咨询|登记|管理|申报|准入|窗口))"
)
_EITHER_BEFORE = re.compile(
    r"(?:无论|不论|不管|不分|是否|或|和|及|与|熟悉|负责|了解|咨询)[" + CJK + r"]{0,2}$"
)

HUKOU_RULES: tuple[PatternRule, ...] = (
    PatternRule(
        "hukou_region",
        re.compile("(?:" + LOCAL_RE + r")(?:常住|城镇|农村)?(?:户口|户籍)"),
        veto_before=re.compile(_BENEFIT_BEFORE.pattern + "|" + _EITHER_BEFORE.pattern),
        veto_after=_EITHER_AFTER,
    ),
    PatternRule(
        "hukou_region",
        re.compile(REQUIRE + r"(?:有|持有?|是|为)?" + _ORIGIN),
        veto_before=_NOT_BEFORE,
    ),
    PatternRule(
        "hukou_region",
        re.compile(r"(?:仅限|只限|只招|仅招|只要|限)(?:" + LOCAL_RE + ")"),
        veto_before=_NOT_BEFORE,
        veto_after=_LOCAL_WORK_AFTER,
    ),
    PatternRule("hukou_region", re.compile(_ORIGIN + PREFER), veto_before=_BENEFIT_BEFORE),
    PatternRule(
        "hukou_region",
        re.compile("(?:" + _ORIGIN + "|" + OUTSIDE_BARE_RE + r"(?:的)?)" + EXCLUDE_AFTER),
    ),
    PatternRule(
        "hukou_region",
        re.compile(
            EXCLUDE_BEFORE
            + "(?:"
            + _PLACE
            + r"(?:户口|户籍|籍|人(?![民才力])|人员|的)|"
            + OUTSIDE_BARE_RE
            + ")"
        ),
    ),
    PatternRule(
        "hukou_region",
        re.compile(
            r"(?:户口|户籍|籍贯|户籍所在地|生源地)(?:要求|限制|限)?:?(?:为|在|属于?|须为|需为|必须为?)?"
            "(?:" + LOCAL_RE + "|" + _NAMED_PLACE + "|" + STATUS_RE + r")(?!以外|之外|均可|不限)"
        ),
        veto_before=_BENEFIT_BEFORE,
    ),
)


def check_hukou(scan: Scan) -> list[Hit]:
    """hukou_region: a limit by household registration, region or identity.

    Flags "限本地户口", "本地人优先", "外地人勿扰", "不招河南人", "户籍：本市", "限城镇户口".
    Benefits ("可解决北京户口", "协助落户", "人才落户补贴") and "户籍不限" never match;
    nor does "熟悉本地道路" or "仅限本市范围内配送" (where the work is, not who may apply).
    Legal source: 人力资源市场暂行条例 §11; 网络招聘服务管理规定 §15 ¶2; 就业促进法 §31.
    """
    return run_rules(HUKOU_RULES, scan.text)


# --- disability ---------------------------------------------------------------------

_DISABLED = r"(?:残疾人士|残疾人|残疾|残障人士|残障|聋哑人|聋哑|盲人|肢残|身体残疾|有残疾)"

DISABILITY_RULES: tuple[PatternRule, ...] = (
    PatternRule("disability_exclusion", re.compile(_DISABLED + EXCLUDE_AFTER)),
    PatternRule("disability_exclusion", re.compile(EXCLUDE_BEFORE + _DISABLED)),
    PatternRule(
        "disability_exclusion",
        re.compile(
            r"(?:身体|四肢|肢体|五官|身心)(?:健全|无残疾|无缺陷)|"
            r"(?:无|没有)(?:任何)?(?:残疾|身体缺陷|肢体缺陷|残障|生理缺陷)|"
            r"(?:仅限|只招|要求|限)健全人|健全人" + PREFER + r"|非残疾人?"
        ),
        # "无残疾人就业保障金" is a levy, not a condition.
        veto_after=re.compile(r"^人?(?:就业)?保障金"),
    ),
)


def check_disability(scan: Scan) -> list[Hit]:
    """disability_exclusion: turning disabled people away ("残疾人勿扰", "四肢健全").

    Welcoming or preferring disabled people ("欢迎残疾人士", "残疾人优先", "残疾人岗位")
    never matches.
    Legal source: 就业促进法 §29.
    """
    return run_rules(DISABILITY_RULES, scan.text)


# --- pathogen carriers --------------------------------------------------------------

# "hive" (the data warehouse) is not "hiv": ASCII names must end at a word boundary.
_PATHOGEN = r"(?:乙肝|hbv(?![a-z])|hbsag|澳抗|小三阳|大三阳|hiv(?![a-z])|艾滋病?|乙型肝炎|肝炎病毒|传染病病原|病原携带|病毒携带)"
_TEST_NEG = re.compile(rf"(?:不|无|免|禁止|严禁|不得|拒绝|杜绝)[{CJK}]{{0,3}}$")

PATHOGEN_RULES: tuple[PatternRule, ...] = (
    PatternRule(
        "pathogen_carrier",
        re.compile(_PATHOGEN + r"(?:病毒)?(?:携带者?|阳性|患者|感染者)?" + EXCLUDE_AFTER),
    ),
    PatternRule("pathogen_carrier", re.compile(EXCLUDE_BEFORE + r"(?:" + _PATHOGEN + r"|携带者)")),
    PatternRule(
        "pathogen_carrier",
        re.compile(
            r"(?:无|没有|非)(?:乙肝|小三阳|大三阳|hiv(?![a-z])|艾滋病|乙型肝炎)(?!疫苗)|乙肝(?:阴性|检查合格|检测合格)"
        ),
        veto_after=re.compile(r"^(?:歧视|要求|限制)"),
    ),
    PatternRule(
        "pathogen_carrier",
        re.compile(
            r"乙肝(?:五项|两对半|表面抗原|检测|检查|筛查|项目)|hbsag|两对半|"
            r"(?:查|检查|检测|筛查|化验)(?:乙肝|hbv(?![a-z])|hiv(?![a-z])|艾滋)(?:五项|两对半|表面抗原|项目)?"
        ),
        veto_before=_TEST_NEG,
        # A laboratory post tests samples, not applicants.
        veto_clause=re.compile(r"样本|样品|试剂|实验室|检验科|化验室|临床|患者|病人"),
    ),
)


def check_pathogen(scan: Scan) -> list[Hit]:
    """pathogen_carrier: excluding carriers ("乙肝携带者勿扰") or testing for HBV.

    A 健康证 for food handling, "乙肝疫苗" and "体检不查乙肝" never match.
    Legal source: 就业促进法 §30; 人社部发〔2010〕12号.
    """
    return run_rules(PATHOGEN_RULES, scan.text)
