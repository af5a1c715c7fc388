#!/bin/sh
# The image's commands (compose.yaml runs them):
#   init    keys, database roles, migrations, demo data, matching index; safe to run again
#   web     gunicorn on 0.0.0.0:8000
#   worker  the background job queues (RQ on JOBHUB_QUEUE_REDIS_URL) and the scheduled jobs,
#           put on their own queue at their times (flask worker; without a queue it runs them
#           itself); further arguments go to it (`worker --queue notices`, `--queue scheduled`)
#   jobs    one more consumer of both queues, notices first (flask jobs work)
#   other   run as given, e.g. `flask --app wsgi audit verify`
set -eu

case "${1:-web}" in
init)
    python -m jobhub.instance  # SECRET_KEY and DATA_KEY in instance/config.py, kept if present
    if [ -n "${ADMIN_DATABASE_URL:-}" ]; then
        flask --app wsgi db-roles setup --admin-url "$ADMIN_DATABASE_URL"
    fi
    flask --app wsgi db upgrade
    if [ "${SEED_DEMO:-0}" = "1" ]; then
        flask --app wsgi jobhub seed-demo
    fi
    flask --app wsgi matching rebuild
    ;;
web)
    if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
        # counts of an earlier run would be added to this one's
        rm -rf "$PROMETHEUS_MULTIPROC_DIR"
        mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
    fi
    exec gunicorn --bind "${BIND:-0.0.0.0:8000}" wsgi:app
    ;;
worker)
    shift
    exec flask --app wsgi worker "$@"
    ;;
jobs)
    exec flask --app wsgi jobs work
    ;;
*)
    exec "$@"
    ;;
esac
