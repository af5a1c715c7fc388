"""The one password rule and the one rule for people's names, on every form that uses them."""

import pytest

from jobhub.auth.models import User
from jobhub.auth.passwords import password_problem
from jobhub.extensions import db
from jobhub.security.idcard import InvalidIdentifier
from jobhub.security.names import check_person_name


@pytest.mark.parametrize("password", ["abcdefgh", "Passw0rd", "qwerty12", "woaini1314", "12345678"])
def test_common_and_breached_passwords_are_refused(password):
    assert "太常见" in password_problem(password, "seeker")


def test_staff_and_admins_need_twelve_characters():
    assert password_problem("Kq7#vLp2!x", "seeker") is None
    for role in ("station_staff", "admin"):
        assert password_problem("Kq7#vLp2!x", role) == "密码长度应为 12 到 128 个字符"
        assert password_problem("Kq7#vLp2!x-Wm", role) is None


def test_a_password_holding_the_phone_or_name_is_refused():
    assert "手机号" in password_problem("x13912345678!", "seeker", ["13912345678"])


@pytest.mark.parametrize(
    "name",
    [
        "林晓雨",
        "阿卜杜拉·买买提",
        "迪丽热巴•迪力木拉提",
        "José Müller",
        "Jean-Pierre Dupont",
        "ئابدۇرېھىم",
        "བཀྲ་ཤིས་",
        "ᠪᠠᠲᠦ",
        "𠮷野家",
    ],
)
def test_real_names_of_every_script_are_accepted(name):
    assert check_person_name(f"  {name} ", "姓名") == name


@pytest.mark.parametrize(
    "name", ["<b>王</b>", "张三1", "张三😀", "林", "王\x00五", "李四３", "x" * 41, "··", "王  五"]
)
def test_tags_digits_emoji_and_controls_are_not_names(name):
    with pytest.raises(InvalidIdentifier) as caught:
        check_person_name(name, "联系人")
    assert "联系人" in str(caught.value)


def test_seeker_registration_refuses_a_weak_password_and_a_tagged_name(client, app):
    response = client.post(
        "/auth/register",
        data={
            "phone": "13912345678",
            "display_name": "<script>小林</script>",
            "password": "Passw0rd",
            "confirm": "Passw0rd",
            "code": "000000",
        },
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "称呼只能包含汉字、字母" in text
    assert "太常见" in text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def test_an_employer_cannot_add_a_colleague_with_a_weak_password_or_a_digit_name(app, accounts):
    client = accounts.client_for("employer")
    response = client.post(
        "/employer/organisation/users",
        data={"c-display_name": "经办人2", "c-phone": "13911110000", "c-password": "qwerty12"},
        follow_redirects=True,
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "姓名只能包含汉字、字母" in text
    assert "这个初始密码太常见" in text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1


def test_the_walk_in_form_refuses_an_emoji_name(app, accounts):
    from datetime import date

    from jobhub.demo import make_id_number

    client = accounts.client_for("station_staff")
    response = client.post(
        "/station/walk-in",
        data={
            "step": "register",
            "id_number": make_id_number(date(1990, 1, 2), 7, True),
            "name": "王五😀",
            "consent": "y",
        },
    )
    assert "姓名只能包含汉字、字母" in response.get_data(as_text=True)


def test_create_user_command_refuses_a_short_admin_password(runner, app):
    result = runner.invoke(
        args=[
            "jobhub",
            "create-user",
            "--login",
            "admin2",
            "--name",
            "管理员",
            "--role",
            "admin",
            "--password",
            "Kq7#vLp2!x",
        ]
    )
    assert result.exit_code != 0 and "12 到 128" in result.output
