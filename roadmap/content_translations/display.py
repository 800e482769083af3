"""What a page shows of the translations: for a reader whose interface language is not the text's,
the translation into their language when there is one.

A view (or the query that loads a page's texts) calls `prime(kind, ids)` once: one query for all
the texts of the page. `shown_translation` then reads what was loaded; a text that was not primed
is looked up alone (correct, but one query more: prime the pages that list many).

It reads the reader's language, never the reader: a shared fragment (core/fragments.py, keyed by the
reader's language) may call it, with `translation_key(...)` in its key.
"""
from flask import g, has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from roadmap.content_translations import service


def reader_language():
    locale = get_locale()
    return str(locale.language) if locale is not None else ""


def _loaded():
    if not has_request_context():
        return None
    loaded = g.get("_short_translations")
    if loaded is None:
        loaded = g._short_translations = {}
    return loaded


def prime(kind, object_ids):
    """Load the translations into the reader's language of these texts (one query)."""
    loaded = _loaded()
    if loaded is None:
        return
    known = loaded.setdefault(kind, {})
    missing = [i for i in set(object_ids) if i is not None and i not in known]
    if not missing:
        return
    found = service.translations_for_page(kind, missing, reader_language())
    for object_id in missing:
        known[object_id] = found.get(object_id)


def prime_comments(found):
    """Prime the translations of comments and their replies, given as lists or dicts of lists of
    comments, however nested (a version page's threads by section and paragraph)."""
    ids = []

    def walk(value):
        if isinstance(value, dict):
            for inner in value.values():
                walk(inner)
        elif isinstance(value, (list, tuple)):
            for inner in value:
                walk(inner)
        elif value is not None and hasattr(value, "body"):
            ids.append(value.id)
            if value.parent_id is None:
                walk(list(value.replies))

    walk(found)
    prime("comment", ids)
    return ""


def shown_translation(kind, object_id, text_language):
    """The translation to show instead of a text written in `text_language`, or None."""
    language = reader_language()
    loaded = _loaded()
    if not language or language == text_language or loaded is None:
        return None
    known = loaded.setdefault(kind, {})
    if object_id not in known:
        prime(kind, [object_id])
    return known.get(object_id)


def translation_key(kind, object_id, text_language, original_text):
    """What the translation shown for this text adds to a shared fragment's key."""
    translation = shown_translation(kind, object_id, text_language)
    return translation.shown_as(original_text) if translation is not None else None


def language_in_interface(code):
    """A language's name in the interface's language ("anglais", "French")."""
    from babel import Locale

    try:
        return Locale.parse(code).get_display_name(get_locale()) or code
    except (ValueError, TypeError, LookupError):
        return code


# "from French" as a phrase of its own: French says "du français" but "de l'anglais".
FROM_LANGUAGE = {"fr": _l("from French"), "en": _l("from English"), "es": _l("from Spanish"),
                 "ca": _l("from Catalan"), "fi": _l("from Finnish"), "de": _l("from German"),
                 "it": _l("from Italian"), "nl": _l("from Dutch"), "pt": _l("from Portuguese")}


def from_language(code):
    phrase = FROM_LANGUAGE.get(code)
    return str(phrase) if phrase is not None else code


def register_template_globals(app):
    app.jinja_env.globals.update(shown_translation=shown_translation, translation_key=translation_key,
                                 prime_translations=prime, prime_comment_translations=prime_comments,
                                 reader_language=reader_language,
                                 language_in_interface=language_in_interface,
                                 from_language=from_language)
