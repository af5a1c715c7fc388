"""Seeker forms. Fields only render and carry values: the services validate (one validator
for the pages and the API), and their Chinese messages are attached next to the fields."""

from __future__ import annotations

from wtforms import BooleanField, DateField, StringField, TextAreaField

from jobhub.seekers.places import street_options
from jobhub.seekers.services import (
    AVAILABILITY,
    EDUCATION_LABELS,
    PAY_UNITS,
    RETIREMENT_LABELS,
    STATUS_LABELS,
)
from jobhub.webforms import CoreCheckedSelect, Form, choices


def _blank(pairs, label="请选择"):
    return choices([("", label), *pairs])


class IdentityForm(Form):
    name = StringField("姓名")
    id_number = StringField("身份证号")


class ProfileForm(Form):
    retirement_category = CoreCheckedSelect("退休类别")
    education = CoreCheckedSelect("最高学历")
    major = StringField("所学专业")
    graduation_date = StringField("毕业（离校）日期")
    employment_status = CoreCheckedSelect("目前就业状态")
    employment_since = StringField("当前状态开始日期")
    work_history = TextAreaField("工作经历")
    summary = TextAreaField("自我介绍")
    skills = TextAreaField("技能和证书")
    desired_titles = StringField("想找的工作")
    home_street_code = CoreCheckedSelect("居住街道（乡镇）")
    max_distance_km = StringField("最远通勤距离（公里）")
    availability = CoreCheckedSelect("可工作时间")
    available_from = StringField("最早到岗日期")
    expected_pay = StringField("期望薪资（元）")
    expected_pay_unit = CoreCheckedSelect("薪资单位")
    monthly_contribution = StringField("每月以个人身份缴纳的社保费（元）")
    share_with_employers = BooleanField("允许用人单位在“候选人”中看到我的姓名和手机号")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.retirement_category.choices = _blank(RETIREMENT_LABELS.items(), "不清楚")
        self.education.choices = _blank(EDUCATION_LABELS.items())
        self.employment_status.choices = _blank(STATUS_LABELS.items(), "暂不填写（待核实）")
        self.home_street_code.choices = _blank(street_options())
        self.availability.choices = _blank(AVAILABILITY.items())
        self.expected_pay_unit.choices = _blank(PAY_UNITS.items())

    def to_data(self) -> dict:
        data = {name: f.data for name, f in self._fields.items() if name != "csrf_token"}
        for key, value in list(data.items()):
            if isinstance(value, str):
                data[key] = value.strip()
        return data


class ApplyForm(Form):
    message = TextAreaField("给用人单位的话（选填）")


class SubsidyApplyForm(Form):
    code = CoreCheckedSelect("补贴项目")
    monthly_contribution = StringField("每月个人缴纳的养老和医疗保险费（元）")


class MatchFilterForm(Form):
    class Meta:
        csrf = False

    max_km = StringField("距离不超过（公里）")
    kind = CoreCheckedSelect(
        "岗位类型",
        choices=_blank(
            [
                ("regular", "普通岗位"),
                ("traineeship", "就业见习"),
                ("public_welfare", "公益性岗位"),
            ],
            "全部",
        ),
    )
    min_pay = StringField("月薪不低于（元）")
    employment_type = CoreCheckedSelect(
        "用工形式", choices=_blank([("full_time", "全职"), ("part_time", "兼职")], "全部")
    )


__all__ = [
    "ApplyForm",
    "BooleanField",
    "DateField",
    "IdentityForm",
    "MatchFilterForm",
    "ProfileForm",
    "SubsidyApplyForm",
]
