"""Sections, comments, replies and answers store their language; the pages mark it; others → 422."""
import pytest

from roadmap.drafts.models import Comment, Section, VersionState
from roadmap.extensions import db
from tests.conftest import csrf_token, post
from tests.drafts.factories import make_comment, make_version
from tests.factories import login, make_editor, make_lead, make_territory


def _switch(client, user):
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    login(client, user)


def _error(page, field):
    start = page.index(f'id="{field}-error"')
    return page[start:page.index("</p>", start)]


@pytest.fixture
def lead(app):
    return make_lead(make_territory("Helsinki"), language="en")


def test_a_section_is_in_its_writers_language_unless_chosen_and_the_version_page_marks_it(client):
    version = make_version(VersionState.DRAFT, sections=())
    login(client, make_editor(language="fr"))
    url = f"/roadmap/v/{version.number}/sections/new"
    assert post(client, url, {"title": "Introduction", "body": "Texte"}).status_code == 302
    assert post(client, url, {"title": "Summary", "body": "In English", "language": "en"}).status_code == 302
    french, english = db.session.scalars(db.select(Section).order_by(Section.position)).all()
    assert (french.language, english.language) == ("fr", "en")
    page = client.get(f"/roadmap/v/{version.number}").get_data(as_text=True)
    assert '<span lang="en">Summary</span>' in page and '<div class="paragraph-text" lang="en">' in page
    assert '<span>Introduction</span>' in page
    response = post(client, f"/roadmap/sections/{english.id}/edit",
                    {"title": "Summary", "body": "In English", "revision": english.revision, "language": "fr"})
    assert response.status_code == 302
    db.session.refresh(english)
    assert english.language == "fr"


def test_a_section_in_an_unknown_language_is_refused_next_to_the_field(client):
    version = make_version(VersionState.DRAFT, sections=())
    login(client, make_editor(language="fr"))
    response = post(client, f"/roadmap/v/{version.number}/sections/new",
                    {"title": "Intro", "body": "x", "language": "es-ES"})
    assert response.status_code == 422
    assert "Choisissez une langue dans la liste." in _error(response.get_data(as_text=True), "language")
    assert db.session.query(Section).count() == 0


def test_comments_and_replies_are_in_their_writers_language_and_marked_in_the_french_interface(client, lead):
    section = make_version(VersionState.CONSULTATION).sections[0]
    login(client, lead)
    assert post(client, f"/roadmap/sections/{section.id}/comment",
                {"body": "Please add Helsinki", "stance": "supports"}).status_code == 302
    comment = db.session.scalars(db.select(Comment)).one()
    assert comment.language == "en"
    assert post(client, f"/roadmap/comments/{comment.id}/reply",
                {"body": "Merci", "language": "fr"}).status_code == 302
    reply = db.session.scalars(db.select(Comment).where(Comment.parent_id == comment.id)).one()
    assert reply.language == "fr"
    _switch(client, make_lead(make_territory("Lyon"), language="fr"))
    page = client.get(f"/roadmap/v/{section.version.number}").get_data(as_text=True)
    assert '<p class="comment-body" lang="en">Please add Helsinki</p>' in page
    assert '<p class="comment-body">Merci</p>' in page
    # The section itself is in French: marked in neither case for a French reader.
    assert '<div class="paragraph-text">' in page


def test_an_author_changes_the_language_of_their_comment(client, lead):
    section = make_version(VersionState.CONSULTATION).sections[0]
    comment = make_comment(lead, section, body="Texte", language="fr")
    login(client, lead)
    assert post(client, f"/roadmap/comments/{comment.id}/edit", {"body": "Text", "language": "en"}).status_code == 302
    db.session.refresh(comment)
    assert comment.language == "en"


@pytest.mark.parametrize("url", ["/roadmap/sections/{s}/comment", "/roadmap/comments/{c}/reply",
                                 "/roadmap/comments/{c}/edit"])
def test_a_comment_in_an_unknown_language_is_refused_next_to_the_field(client, lead, url):
    section = make_version(VersionState.CONSULTATION).sections[0]
    comment = make_comment(lead, section, body="Texte")
    login(client, lead)
    response = post(client, url.format(s=section.id, c=comment.id),
                    {"body": "Nouveau", "stance": "neutral", "language": "tlh"})
    assert response.status_code == 422
    assert "Choose a language from the list." in _error(response.get_data(as_text=True), "language")
    assert db.session.query(Comment).count() == 1 and comment.body == "Texte"


def test_an_answer_stores_its_language(client, lead):
    section = make_version(VersionState.CONSULTATION).sections[0]
    comment = make_comment(lead, section, body="Add Helsinki", language="en")
    editor = make_editor(language="fr")
    login(client, editor)
    response = post(client, f"/roadmap/comments/{comment.id}/answer",
                    {"status": "accepted", "answer": "Done.", "answer_language": "xx"})
    assert response.status_code == 422
    assert "Choisissez une langue dans la liste." in _error(response.get_data(as_text=True), "answer_language")
    response = post(client, f"/roadmap/comments/{comment.id}/answer", {"status": "accepted", "answer": "C'est fait."})
    assert response.status_code == 302
    db.session.refresh(comment)
    assert comment.answer_language == "fr"
    _switch(client, lead)
    page = client.get(f"/roadmap/v/{section.version.number}").get_data(as_text=True)
    assert '<p class="comment-body" lang="fr">C&#39;est fait.</p>' in page
    assert '<p class="comment-body">Add Helsinki</p>' in page
