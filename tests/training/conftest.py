import pytest

from tests.seekers.helpers import app, people  # noqa: F401  (fixtures shared by these folders)


@pytest.fixture
def institution(app, accounts):  # noqa: F811  (the app fixture above)
    """A signed-in institution client and its institution id."""
    from jobhub.auth.models import User
    from jobhub.extensions import db

    client = app.test_client()
    user_id, login = accounts.create("institution")
    assert accounts.login(client, login).status_code == 302
    with app.app_context():
        return client, db.session.get(User, user_id).institution_id
