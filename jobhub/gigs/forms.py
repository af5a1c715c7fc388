"""Gig forms: posting (by an employer or by staff for a caller) and the after-gig steps."""

from __future__ import annotations

from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from jobhub.gigs.models import PAY_METHODS
from jobhub.stations.forms import street_choices
from jobhub.webforms import CoreCheckedSelect as SelectField
from jobhub.webforms import Form, NumberField, WholeNumberField, choices


class GigForm(Form):
    title = StringField("零工名称", validators=[DataRequired("请填写零工名称"), Length(max=120)])
    trade = StringField("工种", validators=[DataRequired("请填写工种"), Length(max=40)])
    employer_name = StringField("用工方", validators=[Length(max=120)])
    description = TextAreaField(
        "工作内容", validators=[Length(max=2000, message="工作内容最多 2000 个字")]
    )
    skills = StringField("技能要求")
    work_date = StringField("用工日期", validators=[DataRequired("请填写用工日期")])
    start_time = StringField("开始时间", validators=[DataRequired("请填写开始时间")])
    end_time = StringField("结束时间", validators=[DataRequired("请填写结束时间")])
    address = StringField("工作地点", validators=[DataRequired("请填写工作地点"), Length(max=200)])
    street_code = SelectField("所在街道（乡镇）")
    pay_amount = NumberField(
        "报酬（元）",
        places=2,
        validators=[
            InputRequired("请填写报酬"),
            NumberRange(0.01, 100000, "报酬应在 0.01 到 100000 元之间"),
        ],
    )
    pay_unit = SelectField("报酬单位", choices=choices([("day", "元/天"), ("hour", "元/小时")]))
    capacity = WholeNumberField(
        "名额",
        validators=[InputRequired("请填写名额"), NumberRange(1, 500, "名额应在 1 到 500 之间")],
    )
    settlement = SelectField(
        "结算方式", choices=choices([("daily", "日结"), ("on_completion", "完工结")])
    )
    settle_by = StringField("最迟结算日期")
    justification = TextAreaField("对审核提示的说明", validators=[Length(max=1000)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.street_code.choices = street_choices("（按工作地点）")


class PayForm(Form):
    amount = NumberField(
        "实付金额（元）",
        places=2,
        validators=[
            InputRequired("请填写金额"),
            NumberRange(0.01, 100000, "金额应在 0.01 到 100000 元之间"),
        ],
    )
    method = SelectField("支付方式", choices=choices(PAY_METHODS.items()))


class RateForm(Form):
    stars = WholeNumberField(
        "评分（1–5）",
        validators=[InputRequired("请评分"), NumberRange(1, 5, "评分应为 1 到 5")],
    )
    comment = StringField("评价（选填）", validators=[Optional(), Length(max=200)])


class NonPaymentForm(Form):
    note = TextAreaField("情况说明", validators=[Length(max=1000)])


def gig_input(
    form: GigForm,
    *,
    employer_name: str,
    organisation_id: int | None,
    station_id: int | None,
    fallback_point: tuple[float, float] | None,
):
    """A ``GigInput`` from the form, or ``(None, errors)`` naming the bad fields."""
    from datetime import date, time

    from jobhub.gigs.services import GigInput
    from jobhub.seekers.places import street_by_code
    from jobhub.stations.walkin import split_terms

    errors: dict[str, str] = {}

    def parse(name: str, kind):
        raw = (form[name].data or "").strip()
        if not raw:
            return None
        try:
            return kind.fromisoformat(raw)
        except ValueError:
            errors[name] = (
                "日期应为年-月-日，例如 2026-03-01" if kind is date else "时间应为时:分，例如 08:30"
            )
            return None

    work_date = parse("work_date", date)
    start, end = parse("start_time", time), parse("end_time", time)
    settle_by = parse("settle_by", date)
    street = street_by_code(form.street_code.data)
    point = (street.lat, street.lng) if street else fallback_point
    if point is None:
        errors["street_code"] = "请选择工作地点所在街道（乡镇）"
    if errors or work_date is None or start is None or end is None or point is None:
        return None, errors
    return (
        GigInput(
            title=form.title.data or "",
            trade=form.trade.data or "",
            description=form.description.data or "",
            skills=tuple(split_terms(form.skills.data)),
            work_date=work_date,
            start_time=start,
            end_time=end,
            address=form.address.data or "",
            street_code=street.code if street else None,
            lat=point[0],
            lng=point[1],
            pay_amount=float(form.pay_amount.data),
            pay_unit=form.pay_unit.data or "day",
            capacity=int(form.capacity.data),
            settlement=form.settlement.data or "daily",
            settle_by=settle_by,
            employer_name=(form.employer_name.data or employer_name).strip(),
            organisation_id=organisation_id,
            station_id=station_id,
        ),
        errors,
    )


def attach_errors(form, fields: dict[str, str]) -> None:
    for name, message in fields.items():
        if name in form._fields:
            form[name].errors = [*form[name].errors, message]
        else:
            form.form_errors.append(message)
