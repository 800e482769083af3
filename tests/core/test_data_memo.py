"""Values the same for everybody, shared and kept while the tables they read are unchanged: the
home page's progress table."""
import pytest

from roadmap.extensions import db
from tests.factories import login, make_editor, make_member, make_territory


@pytest.fixture
def counted_columns(app, monkeypatch, no_page_cache):
    """The progress table's columns, each call counted."""
    calls = []
    columns = []
    for header, function in app.extensions["progress_columns"]:
        def counted(ids, function=function):
            calls.append(function)
            return function(ids)
        columns.append((header, counted))
    monkeypatch.setitem(app.extensions, "progress_columns", columns)
    return calls


@pytest.fixture
def lyon(app):
    territory = make_territory("Lyon")
    make_member(territory)
    db.session.commit()
    return territory


def _home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_progress_table_is_computed_once_for_everybody(app, client, counted_columns, lyon):
    columns = len(app.extensions["progress_columns"])
    first = _home(client)
    editor = make_editor()
    db.session.commit()
    del counted_columns[:]
    login(client, editor)  # another reader: the table is the same for them
    assert "1 membre" in _home(client) and "1 membre" in first
    assert counted_columns == [] and columns > 0


def test_a_write_to_a_table_it_read_computes_it_again(client, counted_columns, lyon):
    assert "1 membre" in _home(client)
    make_member(lyon)
    db.session.commit()
    assert "2 membres" in _home(client)


def test_a_write_elsewhere_keeps_it(client, counted_columns, lyon):
    from roadmap.drafts.models import RoadmapVersion

    _home(client)
    del counted_columns[:]
    db.session.add(RoadmapVersion(number=7))
    db.session.commit()
    _home(client)
    assert counted_columns == []


def test_each_language_has_its_own(client, counted_columns, lyon):
    assert "1 membre" in _home(client)
    with client.session_transaction() as session:
        session["lang"] = "en"
    page = _home(client)
    assert "1 member" in page and "1 membre" not in page


def test_off_when_data_memo_entries_is_zero(app, client, counted_columns, lyon, monkeypatch):
    monkeypatch.delitem(app.extensions, "data_memo")
    _home(client)
    del counted_columns[:]
    _home(client)
    assert counted_columns != []


def test_a_request_that_wrote_reads_its_own_writes_and_keeps_nothing(app, lyon):
    """Inside a transaction that wrote (and may still roll back), the memo is neither used nor filled."""
    from roadmap.core.data_memo import memo

    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    with app.test_request_context("/"):
        memo("test", 1, compute)
        memo("test", 1, compute)
        assert calls == [1]
        make_member(lyon)  # flushed, not committed
        memo("test", 1, compute)
        assert calls == [1, 1]
        db.session.rollback()
        memo("test", 1, compute)
        assert calls == [1, 1]  # the rolled-back write left the kept value right
