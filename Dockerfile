# JobHub web, worker and one-off commands in one image: `docker compose up` (compose.yaml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first (a code change does not reinstall them), pinned by constraints.txt.
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies'], sep='\n')" > /tmp/requirements.txt \
 && pip install -c constraints.txt -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt

# The app runs from its source folder (templates/, static/ and migrations/ sit beside jobhub/).
COPY wsgi.py gunicorn.conf.py ./
COPY docker/entrypoint.sh /usr/local/bin/jobhub-entrypoint
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static
COPY jobhub ./jobhub

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin jobhub \
 && mkdir -p /app/instance \
 && chown jobhub:jobhub /app/instance \
 && chmod 0755 /usr/local/bin/jobhub-entrypoint
USER jobhub

ENV PYTHONPATH=/app \
    FLASK_APP=wsgi \
    JOBHUB_LOG_FORMAT=json \
    PROMETHEUS_MULTIPROC_DIR=/tmp/jobhub-metrics

EXPOSE 8000
# liveness: the process answers (readiness, /readyz, is the compose file's healthcheck of web)
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

ENTRYPOINT ["jobhub-entrypoint"]
CMD ["web"]
