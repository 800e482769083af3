"""Integers and dates out of what the database holds are refused (404 for a path, 422 for a
parameter), never a 500: public pages, the API, participants' and editors' pages."""
from datetime import date

import pytest

from roadmap.core.params import MAX_ID, MAX_PAGE, parse_int, query_int
from roadmap.core.errors import Invalid
from tests.conftest import post
from tests.factories import login, make_editor, make_territory

HUGE = "99999999999999999999"          # more than 2**64
BIGINT = str(2**63 - 1)                # SQLite's largest integer, past PostgreSQL's `integer`
INT4 = str(2**31 - 1)                  # the largest id the database can hold (PostgreSQL `integer`)
OVER = str(2**31)                      # one more

PATHS_404 = [  # (who, url)
    (None, f"/api/v1/use-cases/{HUGE}"), (None, f"/api/v1/use-cases/{OVER}"), (None, f"/api/v1/use-cases/{BIGINT}"),
    (None, f"/roadmap/v/{HUGE}"), (None, f"/roadmap/v/{BIGINT}"), (None, f"/use-cases/{HUGE}"),
    (None, f"/api/v1/use-cases/{INT4}"), (None, f"/roadmap/v/{INT4}"), (None, f"/roadmap/v/{OVER}"),
    ("editor", f"/roadmap/comments/{INT4}/edit"), ("editor", f"/workshops/{INT4}"),
    (None, f"/roadmap/sections/{HUGE}/comments"),
    ("editor", f"/roadmap/comments/{HUGE}/edit"), ("editor", f"/roadmap/comments/{BIGINT}/answer"),
    ("editor", f"/workshops/{HUGE}"), ("editor", f"/workshops/{BIGINT}/calendar.ics"),
    ("editor", f"/organisations/{HUGE}/edit"), ("editor", f"/process/steps/{OVER}/edit"),
    ("editor", f"/roadmap/v/{HUGE}/comments"), ("editor", f"/roadmap/sections/{BIGINT}/edit"),
    ("editor", f"/exports/{HUGE}"),
]

PARAMS_422 = [
    (None, f"/api/v1/territories?page={BIGINT}"), (None, f"/api/v1/use-cases?page={HUGE}"),
    (None, "/api/v1/territories?page=null"), (None, "/api/v1/territories?page=0"),
    (None, "/api/v1/territories?page=-1"), (None, "/api/v1/territories?page=1.5"),
    (None, f"/?page={BIGINT}"), (None, f"/organisations?page={HUGE}"), (None, f"/territories?page={HUGE}"),
    (None, f"/roadmap/compare?from={HUGE}&to=1"), ("editor", f"/workshops?page={BIGINT}"),
    ("editor", f"/use-cases?page={HUGE}"), ("editor", f"/roadmap/v/1/comments?page={BIGINT}"),
    ("editor", f"/account/audit?page={HUGE}"),
    ("editor", "/audit?until=9999-12-31"), ("editor", "/audit?since=0001-01-01"),
    ("editor", f"/audit?page={BIGINT}"), ("editor", f"/roadmap/sections/1/comments?page={HUGE}"),
]


@pytest.fixture
def world(app):
    from roadmap.drafts.models import VersionState
    from tests.drafts.factories import make_version

    make_territory(name="Lyon")
    make_version(VersionState.PUBLISHED)
    return {"editor": make_editor()}


def _get(client, world, who, url):
    if who:
        login(client, world[who])
    return client.get(url)


@pytest.mark.parametrize("who, url", PATHS_404)
def test_ids_beyond_the_database_range_are_not_found(client, world, who, url):
    assert _get(client, world, who, url).status_code == 404, url


@pytest.mark.parametrize("who, url", PARAMS_422)
def test_parameters_out_of_range_are_refused_with_422(client, world, who, url):
    response = _get(client, world, who, url)
    assert response.status_code == 422, url
    assert "Traceback" not in response.get_data(as_text=True)


def test_the_api_says_which_parameter_is_wrong(client, world):
    body = client.get(f"/api/v1/territories?page={BIGINT}").get_json()
    assert body["status"] == 422 and "page" in body["error"]


def test_the_audit_filter_says_the_date_range_next_to_the_field(client, world):
    login(client, world["editor"])
    page = client.get("/audit?until=9999-12-31").get_data(as_text=True)
    assert "Saisissez une date entre les années 1900 et 2999." in page


def test_a_date_out_of_range_in_a_form_is_refused_next_to_the_field(client, world):
    from roadmap.process.models import ProcessStep
    from roadmap.process.service import get_process
    from roadmap.extensions import db

    get_process()
    step = db.session.scalars(db.select(ProcessStep)).first()
    login(client, world["editor"])
    response = post(client, f"/process/steps/{step.id}/edit",
                    {"starts_on": "2027-01-01", "ends_on": "9999-12-31", "expectations": "x"})
    assert response.status_code == 422
    assert "entre les années 1900 et 2999" in response.get_data(as_text=True)


def test_a_huge_hidden_revision_is_a_form_error_not_a_crash(client, world):
    from roadmap.drafts.models import VersionState
    from tests.drafts.factories import make_version

    section = make_version(VersionState.DRAFT).sections[0]
    login(client, world["editor"])
    response = post(client, f"/roadmap/sections/{section.id}/edit", {"title": "T", "body": "b", "revision": HUGE})
    assert response.status_code == 422


def test_pages_in_range_still_answer(client, world):
    assert client.get(f"/?page={MAX_PAGE}").status_code == 200
    assert client.get("/api/v1/territories?page=2").get_json()["territories"] == []
    assert client.get("/api/v1/territories?page=").status_code == 200  # empty: the default


def test_parse_int_is_strict():
    assert parse_int(" 42 ", 1, 100) == 42
    assert parse_int("+7", 1, 100) == 7
    for raw in ("", None, "1e3", "0x10", "١٢", "4.0", "null", "101", "0", str(MAX_ID + 1) * 2):
        assert parse_int(raw, 1, 100) is None, raw


def test_query_int_defaults_and_refuses(app):
    with app.test_request_context("/?a=&b=12&c=x"):
        assert query_int("a", default=5) == 5 and query_int("missing") is None and query_int("b") == 12
        with pytest.raises(Invalid):
            query_int("c")
        with pytest.raises(Invalid):
            query_int("b", maximum=10)


def test_bounds_are_those_of_the_database():
    from roadmap.core.params import DATE_MAX, DATE_MIN

    assert MAX_ID == 2147483647  # PostgreSQL `integer`
    assert DATE_MIN < date(2026, 1, 1) < DATE_MAX


def test_a_huge_filter_of_the_dashboard_is_ignored_like_any_unknown_one(client, world):
    login(client, world["editor"])
    assert client.get(f"/roadmap/v/1/comments?section={HUGE}").status_code == 200
