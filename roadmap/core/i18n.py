"""Which language a page is in, and dates in the reader's locale."""
from datetime import date, datetime

from flask import current_app, has_request_context, session
from flask_babel import format_date, format_datetime
from flask_login import current_user


def select_locale():
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # commands and background jobs
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def format_iso(value, place="table"):
    """A value of a data document (ISO 8601 strings, numbers) on "My data": a moment or a day in the
    table format (`place="sentence"`: the sentence's), a decimal number in the reader's locale;
    other values as they are."""
    if isinstance(value, float):
        return number(value)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            if value.endswith("Z"):
                moment = datetime.fromisoformat(value[:-1])
                return sentence_datetime(moment) if place == "sentence" else table_datetime(moment)
            if len(value) == 10:
                day = date.fromisoformat(value)
                return sentence_date(day) if place == "sentence" else table_date(day)
        except ValueError:
            return value
    return value


# One format for a date in a sentence and one for a table, in every language of the interface:
#   in a sentence: "1 décembre 2026, 14:30" / "December 1, 2026, 2:30 PM" (a long date);
#   in a table:    "1 déc. 2026, 14:30"     / "Dec 1, 2026, 2:30 PM" (a medium date: a column
#                  stays narrow, and neither 01/12 nor 12/01 is ambiguous across languages).
# Stored datetimes are naive UTC and are shown in the reader's time zone; dates are shown as they are.

def _reader_moment(value):
    from flask_babel import to_user_timezone
    from pytz import utc

    return to_user_timezone(value if value.tzinfo else utc.localize(value))


def _day(value):
    return _reader_moment(value).date() if isinstance(value, datetime) else value


def _date_and_time(value, date_format):
    from babel import dates
    from flask_babel import get_locale

    locale = get_locale()
    moment = _reader_moment(value)
    pattern = dates.get_datetime_format(date_format, locale=locale)
    return pattern.replace("{1}", dates.format_date(moment.date(), date_format, locale=locale)) \
        .replace("{0}", dates.format_time(moment, "short", locale=locale))


def sentence_date(value):
    """A date (or the day of a datetime) inside a sentence: "1 décembre 2026"."""
    return format_date(_day(value), "long") if value else ""


def sentence_datetime(value):
    """A moment inside a sentence: "1 décembre 2026, 14:30"."""
    if not value:
        return ""
    if not isinstance(value, datetime):
        return sentence_date(value)
    return _date_and_time(value, "long")


def table_date(value):
    """A date in a table cell or a list's metadata: "1 déc. 2026"."""
    return format_date(_day(value), "medium") if value else ""


def table_datetime(value):
    """A moment in a table cell or a list's metadata: "1 déc. 2026, 14:30"."""
    if not value:
        return ""
    if not isinstance(value, datetime):
        return table_date(value)
    return _date_and_time(value, "medium")


def machine_datetime(value):
    """A stored (naive UTC) datetime for `<time datetime>`: whole seconds, as HTML's valid
    global date and time string expects (validators refuse six decimals of seconds)."""
    if not value:
        return ""
    return value.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def datetime_formatter(fmt="medium"):
    """format_datetime(value, fmt) with the reader's locale and time zone looked up once: for a page
    that shows hundreds of dates (the `datetime` filter looks them up again for each)."""
    from babel import dates
    from flask_babel import get_locale, get_timezone

    locale, zone = get_locale(), get_timezone()
    return lambda value: dates.format_datetime(value, fmt, tzinfo=zone, locale=locale) if value else ""


# Numbers in the reader's locale, with Babel's patterns for it (parsed once per locale, not per
# number): "1 234,5" / "1,234.5"; "12,5 %" / "12.5%". Counts go through `number` too (grouping),
# shares through `percent` (a ratio: 0.125 is 12.5 %). Machine-readable places keep the raw value.
_NUMBER_PATTERNS = {}


def _number_pattern(kind, fraction, locale=None):
    """(locale, pattern): the locale's "decimal" or "percent" pattern with `fraction` = (min, max)
    decimals, the locale the reader's unless given; kept by (locale, kind, fraction)."""
    from copy import copy

    from babel import Locale
    from flask_babel import get_locale

    locale = Locale.parse(locale) if locale is not None else (get_locale() or Locale.parse("fr"))
    key = (str(locale), kind, fraction)
    found = _NUMBER_PATTERNS.get(key)
    if found is None:
        pattern = copy((locale.decimal_formats if kind == "decimal" else locale.percent_formats)[None])
        pattern.frac_prec = fraction
        found = _NUMBER_PATTERNS[key] = (locale, pattern)
    return found


def _formatted(value, kind, fraction):
    if value is None or value == "":
        return ""
    locale, pattern = _number_pattern(kind, fraction)
    return pattern.apply(value, locale)


def number(value, places=2):
    """A count or a measured value: grouped, at most `places` decimals, none when whole ("1 234,5")."""
    return _formatted(value, "decimal", (0, places))


def decimal(value, places=1):
    """A figure with exactly `places` decimals ("2,0", "12,5"): averages, ratios shown as numbers."""
    return _formatted(value, "decimal", (places, places))


def percent(value, places=1):
    """A share given as a ratio (0.125), as a percentage with at most `places` decimals:
    "12,5 %" / "12.5%". A progress stored in points (0–100) is divided by 100 first."""
    return _formatted(value, "percent", (0, places))


# Each language's name in itself: a reader looks for their own language's name, whatever the
# interface's (the choices of the "Language of the text" select).
LANGUAGE_NAMES = {"fr": "Français", "en": "English", "es": "Español", "ca": "Català", "fi": "Suomi",
                  "de": "Deutsch", "it": "Italiano", "nl": "Nederlands", "pt": "Português"}


def content_languages():
    """The languages a text may be written in (the LANGUAGES setting)."""
    return tuple(current_app.config["LANGUAGES"])


def language_choices():
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in content_languages()]


def default_content_language():
    """The language of the texts written before texts knew theirs, and of texts written outside a
    request (demo data, imports): CONTENT_LANGUAGE."""
    return current_app.config.get("CONTENT_LANGUAGE") or "fr"


def writer_language():
    """The language a new text is taken to be written in unless its writer says otherwise: the
    writer's interface language (which follows their account's language)."""
    from flask_babel import get_locale

    if has_request_context():
        locale = get_locale()
        if locale is not None and str(locale.language) in content_languages():
            return str(locale.language)
    return default_content_language()


LANGUAGE_CODE_MAX = 8


def checked_language(value, default=None):
    """The language a text is said to be written in, from a form or a request: one of LANGUAGES;
    nothing said: `default`, else the writer's. Anything else: Invalid (422)."""
    from flask_babel import gettext as _

    from roadmap.core.errors import Invalid

    if not value:
        return default or writer_language()
    if value not in content_languages():
        raise Invalid(_("Choose a language from the list."))
    return value


def language_column(**kwargs):
    """The language a text is written in (a code of LANGUAGES): the writer's unless told."""
    import sqlalchemy as sa

    return sa.Column(sa.String(LANGUAGE_CODE_MAX), nullable=False, default=writer_language, **kwargs)


def foreign_language(language=None):
    """The language of a piece of user content (the shared documents' CONTENT_LANGUAGE unless
    told) when it is not the interface's, else ""."""
    from flask import current_app
    from flask_babel import get_locale

    language = language or current_app.config.get("CONTENT_LANGUAGE") or "fr"
    locale = get_locale()
    return "" if locale is not None and str(locale.language) == language else language


def content_lang(language=None):
    """` lang="fr"` on a container of user content written in another language than the
    interface's (so that a screen reader reads it in its language), nothing otherwise."""
    from markupsafe import Markup

    foreign = foreign_language(language)
    return Markup(' lang="%s"') % foreign if foreign else ""


def install_request_cached_domain(babel, domain="messages"):
    """Flask-Babel's message domain with the reader's catalog remembered for the request.

    Flask-Babel looks the catalog up again at every gettext — the locale selector's result, the
    domain, a cache keyed by the locale's name — which a page with a few hundred labels (lazy
    ones included: theme and status names) pays a few hundred times. The catalog is kept on
    Flask-Babel's own per-request namespace next to the locale object it is for: force_locale
    (e-mails in the recipient's language) sets another locale object, so the catalog is looked
    up again for it, and again when the reader's locale comes back."""
    from flask import g, has_app_context
    from flask_babel import Domain

    class RequestCachedDomain(Domain):
        def get_translations(self):
            ctx = g.get("_flask_babel") if has_app_context() else None
            if ctx is not None:
                remembered = getattr(ctx, "roadmap_translations", None)
                if remembered is not None and remembered[0] is getattr(ctx, "babel_locale", None):
                    return remembered[1]
            translations = super().get_translations()
            ctx = g.get("_flask_babel") if has_app_context() else None
            if ctx is not None and getattr(ctx, "babel_locale", None) is not None:
                ctx.roadmap_translations = (ctx.babel_locale, translations)
            return translations

    babel.domain_instance = RequestCachedDomain(domain=domain)


def _request_translations():
    from flask_babel import get_translations

    return get_translations()


def install_template_gettext(app):
    """The templates' _, gettext, ngettext, pgettext and npgettext: Jinja's "newstyle" gettext
    (escaped variables, %-formatting always), with two costs removed. The catalog is looked up
    once per request rather than once per call. And they take the evaluation context (is
    autoescape on?) rather than the whole template context: Jinja copies the whole context for a
    pass_context function called inside a loop, once per call — a version page translates a
    few hundred labels inside its loops."""
    from jinja2 import pass_eval_context
    from markupsafe import Markup

    def formatted(eval_ctx, text, variables):
        return (Markup(text) if eval_ctx.autoescape else text) % variables

    @pass_eval_context
    def gettext(eval_ctx, __string, **variables):
        return formatted(eval_ctx, _request_translations().ugettext(__string), variables)

    @pass_eval_context
    def ngettext(eval_ctx, __singular, __plural, __num, **variables):
        variables.setdefault("num", __num)
        return formatted(eval_ctx, _request_translations().ungettext(__singular, __plural, __num), variables)

    @pass_eval_context
    def pgettext(eval_ctx, __context, __string, **variables):
        variables.setdefault("context", __context)
        return formatted(eval_ctx, _request_translations().upgettext(__context, __string), variables)

    @pass_eval_context
    def npgettext(eval_ctx, __context, __singular, __plural, __num, **variables):
        variables.setdefault("context", __context)
        variables.setdefault("num", __num)
        return formatted(eval_ctx, _request_translations().unpgettext(__context, __singular, __plural, __num),
                         variables)

    # After Flask-Babel's own installation, which they replace; `_` is gettext itself, not
    # Jinja's alias (a pass_context function that resolves "gettext" at each call).
    app.jinja_env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext, pgettext=pgettext,
                                 npgettext=npgettext)


def register_template_filters(app):
    from roadmap.core.forms import explains_required_mark

    install_template_gettext(app)
    app.jinja_env.filters["machine_datetime"] = machine_datetime
    app.jinja_env.globals["content_lang"] = content_lang
    app.jinja_env.globals["foreign_language"] = foreign_language
    app.jinja_env.globals["language_choices"] = language_choices
    app.jinja_env.globals["writer_language"] = writer_language
    app.jinja_env.globals["language_name"] = lambda code: LANGUAGE_NAMES.get(code, code)
    app.jinja_env.tests["explaining_the_required_mark"] = explains_required_mark
    app.jinja_env.globals["datetime_formatter"] = datetime_formatter
    app.jinja_env.filters["data_value"] = format_iso
    app.jinja_env.filters["sentence_date"] = sentence_date
    app.jinja_env.filters["sentence_datetime"] = sentence_datetime
    app.jinja_env.filters["table_date"] = table_date
    app.jinja_env.filters["table_datetime"] = table_datetime
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["decimal"] = decimal
    app.jinja_env.filters["percent"] = percent
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt) if value else ""
    app.jinja_env.filters["datetime"] = (
        lambda value, fmt="medium": format_datetime(value, fmt) if value else ""
    )
