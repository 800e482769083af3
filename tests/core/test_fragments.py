"""The shared fragment cache (roadmap/core/fragments.py): a comment card's content is rendered once
and shared across readers, and never carries one reader's buttons, rights or language to another."""
import pytest

from roadmap.core.timeutil import utcnow
from roadmap.drafts.models import VersionState
from roadmap.extensions import db
from tests.drafts.factories import make_comment, make_version
from tests.factories import login, make_editor, make_lead, make_member, make_territory


@pytest.fixture
def consultation(app):
    territory = make_territory("La Rochelle")
    lead = make_lead(territory, name="Julien Morel")
    member = make_member(territory, name="Awa Diallo")
    editor = make_editor(name="Claire Éditrice")
    version = make_version(VersionState.CONSULTATION)
    section = version.sections[0]
    mine = make_comment(lead, section, body="Le commentaire de Julien.")
    hidden = make_comment(member, section, body="Un texte retiré par les éditeurs.", hidden_at=utcnow(),
                          hidden_by_id=editor.id, hidden_reason="Hors sujet")
    db.session.commit()
    app.extensions["fragment_cache"].entries.clear()
    return {"lead": lead, "member": member, "editor": editor, "version": version, "mine": mine, "hidden": hidden}


def _page(client, user, consultation):
    client = client.application.test_client()  # each reader in a browser of their own
    login(client, user)
    return client.get(f"/roadmap/v/{consultation['version'].number}").get_data(as_text=True)


def test_two_readers_share_the_cards_but_not_their_buttons(app, client, consultation):
    cache = app.extensions["fragment_cache"]
    mine = consultation["mine"].id
    lead_page = _page(client, consultation["lead"], consultation)
    misses = cache.misses
    member_page = _page(client, consultation["member"], consultation)
    assert cache.misses == misses and cache.hits >= 2  # the second reader got the cards from the cache

    assert "Le commentaire de Julien." in lead_page and "Le commentaire de Julien." in member_page
    assert f"/roadmap/comments/{mine}/edit" in lead_page  # its author may still edit it
    assert f"/roadmap/comments/{mine}/edit" not in member_page
    assert f"/roadmap/comments/{mine}/report" in member_page  # the other reader may report it
    assert f"/roadmap/comments/{mine}/report" not in lead_page
    assert "Un texte retiré par les éditeurs." not in lead_page + member_page  # hidden: only its trace

    editor_page = _page(client, consultation["editor"], consultation)
    assert "Un texte retiré par les éditeurs." in editor_page  # the editors see the original
    assert f"/roadmap/comments/{mine}/answer" in editor_page
    assert f"/roadmap/comments/{mine}/answer" not in lead_page + member_page


def test_a_change_to_a_comment_makes_a_new_card(app, client, consultation):
    _page(client, consultation["member"], consultation)
    consultation["mine"].body = "Le commentaire de Julien, corrigé."
    consultation["mine"].edited_at = utcnow()
    db.session.commit()
    page = _page(client, consultation["member"], consultation)
    assert "Le commentaire de Julien, corrigé." in page and "Le commentaire de Julien." not in page


def test_the_readers_language_is_part_of_the_key(app, client, consultation):
    french = _page(client, consultation["member"], consultation)
    consultation["editor"].language = "en"
    db.session.commit()
    english = _page(client, consultation["editor"], consultation)
    assert "Ouvert" in french and "Open" in english
    assert "hidden by the editors" in english and "masqué par l'équipe éditoriale" in french
