"""Who speaks for whom: a comment keeps the territory or organisation of its author at the time of
writing; the card, the dashboard's filters and the CSV show it; the form says how it is signed."""
import csv
import io

from roadmap.drafts.models import Comment, VersionState
from roadmap.extensions import db
from roadmap.territories.models import Membership
from tests.conftest import post
from tests.drafts.factories import make_version
from tests.factories import login, make_editor, make_lead, make_organisation, make_partner, make_territory


def _setup():
    lyon, rochelle = make_territory(name="Métropole de Lyon"), make_territory(name="La Rochelle")
    people = {"editor": make_editor(), "lead": make_lead(rochelle, name="Julien Morel"),
              "partner": make_partner(make_organisation(name="Énergies Locales", territories=[rochelle]),
                                      name="Thomas Bernard"),
              "lyon": make_lead(lyon, name="Awa Diallo")}
    version = make_version(VersionState.CONSULTATION)
    db.session.commit()
    return people, version.sections[0], lyon, rochelle


def _comment(client, person, section, body):
    client = client.application.test_client()  # the person's own browser
    login(client, person)
    response = post(client, f"/roadmap/sections/{section.id}/comment", {"stance": "supports", "body": body})
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    return db.session.scalar(db.select(Comment).where(Comment.body == body))


def test_a_comment_keeps_whom_its_author_spoke_for_when_writing(app, client):
    people, section, lyon, rochelle = _setup()
    by_lead = _comment(client, people["lead"], section, "Avis de La Rochelle")
    by_partner = _comment(client, people["partner"], section, "Avis du partenaire")
    assert (by_lead.author_territory_id, by_lead.author_organisation_id) == (rochelle.id, None)
    assert by_partner.author_territory_id is None and by_partner.author_organisation.name == "Énergies Locales"
    # Julien later moves to Lyon: his comment still speaks for La Rochelle.
    db.session.execute(db.update(Membership).where(Membership.user_id == people["lead"].id)
                       .values(territory_id=lyon.id))
    db.session.commit()
    login(client, people["lyon"])
    page = client.get("/roadmap/v/1").get_data(as_text=True)
    assert 'Julien Morel</strong> <span class="speaks-for">(La Rochelle)</span>' in page
    assert 'Thomas Bernard</strong> <span class="speaks-for">(Énergies Locales)</span>' in page


def test_the_comment_form_says_how_the_comment_will_be_signed(app, client):
    people, section, _lyon, _rochelle = _setup()
    login(client, people["lead"])
    page = client.get(f"/roadmap/sections/{section.id}/comment").get_data(as_text=True)
    assert "signé « Julien Morel (La Rochelle) »" in page and "publiquement" in page
    editor = app.test_client()
    login(editor, people["editor"])
    page = editor.get(f"/roadmap/sections/{section.id}/comment").get_data(as_text=True)
    assert f"signé « {people['editor'].display_name} »" in page  # an editor speaks for nobody else


def test_the_dashboard_filters_by_territory_and_organisation_and_the_csv_has_them(app, client):
    people, section, lyon, rochelle = _setup()
    _comment(client, people["lead"], section, "Avis de La Rochelle")
    _comment(client, people["partner"], section, "Avis du partenaire")
    _comment(client, people["lyon"], section, "Avis de Lyon")
    organisation_id = db.session.scalar(db.select(Comment.author_organisation_id).where(
        Comment.author_organisation_id.is_not(None)))
    login(client, people["editor"])
    page = client.get("/roadmap/v/1/comments").get_data(as_text=True)
    assert f'<option value="{lyon.id}" >Métropole de Lyon</option>' in page.replace("  ", " ")
    page = client.get(f"/roadmap/v/1/comments?territory={lyon.id}").get_data(as_text=True)
    assert "Avis de Lyon" in page and "Avis de La Rochelle" not in page and "Avis du partenaire" not in page
    page = client.get(f"/roadmap/v/1/comments?organisation={organisation_id}").get_data(as_text=True)
    assert "Avis du partenaire" in page and "Avis de Lyon" not in page
    # A territory that did not comment (or does not exist) is ignored, not an error.
    page = client.get("/roadmap/v/1/comments?territory=999999&organisation=abc").get_data(as_text=True)
    assert "Avis de Lyon" in page and "Avis du partenaire" in page
    body = client.get(f"/roadmap/v/1/comments.csv?territory={rochelle.id}").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert [(r["comment"], r["territory"], r["organisation"]) for r in rows] == [
        ("Avis de La Rochelle", "La Rochelle", "")]
    body = client.get("/roadmap/v/1/comments.csv?sep=semicolon").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert {r["organisation"] for r in rows} == {"", "Énergies Locales"} and len(rows) == 3


def test_a_reply_speaks_for_its_own_author(app, client):
    people, section, lyon, _rochelle = _setup()
    parent = _comment(client, people["lead"], section, "Avis de La Rochelle")
    login(client, people["lyon"])
    assert post(client, f"/roadmap/comments/{parent.id}/reply", {"body": "Lyon répond"}).status_code == 302
    reply = db.session.scalar(db.select(Comment).where(Comment.body == "Lyon répond"))
    assert reply.author_territory_id == lyon.id
