"""WSGI entry point: ``flask --app wsgi run`` or any WSGI server pointing at ``wsgi:app``."""

from jobhub import create_app

app = create_app()
