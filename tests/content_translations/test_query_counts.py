"""The translations of a page are loaded in one query: a page of translated items runs as many
statements with 3 items as with 12."""
import pytest

from roadmap.content_translations.models import ContentTranslation, text_hash
from roadmap.drafts.models import VersionState
from roadmap.extensions import db
from roadmap.swot import service as swot_service
from tests.conftest import _empty_database, counted_statements
from tests.drafts.factories import make_comment, make_version
from tests.factories import login, make_lead, make_member, make_territory, make_user
from tests.swot.helpers import add


def _translated(kind, object_id, text, by):
    db.session.add(ContentTranslation(kind=kind, object_id=object_id, language="en", source_language="fr",
                                      text=f"EN {text}", original_hash=text_hash(text), translator_id=by.id))


def _swot(count):
    territory = make_territory("La Rochelle")
    lead = make_lead(territory)
    for n in range(count):
        item = add(territory, lead, text=f"Élément {n}", quadrant=("strength", "weakness")[n % 2])
        # Each by another translator: the translators' names are loaded with their translations.
        _translated("swot_item", item.id, item.text, make_user())
    swot_service.submit(territory, lead)
    reader = make_member(territory, language="en")
    db.session.commit()
    return territory, reader


def _count(app, path, user, expected_text):
    browser = app.test_client()
    login(browser, user)
    browser.get(path)
    with counted_statements() as statements:
        response = browser.get(path)
    assert response.status_code == 200 and expected_text in response.get_data(as_text=True)
    return len(statements)


def _cell_path():
    return "/swot/synthesis/cell?quadrant=strength&dimension=technical"


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("page", ["board", "version", "cell"])
def test_a_swot_page_of_translated_items_runs_the_same_queries_whatever_their_number(app, page):
    counts = []
    for size in (3, 12):
        territory, reader = _swot(size)
        path = {"board": f"/territories/{territory.slug}/swot", "version": f"/territories/{territory.slug}/swot/versions/1",
                "cell": _cell_path()}[page]
        counts.append(_count(app, path, reader, "EN Élément 0"))
        _empty_database()
    assert counts[0] == counts[1], counts


@pytest.mark.usefixtures("no_page_cache")
def test_a_version_page_of_translated_comments_runs_the_same_queries_whatever_their_number(app):
    counts = []
    for size in (2, 8):
        app.extensions["fragment_cache"].entries.clear()
        version = make_version(VersionState.CONSULTATION)
        for n in range(size):
            comment = make_comment(make_user(), version.sections[0], body=f"Commentaire {n}")
            _translated("comment", comment.id, comment.body, make_user())
        reader = make_user(language="en")
        db.session.commit()
        counts.append(_count(app, f"/roadmap/v/{version.number}", reader, "EN Commentaire"))
        _empty_database()
    assert counts[0] == counts[1], counts
