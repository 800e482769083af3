"""The read-only JSON API under /api/v1, and its OpenAPI 3.1 document.

A feature adds endpoints on its own blueprint (url_prefix="/api/v1") and describes each view
with `@api_operation(...)`; `/api/v1/openapi.json` lists exactly the routes of the URL map under
/api/v1. Only what a visitor may see: these views never look at the current user.
"""
