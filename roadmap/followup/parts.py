"""The follow-up in the open data (JSON and CSV, with the consolidated export) and the addendum PDF
(its own document, "followup", made by the same background job as the main export)."""
from flask_babel import lazy_gettext as _l

from roadmap.core.csvfiles import CsvTable, labels_by_value
from roadmap.exports.parts import DocumentPart, Heading, register_document_part
from roadmap.extensions import db
from roadmap.followup import opendata
from roadmap.followup.charts import chart_svg
from roadmap.followup.labels import PRINCIPLE_LABELS, ROLE_LABELS, STATUS_LABELS
from roadmap.followup.models import Action, Experiment
from roadmap.workshops.labels import GOVERNANCE_LABELS, THEME_LABELS


def _actions(ctx):
    return ctx.once("followup_actions", lambda: db.session.scalars(
        opendata.actions_query().order_by(Action.title, Action.id)).all())


def _experiments(ctx):
    return ctx.once("followup_experiments", lambda: db.session.scalars(
        opendata.public_experiments_query().order_by(Experiment.title, Experiment.id)).all())


class FollowupDataPart(DocumentPart):
    """In the open data only: the consolidated PDF stays the roadmap (the addendum has the follow-up)."""

    id = "followup"
    order = 800
    title = _l("Follow-up after publication")
    in_contents = False

    def headings(self, ctx):
        return []

    def html(self, ctx):
        return ""

    def data(self, ctx):
        actions, experiments = _actions(ctx), _experiments(ctx)
        if not actions and not experiments:
            return None
        return {"actions": opendata.actions_json(actions), "experiments": opendata.experiments_json(experiments)}

    def csv_tables(self, ctx):
        actions, experiments = _actions(ctx), _experiments(ctx)
        action_rows = [{"id": a.id, "title": a.title, "theme": str(a.theme),
                        "section": a.section.title if a.section else "", "description": a.description}
                       for a in actions]
        commitment_rows = [{"action_id": a.id, "territory": c.territory.slug if c.territory_id else "",
                            "organisation": c.organisation.name if c.organisation_id else "", "role": str(c.role)}
                           for a in actions for c in a.commitments]
        experiment_rows = [{"id": e.id, "title": e.title, "territory": e.territory.slug, "action_id": e.action_id,
                            "status": str(e.status), "progress": e.progress,
                            "governance_model": str(e.governance_model), "starts_on": e.starts_on.isoformat(),
                            "ends_on": e.ends_on.isoformat() if e.ends_on else "",
                            "mydata_principles": " ".join(e.principles),
                            "origin_experiment_id": e.origin_experiment_id or "",
                            "origin_use_case_id": e.origin_use_case_id or ""} for e in experiments]
        # A non-public origin is not named: its id would tell that it exists.
        public_ids = {e.id for e in experiments}
        for row in experiment_rows:
            if row["origin_experiment_id"] and row["origin_experiment_id"] not in public_ids:
                row["origin_experiment_id"] = ""
        value_rows = [{"experiment_id": e.id, "indicator_id": i.id, "indicator": i.name, "unit": i.unit,
                       "date": v.measured_on.isoformat(), "value": v.value, "source": v.source}
                      for e in experiments for i in e.indicators for v in i.values]
        return {
            "followup_actions": CsvTable(("id", "title", "theme", "section", "description"), action_rows,
                                         {"theme": labels_by_value(THEME_LABELS)}),
            "followup_commitments": CsvTable(("action_id", "territory", "organisation", "role"), commitment_rows,
                                             {"role": labels_by_value(ROLE_LABELS)}),
            "followup_experiments": CsvTable(
                ("id", "title", "territory", "action_id", "status", "progress", "governance_model", "starts_on",
                 "ends_on", "mydata_principles", "origin_experiment_id", "origin_use_case_id"), experiment_rows,
                {"status": labels_by_value(STATUS_LABELS), "governance_model": labels_by_value(GOVERNANCE_LABELS)}),
            "followup_indicator_values": CsvTable(
                ("experiment_id", "indicator_id", "indicator", "unit", "date", "value", "source"), value_rows),
        }

    def fingerprint_parts(self, ctx):
        return ctx.once("followup_digest", opendata.followup_digest)


def _print_templates_digest():
    import hashlib
    from pathlib import Path

    from flask import current_app

    folder = Path(current_app.root_path).parent / "templates" / "followup" / "print"
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.html")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:32]


class AddendumCoverPart(DocumentPart):
    id = "followup-cover"
    order = 0
    title = _l("Cover")
    template = "followup/print/cover.html"
    in_contents = False
    documents = ("followup",)

    def fingerprint_parts(self, ctx):
        # The exports' asset digest covers templates/exports/print only: the addendum's own print
        # templates count here, so that a new layout never reuses an old file.
        return [ctx.title, _print_templates_digest()]


class AddendumActionsPart(DocumentPart):
    id = "followup-actions"
    order = 100
    title = _l("Actions and experiments")
    template = "followup/print/actions.html"
    documents = ("followup",)

    def headings(self, ctx):
        return [Heading(self.anchor, str(self.title), 1)] + [
            Heading(f"action-{a.id}", a.title, 2) for a in _actions(ctx)]

    def template_values(self, ctx):
        experiments = _experiments(ctx)
        by_action, others = {}, []
        for e in experiments:
            (by_action.setdefault(e.action_id, []) if e.action_id else others).append(e)
        return {"actions": _actions(ctx), "by_action": by_action, "others": others,
                "charts": {i.id: chart_svg(i, i.values, f"chart-{i.id}") for e in experiments for i in e.indicators},
                "roles": ROLE_LABELS, "statuses": STATUS_LABELS, "principles": PRINCIPLE_LABELS,
                "governance": GOVERNANCE_LABELS, "themes": THEME_LABELS,
                "public_ids": {e.id for e in experiments}}

    def fingerprint_parts(self, ctx):
        return ctx.once("followup_digest", opendata.followup_digest)


def register_followup_parts(app):
    for part in (FollowupDataPart(), AddendumCoverPart(), AddendumActionsPart()):
        register_document_part(app, part)
