"""The templates' gettext (roadmap/core/i18n.py install_template_gettext): Jinja's newstyle
behaviour — variables escaped in HTML, not in plain text — the reader's catalog, force_locale for
e-mails, and no copy of the template context per call inside a loop."""
from flask_babel import force_locale
from jinja2.runtime import Context

# A loop that sets a variable, as the version page's do: Jinja hands such variables to a
# pass_context function by copying the whole context.
LOOP = ('{% for name in names %}{% set title = name %}{{ _("Reply") }} {{ _("paragraph %(n)d of “%(title)s”", n=loop.index, title=title) }}'
        '{{ ngettext("%(num)d comment on this paragraph", "%(num)d comments on this paragraph", loop.index) }}|'
        '{% endfor %}')


def _render(app, source, autoescape=True, **context):
    env = app.jinja_env.overlay(autoescape=autoescape)
    return env.from_string(source).render(**context)


def test_variables_are_escaped_in_html_and_not_in_plain_text(app):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        html = _render(app, LOOP, names=["<b>Données</b>"])
        text = _render(app, LOOP, autoescape=False, names=["<b>Données</b>"])
    assert "Répondre paragraphe 1 de « &lt;b&gt;Données&lt;/b&gt; »1 commentaire sur ce paragraphe|" == html
    assert "Répondre paragraphe 1 de « <b>Données</b> »1 commentaire sur ce paragraphe|" == text


def test_force_locale_changes_the_catalog_and_back(app):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert _render(app, '{{ _("Reply") }}') == "Répondre"
        with force_locale("en"):
            assert _render(app, '{{ _("Reply") }}') == "Reply"
        assert _render(app, '{{ _("Reply") }}') == "Répondre"


def test_plurals_follow_the_number(app):
    source = '{{ ngettext("%(num)d comment on this paragraph", "%(num)d comments on this paragraph", n) }}'
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert _render(app, source, n=1) == "1 commentaire sur ce paragraphe"
        assert _render(app, source, n=3) == "3 commentaires sur ce paragraphe"


def test_no_context_copy_per_translation_in_a_loop(app, monkeypatch):
    derived = []
    original = Context.derived
    monkeypatch.setattr(Context, "derived", lambda self, *a, **k: derived.append(1) or original(self, *a, **k))
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        _render(app, LOOP, names=[f"Section {n}" for n in range(50)])
    assert derived == []


def test_the_python_side_follows_force_locale_and_refresh(app):
    """Lazy labels and Python's gettext go through the same request-cached catalog."""
    from flask import g
    from flask_babel import gettext, lazy_gettext, refresh

    with app.test_request_context(headers={"Accept-Language": "fr"}):
        label = lazy_gettext("Reply")
        assert (str(label), gettext("Reply")) == ("Répondre", "Répondre")
        with force_locale("en"):
            assert (str(label), gettext("Reply")) == ("Reply", "Reply")
        assert str(label) == "Répondre"
        refresh()  # after a change of language: the selector runs again, the catalog follows it
        assert g._flask_babel.roadmap_translations[0] is not g._flask_babel.__dict__.get("babel_locale")
        assert gettext("Reply") == "Répondre"
        assert g._flask_babel.roadmap_translations[0] is g._flask_babel.babel_locale
