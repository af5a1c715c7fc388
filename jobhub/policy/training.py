"""职业培训补贴 and 培训期间生活费补贴 (issue 19).

Who: the routes listed in ``vocational_training.routes`` (default: 离校2年内未就业高校毕业生 incl.
毕业年度, 城镇登记失业人员, 就业困难人员). 财社〔2023〕181号 names 毕业年度高校毕业生, 城乡未继续升学
的应届初高中毕业生, 农村转移就业劳动者 and 城镇登记失业人员; the platform records only the facts of
the first and the last, and the 就业困难人员 route is a common local extension [L].

What: a one-off sum per certificate level obtained (初级/中级/高级 职业技能等级证书), from the
region's table ``vocational_training.amount``, never more than the fee actually charged, and
only for a course on the bureau's 补贴培训目录 (先培训、后补贴: claimed after the certificate).

生活费补贴: for the difficulty categories listed in ``training_living_allowance.categories``
(default 就业困难人员 of any category, 零就业家庭成员, 城乡低保家庭成员): a daily rate for each
training day (course hours ÷ hours per day, rounded up), capped at ``max_days``; paid with the
training subsidy, so it needs the same course and certificate.

Without a course (政策计算器, 我能享受的政策) the rules answer whether the person's side holds and
list the region's amounts; :func:`training_subsidies` answers for one course.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .facts import EmploymentStatus, PersonFacts
from .groups import Situation, situation
from .profiles import Profile, RuleNotInForce, load_profile
from .results import SubsidyResult
from .retirement import evaluate_retirement
from .terms import CENT, granted, not_in_force, refused, yuan

LEVELS = ("junior", "intermediate", "senior")
LEVEL_ZH = {"junior": "初级（五级）", "intermediate": "中级（四级）", "senior": "高级（三级）"}
ROUTE_ZH = {
    "graduate_within_2y": "离校2年内未就业高校毕业生（含毕业年度）",
    "registered_unemployed": "城镇登记失业人员",
    "employment_difficulty": "就业困难人员",
}


@dataclass(frozen=True)
class CourseFacts:
    """One course as the subsidy rules read it; ``certificate_level`` is the level of the
    certificate obtained (``None`` while the course is not completed with one)."""

    title: str
    level: str
    fee: Decimal
    hours: int
    subsidised: bool
    certificate_level: str | None = None

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"unknown level {self.level!r}")
        if self.certificate_level is not None and self.certificate_level not in LEVELS:
            raise ValueError(f"unknown certificate level {self.certificate_level!r}")
        if not isinstance(self.fee, Decimal):
            object.__setattr__(self, "fee", Decimal(str(self.fee)))


@dataclass(frozen=True)
class TrainingEstimate:
    """The two subsidies for one person and one course, with the sums they come to."""

    training: SubsidyResult
    living: SubsidyResult
    training_amount: Decimal | None
    living_amount: Decimal | None

    @property
    def total(self) -> Decimal:
        return (self.training_amount or Decimal(0)) + (self.living_amount or Decimal(0))


def _route(sit: Situation) -> tuple[str | None, list[str]]:
    """The first listed route the person is on, and the reasons (met or not)."""
    person = sit.person
    tried: list[str] = []
    for route in sit.param("vocational_training.routes"):
        if route == "registered_unemployed":
            since = person.unemployment_registered_since
            if person.employment_status is EmploymentStatus.UNEMPLOYED and since is not None:
                return route, [f"自{since:%Y年%m月%d日}起办理失业登记，属于城镇登记失业人员。"]
            tried.append("未办理失业登记（或当前不是失业状态），不属于城镇登记失业人员。")
        else:
            finding = sit.groups[route]
            if finding.holds:
                return route, list(finding.reasons)
            tried.append(f"不属于{ROUTE_ZH[route]}。")
    return None, tried


def _amount_table(sit: Situation) -> str:
    table = sit.param("vocational_training.amount")
    return "、".join(f"{LEVEL_ZH[level]}{yuan(table[level])}" for level in LEVELS)


def _living_days(sit: Situation, hours: int) -> tuple[int, str]:
    per_day = sit.param("training_living_allowance.hours_per_day")
    longest = sit.param("training_living_allowance.max_days")
    days = -(-hours // per_day)
    if days <= longest:
        return days, f"课程{hours}学时，按每天{per_day}学时折合{days}天"
    return longest, f"课程{hours}学时，按每天{per_day}学时折合{days}天，最多补贴{longest}天"


def vocational_training(sit: Situation, course: CourseFacts | None = None) -> SubsidyResult:
    """职业培训补贴: by route, certificate level and the region's amount per level, capped at
    the fee; only courses on the bureau's 补贴培训目录. Source: 财社〔2023〕181号 [V/L]; 意见
    第（七）项 (健全终身职业技能培训制度)."""
    code = "vocational_training"
    try:
        table = sit.param(f"{code}.amount")
    except RuleNotInForce as exc:
        return not_in_force(sit, code, exc.key)
    route, reasons = _route(sit)
    if route is None:
        head = "职业培训补贴对象为" + "、".join(ROUTE_ZH[r] for r in sit.param(f"{code}.routes"))
        return refused(sit, code, [head + "，本人均不符合。", *reasons], person_qualifies=False)
    if course is None:
        reasons.append(
            f"参加人社部门补贴培训目录内的课程并取得职业技能等级证书后，按证书等级补贴：{_amount_table(sit)}，"
            "且不超过实际缴纳的培训费（先培训、后补贴）。"
        )
        return granted(sit, code, reasons, None, None)
    if not course.subsidised:
        text = f"课程“{course.title}”不在人社部门公布的补贴培训目录内，不能享受职业培训补贴。"
        return refused(sit, code, [*reasons, text], person_qualifies=True)
    if course.certificate_level is None:
        level = course.level
        amount = min(table[level], course.fee).quantize(CENT, ROUND_HALF_UP)
        reasons.append(
            f"课程为{LEVEL_ZH[level]}，培训费{yuan(course.fee)}；取得{LEVEL_ZH[level]}职业技能等级证书后"
            f"可申请补贴{yuan(amount)}（本地区标准{yuan(table[level])}，不超过实际培训费）。"
        )
        return granted(sit, code, reasons, None, amount)
    level = course.certificate_level
    amount = min(table[level], course.fee).quantize(CENT, ROUND_HALF_UP)
    reasons.append(
        f"已取得{LEVEL_ZH[level]}职业技能等级证书，本地区标准{yuan(table[level])}，培训费"
        f"{yuan(course.fee)}，补贴不超过实际培训费，可补贴{yuan(amount)}。"
    )
    return granted(sit, code, reasons, None, amount)


def training_living_allowance(sit: Situation, course: CourseFacts | None = None) -> SubsidyResult:
    """培训期间生活费补贴 for the categories the region lists (default 就业困难人员, 零就业家庭成员,
    城乡低保家庭成员): a daily rate per training day, capped. Paid with 职业培训补贴, so the same
    course conditions apply. Source: 职业技能提升行动方案（国办发〔2019〕24号）[G]; 意见 第（七）项."""
    code = "training_living_allowance"
    try:
        per_day = sit.param(f"{code}.per_day")
        wanted = sit.param(f"{code}.categories")
    except RuleNotInForce as exc:
        return not_in_force(sit, code, exc.key)
    held = [c for c in wanted if c == "employment_difficulty" and sit.groups[c].holds]
    held += [c for c in wanted if c in sit.categories and sit.categories[c].holds]
    names = {"employment_difficulty": "就业困难人员"}
    listed = "、".join(names.get(c) or sit.categories[c].name for c in wanted)
    if not held:
        text = f"培训期间生活费补贴对象为{listed}，本人不属于。"
        return refused(sit, code, [text], person_qualifies=False)
    first = held[0]
    reasons = [f"属于{names.get(first) or sit.categories[first].name}，培训期间可享受生活费补贴。"]
    training = vocational_training(sit, course)
    if not training.eligible:
        reasons.append(
            "生活费补贴与职业培训补贴一并申领，本次不符合职业培训补贴：" + training.reasons[-1]
        )
        return refused(sit, code, reasons, person_qualifies=True)
    if course is None:
        reasons.append(
            f"按培训天数每天{yuan(per_day)}补贴（每天"
            f"{sit.param(f'{code}.hours_per_day')}学时折合1天，最多"
            f"{sit.param(f'{code}.max_days')}天），与职业培训补贴一并申领。"
        )
        return granted(sit, code, reasons, None, None)
    days, text = _living_days(sit, course.hours)
    amount = (per_day * days).quantize(CENT, ROUND_HALF_UP)
    reasons.append(f"{text}，每天{yuan(per_day)}，合计{yuan(amount)}。")
    return granted(sit, code, reasons, None, amount)


def training_subsidies(
    person: PersonFacts, as_of: date, course: CourseFacts, profile: Profile | str = "default"
) -> TrainingEstimate:
    """Both training subsidies for one person and one course on ``as_of``. The amount of a
    granted result is in ``monthly_amount_cap`` (a one-off sum, ``months`` stays ``None``)."""
    if isinstance(profile, str):
        profile = load_profile(profile)
    sit = situation(person, as_of, profile, evaluate_retirement(person, profile, as_of))
    training = vocational_training(sit, course)
    living = training_living_allowance(sit, course)
    return TrainingEstimate(
        training=training,
        living=living,
        training_amount=training.monthly_amount_cap if training.eligible else None,
        living_amount=living.monthly_amount_cap if living.eligible else None,
    )
