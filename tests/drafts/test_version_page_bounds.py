"""A heavily commented version: its page stays small (each paragraph shows its count, the latest
threads of each section are shown, the rest a click away), and that click works without JavaScript
(a plain link to the paragraph's own page) as well as in place (htmx gets the list alone)."""
from datetime import timedelta

import pytest

from roadmap.drafts import service
from roadmap.drafts.models import VersionState
from tests.drafts.factories import make_comment, make_version
from tests.factories import login, make_lead, make_territory

PAGE_BOUND = 100 * 1024
BODY = "\n\n".join(f"Paragraphe {n} : une orientation de la feuille de route." for n in range(5))


@pytest.fixture
def crowded(app):
    lead = make_lead(make_territory(name="La Rochelle"), name="Julien Morel", language="en")
    version = make_version(VersionState.CONSULTATION, sections=[(f"Section {n}", BODY) for n in range(8)])
    paragraph_ids = {s.id: [pid for pid, _block in service.paragraphs(s)] for s in version.sections}
    n = 0
    for section in version.sections:
        for pid in paragraph_ids[section.id] + [None]:
            for _ in range(12):  # 8 sections x 6 places x 12 threads, each with a reply
                thread = make_comment(lead, section, body=f"Remarque {n:04d} " + "x" * 300, paragraph_id=pid,
                                      age=timedelta(minutes=2000 - n))
                make_comment(lead, section, body=f"Réponse {n:04d}", parent=thread, age=timedelta(minutes=1999 - n))
                n += 1
    return {"lead": lead, "version": version, "paragraphs": paragraph_ids, "threads": n}


def test_the_version_page_stays_under_its_bound_however_many_comments(client, crowded):
    login(client, crowded["lead"])
    response = client.get(f"/roadmap/v/{crowded['version'].number}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert len(response.data) < PAGE_BOUND
    shown = page.count('<article class="comment"')
    assert 0 < shown <= 2 * len(crowded["version"].sections)  # the latest threads of each section only
    assert "12 comments on this paragraph" in page


def test_more_comments_of_a_paragraph_work_without_javascript_and_in_place(client, crowded):
    login(client, crowded["lead"])
    section = crowded["version"].sections[3]
    pid = crowded["paragraphs"][section.id][2]
    page = client.get(f"/roadmap/v/{crowded['version'].number}").get_data(as_text=True)
    link = f"/roadmap/sections/{section.id}/comments?paragraph={pid}"
    assert f'<div class="thread" id="{pid}-comments">' in page
    assert f'href="{link}" data-in-place>' in page  # static/js/app.js loads it in place

    full = client.get(link)  # no JavaScript: the link is a page of its own
    assert full.status_code == 200
    text = full.get_data(as_text=True)
    assert "<!doctype html>" in text.lower() and "Paragraph 3" in text
    remarks = [line for line in text.split("Remarque ")[1:]]
    assert len(remarks) == 12 and "Réponse" in text  # the paragraph's threads, with their replies, only

    fragment = client.get(link, headers={"HX-Request": "true"})  # htmx: the list alone, put in place
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in body and body.count('<article class="comment') == 24


def test_an_unknown_paragraph_is_not_found(client, crowded):
    login(client, crowded["lead"])
    section = crowded["version"].sections[0]
    assert client.get(f"/roadmap/sections/{section.id}/comments?paragraph=p-0-99").status_code == 404


def test_the_published_version_lists_a_bounded_number_of_answers(client, app):
    from roadmap.drafts.models import CommentStatus
    from roadmap.drafts.routes import SYNTHESIS_ANSWERS_SHOWN
    from roadmap.extensions import db
    from tests.factories import make_editor

    editor = make_editor()
    lead = make_lead(make_territory(name="Lyon"), name="Inès Garcia", language="en")
    consulted = make_version(VersionState.CONSULTATION, sections=[("Gouvernance", BODY)], keys=["gov"])
    total = SYNTHESIS_ANSWERS_SHOWN + 7
    for n in range(total):
        make_comment(lead, consulted.sections[0], body=f"Avis {n:03d}", status=CommentStatus.ANSWERED,
                     answer=f"Réponse {n:03d}", age=timedelta(minutes=total - n))
    final = service.create_next_version(editor)
    service.publish_version(editor, final)
    db.session.commit()
    page = client.get("/roadmap").get_data(as_text=True)
    assert page.count('class="synthesis-answer ') == SYNTHESIS_ANSWERS_SHOWN
    assert "Avis 000" in page and f"Avis {total - 1:03d}" not in page  # by section, then oldest first
    assert f"{SYNTHESIS_ANSWERS_SHOWN} des {total} commentaires ayant reçu une réponse sont affichés ici" in page
    link = f'/roadmap/sections/{consulted.sections[0].id}/comments'
    assert f'href="{link}"' not in page  # a visitor may not read the version consulted on
    login(client, lead)
    page = client.get("/roadmap").get_data(as_text=True)
    assert f'href="{link}"' in page and "are a click away in the table above" in page
    assert f"Avis {total - 1:03d}" in client.get(link + "?page=2").get_data(as_text=True)
