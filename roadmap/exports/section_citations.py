"""What supports each roadmap section ("Supported by: ..."), as the PDF prints it under the section.

The web page's own list (drafts.queries.supports_by_section) as a visitor reads it, and one rule
more: a cited SWOT item's text is printed only when its territory's SWOT is in the roadmap and the
item belongs to that last version — a lead who said no is never quoted in the document.
"""
from dataclasses import replace

from flask_login import AnonymousUserMixin
from sqlalchemy import select

from roadmap.drafts.models import SectionSwotCitation, SectionUseCaseCitation
from roadmap.drafts.queries import supports_by_section
from roadmap.exports.builtin import rows_digest
from roadmap.exports.swot_parts import last_versions_in_roadmap
from roadmap.extensions import db


def section_citations(ctx, sections):
    """{section id: Supports} for the document's sections (three queries plus the SWOTs' one)."""
    supports = supports_by_section([s.id for s in sections], AnonymousUserMixin())
    in_roadmap = {(v.slug, v.number) for v in last_versions_in_roadmap(ctx).values()}
    for section_supports in supports.values():
        section_supports.swot = [s if s.text is None or (s.slug, s.version) in in_roadmap else replace(s, text=None)
                                 for s in section_supports.swot]
    return supports


def citations_fingerprint(sections):
    """Cheap: which items and use cases the sections cite (their visibility is in the SWOT and use
    case parts' own fingerprints)."""
    ids = [s.id for s in sections]
    swot = db.session.execute(select(SectionSwotCitation.section_id, SectionSwotCitation.swot_version_item_id)
                              .where(SectionSwotCitation.section_id.in_(ids))
                              .order_by(SectionSwotCitation.id)).all()
    use_cases = db.session.execute(select(SectionUseCaseCitation.section_id, SectionUseCaseCitation.use_case_id)
                                   .where(SectionUseCaseCitation.section_id.in_(ids))
                                   .order_by(SectionUseCaseCitation.id)).all()
    return [rows_digest(swot), rows_digest(use_cases)]
