"""User content carries `lang` when the interface is in another language (WCAG 3.1.2, RGAA 8.7)."""
from flask import session
from flask_babel import refresh

from roadmap.core.i18n import content_lang, foreign_language


def _in(app, language):
    context = app.test_request_context("/")
    context.push()
    session["lang"] = language
    refresh()
    return context


def test_french_content_is_marked_in_the_english_interface_only(app):
    context = _in(app, "en")
    try:
        assert foreign_language() == "fr"
        assert str(content_lang()) == ' lang="fr"'
        assert content_lang("en") == ""  # a comment by someone who writes in English
    finally:
        context.pop()
    context = _in(app, "fr")
    try:
        assert foreign_language() == "" and content_lang() == ""
        assert str(content_lang("en")) == ' lang="en"'
    finally:
        context.pop()


def test_the_content_language_is_a_setting(app):
    app.config["CONTENT_LANGUAGE"] = "en"
    context = _in(app, "en")
    try:
        assert content_lang() == ""
    finally:
        context.pop()
