"""Blank canvases for workshops held on paper: the SWOT grid and the use-case canvas, one A4
landscape page each. They hold no data, so each is rendered once per process and language."""
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from roadmap.exports.render import render_pdf

SWOT_QUADRANTS = (
    ("strengths", _l("Strengths")), ("weaknesses", _l("Weaknesses")),
    ("opportunities", _l("Opportunities")), ("threats", _l("Threats")),
)

# The fields of a use-case canvas, in the order of the paper canvas; the workshop feature's
# provider can reuse these keys and labels for the filled canvases of the PDF.
USE_CASE_FIELDS = (
    ("title", _l("Title")),
    ("theme", _l("Theme")),
    ("problem", _l("The problem")),
    ("citizens", _l("Citizens concerned")),
    ("personal_data", _l("Personal data involved and who holds it today")),
    ("citizen_return", _l("What the citizen gets back and does with it")),
    ("service", _l("The service")),
    ("governance", _l("Governance model")),
    ("benefits", _l("Individual and collective benefits")),
    ("risks", _l("Risks and safeguards")),
    ("indicators", _l("Indicators of success")),
    ("partners", _l("Partners")),
)

CANVASES = {
    "swot": ("exports/print/canvas_swot.html", _l("SWOT grid")),
    "use-case": ("exports/print/canvas_use_case.html", _l("Use-case canvas")),
}


def canvas_pdf(kind, locale):
    """The blank canvas `kind` as PDF bytes (KeyError for an unknown kind)."""
    template, title = CANVASES[kind]
    cache = current_app.extensions.setdefault("canvas_pdfs", {})
    key = (kind, locale)
    if key not in cache or current_app.debug:
        with force_locale(locale):
            html = render_template(template, title=title, locale=locale, quadrants=SWOT_QUADRANTS,
                                   fields=USE_CASE_FIELDS)
        cache[key] = render_pdf(html)[0]
    return cache[key]
