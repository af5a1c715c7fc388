"""Who may open the labour-market pages, and the layoff report: each employer reports for its
own organisation only, bad input is named and records nothing, every report is audited."""

from __future__ import annotations

import pytest

from jobhub.extensions import db
from jobhub.market.models import LayoffReport
from jobhub.security.models import AuditEvent

BUREAU_ONLY = [
    "/market/supply-demand",
    "/market/supply-demand.xlsx",
    "/market/warnings",
]


def test_wage_pages_are_public(client):
    assert client.get("/market/wages").status_code == 200
    assert client.get("/market/wages.xlsx").status_code == 200
    assert (
        client.get("/api/v1/wages?occupation=4-03-02-01&area=330106&period=2026Q3").status_code
        == 200
    )


@pytest.mark.parametrize("path", BUREAU_ONLY)
def test_bureau_pages_refuse_everyone_but_the_bureau(client, accounts, path):
    assert client.get(path).status_code == 302  # to the login page
    for role in ("seeker", "employer", "station_staff"):
        assert accounts.client_for(role).get(path).status_code == 403, role
    assert accounts.client_for("admin").get(path).status_code == 200


def test_only_employers_report_layoffs(client, accounts):
    assert client.get("/market/layoffs").status_code == 302
    for role in ("seeker", "station_staff", "admin"):
        assert accounts.client_for(role).post("/market/layoffs", data={}).status_code == 403, role


GOOD = {"headcount": "30", "planned_on": "2027-01-15", "reason": "订单减少，关闭一条生产线"}


def test_a_report_is_the_reporters_organisation_and_is_audited(app, accounts):
    first, other = accounts.client_for("employer"), accounts.client_for("employer")
    response = first.post("/market/layoffs", data=GOOD)
    assert response.status_code == 302
    assert "订单减少" in first.get("/market/layoffs").get_data(as_text=True)
    # another employer neither sees it nor can file one under another organisation
    assert "订单减少" not in other.get("/market/layoffs").get_data(as_text=True)
    other.post("/market/layoffs", data={**GOOD, "organisation_id": "1", "reason": "别家"})
    with app.app_context():
        reports = db.session.scalars(db.select(LayoffReport).order_by(LayoffReport.id)).all()
        organisations = [r.organisation_id for r in reports]
        audited = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "report_layoff")
        ).all()
    assert len(set(organisations)) == 2
    assert [a.subject_id for a in audited] == [r.id for r in reports]


@pytest.mark.parametrize(
    "change, field",
    [
        ({"headcount": ""}, "headcount"),
        ({"headcount": "0"}, "headcount"),
        ({"headcount": "1e6"}, "headcount"),
        ({"headcount": "NaN"}, "headcount"),
        ({"headcount": "9" * 30}, "headcount"),
        ({"planned_on": "2027-02-30"}, "planned_on"),
        ({"planned_on": "3027-01-01"}, "planned_on"),
        ({"reason": ""}, "reason"),
        ({"reason": "长" * 1001}, "reason"),
    ],
)
def test_bad_input_is_named_and_records_nothing(app, accounts, change, field):
    employer = accounts.client_for("employer")
    response = employer.post("/market/layoffs", data={**GOOD, **change})
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(LayoffReport)) == 0


def test_a_lone_surrogate_is_refused_not_a_500(app, accounts):
    employer = accounts.client_for("employer")
    response = employer.post(
        "/market/layoffs",
        data=b"headcount=30&planned_on=2027-01-15&reason=%ED%A0%80",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (302, 422)


@pytest.mark.parametrize(
    "args",
    [
        {"period": "2026Q9"},
        {"period": "\ud800".encode("utf-8", "surrogatepass").decode("latin-1")},
        {"area": "9" * 40},
        {"level": "NaN"},
        {"source": "x"},
        {"occupation": "9-99-99-99"},
    ],
)
def test_bad_filters_are_named_on_the_page(client, accounts, args):
    page = client.get("/market/wages", query_string=args)
    assert page.status_code == 200
    name = next(iter(args))
    if name != "level":
        assert f'id="error-{name}"' in page.get_data(as_text=True)
    admin = accounts.client_for("admin")
    assert admin.get("/market/supply-demand", query_string=args).status_code == 200
    assert admin.get("/market/warnings", query_string=args).status_code == 200
