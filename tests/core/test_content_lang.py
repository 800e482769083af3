"""User content carries `lang` when the interface is in another language (WCAG 3.1.2, RGAA 8.7): the SWOT,
roadmap, room and use-case pages, search results, My data and the follow-up, in both interfaces."""
from flask import session
from flask_babel import refresh

from roadmap.core.i18n import content_lang, foreign_language


def _in(app, language):
    context = app.test_request_context("/")
    context.push()
    session["lang"] = language
    refresh()
    return context


def test_french_content_is_marked_in_the_english_interface_only(app):
    context = _in(app, "en")
    try:
        assert foreign_language() == "fr"
        assert str(content_lang()) == ' lang="fr"'
        assert content_lang("en") == ""  # a comment by someone who writes in English
    finally:
        context.pop()
    context = _in(app, "fr")
    try:
        assert foreign_language() == "" and content_lang() == ""
        assert str(content_lang("en")) == ' lang="en"'
    finally:
        context.pop()


def test_the_content_language_is_a_setting(app):
    app.config["CONTENT_LANGUAGE"] = "en"
    context = _in(app, "en")
    try:
        assert content_lang() == ""
    finally:
        context.pop()


# --- The main pages, in both interfaces, with content in both languages ---------------------------

import pytest  # noqa: E402

from roadmap.drafts.models import Comment, VersionState  # noqa: E402
from roadmap.extensions import db  # noqa: E402
from tests.conftest import csrf_token  # noqa: E402
from tests.factories import login, make_lead, make_territory  # noqa: E402

OTHER = {"fr": "en", "en": "fr"}


@pytest.fixture
def mixed(app):
    """Each kind of text once in French and once in English."""
    from roadmap.swot import service as swot_service
    from roadmap.workshops import room
    from tests.drafts.factories import make_version
    from tests.swot.helpers import item_data
    from tests.workshops.helpers import live_room

    territory = make_territory("Helsinki", slug="helsinki")
    lead = make_lead(territory)
    for text, language in (("Une force", "fr"), ("A strength", "en")):
        data = item_data(text=text)
        swot_service.add_item(territory, lead, data.__class__(**{**data.__dict__, "language": language}))
    version = make_version(VersionState.CONSULTATION, sections=[("Introduction", "Un texte"), ("Summary", "A text")])
    version.sections[1].language = "en"
    for body, language in (("Un commentaire", "fr"), ("A comment", "en")):
        db.session.add(Comment(version=version, section=version.sections[0], author=lead, body=body,
                               language=language, stance="neutral", status="open"))
    room_data = live_room()
    for text, language in (("Covoiturage", "fr"), ("Car pooling", "en")):
        room.add_card(room_data["workshop"].id, room_data["a"], room_data["use_case"].id, "idea", text, language)
    room_data["use_case"].problem = "Carbon footprint unknown"
    room_data["use_case"].language = "en"
    db.session.commit()
    return {"territory": territory, "lead": lead, "version": version, "room": room_data}


def _marked(page, language, text):
    """The element holding `text` says `lang="language"` (None: it carries no lang)."""
    end = page.index(text)
    start = page.rindex("<", 0, end)
    tag = page[start:end]
    return f'lang="{language}"' in tag if language else "lang=" not in tag


@pytest.mark.parametrize("interface", ["fr", "en"])
def test_the_main_pages_mark_the_texts_written_in_the_other_language(app, client, mixed, interface):
    def reader(user):
        client.post("/logout", data={"csrf_token": csrf_token(client)})
        user.language = interface
        login(client, user)

    def check(page, texts):
        assert f'<html lang="{interface}"' in page
        for text, language in texts:
            assert _marked(page, None if language == interface else language, text), (interface, text)

    reader(mixed["lead"])
    check(client.get("/territories/helsinki/swot").get_data(as_text=True),
          [("Une force", "fr"), ("A strength", "en")])
    check(client.get(f"/roadmap/v/{mixed['version'].number}").get_data(as_text=True),
          [("Introduction", "fr"), ("Summary", "en"), ("Un commentaire", "fr"), ("A comment", "en")])
    room_data = mixed["room"]
    reader(room_data["a"])
    check(client.get(f"/workshops/{room_data['workshop'].id}").get_data(as_text=True),
          [("Covoiturage", "fr"), ("Car pooling", "en")])
    check(client.get(f"/use-cases/{room_data['use_case'].id}").get_data(as_text=True),
          [("Coach CO2</h1>", "en"), ("Carbon footprint unknown", "en")])


@pytest.mark.parametrize("interface", ["fr", "en"])
def test_search_my_data_and_the_follow_up_mark_the_texts_written_in_the_other_language(app, client, mixed,
                                                                                      interface):
    from tests.followup.factories import make_experiment

    experiment = make_experiment(mixed["territory"], title="Essai de portabilité", summary="Rendre les factures")
    mixed["lead"].language = interface
    db.session.commit()
    login(client, mixed["lead"])

    def check(page, texts):
        assert f'<html lang="{interface}"' in page
        for text, language in texts:
            assert _marked(page, None if language == interface else language, text), (interface, text)

    check(client.get("/search?q=force").get_data(as_text=True), [("Une <mark>force", "fr")])
    check(client.get("/search?q=strength").get_data(as_text=True), [("A <mark>strength", "en")])
    page = client.get("/search?q=footprint").get_data(as_text=True)
    check(page, [("Carbon <mark>footprint", "en")])
    check(client.get("/account/data").get_data(as_text=True),
          [("Une force</td>", "fr"), ("A strength</td>", "en"), ("Un commentaire</td>", "fr"),
           ("A comment</td>", "en")])
    # The follow-up's texts do not store a language yet: they are in CONTENT_LANGUAGE (fr).
    check(client.get(f"/suivi/experiences/{experiment.id}").get_data(as_text=True),
          [("Essai de portabilité</h1>", "fr"), ("Rendre les factures", "fr")])


@pytest.mark.parametrize("interface", ["fr", "en"])
def test_notifications_mark_a_title_written_in_the_other_language(app, client, mixed, interface):
    from roadmap.notifications import events
    from roadmap.notifications.emails import notification_message
    from roadmap.notifications.models import Notification
    from tests.factories import make_editor

    mixed["lead"].language = interface
    editor = make_editor()
    for comment in db.session.scalars(db.select(Comment).where(Comment.author_id == mixed["lead"].id)):
        comment.section = mixed["version"].sections[1]  # "Summary", in English
    db.session.flush()
    comment = db.session.scalars(db.select(Comment).where(Comment.author_id == mixed["lead"].id)).first()
    events.comment_answered(comment, editor)
    db.session.commit()
    login(client, mixed["lead"])
    page = client.get("/notifications").get_data(as_text=True)
    if interface == "fr":
        assert "sur « <span lang=\"en\">Summary</span> »." in page
    else:
        assert "on “Summary”." in page
    row = db.session.scalars(db.select(Notification).where(Notification.kind == "comment_answered")).one()
    with app.test_request_context("/"):
        message = notification_message(row)
    html, text = message.get_body(("html",)).get_content(), message.get_body(("plain",)).get_content()
    assert ('<span lang="en">Summary</span>' in html) == (interface == "fr")
    assert "<span" not in text and "Summary" in text
