"""While a consultation is open, /roadmap, the home page and the header's roadmap link say so."""
from datetime import timedelta

import pytest

from roadmap.drafts.models import VersionState
from roadmap.extensions import db
from tests.drafts.factories import make_version
from tests.factories import login, make_lead, make_territory


@pytest.fixture
def lead(app):
    return make_lead(make_territory(name="La Rochelle"), language="en")


def _text(response):
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _closes(version):
    from flask_babel import force_locale

    from roadmap.core.i18n import sentence_datetime
    with force_locale("en"):
        return sentence_datetime(version.closes_at)  # "December 11, 2026, 8:06 PM", not a French pattern


def test_participant_is_told_everywhere_with_the_date_and_a_link_to_comment(client, lead):
    make_version(VersionState.PUBLISHED, sections=[("Intro", "v1")])
    v2 = make_version(VersionState.CONSULTATION, closes_in=timedelta(days=10))
    login(client, lead)
    with client.application.test_request_context():
        closes = _closes(v2)
    for path in ("/", "/roadmap"):
        page = _text(client.get(path))
        assert f"Consultation open on version {v2.number}" in page, path
        assert closes in page, path
        assert f'href="/roadmap/v/{v2.number}"' in page and "Read and comment version" in page, path
    assert 'class="nav-badge">consultation until' in _text(client.get("/workshops"))


def test_visitor_is_told_too_and_invited_to_log_in(client, lead):
    make_version(VersionState.CONSULTATION)
    db.session.commit()
    page = _text(client.get("/roadmap"))  # nothing published yet
    assert "Consultation ouverte sur la version 1" in page
    assert "/login?next=/roadmap/v/1" in page.replace("%2F", "/")
    assert 'class="nav-badge"' in _text(client.get("/"))


def test_nothing_is_said_once_the_consultation_has_closed(client, lead):
    make_version(VersionState.CONSULTATION, closes_in=timedelta(minutes=-5))
    login(client, lead)
    for path in ("/", "/roadmap"):
        page = _text(client.get(path))
        assert "Consultation open on version" not in page and 'class="nav-badge"' not in page


def test_nothing_is_said_without_a_consultation(client, lead):
    make_version(VersionState.PUBLISHED)
    make_version(VersionState.DRAFT)
    login(client, lead)
    page = _text(client.get("/"))
    assert "Consultation open on version" not in page and 'class="nav-badge"' not in page
