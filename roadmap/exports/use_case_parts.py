"""The public use cases as canvas pages, with the territories allied around each one."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from roadmap.core.csvfiles import CsvTable, labels_by_value
from roadmap.exports.builtin import rows_digest
from roadmap.exports.parts import DocumentPart, Heading, register_document_part
from roadmap.extensions import db
from roadmap.workshops.labels import ALLIANCE_ROLE_LABELS, GOVERNANCE_LABELS, THEME_LABELS
from roadmap.workshops.models import Alliance, UseCase

# Canvas field → (heading, columns spanned in the 4-column .canvas grid).
CANVAS = (
    ("problem", _l("The problem"), 2), ("citizens", _l("Citizens concerned"), 1),
    ("personal_data", _l("Personal data involved"), 1), ("data_holders", _l("Who holds it today"), 1),
    ("citizen_return", _l("What the citizen gets back and does with it"), 2), ("service", _l("The service"), 1),
    ("individual_benefits", _l("Individual benefits"), 2), ("collective_benefits", _l("Collective benefits"), 2),
    ("risks_safeguards", _l("Risks and safeguards"), 2), ("indicators", _l("Indicators of success"), 2),
    ("partners", _l("Partners"), 4),
)
TEXT_FIELDS = tuple(name for name, _label, _span in CANVAS)


def use_case_json(use_case):
    """A public use case as open data (the JSON export and the API): its canvas and its alliance."""
    return {"id": use_case.id, "title": use_case.title, "lang": use_case.language, "theme": str(use_case.theme),
            "governance_model": str(use_case.governance_model),
            **{name: getattr(use_case, name) for name in TEXT_FIELDS},
            "alliance": [{"territory": a.territory.slug, "role": str(a.role)} for a in use_case.alliances]}


def _use_cases(ctx):
    return ctx.once("use_cases", lambda: db.session.scalars(
        select(UseCase).where(UseCase.is_public.is_(True))
        .options(selectinload(UseCase.alliances).selectinload(Alliance.territory))
        .order_by(UseCase.title, UseCase.id)).all())


class UseCasesPart(DocumentPart):
    id = "use-cases"
    order = 300
    title = _l("Use cases")
    template = "exports/print/use_cases.html"

    def headings(self, ctx):
        use_cases = _use_cases(ctx)
        if not use_cases:
            return []
        return [Heading(self.anchor, str(self.title), 1)] + [
            Heading(f"use-case-{u.id}", u.title, 2) for u in use_cases]

    def html(self, ctx):
        return super().html(ctx) if _use_cases(ctx) else ""

    def template_values(self, ctx):
        return {"use_cases": _use_cases(ctx), "canvas": CANVAS, "themes": THEME_LABELS,
                "governance": GOVERNANCE_LABELS, "roles": ALLIANCE_ROLE_LABELS}

    def data(self, ctx):
        return [use_case_json(u) for u in _use_cases(ctx)] or None

    def csv_tables(self, ctx):
        rows = [{"id": u.id, "title": u.title, "theme": str(u.theme), "governance_model": str(u.governance_model),
                 **{name: getattr(u, name) for name in TEXT_FIELDS},
                 "territories": "; ".join(f"{a.territory.slug} ({str(a.role)})" for a in u.alliances),
                 "lang": u.language}
                for u in _use_cases(ctx)]
        columns = ("id", "title", "theme", "governance_model", *TEXT_FIELDS, "territories", "lang")
        return {"use_cases": CsvTable(columns, rows, {"theme": labels_by_value(THEME_LABELS),
                                                      "governance_model": labels_by_value(GOVERNANCE_LABELS)})}

    def fingerprint_parts(self, ctx):
        use_cases = db.session.execute(select(UseCase.id, UseCase.updated_at, UseCase.is_public)
                                       .order_by(UseCase.id)).all()
        alliances = db.session.execute(select(Alliance.use_case_id, Alliance.territory_id, Alliance.role)
                                       .order_by(Alliance.id)).all()
        return [rows_digest(use_cases), rows_digest(alliances),
                db.session.scalar(select(func.count(UseCase.id)))]


def register_use_case_parts(app):
    register_document_part(app, UseCasesPart())
