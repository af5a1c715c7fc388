"""Default settings as plain constants.

Read in order by ``create_app``: these defaults, then ``instance/config.py``, then ``JOBHUB_*``
environment variables, then a test config. Nothing here touches the environment or the disk.
"""

from datetime import timedelta

# Database: ``None`` means SQLite at instance/jobhub.sqlite3 (filled in by the factory).
SQLALCHEMY_DATABASE_URI: str | None = None
# PostgreSQL with two roles (README, "数据库角色"): the app connects as the app's role above,
# and `flask db upgrade` as the owner through this URL; None: migrations use the URL above.
MIGRATION_DATABASE_URI: str | None = None
SQLALCHEMY_TRACK_MODIFICATIONS = False
SQLITE_BUSY_TIMEOUT_MS = 15000

# Sessions: short-lived, HttpOnly, SameSite; Secure in production (set JOBHUB_SESSION_COOKIE_SECURE=1
# behind HTTPS). Flask-Login's 365-day remember cookie is never issued.
SESSION_COOKIE_NAME = "jobhub_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = False
PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
REMEMBER_COOKIE_DURATION = timedelta(seconds=0)

# Requests larger than this are refused with 413 before any view reads them.
MAX_CONTENT_LENGTH = 2 * 1024 * 1024
# A department's list uploaded on 名单导入 (100,000 rows of xlsx are about 6 MB).
IMPORT_MAX_CONTENT_LENGTH = 40 * 1024 * 1024
# Where an uploaded list waits for 确认导入 (deleted once imported, or after a day); None:
# instance/imports. It holds ID numbers in clear: keep it on the instance's own disk.
IMPORT_UPLOAD_DIR: str | None = None

# Passwords: Werkzeug's default scrypt (N=2^15, r=8, p=1) is below OWASP ASVS 5.0; p=3 meets the
# OWASP password-storage minimum for N=2^15 (see shared/docs/security-baseline.md).
PASSWORD_HASH_METHOD = "scrypt:32768:8:3"

# Throttling (Flask-Limiter, jobhub/auth/throttle.py): failed logins, wrong codes and SMS sends
# are counted per account and per client address; over a limit the step answers 429 until the
# window passes. The per-account limit is strict and stepped (n per window, 2n per 12 windows,
# 4n per 288 windows) so a flood slows that one account down; the per-address limit is
# generous, since many people share one address behind a NAT. Nothing is locked.
LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
LOGIN_MAX_FAILURES_PER_IP = 100
LOGIN_WINDOW_SECONDS = 300
SMS_LIMITS_PER_PHONE = "3 per 10 minute; 10 per day"
SMS_LIMITS_PER_IP = "30 per hour"
# "memory://" keeps counters in this process (development); production sets
# JOBHUB_RATELIMIT_STORAGE_URI=redis://host:6379/0 so that every worker shares them.
RATELIMIT_STORAGE_URI = "memory://"

WTF_CSRF_TIME_LIMIT = 3600

# Personal-data keys: base64 of 32 random bytes, set in instance/config.py (``make run``
# writes one) or JOBHUB_DATA_KEY. Never committed. The app refuses to start without one.
DATA_KEY: str | None = None
SECRET_KEY: str | None = None

# flask-smorest / OpenAPI
API_TITLE = "JobHub 公共就业服务平台 API"
API_VERSION = "v1"
OPENAPI_VERSION = "3.0.3"
OPENAPI_URL_PREFIX = "/api/v1"
OPENAPI_JSON_PATH = "openapi.json"

# Text messages and e-mail (jobhub/messaging.py): "file" writes them to MESSAGE_OUTBOX_DIR
# (None: instance/outbox) for development; production names the bureau's gateway class,
# "package.module:Class", built with this config.
MESSAGE_GATEWAY = "file"
# Background jobs (jobhub/jobs.py): RQ on this Redis (JOBHUB_QUEUE_REDIS_URL, e.g.
# redis://redis:6379/1) with `flask worker` running the queue; None runs each job inline.
QUEUE_REDIS_URL: str | None = None
QUEUE_NAME = "jobhub"
# How often a failed job is tried again (after 10 s, 1 min, 5 min) before it is listed as failed.
QUEUE_RETRIES = 3
# Batch work in partitions (jobhub/partitions.py: ranking everyone, the policy refresh) runs on
# dask.distributed: a local cluster of one process per core unless JOBHUB_DASK_SCHEDULER names
# a scheduler (tcp://host:8786), whose workers run `dask worker tcp://host:8786 --nthreads 1`.
# Read from the environment by jobhub.partitions, so scripts outside the app see it too.
# Where people reach the platform, for the addresses in texts and e-mail (JOBHUB_PUBLIC_URL).
PUBLIC_URL = "http://127.0.0.1:5000"
MESSAGE_OUTBOX_DIR: str | None = None
# Texts a person may get from notifications (站内消息) in one day (Asia/Shanghai); the rest
# reach the inbox only. Verification codes do not count.
NOTICE_SMS_DAILY_CAP = 3
# SMS verification codes (registration, password reset): valid this long, this many tries.
SMS_CODE_MINUTES = 10
SMS_CODE_MAX_ATTEMPTS = 5
# Staff and admins sign in with a second factor (TOTP, RFC 6238); the issuer shown in their
# authenticator app, and how long a half-finished sign-in waits for the code.
TOTP_ISSUER = "JobHub 就业服务平台"
SECOND_FACTOR_MINUTES = 5

# Occupation corrections (jobhub/coding): a title's code people chose over the classifier's takes
# effect once this many distinct users made the same choice (or an admin accepted it).
OCCUPATION_CORRECTION_QUORUM = 3

# Labour-market figures (jobhub/market): a wage cell with fewer distinct employers than this is
# suppressed (its percentiles are never shown), so no one employer's pay can be read from it.
MARKET_MIN_EMPLOYERS = 5

# Which region profile the policy engine and the matching engine use: a profile shipped in
# jobhub/policy/profiles/, or the bureau's own TOML file of that name in REGION_PROFILE_DIR
# (its ``extends`` may name a shipped one). Checked at start: a malformed file stops the app,
# naming the file and the field.
REGION_PROFILE = "default"
REGION_PROFILE_DIR: str | None = None
# Where the fitted matching index lives; None: instance/matching.
MATCHING_INDEX_DIR: str | None = None
# How often a process looks for vacancies and gigs changed by other processes (seconds).
MATCHING_SYNC_SECONDS = 1.0
# The nightly policy refresh (flask lists refresh): dask worker processes on this machine, or 0
# to run its partitions one after the other in the command's own process (JOBHUB_DASK_SCHEDULER
# names a cluster instead).
POLICY_REFRESH_WORKERS = 2
# Re-evaluate a person's stored lists row in the commit that changes their facts (tests that
# load people in bulk may turn it off).
POLICY_REFRESH_ON_CHANGE = True

# Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host are trusted (0: none).
# Behind nginx set JOBHUB_PROXY_FIX_HOPS=1, so that client addresses (login throttling) and
# HTTPS (Secure cookies, Strict-Transport-Security) are seen as the client sent them.
PROXY_FIX_HOPS = 0

# Minimum-wage profile for posting review, gigs and subsidies (jobhub/postings/wages.toml).
# Unset: the profile of the city of the streets set up with ``flask region setup`` (杭州市 for the
# demo). Set it (JOBHUB_MINIMUM_WAGE_REGION=beijing) only to override that choice.
MINIMUM_WAGE_REGION: str | None = None
# Plausible ceiling of gig pay per unit ({"hour": 300, "day": 1500}); a gig paying more is held
# for station staff with a finding instead of being published. A unit not given here takes the
# general fallback ceiling of jobhub/postings/wages.toml (300 元/小时, 1500 元/天 today).
GIG_PAY_CEILING: dict[str, float] = {}

JSON_AS_ASCII = False

# Logs (README, "Running as a service"): "text" leaves Flask's logging as it is; "json" writes one
# JSON object per line on stderr, with a line per request carrying its X-Request-ID. gunicorn
# (gunicorn.conf.py) and the Docker image default to "json".
LOG_FORMAT = "text"
LOG_LEVEL = "INFO"
# Who may read /metrics: addresses in these networks (comma-separated CIDRs), or anyone sending
# "Authorization: Bearer <METRICS_TOKEN>". Behind a reverse proxy set PROXY_FIX_HOPS, or every
# request would come from the proxy's address.
METRICS_NETWORKS = "127.0.0.1/32,::1/128"
METRICS_TOKEN: str | None = None
