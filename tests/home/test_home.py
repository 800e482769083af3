"""The home page starts with what is waiting for the person who reads it, by role; visitors see
the public page only; a person's block is never shown to another, cache or not."""
import re
from datetime import timedelta

import pytest

from roadmap.accounts.models import Invitation
from roadmap.core.timeutil import utcnow
from roadmap.drafts.models import CommentReport, CommentStatus, VersionState
from roadmap.extensions import db
from roadmap.process import service as process_service
from roadmap.swot import service as swot_service
from roadmap.swot.forms import ItemData
from tests.drafts.factories import make_comment, make_version
from tests.factories import (
    login, make_editor, make_lead, make_member, make_organisation, make_partner, make_territory, make_user,
)
from tests.workshops.helpers import make_workshop, register

WAITING = "Ce qui vous attend"


def _item(text="Une équipe données", quadrant="strength"):
    return ItemData(quadrant=quadrant, dimension="technical", text=text, importance=2)


def _waiting(response):
    """The lines of the "what is waiting for you" block, as (text, link)."""
    html = response.get_data(as_text=True)
    block = re.search(r'<section class="waiting".*?</section>', html, re.S)
    if block is None:
        return None
    return [(" ".join(re.sub("<[^>]+>", "", text).split()), link)
            for link, text in re.findall(r'<li><a href="([^"]+)">(.*?)</a></li>', block.group(0), re.S)]


@pytest.fixture
def world(app):
    process_service.ensure_process()
    editor = make_editor(name="Claire Éditrice")
    rochelle = make_territory("La Rochelle", slug="la-rochelle")
    lyon = make_territory("Lyon", slug="lyon")
    lead = make_lead(rochelle, name="Lena Lead")
    member = make_member(rochelle, name="Marc Membre")
    organisation = make_organisation("NuageCitoyen", territories=[rochelle])
    partner = make_partner(organisation, name="Paula Partenaire")
    swot_service.add_item(rochelle, lead, _item())
    proposal = swot_service.add_item(rochelle, partner, _item("Un cloud personnel", "opportunity"))
    declined = swot_service.add_item(rochelle, partner, _item("Une idée refusée", "threat"))
    swot_service.decide_proposal(rochelle, declined.id, lead, accept=False)
    version = make_version(VersionState.CONSULTATION)
    section = version.sections[0]
    open_comment = make_comment(member, section)
    make_comment(lead, section, status=CommentStatus.ACCEPTED, answer="Merci.")
    db.session.add(CommentReport(comment=open_comment, reporter=partner, reason="hors sujet"))
    db.session.add(Invitation(email="attente@example.org", role="member", territory=lyon, invited_by=editor,
                              expires_at=utcnow() + timedelta(days=3)))
    workshop = make_workshop(editor, territories=[rochelle], title="Atelier mobilité")
    register(workshop, member)
    db.session.commit()
    return dict(editor=editor, lead=lead, member=member, partner=partner, rochelle=rochelle, lyon=lyon,
                version=version, workshop=workshop, proposal=proposal)


def test_a_visitor_sees_the_public_home_without_the_block(client, world):
    response = client.get("/")
    assert response.status_code == 200
    assert _waiting(response) is None and WAITING not in response.get_data(as_text=True)
    assert "Avancement des territoires" in response.get_data(as_text=True)


def test_the_editor_sees_comments_reports_invitations_swots_and_workshops(client, world):
    login(client, world["editor"])
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert html.index(WAITING) < html.index("Avancement des territoires")
    lines = _waiting(response)
    number = world["version"].number
    assert (f"1 commentaire sans réponse sur la version {number}",
            f"/roadmap/v/{number}/comments?status=open") in lines
    assert (f"1 commentaire signalé sur la version {number}", f"/roadmap/v/{number}/comments") in lines
    assert ("1 invitation pas encore acceptée", "/invitations") in lines
    assert ("La Rochelle n’a pas encore soumis son SWOT", "/territories/la-rochelle/swot") in lines
    assert ("Lyon n’a pas encore soumis son SWOT", "/territories/lyon/swot") in lines
    assert any(text.startswith("Atelier à venir « Atelier mobilité »") and link == f"/workshops/{world['workshop'].id}"
               for text, link in lines)


def test_a_submitted_swot_leaves_the_editors_list(client, world):
    swot_service.submit(world["rochelle"], world["lead"])
    db.session.commit()
    login(client, world["editor"])
    texts = [text for text, _link in _waiting(client.get("/"))]
    assert "La Rochelle n’a pas encore soumis son SWOT" not in texts
    assert "Lyon n’a pas encore soumis son SWOT" in texts


def test_the_lead_sees_proposals_their_swot_workshops_and_the_consultation(client, world):
    login(client, world["lead"])
    lines = _waiting(client.get("/"))
    assert ("1 proposition de partenaire vous attend sur le SWOT de La Rochelle",
            "/territories/la-rochelle/swot#proposals") in lines
    assert ("SWOT de La Rochelle : brouillon de 1 élément — vous en êtes responsable",
            "/territories/la-rochelle/swot") in lines
    assert any(text.startswith("Inscrivez-vous à l’atelier « Atelier mobilité »") for text, _link in lines)
    number = world["version"].number
    assert any(link == f"/roadmap/v/{number}" and "vous avez fait 1 commentaire" in text for text, link in lines)


def test_the_partner_sees_what_became_of_their_proposals_and_their_workshops(client, world):
    login(client, world["partner"])
    lines = _waiting(client.get("/"))
    assert ("Vos propositions au SWOT de La Rochelle : 0 acceptée(s), 1 refusée(s), 1 en attente",
            "/territories/la-rochelle/swot#proposals") in lines
    number = world["version"].number
    assert any(link == f"/roadmap/v/{number}" and text.startswith(f"Commentez la version {number}")
               for text, link in lines)
    assert not any("sans réponse" in text or "propositions de partenaire" in text for text, _link in lines)


def test_a_member_sees_their_swot_and_the_workshop_they_registered_for(client, world):
    login(client, world["member"])
    lines = _waiting(client.get("/"))
    assert ("SWOT de La Rochelle : brouillon de 1 élément", "/territories/la-rochelle/swot") in lines
    assert any(text.startswith("Vous êtes inscrit·e à l’atelier « Atelier mobilité »") for text, _link in lines)
    assert not any("proposition" in text for text, _link in lines)


def test_the_lead_of_a_new_territory_is_told_its_swot_is_not_started(client, app):
    process_service.ensure_process()
    lead = make_lead(make_territory("Brest", slug="brest"))
    db.session.commit()
    login(client, lead)
    assert _waiting(client.get("/")) == [("SWOT de Brest : pas commencé — vous en êtes responsable",
                                          "/territories/brest/swot")]


def test_a_person_with_nothing_waiting_is_told_so(client, app):
    process_service.ensure_process()
    person = make_user()
    db.session.commit()
    login(client, person)
    html = client.get("/").get_data(as_text=True)
    assert WAITING in html and "Rien ne vous attend pour le moment." in html


def test_each_person_gets_their_own_block_from_the_page_cache(app, world):
    """Rendered as two people, twice each (the second time from the cache): each sees only theirs."""
    assert "page_cache" in app.extensions
    lead_client, partner_client = app.test_client(), app.test_client()
    login(lead_client, world["lead"])
    login(partner_client, world["partner"])
    seen = {}
    for name, browser in (("lead", lead_client), ("partner", partner_client), ("lead", lead_client),
                          ("partner", partner_client)):
        response = browser.get("/")
        seen.setdefault(name, []).append((response.headers.get("X-Page-Cache"), _waiting(response)))
    assert [cache for cache, _lines in seen["lead"]] == ["miss", "hit"]
    assert [cache for cache, _lines in seen["partner"]] == ["miss", "hit"]
    lead_lines, partner_lines = seen["lead"][0][1], seen["partner"][0][1]
    assert seen["lead"][1][1] == lead_lines and seen["partner"][1][1] == partner_lines
    assert lead_lines != partner_lines
    assert any("vous en êtes responsable" in text for text, _link in lead_lines)
    assert not any("vous en êtes responsable" in text for text, _link in partner_lines)
    assert not any(text.startswith("Vos propositions") for text, _link in lead_lines)
    anonymous = app.test_client().get("/")
    assert _waiting(anonymous) is None


def test_the_block_follows_a_change_at_once(app, world):
    """A decision on the proposal changes the cached lead's page at once (its table changed)."""
    browser = app.test_client()
    login(browser, world["lead"])
    assert any("proposition de partenaire" in text for text, _link in _waiting(browser.get("/")))
    swot_service.decide_proposal(world["rochelle"], world["proposal"].id, world["lead"], accept=True)
    db.session.commit()
    assert not any("proposition de partenaire" in text for text, _link in _waiting(browser.get("/")))


def test_the_editors_counts_follow_a_new_report_and_an_answer_at_once(client, world, no_page_cache):
    """The editors' counts are shared between editors and kept while their tables are unchanged
    (core/data_memo.py): a write to them shows at the next page."""
    from roadmap.drafts.models import Comment

    login(client, world["editor"])
    number = world["version"].number
    assert (f"1 commentaire signalé sur la version {number}", f"/roadmap/v/{number}/comments") in _waiting(client.get("/"))
    comment = db.session.scalar(db.select(Comment).where(Comment.version_id == world["version"].id,
                                                         Comment.status == CommentStatus.OPEN))
    db.session.add(CommentReport(comment_id=comment.id, reporter_id=world["lead"].id, reason="Hors sujet"))
    comment.status = CommentStatus.ANSWERED
    db.session.commit()
    lines = _waiting(client.get("/"))
    assert not any("sans réponse" in text for text, _link in lines)
    assert (f"1 commentaire signalé sur la version {number}", f"/roadmap/v/{number}/comments") in lines
