"""Consents at the counter: staff withdraw a consent for a person their station serves, when
the person asks in person (the person may also do it online on 我的授权)."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_login import current_user

from jobhub.access import allow
from jobhub.auth.roles import Role
from jobhub.seekers.consent_texts import title_of
from jobhub.seekers.consents import withdraw_consent
from jobhub.stations import queries
from jobhub.stations.forms import EmptyForm
from jobhub.stations.views import bp
from jobhub.webforms import write_and_flash

NOT_CONFIRMED = "请先勾选“确认撤回”：撤回前请向本人说明撤回的后果"


@bp.route("/people/<int:person_id>/consents/<purpose>/withdraw", methods=["POST"])
@allow(Role.STATION_STAFF)
def withdraw_person_consent(person_id: int, purpose: str):
    person = queries.person_for_staff(person_id, current_user)
    back = url_for("stations.client", person_id=person.id) + "#consents"
    if not EmptyForm().validate_on_submit():
        flash("页面已过期，请刷新后重新提交。", "error")
        return redirect(back)
    if request.form.get("confirm") != "y":
        flash(NOT_CONFIRMED, "error")
        return redirect(back)

    def withdraw() -> str:
        withdraw_consent(person, purpose, via="counter", actor=current_user)
        return f"已为 {person.name} 撤回同意：{title_of(purpose)}"

    write_and_flash(withdraw)
    return redirect(back)
