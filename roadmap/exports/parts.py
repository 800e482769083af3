"""The document-part registry: what goes into the consolidated PDF and the open data.

Interface of a part (subclass `DocumentPart`, override what you need):

- `id: str`, `order: int`, `title: str | lazy string`, `template: str | None`
- `in_contents: bool` — listed in the table of contents (the cover and the TOC are not)
- `documents: tuple` — the documents it belongs to: "roadmap" (default), "followup" (the addendum)
- `headings(ctx) -> list[Heading]` — TOC entries; default: one level-1 entry for the part
- `html(ctx) -> Markup` — print-HTML fragment, by default `template` rendered with
  `part`, `ctx` and `template_values(ctx)`
- `data(ctx) -> JSON-serialisable | None` — the part's open data (None: nothing)
- `csv_tables(ctx) -> dict[str, CsvTable]` — CSV files of the open-data zip (roadmap/core/csvfiles.py)
- `fingerprint_parts(ctx) -> list` — cheap JSON-able values that change whenever the part's
  content changes; never render anything here

Everything a part returns must be what a visitor may see: the PDF of the published version
and the open data are public.
"""
from dataclasses import dataclass, field
from datetime import date

from flask import current_app, render_template
from markupsafe import Markup


@dataclass(frozen=True)
class Heading:
    anchor: str
    title: str
    level: int = 1


@dataclass(frozen=True)
class ExportOptions:
    """What an export is asked for: a roadmap version (None: no roadmap version, the current
    content of the other parts only) and the language of the document."""

    version_number: int | None = None
    version_label: str | None = None
    locale: str = "fr"
    # Which document: "roadmap" (the consolidated PDF) or "followup" (the follow-up addendum).
    document: str = "roadmap"
    # The roadmap's edition (a language of roadmap/editions): its sections' translations; None: the source.
    edition: str | None = None


@dataclass(frozen=True)
class ExportContext:
    """Everything a part may read while building one export. `memo` lets a part compute a
    query once and reuse it in html(), data() and fingerprint_parts()."""

    title: str
    options: ExportOptions
    generated_on: date
    parts: tuple = ()
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def version_number(self):
        return self.options.version_number

    @property
    def version_label(self):
        return self.options.version_label

    @property
    def locale(self):
        return self.options.locale

    @property
    def edition(self):
        return self.options.edition

    def once(self, key, compute):
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


class DocumentPart:
    id = ""
    order = 0
    title = ""
    template = None
    in_contents = True
    documents = ("roadmap",)  # the documents this part belongs to (ExportOptions.document)

    @property
    def anchor(self):
        return f"part-{self.id}"

    def headings(self, ctx):
        return [Heading(self.anchor, str(self.title), 1)] if self.in_contents else []

    def template_values(self, ctx):
        return {}

    def html(self, ctx):
        return Markup(render_template(self.template, part=self, ctx=ctx, **self.template_values(ctx)))

    def data(self, ctx):
        return None

    def csv_tables(self, ctx):
        """{file name: CsvTable}; a table with no row still gives its file with a header row."""
        return {}

    def fingerprint_parts(self, ctx):
        return []


def register_document_part(app, part):
    parts = app.extensions.setdefault("document_parts", {})
    if part.id in parts:
        raise ValueError(f"document part {part.id!r} is registered twice")
    parts[part.id] = part


def document_parts(app=None, document="roadmap"):
    app = app or current_app
    return tuple(sorted((p for p in app.extensions.get("document_parts", {}).values() if document in p.documents),
                        key=lambda p: (p.order, p.id)))


def register_territory_annex_section(app, section):
    """A section in every territory's annex (the SWOT feature adds the territory's grid).

    `section` has `order`, `html_by_territory(ctx, territories) -> {territory_id: Markup}`
    (one batch of queries for all territories) and `fingerprint_parts(ctx) -> list`.
    """
    app.extensions.setdefault("territory_annex_sections", []).append(section)


def territory_annex_sections(app=None):
    app = app or current_app
    return sorted(app.extensions.get("territory_annex_sections", []), key=lambda s: s.order)
