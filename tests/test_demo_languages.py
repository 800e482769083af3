"""The demo mixes languages: Helsinki's and Barcelona's teams wrote some SWOT items, a use case and
a comment in English, stored with language "en", so that a mixed-language page is there to see."""
from sqlalchemy import select

from roadmap.drafts.models import Comment
from roadmap.extensions import db
from roadmap.swot.models import Swot, SwotItem
from roadmap.territories.models import Territory
from roadmap.workshops.models import UseCase
from tests.factories import login


def _english_items(slug):
    return db.session.scalars(select(SwotItem.text).join(Swot).join(Territory)
                              .where(Territory.slug == slug, SwotItem.language == "en")).all()


def test_the_demo_holds_english_content_beside_the_french(app, client):
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    assert len(_english_items("helsinki")) == 2 and len(_english_items("barcelone")) == 1
    assert _english_items("la-rochelle") == []
    basket = db.session.scalar(select(UseCase).where(UseCase.title == "Local basket"))
    assert basket.language == "en" and basket.problem.startswith("Residents want")
    english = db.session.scalars(select(Comment).where(Comment.language == "en")).all()
    assert [c.author.email for c in english] == ["lead-helsinki@demo.example"]
    assert english[0].answer_language == "fr"
    from roadmap.accounts.models import User

    login(client, db.session.scalar(select(User).where(User.email == "lead-la-rochelle@demo.example")),
          password="demo-feuille-2026")
    page = client.get("/territories/helsinki/swot").get_data(as_text=True)
    assert 'lang="en">The MyData operator model' in page  # a French interface marks the English item
