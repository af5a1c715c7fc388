"""Forms of the stations area. Domain rules (ID numbers, phones, consent) are checked by the
services, which name the field; the forms carry CSRF and the raw values."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    HiddenField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from jobhub.seekers.identity import SENSITIVE_STATUSES
from jobhub.seekers.places import district_streets
from jobhub.seekers.services import EDUCATION_LABELS, RETIREMENT_LABELS
from jobhub.stations.models import SERVICE_KINDS, STATION_KINDS
from jobhub.stations.services import WEEKDAYS
from jobhub.webforms import CoreCheckedSelect as SelectField
from jobhub.webforms import Form, NumberField, WholeNumberField, choices


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def street_choices(empty: str = "请选择") -> list:
    return choices([("", empty)] + [(s.code, s.name) for s in district_streets()])


class LookupForm(Form):
    id_number = StringField("身份证号", validators=[DataRequired("请填写身份证号")])


# Statuses a station asks about at the counter; the registration date has its own field.
COUNTER_STATUSES = [k for k in SENSITIVE_STATUSES if k != "unemployment_registered_since"]


class WalkInForm(Form):
    id_number = HiddenField()
    name = StringField("姓名", validators=[DataRequired("请填写姓名"), Length(max=40)])
    phone = StringField("手机号")
    trades = StringField("工种")
    skills = StringField("技能和证书")
    days = MultiCheckboxField(
        "可工作日",
        choices=choices((str(i), d) for i, d in enumerate(WEEKDAYS)),
        validate_choice=False,
    )
    start = StringField("每天最早")
    end = StringField("每天最晚")
    # bounds and decimals are checked by walkin.validate, the same for the page and the API
    expected_pay = NumberField("期望报酬（元）", validators=[Optional()], places=2)
    expected_pay_unit = SelectField(
        "报酬单位", choices=choices([("day", "元/天"), ("hour", "元/小时")])
    )
    home_street_code = SelectField("居住街道（乡镇）")
    employment_status = SelectField(
        "就业状态",
        choices=choices(
            [
                ("", "（不填：新登记者待核实，已登记者不变）"),
                ("unemployed", "失业（无工作）"),
                ("flexible", "灵活就业（打零工）"),
                ("employed", "单位就业"),
                ("self_employed", "自主创业"),
            ]
        ),
    )
    # Asked only where they decide (walkin.questions_for); the template leaves the rest out.
    retirement_category = SelectField(
        "退休类别", choices=choices([("", "不清楚")] + list(RETIREMENT_LABELS.items()))
    )
    education = SelectField(
        "学历", choices=choices([("", "请选择")] + list(EDUCATION_LABELS.items()))
    )
    graduation_date = StringField("毕业时间")
    statuses = MultiCheckboxField(
        "本人同意记录的身份（用于政策认定）",
        choices=choices((k, SENSITIVE_STATUSES[k][0]) for k in COUNTER_STATUSES),
        validate_choice=False,
    )
    unemployment_registered_since = StringField("失业登记日期")
    consent = BooleanField("已向本人说明以上身份信息的用途，本人同意记录")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.home_street_code.choices = street_choices()


class ServiceForm(Form):
    kind = SelectField("服务类型", choices=choices(SERVICE_KINDS.items()))
    note = TextAreaField("说明", validators=[Length(max=2000)])


class StationForm(Form):
    name = StringField("站点名称", validators=[DataRequired("请填写站点名称"), Length(max=120)])
    kind = SelectField("类型", choices=choices(STATION_KINDS.items()))
    address = StringField("地址", validators=[DataRequired("请填写地址"), Length(max=200)])
    street_code = SelectField("所在街道（乡镇）")
    lat = NumberField(
        "纬度",
        places=6,
        validators=[InputRequired("请填写纬度"), NumberRange(-90, 90, "纬度应在 -90 到 90 之间")],
    )
    lng = NumberField(
        "经度",
        places=6,
        validators=[
            InputRequired("请填写经度"),
            NumberRange(-180, 180, "经度应在 -180 到 180 之间"),
        ],
    )
    opening_hours = StringField("开放时间", validators=[Length(max=120)])
    is_rural = BooleanField("乡村站点（服务半径 5 公里）")
    service_radius_m = WholeNumberField(
        "服务半径（米）",
        validators=[Optional(), NumberRange(100, 50000, "服务半径应在 100 到 50000 米之间")],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.street_code.choices = street_choices()

    def validate_street_code(self, field) -> None:
        from wtforms.validators import ValidationError

        if field.data not in {s.code for s in district_streets()}:
            raise ValidationError("请选择街道（乡镇）")


class BindStaffForm(Form):
    login = StringField("工作人员登录名（手机号）", validators=[DataRequired("请填写登录名")])


class HouseholdForm(Form):
    label = StringField("家庭名称", validators=[Length(max=80)])
    members = TextAreaField(
        "家庭成员身份证号（每行一个）", validators=[DataRequired("请填写成员身份证号")]
    )
    note = TextAreaField("情况说明", validators=[Length(max=2000)])
    consent = BooleanField("已向家庭成员说明用途，本人同意记录“零就业家庭成员”身份")


class EmptyForm(Form):
    """A POST with CSRF and nothing else (buttons)."""
