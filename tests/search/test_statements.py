"""A search runs a bounded number of SQL statements: as many on a small seed-large as on one four
times larger (apart from one statement per kind of result on the page, at most 8), and never more
than MAX_STATEMENTS, whoever searches and whatever they find."""
import re

import pytest
from sqlalchemy import func, select

from roadmap.extensions import db
from roadmap.large import EDITOR_EMAIL, LARGE_PASSWORD, seed_large
from roadmap.search.models import SearchEntry
from roadmap.territories.models import Membership
from roadmap.accounts.models import User
from tests.conftest import _empty_database, counted_statements, post

SMALL, LARGE = 4, 16
MAX_STATEMENTS = 14
KIND_RE = re.compile(r'class="search-result" data-kind="(\w+)"')
QUERIES = ("donnees", "mobilite energie", "territoire", "zzzz", "self data", "co")


def _partner_email():
    return db.session.scalar(select(User.email).join(Membership, Membership.user_id == User.id)
                             .where(Membership.organisation_id.is_not(None)).order_by(User.id).limit(1))


def _counts(app, territories):
    seed_large(territories)
    db.session.commit()
    assert db.session.scalar(select(func.count(SearchEntry.id))) > 0  # the bulk INSERTs were indexed
    browsers = {"anonymous": app.test_client()}
    for who, email in (("editor", EDITOR_EMAIL), ("partner", _partner_email())):
        browsers[who] = app.test_client()
        assert post(browsers[who], "/login", {"email": email, "password": LARGE_PASSWORD}).status_code == 302
    counts = {}
    for who, browser in browsers.items():
        for q in QUERIES:
            for args in ({"q": q}, {"q": q, "kind": "swot"}):
                path = "/search"
                browser.get(path, query_string=args)  # warm
                with counted_statements() as statements:
                    response = browser.get(path, query_string=args)
                assert response.status_code == 200
                kinds = set(KIND_RE.findall(response.get_data(as_text=True)))
                counts[(who, q, tuple(args))] = (len(statements) - len(kinds), len(statements))
    return counts


@pytest.mark.usefixtures("no_page_cache")
def test_a_search_runs_the_same_bounded_number_of_statements_whatever_the_size_of_the_data(app):
    small = _counts(app, SMALL)
    _empty_database()
    large = _counts(app, LARGE)
    assert {case: fixed for case, (fixed, _all) in small.items()} == {
        case: fixed for case, (fixed, _all) in large.items()}
    assert max(n for _fixed, n in (*small.values(), *large.values())) <= MAX_STATEMENTS, large
