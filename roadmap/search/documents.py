"""What each kind of thing puts in the search index: its title and its plain text.

A document is built from a row's own columns only (an ORM object or a row read from its table),
so that the index is written in the same flush, with no extra query. Names, dates and links of
related things are read when results are shown, never copied here (they would go stale).
"""
import html
import re
from dataclasses import dataclass

import nh3

from roadmap.drafts.models import Comment, Section
from roadmap.search.models import TITLE_MAX
from roadmap.swot.models import ItemStatus, SwotItem, SwotVersionItem
from roadmap.territories.models import Organisation, Territory
from roadmap.workshops.models import TEXT_FIELDS, UseCase, Workshop

BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|pre|tr|td|th|table|ul|ol|div)>|<br\s*/?>", re.I)


def html_to_text(stored_html):
    """The text of HTML sanitised when saved (a section's body, an agenda): tags off, blocks as lines."""
    with_lines = BLOCK_END.sub(lambda m: m.group(0) + "\n", stored_html or "")
    return html.unescape(nh3.clean(with_lines, tags=set())).strip()


def _join(*parts):
    return "\n".join(p.strip() for p in parts if p and p.strip())


@dataclass(frozen=True)
class Kind:
    name: str
    model: type
    fields: tuple          # the columns whose change re-indexes the row
    document: object       # row -> (title, body), or None: not in the index

    @property
    def table(self):
        return self.model.__table__


def _swot_item(row):
    if row.status != ItemStatus.ACCEPTED:  # a proposal or a declined one is not part of the draft
        return None
    return "", _join(row.text, row.evidence_note)


def _swot_version_item(row):
    return "", _join(row.text, row.evidence_note)


def _section(row):
    return row.title, html_to_text(row.body_html)


def _comment(row):
    return "", _join(row.body, row.answer)


def _workshop(row):
    return row.title, _join(row.place, html_to_text(row.agenda_html), html_to_text(row.minutes_html))


def _use_case(row):
    return row.title, _join(*(getattr(row, name) for name in TEXT_FIELDS if name != "title"))


def _named(row):
    return row.name, row.description or ""


KINDS = (
    Kind("swot_item", SwotItem, ("text", "evidence_note", "status"), _swot_item),
    Kind("swot_version_item", SwotVersionItem, ("text", "evidence_note"), _swot_version_item),
    Kind("use_case", UseCase, TEXT_FIELDS, _use_case),
    Kind("section", Section, ("title", "body_html"), _section),
    Kind("comment", Comment, ("body", "answer"), _comment),
    Kind("workshop", Workshop, ("title", "place", "agenda_html", "minutes_html"), _workshop),
    Kind("territory", Territory, ("name", "description"), _named),
    Kind("organisation", Organisation, ("name", "description"), _named),
)
KIND_NAMES = tuple(k.name for k in KINDS)
BY_NAME = {k.name: k for k in KINDS}
BY_MODEL = {k.model: k for k in KINDS}


def document_of(kind, row):
    """(title, body) bounded to the index's title length, or None."""
    document = kind.document(row)
    if document is None:
        return None
    title, body = document
    return (title or "")[:TITLE_MAX], body or ""
