"""The index follows every write, in the same transaction: create, edit, delete, core statements."""
import re
from pathlib import Path

from sqlalchemy import delete, insert, select, text, update

from roadmap.extensions import db
from roadmap.search.indexing import rebuild_index
from roadmap.search.models import SearchEntry
from roadmap.search.query import parse_query
from roadmap.search.service import search
from roadmap.swot.models import ItemStatus, SwotItem
from roadmap.territories.models import Territory
from tests.drafts.factories import make_version
from tests.factories import make_editor, make_territory
from tests.search.helpers import entry, make_swot_item
from roadmap.drafts.models import VersionState


def _found(user, words, kind=None):
    return [(e.kind, e.object_id) for e in search(user, parse_query(words), kind).entries]


def test_a_new_territory_is_found_at_once_in_the_same_transaction(app):
    editor = make_editor()
    territory = make_territory("Aubagne-en-Provence", description="Une commune qui partage ses données")
    assert ("territory", territory.id) in _found(editor, "aubagne")  # flushed, not committed
    db.session.rollback()
    assert db.session.scalar(select(SearchEntry.id)) is None  # the rollback took the entry with it


def test_an_edited_item_is_found_by_its_new_words_only(app):
    editor = make_editor()
    item = make_swot_item(make_territory(), "Une plateforme de mobilité")
    item.text = "Un réseau de chaleur"
    db.session.flush()
    assert entry("swot_item", item.id).body == "Un réseau de chaleur"
    assert _found(editor, "chaleur") == [("swot_item", item.id)]
    assert _found(editor, "plateforme") == []


def test_a_deleted_object_leaves_the_index(app):
    territory = make_territory("Quimperlé")
    db.session.delete(territory)
    db.session.flush()
    assert entry("territory", territory.id) is None


def test_a_core_update_statement_is_indexed_again(app):
    """The SWOT's and the sections' edits are UPDATE ... WHERE version = seen statements."""
    editor = make_editor()
    item = make_swot_item(make_territory(), "Texte initial")
    db.session.execute(update(SwotItem).where(SwotItem.id == item.id, SwotItem.version == 1)
                       .values(text="Gouvernance partagée", version=2))
    assert entry("swot_item", item.id).body == "Gouvernance partagée"
    assert _found(editor, "gouvernance") == [("swot_item", item.id)]


def test_a_core_delete_statement_leaves_the_index(app):
    item = make_swot_item(make_territory(), "Un élément")
    db.session.execute(delete(SwotItem).where(SwotItem.id == item.id))
    assert entry("swot_item", item.id) is None


def test_bulk_inserts_are_indexed(app):
    db.session.execute(insert(Territory), [{"name": "Vannes Agglo", "slug": "vannes", "country": "FR", "kind": "city"},
                                           {"name": "Lorient Agglo", "slug": "lorient", "country": "FR", "kind": "city"}])
    names = {e.title for e in db.session.scalars(select(SearchEntry).where(SearchEntry.kind == "territory"))}
    assert names == {"Vannes Agglo", "Lorient Agglo"}


def test_a_proposal_is_not_in_the_index_until_accepted(app):
    item = make_swot_item(make_territory(), "Proposition", status=ItemStatus.PROPOSED)
    assert entry("swot_item", item.id) is None
    item.status = ItemStatus.ACCEPTED
    db.session.flush()
    assert entry("swot_item", item.id) is not None


def test_section_body_is_indexed_as_plain_text(app):
    version = make_version(VersionState.DRAFT, sections=(("Gouvernance", "Texte **gras**"),))
    section = version.sections[0]
    section.body_html = "<p>Texte <strong>gras</strong> &amp; fin</p>"
    db.session.flush()
    assert entry("section", section.id).body == "Texte gras & fin"


def test_unrelated_changes_do_not_rewrite_the_entry(app):
    from tests.workshops.helpers import make_workshop

    workshop = make_workshop(make_editor())
    before = entry("workshop", workshop.id).id
    statements = []
    from tests.conftest import counted_statements

    with counted_statements() as statements:
        workshop.last_event_seq += 1
        db.session.flush()
    assert not any("search_entry" in s for s in statements)
    assert entry("workshop", workshop.id).id == before


def test_rebuild_restores_a_lost_index(app):
    editor = make_editor()
    territory = make_territory("Saint-Brieuc")
    db.session.execute(delete(SearchEntry))
    assert _found(editor, "brieuc") == []
    rebuild_index(db.session.connection())
    assert _found(editor, "brieuc") == [("territory", territory.id)]


def test_the_swot_services_keep_the_index_up_to_date(app):
    from roadmap.swot import service as swot_service
    from roadmap.swot.forms import ItemData
    from roadmap.swot.models import Dimension, Quadrant
    from tests.factories import make_lead

    territory = make_territory()
    lead = make_lead(territory)
    item = swot_service.add_item(territory, lead, ItemData(Quadrant.STRENGTH, Dimension.HUMAN, "Équipe motivée", 2))
    assert _found(lead, "equipe") == [("swot_item", item.id)]
    swot_service.update_item(territory, item.id, lead, item.version,
                             ItemData(Quadrant.STRENGTH, Dimension.HUMAN, "Budget voté", 2))
    assert _found(lead, "budget") == [("swot_item", item.id)] and _found(lead, "equipe") == []
    swot_service.delete_item(territory, item.id, lead)
    assert _found(lead, "budget") == [] and entry("swot_item", item.id) is None


def test_the_section_service_keeps_the_index_up_to_date(app):
    from roadmap.drafts import service as drafts_service

    editor = make_editor()
    version = make_version(VersionState.DRAFT, sections=(("Titre", "Ancien texte"),))
    section = version.sections[0]
    drafts_service.update_section(editor, section, "Gouvernance", "Une *coopérative* de données", section.revision)
    assert entry("section", section.id).title == "Gouvernance"
    assert entry("section", section.id).body == "Une coopérative de données"
    assert _found(editor, "cooperative") == [("section", section.id)]


# The search migration and the one before it, found by name: their numbers change as branches land.
SEARCH_MIGRATION = next(p.stem for p in (Path(__file__).parents[2] / "migrations" / "versions").glob("*_search.py"))
SEARCH_MIGRATION_PARENT = re.search(r'^down_revision = "([^"]+)"', (
    Path(__file__).parents[2] / "migrations" / "versions" / f"{SEARCH_MIGRATION}.py").read_text(), re.M).group(1)


def test_the_migration_back_fills_the_index(tmp_path):
    from flask_migrate import upgrade
    from sqlalchemy import create_engine

    from config import TestConfig
    from roadmap import create_app

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, INSTANCE_DIR=tmp_path)
    with app.app_context():
        upgrade(revision=SEARCH_MIGRATION_PARENT)
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO territory (id, name, slug, country, kind, description, created_at) "
                                    "VALUES (1, 'Île-de-Ré', 're', 'FR', 'city', 'Une île', '2026-01-01')"))
        upgrade(revision=SEARCH_MIGRATION)
        db.session.remove()
    connection = create_engine(url).connect()
    assert connection.execute(text("SELECT kind, object_id, title FROM search_entry")).all() == [
        ("territory", 1, "Île-de-Ré")]
    assert connection.execute(text("SELECT rowid FROM search_fts WHERE search_fts MATCH '\"ile\"*'")).all() == [(1,)]
