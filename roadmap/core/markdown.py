"""The one Markdown renderer of the product: Python-Markdown, then nh3.

Python-Markdown passes raw HTML through (<script>, onerror=, javascript: links), so its
output is always sanitised with an explicit allow-list: no script, no event handler, no
style, no image (nothing remote is ever fetched by a reader's browser or by WeasyPrint),
links only to http(s), mailto and this page's own anchors.
"""
import functools
from html.parser import HTMLParser

import markdown as md
import nh3
from markupsafe import Markup, escape

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


# --- Top-level blocks, for paragraph-level comments and diffs -----------------------------------

VOID_TAGS = {"br", "hr", "img", "input", "wbr", "area", "base", "col", "embed", "link", "meta", "source"}


class Block:
    """One top-level element of a rendered text: its safe HTML and its plain text."""

    __slots__ = ("html", "text", "tag")

    def __init__(self, html, text, tag):
        self.html, self.text, self.tag = html, text, tag

    def __repr__(self):
        return f"<Block {self.tag} {self.text[:30]!r}>"


class _BlockSplitter(HTMLParser):
    """Cuts already-sanitised HTML at its top-level elements, re-serialising every token."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.depth = [], 0
        self._html, self._text, self._tag = [], [], None

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self._tag = tag
        self._html.append(_serialise_start(tag, attrs))
        if tag not in VOID_TAGS:
            self.depth += 1
        elif self.depth == 0:
            self._close()

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            self._tag = tag
        self._html.append(_serialise_start(tag, attrs))
        if self.depth == 0:
            self._close()

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        self._html.append(f"</{tag}>")
        self.depth = max(0, self.depth - 1)
        if self.depth == 0:
            self._close()

    def handle_data(self, data):
        if self.depth == 0:
            if data.strip():  # stray top-level text becomes a block of its own
                self.blocks.append(Block(Markup(escape(data.strip())), data.strip(), "p"))
            return
        self._html.append(str(escape(data)))
        self._text.append(data)

    def _close(self):
        text = " ".join("".join(self._text).split())
        if self._tag == "p" and not text:  # what the sanitiser emptied is no paragraph
            self._html, self._text, self._tag = [], [], None
            return
        self.blocks.append(Block(Markup("".join(self._html)), text, self._tag))
        self._html, self._text, self._tag = [], [], None


def _serialise_start(tag, attrs):
    rendered = "".join(f' {name}="{escape(value or "")}"' for name, value in attrs)
    return f"<{tag}{rendered}>"


def render_markdown_blocks(text):
    """Markdown → a list of safe top-level blocks (paragraphs, lists, tables, headings...).

    The whole text is rendered and sanitised at once (footnotes and reference links work),
    then cut; the n-th block of a text is the same as long as the text does not change.
    """
    splitter = _BlockSplitter()
    splitter.feed(str(render_markdown(text)))
    splitter.close()
    return splitter.blocks



def split_blocks(safe_html):
    """Already-sanitised HTML (as stored) → its list of top-level blocks; linear, no rendering."""
    splitter = _BlockSplitter()
    splitter.feed(str(safe_html or ""))
    splitter.close()
    return splitter.blocks


@functools.lru_cache(maxsize=4096)
def cached_blocks(safe_html):
    """split_blocks, remembered per process, keyed by the stored HTML itself (right in every worker)."""
    return tuple(split_blocks(safe_html))
