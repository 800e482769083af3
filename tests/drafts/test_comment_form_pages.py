"""A comment's form pages are refused wherever their save is, and a hidden comment's text reaches
nobody but its author and the editors: not a page, a form, JSON, the API, a CSV, an export or an
e-mail."""
import json
from datetime import timedelta

import pytest

from roadmap.drafts.models import CommentStatus, VersionState
from roadmap.extensions import db
from tests.conftest import outbox_messages, post
from tests.drafts.factories import make_comment, make_version
from tests.factories import login, make_editor, make_lead, make_member, make_territory

SECRET = "Texte masqué à ne plus montrer"


@pytest.fixture
def world(app):
    territory = make_territory()
    people = {"author": make_lead(territory), "member": make_member(territory), "editor": make_editor()}
    version = make_version(VersionState.CONSULTATION)
    section = version.sections[0]
    fresh = make_comment(people["author"], section, "Commentaire récent.")
    old = make_comment(people["author"], section, "Commentaire ancien.", age=timedelta(minutes=16))
    reply = make_comment(people["member"], section, "Une réponse.", parent=old)
    hidden = make_comment(people["author"], section, SECRET, quote="Premier paragraphe", age=timedelta(minutes=1),
                          paragraph_id=None, status=CommentStatus.ACCEPTED)
    hidden.hidden_at, hidden.hidden_reason, hidden.hidden_by = hidden.created_at, "hors sujet", people["editor"]
    db.session.commit()
    return dict(people, version=version, section=section, fresh=fresh, old=old, reply=reply, hidden=hidden)


def _get(client, world, who, url):
    client.delete_cookie("session")  # whoever was logged in before
    login(client, world[who])
    return client.get(url)


# --- Each form page is refused where its save is ------------------------------------------------

@pytest.mark.parametrize("who, comment, expected", [
    ("author", "fresh", 200),
    ("author", "old", 403),     # past the 15 minutes
    ("author", "hidden", 403),  # hidden by the editors
    ("member", "fresh", 403),   # somebody else's
    ("editor", "fresh", 403),   # editors do not edit other people's words either
])
def test_edit_page_is_refused_like_the_save(client, world, who, comment, expected):
    url = f"/roadmap/comments/{world[comment].id}/edit"
    response = _get(client, world, who, url)
    assert response.status_code == expected
    saved = post(client, url, {"body": "Changé par " + who})
    assert (saved.status_code == 302) == (expected == 200)
    if expected != 200:
        assert world[comment].body in ("Commentaire récent.", "Commentaire ancien.", SECRET)
        assert "Changé par" not in db.session.get(type(world[comment]), world[comment].id).body
        assert 'name="body"' not in response.get_data(as_text=True)


def test_edit_page_of_the_author_past_the_window_says_why(client, world):
    response = _get(client, world, "author", f"/roadmap/comments/{world['old'].id}/edit")
    assert response.status_code == 403
    assert "15 minutes" in response.get_data(as_text=True)


def test_past_the_window_a_save_keeps_the_typed_text_next_to_the_objection(client, world):
    login(client, world["author"])
    response = post(client, f"/roadmap/comments/{world['old'].id}/edit", {"body": "Ma correction tardive"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Ma correction tardive" in page and "15 minutes" in page


@pytest.mark.parametrize("who, action, comment, expected", [
    ("member", "reply", "fresh", 200),
    ("member", "reply", "hidden", 403),
    ("member", "report", "fresh", 200),
    ("member", "report", "hidden", 403),
    ("member", "hide", "fresh", 403),
    ("member", "answer", "fresh", 403),
    ("editor", "hide", "fresh", 200),
    ("editor", "hide", "hidden", 409),   # already hidden
    ("editor", "answer", "fresh", 200),
    ("editor", "answer", "reply", 403),  # replies take no status
])
def test_action_pages_are_refused_like_their_save(client, world, who, action, comment, expected):
    url = f"/roadmap/comments/{world[comment].id}/{action}"
    assert _get(client, world, who, url).status_code == expected
    data = {"body": "x", "reason": "raison", "status": "accepted", "answer": "Réponse."}
    assert (post(client, url, data).status_code == 302) == (expected == 200)


def test_replying_is_refused_once_the_consultation_closed(client, world):
    world["version"].closes_at = world["version"].consultation_opened_at + timedelta(hours=1)
    db.session.commit()
    response = _get(client, world, "member", f"/roadmap/comments/{world['fresh'].id}/reply")
    assert response.status_code == 403
    assert "les commentaires ne sont plus acceptés" in response.get_data(as_text=True)


@pytest.mark.parametrize("state", [VersionState.CONSULTATION, VersionState.PUBLISHED])
def test_drafting_forms_of_a_frozen_version_are_refused_like_their_save(client, app, state):
    editor = make_editor()
    version = make_version(state)
    db.session.commit()
    login(client, editor)
    for url in (f"/roadmap/v/{version.number}/sections/new", f"/roadmap/sections/{version.sections[0].id}/edit",
                f"/roadmap/v/{version.number}/consultation"):
        assert client.get(url).status_code == 409, url


# --- A hidden comment's text, channel by channel -------------------------------------------------

def _pages(world):
    v, s, h = world["version"], world["section"], world["hidden"]
    return [f"/roadmap/v/{v.number}", f"/roadmap/sections/{s.id}/comments", "/roadmap/my-comments",
            f"/roadmap/comments/{h.id}/edit", f"/roadmap/comments/{h.id}/reply", f"/roadmap/comments/{h.id}/report",
            f"/roadmap/comments/{h.id}/hide", f"/roadmap/comments/{h.id}/answer",
            f"/roadmap/v/{v.number}/comments", f"/roadmap/v/{v.number}/comments.csv", "/", "/account/data",
            f"/account/data?user={world['author'].id}"]


def test_no_page_shows_the_hidden_text_to_a_participant(client, world):
    # The editors read the pages first: a page kept by the page cache must not carry it over.
    login(client, world["editor"])
    for url in _pages(world):
        client.get(url)
    assert SECRET in client.get(f"/roadmap/v/{world['version'].number}").get_data(as_text=True)
    for url in _pages(world):
        response = _get(client, world, "member", url)
        assert SECRET not in response.get_data(as_text=True), url
        assert "Premier paragraphe</blockquote>" not in response.get_data(as_text=True), url  # nor its quote


def test_the_json_answers_of_the_pages_do_not_carry_it(client, world):
    login(client, world["member"])
    for url in _pages(world):
        response = client.get(url, headers={"Accept": "application/json"})
        assert SECRET not in response.get_data(as_text=True), url


def test_the_editors_csv_has_it_and_nobody_else_gets_the_csv(client, world):
    url = f"/roadmap/v/{world['version'].number}/comments.csv"
    assert SECRET in _get(client, world, "editor", url).get_data(as_text=True)
    response = _get(client, world, "member", url)
    assert response.status_code == 403 and SECRET not in response.get_data(as_text=True)


def test_the_api_does_not_carry_it(client, world):
    world["version"].state, world["version"].published_at = VersionState.PUBLISHED, world["version"].created_at
    db.session.commit()
    document = client.get("/api/v1/openapi.json").get_json()
    for path in document["paths"]:
        if "{" not in path:
            response = client.get("/api/v1" + path if not path.startswith("/api") else path)
            assert SECRET not in response.get_data(as_text=True), path


def test_the_exports_do_not_carry_it(client, world):
    from roadmap.exports.opendata import open_data
    from roadmap.exports.render import build_html, make_context
    from roadmap.exports.service import options_for

    world["version"].state, world["version"].published_at = VersionState.PUBLISHED, world["version"].created_at
    db.session.commit()
    context = make_context(options_for())
    assert SECRET not in build_html(context)  # the PDF's parts, before WeasyPrint
    assert SECRET not in json.dumps(open_data(context), ensure_ascii=False)
    for url in ("/open-data/roadmap.json", "/open-data/roadmap-csv.zip"):
        assert SECRET.encode() not in client.get(url).data, url


def test_no_e_mail_carries_it(client, world, app):
    login(client, world["editor"])
    assert post(client, f"/roadmap/comments/{world['fresh'].id}/answer",
                {"status": "accepted", "answer": "Merci."}).status_code == 302
    assert post(client, f"/roadmap/comments/{world['old'].id}/hide", {"reason": "doublon"}).status_code == 302
    messages = outbox_messages(app)
    assert messages
    for message in messages:
        body = message.get_payload(decode=True) if not message.is_multipart() else b"".join(
            part.get_payload(decode=True) or b"" for part in message.walk())
        assert SECRET not in body.decode("utf-8", "replace")



@pytest.mark.parametrize("state, expected", [(VersionState.CONSULTATION, 200), (VersionState.PUBLISHED, 403)])
def test_the_comment_form_is_refused_where_commenting_is(client, app, state, expected):
    territory = make_territory()
    member = make_member(territory)
    section = make_version(state).sections[0]
    login(client, member)
    url = f"/roadmap/sections/{section.id}/comment"
    assert client.get(url).status_code == expected
    saved = post(client, url, {"body": "Mon avis", "stance": "supports"})
    assert (saved.status_code == 302) == (expected == 200)


def test_the_comment_form_of_a_closed_consultation_is_refused_with_the_date(client, world):
    world["version"].closes_at = world["version"].consultation_opened_at + timedelta(hours=1)
    db.session.commit()
    response = _get(client, world, "member", f"/roadmap/sections/{world['section'].id}/comment")
    assert response.status_code == 403
    assert "les commentaires ne sont plus acceptés" in response.get_data(as_text=True)
