"""Builds the OpenAPI 3.1 document from the app's URL map: it cannot list a route that does not
exist, nor miss one."""
import re

from flask import current_app

from roadmap.core.params import MAX_ID, MAX_PAGE

API_PREFIX = "/api/v1"
CONVERTER_RE = re.compile(r"<(?:(?P<converter>[a-z]+):)?(?P<name>\w+)>")
# As the app's converters take them (roadmap/core/params.py): a larger id is a 404.
SCHEMA_TYPES = {"int": {"type": "integer", "minimum": 0, "maximum": MAX_ID}, "float": {"type": "number"}}
ERROR_RESPONSES = {404: "Not found", 405: "Method not allowed (the Allow header lists the others)",
                   422: "A parameter is not valid (the error says which)"}


PAGE_PARAMETER = {"name": "page", "in": "query", "required": False,
                  "description": "which page of the list (1 by default; past the last one, an empty list)",
                  "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}}


def api_operation(summary, response_schema=None, description="", tags=(), query=(), errors=()):
    """Describe an API view for the OpenAPI document; `query`: its query parameters; `errors`:
    the error statuses it answers besides those its parameters imply (404, 422)."""
    def decorate(view):
        view.openapi = {"summary": summary, "description": description, "tags": list(tags),
                        "response_schema": response_schema or {"type": "object"}, "query": list(query),
                        "errors": list(errors)}
        return view
    return decorate


def _error(description):
    return {"description": description, "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _operation(rule, view):
    spec = getattr(view, "openapi", {"summary": rule.endpoint, "response_schema": {"type": "object"}})
    parameters = [
        {"name": m["name"], "in": "path", "required": True,
         "schema": SCHEMA_TYPES.get(m["converter"] or "", {"type": "string"})}
        for m in CONVERTER_RE.finditer(rule.rule)
    ]
    operation = {
        "operationId": rule.endpoint.replace(".", "_"),
        "summary": str(spec["summary"]),
        "responses": {"200": {"description": "OK", "content": {
            "application/json": {"schema": spec["response_schema"]}}}},
    }
    if spec.get("description"):
        operation["description"] = str(spec["description"])
    if spec.get("tags"):
        operation["tags"] = spec["tags"]
    if parameters or spec.get("query"):
        operation["parameters"] = parameters + spec.get("query", [])
    errors = set(spec.get("errors", ()))
    if parameters:
        errors.add(404)
    if spec.get("query"):
        errors.add(422)
    for status in sorted(errors):
        operation["responses"][str(status)] = _error(ERROR_RESPONSES[status])
    return operation


def api_rules(app=None):
    app = app or current_app
    return sorted((r for r in app.url_map.iter_rules() if r.rule.startswith(API_PREFIX + "/")),
                  key=lambda r: r.rule)


def openapi_document(app=None):
    app = app or current_app
    paths = {}
    for rule in api_rules(app):
        path = CONVERTER_RE.sub(lambda m: "{" + m["name"] + "}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(rule, app.view_functions[rule.endpoint])
    return {
        "openapi": "3.1.0",
        "info": {"title": "Feuille de route Self Data — API", "version": "1.0.0",
                 "description": "Read-only: only what a visitor may see. Content under CC BY 4.0.",
                 "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"}},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"schemas": {"Error": {"type": "object", "required": ["error", "status"], "properties": {
            "error": {"type": "string"}, "status": {"type": "integer"}}}}},
    }
