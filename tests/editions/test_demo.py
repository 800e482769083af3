"""The demo's English edition: the final version translated by the lead of Helsinki and published with it."""
from roadmap.demo import seed
from roadmap.drafts.models import RoadmapVersion
from roadmap.editions import service
from roadmap.editions.models import SectionTranslation
from roadmap.extensions import db


def test_the_demo_publishes_a_complete_english_edition_once(app, client):
    seed()
    db.session.commit()
    count = db.session.query(SectionTranslation).count()
    seed()
    db.session.commit()
    assert db.session.query(SectionTranslation).count() == count
    v3 = db.session.scalar(db.select(RoadmapVersion).where(RoadmapVersion.number == 3))
    assert service.edition_status(v3, "en").complete and service.published_languages(v3) == ["en"]
    assert [t.user.email for t in service.translators("en")] == ["lead-helsinki@demo.example"]
    html = client.get("/roadmap?edition=en").get_data(as_text=True)
    assert "What is Self Data?" in html and "Track 1: many small experiments" in html
