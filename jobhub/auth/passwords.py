"""The one password rule, used by registration, password change and reset, colleagues added by
an employer and accounts made by operators.

Strength is zxcvbn's estimate (score 0-4 from its bundled lists of leaked passwords, common
words and names, keyboard walks, sequences, dates and l33t spellings): ``abcdefgh``,
``Passw0rd`` and ``qwerty12`` score 0. NIST SP 800-63B and OWASP ASVS 6.2 ask for such a
check instead of composition rules. Staff and admins, whose accounts reach many people's data,
need 12 characters.
"""

from __future__ import annotations

from collections.abc import Iterable

from zxcvbn import zxcvbn

from jobhub.auth.roles import Role

MIN_SCORE = 3
MAX_LENGTH = 128
# zxcvbn's run time grows with length; past this point length alone makes a password strong.
_ESTIMATE_CHARS = 64
PRIVILEGED = frozenset({Role.STATION_STAFF, Role.ADMIN})


def min_length(role: Role | str) -> int:
    return 12 if Role(role) in PRIVILEGED else 8


def password_problem(
    password: object, role: Role | str, related: Iterable[str | None] = ()
) -> str | None:
    """The Chinese reason this password may not be used, or ``None``.

    ``related`` are the account's own words (phone, login, name): a password containing one is
    refused, and zxcvbn counts them as guessable.
    """
    if not isinstance(password, str) or not password:
        return "请设置密码"
    shortest = min_length(role)
    if not shortest <= len(password) <= MAX_LENGTH:
        return f"密码长度应为 {shortest} 到 {MAX_LENGTH} 个字符"
    words = [w.strip() for w in related if w and len(w.strip()) >= 4]
    if any(w.lower() in password.lower() for w in words):
        return "密码不能包含手机号、账号或姓名"
    if zxcvbn(password[:_ESTIMATE_CHARS], user_inputs=words)["score"] < MIN_SCORE:
        return "这个密码太常见、太容易被猜到（如 Passw0rd、qwerty12、生日或连续字符），请换一个更长、更不规则的密码"
    return None
