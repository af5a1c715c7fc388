"""Fraud and fee rules: fee_deposit, document_withholding, training_loan, placement_hype,
pyramid_scheme, task_scam."""

from __future__ import annotations

import re

from .text import CJK, Hit, PatternRule, Scan, alternation, negated_list, run_rules

# --- fees and deposits --------------------------------------------------------------

# Fees that are a demand on the applicant whenever they are named.
_FEE_STRONG_WORDS = (
    "押金", "保证金", "抵押金", "风险金", "诚信金", "报名费", "中介费", "介绍费", "信息费",
    "手续费", "建档费", "入职费", "上岗费", "办卡费", "服装费", "工装费", "工衣费", "制服费",
    "工作服费", "工服费", "工鞋费", "鞋服费", "工牌费", "胸卡费", "工具押金",
    "资料费", "会员费", "岗位费", "面试费", "入会费", "押证金",
)  # fmt: skip
# Fees that are a demand only with a collecting verb ("体检费200元需现场缴纳"); "体检费
# 公司报销" and "体检费自理" (paid to the hospital) are not.
_FEE_WEAK_WORDS = ("体检费", "服务费", "材料费", "认证费", "办证费", "考证费", "制卡费")
_FEE_STRONG = alternation(_FEE_STRONG_WORDS)
_FEE_WEAK = alternation(_FEE_WEAK_WORDS)
_ANY_FEE = "(?:" + alternation(_FEE_STRONG_WORDS + _FEE_WEAK_WORDS) + "|费用|[" + CJK + "]{1,3}费)"
_FEE_NEGATION = negated_list(
    r"不|无|免|零|0|没有|拒绝|禁止|严禁|不得|杜绝|绝不|从不|从未|无需|无须|不需|不用|不会",
    _ANY_FEE,
    verbs=r"收取?|交纳?|缴纳?|付|支付|需要?|须|用|要|会|得|准|再|存在|产生|涉及|用交|需交|需缴",
)
_FEE_NEG_AFTER = re.compile(
    r"^(?:[:]?(?:无|免|全免|0元?|零|没有|一律不收|不收|不用交|不需要?|无需|为0|为零)|全免|免收|全部免除|一律免)"
)
# "期货保证金结算", "投标保证金", "客户押金退还": the post handles other people's money.
_FEE_DOMAIN_AFTER = re.compile(
    r"^(?:管理|结算|业务|系统|账户|核算|清算|计算|比例|交易|制度|退还业务|审核|台账)"
)
_FEE_DOMAIN_BEFORE = re.compile(
    rf"(?:期货|融资融券|证券|交易所|履约|投标|工程|租车|租房|客户|用户|顾客|租户|会员|房东|押品)[{CJK}]{{0,2}}$"
)
_COLLECT = r"(?:先交|需交|须交|需缴|须缴|交纳|缴纳|预交|预付|收取|交|缴)"
# The employer pays: "培训费由公司承担", "体检费公司报销", "免费工装".
_EMPLOYER_PAYS = re.compile(
    r"(?:公司|单位|我司|企业|厂里|厂方|店里|平台|老板)(?:全额)?(?:承担|支付|报销|负责|出|买单)|报销|免费|全免"
)

# Fees under other names: the applicant pays for the uniform or kit ("工作服另付200元",
# "工装从首月工资扣除", "工衣自费"). "提供工作服", "免费发放工装" never match.
# 劳保用品 too: the employer must provide it free (劳动法 §54). Own tools ("工具自备") are
# the trade's custom for 零工 and not flagged.
_KIT = r"(?:工作服|工装|工服|工衣|制服|服装|工鞋|工牌|胸卡|劳保用品)"
_KIT_PAID = (
    r"(?:另付|另交|自付|自理|自费|自购|自备费用|个人承担|员工承担|本人承担|由个人承担|"
    r"从(?:首月)?工资(?:中|里)?扣|工资(?:中|里)?扣除|押)"
)

FEE_RULES: tuple[PatternRule, ...] = (
    PatternRule(
        "fee_deposit",
        # (a kit word with 费 is a strong fee word already)
        re.compile(_KIT + r"(?!费)(?:钱)?[^,。;]{0,8}?" + _KIT_PAID),
        veto_before=_FEE_NEGATION,
        veto_clause=_EMPLOYER_PAYS,
    ),
    PatternRule(
        "fee_deposit",
        re.compile(_FEE_STRONG),
        veto_before=re.compile(_FEE_NEGATION.pattern + "|" + _FEE_DOMAIN_BEFORE.pattern),
        veto_after=re.compile(_FEE_NEG_AFTER.pattern + "|" + _FEE_DOMAIN_AFTER.pattern),
    ),
    PatternRule(
        "fee_deposit",
        re.compile(
            _COLLECT + r"[^,。;]{0,6}?" + _FEE_WEAK + "|" + _FEE_WEAK + r"[^,。;]{0,8}?" + _COLLECT
        ),
        veto_before=_FEE_NEGATION,
        veto_clause=_EMPLOYER_PAYS,
    ),
    PatternRule(
        "fee_deposit",
        re.compile(
            r"(?:先|需|须|要|请|需要|必须)(?:先)?(?:交|缴|付|支付|转账|交纳|缴纳|预交|预付)"
            # a training fee is training_loan, not a second finding here
            rf"(?![{CJK}]{{0,3}}(?:培训|学费|课程))[{CJK}]{{0,4}}?\d+(?:元|块)"
        ),
        veto_before=_FEE_NEGATION,
        veto_clause=re.compile(r"社保|公积金|个税|个人所得税|医保|养老保险"),
    ),
)


def check_fee(scan: Scan) -> list[Hit]:
    """fee_deposit: charging applicants ("押金", "保证金", "服装费", "入职需交300元").

    "不收取任何费用", "无需押金", "押金全免", "培训费由公司承担" and jobs that handle other
    people's deposits ("期货保证金结算") never match.
    Legal source: 劳动合同法 §9 §84; 就业促进法 §41 §66.
    """
    return run_rules(FEE_RULES, scan.text)


# --- withholding documents ------------------------------------------------------------

_DOCS = r"(?:身份证件|身份证|证件|毕业证|学历证书?|学位证|驾驶证|驾照|护照|银行卡|工资卡|社保卡|户口本|资格证|职称证)"
_HOLD = r"(?:扣押|暂扣|扣留|代为保管|统一保管|代管|暂存|保管|抵押|押|上交|收走|没收|留存|押在)"
_HOLD_NEG = re.compile(
    rf"(?:不|不会|不得|禁止|严禁|绝不|从不|无需|无须|无|拒绝|杜绝)[{CJK}]{{0,2}}$"
)
# A copy or the number is ordinary onboarding paperwork.
_COPY_AFTER = re.compile(r"^(?:原件)?(?:复印件|照片|扫描件|号码?|信息|正反面|核验|核对|查验)")

DOCUMENT_RULES: tuple[PatternRule, ...] = (
    PatternRule(
        "document_withholding",
        re.compile(_HOLD + r"(?:员工|求职者|应聘者|个人|本人)?(?:的)?" + _DOCS + r"(?:原件)?"),
        veto_before=_HOLD_NEG,
        veto_after=_COPY_AFTER,
    ),
    PatternRule(
        "document_withholding",
        re.compile(
            _DOCS + r"(?:原件)?(?:需|须|要|需要|必须)?(?:由|交由|交给|交|放在|留在|存放在?|押在)?"
            r"(?:公司|单位|我司|厂里|厂方|主管|人事|财务|中介|老板|工头|包工头|班长|领班|宿管|工地|"
            rf"[{CJK}]{{1,3}}(?:部|处|科|组|办|队))?(?:统一)?"
            r"(?:保管|扣押|抵押|押|代管|暂存|作押|作为抵押|押金)"
        ),
        veto_before=_HOLD_NEG,
        veto_clause=re.compile(
            r"本人(?:自行)?保管|自己保管|自行(?:妥善)?保管|妥善保管好?(?:个人|自己)"
        ),
    ),
    PatternRule(
        "document_withholding",
        re.compile(r"(?:银行卡|工资卡|支付宝|网银|信用卡|取款)[" + CJK + r"、]{0,4}?密码"),
        veto_before=_HOLD_NEG,
        # Software for bank cards (加密模块, 密码键盘) is not a demand for a password.
        veto_after=re.compile(r"^(?:加密|模块|系统|安全|校验|键盘|重置|修改|管理|算法)"),
    ),
)


def check_documents(scan: Scan) -> list[Hit]:
    """document_withholding: keeping ID or other documents, or asking for bank passwords.

    "入职需携带身份证原件", "提供身份证复印件" and "提供本人银行卡用于发放工资" never match.
    Legal source: 劳动合同法 §9 §84; 就业促进法 §41 §66.
    """
    return run_rules(DOCUMENT_RULES, scan.text)


# --- paid training and training loans -----------------------------------------------

_TRAIN_NEG = negated_list(
    r"不|无|免|零|0|没有|拒绝|禁止|严禁|不得|杜绝|绝不|无需|无须|不需|不用|不会",
    r"(?:培训费|学费|费用|贷款|分期|培训贷)",
    verbs=r"收取?|交纳?|缴纳?|付|支付|需要?|须|用|要|办理?|涉及|存在",
)

TRAINING_RULES: tuple[PatternRule, ...] = (
    PatternRule(
        "training_loan",
        re.compile(
            r"培训贷|学费贷|招转培|贷款(?:培训|学习|上课|学技术)|"
            rf"(?:培训|学习|学费|课程|培训费)(?:费用)?[{CJK}]{{0,4}}?(?:分期|贷款|网贷|借贷|花呗|借呗|白条)(?:分期|贷款)?|"
            r"(?:办理分期|办理贷款|分期付款|花呗|借呗|白条|网贷|贷款)(?:支付|付|缴纳|交)?(?:培训|学费|课程)|"
            r"(?:岗前|入职前?|上岗前)(?:需)?(?:自费|付费|缴费|交费)(?:培训|学习)|付费(?:培训|实习|上岗)|"
            r"先培训后(?:上岗|入职|就业)[^,。;]{0,10}(?:费|钱|元|分期)|"
            r"(?:培训|学习)(?:合格|结业|完成)?后(?:推荐|安排|分配)(?:工作|就业|上岗)[^,。;]{0,10}(?:费|元)"
        ),
        veto_before=_TRAIN_NEG,
        # 创业担保贷款 after a start-up course is a public subsidy, not a loan for the course
        veto_clause=re.compile(r"创业|贴息|担保贷款"),
    ),
    PatternRule(
        "training_loan",
        re.compile(
            r"(?:培训费|学费|培训费用|课程费)(?::?\d+元?)?(?:需|须|由)?(?:学员|个人|本人|应聘者|求职者|自己)?"
            r"(?:自理|自费|自付|承担|缴纳|交纳|交|缴|支付|分期|贷款)|"
            r"(?:交|缴|支付|缴纳|交纳|预交)\d*元?(?:的)?(?:培训费|学费|课程费)"
        ),
        veto_before=_TRAIN_NEG,
        veto_clause=_EMPLOYER_PAYS,
    ),
    # A priced course in a job posting is a price for the applicant: "培训费3800元".
    PatternRule(
        "training_loan",
        re.compile(r"(?:培训费|学费)(?:用)?(?:为|是)?:?\d+(?:元|块)"),
        veto_before=_TRAIN_NEG,
        # ... unless the employer pays, or the post sells courses to customers.
        veto_clause=re.compile(_EMPLOYER_PAYS.pattern + r"|销售|顾问|招生|客户|收取学员|开具发票"),
    ),
)


def check_training(scan: Scan) -> list[Hit]:
    """training_loan: steering applicants into paid training or loans ("招转培", "培训贷").

    "免费培训", "带薪培训", "专业培训" (a benefit) and "培训费由公司承担" never match.
    Legal source: 人社厅发〔2025〕60号 [secondary source]; 劳动合同法 §9.
    """
    return run_rules(TRAINING_RULES, scan.text)


# --- placement hype -------------------------------------------------------------------

PLACEMENT_RULES: tuple[PatternRule, ...] = (
    PatternRule(
        "placement_hype",
        re.compile(
            r"保录(?:取)?|包录取?|保过|包过(?![年节夜])|包分配|包就业|保就业|包上岗|保上岗|包安排工作|包推荐工作|"
            r"保证(?:录取|入职|就业|上岗|入编|分配|通过)|百分之?百(?:录取|入职|就业|上岗|通过|入编)|"
            r"100%(?:录取|入职|就业|上岗|通过|保录|入编)|(?:包|保|保证|确保|直接)入编|入编(?:名额|指标|费)|"
            r"内部(?:名额|指标)|花钱(?:入编|进|内推|买编)|(?:付费|有偿|收费)内推|内推费|内推(?:保|包)(?:过|录|进)|"
            r"(?:找关系|托关系|走关系)(?:入职|安排|进)?"
        ),
        veto_before=re.compile(
            r"(?:不|不会|不承诺|不可能|绝不|没有|无|谨防|警惕|小心|谨慎)[" + CJK + r"]{0,2}$"
        ),
    ),
)


def check_placement(scan: Scan) -> list[Hit]:
    """placement_hype: promises of guaranteed hiring ("保录", "包分配", "包入编", "内部名额").

    "包吃住", "包过年车票" and warnings ("谨防保录骗局") never match; an ordinary employee
    referral ("可内推") is not flagged, only paid or guaranteed 内推.
    Legal source: 人社厅发〔2025〕60号 [secondary source]; 人力资源市场暂行条例 §24.
    """
    return run_rules(PLACEMENT_RULES, scan.text)


# --- pyramid schemes ------------------------------------------------------------------

PYRAMID_RULES: tuple[PatternRule, ...] = (
    PatternRule(
        "pyramid_scheme",
        re.compile(
            r"拉人头|发展下线|下线(?:提成|返利|奖励|分成)|(?:上线|下线)(?:制度|模式)|团队计酬|"
            r"层级(?:返利|提成|奖励|分成)|(?:三|多)级分销|资金盘|入门费|人头费|伞下|"
            r"(?:(?:需|须|要|必须)先?|先)(?:自行)?(?:购买|认购|买)(?:公司)?(?:的)?(?:产品|套餐|会员|商品|股份|加盟)|"
            r"直推(?:奖|奖励|提成|收益)|(?:推荐|拉|发展)\d+(?:个)?人(?:即可)?(?:升级|晋升|晋级|成为|当上)|"
            r"纯资本运作|1040(?:阳光)?工程|五级三晋|(?:按|根据)(?:发展|拉来|推荐)(?:的)?(?:人数|人员数量)(?:计酬|返利|提成)"
        ),
        veto_before=re.compile(
            r"(?:不|无|没有|绝不|拒绝|谨防|警惕|远离|识别|严禁|禁止)[" + CJK + r"]{0,2}$"
        ),
    ),
)


def check_pyramid(scan: Scan) -> list[Hit]:
    """pyramid_scheme: pay by recruits, buy-in to join, team-based pay ("发展下线", "团队计酬").

    An employee referral bonus ("推荐入职奖励500元") is lawful and never matches.
    Legal source: 禁止传销条例 §7; 人力资源市场暂行条例 §24.
    """
    return run_rules(PYRAMID_RULES, scan.text)


# --- task scams -----------------------------------------------------------------------

_SCAM_NEG = re.compile(
    rf"(?:不|无需|无须|不需|不用|绝不|没有|拒绝|谨防|警惕|远离|识别|严禁|禁止|防范)[{CJK}]{{0,2}}$"
)

TASK_RULES: tuple[PatternRule, ...] = (
    PatternRule(
        "task_scam",
        re.compile(
            r"刷单|刷信誉|刷好评|刷销量|刷流量|刷评论|刷粉|刷点击|"
            r"(?:点赞|关注|评论|收藏|转发)(?:员|任务|兼职|赚钱|赚佣金|返现|返佣)|"
            rf"(?:做任务|完成任务|接任务)[{CJK}]{{0,4}}?(?:返|佣金|赚|提现)|返佣|"
            rf"(?:充值|押单)[{CJK}]{{0,6}}?(?:返|任务|佣金)|"
            r"(?:日赚|一天赚|每天赚|轻松赚|躺赚)\d{3,}|躺赚|"
            r"境外高薪|出国高薪|海外高薪|"
            rf"(?:缅甸|柬埔寨|迪拜|菲律宾|老挝|妙瓦底)[{CJK}]{{0,6}}?(?:高薪|月入|月薪过?万)|跑分|"
            r"(?:出借|出租|出售|收购|租用|借用)(?:个人)?(?:的)?(?:银行卡|电话卡|手机卡|对公账户|营业执照|微信号|支付宝)|"
            r"手机(?:兼职|赚钱|挂机)|在家(?:轻松)?(?:赚钱|日赚|月入)|打字(?:员)?兼职"
        ),
        veto_before=_SCAM_NEG,
    ),
    # An advance paid by the applicant; "公司垫付车费" is the employer paying.
    PatternRule(
        "task_scam",
        re.compile(
            r"(?:需|须|要|先|自行|个人|本人|自己)(?:先)?垫(?:付|资|钱)|(?<!公司)垫付(?:本金|货款|任务款)"
        ),
        veto_before=_SCAM_NEG,
    ),
)


def check_task_scam(scan: Scan) -> list[Hit]:
    """task_scam: 刷单, paid "tasks", advances, lending bank cards, "境外高薪".

    "日结" pay for real work, "电商好评维护" and "公司垫付车费" never match.
    Legal source: 人力资源市场暂行条例 §24; 人社厅发〔2025〕60号 [secondary source].
    """
    return run_rules(TASK_RULES, scan.text)
