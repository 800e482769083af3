"""The follow-up pages on seed-large run as many SQL statements on a small data set as on one four
times larger (actions, experiments, values): no N+1 query."""
import pytest
from sqlalchemy import select

from bench.followup import followup_paths
from roadmap.extensions import db
from roadmap.large import LARGE_PASSWORD, seed_large
from roadmap.followup.models import Action, Experiment
from tests.conftest import _empty_database, counted_statements, post

SMALL, LARGE = 4, 16


def _counts(app, territories):
    summary = seed_large(territories)
    db.session.commit()
    assert summary["follow-up actions"] == 2 * territories and summary["follow-up experiments"] == 3 * territories
    counts, texts = {}, {}
    editor, lead, anonymous = app.test_client(), app.test_client(), app.test_client()
    assert post(editor, "/login", {"email": "editor@large.example", "password": LARGE_PASSWORD}).status_code == 302
    assert post(lead, "/login", {"email": "lead-0001@large.example", "password": LARGE_PASSWORD}).status_code == 302
    for who, browser in (("editor", editor), ("lead", lead), ("anonymous", anonymous)):
        for name, path in followup_paths():
            browser.get(path, buffered=True)  # warm
            with counted_statements() as statements:
                response = browser.get(path, buffered=True)
            counts[(who, name)] = (response.status_code, len(statements))
            texts[(who, name)] = [" ".join(s.split())[:140] for s in statements]
    return counts, texts


@pytest.mark.usefixtures("no_page_cache")
def test_followup_pages_run_a_bounded_number_of_queries(app):
    small, _texts = _counts(app, SMALL)
    _empty_database()
    large, large_texts = _counts(app, LARGE)
    assert all(status == 200 for (_who, _name), (status, _n) in large.items()), large
    grown = {page: (small[page][1], large[page][1]) for page in small if small[page] != large[page]}
    assert not grown, f"queries that grow with the data: {grown}\n" + "\n".join(
        f"{p}: {large_texts[p]}" for p in grown)
    assert max(n for _s, n in large.values()) < 40


def test_seed_large_follow_up_in_proportion(app):
    summary = seed_large(territories=3)
    db.session.commit()
    assert summary["follow-up actions"] == 6 and summary["follow-up experiments"] == 9
    assert summary["indicator values"] == 9 * 2 * 20
    first = db.session.scalar(select(Experiment).order_by(Experiment.id))
    assert all(len(i.values) == 20 for i in first.indicators)
    assert db.session.scalar(select(Action.section_id).limit(1)) is not None
