"""Schema fuzzing: schemathesis generates requests for every operation of the OpenAPI document,
anonymously and with a token of each role, and checks that nothing answers 5xx and that every
answer (errors included) matches what the document says. ``make test`` runs a bounded number of
examples per operation; ``make fuzz`` runs the same test at depth (``JOBHUB_FUZZ_EXAMPLES``)."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from jobhub.extensions import db

EXAMPLES = int(os.environ.get("JOBHUB_FUZZ_EXAMPLES", "8"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
ROLES = ("seeker", "employer", "station_staff", "admin")


@pytest.fixture
def role_headers(app, accounts):
    """The headers of an anonymous caller and of a token of each role."""
    from jobhub.auth.models import User
    from jobhub.auth.tokens import create_token

    headers = {"anonymous": {}}
    for role in ROLES:
        user_id, _ = accounts.create(role)
        with app.app_context():
            token = create_token(db.session.get(User, user_id), "fuzz")
            db.session.commit()
        headers[role] = {"Authorization": f"Bearer {token}"}
    return headers


def _document() -> dict:
    """The OpenAPI document as the app serves it (no database is needed to describe it)."""
    from jobhub import create_app
    from tests.conftest import base_config, remove_index_dir

    app = create_app(base_config("sqlite://"))
    try:
        return app.test_client().get("/api/v1/openapi.json").get_json()
    finally:
        remove_index_dir(app)


schema = schemathesis.openapi.from_dict(_document())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_within_its_document(case, app, role_headers):
    for headers in role_headers.values():
        case.call_and_validate(headers=headers, checks=CHECKS, app=app)
