"""The consent texts shown to a person, one list of versions per purpose (rules as data).

A person's consent is kept with the version of the text they were shown
(``jobhub.seekers.models.Consent``). Changing what a purpose covers means adding a version
here, never editing one: everyone who agreed to an earlier version is asked again, at the
counter and online, and the page 我的授权 still shows the words each person agreed to.

Registration itself needs no consent: a public employment service keeps the record of the
people it serves to perform its statutory duty (个人信息保护法第十三条第一款第三项, 就业促进法
第三十五条). Consent is asked for what goes beyond that duty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jobhub.policy.dates import today_in_china


@dataclass(frozen=True)
class ConsentText:
    purpose: str
    version: int
    effective_from: date
    title: str  # the purpose as people read it
    text: str  # the words shown before the person agrees
    on_withdrawal: str  # what withdrawing stops, said before the person confirms
    source: str  # the legal basis for asking


PURPOSE_SENSITIVE = "sensitive_statuses"
PURPOSE_SHARING = "share_with_employers"
PURPOSE_SMS = "sms_notifications"
# Purposes a person may agree to online by themself (the others are asked where they apply)
GIVEN_ONLINE = (PURPOSE_SMS,)

CONSENT_TEXTS: dict[str, tuple[ConsentText, ...]] = {
    PURPOSE_SENSITIVE: (
        ConsentText(
            purpose=PURPOSE_SENSITIVE,
            version=1,
            effective_from=date(2026, 11, 22),
            title="登记敏感身份信息用于政策认定",
            text=(
                "本人同意平台加密保存本人如实说明的身份信息（如退役军人、持有残疾人证、"
                "城乡低保家庭成员、零就业家庭成员、失地农民、单亲抚养未成年子女、失业登记日期），"
                "仅用于就业困难人员等重点群体认定和就业补贴资格判断，不向用人单位提供。"
                "本人可随时在服务站窗口或网上“我的授权”撤回。"
            ),
            on_withdrawal=(
                "撤回后，已登记的全部敏感身份信息将被删除，平台不再据此认定重点群体或判断补贴资格"
                "（依据这些信息的补贴将不再核定或拨付）。"
            ),
            source="个人信息保护法第二十八条、第二十九条（处理敏感个人信息应取得单独同意）",
        ),
    ),
    PURPOSE_SHARING: (
        ConsentText(
            purpose=PURPOSE_SHARING,
            version=1,
            effective_from=date(2026, 11, 22),
            title="向用人单位展示姓名和手机号",
            text=(
                "本人同意在用人单位查看“候选人”时展示本人的姓名和手机号，以便用人单位联系本人。"
                "不同意时，用人单位只看到脱敏的姓名，直到本人投递该岗位。"
            ),
            on_withdrawal="撤回后，未投递的岗位的用人单位将只能看到脱敏的姓名，看不到手机号。",
            source="个人信息保护法第二十三条（向其他处理者提供个人信息应取得单独同意）",
        ),
    ),
    PURPOSE_SMS: (
        ConsentText(
            purpose=PURPOSE_SMS,
            version=1,
            effective_from=date(2026, 12, 5),
            title="用短信接收平台通知",
            text=(
                "本人同意平台向本人登记的手机号发送与本人求职有关的通知短信（投递进度、面试邀请、"
                "补贴审核结果、零工派单和工资、岗位推荐、可申请的政策），每天最多 3 条；"
                "短信不含身份证号。不同意时，这些通知只在“站内消息”中显示。"
            ),
            on_withdrawal="撤回后，平台不再发送通知短信，通知仍在“站内消息”中显示。",
            source="个人信息保护法第十三条第一款第一项、第十四条（基于个人同意处理个人信息）",
        ),
    ),
}


def is_purpose(purpose: object) -> bool:
    return isinstance(purpose, str) and purpose in CONSENT_TEXTS


def current_text(purpose: str) -> ConsentText:
    """The version a person must have agreed to now (the newest one in force)."""
    today = today_in_china()
    in_force = [t for t in CONSENT_TEXTS[purpose] if t.effective_from <= today]
    return (in_force or list(CONSENT_TEXTS[purpose]))[-1]


def text_of(purpose: str, version: int) -> ConsentText | None:
    """The words of one version (what a person agreed to), or ``None`` if unknown."""
    return next((t for t in CONSENT_TEXTS.get(purpose, ()) if t.version == version), None)


def title_of(purpose: str) -> str:
    return current_text(purpose).title if is_purpose(purpose) else "未知授权事项"
