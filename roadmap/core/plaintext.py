"""Markdown as plain text, for places that cannot show HTML (a calendar's description, a text
e-mail): the same renderer and sanitiser as the pages, then the tags taken off, links kept as
"text (address)" and blocks kept as lines."""
import html
import re

import nh3

from roadmap.core.markdown import markdown_to_html

LINK = re.compile(r'<a\b[^>]*\bhref="([^"]*)"[^>]*>(.*?)</a>', re.S | re.I)
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|pre|tr|table|ul|ol|div)>|<br\s*/?>", re.I)
LIST_ITEM = re.compile(r"<li\b[^>]*>", re.I)


def _link(match):
    address, text = html.unescape(match.group(1)), match.group(2)
    plain = html.unescape(nh3.clean(text, tags=set()))
    return plain if plain == address else f"{text} ({address})"


def markdown_to_text(source):
    rendered = LINK.sub(_link, nh3.clean(markdown_to_html(source or "")))
    rendered = LIST_ITEM.sub("- ", BLOCK_END.sub(lambda m: m.group(0) + "\n", rendered))
    text = html.unescape(nh3.clean(rendered, tags=set()))
    lines = [line.strip() for line in text.splitlines()]
    # No blank line between the items of one list.
    lines = [line for n, line in enumerate(lines)
             if line or not (0 < n < len(lines) - 1 and lines[n - 1].startswith("- ") and lines[n + 1].startswith("- "))]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
