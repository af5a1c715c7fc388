import pytest

from tests.seekers.helpers import app, people  # noqa: F401  (fixtures shared by these folders)


@pytest.fixture
def accounts_for(make_app, tmp_path):
    """An app with config overrides, and its People helper."""
    from tests.conftest import Accounts
    from tests.seekers.helpers import People

    def build(**overrides):
        made = make_app(MATCHING_INDEX_DIR=str(tmp_path / "matching"), **overrides)
        return made, People(made, Accounts(made))

    return build
