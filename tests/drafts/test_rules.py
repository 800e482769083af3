"""The rules of the roadmap, called as the routes call them."""
from datetime import datetime, timedelta

import pytest

from roadmap.core.deferred import flush_request_jobs
from roadmap.core.errors import Conflict, Invalid, NotAllowed
from roadmap.core.timeutil import utcnow
from roadmap.drafts import service
from roadmap.drafts.models import Comment, CommentStatus, VersionState
from roadmap.extensions import db
from tests.conftest import mail_text, outbox_messages
from tests.drafts.factories import make_comment, make_version
from tests.factories import make_editor, make_lead, make_organisation, make_partner, make_territory


@pytest.fixture(autouse=True)
def _request(app):
    """Messages are translated for a reader: the rules run inside a request, as in the app."""
    from flask import session

    with app.test_request_context("/"):
        session["lang"] = "en"
        yield


@pytest.fixture
def people(app):
    territory = make_territory()
    return {"editor": make_editor(), "lead": make_lead(territory, language="en"),
            "partner": make_partner(make_organisation(territories=[territory]))}


def _count(model):
    return db.session.query(model).count()


# --- Versions and sections ---------------------------------------------------------------------

def test_first_version_starts_empty_and_next_version_copies_the_sections(people):
    v1 = service.create_next_version(people["editor"])
    assert v1.number == 1 and v1.state == VersionState.DRAFT and v1.sections == []
    service.add_section(people["editor"], v1, "Intro", "Texte")
    service.add_section(people["editor"], v1, "Suite", "Autre")
    v1.state, v1.closes_at = VersionState.PUBLISHED, utcnow()
    v2 = service.create_next_version(people["editor"])
    assert v2.number == 2
    assert [(s.title, s.body, s.position) for s in v2.sections] == [("Intro", "Texte", 1), ("Suite", "Autre", 2)]
    assert [s.key for s in v2.sections] == [s.key for s in v1.sections]
    assert {s.id for s in v2.sections}.isdisjoint({s.id for s in v1.sections})


def test_only_one_draft_at_a_time(people):
    make_version(VersionState.DRAFT)
    with pytest.raises(Conflict):
        service.create_next_version(people["editor"])


def test_next_draft_can_follow_a_version_in_consultation(people):
    v2 = make_version(VersionState.CONSULTATION, sections=[("Intro", "Texte consulté")])
    v3 = service.create_next_version(people["editor"])
    assert v3.number == v2.number + 1 and [s.body for s in v3.sections] == ["Texte consulté"]
    assert v2.state == VersionState.CONSULTATION and v2.consultation_open()


def test_partner_cannot_create_version_or_edit_sections(people):
    version = make_version()
    with pytest.raises(NotAllowed):
        service.create_next_version(people["partner"])
    with pytest.raises(NotAllowed):
        service.add_section(people["partner"], version, "X", "Y")
    with pytest.raises(NotAllowed):
        service.update_section(people["lead"], version.sections[0], "X", "Y", 1)


@pytest.mark.parametrize("state", [VersionState.CONSULTATION, VersionState.PUBLISHED])
def test_sections_are_frozen_outside_drafts(people, state):
    version = make_version(state)
    with pytest.raises(Conflict):
        service.update_section(people["editor"], version.sections[0], "X", "Y", 1)
    with pytest.raises(Conflict):
        service.delete_section(people["editor"], version.sections[0])


def test_rename_edit_reorder_and_remove_sections(people):
    editor = people["editor"]
    version = make_version(sections=[("A", "a"), ("B", "b"), ("C", "c")])
    a, b, c = version.sections
    service.update_section(editor, b, "B renamed", "new text", b.revision)
    assert (b.title, b.body, b.revision) == ("B renamed", "new text", 2)
    service.move_section(editor, c, -1)
    assert [s.title for s in version.sections] == ["A", "C", "B renamed"]
    with pytest.raises(Invalid):
        service.move_section(editor, a, -1)
    service.delete_section(editor, a)
    db.session.expire_all()
    assert [(s.title, s.position) for s in version.sections] == [("C", 1), ("B renamed", 2)]


def test_saving_a_section_from_an_old_revision_is_refused(people):
    section = make_version().sections[0]
    service.update_section(people["editor"], section, "Premier", "premier texte", 1)
    with pytest.raises(Conflict):
        service.update_section(people["editor"], section, "Second", "écrase tout", 1)
    db.session.expire_all()
    assert section.title == "Premier"


def test_consultation_needs_a_future_closing_date_and_a_section(people):
    empty = make_version(sections=())
    with pytest.raises(Invalid):
        service.open_consultation(people["editor"], empty, utcnow() + timedelta(days=1))
    version = make_version(number=5)
    with pytest.raises(Invalid):
        service.open_consultation(people["editor"], version, utcnow() - timedelta(minutes=1))
    assert version.state == VersionState.DRAFT
    service.open_consultation(people["editor"], version, utcnow() + timedelta(days=3))
    assert version.state == VersionState.CONSULTATION


def test_closing_time_entered_in_paris_is_stored_in_utc(app):
    from roadmap.drafts.forms import ConsultationForm

    with app.test_request_context(method="POST", data={"closes_on": "2026-12-15", "closes_time": "18:00"}):
        form = ConsultationForm(meta={"csrf": False})
        assert form.validate()
        assert form.closes_at_utc() == datetime(2026, 12, 15, 17, 0)  # winter: UTC+1
    with app.test_request_context(method="POST", data={"closes_on": "2027-07-01", "closes_time": "18:00"}):
        form = ConsultationForm(meta={"csrf": False})
        assert form.validate() and form.closes_at_utc() == datetime(2027, 7, 1, 16, 0)  # summer: UTC+2


def test_publishing_ends_the_consultation_and_makes_the_version_current(people):
    v1 = make_version(VersionState.PUBLISHED)
    v2 = make_version(VersionState.CONSULTATION)
    assert service.current_version() == v1
    service.publish_version(people["editor"], v2)
    assert v2.state == VersionState.PUBLISHED and v2.closes_at <= utcnow()
    assert service.current_version() == v2
    with pytest.raises(Conflict):
        service.publish_version(people["editor"], v2)  # once only


def test_visitor_never_gets_a_draft_or_a_consultation(people):
    from roadmap.core.errors import NotFound
    from flask_login import AnonymousUserMixin

    make_version(VersionState.DRAFT, number=1)
    make_version(VersionState.CONSULTATION, number=2)
    for number in (1, 2, 3):
        with pytest.raises(NotFound):
            service.get_version(number, AnonymousUserMixin())
    with pytest.raises(NotFound):
        service.get_version(1, people["partner"])  # drafts belong to the editors
    assert service.get_version(2, people["partner"]).number == 2


# --- Comments ----------------------------------------------------------------------------------

def test_paragraph_ids_are_stable_within_a_version(people):
    section = make_version(VersionState.CONSULTATION).sections[0]
    first = [pid for pid, _ in service.paragraphs(section)]
    assert first == [f"p-{section.id}-{i}" for i in range(3)]
    assert [pid for pid, _ in service.paragraphs(section)] == first


def test_participant_comments_a_paragraph_with_a_quote(people):
    section = make_version(VersionState.CONSULTATION).sections[0]
    pid = f"p-{section.id}-1"
    comment = service.add_comment(people["partner"], section, "  D'accord  ", "supports", pid, "les territoires partagent")
    assert (comment.body, comment.paragraph_id, comment.quote, comment.status) == \
        ("D'accord", pid, "les territoires partagent", CommentStatus.OPEN)


@pytest.mark.parametrize("body, stance, pid, quote, message", [
    ("   ", "neutral", None, None, "Write your comment."),
    ("Texte", "angry", None, None, "Say whether"),
    ("Texte", "neutral", "p-999-0", None, "This paragraph does not exist"),
    ("Texte", "neutral", "PARAGRAPH1", None, "This paragraph does not exist"),
    ("Texte", "neutral", "OK1", "pas dans le paragraphe", "The quoted passage must be copied"),
    ("Texte", "neutral", None, "une citation", "A quote needs a paragraph."),
    ("x" * 5001, "neutral", None, None, "5000"),
])
def test_bad_comments_are_refused_and_nothing_is_saved(people, body, stance, pid, quote, message):
    section = make_version(VersionState.CONSULTATION).sections[0]
    if pid == "OK1":
        pid = f"p-{section.id}-1"
    with pytest.raises(Invalid) as error:
        service.add_comment(people["lead"], section, body, stance, pid, quote)
    assert message in str(error.value.message)
    assert _count(Comment) == 0


def test_consultation_closes_by_itself_at_the_closing_time(people):
    version = make_version(VersionState.CONSULTATION, closes_in=timedelta(hours=1))
    section = version.sections[0]
    before = version.closes_at - timedelta(seconds=1)
    assert service.add_comment(people["lead"], section, "Juste à temps", "neutral", now=before)
    with pytest.raises(Invalid) as error:
        service.add_comment(people["lead"], section, "Trop tard", "neutral", now=version.closes_at)
    assert "consultation closed" in str(error.value.message)
    assert _count(Comment) == 1


def test_no_comment_on_a_draft_or_a_published_version(people):
    for state in (VersionState.DRAFT, VersionState.PUBLISHED):
        section = make_version(state).sections[0]
        with pytest.raises(NotAllowed):
            service.add_comment(people["lead"], section, "Texte", "neutral")


def test_author_edits_within_fifteen_minutes_only(people):
    section = make_version(VersionState.CONSULTATION).sections[0]
    fresh = make_comment(people["lead"], section, age=timedelta(minutes=14))
    service.edit_comment(people["lead"], fresh, "Corrigé")
    assert fresh.body == "Corrigé" and fresh.edited_at
    old = make_comment(people["lead"], section, body="Ancien", age=timedelta(minutes=16))
    with pytest.raises(Invalid):
        service.edit_comment(people["lead"], old, "Trop tard")
    with pytest.raises(NotAllowed):
        service.edit_comment(people["partner"], fresh, "Pas le mien")
    db.session.expire_all()
    assert old.body == "Ancien" and fresh.body == "Corrigé"


def test_replies_stay_one_level_and_hidden_comments_take_no_reply(people):
    section = make_version(VersionState.CONSULTATION).sections[0]
    parent = make_comment(people["lead"], section)
    reply = service.reply_to(people["partner"], parent, "Je réponds")
    reply_to_reply = service.reply_to(people["lead"], reply, "Et moi")
    assert reply.parent == parent and reply_to_reply.parent == parent
    service.hide_comment(people["editor"], parent, "Hors sujet")
    with pytest.raises(Invalid):
        service.reply_to(people["partner"], parent, "Encore")
    assert _count(Comment) == 3


def test_hiding_needs_an_editor_and_a_reason_and_keeps_a_trace(people):
    comment = make_comment(people["lead"], make_version(VersionState.CONSULTATION).sections[0])
    with pytest.raises(NotAllowed):
        service.hide_comment(people["partner"], comment, "Je n'aime pas")
    with pytest.raises(Invalid):
        service.hide_comment(people["editor"], comment, "  ")
    service.hide_comment(people["editor"], comment, "Propos injurieux")
    assert comment.hidden and comment.hidden_by == people["editor"] and comment.body == "Un commentaire."


def test_anybody_logged_in_reports_once(people):
    comment = make_comment(people["lead"], make_version(VersionState.CONSULTATION).sections[0])
    service.report_comment(people["partner"], comment, "Hors sujet")
    service.report_comment(people["partner"], comment, "Encore")
    assert len(comment.reports) == 1


def test_only_editors_set_a_status(people):
    comment = make_comment(people["partner"], make_version(VersionState.CONSULTATION).sections[0])
    with pytest.raises(NotAllowed):
        service.answer_comment(people["lead"], comment, "accepted", "Oui")
    assert comment.status == CommentStatus.OPEN and comment.answer is None
    with pytest.raises(Invalid):
        service.answer_comment(people["editor"], comment, "declined", "")
    with pytest.raises(Invalid):
        service.answer_comment(people["editor"], comment, "maybe", "Oui")
    assert service.answer_comment(people["editor"], comment, "accepted", "Nous l'intégrons.") is True
    assert comment.status == CommentStatus.ACCEPTED and comment.answered_by == people["editor"]
    assert service.answer_comment(people["editor"], comment, "accepted", "Nous l'intégrons.") is False


def test_author_is_told_of_the_answer_in_their_language(app, people):
    comment = make_comment(people["lead"], make_version(VersionState.CONSULTATION).sections[0])
    service.answer_comment(people["editor"], comment, "partly_accepted", "En partie.")
    db.session.commit()
    flush_request_jobs()  # what the end of the request does
    [message] = outbox_messages(app)
    assert message["To"] == people["lead"].email
    from email.header import decode_header, make_header
    assert str(make_header(decode_header(message["Subject"]))) == \
        f"The editors answered your comment on “{comment.section.title}”."
    body = mail_text(message)
    assert "Partly accepted" in body and "En partie." in body and "/notifications/" in body


def test_french_author_gets_a_french_email(app, people):
    people["partner"].language = "fr"
    comment = make_comment(people["partner"], make_version(VersionState.CONSULTATION).sections[0])
    service.answer_comment(people["editor"], comment, "declined", "Non.")
    db.session.commit()
    flush_request_jobs()
    [message] = outbox_messages(app)
    from email.header import decode_header, make_header
    assert str(make_header(decode_header(message["Subject"]))).startswith(
        "Les éditeurs ont répondu à votre commentaire")
    assert "Statut : Refusé" in mail_text(message)


def test_home_counts_comments_per_territory_of_their_authors(app, people):
    from roadmap.drafts.queries import _comments_per_territory

    section = make_version(VersionState.CONSULTATION).sections[0]
    territory_id = people["lead"].memberships[0].territory_id
    other = make_territory()
    make_comment(people["lead"], section)
    make_comment(people["lead"], section)
    make_comment(people["partner"], section)  # partners belong to no territory
    cells = _comments_per_territory([territory_id, other.id])
    assert cells[territory_id] == "2 commentaires" or cells[territory_id] == "2 comments"
    assert cells[other.id] in ("0 commentaire", "0 comments", "0 comment")
