"""The consultation carries over: the final version records the consultation that led to it and
its page shows that consultation's synthesis; the comments stay on the consulted version."""
from datetime import timedelta

import pytest

from roadmap.core.timeutil import utcnow
from roadmap.drafts import service
from roadmap.drafts.models import CommentStatus, RoadmapVersion, VersionState
from roadmap.drafts.synthesis import consultation_synthesis
from roadmap.extensions import db
from tests.conftest import post
from tests.drafts.factories import make_comment, make_version
from tests.factories import login, make_editor, make_lead, make_organisation, make_partner, make_territory


@pytest.fixture
def path(app):
    """v1 published; v2 consulted on and answered; v3 drafted from it, edited, published."""
    rochelle = make_territory(name="La Rochelle")
    editor = make_editor(language="en")
    lead = make_lead(rochelle, name="Julien Morel", language="en")
    partner = make_partner(make_organisation(name="Cozy Cloud", territories=[rochelle]), name="Thomas Bernard")
    make_version(VersionState.PUBLISHED, sections=[("Gouvernance", "v1"), ("Données", "v1")], keys=["gov", "data"])
    v2 = make_version(VersionState.CONSULTATION, sections=[("Gouvernance", "v2"), ("Données", "v2")],
                      keys=["gov", "data"])
    gov, data = v2.sections
    comments = {
        "accepted": make_comment(lead, gov, body="Ajouter les coopératives", status=CommentStatus.ACCEPTED,
                                 answer="Ajouté en 1.2"),
        "partly": make_comment(partner, data, body="Citer le RGPD", status=CommentStatus.PARTLY_ACCEPTED,
                               answer="En partie"),
        "declined": make_comment(partner, gov, body="Tout centraliser", status=CommentStatus.DECLINED,
                                 answer="Contraire au principe du Self Data"),
        "answered": make_comment(lead, data, body="Une question", status=CommentStatus.ANSWERED,
                                 answer="Voici la réponse"),
        "open": make_comment(lead, data, body="Sans réponse"),
        "hidden": make_comment(lead, gov, body="Propos masqué", status=CommentStatus.DECLINED, answer="Non",
                               hidden_at=utcnow(), hidden_reason="Hors sujet"),
    }
    make_comment(partner, gov, body="Une réponse au fil", parent=comments["accepted"])
    v3 = service.create_next_version(editor)
    service.update_section(editor, v3.sections[0], "Gouvernance partagée", "Les coopératives aussi.", 1)
    service.delete_section(editor, v3.sections[1])
    service.publish_version(editor, v3)
    db.session.commit()
    return {"editor": editor, "lead": lead, "v2": v2, "v3": v3, "comments": comments}


def test_final_version_records_the_consultation_that_led_to_it(path):
    v3 = db.session.get(RoadmapVersion, path["v3"].id)
    assert [v.number for v in v3.consultations] == [path["v2"].number]


def test_synthesis_counts_by_status_section_territory_and_organisation(path):
    synthesis = consultation_synthesis(path["v3"])
    assert synthesis.total == 5  # the hidden one and the reply are not comments of the synthesis
    assert synthesis.by_status[CommentStatus.OPEN] == 1 and synthesis.by_status[CommentStatus.DECLINED] == 1
    assert [(row.section.title, row.total) for row in synthesis.sections] == [("Gouvernance", 2), ("Données", 3)]
    assert (synthesis.territories, synthesis.organisations) == (1, 1)
    answered = {item.comment.body: item for item in synthesis.answered}
    assert set(answered) == {"Ajouter les coopératives", "Citer le RGPD", "Tout centraliser", "Une question"}
    assert answered["Ajouter les coopératives"].answering_section.title == "Gouvernance partagée"
    assert answered["Citer le RGPD"].answering_section is None  # its section was removed in v3
    assert answered["Tout centraliser"].answering_section is None  # declined: nothing to point to


def test_visitor_reads_the_synthesis_on_the_final_version(client, path):
    page = client.get("/roadmap").get_data(as_text=True)
    assert "Ce à quoi la consultation a conduit" in page
    for text in ("Ajouté en 1.2", "Contraire au principe du Self Data", "Voici la réponse", "En partie"):
        assert text in page
    assert "Propos masqué" not in page and "Sans réponse" not in page
    assert "Julien Morel" not in page and "Thomas Bernard" not in page  # no names in the synthesis
    v3 = path["v3"]
    assert f'href="/roadmap/v/{v3.number}#section-{v3.sections[0].id}">Gouvernance partagée' in page
    assert "5 commentaires" in page and "1 territoire" in page and "1 organisation" in page


def test_participant_reaches_what_changed_after_the_consultation(client, path):
    login(client, path["lead"])
    v2, v3 = path["v2"], path["v3"]
    page = client.get(f"/roadmap/v/{v3.number}").get_data(as_text=True)
    link = f'/roadmap/compare?from={v2.number}&amp;to={v3.number}'
    assert link in page
    compare = client.get(link.replace("&amp;", "&"))
    assert compare.status_code == 200 and "partagée" in compare.get_data(as_text=True)


def test_comments_keep_their_version(client, path):
    login(client, path["lead"])
    v2 = path["v2"]
    page = client.get(f"/roadmap/v/{v2.number}").get_data(as_text=True)
    assert "Sans réponse" in page
    # the version page shows the latest threads of a section; every one is on the section's page
    section_id = path["comments"]["accepted"].section_id
    assert f"/roadmap/sections/{section_id}/comments" in page
    threads = client.get(f"/roadmap/sections/{section_id}/comments").get_data(as_text=True)
    assert "Ajouter les coopératives" in threads
    assert all(c.version_id == v2.id for c in path["comments"].values())


def test_version_published_after_its_own_consultation_records_it(app):
    editor = make_editor()
    version = make_version(VersionState.CONSULTATION)
    service.publish_version(editor, version)
    assert version.consultations == [version]
    synthesis = consultation_synthesis(version)
    assert synthesis.compared == [] and synthesis.total == 0


def test_publication_through_the_pages_records_the_consultation(client, app):
    editor = make_editor()
    v1 = make_version(VersionState.CONSULTATION, closes_in=timedelta(days=-1))
    v2 = make_version(VersionState.DRAFT)
    db.session.commit()
    login(client, editor)
    assert post(client, f"/roadmap/v/{v2.number}/publish").status_code == 302
    db.session.expire_all()
    assert [v.id for v in db.session.get(RoadmapVersion, v2.id).consultations] == [v1.id]


def test_my_comments_link_to_the_section_of_the_new_version(client, path):
    login(client, path["lead"])
    v3 = path["v3"]
    page = client.get("/roadmap/my-comments").get_data(as_text=True)
    assert "Ajouter les coopératives" in page and "Ajouté en 1.2" in page and "Accepted" in page
    assert f'In version {v3.number}: <a href="/roadmap/v/{v3.number}#section-{v3.sections[0].id}">Gouvernance partagée</a>' in page
    # Julien's two comments on "Gouvernance" (the accepted one, the hidden one) link to it; those on
    # "Données", removed in v3, link to nothing.
    assert page.count(f"In version {v3.number}:") == 2


def test_my_comments_before_any_new_version_have_no_link(client, app):
    lead = make_lead(make_territory(), language="en")
    version = make_version(VersionState.CONSULTATION)
    make_comment(lead, version.sections[0], body="Encore en consultation")
    login(client, lead)
    page = client.get("/roadmap/my-comments").get_data(as_text=True)
    assert "Encore en consultation" in page and "In version" not in page
