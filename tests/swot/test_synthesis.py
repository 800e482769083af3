"""The cross-territory synthesis: counts, filters, cells, CSV, and a constant number of queries."""
import csv
import io
import itertools

import pytest
from sqlalchemy import insert

from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.swot import queries, service
from roadmap.swot.models import Dimension, Quadrant, Swot, SwotVersion, SwotVersionItem
from roadmap.territories.models import Territory
from tests.conftest import counted_statements
from tests.factories import login, make_lead, make_territory, make_user
from tests.swot.helpers import add, item_data

QUADRANTS, DIMENSIONS = list(Quadrant), list(Dimension)
_ids = itertools.count(10_000)


def bulk_submitted(count, items_each, country="FR", kind="city"):
    """count territories, each with one submitted version of items_each items, by bulk INSERTs."""
    now = utcnow()
    first = next(_ids)
    for _ in range(count):
        next(_ids)
    ids = range(first, first + count)
    db.session.execute(insert(Territory), [
        dict(id=i, name=f"Territoire {i}", slug=f"t-{i}", country=country, kind=kind, description="",
             created_at=now) for i in ids])
    db.session.execute(insert(Swot), [dict(id=i, territory_id=i, is_public=False, created_at=now, updated_at=now)
                                      for i in ids])
    db.session.execute(insert(SwotVersion), [dict(id=i, swot_id=i, number=1, submitted_at=now) for i in ids])
    db.session.execute(insert(SwotVersionItem), [
        dict(version_id=i, item_id=i * 100 + n, quadrant=QUADRANTS[n % 4].value,
             dimension=DIMENSIONS[n % 5].value, text=f"Élément {n}", importance=1 + n % 3, evidence_url="",
             evidence_note="", position=n)
        for i in ids for n in range(items_each)])
    db.session.commit()


@pytest.fixture
def reader(app, client):
    login(client, make_user())
    return client


def test_synthesis_counts_the_last_version_of_each_territory(app, reader):
    with app.test_request_context():
        rochelle, lyon = make_territory("La Rochelle"), make_territory("Lyon", kind="metropolis")
        lead, lyon_lead = make_lead(rochelle), make_lead(lyon)
        add(rochelle, lead, text="Ancien", quadrant="threat", dimension="legal")
        service.submit(rochelle, lead)
        add(rochelle, lead, text="Données de mobilité", quadrant="strength", dimension="technical")
        add(rochelle, lead, text="Équipe réduite", quadrant="weakness", dimension="human")
        service.submit(rochelle, lead)  # v2: 3 items
        add(lyon, lyon_lead, text="Plateforme métropolitaine", quadrant="strength", dimension="technical")
        service.submit(lyon, lyon_lead)
        add(lyon, lyon_lead, text="Brouillon non soumis", quadrant="threat", dimension="financial")
        db.session.commit()
        data = queries.synthesis(queries.SynthesisFilters())
    assert data["total"] == 4
    assert data["cells"][(Quadrant.STRENGTH, Dimension.TECHNICAL)] == {"items": 2, "territories": 2, "heat": "heat-5"}
    assert data["cells"][(Quadrant.THREAT, Dimension.LEGAL)]["items"] == 1
    assert data["cells"][(Quadrant.THREAT, Dimension.FINANCIAL)]["items"] == 0  # drafts do not count
    assert data["quadrant_totals"][Quadrant.STRENGTH] == 2
    rows = {r["name"]: r for r in data["territories"]}
    assert rows["La Rochelle"]["number"] == 2 and rows["La Rochelle"]["counts"][Quadrant.WEAKNESS] == 1
    page = reader.get("/swot/synthesis?kind=metropolis").get_data(as_text=True)
    assert "Lyon" in page and "La Rochelle" not in page and 'class="heat heat-5"' in page
    assert 'style=' not in page


def test_heat_buckets():
    assert [queries.heat_class(n, 10) for n in (0, 1, 2, 5, 9, 10)] == [
        "heat-0", "heat-1", "heat-1", "heat-3", "heat-5", "heat-5"]
    assert queries.heat_class(3, 0) == "heat-0"


def test_filter_by_country(app, reader):
    bulk_submitted(2, 4, country="FR")
    bulk_submitted(3, 4, country="ES")
    page = reader.get("/swot/synthesis?country=es").get_data(as_text=True)
    assert "12 éléments" in page and "3 territoires avec un SWOT soumis" in page
    assert reader.get("/swot/synthesis?country=<script>&kind=nope").status_code == 200


def test_a_cell_lists_its_items_with_their_territory(app, reader):
    bulk_submitted(2, 5)
    response = reader.get("/swot/synthesis/cell?quadrant=strength&dimension=technical")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count("Élément 0") == 2 and "Territoire" in page
    assert reader.get("/swot/synthesis/cell?quadrant=strength&dimension=cosmic").status_code == 404


def test_csv_download_lists_every_item_and_defuses_formulas(app, reader):
    with app.test_request_context():
        territory = make_territory("La Rochelle")
        lead = make_lead(territory)
        add(territory, lead, text="=HYPERLINK(\"http://evil\")", quadrant="threat")
        add(territory, lead, text="Données, \"citées\"", evidence_url="https://example.org/a")
        service.submit(territory, lead)
        db.session.commit()
    response = reader.get("/swot/synthesis.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")  # a French spreadsheet reads the accents right
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert list(rows[0]) == ["territory", "country", "territory_kind", "territory_kind_label", "version",
                             "submitted_on", "quadrant", "quadrant_label", "dimension", "dimension_label",
                             "importance", "importance_label", "text", "evidence_url", "evidence_note", "lang"]
    assert sorted(r["text"] for r in rows) == ["'=HYPERLINK(\"http://evil\")", "Données, \"citées\""]
    assert {r["quadrant"]: r["quadrant_label"] for r in rows} == {"threat": "Menaces", "strength": "Forces"}
    semicolons = reader.get("/swot/synthesis.csv?sep=semicolon").get_data(as_text=True).lstrip("\ufeff")
    assert list(csv.DictReader(io.StringIO(semicolons), delimiter=";")) == rows


def test_synthesis_pages_need_a_login(client):
    for path in ("/swot/synthesis", "/swot/synthesis/cell?quadrant=strength&dimension=human", "/swot/synthesis.csv"):
        assert client.get(path).status_code == 302


@pytest.mark.usefixtures("no_page_cache")
def test_synthesis_query_count_does_not_grow_with_territories(app, reader):
    """3, 30 then 300 territories of 40 items: the page runs the same number of SQL statements."""
    counts = []
    for added in (3, 27, 270):  # 3, then 30, then 300 territories
        bulk_submitted(added, 40)
        with counted_statements() as statements:
            response = reader.get("/swot/synthesis")
        assert response.status_code == 200
        counts.append(len(statements))
        with counted_statements() as statements:
            assert reader.get("/swot/synthesis.csv").status_code == 200
        counts.append(len(statements))
    assert f"{300 * 40:,}".replace(",", "\u202f") in response.get_data(as_text=True) or \
        "12000" in response.get_data(as_text=True)
    assert counts[0::2] == [counts[0]] * 3, counts
    assert counts[1::2] == [counts[1]] * 3, counts


@pytest.mark.usefixtures("no_page_cache")
def test_home_progress_query_count_does_not_grow_with_territories(app, client):
    client.get("/")  # the first visit creates the default process
    counts = []
    for n in (3, 30):
        bulk_submitted(n, 2)
        with counted_statements() as statements:
            assert client.get("/").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_seed_large_gives_every_territory_a_submitted_swot(app, reader):
    from roadmap.large import seed_large

    with app.test_request_context():
        summary = seed_large(territories=5)
    db.session.commit()
    assert summary["SWOT items"] == 5 * 40
    page = reader.get("/swot/synthesis").get_data(as_text=True)
    assert "200 éléments" in page and "5 territoires avec un SWOT soumis" in page
