"""Who gets which editions page: editors and the language's translators; others 403, visitors to log in."""
import pytest

from roadmap.drafts.models import VersionState
from roadmap.editions.models import Translator
from roadmap.extensions import db
from tests.editions.helpers import two_sections
from tests.factories import make_territory
from tests.permissions import assert_matrix, people

TRANSLATORS = {"anonymous": 302, "outsider": 403, "partner": 200, "member": 403, "lead": 403, "editor": 200}
EDITORS = {**TRANSLATORS, "partner": 403}

ROWS = [
    ("GET", "/editions", TRANSLATORS),
    ("GET", "/roadmap/v/{number}/editions/en", TRANSLATORS),
    ("GET", "/roadmap/v/{number}/editions/en/sections/{section}", TRANSLATORS),
]


@pytest.mark.parametrize("method, url, expected", ROWS, ids=[f"{m} {u}" for m, u, _ in ROWS])
def test_editions_permission_matrix(app, method, url, expected):
    persons = people(make_territory("Helsinki"))
    db.session.add(Translator(user_id=persons["partner"].id, language="en"))  # the partner translates
    version = two_sections(VersionState.DRAFT)
    db.session.commit()
    assert_matrix(app, persons, method, url.format(number=version.number, section=version.sections[0].id), expected)


def test_the_published_roadmaps_english_edition_only_once_published(app):
    from tests.editions.helpers import make_translator, translate_all

    persons = people(make_territory("Helsinki"))
    version = two_sections(VersionState.PUBLISHED)
    translate_all(make_translator("en"), version)
    db.session.commit()
    assert_matrix(app, persons, "GET", "/roadmap?edition=en",
                  {"anonymous": 404, "outsider": 404, "partner": 404, "member": 404, "lead": 404, "editor": 200})
