"""Answers that depend on who asks are never stored by a cache (no-store); those that only the
person's own browser may keep say private; what everyone gets keeps its own headers."""
import pytest

from roadmap.drafts.models import VersionState
from roadmap.extensions import db
from tests.drafts.factories import make_version
from tests.exports.test_routes import _done_export
from tests.factories import login, make_editor, make_territory
from tests.workshops.helpers import make_workshop


def _sample(app):
    editor = make_editor()
    territory = make_territory("La Rochelle")
    workshop = make_workshop(editor, territories=[territory])
    version = make_version(VersionState.CONSULTATION)
    export = _done_export(app)
    db.session.commit()
    return editor, {"territory": territory.slug, "workshop": workshop.id, "version": version.number,
                    "export": export.id}


LOGGED_IN_NO_STORE = [
    "/", "/account", "/account/password", "/account/data", "/account/data.json", "/invitations",
    "/territories", "/territories/{territory}", "/territories/{territory}/swot", "/swot/synthesis",
    "/swot/synthesis.csv", "/workshops/{workshop}", "/workshops/{workshop}/live/state",
    "/roadmap/v/{version}", "/roadmap/v/{version}/comments.csv", "/exports",
    "/exports/{export}/download", "/exports/{export}/progress", "/no-such-page",
]


@pytest.mark.parametrize("path", LOGGED_IN_NO_STORE)
def test_answers_to_someone_logged_in_are_not_stored(client, app, path):
    editor, ids = _sample(app)
    login(client, editor)
    url = path.format(**ids)
    first = client.get(url)
    again = client.get(url)  # the second may come from the page cache: the same header
    for response in (first, again):
        assert response.status_code in (200, 404), url
        assert response.headers["Cache-Control"] == "no-store", url


def test_the_live_event_stream_stays_untransformed_and_unstored(client, app):
    from tests.workshops.helpers import live_room

    room = live_room()
    login(client, room["a"])
    workshop_id = room["workshop"].id
    response = client.get(f"/workshops/{workshop_id}/live/stream?lifetime=0.1")
    assert response.headers["Cache-Control"] == "no-store, no-transform"
    response.get_data()  # the stream ends after its short lifetime


@pytest.mark.parametrize("path", ["/canvases/use-case.pdf", "/workshops/{workshop}/calendar.ics"])
def test_answers_fine_in_the_own_browser_are_private(client, app, path):
    editor, ids = _sample(app)
    login(client, editor)
    response = client.get(path.format(**ids))
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("private")


@pytest.mark.parametrize("path", ["/api/v1/territories", "/open-data/roadmap.json", "/api/v1/openapi.json"])
def test_what_everyone_gets_keeps_its_headers_when_logged_in(client, app, path):
    editor, _ids = _sample(app)
    anonymous = app.test_client().get(path).headers.get("Cache-Control")
    login(client, editor)
    assert client.get(path).headers.get("Cache-Control") == anonymous
    assert anonymous != "no-store"


@pytest.mark.parametrize("path", ["/", "/territories", "/privacy", "/login"])
def test_visitors_pages_keep_what_they_had(client, app, path):
    _editor, ids = _sample(app)
    response = client.get(path.format(**ids))
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_static_files_keep_their_own_caching(client, app):
    editor, _ids = _sample(app)
    login(client, editor)
    response = client.get("/static/js/app.js")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    response.close()
