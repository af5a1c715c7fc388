"""The public front page and the home page of each role."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func

from jobhub.access import PUBLIC, SIGNED_IN, allow
from jobhub.auth.models import User
from jobhub.auth.roles import Role
from jobhub.employers.models import Organisation, Vacancy
from jobhub.extensions import db
from jobhub.gigs.models import Gig
from jobhub.seekers.models import Person
from jobhub.stations.models import Station

bp = Blueprint("main", __name__)

_HOMES = {
    Role.SEEKER: "main.seeker_home",
    Role.EMPLOYER: "main.employer_home",
    Role.STATION_STAFF: "main.station_home",
    Role.ADMIN: "main.admin_home",
}


def _published_vacancies(limit: int):
    return (
        db.session.execute(
            db.select(Vacancy)
            .where(Vacancy.status == "published")
            .order_by(Vacancy.published_at.desc(), Vacancy.id.desc())
            .limit(limit)
        )
        .scalars()
        .all()
    )


@bp.route("/")
@allow(PUBLIC)
def index():
    counts = {
        "vacancies": db.session.scalar(
            db.select(func.count()).select_from(Vacancy).where(Vacancy.status == "published")
        ),
        "gigs": db.session.scalar(
            db.select(func.count()).select_from(Gig).where(Gig.status == "open")
        ),
        "stations": db.session.scalar(db.select(func.count()).select_from(Station)),
    }
    return render_template("main/index.html", counts=counts, vacancies=_published_vacancies(6))


@bp.route("/home")
@allow(SIGNED_IN)
def home():
    return redirect(url_for(_HOMES[Role(current_user.role)]))


@bp.route("/seeker/")
@allow(Role.SEEKER)
def seeker_home():
    person = db.session.execute(
        db.select(Person).where(Person.user_id == current_user.id)
    ).scalar_one_or_none()
    return render_template(
        "main/seeker_home.html", person=person, vacancies=_published_vacancies(10)
    )


@bp.route("/employer/")
@allow(Role.EMPLOYER)
def employer_home():
    organisation = db.session.get(Organisation, current_user.organisation_id)
    vacancies = (
        db.session.execute(
            db.select(Vacancy)
            .where(Vacancy.organisation_id == current_user.organisation_id)
            .order_by(Vacancy.id.desc())
        )
        .scalars()
        .all()
    )
    return render_template(
        "main/employer_home.html", organisation=organisation, vacancies=vacancies
    )


@bp.route("/station/")
@allow(Role.STATION_STAFF)
def station_home():
    station = db.session.get(Station, current_user.station_id) if current_user.station_id else None
    gigs = []
    if station is not None:
        gigs = (
            db.session.execute(
                db.select(Gig)
                .where(Gig.station_id == station.id, Gig.status == "open")
                .order_by(Gig.work_date, Gig.start_time)
            )
            .scalars()
            .all()
        )
    return render_template("main/station_home.html", station=station, gigs=gigs)


@bp.route("/admin/")
@allow(Role.ADMIN)
def admin_home():
    by_role = dict(db.session.execute(db.select(User.role, func.count()).group_by(User.role)).all())
    stations = db.session.execute(db.select(Station).order_by(Station.name)).scalars().all()
    return render_template("main/admin_home.html", by_role=by_role, stations=stations)
