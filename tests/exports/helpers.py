import io
import re

import pypdf

from roadmap.exports.render import build_html, make_context, render_pdf
from tests.factories import make_organisation, make_territory


def pdf_reader(pdf_bytes):
    return pypdf.PdfReader(io.BytesIO(pdf_bytes))


def pdf_text(pdf_bytes):
    return "\n".join(page.extract_text() for page in pdf_reader(pdf_bytes).pages)


def normalise(text):
    return re.sub(r"\s+", " ", text)


def current_pdf():
    """The consolidated PDF of the current content, rendered in the test."""
    return render_pdf(build_html(make_context()))


def some_territories(count=3):
    names = ["La Rochelle", "Métropole de Lyon", "Rennes Métropole", "Helsinki", "Barcelone", "Œuville-sur-Mer"]
    territories = [make_territory(names[i % len(names)] + ("" if i < len(names) else f" {i}"),
                                  description="Ville **pionnière** du Self Data.") for i in range(count)]
    make_organisation("Mobilités Partagées", kind="startup", territories=territories[:2])
    return territories


def with_swot_in_roadmap(territory, text="Une force du territoire."):
    """A submitted SWOT version whose lead agreed to it appearing in the roadmap: a full annex."""
    from roadmap.extensions import db
    from roadmap.swot import service
    from tests.factories import make_lead
    from tests.swot.helpers import add

    lead = make_lead(territory)
    add(territory, lead, text=text)
    service.submit(territory, lead, in_roadmap=True)
    db.session.flush()
    return territory
