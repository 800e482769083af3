"""/search and its links, as a browser uses them."""
from datetime import timedelta

import pytest

from roadmap.drafts.models import VersionState
from roadmap.extensions import db
from tests.drafts.factories import make_version
from tests.factories import login, make_editor, make_lead, make_organisation, make_partner, make_territory
from tests.search.helpers import make_swot_item
from tests.search.world import build_world


def _page(client, **args):
    response = client.get("/search", query_string=args)
    return response.status_code, response.get_data(as_text=True)


def test_the_search_page_answers_without_a_query(client):
    status, html = _page(client)
    assert status == 200 and "Tapez un ou plusieurs mots" in html
    assert 'role="search"' in html


def test_accents_and_case_do_not_matter(app, client):
    make_territory("État de Genève", slug="geneve", country="CH")
    for typed in ("etat", "ÉTAT", "État", "genève", "GENEVE"):
        status, html = _page(client, q=typed)
        assert status == 200 and "/territories/geneve" in html, typed


@pytest.mark.parametrize("typed", [
    '"', '""', "*", "a*", "NEAR", "NEAR(", "NEAR(a b)", "-", "--etat", "OR", "AND", "NOT", "etat OR", "(", ")", "(()",
    "etat)", ":", "title:etat", "^", "etat^", "'", "\\", "%", "_", "etat & !x | y", "<>", "\x00", "ab" * 100,
    "é" * 200, "x" * 201, "x" * 5000, " ", "\t\n",
])
def test_no_query_ever_fails(app, client, typed):
    make_territory("État de Genève", slug="geneve", country="CH")
    status, html = _page(client, q=typed)
    assert status == 200, html[:300]


def test_a_query_too_long_is_refused_with_a_message_and_kept_shortened(client):
    status, html = _page(client, q="gouvernance " * 30)
    assert status == 200 and "limitée à 200 caractères" in html
    assert ("gouvernance " * 30)[:200].strip() in html and ("gouvernance " * 30).strip() not in html


def test_an_empty_query_says_what_to_do(client):
    assert "Tapez un ou plusieurs mots" in _page(client, q="   ")[1]
    assert "au moins un mot de 2 lettres" in _page(client, q='" * -')[1]


def test_results_are_paginated(app, client):
    for n in range(25):
        make_territory(f"Commune partagée {n}", description="Données")
    status, first = _page(client, q="partagee")
    assert status == 200 and "25 résultats" in first and 'rel="next"' in first and "Page 1 sur 2" in first
    assert first.count('class="search-result"') == 20
    status, second = _page(client, q="partagee", page=2)
    assert second.count('class="search-result"') == 5 and 'start="21"' in second
    status, past = _page(client, q="partagee", page=9)
    assert status == 200 and "au-delà de la dernière" in past


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999999999999"])
def test_a_bad_page_number_is_refused_clearly(client, page):
    assert _page(client, q="donnees", page=page)[0] == 422


def test_filters_by_kind_with_counts(app, client):
    territory = make_territory("Mobilités douces", slug="mobilites-douces")
    make_organisation("Mobilités partagées SAS")
    status, html = _page(client, q="mobilites", kind="organisation")
    assert "<mark>Mobilités</mark> partagées SAS" in html and f"/territories/{territory.slug}" not in html
    assert "Territoires (1)" in html and "Organisations partenaires (1)" in html and "Tout (2)" in html
    status, html = _page(client, q="mobilites", kind="nonsense")
    assert status == 200 and "<mark>Mobilités</mark> partagées SAS" in html and f"/territories/{territory.slug}" in html


def test_user_text_is_escaped_then_marked(app, client):
    make_territory('<img src=x onerror=alert(1)> Données', slug="xss")
    html = _page(client, q="donnees")[1]
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt; <mark>Données</mark>" in html


def test_a_visitor_does_not_find_a_draft_a_partner_tied_to_it_does(app, client):
    north = make_territory("Nordville")
    item = make_swot_item(north, "Plateforme de mobilité partagée")
    partner = make_partner(make_organisation("Liée", territories=[north]))
    other = make_partner(make_organisation("Pas liée"))
    assert "Plateforme" not in _page(client, q="plateforme")[1]
    other_client = app.test_client()
    login(other_client, other)
    assert "Plateforme" not in _page(other_client, q="plateforme")[1]
    login(client, partner)
    html = _page(client, q="plateforme")[1]
    assert "<mark>Plateforme</mark> de mobilité" in html and f"/territories/{north.slug}/swot#item-{item.id}" in html


def test_a_comment_result_leads_to_its_thread(app, client):
    world = build_world()
    comment = world.objects["comments"][1]  # on the consultation
    assert client.get(f"/search/comments/{comment.id}").status_code == 404  # a visitor
    login(client, world.people["loner"])
    html = _page(client, q="avis")[1]
    assert f"/search/comments/{comment.id}" in html
    response = client.get(f"/search/comments/{comment.id}")
    assert response.status_code == 302 and response.location.endswith(
        f"/roadmap/v/{world.objects['consultation'].number}#comment-{comment.id}")
    assert client.get(f"/search/comments/{world.objects['hidden'].id}").status_code == 404
    assert client.get("/search/comments/999999").status_code == 404


def test_an_organisation_result_leads_to_its_row_in_the_partners_list(app, client):
    for n in range(55):
        make_organisation(f"Org {n:02d}")
    last = make_organisation("Zeta partenaires")
    response = client.get(f"/search/organisations/{last.id}")
    assert response.status_code == 302 and response.location.endswith(f"/organisations?page=2#organisation-{last.id}")
    assert f'id="organisation-{last.id}"' in client.get(response.location).get_data(as_text=True)
    assert client.get("/search/organisations/999999").status_code == 404


def test_the_header_has_a_labelled_search_box_everywhere(client):
    html = client.get("/").get_data(as_text=True)
    assert '<label for="site-search-q">' in html and 'id="site-search-q" name="q"' in html
    assert 'action="/search"' in html and 'method="get"' in html


def test_the_header_links_to_my_territory_or_my_organisation(app, client):
    north = make_territory("Nordville")
    lead = make_lead(north)
    login(client, lead)
    html = client.get("/").get_data(as_text=True)
    assert f'href="/territories/{north.slug}"' in html and "Mon territoire" in html
    partner_client = app.test_client()
    organisation = make_organisation("Données & Cie")
    login(partner_client, make_partner(organisation))
    html = partner_client.get("/").get_data(as_text=True)
    assert f'href="/search/organisations/{organisation.id}"' in html and "Mon organisation" in html
    editor_client = app.test_client()
    login(editor_client, make_editor())
    assert "Mon territoire" not in editor_client.get("/").get_data(as_text=True)


def test_the_header_shows_the_consultation_banner_to_those_who_may_comment(app, client):
    login(client, make_lead(make_territory()))
    assert "consultation-banner" not in client.get("/territories").get_data(as_text=True)
    version = make_version(VersionState.CONSULTATION, closes_in=timedelta(days=5))
    db.session.commit()
    html = client.get("/territories").get_data(as_text=True)
    assert 'class="consultation-banner"' in html and f'href="/roadmap/v/{version.number}"' in html
    # A visitor may not read a version in consultation: no banner leading to a refused page.
    assert "consultation-banner" not in app.test_client().get("/territories").get_data(as_text=True)
    version.closes_at = version.closes_at - timedelta(days=10)  # closed
    db.session.commit()
    assert "consultation-banner" not in client.get("/territories").get_data(as_text=True)
