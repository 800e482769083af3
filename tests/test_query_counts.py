"""Bounded queries: every main page runs as many SQL statements on a small seed-large as on a
larger one (4 times the territories, use cases, comments...). A page whose count grows with the
data has an N+1 query or an unpaginated list."""
import pytest
from sqlalchemy import func, select

from bench.large_pages import EDITOR_EMAIL, PASSWORD, page_paths
from roadmap.drafts.models import RoadmapVersion, Section, VersionState
from roadmap.extensions import db
from roadmap.large import seed_large
from roadmap.workshops.large import LIVE_WORKSHOP_TITLE, USE_CASE_TITLE
from roadmap.workshops.models import UseCase, Workshop
from tests.conftest import _empty_database, counted_statements, post

SMALL, LARGE = 4, 16


def _paths():
    workshop_id = db.session.scalar(select(Workshop.id).where(Workshop.title == LIVE_WORKSHOP_TITLE))
    use_case_id = db.session.scalar(select(UseCase.id).where(UseCase.title == USE_CASE_TITLE))
    number = db.session.scalar(select(func.max(RoadmapVersion.number))
                               .where(RoadmapVersion.state == VersionState.CONSULTATION))
    paths = page_paths(workshop_id, use_case_id, number)
    section_id = db.session.scalar(select(Section.id).join(RoadmapVersion)
                                   .where(RoadmapVersion.number == number).order_by(Section.position).limit(1))
    paths += [("a section's comments", f"/roadmap/sections/{section_id}/comments?page=2"),
              ("the current roadmap", "/roadmap"), ("use cases", "/use-cases"), ("workshops", "/workshops")]
    return paths


def _counts(app, territories):
    seed_large(territories)
    db.session.commit()
    paths = _paths()
    counts, texts = {}, {}
    client = app.test_client()
    assert post(client, "/login", {"email": EDITOR_EMAIL, "password": PASSWORD}).status_code == 302
    anonymous = app.test_client()
    for who, browser in (("editor", client), ("anonymous", anonymous)):
        for name, path in paths:
            browser.get(path, buffered=True)  # warm: first-request work is not the page's
            with counted_statements() as statements:
                response = browser.get(path, buffered=True)
            counts[(who, name)] = (response.status_code, len(statements))
            texts[(who, name)] = [" ".join(s.split())[:160] for s in statements]
    return counts, texts


@pytest.mark.usefixtures("no_page_cache")
def test_every_main_page_runs_the_same_number_of_queries_whatever_the_size_of_the_data(app):
    small, small_texts = _counts(app, SMALL)
    _empty_database()
    large, large_texts = _counts(app, LARGE)
    assert all(status == 200 for (who, _), (status, _) in large.items() if who == "editor"), large
    grown = {page: (small[page][1], large[page][1]) for page in small if small[page] != large[page]}
    details = "\n".join(f"{page}:\n  small: {small_texts[page]}\n  large: {large_texts[page]}" for page in grown)
    assert not grown, f"queries (small, large) that grow with the data: {grown}\n{details}"


def _home_counts(app, territories):
    """Statements of the home page as the lead, a member and a partner of the first territory."""
    seed_large(territories)
    db.session.commit()
    counts, texts = {}, {}
    for who in ("lead-0001", "member-0001", "partner-0001"):
        browser = app.test_client()
        assert post(browser, "/login", {"email": f"{who}@large.example", "password": PASSWORD}).status_code == 302
        browser.get("/", buffered=True)
        with counted_statements() as statements:
            response = browser.get("/", buffered=True)
        assert response.status_code == 200 and "Ce qui vous attend" in response.get_data(as_text=True)
        counts[who.split("-")[0]] = len(statements)
        texts[who.split("-")[0]] = [" ".join(s.split())[:160] for s in statements]
    return counts, texts


@pytest.mark.usefixtures("no_page_cache")
def test_the_personal_home_runs_the_same_number_of_queries_whatever_the_size_of_the_data(app):
    small, small_texts = _home_counts(app, SMALL)
    _empty_database()
    large, large_texts = _home_counts(app, LARGE)
    grown = {who: (small[who], large[who]) for who in small if small[who] != large[who]}
    details = "\n".join(f"{who}:\n  small: {small_texts[who]}\n  large: {large_texts[who]}" for who in grown)
    assert not grown, f"queries (small, large) that grow with the data: {grown}\n{details}"
