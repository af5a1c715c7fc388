"""gunicorn settings for JobHub: ``gunicorn wsgi:app`` reads this file from the working directory.

The app is loaded once in the master and the matching index and title classifier are loaded
there too, so the forked workers share that memory and no request pays for loading it.

Logs are JSON lines (``JOBHUB_LOG_FORMAT=text`` for plain text), gunicorn's own included.
With ``PROMETHEUS_MULTIPROC_DIR`` set, /metrics adds up every worker's counts (README, "Running
as a service"); the directory must be empty when gunicorn starts.
"""

import os

os.environ.setdefault("JOBHUB_LOG_FORMAT", "json")  # read by create_app when the app loads

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
preload_app = True
bind = "127.0.0.1:8000"
# no gunicornc control socket: nothing uses it, and the image's user has no writable home for it
control_socket_disable = True

if os.environ["JOBHUB_LOG_FORMAT"] == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "jobhub.ops.logs.JsonFormatter"}},
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "json"},
        },
        "root": {"level": "INFO", "handlers": []},  # the app adds its JSON handler when loaded
        "loggers": {
            "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            # the app writes one line per request (jobhub.request: request id, route, no query
            # string); gunicorn's access line would repeat it with the raw URL
            "gunicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }


def when_ready(server):  # gunicorn hook: the master has loaded the app, workers not yet forked
    app = server.app.wsgi()
    with app.app_context():
        from jobhub.matchsvc import warm

        warm()


def child_exit(server, worker):  # gunicorn hook: a worker ended; its live gauges go with it
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
