"""The public front page and the home page of each role."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func

from jobhub.access import PUBLIC, SIGNED_IN, allow
from jobhub.auth.roles import Role
from jobhub.employers.models import Vacancy
from jobhub.employers.services import SALARY_UNITS
from jobhub.extensions import db
from jobhub.gigs.models import Gig
from jobhub.listings import search
from jobhub.stations.models import Station

bp = Blueprint("main", __name__)

_HOMES = {
    Role.SEEKER: "seekers.home",
    Role.EMPLOYER: "employers.home",
    Role.STATION_STAFF: "stations.home",
    Role.ADMIN: "admin.home",
    Role.INSTITUTION: "training.institution_home",
}


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
    return render_template(
        "main/index.html",
        counts=counts,
        vacancies=search.search(search.ListingQuery(), 1, 6)[0],  # the newest a visitor may open
        units=SALARY_UNITS,
    )


@bp.route("/home")
@allow(SIGNED_IN)
def home():
    return redirect(url_for(_HOMES[Role(current_user.role)]))
