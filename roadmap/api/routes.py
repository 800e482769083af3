"""/api/v1: read-only, only what a visitor may see: territories, their public SWOTs, the public
use cases and the published roadmap. Lists come a page at a time (?page=N)."""
from flask import Blueprint, jsonify, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from roadmap.api import schemas
from roadmap.api.openapi import API_PREFIX, PAGE_PARAMETER, api_operation, openapi_document
from roadmap.api.pages import PAGE_SIZE, json_page  # noqa: F401  (PAGE_SIZE: the size of a page, read by tests)
from roadmap.core.caching import same_for_everyone
from roadmap.core.errors import NotFound
from roadmap.core.page_cache import cached_page
from roadmap.core.timeutil import iso_utc
from roadmap.drafts.service import current_version
from roadmap.exports.builtin import LICENCE
from roadmap.exports.swot_parts import IN_ROADMAP
from roadmap.exports.use_case_parts import use_case_json
from roadmap.extensions import db
from roadmap.swot import queries as swot_queries
from roadmap.territories.models import Territory
from roadmap.workshops.models import Alliance, UseCase

bp = same_for_everyone(Blueprint("api", __name__, url_prefix=API_PREFIX))

def _territories_json(territories):
    with_swot = swot_queries.territories_with_a_version(IN_ROADMAP, [t.id for t in territories])
    return [{"slug": t.slug, "name": t.name, "country": t.country, "kind": t.kind.value,
             "description": t.description,
             "partners": [{"name": o.name, "kind": o.kind.value} for o in t.organisations],
             "swot": url_for("api.territory_swot", slug=t.slug) if t.id in with_swot else None}
            for t in territories]


def _territory(slug):
    territory = db.session.scalar(select(Territory).options(selectinload(Territory.organisations))
                                  .where(Territory.slug == slug))
    if territory is None:
        raise NotFound()
    return territory


@bp.get("/territories")
@api_operation("The participating territories", schemas.page_of("territories", schemas.TERRITORY),
               tags=["territories"], query=[PAGE_PARAMETER])
@cached_page
def territories():
    query = select(Territory).options(selectinload(Territory.organisations)).order_by(Territory.name, Territory.id)
    return json_page("territories", query, _territories_json)


@bp.get("/territories/<slug>")
@api_operation("One territory", schemas.TERRITORY, tags=["territories"])
@cached_page
def territory(slug):
    return jsonify(_territories_json([_territory(slug)])[0])


@bp.get("/territories/<slug>/swot")
@api_operation("A territory's last submitted SWOT (404 unless it is in the roadmap: public, and its lead agreed when submitting it)", schemas.SWOT,
               tags=["territories"], errors=[404])
@cached_page
def territory_swot(slug):
    territory = _territory(slug)
    version = swot_queries.last_versions(IN_ROADMAP, territory_id=territory.id).get(territory.id)
    if version is None:
        raise NotFound()
    return jsonify({"territory": territory.slug, "version": version.number,
                    "submitted_at": iso_utc(version.submitted_at), "licence": LICENCE["id"],
                    "items": swot_queries.items_json(version.items)})


def _public_use_cases():
    return (select(UseCase).where(UseCase.is_public.is_(True))
            .options(selectinload(UseCase.alliances).selectinload(Alliance.territory)))


@bp.get("/use-cases")
@api_operation("The public use cases, with their alliances of territories",
               schemas.page_of("use_cases", schemas.USE_CASE), tags=["use cases"], query=[PAGE_PARAMETER])
@cached_page
def use_cases():
    return json_page("use_cases", _public_use_cases().order_by(UseCase.title, UseCase.id),
                 lambda rows: [use_case_json(u) for u in rows])


@bp.get("/use-cases/<int:use_case_id>")
@api_operation("One public use case", schemas.USE_CASE, tags=["use cases"])
@cached_page
def use_case(use_case_id):
    row = db.session.scalar(_public_use_cases().where(UseCase.id == use_case_id))
    if row is None:
        raise NotFound()
    return jsonify(use_case_json(row))


@bp.get("/roadmap")
@api_operation("The current published roadmap (404 before the first publication)", schemas.ROADMAP,
               tags=["roadmap"], errors=[404])
@cached_page
def roadmap():
    version = current_version()
    if version is None:
        raise NotFound()
    return jsonify({"number": version.number, "published_at": iso_utc(version.published_at),
                    "licence": LICENCE["id"],
                    "sections": [{"key": s.key, "position": s.position, "title": s.title, "body_markdown": s.body,
                                  "lang": s.language}
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
