"""/api/v1/actions and /api/v1/experiments: what a visitor may see (every action, public
experiments only), a page at a time, and `?since=` for what changed since a moment."""
from datetime import datetime, timezone

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _

from roadmap.api.openapi import API_PREFIX, PAGE_PARAMETER, api_operation
from roadmap.api.pages import PAGE_SIZE, json_page  # noqa: F401  (PAGE_SIZE: read by tests)
from roadmap.core.caching import same_for_everyone
from roadmap.core.errors import Invalid, NotFound
from roadmap.core.page_cache import cached_page
from roadmap.core.params import DATE_MAX, DATE_MIN
from roadmap.extensions import db
from roadmap.followup import opendata
from roadmap.followup.models import MYDATA_PRINCIPLES, Action, CommitmentRole, Experiment, ExperimentStatus

bp = same_for_everyone(Blueprint("followup_api", __name__, url_prefix=API_PREFIX))

SINCE_PARAMETER = {
    "name": "since", "in": "query", "required": False,
    "description": "only what changed at or after this moment: a date (YYYY-MM-DD, midnight UTC) or a date-time "
                   "with its time zone (2026-03-01T08:00:00Z); each item's updated_at says when it last changed",
    "schema": {"type": "string"}}

_NULLABLE_STRING = {"type": ["string", "null"]}
ACTION = {
    "type": "object",
    "required": ["id", "title", "theme", "description_markdown", "section", "commitments", "experiments",
                 "updated_at"],
    "properties": {
        "id": {"type": "integer"}, "title": {"type": "string"}, "theme": {"type": "string"},
        "description_markdown": {"type": "string"},
        "section": {"type": ["object", "null"], "description": "the published roadmap section it comes from",
                    "properties": {"version": {"type": "integer"}, "key": {"type": "string"},
                                   "title": {"type": "string"}}},
        "commitments": {"type": "array", "items": {"type": "object", "required": ["role"], "properties": {
            "territory": _NULLABLE_STRING, "organisation": _NULLABLE_STRING,
            "role": {"type": "string", "enum": [r.value for r in CommitmentRole]}}}},
        "experiments": {"type": "array", "items": {"type": "integer"}, "description": "ids of its public experiments"},
        "updated_at": {"type": "string", "format": "date-time"},
    },
}
EXPERIMENT = {
    "type": "object",
    "required": ["id", "title", "territory", "status", "progress", "mydata_principles", "starts_on", "indicators",
                 "timeline", "origin", "reused_by", "updated_at"],
    "properties": {
        "id": {"type": "integer"}, "title": {"type": "string"}, "territory": {"type": "string"},
        "action": {"type": ["integer", "null"]}, "use_case": {"type": ["integer", "null"]},
        "summary": {"type": "string"}, "governance_model": {"type": "string"},
        "personal_data": {"type": "string"}, "data_holders": {"type": "string"},
        "mydata_principles": {"type": "array", "items": {"type": "string", "enum": list(MYDATA_PRINCIPLES)}},
        "starts_on": {"type": "string", "format": "date"}, "ends_on": {"type": ["string", "null"], "format": "date"},
        "status": {"type": "string", "enum": [s.value for s in ExperimentStatus]},
        "progress": {"type": "integer", "minimum": 0, "maximum": 100},
        "origin": {"type": "object", "properties": {"experiment": {"type": ["integer", "null"]},
                                                    "use_case": {"type": ["integer", "null"]}}},
        "reused_by": {"type": "array", "items": {"type": "integer"}},
        "timeline": {"type": "array", "items": {"type": "object", "properties": {
            "date": {"type": "string", "format": "date"}, "text": {"type": "string"}}}},
        "indicators": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "integer"}, "name": {"type": "string"}, "unit": {"type": "string"},
            "baseline": {"type": ["number", "null"]}, "target": {"type": ["number", "null"]},
            "values": {"type": "array", "items": {"type": "object", "properties": {
                "date": {"type": "string", "format": "date"}, "value": {"type": "number"},
                "source": {"type": "string"}}}}}}},
        "updated_at": {"type": "string", "format": "date-time"},
    },
}


def page_of(key, item_schema):
    from roadmap.api.schemas import page_of as api_page_of

    return api_page_of(key, item_schema)


def parse_since(raw):
    """`?since=`: None when absent; a naive UTC datetime; Invalid (422) for anything else."""
    if raw is None or raw == "":
        return None
    message = _("“since” must be a date (2026-03-01) or a date-time with its time zone (2026-03-01T08:00:00Z).")
    if len(raw) > 40:
        raise Invalid(message)
    raw = raw.replace(" ", "+")  # a "+02:00" sent unencoded arrives as a space
    try:
        if len(raw) == 10:
            moment = datetime.fromisoformat(raw).replace(tzinfo=timezone.utc)
        else:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise Invalid(message) from None
    if moment.tzinfo is None or not DATE_MIN <= moment.date() <= DATE_MAX:
        raise Invalid(message)
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _page(key, query, to_json):
    return json_page(key, query, to_json, kept_args=("since",))


@bp.get("/actions")
@api_operation("The actions of the published roadmap, with their commitments",
               page_of("actions", ACTION), tags=["follow-up"], query=[PAGE_PARAMETER, SINCE_PARAMETER])
@cached_page
def actions():
    since = parse_since(request.args.get("since"))
    query = opendata.actions_query().order_by(Action.updated_at, Action.id)
    if since is not None:
        query = query.where(Action.updated_at >= since)
    return _page("actions", query, opendata.actions_json)


@bp.get("/actions/<int:action_id>")
@api_operation("One action", ACTION, tags=["follow-up"])
@cached_page
def action(action_id):
    row = db.session.scalar(opendata.actions_query().where(Action.id == action_id))
    if row is None:
        raise NotFound()
    return jsonify(opendata.actions_json([row])[0])


@bp.get("/experiments")
@api_operation("The public experiments, with their indicators, values and timelines",
               page_of("experiments", EXPERIMENT), tags=["follow-up"], query=[PAGE_PARAMETER, SINCE_PARAMETER])
@cached_page
def experiments():
    since = parse_since(request.args.get("since"))
    query = opendata.public_experiments_query().order_by(Experiment.updated_at, Experiment.id)
    if since is not None:
        query = query.where(Experiment.updated_at >= since)
    return _page("experiments", query, opendata.experiments_json)


@bp.get("/experiments/<int:experiment_id>")
@api_operation("One public experiment (404 for one that is not public)", EXPERIMENT, tags=["follow-up"])
@cached_page
def experiment(experiment_id):
    row = db.session.scalar(opendata.public_experiments_query().where(Experiment.id == experiment_id))
    if row is None:
        raise NotFound()
    return jsonify(opendata.experiments_json([row])[0])


@bp.after_request
def _open_to_all_origins(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


