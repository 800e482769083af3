"""Several requests writing at once must not fail with "database is locked"."""
import threading

import pytest

from roadmap.extensions import db
from roadmap.territories.models import Territory
from tests.conftest import csrf_token
from tests.factories import login, make_editor


def test_concurrent_writers_all_succeed(app):
    editor = make_editor()
    db.session.commit()
    clients = []
    for _ in range(6):
        client = app.test_client()
        login(client, editor)
        clients.append((client, csrf_token(client)))
    db.session.commit()
    statuses = []

    def create(n, client, token):
        with app.app_context():
            for k in range(4):
                response = client.post("/territories/new", data={
                    "csrf_token": token, "name": f"Ville {n}-{k}", "country": "FR", "kind": "city"})
                statuses.append(response.status_code)

    threads = [threading.Thread(target=create, args=(n, c, t)) for n, (c, t) in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 24
    assert db.session.query(Territory).count() == 24
