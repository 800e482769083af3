"""The SWOT in the consolidated document: the cross-territory synthesis (quadrant × dimension)
and, in each territory's annex, its last submitted SWOT as a four-quadrant grid.

Only the SWOTs in the roadmap go in (queries.IN_ROADMAP_CONDITIONS): public, and whose last
version's lead agreed, when submitting it, to it appearing in the published roadmap and its open
data. The PDF of the published roadmap and the open data are public, and a lead decides who outside
the programme reads their diagnostic. The synthesis says on how many territories it is built and
names the others with the reason; their annex is one line.
"""
from flask import render_template
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import func, select

from roadmap.content_translations import opendata as short_translations
from roadmap.core.csvfiles import CsvTable
from roadmap.exports.builtin import document_territories, rows_digest
from roadmap.exports.parts import DocumentPart, register_document_part, register_territory_annex_section
from roadmap.extensions import db
from roadmap.swot import queries
from roadmap.swot.forms import DIMENSION_LABELS, IMPORTANCE_LABELS, PRESENCE_LABELS, QUADRANT_LABELS, csv_labels
from roadmap.swot.models import Dimension, Quadrant, Swot, SwotVersion
from roadmap.territories.models import Territory

IN_ROADMAP = queries.SynthesisFilters(roadmap_only=True)

# The print CSS names the quadrants in the plural (.quadrant-strengths), as the paper canvas does.
QUADRANT_CLASSES = {Quadrant.STRENGTH: "strengths", Quadrant.WEAKNESS: "weaknesses",
                    Quadrant.OPPORTUNITY: "opportunities", Quadrant.THREAT: "threats"}
LABELS = {"quadrants": QUADRANT_LABELS, "dimensions": DIMENSION_LABELS, "importance": IMPORTANCE_LABELS,
          "classes": QUADRANT_CLASSES}


def last_versions_in_roadmap(ctx):
    """{territory_id: LastVersion} of the SWOTs the document holds."""
    return ctx.once("swot_last_versions", lambda: queries.last_versions(IN_ROADMAP))


_last_versions = last_versions_in_roadmap


def _synthesis(ctx):
    return ctx.once("swot_synthesis", lambda: queries.synthesis(IN_ROADMAP))


def _presence(ctx):
    """{territory_id: RoadmapPresence} for every territory of the document."""
    return ctx.once("swot_presence", lambda: queries.roadmap_presence([t.id for t in document_territories(ctx)]))


def missing_territories(ctx):
    """[(territory, reason label)] of the territories whose SWOT is not in the document, by name."""
    presence = _presence(ctx)
    return [(t, PRESENCE_LABELS[presence[t.id]]) for t in document_territories(ctx)
            if presence[t.id] != queries.RoadmapPresence.INCLUDED]


def swot_overview():
    """What the editors see before building: the territories that will appear with a SWOT, and the
    others with the reason ([(territory, reason label)]), both by name."""
    territories = db.session.scalars(select(Territory).order_by(Territory.name, Territory.id)).all()
    presence = queries.roadmap_presence([t.id for t in territories])
    return {"included": [t for t in territories if presence[t.id] == queries.RoadmapPresence.INCLUDED],
            "missing": [(t, PRESENCE_LABELS[presence[t.id]]) for t in territories
                        if presence[t.id] != queries.RoadmapPresence.INCLUDED]}


def _fingerprint(ctx):
    """Versions are never changed once submitted: which one is last, and whether it is public,
    says everything about the SWOT content of the document."""
    def compute():
        rows = db.session.execute(
            select(Swot.territory_id, Swot.is_public, func.max(SwotVersion.id))
            .outerjoin(SwotVersion, SwotVersion.swot_id == Swot.id)
            .group_by(Swot.territory_id, Swot.is_public).order_by(Swot.territory_id)).all()
        return rows_digest(list(rows) + [short_translations.fingerprint("swot_item")])
    return ctx.once("swot_fingerprint", compute)


class SwotSynthesisPart(DocumentPart):
    id = "swot"
    order = 200
    title = _l("SWOT synthesis")
    template = "exports/print/swot_synthesis.html"

    def headings(self, ctx):
        return super().headings(ctx) if _last_versions(ctx) else []

    def html(self, ctx):
        return super().html(ctx) if _last_versions(ctx) else ""

    def template_values(self, ctx):
        versions = _last_versions(ctx)
        return {"synthesis": _synthesis(ctx), "territory_count": len(versions),
                "all_territories": len(document_territories(ctx)), "missing": missing_territories(ctx), **LABELS}

    def data(self, ctx):
        versions = _last_versions(ctx)
        if not versions:
            return None
        cells = _synthesis(ctx)["cells"]
        return {
            "matrix": [{"quadrant": str(q), "dimension": str(d), "items": cells[(q, d)]["items"],
                        "territories": cells[(q, d)]["territories"]} for q in Quadrant for d in Dimension],
            "swots": [{"territory": v.slug, "version": v.number, "submitted_on": v.submitted_at.date().isoformat(),
                       "items": _with_translations(v.items, translations)}
                      for v in sorted(versions.values(), key=lambda v: v.slug)
                      for translations in [_translations(ctx)]],
        }

    def csv_tables(self, ctx):
        translations = _translations(ctx)
        columns = list(queries.CSV_COLUMNS) + short_translations.csv_columns()
        rows = []
        for *values, item_id in queries.csv_rows(IN_ROADMAP, with_item_id=True):
            row = dict(zip(queries.CSV_COLUMNS, values))
            row.update(short_translations.csv_cells(row["text"], row["lang"], translations.get(item_id)))
            rows.append(row)
        return {"swot_items": CsvTable(columns, rows, csv_labels())}


def _translations(ctx):
    """{item_id: [its translations]} of the items of the document (one query)."""
    return ctx.once("swot_item_translations", lambda: short_translations.translations_by_object(
        "swot_item", [i.item_id for v in _last_versions(ctx).values() for i in v.items]))


def _with_translations(items, translations):
    """queries.items_json, each item with `source` and `texts`: its text and translations as
    {"text", "lang", "source"} (schema 1.2)."""
    ordered = [item for quadrant_items in queries.by_quadrant(items).values() for item in quadrant_items]
    rows = queries.items_json(items)
    for item, row in zip(ordered, rows):
        row["source"] = "human"
        row["texts"] = short_translations.texts(item.text, item.language, translations.get(item.item_id))
    return rows

    def fingerprint_parts(self, ctx):
        return [_fingerprint(ctx)]


class SwotAnnexSection:
    """The territory's last public SWOT, as a grid of four quadrants."""

    order = 10

    def html_by_territory(self, ctx, territories):
        versions = _last_versions(ctx)
        html = {}
        for territory in territories:
            version = versions.get(territory.id)
            html[territory.id] = Markup(render_template(
                "exports/print/swot_annex.html", version=version,
                by_quadrant=queries.by_quadrant(version.items), **LABELS)) if version else None
        return html

    def absence_by_territory(self, ctx, territories):
        presence = queries.roadmap_presence([t.id for t in territories])
        return {tid: str(PRESENCE_LABELS[state]) for tid, state in presence.items()
                if state != queries.RoadmapPresence.INCLUDED}

    def fingerprint_parts(self, ctx):
        return [_fingerprint(ctx)]


def register_swot_parts(app):
    register_document_part(app, SwotSynthesisPart())
    register_territory_annex_section(app, SwotAnnexSection())
