"""Login and registration forms. Every message is Chinese and sits next to its field."""

from __future__ import annotations

from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from jobhub.auth.passwords import password_problem
from jobhub.auth.roles import Role
from jobhub.security.idcard import InvalidIdentifier, normalise_phone, parse_uscc
from jobhub.security.names import check_person_name
from jobhub.webforms import Form


def strong_password(role: Role):
    """A WTForms validator applying the one password rule (jobhub.auth.passwords) for
    ``role``; the form's phone and name count as the account's own words."""

    def check(form, field) -> None:
        related = [getattr(getattr(form, n, None), "data", None) for n in ("phone", "display_name")]
        problem = password_problem(field.data, role, related)
        if problem:
            raise ValidationError(problem)

    return check


def person_name(label: str):
    """A WTForms validator for a field holding a person's name (jobhub.security.names)."""

    def check(form, field) -> None:
        try:
            field.data = check_person_name(field.data, label)
        except InvalidIdentifier as exc:
            raise ValidationError(str(exc)) from None

    return check


def valid_phone(form, field) -> None:
    try:
        field.data = normalise_phone(field.data or "")
    except InvalidIdentifier as exc:
        raise ValidationError(str(exc)) from None


def valid_uscc(form, field) -> None:
    try:
        field.data = parse_uscc(field.data or "")
    except InvalidIdentifier as exc:
        raise ValidationError(str(exc)) from None


class LoginForm(Form):
    login = StringField("手机号或账号", validators=[DataRequired("请填写手机号或账号")])
    password = PasswordField("密码", validators=[DataRequired("请填写密码")])


def _password(role: Role) -> list:
    return [DataRequired("请设置密码"), strong_password(role)]


_confirm = [DataRequired("请再输入一次密码"), EqualTo("password", "两次输入的密码不一致")]


def _six_digits(label: str, missing: str) -> StringField:
    """A six-digit code the person types (an SMS code, an authenticator code)."""
    return StringField(
        label,
        validators=[
            DataRequired(missing),
            Regexp(r"^\s*\d{6}\s*$", message=f"{label}是 6 位数字"),
        ],
    )


def _sms_code() -> StringField:
    return _six_digits("短信验证码", "请填写短信验证码")


class SeekerRegistrationForm(Form):
    phone = StringField("手机号", validators=[valid_phone])
    code = _sms_code()
    display_name = StringField(
        "称呼",
        validators=[DataRequired("请填写称呼"), person_name("称呼")],
    )
    password = PasswordField("密码", validators=_password(Role.SEEKER))
    confirm = PasswordField("确认密码", validators=_confirm)


class EmployerRegistrationForm(Form):
    organisation_name = StringField(
        "单位名称",
        validators=[
            DataRequired("请填写单位名称"),
            Length(max=120, message="单位名称最多 120 个字"),
        ],
    )
    uscc = StringField("统一社会信用代码", validators=[valid_uscc])
    display_name = StringField(
        "联系人姓名",
        validators=[DataRequired("请填写联系人姓名"), person_name("联系人姓名")],
    )
    phone = StringField("联系人手机号", validators=[valid_phone])
    code = _sms_code()
    password = PasswordField("密码", validators=_password(Role.EMPLOYER))
    confirm = PasswordField("确认密码", validators=_confirm)


class TokenForm(Form):
    name = StringField(
        "令牌用途",
        validators=[
            DataRequired("请写明令牌用途，例如“区就业信息系统对接”"),
            Length(max=80, message="最多 80 个字"),
        ],
    )


class PasswordChangeForm(Form):
    """修改密码: the current password, then the new one twice (the one password rule for the
    signed-in user's role, set by the view)."""

    current = PasswordField("当前密码", validators=[DataRequired("请填写当前密码")])
    password = PasswordField("新密码", validators=[DataRequired("请设置新密码")])
    confirm = PasswordField(
        "再次输入新密码",
        validators=[
            DataRequired("请再次输入新密码"),
            EqualTo("password", "两次输入的新密码不一致"),
        ],
    )

    def __init__(
        self, *args, role: Role = Role.SEEKER, related: list[str] | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self._role = role
        self._related = related or []

    def validate_password(self, field) -> None:
        problem = password_problem(field.data, self._role, self._related)
        if problem:
            raise ValidationError(problem)
        if field.data == self.current.data:
            raise ValidationError("新密码不能与当前密码相同")


class PasswordResetForm(Form):
    """找回密码: the phone, the code sent to it, and a new password twice."""

    phone = StringField("手机号", validators=[valid_phone])
    code = _sms_code()
    password = PasswordField("新密码", validators=_password(Role.SEEKER))
    confirm = PasswordField("再次输入新密码", validators=_confirm)


class SecondFactorForm(Form):
    code = StringField(
        "动态验证码或恢复码",
        validators=[
            DataRequired("请填写验证器 App 上的 6 位动态验证码，或一个恢复码"),
            Length(max=20, message="动态验证码是 6 位数字，恢复码形如 ABCD-EFGH"),
        ],
    )


class TotpSetupForm(Form):
    code = _six_digits("动态验证码", "请填写验证器 App 上显示的 6 位动态验证码")
