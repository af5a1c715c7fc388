"""Login and registration forms. Every message is Chinese and sits next to its field."""

from __future__ import annotations

from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from jobhub.security.idcard import InvalidIdentifier, normalise_phone, parse_uscc
from jobhub.webforms import Form

# A short list of the passwords most often seen in leaks (ASVS 6.2.4 asks for such a check).
_COMMON_PASSWORDS = frozenset(
    [
        "12345678",
        "123456789",
        "1234567890",
        "87654321",
        "11111111",
        "88888888",
        "66666666",
        "00000000",
        "12341234",
        "password",
        "password1",
        "password123",
        "qwertyui",
        "qwerty123",
        "abc12345",
        "abcd1234",
        "a1234567",
        "1qaz2wsx",
        "iloveyou",
        "woaini1314",
        "5201314520",
        "admin123",
        "admin1234",
        "aa123456",
        "zxcvbnm123",
        "123qweasd",
        "qweasdzxc",
        "11223344",
        "147258369",
        "123123123",
        "asdfghjk",
        "1q2w3e4r",
    ]
)


def strong_password(form, field) -> None:
    value = field.data or ""
    if value.lower() in _COMMON_PASSWORDS or len(set(value)) < 4:
        raise ValidationError("这个密码太常见、太容易被猜到，请换一个")
    phone = getattr(form, "phone", None)
    if phone is not None and phone.data and phone.data.strip() in value:
        raise ValidationError("密码不能包含手机号")


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


_password = [
    DataRequired("请设置密码"),
    Length(min=8, max=128, message="密码长度应为 8 到 128 个字符"),
    strong_password,
]
_confirm = [DataRequired("请再输入一次密码"), EqualTo("password", "两次输入的密码不一致")]


class SeekerRegistrationForm(Form):
    phone = StringField("手机号", validators=[valid_phone])
    display_name = StringField(
        "称呼",
        validators=[DataRequired("请填写称呼"), Length(max=40, message="称呼最多 40 个字")],
    )
    password = PasswordField("密码", validators=_password)
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
        validators=[DataRequired("请填写联系人姓名"), Length(max=40, message="姓名最多 40 个字")],
    )
    phone = StringField("联系人手机号", validators=[valid_phone])
    password = PasswordField("密码", validators=_password)
    confirm = PasswordField("确认密码", validators=_confirm)


class TokenForm(Form):
    name = StringField(
        "令牌用途",
        validators=[
            DataRequired("请写明令牌用途，例如“区就业信息系统对接”"),
            Length(max=80, message="最多 80 个字"),
        ],
    )
