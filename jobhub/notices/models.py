"""A notification: one message in someone's inbox (站内消息)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jobhub.db import now_utc, unique_where
from jobhub.extensions import db

KINDS = {
    "application_received": "收到投递",
    "application_status": "申请进度",
    "interview": "面试邀请",
    "interview_reply": "面试回复",
    "application_message": "沟通消息",
    "invitation": "投递邀请",
    "resume_shared": "简历授权",
    "subsidy_decided": "补贴审核结果",
    "certification_decided": "认定结果",
    "certification_due": "认定复核提醒",
    "gig_dispatched": "零工派单",
    "gig_claim_confirmed": "零工报名确认",
    "gig_pay_recorded": "零工工资",
    "job_alert": "岗位推荐",
    "policy_push": "政策推送",
}
SMS_STATES = {
    "queued": "已发短信",
    "no_consent": "未同意短信通知",
    "capped": "今日短信已达上限",
    "no_phone": "无手机号",
}


class Notification(db.Model):
    """A message to one user, or to a station's staff about a person who has no account
    (``station_id``: the station that registered them reaches them). ``dedupe_key`` makes a
    job that runs twice send nothing twice (unique when set). ``sms_state`` says whether a
    text went out too, and if not, why."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        Index("ix_notifications_station_unread", "station_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(200), default="")
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    sms_state: Mapped[str | None] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
    read_at: Mapped[datetime | None]

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, "消息")

    @property
    def sms_label(self) -> str:
        return SMS_STATES.get(self.sms_state or "", "")


class AccountSmsConsent(db.Model):
    """An account's (an employer's contact, a station worker's) agreement to get its
    notifications by text too, to the mobile number it logs in with, under one version of the
    text (``notices.account_sms.TEXTS``). At most one live row per account; withdrawing ends it
    and the row stays as the record. ``texts_on``/``texts_sent`` count today's texts for the
    daily cap."""

    __tablename__ = "account_sms_consents"
    __table_args__ = (
        unique_where("uq_account_sms_consents_live", "user_id", where="withdrawn_at IS NULL"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    text_version: Mapped[int]
    given_at: Mapped[datetime] = mapped_column(default=now_utc)
    withdrawn_at: Mapped[datetime | None]
    texts_on: Mapped[date | None]
    texts_sent: Mapped[int] = mapped_column(default=0)
