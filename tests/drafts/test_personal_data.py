"""A person's roadmap comments in "my data", and what becomes of them when the account is deleted."""
import json

from roadmap.core.audit import AuditEvent
from roadmap.drafts.models import Comment, CommentReport, VersionState
from roadmap.extensions import db
from tests.conftest import post
from tests.drafts.factories import make_comment, make_version
from tests.factories import PASSWORD, login, make_editor, make_lead, make_member, make_territory


def _setup():
    territory = make_territory()
    make_lead(territory)  # so that the member is not the last lead
    author, other = make_member(territory, name="Nom Très Unique"), make_member(territory)
    section = make_version(VersionState.CONSULTATION).sections[0]
    answered = make_comment(author, section, body="Commentaire avec réponses", paragraph_id=f"p-{section.id}-0",
                            quote="Premier paragraphe")
    make_comment(other, section, body="Réponse d'un autre", parent=answered)
    alone = make_comment(author, section, body="Commentaire seul")
    db.session.add(CommentReport(comment=answered, reporter=other, reason="x"))
    db.session.add(CommentReport(comment=make_comment(other, section), reporter=author, reason="Mon signalement"))
    db.session.commit()
    return author, answered, alone


def _delete(client, comments):
    return post(client, "/account/delete", {"password": PASSWORD, "comments": comments, "confirm": "y"})


def test_my_data_download_holds_my_comments_and_reports(client):
    author, answered, _alone = _setup()
    login(client, author)
    document = json.loads(client.get("/account/data.json").get_data(as_text=True))
    assert [c["text"] for c in document["roadmap_comments"]] == ["Commentaire avec réponses", "Commentaire seul"]
    assert document["roadmap_comments"][0]["quote"] == "Premier paragraphe"
    assert document["roadmap_reports"][0]["reason"] == "Mon signalement"


def test_deleted_account_keeps_comments_signed_former_participant(client):
    author, answered, alone = _setup()
    login(client, author)
    assert _delete(client, "anonymise").status_code == 302
    db.session.expire_all()
    assert db.session.get(Comment, alone.id).body == "Commentaire seul"
    assert db.session.query(CommentReport).filter_by(reporter_id=author.id).count() == 0
    page = client.get("/roadmap/v/1")  # logged out now: the consultation is not public
    assert page.status_code == 404


def test_deleted_account_can_delete_comments_and_replies_of_others_stay(client, app):
    author, answered, alone = _setup()
    alone_id, answered_id = alone.id, answered.id
    login(client, author)
    assert _delete(client, "delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(Comment, alone_id) is None
    trace = db.session.get(Comment, answered_id)
    assert trace.body == "" and trace.quote is None and trace.hidden
    assert [r.body for r in trace.replies] == ["Réponse d'un autre"]
    editor = make_editor()
    db.session.commit()
    viewer = app.test_client()
    login(viewer, editor)
    page = viewer.get("/roadmap/v/1").get_data(as_text=True)
    assert "Commentaire avec réponses" not in page and "Réponse d&#39;un autre" in page
    assert "supprimé par son auteur" in page or "deleted by its author" in page


def test_hiding_and_publishing_are_audited(client):
    author, answered, _alone = _setup()
    editor = make_editor()
    login(client, editor)
    post(client, f"/roadmap/comments/{answered.id}/hide", {"reason": "Hors sujet"})
    post(client, "/roadmap/v/1/publish")
    actions = {e.action: e for e in db.session.query(AuditEvent)}
    assert actions["comment.hidden"].subject_user_id == author.id
    assert "roadmap.published" in actions
