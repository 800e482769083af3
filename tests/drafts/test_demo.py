"""The demo roadmap: French, following the programme's outline, version 2 consulted on and answered,
version 3 published as the final roadmap built on that consultation, and loaded only once."""
import html

from roadmap.demo import seed
from roadmap.drafts import service
from roadmap.drafts.models import Comment, CommentStatus, RoadmapVersion, VersionState
from roadmap.drafts.synthesis import consultation_synthesis
from roadmap.extensions import db


def test_demo_roadmap_is_complete_and_idempotent(app):
    seed()
    db.session.commit()
    counts = (db.session.query(RoadmapVersion).count(), db.session.query(Comment).count())
    seed()
    db.session.commit()
    assert (db.session.query(RoadmapVersion).count(), db.session.query(Comment).count()) == counts

    v1, v2, v3 = db.session.query(RoadmapVersion).order_by(RoadmapVersion.number).all()
    assert v1.state == VersionState.PUBLISHED and v2.state == VersionState.CONSULTATION
    assert v2.consultation_closed() and v2.closes_at < v3.published_at  # closed as announced, then v3
    assert v3.state == VersionState.PUBLISHED and service.current_version().id == v3.id
    assert [v.number for v in v3.consultations] == [2]  # the final version records what led to it
    assert 6 <= len(v2.sections) <= 10
    titles = " ".join(s.title for s in v2.sections)
    for words in ("Self Data", "SWOT", "expérimentations", "by design", "chartes", "Mutualiser"):
        assert words in titles

    comments = db.session.query(Comment).filter(Comment.version_id == v2.id, Comment.parent_id.is_(None)).all()
    assert len(comments) >= 20
    assert all(c.answer and c.answered_by and c.answered_by.is_editor for c in comments)  # all answered
    statuses = {c.status for c in comments}
    assert statuses == {CommentStatus.ACCEPTED, CommentStatus.PARTLY_ACCEPTED, CommentStatus.DECLINED,
                        CommentStatus.ANSWERED}
    assert all(v2.consultation_opened_at < c.created_at < v2.closes_at for c in comments)
    assert all(c.speaks_for is not None for c in comments)  # every demo author speaks for someone
    territories = {m.territory_id for c in comments for m in c.author.memberships if m.territory_id}
    organisations = {m.organisation_id for c in comments for m in c.author.memberships if m.organisation_id}
    assert len(territories) >= 4 and len(organisations) >= 3
    for comment in comments:  # every anchor and quote holds in the text
        if comment.paragraph_id:
            block = service.find_paragraph(comment.section, comment.paragraph_id)
            assert block is not None, comment.body
            assert not comment.quote or comment.quote in block.text


def test_demo_final_version_takes_the_accepted_comments_into_account(app):
    seed()
    db.session.commit()
    v2 = db.session.query(RoadmapVersion).filter_by(number=2).one()
    v3 = db.session.query(RoadmapVersion).filter_by(number=3).one()
    assert [s.key for s in v3.sections] == [s.key for s in v2.sections]
    changed = {new.key for new, old in zip(v3.sections, v2.sections) if (new.title, new.body) != (old.title, old.body)}
    synthesis = consultation_synthesis(v3)
    assert synthesis.total == len(synthesis.answered) >= 20  # every comment has its answer in the synthesis
    accepted = [i for i in synthesis.answered if i.comment.status == CommentStatus.ACCEPTED]
    assert accepted and all(i.answering_section is not None for i in accepted)
    # Each section that got an accepted comment was rewritten in version 3.
    assert {i.consulted_section.key for i in accepted} <= changed
    assert synthesis.territories >= 4 and synthesis.organisations >= 3
    for section in v3.sections:  # the stored HTML is the text's (rendered through the real save)
        assert section.body_html and "**" not in section.body_html
    assert "Humaine" in next(s for s in v3.sections if s.key == "resultats-swot").body_html


def test_demo_pages_open(app, client):
    seed()
    db.session.commit()
    page = html.unescape(client.get("/roadmap").get_data(as_text=True))  # version 3, read by a visitor
    assert "version 3" in page and "Synthèse de la consultation" in page
    assert "Nous gardons deux cents volontaires" in page  # a declined comment with its justification
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
    page = html.unescape(client.get("/roadmap/v/1").get_data(as_text=True))  # version 1, read by a visitor
    assert "Appuyé par :" in page and "La Rochelle — faiblesse : Le coût d'hébergement" in page
    assert "Cas d'usage : Coach CO2" in page
    assert "(ce SWOT n'est pas public)" in page  # Lyon's SWOT is not public
