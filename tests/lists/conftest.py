from tests.seekers.helpers import app, people  # noqa: F401  (fixtures shared by these folders)
