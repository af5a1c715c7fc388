"""Pages for visitors: 找工作 (/vacancies) and a vacancy's public page (/vacancies/<id>)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from jobhub.access import PUBLIC, allow
from jobhub.employers.services import EMPLOYMENT_TYPES, SALARY_UNITS
from jobhub.gigs.models import PAY_UNITS
from jobhub.listings import search
from jobhub.occupations import taxonomy
from jobhub.seekers.inputs import InputError
from jobhub.seekers.places import district_streets, street_options, street_point
from jobhub.stations.admin_views import station_circles
from jobhub.stations.coverage import coverage, svg_map

bp = Blueprint("listings", __name__)

PER_PAGE = 20


def occupation_options() -> list[tuple[str, str]]:
    """The 大典's 中类 as (code, name) for the filter (a visitor picks a field of work)."""
    return [(o.code, o.name) for o in taxonomy.all_occupations() if o.level == 2]


@bp.route("/vacancies")
@allow(PUBLIC)
def index():
    errors: dict[str, str] = {}
    items: list[search.Listing] = []
    total = 0
    unavailable = False
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and 0 < len(page) < 7 and int(page) > 0 else 1
    try:
        query = search.parse_query(request.args)
    except InputError as exc:
        errors, query = exc.fields, search.ListingQuery()
    else:
        try:
            items, total = search.search(query, page, PER_PAGE)
        except search.SearchUnavailable:
            unavailable = True
    pages = max(1, -(-total // PER_PAGE))
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "listings/index.html",
        query=query,
        raw=request.args,
        errors=errors,
        items=items,
        total=total,
        page=page,
        pages=pages,
        page_args=args,
        unavailable=unavailable,
        kinds=search.KINDS,
        sorts=search.SORTS,
        streets=street_options(),
        occupations=occupation_options(),
        units={**SALARY_UNITS, **PAY_UNITS},
    )


@bp.route("/vacancies/<int:vacancy_id>")
@allow(PUBLIC)
def vacancy(vacancy_id: int):
    found = search.public_vacancy(vacancy_id)
    if found is None:
        abort(404)
    vacancy, employer = found
    point = (
        (vacancy.lat, vacancy.lng)
        if vacancy.lat is not None and vacancy.lng is not None
        else street_point(vacancy.street_code)
    )
    cov = coverage(station_circles(), district_streets())
    marker = (point[0], point[1], f"工作地点：{vacancy.work_location}") if point else None
    # built by svg_map, every text escaped there
    svg = Markup(svg_map(cov, marker=marker)) if marker else None  # noqa: S704
    apply_url = url_for("seekers.vacancy", vacancy_id=vacancy.id)
    return render_template(
        "listings/vacancy.html",
        vacancy=vacancy,
        listing=search.vacancy_listing(vacancy, employer),
        svg=svg,
        apply_url=apply_url,
        login_url=url_for("auth.login", next=apply_url),
        is_seeker=current_user.is_authenticated and current_user.role == "seeker",
        kinds=search.KINDS,
        employment_types=EMPLOYMENT_TYPES,
        units=SALARY_UNITS,
    )
