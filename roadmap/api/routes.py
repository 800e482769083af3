"""/api/v1: territories and the published roadmap (other features add blueprints under the same prefix)."""
from flask import Blueprint, jsonify
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from roadmap.api.openapi import API_PREFIX, api_operation, openapi_document
from roadmap.core.errors import NotFound
from roadmap.drafts.service import current_version
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


ROADMAP_SCHEMA = {
    "type": "object",
    "required": ["number", "published_at", "sections"],
    "properties": {
        "number": {"type": "integer"}, "published_at": {"type": "string", "format": "date-time"},
        "licence": {"type": "string"},
        "sections": {"type": "array", "items": {"type": "object", "properties": {
            "key": {"type": "string"}, "position": {"type": "integer"}, "title": {"type": "string"},
            "body_markdown": {"type": "string"}}}},
    },
}


@bp.get("/roadmap")
@api_operation("The current published roadmap (404 before the first publication)", ROADMAP_SCHEMA,
               tags=["roadmap"])
def roadmap():
    version = current_version()
    if version is None:
        raise NotFound()
    return jsonify({"number": version.number, "published_at": version.published_at.isoformat(),
                    "licence": "CC-BY-4.0",
                    "sections": [{"key": s.key, "position": s.position, "title": s.title, "body_markdown": s.body}
                                 for s in version.sections]})


@bp.get("/openapi.json")
@api_operation("This OpenAPI document", {"type": "object"}, tags=["meta"])
def openapi():
    return jsonify(openapi_document())


@bp.after_request
def _open_to_all_origins(response):
    # Public, read-only, no cookies used: any site may read it.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
