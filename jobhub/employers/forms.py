"""Employer forms: fields render and carry values; the services validate and their Chinese
messages are attached next to the fields (one validator for pages and API)."""

from __future__ import annotations

from wtforms import PasswordField, StringField, TextAreaField

from jobhub.employers.services import EMPLOYMENT_TYPES, SALARY_UNITS, SIZES
from jobhub.seekers.applications import REJECTION_REASONS
from jobhub.seekers.places import street_options
from jobhub.webforms import CoreCheckedSelect, Form, choices


def _blank(pairs, label="请选择"):
    return choices([("", label), *pairs])


def form_data(form: Form) -> dict:
    data = {}
    for name, field in form._fields.items():
        if name == "csrf_token":
            continue
        value = field.data
        data[name] = value.strip() if isinstance(value, str) else value
    return data


class OrganisationForm(Form):
    name = StringField("单位名称")
    address = StringField("单位地址")
    street_code = CoreCheckedSelect("所在街道（乡镇）")
    size = CoreCheckedSelect("企业规模")
    contact_name = StringField("联系人")
    contact_phone = StringField("联系人手机号")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.street_code.choices = _blank(street_options())
        self.size.choices = choices(SIZES.items())


class ColleagueForm(Form):
    display_name = StringField("经办人姓名")
    phone = StringField("经办人手机号（登录账号）")
    password = PasswordField("初始密码")


class VacancyForm(Form):
    organisation_id = CoreCheckedSelect("用人单位（公益性岗位开发单位）")
    title = StringField("岗位名称")
    kind = CoreCheckedSelect("岗位类型")
    employment_type = CoreCheckedSelect("用工形式")
    description = TextAreaField("岗位描述")
    skills = StringField("技能要求")
    headcount = StringField("招聘人数")
    work_location = StringField("工作地点")
    street_code = CoreCheckedSelect("工作地点所在街道（乡镇）")
    salary_min = StringField("最低薪资（元）")
    salary_max = StringField("最高薪资（元）")
    salary_unit = CoreCheckedSelect("薪资单位")
    valid_until = StringField("有效期至")
    occupation_code = CoreCheckedSelect("职业（《职业分类大典》）")
    justification = TextAreaField("情况说明（审核提示需要说明时填写）")

    def __init__(self, *args, kinds=None, organisations=None, occupations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices((kinds or {}).items())
        self.employment_type.choices = choices(EMPLOYMENT_TYPES.items())
        self.street_code.choices = _blank(street_options())
        self.salary_unit.choices = choices(SALARY_UNITS.items())
        self.occupation_code.choices = _blank(occupations or [], "按岗位名称自动识别")
        if organisations is None:
            del self.organisation_id
        else:
            self.organisation_id.choices = _blank(organisations)


class MoveForm(Form):
    to = CoreCheckedSelect("处理结果")
    reason_code = CoreCheckedSelect("未录用原因")
    note = TextAreaField("说明（选填；选择“其他原因”时必填）")

    def __init__(self, *args, targets=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.to.choices = choices(targets)
        self.reason_code.choices = _blank(REJECTION_REASONS.items(), "（仅未录用时选择）")


class HireForm(Form):
    hired_on = StringField("入职日期")
    contract_months = StringField("劳动合同期限（月）")
    traineeship_months = StringField("见习期限（月）")
    unit_monthly_contribution = StringField("单位每月为其缴纳的社保费（单位部分，元）")


class ReviewDecisionForm(Form):
    decision = CoreCheckedSelect(
        "审核结论",
        choices=choices([("", "请选择"), ("publish", "同意发布"), ("reject", "不予发布")]),
    )
    reason = TextAreaField("审核理由")
