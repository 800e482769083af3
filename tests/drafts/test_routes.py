"""Request tests for every roadmap page: what each shows, what it accepts and what it refuses."""
import csv
import io
from datetime import date, timedelta

import pytest

from roadmap.core.timeutil import utcnow
from roadmap.drafts.models import Comment, CommentReport, RoadmapVersion, Section, VersionState
from roadmap.extensions import db
from tests.conftest import csrf_token, outbox_messages, post, mail_text
from tests.drafts.factories import make_comment, make_version
from tests.factories import login, make_editor, make_lead, make_organisation, make_partner, make_territory


@pytest.fixture
def people(app):
    territory = make_territory(name="La Rochelle")
    return {"editor": make_editor(language="en"), "lead": make_lead(territory, name="Julien Morel", language="en"),
            "partner": make_partner(make_organisation(territories=[territory]), name="Thomas Bernard",
                                    language="en")}


def _text(response):
    return response.get_data(as_text=True)


# --- Public reading ----------------------------------------------------------------------------

def test_roadmap_page_says_nothing_is_published_yet(client, people):
    make_version(VersionState.CONSULTATION, sections=[("Secret en consultation", "texte")])
    db.session.commit()
    response = client.get("/roadmap")
    assert response.status_code == 200
    assert "Secret en consultation" not in _text(response)


def test_visitor_reads_the_current_version_and_older_ones(client, people):
    make_version(VersionState.PUBLISHED, sections=[("Ancienne section", "texte")])
    make_version(VersionState.PUBLISHED, sections=[("Section actuelle", "Un **texte**")])
    make_version(VersionState.CONSULTATION, sections=[("Brouillon secret", "texte")])
    db.session.commit()
    current = _text(client.get("/roadmap"))
    assert "Section actuelle" in current and "<strong>texte</strong>" in current
    assert "Brouillon secret" not in current and "Comment this paragraph" not in current
    old = client.get("/roadmap/v/1")
    assert old.status_code == 200 and "Ancienne section" in _text(old)
    assert client.get("/roadmap/v/3").status_code == 404
    versions = _text(client.get("/roadmap/versions"))
    assert "/roadmap/v/1" in versions and "/roadmap/v/3" not in versions


def test_compare_two_versions(client, people):
    make_version(VersionState.PUBLISHED, sections=[("A", "Un texte court.")], keys=["a"])
    make_version(VersionState.PUBLISHED, sections=[("A", "Un texte plus long.")], keys=["a"])
    make_version(VersionState.DRAFT, sections=[("Secret", "x")])
    db.session.commit()
    page = _text(client.get("/roadmap/compare?from=1&to=2"))
    assert '<ins><span class="visually-hidden">inséré : </span>plus long.' in page  # visitors read French
    assert client.get("/roadmap/compare").status_code == 200  # the two latest by default
    assert client.get("/roadmap/compare?from=1&to=3").status_code == 404  # a draft is not visible
    assert client.get("/roadmap/compare?from=1&to=99").status_code == 404


# --- Drafting ----------------------------------------------------------------------------------

def test_editor_creates_a_version_and_writes_sections(client, people):
    login(client, people["editor"])
    response = post(client, "/roadmap/versions")
    assert response.status_code == 302
    version = db.session.query(RoadmapVersion).one()
    assert client.get(f"/roadmap/v/{version.number}/sections/new").status_code == 200
    response = post(client, f"/roadmap/v/{version.number}/sections/new", {"title": "Intro", "body": "Texte *riche*"})
    assert response.status_code == 302
    response = post(client, f"/roadmap/v/{version.number}/sections/new", {"title": "  ", "body": "Perdu ?"})
    assert response.status_code == 422
    assert "This field is required." in _text(response) and "Perdu ?" in _text(response)
    assert db.session.query(Section).count() == 1
    page = _text(client.get(f"/roadmap/v/{version.number}"))
    assert "Draft: only the editors see this version." in page and "<em>riche</em>" in page


def test_second_version_while_one_is_in_the_making_is_refused(client, people):
    make_version(VersionState.DRAFT)
    login(client, people["editor"])
    assert post(client, "/roadmap/versions").status_code == 409
    assert db.session.query(RoadmapVersion).count() == 1


def test_editor_renames_edits_moves_and_removes_sections(client, people):
    version = make_version(sections=[("A", "a"), ("B", "b")])
    a, b = version.sections
    login(client, people["editor"])
    assert client.get(f"/roadmap/sections/{a.id}/edit").status_code == 200
    response = post(client, f"/roadmap/sections/{a.id}/edit", {"title": "A bis", "body": "a2", "revision": 1})
    assert response.status_code == 302
    assert post(client, f"/roadmap/sections/{b.id}/move", {"direction": "up"}).status_code == 302
    assert post(client, f"/roadmap/sections/{b.id}/move", {"direction": "sideways"}).status_code == 422
    assert post(client, f"/roadmap/sections/{b.id}/move", {"direction": "up"}).status_code == 422  # already first
    db.session.expire_all()
    assert [s.title for s in db.session.get(RoadmapVersion, version.id).sections] == ["B", "A bis"]
    assert post(client, f"/roadmap/sections/{b.id}/delete").status_code == 302
    assert [s.title for s in db.session.query(Section)] == ["A bis"]


def test_a_stale_section_save_shows_the_other_text_and_keeps_mine(client, people):
    section = make_version().sections[0]
    section.revision = 3
    section.title = "Titre de l'autre"
    db.session.commit()
    login(client, people["editor"])
    response = post(client, f"/roadmap/sections/{section.id}/edit",
                    {"title": "Mon titre", "body": "Mon texte à moi", "revision": 2})
    assert response.status_code == 409
    page = _text(response)
    assert "Somebody else saved this section" in page and "Mon texte à moi" in page and "Titre de l&#39;autre" in page
    assert 'name="revision" value="3"' in page
    db.session.expire_all()
    assert db.session.get(Section, section.id).title == "Titre de l'autre"


def test_editor_opens_the_consultation_with_a_paris_closing_time(client, people):
    version = make_version()
    login(client, people["editor"])
    assert client.get(f"/roadmap/v/{version.number}/consultation").status_code == 200
    response = post(client, f"/roadmap/v/{version.number}/consultation", {"closes_on": "2020-01-01", "closes_time": "12:00"})
    assert response.status_code == 422 and "The closing date must be in the future." in _text(response)
    response = post(client, f"/roadmap/v/{version.number}/consultation", {"closes_on": "", "closes_time": "12:00"})
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(RoadmapVersion, version.id).state == VersionState.DRAFT
    day = date.today() + timedelta(days=10)
    response = post(client, f"/roadmap/v/{version.number}/consultation", {"closes_on": day.isoformat(), "closes_time": "12:00"})
    assert response.status_code == 302
    db.session.expire_all()
    version = db.session.get(RoadmapVersion, version.id)
    assert version.state == VersionState.CONSULTATION and version.closes_at.hour in (10, 11)


def test_editor_publishes_a_consultation_version(client, people):
    make_version(VersionState.PUBLISHED, sections=[("Ancien", "x")])
    version = make_version(VersionState.CONSULTATION, sections=[("Nouveau", "y")])
    login(client, people["editor"])
    assert post(client, f"/roadmap/v/{version.number}/publish").status_code == 302
    assert "Nouveau" in _text(client.get("/roadmap"))
    assert post(client, f"/roadmap/v/{version.number}/publish").status_code == 409


# --- Consultation ------------------------------------------------------------------------------

def test_consultation_page_has_a_real_link_to_comment_each_paragraph(client, people):
    version = make_version(VersionState.CONSULTATION)
    section = version.sections[0]
    login(client, people["partner"])
    page = _text(client.get(f"/roadmap/v/{version.number}"))
    for index in range(3):
        pid = f"p-{section.id}-{index}"
        assert f'id="{pid}"' in page
        assert f'href="/roadmap/sections/{section.id}/comment?paragraph={pid}"' in page
    assert "Consultation open until" in page


def test_partner_comments_a_paragraph_with_a_quote(client, people):
    section = make_version(VersionState.CONSULTATION).sections[0]
    pid = f"p-{section.id}-1"
    login(client, people["partner"])
    form = client.get(f"/roadmap/sections/{section.id}/comment?paragraph={pid}")
    assert form.status_code == 200 and "les territoires partagent" in _text(form)
    response = post(client, f"/roadmap/sections/{section.id}/comment",
                    {"paragraph": pid, "quote": "territoires partagent", "stance": "objects", "body": "Pas tous."})
    assert response.status_code == 302
    comment = db.session.query(Comment).one()
    assert (comment.paragraph_id, comment.quote, comment.stance.value) == (pid, "territoires partagent", "objects")
    page = _text(client.get(response.headers["Location"]))
    assert f'id="comment-{comment.id}"' in page and "Pas tous." in page and "Objects to the text" in page


@pytest.mark.parametrize("data, message", [
    ({"body": "   ", "stance": "neutral"}, "This field is required."),
    ({"body": "Texte", "stance": "furieux"}, "Not a valid choice"),
    ({"body": "Texte", "stance": "neutral", "paragraph": "{pid}", "quote": "inventé"}, "The quoted passage must be"),
    ({"body": "Texte", "stance": "neutral", "paragraph": "p-99999-0"}, "This paragraph does not exist"),
])
def test_bad_comments_are_refused_with_a_clear_message(client, people, data, message):
    section = make_version(VersionState.CONSULTATION).sections[0]
    data = {k: v.format(pid=f"p-{section.id}-0") for k, v in data.items()}
    login(client, people["lead"])
    response = post(client, f"/roadmap/sections/{section.id}/comment", data)
    assert response.status_code in (404, 422)
    assert message in _text(response)
    assert db.session.query(Comment).count() == 0


def test_unknown_paragraph_in_the_link_is_a_clear_404(client, people):
    section = make_version(VersionState.CONSULTATION).sections[0]
    login(client, people["lead"])
    response = client.get(f"/roadmap/sections/{section.id}/comment?paragraph=p-{section.id}-42")
    assert response.status_code == 404 and "This paragraph does not exist" in _text(response)


def test_comment_after_the_closing_time_is_refused_with_a_message(client, people):
    version = make_version(VersionState.CONSULTATION, closes_in=timedelta(seconds=-1))
    login(client, people["lead"])
    page = _text(client.get(f"/roadmap/v/{version.number}"))
    assert "The consultation closed on" in page and "Comment this paragraph" not in page
    response = post(client, f"/roadmap/sections/{version.sections[0].id}/comment",
                    {"body": "Trop tard ?", "stance": "neutral"})
    assert response.status_code == 422
    assert "comments are no longer accepted" in _text(response) and "Trop tard ?" in _text(response)
    assert db.session.query(Comment).count() == 0


def test_reply_and_no_reply_to_a_hidden_comment(client, people):
    section = make_version(VersionState.CONSULTATION).sections[0]
    comment = make_comment(people["partner"], section)
    hidden = make_comment(people["partner"], section, hidden_at=utcnow(), hidden_reason="Injurieux")
    login(client, people["lead"])
    assert client.get(f"/roadmap/comments/{comment.id}/reply").status_code == 200
    assert post(client, f"/roadmap/comments/{comment.id}/reply", {"body": "Je réponds"}).status_code == 302
    assert post(client, f"/roadmap/comments/{comment.id}/reply", {"body": ""}).status_code == 422
    response = post(client, f"/roadmap/comments/{hidden.id}/reply", {"body": "Et alors ?"})
    assert response.status_code == 422 and "hidden by the editors" in _text(response)
    assert db.session.query(Comment).filter(Comment.parent_id.isnot(None)).count() == 1


def test_author_edits_for_fifteen_minutes(client, people):
    section = make_version(VersionState.CONSULTATION).sections[0]
    fresh = make_comment(people["lead"], section, body="Frais")
    old = make_comment(people["lead"], section, body="Ancien", age=timedelta(minutes=20))
    others = make_comment(people["partner"], section, body="Pas à moi")
    login(client, people["lead"])
    page = _text(client.get(f"/roadmap/v/{section.version.number}"))
    assert f"/roadmap/comments/{fresh.id}/edit" in page and f"/roadmap/comments/{old.id}/edit" not in page
    assert client.get(f"/roadmap/comments/{fresh.id}/edit").status_code == 200
    assert post(client, f"/roadmap/comments/{fresh.id}/edit", {"body": "Corrigé"}).status_code == 302
    response = post(client, f"/roadmap/comments/{old.id}/edit", {"body": "Réécrit"})
    assert response.status_code == 422 and "15 minutes" in _text(response)
    assert post(client, f"/roadmap/comments/{others.id}/edit", {"body": "Piraté"}).status_code == 403
    db.session.expire_all()
    assert [c.body for c in db.session.query(Comment).order_by(Comment.id)] == ["Corrigé", "Ancien", "Pas à moi"]


def test_report_then_editor_hides_with_a_reason_and_the_thread_keeps_a_trace(client, people):
    section = make_version(VersionState.CONSULTATION).sections[0]
    comment = make_comment(people["partner"], section, body="Propos injurieux")
    login(client, people["editor"])
    assert client.get(f"/roadmap/comments/{comment.id}/report").status_code == 200
    assert post(client, f"/roadmap/comments/{comment.id}/report", {"reason": "Injurieux"}).status_code == 302
    assert db.session.query(CommentReport).count() == 1
    assert "1 reported comment" in _text(client.get(f"/roadmap/v/{section.version.number}/comments"))
    assert client.get(f"/roadmap/comments/{comment.id}/hide").status_code == 200
    assert post(client, f"/roadmap/comments/{comment.id}/hide", {"reason": ""}).status_code == 422
    assert post(client, f"/roadmap/comments/{comment.id}/hide", {"reason": "Injurieux"}).status_code == 302
    assert post(client, f"/roadmap/comments/{comment.id}/hide", {"reason": "Encore"}).status_code == 409
    page = _text(client.get(f"/roadmap/v/{section.version.number}"))
    assert "hidden by the editors" in page and "Reason: Injurieux" in page


def test_visitors_see_the_trace_but_not_the_hidden_words(client, people):
    section = make_version(VersionState.PUBLISHED).sections[0]
    make_comment(people["partner"], section, body="Mots cachés", hidden_at=utcnow(), hidden_reason="Injurieux",
                 hidden_by=people["editor"])
    db.session.commit()
    page = _text(client.get("/roadmap/v/1"))
    assert "Raison : Injurieux" in page and "Mots cachés" not in page


def test_editor_answers_and_the_author_gets_an_email_and_sees_it(app, client, people):
    section = make_version(VersionState.CONSULTATION).sections[0]
    comment = make_comment(people["lead"], section, body="Ajoutez Lyon")
    login(client, people["editor"])
    assert client.get(f"/roadmap/comments/{comment.id}/answer").status_code == 200
    response = post(client, f"/roadmap/comments/{comment.id}/answer", {"status": "declined", "answer": ""})
    assert response.status_code == 422 and "Write the answer" in _text(response)
    assert outbox_messages(app) == []
    response = post(client, f"/roadmap/comments/{comment.id}/answer?back=dashboard",
                    {"status": "accepted", "answer": "C'est fait."})
    assert response.status_code == 302 and response.headers["Location"].endswith("/roadmap/v/1/comments")
    [message] = outbox_messages(app)
    assert message["To"] == people["lead"].email
    assert "C'est fait." in mail_text(message)


def test_my_comments_shows_status_and_answer(client, people):
    section = make_version(VersionState.CONSULTATION).sections[0]
    make_comment(people["lead"], section, body="Mon idée", status="accepted", answer="Retenue !")
    make_comment(people["partner"], section, body="Pas la mienne")
    login(client, people["lead"])
    page = _text(client.get("/roadmap/my-comments"))
    assert "Mon idée" in page and "Retenue !" in page and "Accepted" in page and "Pas la mienne" not in page


def test_my_comments_needs_an_account(client):
    assert client.get("/roadmap/my-comments").status_code == 302


# --- Dashboard ---------------------------------------------------------------------------------

def test_dashboard_filters_counts_and_pages(client, people):
    version = make_version(VersionState.CONSULTATION, sections=[("Alpha", "a"), ("Beta", "b")])
    alpha, beta = version.sections
    for i in range(30):
        make_comment(people["lead"], alpha, body=f"Alpha {i}")
    make_comment(people["partner"], beta, body="Beta accepté", status="accepted", answer="ok")
    login(client, people["editor"])
    page = _text(client.get("/roadmap/v/1/comments"))
    assert "31 comments" in page and "Page 1 of 2" in page
    page = _text(client.get(f"/roadmap/v/1/comments?section={beta.id}"))
    assert "1 comment" in page and "Beta accepté" in page and "Alpha 3" not in page
    page = _text(client.get("/roadmap/v/1/comments?status=accepted"))
    assert "Beta accepté" in page and "Alpha 1<" not in page
    assert client.get("/roadmap/v/1/comments?status=nonsense&section=abc&page=99").status_code == 200


def test_dashboard_csv_download(client, people):
    section = make_version(VersionState.CONSULTATION).sections[0]
    make_comment(people["lead"], section, body="=HYPERLINK(\"http://evil\")")
    make_comment(people["partner"], section, body="Deuxième", status="answered", answer="Réponse")
    login(client, people["editor"])
    response = client.get("/roadmap/v/1/comments.csv?status=answered")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 1 and rows[0]["comment"] == "Deuxième" and rows[0]["status_label"] == "Answered"
    assert list(rows[0])[:6] == ["id", "section", "paragraph", "author", "territory", "organisation"]
    body = client.get("/roadmap/v/1/comments.csv").get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0]["comment"].startswith("'=")  # no formula runs in a spreadsheet


# --- CSRF and the home page --------------------------------------------------------------------

POSTS = ["/roadmap/versions", "/roadmap/v/1/sections/new", "/roadmap/sections/{s}/edit",
         "/roadmap/sections/{s}/delete", "/roadmap/sections/{s}/move", "/roadmap/v/1/consultation",
         "/roadmap/v/1/publish", "/roadmap/sections/{s}/comment", "/roadmap/comments/{c}/reply",
         "/roadmap/comments/{c}/edit", "/roadmap/comments/{c}/report", "/roadmap/comments/{c}/hide",
         "/roadmap/comments/{c}/answer"]


@pytest.mark.parametrize("url", POSTS)
def test_every_form_needs_its_csrf_token(client, people, url):
    version = make_version(VersionState.CONSULTATION)
    section = version.sections[0]
    comment = make_comment(people["editor"], section)
    login(client, people["editor"])
    before = (db.session.query(Comment).count(), db.session.query(Section).count())
    response = client.post(url.format(s=section.id, c=comment.id),
                           data={"body": "x", "title": "x", "stance": "neutral", "reason": "x", "direction": "up",
                                 "status": "accepted", "answer": "x"})
    assert response.status_code == 400
    assert (db.session.query(Comment).count(), db.session.query(Section).count()) == before


def test_home_shows_comments_per_territory(client, people):
    section = make_version(VersionState.CONSULTATION).sections[0]
    make_comment(people["lead"], section)
    make_comment(people["lead"], section)
    db.session.commit()
    page = _text(client.get("/"))
    assert "Roadmap comments" in page or "Commentaires" in page
    assert "2 comments" in page or "2 commentaires" in page


def test_answer_is_kept_and_the_editor_sees_no_error_when_the_mail_server_fails(app, client, people, monkeypatch):
    """The e-mail goes after the commit, in the job queue: an SMTP failure is logged (and retried),
    never shown to the editor who answered."""
    import smtplib

    def broken(*_args, **_kwargs):
        raise smtplib.SMTPException("down")

    app.config["MAIL_SERVER"] = "smtp.invalid"
    monkeypatch.setattr(smtplib, "SMTP", broken)
    comment = make_comment(people["lead"], make_version(VersionState.CONSULTATION).sections[0])
    login(client, people["editor"])
    response = post(client, f"/roadmap/comments/{comment.id}/answer", {"status": "answered", "answer": "Vu."},
                    follow_redirects=True)
    assert response.status_code == 200 and "answer has been saved" in _text(response)
    assert "could not" not in _text(response)
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).answer == "Vu."


def test_removing_a_section_asks_first_on_a_real_page(client, people):
    version = make_version(VersionState.DRAFT, sections=[("À garder", "x"), ("À retirer", "y")])
    db.session.commit()
    section = version.sections[1]
    section_id = section.id
    login(client, people["editor"])
    assert f'href="/roadmap/sections/{section.id}/delete"' in _text(client.get(f"/roadmap/v/{version.number}"))
    page = client.get(f"/roadmap/sections/{section.id}/delete")
    assert page.status_code == 200 and "À retirer" in _text(page) and "there is no undo" in _text(page)
    assert db.session.get(Section, section_id) is not None  # looking is not removing
    assert post(client, f"/roadmap/sections/{section_id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(Section, section_id) is None


def test_no_removal_page_for_a_section_of_a_consultation_or_for_a_partner(client, people):
    version = make_version(VersionState.CONSULTATION)
    db.session.commit()
    section_id = version.sections[0].id
    login(client, people["partner"])
    assert client.get(f"/roadmap/sections/{section_id}/delete").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    login(client, people["editor"])
    assert client.get(f"/roadmap/sections/{section_id}/delete").status_code == 409
