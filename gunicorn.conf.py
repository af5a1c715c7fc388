"""gunicorn settings for JobHub: ``gunicorn wsgi:app`` reads this file from the working directory.

The app is loaded once in the master and the matching index and title classifier are loaded
there too, so the forked workers share that memory and no request pays for loading it.
"""

workers = 2
preload_app = True
bind = "127.0.0.1:8000"


def when_ready(server):  # gunicorn hook: the master has loaded the app, workers not yet forked
    app = server.app.wsgi()
    with app.app_context():
        from jobhub.matchsvc import warm

        warm()
