"""The bureau's acts as rules (pure): 失业登记 and 就业困难人员认定.

What may be refused and why, what proves each difficulty category, when a 认定 runs out or is
due for review, and when its basis has gone. Every parameter comes from the region profile
(``unemployment_registration.residence``, ``certification.evidence``, ``certification.terms``),
dated and sourced like the engine's. The web layer stores the acts and their events; this
module only decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .dates import add_months, completed_years, zh_date
from .facts import CATEGORY_ZH as RETIREMENT_ZH
from .facts import Gender, PersonFacts, RetirementCategory
from .groups import CATEGORY_ZH
from .profiles import Profile
from .retirement import evaluate_retirement

# --- 失业登记 ---------------------------------------------------------------------------------

REGISTRATION_STATUSES = {
    "applied": "已申请，待办理",
    "registered": "已登记失业",
    "refused": "不予登记",
    "withdrawn": "本人已撤回申请",
    "ended": "已注销",
}
RESIDENCE_LABELS = {"hukou": "户籍地", "residence": "常住地（居住证或居住登记）"}
# What proves 常住地 (``unemployment_registration.residence_evidence`` lists a region's).
RESIDENCE_EVIDENCE = {"residence_permit": "居住证", "residence_registration": "居住登记凭证"}
# Refusal reasons: the first four are checked by the rules, the others are the staff's finding.
REGISTRATION_REFUSALS = {
    "under_age": "未满16周岁，不在法定劳动年龄内",
    "retired": "已达到法定退休年龄",
    "not_resident": "户籍地和常住地均不在本地区，或本地区不接受该居住类型的登记",
    "already_registered": "已有有效的失业登记",
    "employed": "处于就业状态（单位就业、灵活就业或自主创业）",
    "in_school": "全日制在校学生",
    "no_work_wish": "无劳动能力或无就业意愿",
    "documents": "证明材料不全或与本人情况不符",
}
CHECKED_REFUSALS = ("under_age", "retired", "not_resident", "already_registered")
REGISTRATION_ENDS = {
    "hired_platform": "通过平台录用就业",
    "employment_registration": "已办理就业登记",
    "own_request": "本人申请注销",
}
# Ends that mean the person found work (a 认定 ends some months after them).
EMPLOYMENT_ENDS = ("hired_platform", "employment_registration")


# How a 《就业创业证》 may be numbered: ``unemployment_registration.certificate_number`` in the
# profile lists the formats a region accepts (dated, with what was and was not found).
CERTIFICATE_FORMATS = {
    "issued": "{digits}位数字（前6位为发证地行政区划代码）",
    "id_number": "本人的公民身份号码",
}
# GB/T 2260 province-level codes: the first two digits of every 行政区划代码.
PROVINCE_CODES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)


def certificate_problem(
    number: str, on: date, profile: Profile, *, own_id_number: str | None, is_id_number: bool
) -> str | None:
    """What is wrong with a 《就业创业证》 number (already normalised: ASCII digits, upper
    case, no spaces) under the region's rule on ``on``, as the field's message; ``None`` when
    it is accepted. ``is_id_number``: the number is a valid 公民身份号码 (GB 11643), which is
    accepted only as the person's own."""
    rule = profile.value("unemployment_registration.certificate_number", on)
    formats = rule["formats"]
    digits = tuple(rule.get("issued_digits", ()))
    said = "，或".join(
        CERTIFICATE_FORMATS[f].format(digits="或".join(str(d) for d in digits)) for f in formats
    )
    wrong = f"《就业创业证》编号应为{said}"
    if is_id_number:
        if "id_number" not in formats:
            return wrong
        if number != own_id_number:
            return "《就业创业证》编号是他人的公民身份号码：以身份证号作证号的，应为本人身份证号"
        return None
    issued = number.isascii() and number.isdigit() and len(number) in digits
    if "issued" in formats and issued and number[:2] in PROVINCE_CODES:
        return None
    return wrong


@dataclass(frozen=True)
class RegistrationCheck:
    """What the rules find against registering a person on ``on``: refusal codes with the
    sentence that explains each (empty when nothing stands in the way)."""

    refusals: tuple[tuple[str, str], ...]

    @property
    def ok(self) -> bool:
        return not self.refusals


def check_registration(
    person: PersonFacts,
    on: date,
    profile: Profile,
    *,
    residence: str | None,
    in_region: bool,
    already_registered: bool,
    residence_evidence_until: date | None = None,
) -> RegistrationCheck:
    """The rules' checks for 失业登记: working age, the residence condition of the profile
    (户籍地, and 常住地 where the profile allows it, proven by a 居住证 or the region's residence
    registration still valid on ``on``), no live registration already.

    Source: 就业促进法 / 《就业服务与就业管理规定》 [G]; 意见 第（十四）项 (常住地) [V].
    """
    found: list[tuple[str, str]] = []
    age = completed_years(person.birth_date, on)
    minimum = profile.value("working_age.min_years", on)
    if age < minimum:
        found.append(("under_age", f"办理日{age}周岁，未满{minimum}周岁。"))
    retirement = evaluate_retirement(person, profile, on)
    if on >= retirement.date:
        found.append(("retired", f"已于{zh_date(retirement.date)}达到法定退休年龄。"))
    allowed = profile.value("unemployment_registration.residence", on)
    if residence not in allowed or not in_region:
        names = "或".join(RESIDENCE_LABELS[r] for r in allowed)
        said = RESIDENCE_LABELS.get(residence or "", "未说明")
        where = "在本地区" if in_region else "不在本地区"
        found.append(
            ("not_resident", f"居住依据为{said}，{where}；本地区受理{names}在本地区的人员。")
        )
    elif residence == "residence":
        if residence_evidence_until is None:
            found.append(("not_resident", "按常住地登记须有居住证（或居住登记），未登记其有效期。"))
        elif residence_evidence_until < on:
            found.append(
                (
                    "not_resident",
                    f"居住证（或居住登记）已于{zh_date(residence_evidence_until)}到期，"
                    "按常住地登记须在有效期内。",
                )
            )
    if already_registered:
        found.append(("already_registered", "本人已有有效的失业登记，不重复登记。"))
    return RegistrationCheck(tuple(found))


def residence_evidence_kinds(on: date, profile: Profile) -> tuple[str, ...]:
    """What proves 常住地 in the region on ``on`` (keys of RESIDENCE_EVIDENCE)."""
    return tuple(profile.value("unemployment_registration.residence_evidence", on))


# --- 就业困难人员认定 -------------------------------------------------------------------------

CERTIFICATION_STATUSES = {
    "applied": "已申请，待认定",
    "certified": "已认定",
    "refused": "不予认定",
    "withdrawn": "本人已撤回申请",
    "ended": "已退出",
}
CATEGORY_DECISIONS = {
    "pending": "待审核",
    "approved": "认定",
    "refused": "不予认定",
    "withdrawn": "本人撤回",
    "ended": "已退出",
}
EVIDENCE_LABELS = {
    "id_number": "身份证号（系统按出生日期计算年龄）",
    "registration": "失业登记记录（系统按登记日期计算）",
    "disability_card": "残疾人证（证号）",
    "imported_list": "其他部门导入的名单（如民政部门低保名单）",
    "document": "证明材料（纸质或电子证明）",
    "household_record": "零就业家庭户记录",
}
# Evidence the platform computes itself: staff need not type a reference for it.
COMPUTED_EVIDENCE = ("id_number", "registration")
CATEGORY_REFUSALS = {
    "evidence_missing": "未提供该类别所需的证明",
    "evidence_invalid": "证明无效、已过期或与本人不符",
    "not_in_list": "导入名单中查无本人",
    "condition_not_met": "不符合该类别的认定条件",
}
CERTIFICATION_ENDS = {
    "employed": "就业已满规定月数",
    "retired": "已达到法定退休年龄",
    "evidence_expired": "认定依据的证明已过期",
    "expired": "认定有效期届满",
    "review_failed": "复核不再符合条件",
    "own_request": "本人申请退出",
}


def category_label(code: str) -> str:
    return CATEGORY_ZH.get(code, code)


def evidence_kinds(code: str, on: date, profile: Profile) -> tuple[str, ...]:
    """The evidence that can prove category ``code`` on ``on`` (any one of them)."""
    table = profile.value("certification.evidence", on)
    return tuple(table.get(code, ()))


@dataclass(frozen=True)
class Terms:
    valid_until: date
    review_on: date


def certification_terms(certified_on: date, profile: Profile) -> Terms:
    """Validity and first review date of a 认定 made on ``certified_on`` (profile's months)."""
    terms = profile.value("certification.terms", certified_on)
    return Terms(
        valid_until=add_months(certified_on, terms["validity_months"]),
        review_on=add_months(certified_on, terms["review_months"]),
    )


def next_review(reviewed_on: date, valid_until: date, profile: Profile) -> date:
    terms = profile.value("certification.terms", reviewed_on)
    return min(add_months(reviewed_on, terms["review_months"]), valid_until)


@dataclass(frozen=True)
class CertifiedCategory:
    code: str
    evidence_valid_until: date | None  # None: the evidence does not expire


@dataclass(frozen=True)
class LiveCertification:
    """What the daily job knows of one live 认定."""

    person: PersonFacts  # birth date, gender, retirement category
    valid_until: date
    review_on: date
    categories: tuple[CertifiedCategory, ...]
    employed_since: date | None  # the registration ended because the person found work


@dataclass(frozen=True)
class Lapse:
    """The daily job's verdict on a 认定: end it (``reason`` a key of CERTIFICATION_ENDS,
    ``text`` the sentence logged), end some categories only, or nothing; due for review."""

    reason: str | None
    text: str
    ended_categories: tuple[str, ...]
    review_due: bool


def lapse(cert: LiveCertification, today: date, profile: Profile) -> Lapse:
    """Whether a live 认定's basis has gone on ``today``.

    Ends it when the person has been in work for more than the profile's months
    (``end_after_employed_months`` after the registration ended with a job), has reached the
    legal retirement date, every certified category's evidence has expired, or its validity
    has run out. A category whose own evidence expired ends alone while others remain.
    Due for review when ``today`` is on or after the review date.
    """
    terms = profile.value("certification.terms", today)
    retirement = evaluate_retirement(cert.person, profile, today)
    if today >= retirement.date:
        if retirement.category_defaulted and retirement.category is not RetirementCategory.MALE:
            # a woman's 退休类别 decides between dates years apart: a date computed from the
            # profile's default is not enough to end a legal act, so staff check it first
            text = (
                f"未记录退休类别，按{RETIREMENT_ZH[retirement.category]}计算已于"
                f"{zh_date(retirement.date)}达到法定退休年龄：请核实退休类别后复核。"
            )
            return Lapse(None, text, (), True)
        text = f"已于{zh_date(retirement.date)}达到法定退休年龄。"
        return Lapse("retired", text, (), False)
    if cert.employed_since is not None:
        months = terms["end_after_employed_months"]
        limit = add_months(cert.employed_since, months)
        if today > limit:
            text = (
                f"自{zh_date(cert.employed_since)}起就业，已超过{months}个月（{zh_date(limit)}）。"
            )
            return Lapse("employed", text, (), False)
    if today > cert.valid_until:
        return Lapse("expired", f"认定有效期已于{zh_date(cert.valid_until)}届满。", (), False)
    expired = tuple(
        c.code
        for c in cert.categories
        if c.evidence_valid_until is not None and today > c.evidence_valid_until
    )
    if expired and len(expired) == len(cert.categories):
        names = "、".join(category_label(c) for c in expired)
        return Lapse("evidence_expired", f"{names}的证明已过期。", expired, False)
    return Lapse(None, "", expired, today >= cert.review_on)


def older_worker_holds(person: PersonFacts, on: date, profile: Profile) -> bool:
    limits = profile.value("older_worker.min_age", on)
    limit = limits["female" if person.gender is Gender.FEMALE else "male"]
    return completed_years(person.birth_date, on) >= limit
