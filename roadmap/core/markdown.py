"""The one Markdown renderer of the product: Python-Markdown, then nh3.

Python-Markdown passes raw HTML through (<script>, onerror=, javascript: links), so its
output is always sanitised with an explicit allow-list: no script, no event handler, no
style, no image (nothing remote is ever fetched by a reader's browser or by WeasyPrint),
links only to http(s), mailto and this page's own anchors.
"""
import markdown as md
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del", "ins",
    "blockquote", "code", "pre", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
    "sup", "sub", "div", "span", "abbr", "dl", "dt", "dd",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id"},
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
ID_PREFIX = "md-"
EXTENSIONS = ["tables", "footnotes", "toc", "sane_lists", "fenced_code"]


def _keep_local_anchors(_element, attribute, value):
    # Ids get ID_PREFIX; links to them (footnotes, table of contents) must follow.
    if attribute == "href" and value.startswith("#") and not value.startswith("#" + ID_PREFIX):
        return "#" + ID_PREFIX + value[1:]
    return value


def sanitise_html(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "template", "iframe", "object", "embed", "svg", "math"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_local_anchors,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        id_prefix=ID_PREFIX,
        strip_comments=True,
    )


def markdown_to_html(text):
    """Unsafe intermediate HTML; only for code that sanitises it right after (see render_markdown)."""
    return md.markdown(text or "", extensions=EXTENSIONS, output_format="html")


def render_markdown(text):
    """Markdown → safe HTML, ready for a template."""
    return Markup(sanitise_html(markdown_to_html(text)))
