"""Who may open a text's translations and the form to translate it, role by role: each feature's
own visibility rule (the SWOT's draft and versions, the consultation)."""
from roadmap.drafts.models import VersionState
from roadmap.extensions import db
from roadmap.swot import service as swot_service
from tests.content_translations.helpers import url
from tests.drafts.factories import make_comment, make_version
from tests.factories import make_territory
from tests.permissions import assert_matrix_rows, people
from tests.swot.helpers import add


def _row(expected_by_role):
    return dict(zip(("anonymous", "outsider", "partner", "member", "lead", "editor"), expected_by_role))


def test_a_draft_swot_items_translations_follow_the_drafts_rule(app):
    territory = make_territory("Lyon")
    persons = people(territory)
    item = add(territory, persons["lead"], text="Une plateforme métropolitaine")
    db.session.commit()
    assert_matrix_rows(app, persons, [
        ("GET", url("swot_item", item.id), _row((404, 404, 200, 200, 200, 200)), None),
        ("GET", url("swot_item", item.id, "en"), _row((302, 404, 200, 200, 200, 200)), None),
    ])


def test_a_submitted_items_translations_are_open_to_every_participant_and_its_public_version_to_visitors(app):
    territory = make_territory("Lyon")
    persons = people(territory)
    item = add(territory, persons["lead"], text="Une plateforme métropolitaine")
    swot_service.submit(territory, persons["lead"])
    db.session.commit()
    rows = [("GET", url("swot_item", item.id), _row((404, 200, 200, 200, 200, 200)), None),
            ("GET", url("swot_item", item.id, "en"), _row((302, 200, 200, 200, 200, 200)), None)]
    assert_matrix_rows(app, persons, rows)
    swot_service.get_swot(territory.id).is_public = True
    db.session.commit()
    rows[0] = ("GET", url("swot_item", item.id), _row((200, 200, 200, 200, 200, 200)), None)
    assert_matrix_rows(app, persons, rows)


def test_a_comments_translations_follow_the_consultations_rule(app):
    territory = make_territory("Lyon")
    persons = people(territory)
    version = make_version(VersionState.CONSULTATION)
    comment = make_comment(persons["member"], version.sections[0], body="Un commentaire.")
    draft = make_version(VersionState.DRAFT)
    note = make_comment(persons["editor"], draft.sections[0], body="Une note.")
    db.session.commit()
    assert_matrix_rows(app, persons, [
        ("GET", url("comment", comment.id), _row((404, 200, 200, 200, 200, 200)), None),
        ("GET", url("comment", comment.id, "en"), _row((302, 200, 200, 200, 200, 200)), None),
        ("GET", url("comment", note.id, "en"), _row((302, 404, 404, 404, 404, 200)), None),
    ])


def test_an_unknown_kind_or_text_is_not_found(app, client):
    assert client.get("/translations/section/1/en").status_code == 404
    assert client.get(url("swot_item", 999_999)).status_code == 404
