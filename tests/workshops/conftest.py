import pytest

from tests.workshops.helpers import second_client


@pytest.fixture
def client(app):
    """Each request in its own app context, as in production (several people in one test)."""
    return second_client(app)


@pytest.fixture(autouse=True)
def _test_reads_do_not_take_the_write_lock(app):
    # On SQLite, a transaction opened outside a request starts with BEGIN IMMEDIATE; the test's own
    # reads would then hold the write lock while the clients' requests wait for it.
    with app.test_request_context():
        yield
