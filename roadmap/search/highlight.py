"""The matched words marked in a result, safely: the text is escaped first, then only <mark>
tags are added around whole words. Nothing of the user's text is ever passed through as HTML."""
import re

from markupsafe import Markup, escape

from roadmap.search.query import PREFIX_FROM, fold

WORD = re.compile(r"[^\W_]+")
SNIPPET_WORDS = 32
BEFORE = 8


def _matches(word, terms):
    folded = fold(word)
    return any(folded.startswith(t) if len(t) >= PREFIX_FROM else folded == t for t in terms)


def mark(text, terms):
    """Escaped text with each matching word in <mark>."""
    out, last = [], 0
    for match in WORD.finditer(text or ""):
        if _matches(match.group(0), terms):
            out.append(escape(text[last:match.start()]))
            out.append(Markup("<mark>%s</mark>") % match.group(0))
            last = match.end()
    out.append(escape((text or "")[last:]))
    return Markup("").join(out)


def snippet(text, terms, size=SNIPPET_WORDS):
    """About `size` words of the text around its first match, marked; "…" where it was cut."""
    text = " ".join((text or "").split())
    spans = [m.span() for m in WORD.finditer(text)]
    if len(spans) <= size:
        return mark(text, terms)
    first = next((n for n, (a, b) in enumerate(spans) if _matches(text[a:b], terms)), 0)
    start = max(0, min(first - BEFORE, len(spans) - size))
    end = start + size - 1
    begin, finish = (0 if start == 0 else spans[start][0]), (len(text) if end >= len(spans) - 1 else spans[end][1])
    return (Markup("… ") if begin else Markup("")) + mark(text[begin:finish], terms) + (
        Markup(" …") if finish < len(text) else Markup(""))
