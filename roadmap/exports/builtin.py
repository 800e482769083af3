"""The parts every installation has: the cover, the table of contents, the process, and the
annexes of territories and partners. The roadmap's parts are in roadmap_parts.py."""
import hashlib
import json

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from roadmap.core.csvfiles import CsvTable, labels_by_value
from roadmap.exports.parts import DocumentPart, Heading, register_document_part, territory_annex_sections
from roadmap.extensions import db
from roadmap.process.models import Process, ProcessStep
from roadmap.territories.models import Organisation, Territory, organisation_territory

LICENCE = {
    "id": "CC-BY-4.0",
    "name": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}


def rows_digest(rows):
    """A short digest of query rows: cheaper than rendering, exact enough to notice any change."""
    payload = json.dumps([list(row) for row in rows], default=str, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def document_territories(ctx):
    return ctx.once("territories", lambda: db.session.scalars(
        select(Territory).options(selectinload(Territory.organisations)).order_by(Territory.name, Territory.id)
    ).all())


def _organisations(ctx):
    return ctx.once("organisations", lambda: db.session.scalars(
        select(Organisation).options(selectinload(Organisation.territories)).order_by(Organisation.name)
    ).all())


def _territories_digest(ctx):
    def compute():
        territories = db.session.execute(select(
            Territory.id, Territory.name, Territory.slug, Territory.country, Territory.kind, Territory.description
        ).order_by(Territory.id)).all()
        ties = db.session.execute(select(organisation_territory).order_by(
            organisation_territory.c.organisation_id, organisation_territory.c.territory_id)).all()
        organisations = db.session.execute(select(
            Organisation.id, Organisation.name, Organisation.kind, Organisation.description
        ).order_by(Organisation.id)).all()
        return [rows_digest(territories), rows_digest(ties), rows_digest(organisations)]
    return ctx.once("territories_digest", compute)


class CoverPart(DocumentPart):
    id = "cover"
    order = 0
    title = _l("Cover")
    template = "exports/print/cover.html"
    in_contents = False

    def template_values(self, ctx):
        return {"territories": document_territories(ctx), "organisation_count": len(_organisations(ctx)),
                "licence": LICENCE}

    def fingerprint_parts(self, ctx):
        return [ctx.title, ctx.version_label, _territories_digest(ctx)[0]]


class ContentsPart(DocumentPart):
    """The table of contents, built from the headings of every other part."""

    id = "contents"
    order = 10
    title = _l("Contents")
    template = "exports/print/contents.html"
    in_contents = False
    documents = ("roadmap", "followup")

    def template_values(self, ctx):
        return {"headings": [h for part in ctx.parts if part is not self for h in part.headings(ctx)]}

    def fingerprint_parts(self, ctx):
        # The headings change only when the other parts' content does; their own fingerprints cover it.
        return []


class ProcessPart(DocumentPart):
    id = "process"
    order = 50
    title = _l("The process")
    template = "exports/print/process.html"

    def _steps(self, ctx):
        return ctx.once("process_steps", lambda: db.session.scalars(
            select(ProcessStep).join(Process).order_by(Process.id, ProcessStep.position)
        ).all())

    def template_values(self, ctx):
        return {"steps": self._steps(ctx)}

    def data(self, ctx):
        return [{"kind": str(s.kind), "position": s.position, "starts_on": s.starts_on.isoformat(),
                 "ends_on": s.ends_on.isoformat(), "expectations": s.expectations} for s in self._steps(ctx)]

    def fingerprint_parts(self, ctx):
        rows = db.session.execute(select(
            ProcessStep.kind, ProcessStep.position, ProcessStep.starts_on, ProcessStep.ends_on,
            ProcessStep.expectations).order_by(ProcessStep.process_id, ProcessStep.position)).all()
        return [rows_digest(rows)]


class TerritoriesAnnexPart(DocumentPart):
    """One annex per territory: who it is, its partners, and the sections other features add.

    A territory for which no annex section has anything (no SWOT in the roadmap) gets one line
    in a short list at the start of the annex, with the reason each section gives, instead of a nearly empty page.
    """

    id = "territories"
    order = 900
    title = _l("Annex: the territories")
    template = "exports/print/territories.html"
    SHORT_LIST_ANCHOR = "territories-in-short"

    def _annexes(self, ctx):
        def compute():
            territories = document_territories(ctx)
            sections = territory_annex_sections()
            fragments = {t.id: [] for t in territories}
            absences = {t.id: [] for t in territories}
            for section in sections:
                for territory_id, fragment in section.html_by_territory(ctx, territories).items():
                    if fragment:
                        fragments.setdefault(territory_id, []).append(Markup(fragment))
                absent = getattr(section, "absence_by_territory", None)
                for territory_id, note in (absent(ctx, territories) if absent else {}).items():
                    absences.setdefault(territory_id, []).append(note)
            in_full = [t for t in territories if fragments[t.id] or not sections]
            in_short = [t for t in territories if t not in in_full]
            return {"in_full": in_full, "in_short": in_short, "sections": fragments, "absences": absences}
        return ctx.once("territory_annexes", compute)

    def headings(self, ctx):
        annexes = self._annexes(ctx)
        headings = [Heading(self.anchor, str(self.title), 1)]
        if annexes["in_short"]:  # the short list comes first, with the annex's introduction
            headings.append(Heading(self.SHORT_LIST_ANCHOR, str(_l("Territories without a SWOT in this roadmap")), 2))
        return headings + [Heading(f"territory-{t.slug}", t.name, 2) for t in annexes["in_full"]]

    def template_values(self, ctx):
        return {**self._annexes(ctx), "short_list_anchor": self.SHORT_LIST_ANCHOR}

    def data(self, ctx):
        return [{"slug": t.slug, "name": t.name, "country": t.country, "kind": str(t.kind),
                 "description": t.description, "partners": [o.name for o in t.organisations]}
                for t in document_territories(ctx)]

    def csv_tables(self, ctx):
        from roadmap.territories.forms import TERRITORY_KIND_LABELS

        return {"territories": CsvTable(
            ("slug", "name", "country", "kind", "description", "partners"),
            [{"slug": t.slug, "name": t.name, "country": t.country, "kind": str(t.kind),
              "description": t.description, "partners": "; ".join(o.name for o in t.organisations)}
             for t in document_territories(ctx)],
            {"kind": labels_by_value(TERRITORY_KIND_LABELS)})}

    def fingerprint_parts(self, ctx):
        return _territories_digest(ctx) + [s.fingerprint_parts(ctx) for s in territory_annex_sections()]


class PartnersAnnexPart(DocumentPart):
    id = "partners"
    order = 950
    title = _l("Annex: the partners")
    template = "exports/print/partners.html"

    def template_values(self, ctx):
        return {"organisations": _organisations(ctx)}

    def data(self, ctx):
        return [{"name": o.name, "kind": str(o.kind), "description": o.description,
                 "territories": [t.slug for t in o.territories]} for o in _organisations(ctx)]

    def csv_tables(self, ctx):
        from roadmap.territories.forms import ORGANISATION_KIND_LABELS

        return {"partners": CsvTable(
            ("name", "kind", "description", "territories"),
            [{"name": o.name, "kind": str(o.kind), "description": o.description,
              "territories": "; ".join(t.slug for t in o.territories)} for o in _organisations(ctx)],
            {"kind": labels_by_value(ORGANISATION_KIND_LABELS)})}

    def fingerprint_parts(self, ctx):
        return _territories_digest(ctx)[1:]


def register_builtin_parts(app):
    for part in (CoverPart(), ContentsPart(), ProcessPart(), TerritoriesAnnexPart(), PartnersAnnexPart()):
        register_document_part(app, part)
