"""JSON Schemas of the API's answers, shown in the OpenAPI document (openapi.py)."""
from roadmap.exports.use_case_parts import TEXT_FIELDS
from roadmap.swot.models import Dimension, Quadrant
from roadmap.workshops.models import AllianceRole


def page_of(key, item_schema):
    """A list answered a page at a time (?page=N)."""
    return {"type": "object", "required": [key, "page", "pages", "total"], "properties": {
        key: {"type": "array", "items": item_schema},
        "page": {"type": "integer"}, "pages": {"type": "integer"}, "total": {"type": "integer"},
        "next": {"type": ["string", "null"], "description": "the next page's path, null on the last"}}}



LANG = {"type": "string", "description": "the language the text is written in (a code of the configured languages)"}  # of the texts next to it
TERRITORY = {
    "type": "object",
    "required": ["slug", "name", "country", "kind", "description", "partners", "swot"],
    "properties": {
        "slug": {"type": "string"}, "name": {"type": "string"},
        "country": {"type": "string", "description": "ISO 3166-1 alpha-2"},
        "kind": {"type": "string", "enum": ["city", "metropolis", "region", "other"]},
        "description": {"type": "string", "description": "Markdown"},
        "partners": {"type": "array", "items": {"type": "object", "properties": {
            "name": {"type": "string"}, "kind": {"type": "string"}}}},
        "swot": {"type": ["string", "null"], "description": "path of its public SWOT, null when it has none"},
    },
}

SWOT = {
    "type": "object",
    "required": ["territory", "version", "submitted_at", "items"],
    "properties": {
        "territory": {"type": "string", "description": "the territory's slug"},
        "version": {"type": "integer"}, "submitted_at": {"type": "string", "format": "date-time"},
        "licence": {"type": "string"},
        "items": {"type": "array", "items": {"type": "object", "properties": {
            "quadrant": {"type": "string", "enum": [q.value for q in Quadrant]},
            "dimension": {"type": "string", "enum": [d.value for d in Dimension]},
            "importance": {"type": "integer", "minimum": 1, "maximum": 3},
            "text": {"type": "string"}, "evidence_url": {"type": "string"}, "evidence_note": {"type": "string"},
            "lang": LANG}}},
    },
}

USE_CASE = {
    "type": "object",
    "required": ["id", "title", "theme", "governance_model", "alliance"],
    "properties": {
        "id": {"type": "integer"}, "title": {"type": "string"}, "lang": LANG, "theme": {"type": "string"},
        "governance_model": {"type": "string"},
        **{name: {"type": "string"} for name in TEXT_FIELDS},
        "alliance": {"type": "array", "items": {"type": "object", "properties": {
            "territory": {"type": "string"}, "role": {"type": "string", "enum": [r.value for r in AllianceRole]}}}},
    },
}

ROADMAP = {
    "type": "object",
    "required": ["number", "published_at", "sections"],
    "properties": {
        "number": {"type": "integer"}, "published_at": {"type": "string", "format": "date-time"},
        "licence": {"type": "string"},
        "sections": {"type": "array", "items": {"type": "object", "properties": {
            "key": {"type": "string"}, "position": {"type": "integer"}, "title": {"type": "string"},
            "body_markdown": {"type": "string"}, "lang": LANG}}},
    },
}
