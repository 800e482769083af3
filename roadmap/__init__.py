"""Feuille de route: the European Self Data territorial roadmap, written together."""
from flask import Flask, g
from flask_login import current_user

from config import DEFAULT_SECRET_KEY, Config
from roadmap.core.errors import register_error_handlers
from roadmap.core.i18n import install_request_cached_domain, register_template_filters, select_locale
from roadmap.core.security import add_security_headers
from roadmap.core.sqlite import configure_sqlite
from roadmap.extensions import babel, csrf, db, login_manager, migrate

from pathlib import Path

# Each feature ships its own catalog (roadmap/<feature>/translations), merged by Flask-Babel,
# so that features never edit one shared .po file.
TRANSLATION_DIRECTORIES = ";".join(
    ["translations"] + sorted(str(p.relative_to(Path(__file__).parent))
                              for p in Path(__file__).parent.glob("*/translations"))
)


def _size_the_pool(config):
    """PostgreSQL's connection pool as configured (SQLite keeps SQLAlchemy's own choice)."""
    if str(config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql"):
        options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options.setdefault("pool_size", config.get("DATABASE_POOL_SIZE", 10))
        options.setdefault("max_overflow", config.get("DATABASE_MAX_OVERFLOW", 10))
        config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def create_app(config_object=Config, **overrides):
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_path=str(config_object.INSTANCE_DIR),
    )
    app.config.from_object(config_object)
    app.config.update(overrides)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", TRANSLATION_DIRECTORIES)
    refuse_unsafe_production_config(app.config)
    app.config["INSTANCE_DIR"].mkdir(parents=True, exist_ok=True)

    from roadmap.core.deferred import init_deferred_work

    init_deferred_work(app)  # before db.init_app: see its docstring
    _size_the_pool(app.config)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    install_request_cached_domain(babel)
    _init_login(app)
    with app.app_context():
        configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])

    from roadmap.core.params import register_converters

    register_converters(app)  # before any route is added: every <int:...> is bounded
    _register_blueprints(app)
    from roadmap.core.serving import init_serve_role

    init_serve_role(app)
    from roadmap.core.data_versions import track_tables
    from roadmap.core.page_cache import init_page_cache

    with app.app_context():
        track_tables(db.engine, db.metadata)  # after the blueprints: every model is imported
    init_page_cache(app)
    from roadmap.core.data_memo import init_data_memo
    from roadmap.core.fragments import init_fragment_cache

    init_fragment_cache(app)
    init_data_memo(app)
    register_error_handlers(app)
    register_template_filters(app)
    app.after_request(add_security_headers)
    from roadmap.core.caching import set_cache_policy

    app.after_request(set_cache_policy)
    _register_template_globals(app)
    _register_cli(app)
    from roadmap.core.requests import TrustedProxies

    app.wsgi_app = TrustedProxies(app)
    _start_dev_consumer(app)
    return app


def _start_dev_consumer(app):
    """`make run`: the dev server (`flask run`) consumes the job queue in a thread of its own. Never
    under gunicorn: there the consumer is its own process (`flask --app wsgi jobs`)."""
    import sys

    if app.config.get("JOBS_IN_PROCESS") and "run" in sys.argv[1:] and not app.extensions["huey"].immediate:
        from roadmap.core.queue import start_consumer_thread

        start_consumer_thread(app)


class UnsafeConfiguration(RuntimeError):
    """The application must not start with this configuration."""


def refuse_unsafe_production_config(config):
    """In production, anyone who knows the default key could sign a session cookie or a reset link."""
    if config.get("ENV_NAME") != "production":
        return
    key = config.get("SECRET_KEY") or ""
    if key == DEFAULT_SECRET_KEY or len(key) < 16:
        raise UnsafeConfiguration(
            "ROADMAP_ENV=production needs its own SECRET_KEY (a long random value, at least 16 characters, "
            "e.g. python3 -c 'import secrets; print(secrets.token_hex(32))'); refusing to start with "
            + ("the default one." if key == DEFAULT_SECRET_KEY else "this one.")
        )


def _init_login(app):
    import roadmap.core.audit  # noqa: F401  (its table belongs to the schema)
    import roadmap.core.once  # noqa: F401  (likewise)
    from roadmap.accounts.models import User

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"

    from flask_babel import lazy_gettext as _l
    login_manager.login_message = _l("Please log in to see this page.")

    @login_manager.user_loader
    def load_user(user_id):
        ident, _sep, token = (user_id or "").partition(":")
        if not ident.isdigit():
            return None
        user = db.session.get(User, int(ident))
        if user is None or not token or user.session_token != token or not user.active:
            return None
        return user


def _register_blueprints(app):
    from roadmap.accounts.routes import bp as accounts_bp
    from roadmap.core.health import bp as health_bp
    from roadmap.drafts.routes import bp as drafts_bp
    from roadmap.privacy.routes import bp as privacy_bp
    from roadmap.process.routes import bp as process_bp
    from roadmap.swot.routes import bp as swot_bp
    from roadmap.territories.routes import bp as territories_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(territories_bp)
    app.register_blueprint(process_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(swot_bp)
    app.register_blueprint(drafts_bp)

    # Order matters: the home page's columns and the "my data" sections follow the process.
    from roadmap import workshops
    from roadmap.accounts.personal_data import PROVIDERS as ACCOUNT_DATA
    from roadmap.drafts.personal_data import PROVIDERS as ROADMAP_DATA
    from roadmap.drafts.queries import comments_column
    from roadmap.privacy.registry import register_personal_data
    from roadmap.process.progress import register_progress_column
    from roadmap.swot.personal_data import PROVIDERS as SWOT_DATA
    from roadmap.swot.queries import progress_column as swot_column
    from roadmap.territories.progress import members_column

    for provider in ACCOUNT_DATA + SWOT_DATA:
        register_personal_data(app, provider)
    register_progress_column(app, members_column)
    register_progress_column(app, swot_column)
    app.extensions.setdefault("territory_partials", []).append("swot/_territory_section.html")
    workshops.register(app)  # its blueprints, progress column, territory section and personal data
    for provider in ROADMAP_DATA:
        register_personal_data(app, provider)
    register_progress_column(app, comments_column)

    from roadmap.api.routes import bp as api_bp
    from roadmap.exports.builtin import register_builtin_parts
    from roadmap.exports.routes import bp as exports_bp

    app.register_blueprint(exports_bp)
    app.register_blueprint(api_bp)
    from roadmap.notifications.routes import bp as notifications_bp
    from roadmap.notifications.routes import unread_notifications

    app.register_blueprint(notifications_bp)
    from roadmap import search

    search.register(app)  # the index's hooks, /search, the header's search box and places
    from roadmap import content_translations

    content_translations.register(app)  # translations of SWOT items, cards and comments on request
    app.jinja_env.globals["unread_notifications"] = unread_notifications
    from roadmap import glossary, home
    from roadmap.invitations.routes import bp as invitations_bp

    app.register_blueprint(invitations_bp)
    home.register(app)  # the home page's "what is waiting for you", the territory page's next step
    glossary.register(app)

    from roadmap.notifications.routes import email_preferences_form

    app.jinja_env.globals["email_preferences_form"] = email_preferences_form
    from roadmap.notifications.personal_data import PROVIDERS as NOTIFICATION_DATA

    for provider in NOTIFICATION_DATA:
        register_personal_data(app, provider)
    # Document parts of the consolidated PDF and the open data (roadmap/exports/parts.py).
    register_builtin_parts(app)
    from roadmap import editions

    editions.register(app)  # its pages, and the hooks of the roadmap's pages and publication
    from roadmap.exports.roadmap_parts import register_roadmap_parts

    register_roadmap_parts(app)
    from roadmap.exports.on_publish import register_export_on_publish

    register_export_on_publish(app)
    from roadmap.exports.use_case_parts import register_use_case_parts

    register_use_case_parts(app)
    from roadmap.exports.workshop_parts import register_workshop_parts

    register_workshop_parts(app)
    from roadmap.exports.swot_parts import register_swot_parts

    register_swot_parts(app)
    from roadmap import followup

    followup.register(app)  # after the API: its /api/v1 routes join the same OpenAPI document


def _register_template_globals(app):
    from babel import Locale
    from flask_babel import get_locale

    from roadmap.accounts.labels import ROLE_LABELS
    from roadmap.privacy.labels import AUDIT_ACTIONS, FIELD_LABELS
    from roadmap.core.timeutil import utcnow
    from roadmap.process.labels import STEP_STATES, STEP_TITLES
    from roadmap.territories.forms import ORGANISATION_KIND_LABELS, TERRITORY_KIND_LABELS

    def country_name(code):
        locale = get_locale() or Locale.parse(app.config["BABEL_DEFAULT_LOCALE"])
        return locale.territories.get((code or "").upper(), code)

    from markupsafe import Markup

    # Markdown is rendered once, when saved (roadmap.core.markdown_bounds); pages show the stored,
    # already sanitised HTML through this filter. There is deliberately no filter that renders
    # Markdown on every page view.
    app.jinja_env.filters["stored_html"] = lambda html: Markup(html or "")
    app.jinja_env.globals.update(
        role_labels=ROLE_LABELS, now_utc=utcnow, step_titles=STEP_TITLES, step_states=STEP_STATES,
        territory_kinds=TERRITORY_KIND_LABELS, organisation_kinds=ORGANISATION_KIND_LABELS,
        country_name=country_name, audit_actions=AUDIT_ACTIONS, field_labels=FIELD_LABELS,
    )
    # Features add sections to a territory's page (their SWOT, their use cases) here.
    app.extensions.setdefault("territory_partials", [])

    @app.context_processor
    def _globals():
        return {
            "current_locale": str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]),
            "territory_partials": app.extensions["territory_partials"],
        }

    @app.before_request
    def _remember_user():
        g.user = current_user


def _register_cli(app):
    from roadmap.cli import register_commands

    register_commands(app)

    from roadmap.exports.cli import register_export_commands

    register_export_commands(app)

    from roadmap.notifications.cli import register_notification_commands

    register_notification_commands(app)
