"""The bureau's station admin: create and edit stations, bind staff, and the coverage map."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup

from jobhub.access import allow
from jobhub.auth.models import User
from jobhub.auth.roles import Role
from jobhub.auth.services import find_user_by_login
from jobhub.extensions import db
from jobhub.seekers.places import district_streets
from jobhub.stations.coverage import Circle, coverage, svg_map
from jobhub.stations.forms import BindStaffForm, EmptyForm, StationForm
from jobhub.stations.models import Station
from jobhub.stations.services import (
    StationError,
    StationInput,
    bind_staff,
    default_radius_m,
    save_station,
    unbind_staff,
)
from jobhub.stations.views import bp


def station_circles() -> tuple[Circle, ...]:
    return tuple(
        Circle(s.id, s.name, s.lat, s.lng, s.service_radius_m)
        for s in db.session.execute(db.select(Station).order_by(Station.id)).scalars()
    )


@bp.route("/admin/stations")
@allow(Role.ADMIN)
def admin_stations():
    stations = db.session.execute(db.select(Station).order_by(Station.name)).scalars().all()
    cov = coverage(station_circles(), district_streets())
    return render_template(
        "stations/admin_stations.html",
        stations=stations,
        cov=cov,
        svg=Markup(svg_map(cov)),  # noqa: S704 - built by svg_map, every text escaped there
    )


def _input(form: StationForm) -> StationInput:
    return StationInput(
        name=form.name.data,
        kind=form.kind.data,
        address=form.address.data,
        street_code=form.street_code.data,
        lat=float(form.lat.data),
        lng=float(form.lng.data),
        opening_hours=form.opening_hours.data or "",
        is_rural=bool(form.is_rural.data),
        service_radius_m=form.service_radius_m.data or None,
    )


@bp.route("/admin/stations/new", methods=["GET", "POST"])
@allow(Role.ADMIN)
def admin_new_station():
    form = StationForm()
    if form.validate_on_submit():
        station = save_station(_input(form))
        db.session.commit()
        flash(f"已创建站点：{station.name}", "success")
        return redirect(url_for("stations.admin_station", station_id=station.id))
    return render_template(
        "stations/admin_station.html",
        form=form,
        station=None,
        city_m=default_radius_m(False),
        rural_m=default_radius_m(True),
    )


@bp.route("/admin/stations/<int:station_id>", methods=["GET", "POST"])
@allow(Role.ADMIN)
def admin_station(station_id: int):
    station = db.get_or_404(Station, station_id)
    form = StationForm(obj=station)
    if form.validate_on_submit():
        save_station(_input(form), station)
        db.session.commit()
        flash("已保存", "success")
        return redirect(url_for("stations.admin_station", station_id=station.id))
    staff = db.session.execute(
        db.select(User).where(User.station_id == station.id).order_by(User.id)
    ).scalars()
    return render_template(
        "stations/admin_station.html",
        form=form,
        station=station,
        staff=list(staff),
        bind_form=BindStaffForm(),
        action_form=EmptyForm(),
        city_m=default_radius_m(False),
        rural_m=default_radius_m(True),
    )


@bp.route("/admin/stations/<int:station_id>/staff", methods=["POST"])
@allow(Role.ADMIN)
def admin_bind_staff(station_id: int):
    station = db.get_or_404(Station, station_id)
    form = BindStaffForm()
    if form.validate_on_submit():
        user = find_user_by_login(form.login.data.strip())
        if user is None:
            flash("找不到该登录名的账号", "error")
        else:
            try:
                bind_staff(station, user, current_user)
            except StationError as exc:
                db.session.rollback()
                flash(exc.message, "error")
            else:
                db.session.commit()
                flash(f"已绑定：{user.display_name}", "success")
    return redirect(url_for("stations.admin_station", station_id=station.id))


@bp.route("/admin/stations/<int:station_id>/staff/<int:user_id>/unbind", methods=["POST"])
@allow(Role.ADMIN)
def admin_unbind_staff(station_id: int, user_id: int):
    user = db.session.get(User, user_id)
    if user is None or user.station_id != station_id or not EmptyForm().validate_on_submit():
        abort(404)
    unbind_staff(user, current_user)
    db.session.commit()
    flash(f"已解除绑定：{user.display_name}", "success")
    return redirect(url_for("stations.admin_station", station_id=station_id))
