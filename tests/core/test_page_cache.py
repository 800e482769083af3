"""The page cache serves a page again only while nothing it read has changed, and only to the
person it was rendered for."""
import re

import pytest
from sqlalchemy import delete, event, text, update

from config import TestConfig
from roadmap import create_app
from roadmap.core import page_cache
from roadmap.core.data_versions import _Tables, current_tokens
from roadmap.core.page_cache import Entry, PageCache
from roadmap.extensions import db
from roadmap.territories.models import Membership, Territory
from tests.conftest import CSRF_RE, counted_statements, post
from tests.factories import login, make_editor, make_member, make_territory
from tests.swot.helpers import add


ANY_CSRF_TOKEN = re.compile(r'(name="csrf[-_]token"[^>]*(?:value|content)=")[^"]+')


def _statements(client, url):
    """(response text, number of SQL statements the request ran)."""
    with counted_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True), len(statements)


@pytest.fixture
def lyon(app):
    territory = make_territory("Lyon", description="Une métropole qui avance")
    db.session.commit()
    return territory


def test_a_page_read_twice_is_rendered_once(client, lyon):
    url = f"/territories/{lyon.slug}"
    first, rendered = _statements(client, url)
    again, served = _statements(client, url)
    assert served < rendered
    # The same page, but for its CSRF token: signed anew, with the time, for every response.
    assert ANY_CSRF_TOKEN.sub(r"\1", again) == ANY_CSRF_TOKEN.sub(r"\1", first)


@pytest.mark.parametrize("change", ["orm", "bulk update", "raw sql"])
def test_a_write_to_a_table_the_page_read_shows_at_once(client, lyon, change):
    url = f"/territories/{lyon.slug}"
    client.get(url)
    if change == "orm":
        lyon.description = "Une métropole qui a changé"
    elif change == "bulk update":
        db.session.execute(update(Territory).where(Territory.id == lyon.id)
                           .values(description="Une métropole qui a changé"))
    else:
        db.session.execute(text("UPDATE territory SET description = :d WHERE id = :id"),
                           {"d": "Une métropole qui a changé", "id": lyon.id})
    db.session.commit()
    page, _count = _statements(client, url)
    assert "Une métropole qui a changé" in page


def test_a_rolled_back_write_keeps_the_tokens_and_a_commit_changes_them(app, lyon):
    before = current_tokens()
    lyon.description = "Jamais enregistré"
    db.session.flush()
    db.session.rollback()
    assert current_tokens() == before
    db.session.get(Territory, lyon.id).description = "Enregistré"
    db.session.commit()
    after = current_tokens()
    assert after["territory"] != before.get("territory", 0)
    # The search index is written in the same transaction as the territory (roadmap.search.indexing).
    written = {"territory", "search_entry"}
    assert {name: token for name, token in after.items() if name not in written} == \
        {name: token for name, token in before.items() if name not in written}


def test_a_write_by_another_worker_process_shows_at_once(app, client, lyon):
    url, territory_id = f"/territories/{lyon.slug}", lyon.id
    client.get(url)
    db.session.commit()  # the test's own session holds no SQLite lock while the other one writes
    other = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                       INSTANCE_DIR=app.config["INSTANCE_DIR"], EXPORT_DIR=app.config["EXPORT_DIR"])
    try:
        with other.app_context():
            db.session.execute(update(Territory).where(Territory.id == territory_id)
                               .values(description="Vu ailleurs"))
            db.session.commit()
            other_page = other.test_client().get(url).get_data(as_text=True)
        assert "Vu ailleurs" in other_page
        page, _count = _statements(client, url)
        assert "Vu ailleurs" in page
    finally:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def test_a_cascading_delete_changes_the_token_of_the_child_table():
    tables = _Tables(db.metadata)
    cascades = [(fk.column.table.name, table.name) for table in db.metadata.sorted_tables
                for fk in table.foreign_keys if (fk.ondelete or "").upper() in {"CASCADE", "SET NULL"}]
    assert cascades
    for parent, child in cascades:
        assert child in tables.of(f'DELETE FROM "{parent}" WHERE id = 1')[1]
        assert tables.of(f'UPDATE "{parent}" SET id = id WHERE id = 1')[1] == {parent}
    _read, written = tables.of("TRUNCATE territory, organisation CASCADE")
    assert {"territory", "organisation"} <= written


@pytest.mark.parametrize("statement", [
    "WITH gone AS (SELECT id FROM territory) UPDATE membership SET role = 'lead'",
    "INSERT OR REPLACE INTO membership (id) VALUES (1)",
    "UPDATE public.membership SET role = 'lead'",
])
def test_a_write_the_tracker_cannot_parse_counts_as_a_write_to_every_table_it_names(statement):
    assert "membership" in _Tables(db.metadata).of(statement)[1]


def test_reads_write_nothing():
    tables = _Tables(db.metadata)
    assert tables.of("SELECT territory.id FROM territory JOIN membership ON 1 = 1 FOR UPDATE")[1] == set()


def test_each_person_gets_the_page_rendered_for_them(app, lyon):
    first, second = app.test_client(), app.test_client()
    login(first, make_editor(name="Éditrice Première"))
    login(second, make_member(lyon, name="Membre Seconde"))
    url = f"/territories/{lyon.slug}"
    first.get(url)
    page = second.get(url).get_data(as_text=True)
    assert "Membre Seconde" in page and "Éditrice Première" not in page


def test_a_person_who_loses_their_membership_no_longer_sees_the_draft(app, client, lyon):
    member = make_member(lyon)
    add(lyon, member, text="Un atout encore en brouillon")
    login(client, member)
    url = f"/territories/{lyon.slug}/swot"
    assert "Un atout encore en brouillon" in client.get(url).get_data(as_text=True)
    db.session.execute(delete(Membership).where(Membership.user_id == member.id))
    db.session.commit()
    response = client.get(url)
    assert "Un atout encore en brouillon" not in response.get_data(as_text=True)


def test_a_cached_page_carries_the_readers_own_csrf_token(app, lyon):
    url = f"/territories/{lyon.slug}"
    first, second = app.test_client(), app.test_client()
    first_token = CSRF_RE.search(first.get(url).get_data(as_text=True)).group(1)
    second_token = CSRF_RE.search(second.get(url).get_data(as_text=True)).group(1)
    assert first_token != second_token
    editor = make_editor()
    db.session.commit()
    response = second.post("/login", data={"csrf_token": second_token, "email": editor.email,
                                           "password": "correct-horse-battery"})
    assert response.status_code == 302


def test_a_flash_message_is_shown_once_and_never_cached(app, client, lyon):
    login(client, make_editor())
    url = f"/territories/{lyon.slug}"
    client.get(url)
    form = {"name": "Lyon", "country": "fr", "kind": "city", "description": "Relue"}
    response = post(client, f"/territories/{lyon.slug}/edit", form, follow_redirects=True)
    assert "Relue" in response.get_data(as_text=True)
    assert 'class="flash ' in response.get_data(as_text=True)
    assert 'class="flash ' not in client.get(url).get_data(as_text=True)


def test_a_page_older_than_page_cache_seconds_is_rendered_again(app, client, lyon, monkeypatch):
    url = f"/territories/{lyon.slug}"
    _page, rendered = _statements(client, url)
    now = page_cache.time.monotonic()
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: now + app.config["PAGE_CACHE_SECONDS"] + 1)
    _page, again = _statements(client, url)
    assert again == rendered


def _another_thread_renders_every_page(app, monkeypatch):
    """Another thread is rendering every page, and does not finish within the wait."""
    monkeypatch.setattr(page_cache, "RENDER_WAIT_SECONDS", 0.05)
    monkeypatch.setattr(app.extensions["page_cache"], "claim", lambda key: page_cache.threading.Event())


def test_past_its_age_an_unchanged_page_is_served_while_another_thread_renders_it(
        app, client, lyon, monkeypatch):
    url = f"/territories/{lyon.slug}"
    first, rendered = _statements(client, url)
    now = page_cache.time.monotonic()
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: now + app.config["PAGE_CACHE_SECONDS"] + 1)
    _another_thread_renders_every_page(app, monkeypatch)
    again, served = _statements(client, url)
    assert served < rendered and ANY_CSRF_TOKEN.sub(r"\1", again) == ANY_CSRF_TOKEN.sub(r"\1", first)


def test_a_changed_page_is_never_served_old_while_another_thread_renders_it(app, client, lyon, monkeypatch):
    url = f"/territories/{lyon.slug}"
    client.get(url)
    lyon.description = "Une métropole qui a changé"
    db.session.commit()
    _another_thread_renders_every_page(app, monkeypatch)
    page, _count = _statements(client, url)
    assert "Une métropole qui a changé" in page


def test_no_cache_when_page_cache_mb_is_zero(app):
    off = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                     INSTANCE_DIR=app.config["INSTANCE_DIR"], PAGE_CACHE_MB=0)
    assert "page_cache" not in off.extensions
    with off.app_context():
        db.engine.dispose()


def test_the_cache_keeps_the_most_recent_pages_within_its_size():
    cache = PageCache(max_bytes=2500, max_age=30)

    def entry(size):
        return Entry((), (), page_cache.time.monotonic(), (), b"x" * size, False, 30)

    for key in "abc":
        cache.put(key, entry(300))
    assert cache.get("a", {}) is not None  # a is now the most recent
    for key in "defghij":
        cache.put(key, entry(300))
    assert cache.size <= 2500
    assert cache.get("a", {}) is not None and cache.get("b", {}) is None
    cache.put("huge", entry(2000))  # more than an eighth of the cache: not kept
    assert cache.get("huge", {}) is None


def test_while_one_thread_renders_a_page_the_others_wait_for_it():
    cache = PageCache(max_bytes=10_000, max_age=30)
    assert cache.claim("page") is None  # this thread renders
    waiting = cache.claim("page")
    assert waiting is not None and not waiting.is_set()
    assert cache.claim("another page") is None
    cache.put("page", Entry((), (), page_cache.time.monotonic(), (), b"rendered", False, 30))
    cache.release("page")
    assert waiting.is_set() and cache.get("page", {}).body == b"rendered"
    assert cache.claim("page") is None  # the next change is rendered again by one thread


def test_a_session_is_known_only_while_the_user_table_is_unchanged():
    cache = PageCache(max_bytes=10_000, max_age=30)
    assert cache.known_session("7:abc", 1) is None
    cache.remember_session("7:abc", 1, "fr")
    assert cache.known_session("7:abc", 1) == "fr"
    assert cache.known_session("7:abc", 2) is None and cache.known_session("7:other", 1) is None


def test_a_known_session_is_served_from_the_cache_without_loading_its_user(app, client, lyon):
    login(client, make_member(lyon))
    url = f"/territories/{lyon.slug}"
    client.get(url)  # rendered: the session's user is loaded and checked
    with counted_statements() as statements:
        assert client.get(url).status_code == 200
    assert [" ".join(s.split()) for s in statements] == ["SELECT name, token FROM cache_version"]


@pytest.mark.parametrize("change", ["sessions ended", "deactivated"])
def test_a_session_ended_elsewhere_is_not_served_a_cached_page(app, client, lyon, change):
    member = make_member(lyon)
    login(client, member)
    url = "/swot/synthesis"
    for _ in range(2):
        assert client.get(url).status_code == 200
    if change == "sessions ended":
        member.end_all_sessions()
    else:
        member.active = False
    db.session.commit()
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_new_language_shows_on_the_next_cached_page(app, client, lyon):
    member = make_member(lyon)
    login(client, member)
    url = f"/territories/{lyon.slug}"
    for _ in range(2):
        assert 'lang="fr"' in client.get(url).get_data(as_text=True)
    member.language = "en"
    db.session.commit()
    assert 'lang="en"' in client.get(url).get_data(as_text=True)


def _isolation_levels(client, url):
    """The isolation level of the connection of each statement the request ran."""
    levels = []

    def record(connection, _cursor, statement, *_args):
        levels.append((connection.get_execution_options().get("isolation_level"), statement))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return levels


def test_a_page_served_from_the_cache_opens_no_transaction_on_postgresql(app, client, lyon):
    login(client, make_member(lyon))
    url = "/swot/synthesis.csv"  # login required, and streamed from a cursor when rendered
    rendered = _isolation_levels(client, url)
    served = _isolation_levels(client, url)
    read = [statement.replace('"', "") for _level, statement in served if statement != "BEGIN"]
    assert len(read) == 2 and "FROM cache_version" in read[0] and "FROM user" in read[1]
    if db.engine.dialect.name == "sqlite":  # no round trips to save: core/sqlite.py begins them all
        assert {level for level, _statement in rendered + served} == {None}
        return
    assert rendered[0][0] == "AUTOCOMMIT" and "cache_version" in rendered[0][1]
    # the render itself runs in a transaction: the streaming cursor needs one
    assert rendered[-1][0] is None and "swot_version_item" in rendered[-1][1]
    assert {level for level, _statement in served} == {"AUTOCOMMIT"}
