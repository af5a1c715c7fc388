"""The calculator form: the API's person fields as a friendly form. The policy core validates,
so the page and the API give the same messages."""

from __future__ import annotations

from wtforms import BooleanField, StringField

from jobhub.policy.facts import EDUCATION_ZH, STATUS_ZH
from jobhub.webforms import CoreCheckedSelect as SelectField
from jobhub.webforms import Form, choices

_EMPTY = [("", "（未填写）")]


class CalculatorForm(Form):
    as_of = StringField("计算日期")
    region = SelectField("地区政策")
    birth_date = StringField("出生日期")
    gender = SelectField(
        "性别", choices=choices([("", "请选择"), ("male", "男"), ("female", "女")])
    )
    retirement_category = SelectField(
        "退休类别",
        choices=choices(
            _EMPTY
            + [
                ("male", "男职工"),
                ("female_cadre", "女干部（原 55 岁退休）"),
                ("female_worker", "女工人（原 50 岁退休）"),
            ]
        ),
    )
    education = SelectField(
        "最高学历", choices=choices(_EMPTY + [(k.value, v) for k, v in EDUCATION_ZH.items()])
    )
    graduation_date = StringField("毕业（离校）日期")
    employment_status = SelectField(
        "就业状态", choices=choices(_EMPTY + [(k.value, v) for k, v in STATUS_ZH.items()])
    )
    employment_since = StringField("本次就业开始日期")
    unemployment_registered_since = StringField("失业登记日期")
    monthly_contribution = StringField("每月个人缴纳社保（元）")
    subsidy_first_approved_on = StringField("初次核定享受社保补贴日期")
    is_veteran = BooleanField("退役军人")
    disabled = BooleanField("持有残疾人证")
    low_income_household = BooleanField("城乡低保家庭成员")
    zero_employment_household = BooleanField("零就业家庭成员")
    land_expropriated = BooleanField("失地（被征地）农民")
    single_parent = BooleanField("单亲抚养未成年子女")
    receiving_unemployment_benefit = BooleanField("正在领取失业保险金")

    DATE_FIELDS = (
        "birth_date",
        "graduation_date",
        "employment_since",
        "unemployment_registered_since",
        "subsidy_first_approved_on",
    )
    CHOICE_FIELDS = ("gender", "retirement_category", "education", "employment_status")
    FLAG_FIELDS = (
        "is_veteran",
        "disabled",
        "low_income_household",
        "zero_employment_household",
        "land_expropriated",
        "single_parent",
        "receiving_unemployment_benefit",
    )

    def to_request(self) -> dict:
        """The same JSON request the API takes; empty fields are left out."""
        person: dict = {}
        for name in self.DATE_FIELDS + self.CHOICE_FIELDS:
            value = (self[name].data or "").strip()
            if value:
                person[name] = value
        for name in self.FLAG_FIELDS:
            if self[name].data:
                person[name] = True
        money = (self.monthly_contribution.data or "").strip()
        if money:
            try:
                person["monthly_contribution"] = float(money)
            except ValueError:
                person["monthly_contribution"] = money  # the core names the field
        body = {"region": self.region.data or "default", "person": person}
        if (self.as_of.data or "").strip():
            body["as_of"] = self.as_of.data.strip()
        return body

    def attach_errors(self, fields: dict[str, str]) -> None:
        for key, message in fields.items():
            name = key.removeprefix("person.")
            target = self[name] if name in self._fields else None
            if target is None:
                self.form_errors.append(f"{key}：{message}")
            else:
                target.errors = [*target.errors, message]
