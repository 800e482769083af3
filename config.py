"""Every setting comes from the environment, with a default that is safe for a laptop."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_DIR", BASE_DIR / "instance"))


def _bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def sqlalchemy_url(url):
    """A database URL as SQLAlchemy needs it: hosting platforms hand out postgres:// URLs, and
    SQLAlchemy needs the driver named (psycopg 3)."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _database_url():
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{INSTANCE_DIR / 'roadmap.sqlite3'}"
    return sqlalchemy_url(url)


DEFAULT_SECRET_KEY = "dev-only-change-me"


class Config:
    ENV_NAME = os.environ.get("ROADMAP_ENV", "development")
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    # Larger bodies are refused with 413 before they are read (Werkzeug reads url-encoded bodies
    # whole); no upload of this application needs more.
    MAX_CONTENT_LENGTH = int(float(os.environ.get("MAX_CONTENT_MB", "4")) * 1024 * 1024)
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # PostgreSQL: connections each worker process keeps open, and how many more it may open at a
    # busy moment (closed again once returned). Too small a pool and a busy worker opens and closes
    # connections all the time (a server process forked for each); the sum over every process must
    # stay under the server's max_connections.
    DATABASE_POOL_SIZE = int(os.environ.get("DATABASE_POOL_SIZE", "10"))
    DATABASE_MAX_OVERFLOW = int(os.environ.get("DATABASE_MAX_OVERFLOW", "10"))
    # SQLite: how long a write waits for the one write lock before the request is answered 503.
    SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "5000"))
    # Live events: Redis pub/sub between workers when set, an in-process broker otherwise.
    REDIS_URL = os.environ.get("REDIS_URL", "")
    # An event stream ends after this long and the browser reconnects (so workers stop cleanly).
    LIVE_STREAM_SECONDS = float(os.environ.get("LIVE_STREAM_SECONDS", "300"))
    LIVE_HEARTBEAT_SECONDS = float(os.environ.get("LIVE_HEARTBEAT_SECONDS", "15"))
    # "streams": this process serves only the live room's event streams (and /healthz, /ping): the
    # gevent process of `make serve` (roadmap/core/serving.py, deploy/gunicorn.conf.py). "all": everything.
    SERVE_ROLE = os.environ.get("SERVE_ROLE", "all")
    INSTANCE_DIR = INSTANCE_DIR
    EXPORT_DIR = Path(os.environ.get("EXPORT_DIR", BASE_DIR / "exports"))
    # A running export with no progress for this long was killed with its process.
    EXPORT_STALE_AFTER = int(os.environ.get("EXPORT_STALE_AFTER", "600"))
    EXPORT_AUTHORS = os.environ.get("EXPORT_AUTHORS", "")
    # The PDF is laid out in a child process killed past these limits (the export then fails and
    # says why in the list). 0 MB: no memory limit.
    EXPORT_TIMEOUT = float(os.environ.get("EXPORT_TIMEOUT", "300"))
    # Publishing a version starts the export of its published content (the public PDF).
    EXPORT_ON_PUBLISH = _bool("EXPORT_ON_PUBLISH", True)
    EXPORT_MEMORY_MB = float(os.environ.get("EXPORT_MEMORY_MB", "2048"))
    # Markdown is rendered when saved, in a child process killed after this many seconds: a text
    # that takes longer is refused (Python-Markdown is quadratic in the number of `[`).
    MARKDOWN_RENDER_TIMEOUT = float(os.environ.get("MARKDOWN_RENDER_TIMEOUT", "2"))
    OUTBOX_DIR = Path(os.environ.get("OUTBOX_DIR", INSTANCE_DIR / "outbox"))
    # The job queue (roadmap/core/queue.py): Redis when REDIS_URL is set, otherwise this SQLite file.
    JOBS_SQLITE_PATH = os.environ.get("JOBS_SQLITE_PATH", "")
    # `make run` sets it: the dev server runs the queue's consumer in a thread of its own.
    JOBS_IN_PROCESS = _bool("JOBS_IN_PROCESS")
    # A failed job (an SMTP server down) is retried this many times, after JOB_RETRY_DELAY seconds,
    # doubled each time (60 s, 2 min, 4 min ... about 17 hours in all with 10 retries).
    JOB_RETRIES = int(os.environ.get("JOB_RETRIES", "10"))
    JOB_RETRY_DELAY = int(os.environ.get("JOB_RETRY_DELAY", "60"))
    # Unsubscribe links in e-mails stay valid this long (seconds).
    UNSUBSCRIBE_MAX_AGE = int(os.environ.get("UNSUBSCRIBE_MAX_AGE", str(365 * 24 * 3600)))

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", True)
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Feuille de route <no-reply@localhost>")
    # Links in e-mails must be absolute; behind a proxy the request host may be wrong.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")

    BABEL_DEFAULT_LOCALE = os.environ.get("DEFAULT_LANGUAGE", "fr")
    # The language the shared documents (roadmap, SWOTs, cards) are written in: marked with `lang`
    # when the interface is in another one, so that a screen reader reads them in their language.
    CONTENT_LANGUAGE = os.environ.get("CONTENT_LANGUAGE", "fr")
    BABEL_DEFAULT_TIMEZONE = os.environ.get("DEFAULT_TIMEZONE", "Europe/Paris")
    LANGUAGES = ("fr", "en")
    # A machine translation engine for the translation forms' suggestions, off by default ("");
    # "libretranslate" (a server on the closed network at MACHINE_TRANSLATION_URL) or "argos"
    # (argostranslate installed by the operator; models from files, comma-separated paths in
    # MACHINE_TRANSLATION_ARGOS_MODELS). See roadmap/machine_translation and the README.
    MACHINE_TRANSLATION = os.environ.get("MACHINE_TRANSLATION", "")
    MACHINE_TRANSLATION_URL = os.environ.get("MACHINE_TRANSLATION_URL", "")
    MACHINE_TRANSLATION_API_KEY = os.environ.get("MACHINE_TRANSLATION_API_KEY", "")
    MACHINE_TRANSLATION_TIMEOUT = float(os.environ.get("MACHINE_TRANSLATION_TIMEOUT", "10"))
    MACHINE_TRANSLATION_ARGOS_MODELS = tuple(
        p for p in os.environ.get("MACHINE_TRANSLATION_ARGOS_MODELS", "").split(",") if p.strip())

    INVITATION_MAX_AGE = int(os.environ.get("INVITATION_MAX_AGE", str(7 * 24 * 3600)))
    RESET_MAX_AGE = int(os.environ.get("RESET_MAX_AGE", str(3600)))
    # Failed log-ins are counted over LOGIN_FAILURE_WINDOW seconds. For one account from one address,
    # the first LOGIN_FREE_FAILURES cost nothing, then each one makes the next try wait twice as long,
    # from LOGIN_FIRST_DELAY seconds up to the window: the attacker waits, the owner elsewhere does not.
    LOGIN_FAILURE_WINDOW = int(os.environ.get("LOGIN_FAILURE_WINDOW", "900"))
    LOGIN_FREE_FAILURES = int(os.environ.get("LOGIN_FREE_FAILURES", "3"))
    LOGIN_FIRST_DELAY = int(os.environ.get("LOGIN_FIRST_DELAY", "30"))
    # One address trying many accounts is paused after this many failures within the window.
    LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_MAX_FAILURES_PER_ADDRESS", "20"))
    # The owner is told by e-mail when their account reaches this many failures within the window.
    LOGIN_NOTICE_AFTER = int(os.environ.get("LOGIN_NOTICE_AFTER", "5"))
    # "Forgot password": per address (answered 429) and per account (no more e-mails, same answer).
    RESET_REQUEST_WINDOW = int(os.environ.get("RESET_REQUEST_WINDOW", "3600"))
    RESET_MAX_PER_ADDRESS = int(os.environ.get("RESET_MAX_PER_ADDRESS", "10"))
    RESET_MAX_PER_ACCOUNT = int(os.environ.get("RESET_MAX_PER_ACCOUNT", "3"))
    # How many reverse proxies in front of the application set X-Forwarded-For/-Proto (0: none, and
    # the headers are ignored, since any client can send them).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", ENV_NAME == "production")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_DURATION = int(os.environ.get("REMEMBER_DAYS", "30")) * 24 * 3600
    # A workshop page stays open all day: the CSRF token must outlive it.
    WTF_CSRF_TIME_LIMIT = int(os.environ.get("WTF_CSRF_TIME_LIMIT", str(24 * 3600)))
    WTF_CSRF_SSL_STRICT = True
    # Per-process cache of rendered read pages (roadmap/core/page_cache.py); 0 MB turns it off.
    PAGE_CACHE_MB = float(os.environ.get("PAGE_CACHE_MB", "64"))
    PAGE_CACHE_SECONDS = float(os.environ.get("PAGE_CACHE_SECONDS", "30"))
    # Per-process cache of the HTML fragments every reader sees alike (roadmap/core/fragments.py:
    # comment cards), shared across people; 0 MB turns it off.
    FRAGMENT_CACHE_MB = float(os.environ.get("FRAGMENT_CACHE_MB", "16"))
    # Values computed from the database, the same for everybody (the home page's progress table),
    # kept while the tables they read are unchanged (roadmap/core/data_memo.py); 0: off.
    DATA_MEMO_ENTRIES = int(os.environ.get("DATA_MEMO_ENTRIES", "512"))


class TestConfig(Config):
    TESTING = True
    DEFERRED_WORK_INLINE = True  # e-mails "sent after the answer" are in the outbox when the test reads it
    EXPORT_ON_PUBLISH = False  # a PDF per publication would slow every test that publishes; tested on its own
    # A loaded CI machine is not a pathological text: the tests of the time bound set it low themselves.
    MARKDOWN_RENDER_TIMEOUT = 20
    SECRET_KEY = "test-secret"
    WTF_CSRF_ENABLED = True
    SERVER_NAME = None
