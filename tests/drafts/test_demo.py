"""The demo roadmap: French, following the programme's outline, commented, and loaded only once."""
import html

from roadmap.demo import seed
from roadmap.drafts import service
from roadmap.drafts.models import Comment, RoadmapVersion, VersionState
from roadmap.extensions import db


def test_demo_roadmap_is_complete_and_idempotent(app):
    seed()
    db.session.commit()
    counts = (db.session.query(RoadmapVersion).count(), db.session.query(Comment).count())
    seed()
    db.session.commit()
    assert (db.session.query(RoadmapVersion).count(), db.session.query(Comment).count()) == counts

    v1, v2 = db.session.query(RoadmapVersion).order_by(RoadmapVersion.number).all()
    assert v1.state == VersionState.PUBLISHED and v2.state == VersionState.CONSULTATION
    assert v2.consultation_open()
    assert 6 <= len(v2.sections) <= 10
    titles = " ".join(s.title for s in v2.sections)
    for words in ("Self Data", "SWOT", "expérimentations", "by design", "chartes", "Mutualiser"):
        assert words in titles

    comments = db.session.query(Comment).filter(Comment.version_id == v2.id, Comment.parent_id.is_(None)).all()
    assert len(comments) >= 20
    assert sum(1 for c in comments if c.answer) >= 5
    territories = {m.territory_id for c in comments for m in c.author.memberships if m.territory_id}
    organisations = {m.organisation_id for c in comments for m in c.author.memberships if m.organisation_id}
    assert len(territories) >= 4 and len(organisations) >= 3
    for comment in comments:  # every anchor and quote holds in the text
        if comment.paragraph_id:
            block = service.find_paragraph(comment.section, comment.paragraph_id)
            assert block is not None, comment.body
            assert not comment.quote or comment.quote in block.text


def test_demo_pages_open(app, client):
    seed()
    db.session.commit()
    assert client.get("/roadmap").status_code == 200
    assert client.get("/roadmap/v/2").status_code == 404  # the consultation is for participants
    page = client.get("/").get_data(as_text=True)
    assert "commentaires" in page


def test_demo_sections_cite_swot_items_and_use_cases_once(app, client):
    from roadmap.drafts.models import SectionSwotCitation, SectionUseCaseCitation

    seed()
    db.session.commit()
    counts = (db.session.query(SectionSwotCitation).count(), db.session.query(SectionUseCaseCitation).count())
    seed()
    db.session.commit()
    assert (db.session.query(SectionSwotCitation).count(),
            db.session.query(SectionUseCaseCitation).count()) == counts
    v1 = db.session.query(RoadmapVersion).filter_by(number=1).one()
    cited = [s for s in v1.sections if s.swot_citations or s.use_case_citations]
    assert 2 <= len(cited) <= 3
    titles = {c.use_case.title for s in cited for c in s.use_case_citations}
    assert "Coach CO2" in titles
    page = html.unescape(client.get("/roadmap").get_data(as_text=True))  # version 1, read by a visitor
    assert "Appuyé par :" in page and "La Rochelle — faiblesse : Le coût d'hébergement" in page
    assert "Cas d'usage : Coach CO2" in page
    assert "(ce SWOT n'est pas public)" in page  # Lyon's SWOT is not public
