"""The facts about a person that the policy engine reads (the contract's ``person`` object).

The first block of fields is exactly the ``person`` object of ``POST /api/v1/policy/evaluate``
(issue 3). The second block holds optional employer-side facts used only by the unit-side
subsidies (``si_unit_*``, ``job_expansion_once``) and by the 公益性岗位 placement cap; each has
a default that leaves the person's own qualification to decide, and the reasons then state the
condition the employer still has to meet.

A calculation "as of" a date describes a *prospective hire on that date*: the person's facts
are those of the job seeker before hiring, and ``as_of`` is the hire (就业登记) date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


class RetirementCategory(StrEnum):
    """The three categories of the 2025 retirement reform (原法定退休年龄 60 / 55 / 50)."""

    MALE = "male"
    FEMALE_CADRE = "female_cadre"
    FEMALE_WORKER = "female_worker"


class Education(StrEnum):
    NONE = "none"
    PRIMARY = "primary"
    JUNIOR_MIDDLE = "junior_middle"
    SENIOR_HIGH = "senior_high"
    SECONDARY_VOCATIONAL = "secondary_vocational"
    JUNIOR_COLLEGE = "junior_college"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTOR = "doctor"


class EmploymentStatus(StrEnum):
    UNEMPLOYED = "unemployed"
    FLEXIBLE = "flexible"
    EMPLOYED = "employed"
    SELF_EMPLOYED = "self_employed"


GENDER_ZH = {Gender.MALE: "男性", Gender.FEMALE: "女性"}

CATEGORY_ZH = {
    RetirementCategory.MALE: "男职工",
    RetirementCategory.FEMALE_CADRE: "原法定退休年龄55周岁的女职工",
    RetirementCategory.FEMALE_WORKER: "原法定退休年龄50周岁的女职工",
}

EDUCATION_ZH = {
    Education.NONE: "未受过学校教育",
    Education.PRIMARY: "小学",
    Education.JUNIOR_MIDDLE: "初中",
    Education.SENIOR_HIGH: "高中",
    Education.SECONDARY_VOCATIONAL: "中专（中职）",
    Education.JUNIOR_COLLEGE: "大专（高职）",
    Education.BACHELOR: "大学本科",
    Education.MASTER: "硕士研究生",
    Education.DOCTOR: "博士研究生",
}

STATUS_ZH = {
    EmploymentStatus.UNEMPLOYED: "失业",
    EmploymentStatus.FLEXIBLE: "灵活就业",
    EmploymentStatus.EMPLOYED: "单位就业（在职）",
    EmploymentStatus.SELF_EMPLOYED: "自主创业（个体经营）",
}


@dataclass(frozen=True)
class PersonFacts:
    """A person's facts, as given by the person, a caseworker or a stored seeker record.

    Contract fields (issue 3): ``birth_date`` and ``gender`` are required; the booleans default
    to false; ``retirement_category`` ``None`` means "use the default" (``male`` for men, the
    region profile's default for women); ``monthly_contribution`` is what the person pays each
    month as a flexible worker (养老+医疗), in yuan.

    Extra, optional facts (not in the issue's contract, documented here):

    - ``unit_monthly_contribution``: yuan the employer would pay each month for this worker's
      养老+医疗+失业 insurance, *unit share only*. The unit-side social-insurance subsidies pay
      exactly this amount, so without it no amount can be set and they are not granted (the
      reasons say the person's side is met; :attr:`SubsidyResult.person_qualifies` is true).
    - ``employer_is_sme``: ``None`` = unknown (the 小微企业 condition is stated as a condition
      still to meet); ``False`` rules out ``si_unit_graduate_sme``.
    - ``contract_months``: length of the labour contract offered; ``None`` = unknown (stated as
      a condition); ``0`` = no labour contract.
    - ``employer_is_public_institution``: 机关事业单位 are excluded from 一次性扩岗补助;
      ``None`` = unknown (stated as a condition).
    - ``adult_education_graduate``: graduated through 函授/成人教育 (excluded from 扩岗补助's
      graduate route).
    - ``job_expansion_claimed``: an employer already claimed 一次性扩岗补助 for this person
      (one claim per person).
    - ``public_welfare_placements``: how many 公益性岗位 placements the person has had (some
      regions cap the total).
    - ``traineeship_months``: the term of a 就业见习 placement the person takes up on the date
      evaluated (a host unit's hire into a 见习 post); ``None`` = no placement yet.
    - ``minimum_monthly_wage`` and ``minimum_wage_source``: the local 月最低工资标准 in force on
      that date and where it comes from; the 见习 allowance may not be below it.
    """

    birth_date: date
    gender: Gender
    retirement_category: RetirementCategory | None = None
    education: Education | None = None
    graduation_date: date | None = None
    employment_status: EmploymentStatus | None = None
    employment_since: date | None = None
    unemployment_registered_since: date | None = None
    is_veteran: bool = False
    disabled: bool = False
    low_income_household: bool = False
    zero_employment_household: bool = False
    land_expropriated: bool = False
    single_parent: bool = False
    receiving_unemployment_benefit: bool = False
    monthly_contribution: Decimal | None = None
    subsidy_first_approved_on: date | None = None
    # Employer-side and history facts (optional extras, see the class docstring).
    unit_monthly_contribution: Decimal | None = None
    employer_is_sme: bool | None = None
    contract_months: int | None = None
    employer_is_public_institution: bool | None = None
    adult_education_graduate: bool = False
    job_expansion_claimed: bool = False
    public_welfare_placements: int = 0
    traineeship_months: int | None = None
    minimum_monthly_wage: Decimal | None = None
    minimum_wage_source: str = ""
    # The bureau's acts (issue 15). ``None``: a calculation from declared facts (the 政策计算器,
    # the API's evaluate); the flags above then count as stated. A tuple: the person's record,
    # where only the categories of a live 就业困难人员认定 hold, each as (code, certified on,
    # the 认定's number); a declared flag or a computed condition without one is 待认定.
    certified_categories: tuple[tuple[str, date, int], ...] | None = None

    def __post_init__(self) -> None:
        # Services build facts from stored rows holding plain strings and floats; coercing
        # here keeps every rule working on one set of types.
        coerce = {
            "gender": Gender,
            "retirement_category": RetirementCategory,
            "education": Education,
            "employment_status": EmploymentStatus,
        }
        for name, enum_type in coerce.items():
            value = getattr(self, name)
            if value is not None and not isinstance(value, enum_type):
                object.__setattr__(self, name, enum_type(value))
        for name in ("monthly_contribution", "unit_monthly_contribution", "minimum_monthly_wage"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Decimal):
                object.__setattr__(self, name, Decimal(str(value)))
