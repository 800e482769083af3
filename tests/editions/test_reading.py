"""Reading editions at /roadmap: the reader's language first, the switch, `lang`, comments on either edition,
and publishing a version with its editions from the confirmation page."""
import re
from datetime import timedelta

import pytest

from roadmap.drafts import service as drafts
from roadmap.drafts.models import Comment, VersionState
from roadmap.editions import service
from roadmap.extensions import db
from tests.conftest import post
from tests.drafts.factories import make_version
from tests.editions.helpers import make_translator, translate_all, two_sections
from tests.factories import login, make_editor, make_lead, make_territory


@pytest.fixture
def people(app):
    return {"editor": make_editor(email="editrice@example.org", language="fr"),
            "translator": make_translator("en", email="aino@example.fi"),
            "lead": make_lead(make_territory("Helsinki"), language="en")}


def _published_with_english(people, state=VersionState.PUBLISHED):
    version = two_sections(state)
    translate_all(people["translator"], version)
    service.publish_edition(people["editor"], version, "en")
    return version


def test_an_english_reader_reads_the_english_edition_first_with_a_switch(client, people):
    _published_with_english(people)
    login(client, people["lead"])
    html = client.get("/roadmap").get_data(as_text=True)
    assert "First paragraph of the text." in html and "Premier paragraphe" not in html
    assert re.search(r'<a href="/roadmap\?edition=fr" hreflang="fr" lang="fr">Français</a>', html)
    assert '<link rel="alternate" hreflang="fr" href="/roadmap?edition=fr">' in html
    french = client.get("/roadmap?edition=fr").get_data(as_text=True)
    assert "Premier paragraphe du texte." in french
    assert 'lang="fr"' in french  # French content in an English interface is marked


def test_a_french_visitor_reads_the_source_and_may_switch_to_english(client, people):
    version = _published_with_english(people)
    html = client.get("/roadmap").get_data(as_text=True)
    assert "Premier paragraphe du texte." in html
    assert 'hreflang="en"' in html
    english = client.get(f"/roadmap/v/{version.number}?edition=en").get_data(as_text=True)
    assert "First paragraph of the text." in english
    assert re.search(r'class="paragraph-text" lang="en"', english)  # English content, French interface


def test_visitors_see_only_published_editions(client, people):
    version = two_sections(VersionState.PUBLISHED)
    translate_all(people["translator"], version)  # complete but not published
    html = client.get("/roadmap").get_data(as_text=True)
    assert 'hreflang="en"' not in html
    assert client.get("/roadmap?edition=en").status_code == 404
    login(client, people["translator"])  # its translator previews it
    assert "First paragraph" in client.get("/roadmap?edition=en").get_data(as_text=True)


@pytest.mark.parametrize("edition", ["de", "xx"])
def test_a_language_outside_the_settings_is_422(client, people, edition):
    _published_with_english(people)
    assert client.get(f"/roadmap?edition={edition}").status_code == 422


def test_to_update_sections_are_shown_on_the_edition(client, people):
    version = two_sections(VersionState.DRAFT)
    translate_all(people["translator"], version)
    drafts.update_section(people["editor"], version.sections[1], "Gouvernance", "Changé.", version.sections[1].revision)
    login(client, people["editor"])
    html = client.get(f"/roadmap/v/{version.number}?edition=en").get_data(as_text=True)
    assert "Gouvernance EN" in html and "#section-%d" % version.sections[1].id in html


def test_a_comment_on_the_english_edition_attaches_to_the_source_paragraph_and_shows_on_both(client, people):
    version = two_sections(VersionState.CONSULTATION)
    translate_all(people["translator"], version)
    service.publish_edition(people["editor"], version, "en")  # (a consultation's edition may be read)
    section = version.sections[0]
    pid = drafts.paragraphs(section)[1][0]
    login(client, people["lead"])
    english = client.get(f"/roadmap/v/{version.number}?edition=en").get_data(as_text=True)
    assert f"?paragraph={pid}&amp;edition=en" in english
    form = client.get(f"/roadmap/sections/{section.id}/comment?paragraph={pid}&edition=en").get_data(as_text=True)
    assert "Second paragraph: the territories share." in form
    response = post(client, f"/roadmap/sections/{section.id}/comment?edition=en",
                    {"paragraph": pid, "body": "Good point", "stance": "supports", "language": "en",
                     "quote": "the territories share"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    comment = db.session.scalar(db.select(Comment))
    assert (comment.section_id, comment.paragraph_id, comment.quote) == (section.id, pid, "the territories share")
    for edition in ("en", "fr"):
        html = client.get(f"/roadmap/v/{version.number}?edition={edition}").get_data(as_text=True)
        assert "Good point" in html


def test_a_quote_not_in_the_editions_paragraph_is_refused(client, people):
    version = two_sections(VersionState.CONSULTATION)
    translate_all(people["translator"], version)
    service.publish_edition(people["editor"], version, "en")
    section = version.sections[0]
    pid = drafts.paragraphs(section)[0][0]
    login(client, people["lead"])
    response = post(client, f"/roadmap/sections/{section.id}/comment?edition=en",
                    {"paragraph": pid, "body": "Hm", "stance": "neutral", "quote": "not there"})
    assert response.status_code == 422 and db.session.scalar(db.select(db.func.count(Comment.id))) == 0


def _ready_to_publish(people):
    make_version(VersionState.CONSULTATION, sections=[("Intro", "v1")], closes_in=timedelta(days=-1))
    return two_sections(VersionState.DRAFT)


def test_publish_confirmation_says_what_becomes_of_each_edition(client, people):
    version = _ready_to_publish(people)
    login(client, people["editor"])
    page = client.get(f"/roadmap/v/{version.number}/publish").get_data(as_text=True)
    assert "edition_confirm" not in page and "Introduction" in page  # incomplete: its missing sections listed
    translate_all(people["translator"], version)
    drafts.update_section(people["editor"], version.sections[1], "Gouvernance", "Changé.", version.sections[1].revision)
    page = client.get(f"/roadmap/v/{version.number}/publish").get_data(as_text=True)
    assert 'name="edition_confirm" value="en"' in page


def test_publishing_without_the_confirmation_leaves_an_edition_to_update_out(client, people):
    version = _ready_to_publish(people)
    translate_all(people["translator"], version)
    drafts.update_section(people["editor"], version.sections[1], "Gouvernance", "Changé.", version.sections[1].revision)
    login(client, people["editor"])
    assert post(client, f"/roadmap/v/{version.number}/publish").status_code == 302
    assert service.published_languages(version) == []


def test_publishing_with_the_confirmation_publishes_the_edition(client, people):
    version = _ready_to_publish(people)
    translate_all(people["translator"], version)
    drafts.update_section(people["editor"], version.sections[1], "Gouvernance", "Changé.", version.sections[1].revision)
    login(client, people["editor"])
    assert post(client, f"/roadmap/v/{version.number}/publish", {"edition_confirm": "en"}).status_code == 302
    assert service.published_languages(version) == ["en"]


def test_a_complete_edition_is_published_with_its_version_an_incomplete_one_is_not(client, people):
    version = _ready_to_publish(people)
    login(client, people["editor"])
    assert post(client, f"/roadmap/v/{version.number}/publish").status_code == 302
    assert service.published_languages(version) == []
    version2 = drafts.create_next_version(people["editor"])
    translate_all(people["translator"], version2)
    db.session.commit()
    assert post(client, f"/roadmap/v/{version2.number}/publish").status_code == 302
    assert service.published_languages(version2) == ["en"]


def test_an_edition_costs_the_version_page_two_queries_more_whatever_the_number_of_sections(client, people,
                                                                                              no_page_cache):
    from tests.conftest import counted_statements

    counts = {}
    for n in (2, 20):
        version = make_version(VersionState.PUBLISHED, sections=[(f"Section {i}", "Un texte.\n\nUn autre.")
                                                                 for i in range(n)])
        translate_all(people["translator"], version)
        service.publish_edition(people["editor"], version, "en")
        db.session.commit()
        for edition in ("fr", "en"):
            client.get(f"/roadmap/v/{version.number}?edition={edition}")  # warm the caches
            with counted_statements() as statements:
                assert client.get(f"/roadmap/v/{version.number}?edition={edition}").status_code == 200
            counts[(n, edition)] = len(statements)
    assert counts[(2, "en")] - counts[(2, "fr")] <= 2
    assert counts[(20, "en")] - counts[(20, "fr")] == counts[(2, "en")] - counts[(2, "fr")]
