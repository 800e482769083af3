"""A long consultation: the version page shows the latest threads of each section, the rest is on
the section's own paginated page, and every link to a thread lands where it is shown."""
from datetime import timedelta

import pytest

from roadmap.drafts.models import Comment, VersionState
from roadmap.drafts.queries import SECTION_PAGE_SIZE, THREADS_PER_SECTION
from roadmap.extensions import db
from tests.conftest import post
from tests.drafts.factories import make_comment, make_version
from tests.factories import login, make_editor, make_lead, make_territory


@pytest.fixture
def busy(app):
    lead = make_lead(make_territory(name="La Rochelle"), name="Julien Morel", language="en")
    section = make_version(VersionState.CONSULTATION).sections[0]
    total = SECTION_PAGE_SIZE + 5
    for n in range(total):  # comment 0 is the oldest
        make_comment(lead, section, body=f"Remarque numéro {n:02d}.", age=timedelta(minutes=total - n))
    return {"lead": lead, "section": section, "total": total}


def _text(response):
    return response.get_data(as_text=True)


def test_version_page_shows_the_latest_threads_of_a_section_and_links_to_all(client, busy):
    login(client, busy["lead"])
    section = busy["section"]
    page = _text(client.get(f"/roadmap/v/{section.version.number}"))
    shown = [n for n in range(busy["total"]) if f"Remarque numéro {n:02d}." in page]
    assert shown == list(range(busy["total"] - THREADS_PER_SECTION, busy["total"]))
    assert f"All {busy['total']} comments on" in page
    assert f"/roadmap/sections/{section.id}/comments" in page


def test_section_comments_are_paginated_oldest_first(client, busy):
    login(client, busy["lead"])
    section = busy["section"]
    first = _text(client.get(f"/roadmap/sections/{section.id}/comments"))
    assert "Remarque numéro 00." in first and f"Remarque numéro {SECTION_PAGE_SIZE - 1:02d}." in first
    assert f"Remarque numéro {SECTION_PAGE_SIZE:02d}." not in first and 'rel="next"' in first
    second = client.get(f"/roadmap/sections/{section.id}/comments?page=2")
    assert second.status_code == 200 and f"Remarque numéro {busy['total'] - 1:02d}." in _text(second)
    beyond = client.get(f"/roadmap/sections/{section.id}/comments?page=99")
    assert beyond.status_code == 200 and "No comment yet." in _text(beyond)


def test_a_reply_to_an_old_thread_lands_on_its_section_page(client, busy):
    login(client, busy["lead"])
    oldest = db.session.query(Comment).order_by(Comment.created_at).first()
    response = post(client, f"/roadmap/comments/{oldest.id}/reply", {"body": "Je reviens sur ce point."})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert f"/roadmap/sections/{busy['section'].id}/comments?page=1#comment-" in location
    assert "Je reviens sur ce point." in _text(client.get(location))


def test_a_new_comment_lands_on_the_version_page(client, busy):
    login(client, busy["lead"])
    section = busy["section"]
    response = post(client, f"/roadmap/sections/{section.id}/comment", {"body": "Tout neuf.", "stance": "supports"})
    assert response.status_code == 302 and f"/roadmap/v/{section.version.number}#comment-" in response.headers["Location"]


def test_section_comments_of_a_consultation_are_for_participants_only(client, busy):
    assert client.get(f"/roadmap/sections/{busy['section'].id}/comments").status_code == 404


def test_a_draft_has_no_comments_page(client, app):
    editor = make_editor()
    section = make_version(VersionState.DRAFT).sections[0]
    login(client, editor)
    assert client.get(f"/roadmap/sections/{section.id}/comments").status_code == 404
    assert client.get("/roadmap/sections/999999/comments").status_code == 404


def test_published_version_comments_are_public(client, app):
    lead = make_lead(make_territory())
    section = make_version(VersionState.PUBLISHED).sections[0]
    make_comment(lead, section, body="Archivé.")
    db.session.commit()
    response = client.get(f"/roadmap/sections/{section.id}/comments")
    assert response.status_code == 200 and "Archivé." in _text(response)
