"""Markdown is rendered once, when it is saved, within bounds; pages and exports use the stored HTML.

Why bounds: Python-Markdown's time grows with the square of the number of `[` (8,000 take 6 s),
and WeasyPrint lays nested boxes out recursively (about 140 nested blockquotes or 200 nested
<div>s end in RecursionError, and then every export of the roadmap fails). A text is refused, with
the reason next to its field, when its rendering takes longer than MARKDOWN_RENDER_TIMEOUT seconds
(it runs in a child process that is killed at the limit) or when the HTML it gives is nested
deeper, or holds more headings, blocks or elements, than below — limits far above any real
section and far below what breaks the export.
"""
from html.parser import HTMLParser

from flask import current_app, g, has_app_context
from flask_babel import gettext as _
from markupsafe import escape

from roadmap.core import bounded
from roadmap.core.markdown import VOID_TAGS, markdown_to_html, sanitise_html

MAX_NESTING = 30      # elements inside one another (a quote in a list item in a list is 3)
MAX_HEADINGS = 200
MAX_BLOCKS = 1000     # top-level paragraphs, lists, tables, quotes...
MAX_ELEMENTS = 10000  # every element, at any depth
DEFAULT_TIMEOUT = 2.0


class MarkdownRefused(ValueError):
    """The text cannot be kept as it is; `message` says why, for the field's error."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class _Measure(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = self.max_depth = self.headings = self.blocks = self.elements = 0

    def handle_starttag(self, tag, attrs):
        self.elements += 1
        if self.depth == 0:
            self.blocks += 1
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings += 1
        if tag not in VOID_TAGS:
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)

    def handle_startendtag(self, tag, attrs):
        self.elements += 1
        if self.depth == 0:
            self.blocks += 1

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS:
            self.depth = max(0, self.depth - 1)


def measure(safe_html):
    """(deepest nesting, headings, top-level blocks, elements) of an HTML text, without recursion."""
    parser = _Measure()
    parser.feed(safe_html)
    parser.close()
    return parser.max_depth, parser.headings, parser.blocks, parser.elements


def render_and_measure(text):
    """Runs in the child: the sanitised HTML and its measures."""
    html = sanitise_html(markdown_to_html(text))
    return html, measure(html)


def _check(depth, headings, blocks, elements):
    if depth > MAX_NESTING:
        raise MarkdownRefused(_("This text is nested too deeply: %(depth)d levels of quotes, lists or blocks "
                                "inside one another, at most %(max)d.", depth=depth, max=MAX_NESTING))
    if headings > MAX_HEADINGS:
        raise MarkdownRefused(_("This text has too many headings: %(count)d, at most %(max)d. "
                                "Split it into several sections.", count=headings, max=MAX_HEADINGS))
    if blocks > MAX_BLOCKS:
        raise MarkdownRefused(_("This text has too many paragraphs and blocks: %(count)d, at most %(max)d. "
                                "Split it into several sections.", count=blocks, max=MAX_BLOCKS))
    if elements > MAX_ELEMENTS:
        raise MarkdownRefused(_("This text has too many formatted elements: %(count)d, at most %(max)d.",
                                count=elements, max=MAX_ELEMENTS))


def _timeout():
    return float(current_app.config.get("MARKDOWN_RENDER_TIMEOUT", DEFAULT_TIMEOUT))


def render_for_storage(text):
    """Markdown typed by a user → the sanitised HTML to store, or MarkdownRefused.

    Remembered for the request, so that the form's validator and the service that saves render a
    text once between them.
    """
    text = text or ""
    if not text.strip():
        return ""
    memo = g.setdefault("_stored_markdown", {}) if has_app_context() else {}
    if text in memo:
        outcome = memo[text]
    else:
        try:
            outcome = bounded.run_bounded(render_and_measure, (text,), timeout=_timeout())
        except bounded.Refused as refused:
            outcome = refused
        memo[text] = outcome
    if isinstance(outcome, bounded.Refused):
        if outcome.reason == bounded.Refused.TIME:
            raise MarkdownRefused(_("This text takes too long to format (more than %(seconds)s s): it holds too "
                                    "many [ or < signs, or too much nesting. Simplify it or split it.",
                                    seconds=f"{_timeout():g}"))
        if outcome.reason == bounded.Refused.RECURSION:
            raise MarkdownRefused(_("This text is nested too deeply: quotes, lists or blocks inside one another, "
                                    "at most %(max)d levels.", max=MAX_NESTING))
        raise MarkdownRefused(_("This text could not be formatted. Check its Markdown and try again."))
    html, measures = outcome
    _check(*measures)
    return html


def trusted_html(text):
    """Rendered in this process, without bounds: only for text the product itself wrote (demo, seeds,
    migrations of existing rows); a text that fails the bounds is kept as escaped plain text."""
    text = text or ""
    if not text.strip():
        return ""
    try:
        html, measures = render_and_measure(text)
        _check(*measures)
        return html
    except (RecursionError, MarkdownRefused):
        return f"<pre>{escape(text)}</pre>"


def default_html_of(column_name):
    """A column default: the HTML of the row's Markdown column when the inserting code gave none."""
    def default(context):
        return trusted_html(context.get_current_parameters().get(column_name))
    return default
