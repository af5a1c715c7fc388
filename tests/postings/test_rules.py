"""Focused tests: one group per finding code, and the tricky negatives of issue 5.

Each positive names the words an employer would expect to see highlighted; each
negative is wording a fair reviewer must let through.
"""

from __future__ import annotations

import pytest

from .helpers import check, codes

# (description, code, the words that must be highlighted)
VIOLATIONS = [
    # gender
    ("限男性，能吃苦耐劳。", "gender", "限男性"),
    ("女性优先，形象气质佳。", "gender", "女性优先"),
    ("仅招女，做事细心。", "gender", "仅招女"),
    ("男性优先考虑。", "gender", "男性优先"),
    ("女士勿扰，需经常出差。", "gender", "女士勿扰"),
    ("性别：男。", "gender", "性别：男"),
    ("招2名女质检员。", "gender", "招2名女质检员"),
    ("限 男 性", "gender", "限 男 性"),
    ("要求：女性，未婚。", "gender", "女性"),
    ("限汉族男性。", "gender", "限汉族男性"),
    # marital_childbearing
    ("已婚已育优先。", "marital_childbearing", "已婚已育优先"),
    ("限未婚。", "marital_childbearing", "限未婚"),
    ("入职两年内不得生育。", "marital_childbearing", "不得生育"),
    ("请在简历中注明婚育情况。", "marital_childbearing", "婚育情况"),
    ("孕妇勿扰。", "marital_childbearing", "孕妇勿扰"),
    ("面试时需说明是否有生育打算。", "marital_childbearing", "生育打算"),
    # pregnancy_test
    ("入职体检包含妊娠检查。", "pregnancy_test", "妊娠检查"),
    ("需提供未孕证明。", "pregnancy_test", "未孕证明"),
    ("入职需做孕检。", "pregnancy_test", "孕检"),
    # ethnicity_religion
    ("限汉族。", "ethnicity_religion", "限汉族"),
    ("少数民族勿扰。", "ethnicity_religion", "少数民族勿扰"),
    ("要求无宗教信仰。", "ethnicity_religion", "无宗教信仰"),
    ("民族：汉族。", "ethnicity_religion", "民族：汉族"),
    # hukou_region
    ("限本地户口。", "hukou_region", "限本地户口"),
    ("本地人优先。", "hukou_region", "本地人优先"),
    ("外地人勿扰。", "hukou_region", "外地人勿扰"),
    ("不招河南人。", "hukou_region", "不招河南人"),
    ("户籍要求：本市。", "hukou_region", "户籍要求：本市"),
    ("限城镇户口。", "hukou_region", "限城镇户口"),
    ("需北京户口。", "hukou_region", "需北京户口"),
    # disability_exclusion
    ("残疾人勿扰。", "disability_exclusion", "残疾人勿扰"),
    ("身体健康，四肢健全。", "disability_exclusion", "四肢健全"),
    ("不招聋哑人。", "disability_exclusion", "不招聋哑人"),
    # pathogen_carrier
    ("乙肝携带者勿扰。", "pathogen_carrier", "乙肝携带者勿扰"),
    ("入职体检需查乙肝五项。", "pathogen_carrier", "查乙肝五项"),
    ("无乙肝，身体健康。", "pathogen_carrier", "无乙肝"),
    ("HIV携带者不予录用。", "pathogen_carrier", "HIV携带者不予录用"),
    # fee_deposit
    ("入职需交押金300元。", "fee_deposit", "需交押金300元"),
    ("服装费200元从首月工资扣除。", "fee_deposit", "服装费"),
    ("需缴纳保证金5000元。", "fee_deposit", "需缴纳保证金5000元"),
    ("入职体检费120元需交给公司统一办理。", "fee_deposit", "体检费120元需交"),
    ("无需经验押金200元。", "fee_deposit", "押金"),
    # document_withholding
    ("身份证原件交公司统一保管。", "document_withholding", "身份证原件交公司统一保管"),
    ("入职押身份证。", "document_withholding", "押身份证"),
    ("需提供银行卡及密码。", "document_withholding", "银行卡及密码"),
    # training_loan
    ("先培训后上岗，培训费可分期。", "training_loan", "培训费可分期"),
    ("招转培，零基础包教会。", "training_loan", "招转培"),
    ("学费可用花呗分期。", "training_loan", "学费可用花呗分期"),
    ("培训费由个人承担。", "training_loan", "培训费由个人承担"),
    # placement_hype
    ("内部名额，保证入编。", "placement_hype", "内部名额"),
    ("包分配。", "placement_hype", "包分配"),
    ("保录取，不过全额退款。", "placement_hype", "保录取"),
    # pyramid_scheme
    ("发展下线，享受下线提成。", "pyramid_scheme", "发展下线"),
    ("需先购买公司产品才能入职。", "pyramid_scheme", "需先购买公司产品"),
    ("团队计酬。", "pyramid_scheme", "团队计酬"),
    # task_scam
    ("刷单返佣，时间自由。", "task_scam", "刷单"),
    ("境外高薪，包机票。", "task_scam", "境外高薪"),
    ("出借银行卡即可获得报酬。", "task_scam", "出借银行卡"),
    ("接单前需先垫付任务款。", "task_scam", "需先垫付"),
    # age_limit
    ("18-35岁，有经验者优先。", "age_limit", "18-35岁"),
    ("年龄55岁以下。", "age_limit", "年龄55岁以下"),
    ("限90后。", "age_limit", "限90后"),
    ("年龄三十五岁以下。", "age_limit", "年龄三十五岁以下"),
    ("45岁以上勿扰。", "age_limit", "45岁以上"),
    # school_tier
    ("985/211院校本科及以上。", "school_tier", "985"),
    ("第一学历为双一流高校。", "school_tier", "第一学历"),
    ("名校毕业优先。", "school_tier", "名校"),
    # off_platform_contact
    ("详情加微信：hr_zhang2024。", "off_platform_contact", "加微信：hr_zhang2024"),
    ("联系ＱＱ：１２３４５６７８。", "off_platform_contact", "ＱＱ：１２３４５６７８"),
    ("有意者私聊。", "off_platform_contact", "有意者私聊"),
    ("电话微信同号。", "off_platform_contact", "微信同号"),
]


@pytest.mark.parametrize(("description", "code", "words"), VIOLATIONS)
def test_violation_is_found_and_highlighted(description: str, code: str, words: str) -> None:
    result = check(description)
    found = [f for f in result.findings if f.code == code]
    assert found, f"{code} not found in {description!r}: {result.findings}"
    highlighted = [description[f.start : f.end] for f in found if f.start is not None]
    assert words in highlighted, f"expected {words!r} highlighted, got {highlighted}"
    for f in found:
        assert f.field == "description"
        assert f.text == description[f.start : f.end]
        assert f.message and f.basis


# Tricky negatives: issue 5 section 3, and wording seen in real postings.
NEGATIVES = [
    # benefits that mention a protected subject
    "可解决北京户口，提供安家费。",
    "可协助办理落户，享受人才落户补贴。",
    "三八节女职工放假半天，女员工另有节日礼品。",
    "福利：结婚生子贺礼，婚假、产假按国家规定执行。",
    "生育津贴由社保发放，公司补足工资差额。",
    "孕期女职工依法享受产检假。",
    "公司提供夫妻房，限已婚员工申请。",
    "公司组织员工免费接种乙肝疫苗。",
    # neutral wording
    "男女不限，年龄不限。",
    "性别不限，经验不限。",
    "不限户籍，外地员工可申请宿舍。",
    "招聘男女普工各10名。",
    "我司不问婚育，男女同工同酬。",
    "院校不限，非985/211亦可。",
    # preference for a key group
    "退役军人优先。",
    "欢迎残疾人士应聘，办公区域有无障碍设施。",
    "本岗位为残疾人专设岗位，适合肢体残疾人士。",
    "面向离校两年内未就业高校毕业生的见习岗位，高校毕业生优先。",
    "同等条件下少数民族优先。",
    # lawful requirements
    "持健康证上岗。",
    "持有效的特种作业操作证。",
    "年满18周岁，持保安员证。",
    "须年满16周岁。",
    "需要长时间站立，搬运10公斤以内的货物。",
    # fees and documents negated or paid by the employer
    "不收取任何费用。",
    "无需押金，入职即签劳动合同。",
    "不收取任何押金、保证金和服装费，公司提供免费工装。",
    "押金全免。",
    "培训费由公司承担，体检费公司报销。",
    "带薪岗前培训一周，培训期间照发工资。",
    "入职需携带身份证原件核验，并提供身份证复印件两份。",
    "工资卡由员工本人办理并保管，公司不会保管任何证件。",
    "负责客户期货保证金结算与对账。",
    "负责处理客户押金退还。",
    "推荐朋友入职满三个月，奖励推荐人500元。",
    "谨防招聘陷阱：本公司不收取任何费用，不承诺包分配。",
    "春节包过年往返车票。",
    "工资日结，当天结清。",
    "负责店铺好评维护和售后处理。",
    "入职体检不含乙肝项目。",
    "入职体检不含孕检。",
    # words in other senses
    "负责女装门店陈列。",
    "负责照顾3-6岁幼儿。",
    "为60岁以上独居老人提供上门助餐服务。",
    "熟悉本地道路。",
    "仅限本市范围内配送。",
    "有微信小程序开发经验者优先，熟悉企业微信。",
    "熟悉hadoop、hive、spark。",
    "团队以女性为主，氛围轻松。",
    "了解来访者婚姻状况，提供家庭关系咨询。",
    "参与信贷系统开发，了解贷后管理业务。",
    "本店为清真餐厅，员工餐提供清真饮食。",
    "地址：科创路985号211室。",
]


@pytest.mark.parametrize("description", NEGATIVES)
def test_tricky_negative_is_not_flagged(description: str) -> None:
    result = check(description)
    assert result.findings == (), [(f.code, f.text) for f in result.findings]
    assert result.verdict == "ok"


def test_title_findings_carry_the_words_and_no_offsets() -> None:
    result = check("负责点餐和传菜。", title="急招女服务员5名")
    (finding,) = result.findings
    assert finding.code == "gender"
    assert finding.field == "title"
    assert finding.text == "急招女服务员5名"
    assert finding.start is None and finding.end is None
    assert finding.message.startswith("岗位名称中")


def test_a_sex_word_naming_the_product_in_the_title_is_not_flagged() -> None:
    assert codes("负责门店陈列。", title="女装店导购") == set()
    assert codes("向顾客介绍产品。", title="女性健康产品销售顾问") == set()


# --- the barred-work exception ----------------------------------------------------------


@pytest.mark.parametrize(
    "description",
    [
        "煤矿井下作业，限男性。",
        "负责水泥搬运，每袋50公斤，男性优先。",
        "属第四级体力劳动强度作业，只招男工。",
        "负责装卸，每次负重30kg，女士勿扰。",
    ],
)
def test_excluding_women_from_work_barred_to_women_is_a_warn_citing_the_exception(
    description: str,
) -> None:
    result = check(description)
    (finding,) = result.findings
    assert finding.code == "gender"
    assert finding.severity == "warn"
    assert result.verdict == "warn"
    assert "女职工劳动保护特别规定" in finding.basis
    assert "人工核实" in finding.message


def test_working_at_height_is_no_exception_because_it_is_barred_only_during_menstruation() -> None:
    result = check("高处作业，限男性。")
    assert result.verdict == "reject"
    assert [(f.code, f.severity) for f in result.findings] == [("gender", "reject")]


def test_the_exception_never_allows_excluding_men() -> None:
    result = check("矿山井下作业统计，仅招女性。")
    assert [(f.code, f.severity) for f in result.findings] == [("gender", "reject")]


def test_a_light_load_is_no_exception() -> None:
    assert check("搬运货物每件10公斤，限男性。").verdict == "reject"


def test_the_exception_marker_may_sit_in_the_title() -> None:
    result = check("限男性，需持煤矿安全作业证。", title="井下采煤工")
    assert [(f.code, f.severity) for f in result.findings] == [("gender", "warn")]


# --- several findings, messages and basis -------------------------------------------


def test_one_clause_can_break_several_rules() -> None:
    assert codes("已婚已育女性优先。") == {"gender", "marital_childbearing"}
    assert codes("限本地男性，35岁以下。") == {"gender", "hukou_region", "age_limit"}


def test_patterns_that_catch_the_same_words_give_one_finding() -> None:
    # "加微信" and "微信：hr_zhang2024" overlap: the employer sees one highlight per code.
    result = check("详情加微信：hr_zhang2024。")
    assert [f.code for f in result.findings] == ["off_platform_contact"]


def test_negation_does_not_cross_a_clause() -> None:
    # "不收取服务费" must not cancel the deposit in the next clause.
    assert codes("不收取服务费，押金200元。") == {"fee_deposit"}


@pytest.mark.parametrize(
    ("description", "law"),
    [
        ("限男性。", "妇女权益保障法》第四十三条"),
        ("入职需交押金300元。", "劳动合同法》第九条"),
        ("限本地户口。", "人力资源市场暂行条例》第十一条"),
        ("乙肝携带者勿扰。", "人社部发〔2010〕12号"),
        ("残疾人勿扰。", "就业促进法》第二十九条"),
        ("18-35岁。", "国办发〔2022〕13号"),
    ],
)
def test_each_finding_cites_its_law(description: str, law: str) -> None:
    (finding,) = check(description).findings
    assert law in finding.basis


def test_the_message_quotes_the_words_and_says_what_to_change() -> None:
    (finding,) = check("入职需交押金300元。").findings
    assert "「需交押金300元」" in finding.message
    assert "请删除" in finding.message
