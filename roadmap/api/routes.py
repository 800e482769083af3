"""/api/v1: territories (the other features add their own blueprints under the same prefix)."""
from flask import Blueprint, jsonify
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from roadmap.api.openapi import API_PREFIX, api_operation, openapi_document
from roadmap.core.errors import NotFound
from roadmap.extensions import db
from roadmap.territories.models import Territory

bp = Blueprint("api", __name__, url_prefix=API_PREFIX)

TERRITORY_SCHEMA = {
    "type": "object",
    "required": ["slug", "name", "country", "kind", "description", "partners"],
    "properties": {
        "slug": {"type": "string"}, "name": {"type": "string"},
        "country": {"type": "string", "description": "ISO 3166-1 alpha-2"},
        "kind": {"type": "string", "enum": ["city", "metropolis", "region", "other"]},
        "description": {"type": "string", "description": "Markdown"},
        "partners": {"type": "array", "items": {"type": "object", "properties": {
            "name": {"type": "string"}, "kind": {"type": "string"}}}},
    },
}


def territory_json(territory):
    return {"slug": territory.slug, "name": territory.name, "country": territory.country,
            "kind": territory.kind.value, "description": territory.description,
            "partners": [{"name": o.name, "kind": o.kind.value} for o in territory.organisations]}


@bp.get("/territories")
@api_operation("The participating territories", {"type": "object", "properties": {
    "territories": {"type": "array", "items": TERRITORY_SCHEMA}}}, tags=["territories"])
def territories():
    rows = db.session.scalars(select(Territory).options(selectinload(Territory.organisations))
                              .order_by(Territory.name)).all()
    return jsonify({"territories": [territory_json(t) for t in rows]})


@bp.get("/territories/<slug>")
@api_operation("One territory", TERRITORY_SCHEMA, tags=["territories"])
def territory(slug):
    row = db.session.scalar(select(Territory).options(selectinload(Territory.organisations))
                            .where(Territory.slug == slug))
    if row is None:
        raise NotFound()
    return jsonify(territory_json(row))


@bp.get("/openapi.json")
@api_operation("This OpenAPI document", {"type": "object"}, tags=["meta"])
def openapi():
    return jsonify(openapi_document())


@bp.after_request
def _open_to_all_origins(response):
    # Public, read-only, no cookies used: any site may read it.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
