"""政策计算器: anyone can check what support a person qualifies for, with reasons and basis."""

from __future__ import annotations

from flask import Blueprint, render_template

from jobhub.access import PUBLIC, allow
from jobhub.calculator.forms import CalculatorForm
from jobhub.policy import (
    PolicyInputError,
    available_profiles,
    evaluate,
    evaluation_to_json,
    parse_request,
)
from jobhub.policy.dates import today_in_china
from jobhub.webforms import choices

bp = Blueprint("calculator", __name__, url_prefix="/policy")

PROFILE_LABELS = {"default": "全国通用规则（默认）", "sample_county": "示例县（地方规则）"}

SUBSIDY_NAMES = {
    "si_flexible_difficulty": "就业困难人员灵活就业社会保险补贴",
    "si_flexible_graduate": "高校毕业生灵活就业社会保险补贴",
    "si_unit_difficulty": "用人单位招用就业困难人员社会保险补贴",
    "si_unit_graduate_sme": "小微企业招用高校毕业生社会保险补贴",
    "job_expansion_once": "一次性扩岗补助",
    "public_welfare_post": "公益性岗位安置",
    "traineeship": "就业见习",
    "vocational_training": "职业培训补贴",
    "training_living_allowance": "培训期间生活费补贴",
}


@bp.route("/calculator", methods=["GET", "POST"])
@allow(PUBLIC)
def calculator():
    form = CalculatorForm()
    form.region.choices = choices((p, PROFILE_LABELS.get(p, p)) for p in available_profiles())
    result = None
    if form.validate_on_submit():
        try:
            person, as_of, region = parse_request(form.to_request())
        except PolicyInputError as exc:
            form.attach_errors(exc.fields)
        else:
            result = evaluation_to_json(evaluate(person, as_of, region), details=True)
    elif not form.is_submitted():
        form.as_of.data = today_in_china().isoformat()
    return render_template("calculator/index.html", form=form, result=result, names=SUBSIDY_NAMES)
