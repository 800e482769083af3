"""The glossary: one public page with an anchor per word, linked from where the words are used."""
import re

from roadmap.extensions import db
from roadmap.process import service as process_service
from roadmap.workshops.models import GovernanceModel
from tests.factories import login, make_lead, make_territory


def test_the_glossary_is_public_and_has_an_anchor_per_word(client, app):
    response = client.get("/glossaire")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    ids = re.findall(r'<dt id="([^"]+)">', html)
    assert len(ids) == len(set(ids))
    for anchor in ["self-data", "swot-quadrants", "dimension-technical", "dimension-legal", "quadrant-threat",
                   "mydata-portability"] + [f"governance-{m.value}" for m in GovernanceModel
                                            if m != GovernanceModel.OTHER]:
        assert anchor in ids, anchor
    assert "Coopérative de données" in html and "Self Data" in html and "Principes MyData" in html


def test_the_glossary_speaks_english_too(client, app):
    with client.session_transaction() as session:
        session["lang"] = "en"
    html = client.get("/glossaire").get_data(as_text=True)
    assert "Data cooperative" in html and "Human-centric control of personal data" in html


def test_the_words_link_to_the_glossary_where_they_are_used(client, app):
    process_service.ensure_process()
    rochelle = make_territory("La Rochelle", slug="la-rochelle")
    lead = make_lead(rochelle)
    db.session.commit()
    assert 'href="/glossaire"' in client.get("/").get_data(as_text=True)  # the footer
    assert 'href="/glossaire"' in client.get("/process").get_data(as_text=True)
    login(client, lead)
    assert 'href="/glossaire#swot"' in client.get("/territories/la-rochelle/swot").get_data(as_text=True)
    assert 'href="/glossaire#governance"' in client.get("/use-cases/new").get_data(as_text=True)
