"""Traceability: a section cites submitted SWOT items and use cases; readers see what they may."""
import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from roadmap.core.errors import Conflict, Invalid, NotAllowed, NotFound
from roadmap.drafts import queries, service
from roadmap.drafts.models import SectionSwotCitation, SectionUseCaseCitation, VersionState
from roadmap.extensions import db
from roadmap.swot import service as swot_service
from roadmap.swot.models import SwotVersionItem
from tests.conftest import counted_statements, csrf_token, post
from tests.drafts.factories import make_version
from tests.factories import login, make_editor, make_lead, make_territory
from tests.swot.helpers import add
from tests.workshops.helpers import make_use_case


@pytest.fixture
def world(app):
    rochelle = make_territory("La Rochelle")
    lyon = make_territory("Lyon")
    editor = make_editor(language="en")
    lead = make_lead(rochelle, language="en")
    lyon_lead = make_lead(lyon, language="en")
    add(rochelle, lead, text="Aucun budget pérenne", quadrant="weakness", dimension="financial")
    add(rochelle, lead, text="Données de mobilité centralisées", quadrant="strength")
    swot_service.submit(rochelle, lead)
    swot_service.set_public(rochelle, lead, True)
    add(lyon, lyon_lead, text="Plateforme de données ouverte", quadrant="strength")
    swot_service.submit(lyon, lyon_lead)
    draft = add(rochelle, lead, text="Brouillon jamais soumis", quadrant="threat")
    coach = make_use_case(editor, "Coach CO2", is_public=True)
    basket = make_use_case(editor, "Panier local", is_public=False)
    db.session.commit()
    return {"rochelle": rochelle, "lyon": lyon, "editor": editor, "lead": lead, "draft": draft, "coach": coach,
            "basket": basket}


def frozen(text):
    """The last submitted copy of the item with this text."""
    return db.session.scalar(select(SwotVersionItem).where(SwotVersionItem.text == text)
                             .order_by(SwotVersionItem.id.desc()).limit(1))


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def _text(response):
    return response.get_data(as_text=True)


# --- Rules ---------------------------------------------------------------------------------------

def test_editor_cites_a_submitted_swot_item_and_a_use_case_once(world):
    section = make_version().sections[0]
    editor = world["editor"]
    assert service.cite_swot_item(editor, section, frozen("Aucun budget pérenne").id) is True
    assert service.cite_swot_item(editor, section, frozen("Aucun budget pérenne").id) is False
    assert service.cite_use_case(editor, section, world["coach"].id) is True
    assert service.cite_use_case(editor, section, world["coach"].id) is False
    assert (_count(SectionSwotCitation), _count(SectionUseCaseCitation)) == (1, 1)


def test_the_database_refuses_the_same_citation_twice(world):
    section = make_version().sections[0]
    item = frozen("Aucun budget pérenne")
    db.session.add_all([SectionSwotCitation(section_id=section.id, swot_version_item_id=item.id),
                        SectionSwotCitation(section_id=section.id, swot_version_item_id=item.id)])
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_only_submitted_items_can_be_cited(world):
    section = make_version().sections[0]
    draft_id = world["draft"].id
    assert db.session.get(SwotVersionItem, draft_id) is None  # a draft item has no frozen copy
    for bad in (draft_id, 9999, None, "1", True):
        with pytest.raises(Invalid):
            service.cite_swot_item(world["editor"], section, bad)
    with pytest.raises(Invalid):
        service.cite_use_case(world["editor"], section, 9999)
    assert _count(SectionSwotCitation) == 0


@pytest.mark.parametrize("who", ["lead", "visitor"])
def test_only_editors_cite(world, who):
    user = world["lead"] if who == "lead" else AnonymousUserMixin()
    section = make_version().sections[0]
    with pytest.raises(NotAllowed):
        service.cite_swot_item(user, section, frozen("Aucun budget pérenne").id)
    with pytest.raises(NotAllowed):
        service.cite_use_case(user, section, world["coach"].id)


@pytest.mark.parametrize("state", [VersionState.CONSULTATION, VersionState.PUBLISHED])
def test_only_a_draft_changes_its_citations(world, state):
    section = make_version(state).sections[0]
    item = frozen("Aucun budget pérenne")
    db.session.add(SectionSwotCitation(section_id=section.id, swot_version_item_id=item.id))
    db.session.flush()
    with pytest.raises(Conflict):
        service.cite_use_case(world["editor"], section, world["coach"].id)
    with pytest.raises(Conflict):
        service.uncite_swot_item(world["editor"], section, item.id)
    assert _count(SectionSwotCitation) == 1


def test_uncite_removes_a_citation_and_an_unknown_one_is_not_found(world):
    section = make_version().sections[0]
    editor, item = world["editor"], frozen("Aucun budget pérenne")
    service.cite_swot_item(editor, section, item.id)
    service.cite_use_case(editor, section, world["coach"].id)
    service.uncite_swot_item(editor, section, item.id)
    service.uncite_use_case(editor, section, world["coach"].id)
    assert (_count(SectionSwotCitation), _count(SectionUseCaseCitation)) == (0, 0)
    with pytest.raises(NotFound):
        service.uncite_swot_item(editor, section, item.id)
    with pytest.raises(NotFound):
        service.uncite_use_case(editor, section, world["basket"].id)


def test_citations_are_copied_to_the_next_version(world):
    v1 = make_version(VersionState.PUBLISHED, sections=[("A", "a"), ("B", "b")])
    a, b = v1.sections
    item = frozen("Aucun budget pérenne")
    db.session.add_all([SectionSwotCitation(section_id=a.id, swot_version_item_id=item.id),
                        SectionUseCaseCitation(section_id=b.id, use_case_id=world["coach"].id)])
    db.session.flush()
    v2 = service.create_next_version(world["editor"])
    new_a, new_b = v2.sections
    assert [c.swot_version_item_id for c in new_a.swot_citations] == [item.id]
    assert [c.use_case_id for c in new_b.use_case_citations] == [world["coach"].id]
    service.uncite_swot_item(world["editor"], new_a, item.id)  # the copy is independent
    assert [c.swot_version_item_id for c in db.session.get(type(a), a.id).swot_citations] == [item.id]


def test_a_citation_keeps_the_text_as_it_was_submitted(world):
    section = make_version().sections[0]
    item = frozen("Aucun budget pérenne")
    service.cite_swot_item(world["editor"], section, item.id)
    draft_item = db.session.get(type(world["draft"]), item.item_id)
    from tests.swot.helpers import item_data
    swot_service.update_item(world["rochelle"], draft_item.id, world["lead"], draft_item.version,
                             item_data(text="Un budget voté en 2027", quadrant="weakness", dimension="financial"))
    swot_service.submit(world["rochelle"], world["lead"])
    supports = queries.supports_by_section([section.id], world["editor"])[section.id]
    assert [(s.text, s.version) for s in supports.swot] == [("Aucun budget pérenne", 1)]


def test_removing_a_section_or_a_use_case_removes_its_citations(world):
    version = make_version(sections=[("A", "a"), ("B", "b")])
    a, b = version.sections
    service.cite_swot_item(world["editor"], a, frozen("Aucun budget pérenne").id)
    service.cite_use_case(world["editor"], b, world["basket"].id)
    service.delete_section(world["editor"], a)
    db.session.delete(world["basket"])
    db.session.commit()
    assert (_count(SectionSwotCitation), _count(SectionUseCaseCitation)) == (0, 0)


# --- Who reads what --------------------------------------------------------------------------------

def _cite_everything(world, state=VersionState.PUBLISHED):
    section = make_version(state).sections[0]
    for text in ("Aucun budget pérenne", "Plateforme de données ouverte"):
        db.session.add(SectionSwotCitation(section_id=section.id, swot_version_item_id=frozen(text).id))
    for use_case in (world["coach"], world["basket"]):
        db.session.add(SectionUseCaseCitation(section_id=section.id, use_case_id=use_case.id))
    db.session.commit()
    return section


def test_a_participant_reads_every_citation(world):
    section = _cite_everything(world)
    supports = queries.supports_by_section([section.id], world["lead"])[section.id]
    assert [s.text for s in supports.swot] == ["Aucun budget pérenne", "Plateforme de données ouverte"]
    assert [u.title for u in supports.use_cases] == ["Coach CO2", "Panier local"]


def test_a_visitor_reads_only_public_swots_last_versions_and_public_use_cases(world):
    section = _cite_everything(world)
    visitor = AnonymousUserMixin()
    supports = queries.supports_by_section([section.id], visitor)[section.id]
    # La Rochelle's SWOT is public; Lyon's is not.
    assert [(s.territory, s.text) for s in supports.swot] == [("La Rochelle", "Aucun budget pérenne"),
                                                                ("Lyon", None)]
    assert [u.title for u in supports.use_cases] == ["Coach CO2", None]
    # Once La Rochelle submits a new version, visitors can no longer open version 1: no text either.
    add(world["rochelle"], world["lead"], text="Une nouvelle force", quadrant="strength")
    swot_service.submit(world["rochelle"], world["lead"])
    supports = queries.supports_by_section([section.id], visitor)[section.id]
    assert supports.swot[0].text is None


def test_visitor_page_shows_public_supports_as_links_and_hides_the_others(client, world):
    section = _cite_everything(world)
    page = _text(client.get(f"/roadmap/v/{section.version.number}"))
    rochelle = world["rochelle"]
    assert f'href="/territories/{rochelle.slug}/swot/versions/1"' in page
    assert "La Rochelle — faiblesse : Aucun budget pérenne (v1)" in page  # visitors read French
    assert "Appuyé par :" in page
    assert "Lyon — force" in page and "Plateforme de données ouverte" not in page
    assert f"/territories/{world['lyon'].slug}/swot" not in page
    assert f'href="/use-cases/{world["coach"].id}"' in page and "Coach CO2" in page
    assert "Panier local" not in page and f"/use-cases/{world['basket'].id}" not in page
    # Every link a visitor gets opens.
    assert client.get(f"/territories/{rochelle.slug}/swot/versions/1").status_code == 200
    assert client.get(f"/use-cases/{world['coach'].id}").status_code == 200


def test_participant_page_links_every_support(client, world):
    section = _cite_everything(world)
    login(client, world["lead"])
    page = _text(client.get(f"/roadmap/v/{section.version.number}"))
    assert "Supported by:" in page
    assert "La Rochelle — weakness: Aucun budget pérenne (v1)" in page
    assert "Lyon — strength: Plateforme de données ouverte (v1)" in page
    assert f'href="/use-cases/{world["basket"].id}"' in page


def _count_queries(client, url):
    with counted_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("as_visitor", [True, False])
def test_version_page_queries_do_not_grow_with_citations(client, world, as_visitor):
    territories = [make_territory(f"Territoire {n}") for n in range(5)]
    items = []
    for territory in territories:
        lead = make_lead(territory)
        for n in range(2):
            add(territory, lead, text=f"Atout {n} de {territory.name}")
        swot_service.submit(territory, lead)
        items += [frozen(f"Atout {n} de {territory.name}") for n in range(2)]
    use_cases = [make_use_case(world["editor"], f"Cas {n}", is_public=n % 2 == 0) for n in range(4)]
    section = make_version(VersionState.PUBLISHED, sections=[("A", "a"), ("B", "b")]).sections[0]
    for item in items[:2]:
        db.session.add(SectionSwotCitation(section_id=section.id, swot_version_item_id=item.id))
    db.session.add(SectionUseCaseCitation(section_id=section.id, use_case_id=use_cases[0].id))
    db.session.commit()
    if not as_visitor:
        login(client, world["lead"])
    url = f"/roadmap/v/{section.version.number}"
    few = _count_queries(client, url)
    for item in items[2:]:
        db.session.add(SectionSwotCitation(section_id=section.id, swot_version_item_id=item.id))
    for use_case in use_cases[1:]:
        db.session.add(SectionUseCaseCitation(section_id=section.id, use_case_id=use_case.id))
    db.session.commit()
    many_page = _text(client.get(url))
    assert "Atout 1 de Territoire 4" in many_page or as_visitor
    assert _count_queries(client, url) == few


# --- Requests ----------------------------------------------------------------------------------------

def test_edit_page_offers_submitted_items_by_territory_and_quadrant(client, world):
    section = make_version().sections[0]
    db.session.commit()
    login(client, world["editor"])
    page = _text(client.get(f"/roadmap/sections/{section.id}/edit"))
    assert 'optgroup label="La Rochelle — Weaknesses"' in page
    assert "Aucun budget pérenne (v1)" in page and "Plateforme de données ouverte (v1)" in page
    assert "Brouillon jamais soumis" not in page  # a draft item is not offered
    assert "Coach CO2" in page and "Panier local" in page
    assert "This section cites nothing yet." in page
    filtered = _text(client.get(f"/roadmap/sections/{section.id}/edit?search=plateforme"))
    assert "Plateforme de données ouverte" in filtered and "Aucun budget pérenne" not in filtered
    assert "No use case to cite matches." in filtered
    by_territory = _text(client.get(f"/roadmap/sections/{section.id}/edit?search=rochelle"))
    assert "Aucun budget pérenne" in by_territory and "Plateforme" not in by_territory
    assert client.get(f"/roadmap/sections/{section.id}/edit?search=100%25_").status_code == 200


def test_editor_cites_and_removes_through_the_page(client, world):
    section = make_version().sections[0]
    db.session.commit()
    section_id, item_id, coach_id = section.id, frozen("Aucun budget pérenne").id, world["coach"].id
    login(client, world["editor"])
    response = post(client, f"/roadmap/sections/{section_id}/citations/swot", {"swot_item": item_id,
                                                                                "search": "budget"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/roadmap/sections/{section_id}/edit?search=budget#citations")
    assert post(client, f"/roadmap/sections/{section_id}/citations/use-cases",
                {"use_case": coach_id}).status_code == 302
    again = post(client, f"/roadmap/sections/{section_id}/citations/use-cases", {"use_case": coach_id},
                 follow_redirects=True)
    assert "The section already cites it." in _text(again)
    assert (_count(SectionSwotCitation), _count(SectionUseCaseCitation)) == (1, 1)
    page = _text(client.get(f"/roadmap/sections/{section_id}/edit"))
    assert "La Rochelle — weakness: Aucun budget pérenne (v1)" in page
    assert "Aucun budget pérenne (v1)</option>" not in page  # a cited item is no longer offered
    assert post(client, f"/roadmap/sections/{section_id}/citations/swot/{item_id}/remove").status_code == 302
    assert post(client, f"/roadmap/sections/{section_id}/citations/use-cases/{coach_id}/remove").status_code == 302
    assert (_count(SectionSwotCitation), _count(SectionUseCaseCitation)) == (0, 0)
    assert post(client, f"/roadmap/sections/{section_id}/citations/swot/{item_id}/remove").status_code == 404
    assert post(client, f"/roadmap/sections/{section_id}/citations/use-cases/{coach_id}/remove").status_code == 404


@pytest.mark.parametrize("value", ["", "abc", "9999", None])
def test_a_bad_choice_is_refused_with_the_form_shown_again(client, world, value):
    section = make_version().sections[0]
    db.session.commit()
    login(client, world["editor"])
    data = {} if value is None else {"swot_item": value}
    response = post(client, f"/roadmap/sections/{section.id}/citations/swot", data)
    assert response.status_code == 422
    page = _text(response)
    assert ("Choose a SWOT item from the list." in page or "Choose an item of a submitted SWOT from the list." in page)
    assert 'aria-invalid="true"' in page
    response = post(client, f"/roadmap/sections/{section.id}/citations/use-cases", {"use_case": "x" if value else ""})
    assert response.status_code == 422 and "Choose a use case from the list." in _text(response)
    draft_item = post(client, f"/roadmap/sections/{section.id}/citations/swot", {"swot_item": world["draft"].id})
    assert draft_item.status_code == 422
    assert (_count(SectionSwotCitation), _count(SectionUseCaseCitation)) == (0, 0)


def test_citation_routes_refuse_others_missing_csrf_unknown_sections_and_frozen_versions(client, world):
    draft = make_version().sections[0]
    frozen_section = make_version(VersionState.CONSULTATION, number=5).sections[0]
    db.session.commit()
    item_id, coach_id = frozen("Aucun budget pérenne").id, world["coach"].id
    routes = [(f"/roadmap/sections/{{}}/citations/swot", {"swot_item": item_id}),
              (f"/roadmap/sections/{{}}/citations/use-cases", {"use_case": coach_id}),
              (f"/roadmap/sections/{{}}/citations/swot/{item_id}/remove", {}),
              (f"/roadmap/sections/{{}}/citations/use-cases/{coach_id}/remove", {})]
    for url, data in routes:  # a visitor is sent to log in
        response = post(client, url.format(draft.id), data)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    login(client, world["lead"])
    for url, data in routes:
        assert post(client, url.format(draft.id), data).status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    login(client, world["editor"])
    for url, data in routes:
        assert client.post(url.format(draft.id), data=data).status_code == 400  # no CSRF token
        assert post(client, url.format(9999), data).status_code == 404
    for url, data in routes[:2]:
        assert post(client, url.format(frozen_section.id), data).status_code == 409
    assert (_count(SectionSwotCitation), _count(SectionUseCaseCitation)) == (0, 0)


def test_edit_page_of_a_frozen_version_is_refused_like_its_save(client, world):
    section = make_version(VersionState.CONSULTATION).sections[0]
    db.session.commit()
    login(client, world["editor"])
    response = client.get(f"/roadmap/sections/{section.id}/edit")
    assert response.status_code == 409
    page = _text(response)
    assert "Cite this SWOT item" not in page and 'name="body"' not in page
    assert "Only a draft can be changed" in page


REFUSED = {"anonymous": 302, "outsider": 403, "partner": 403, "member": 403, "lead": 403}


@pytest.mark.parametrize("state, editor", [(VersionState.DRAFT, 302), (VersionState.CONSULTATION, 409),
                                           (VersionState.PUBLISHED, 409)])
@pytest.mark.parametrize("route", ["swot", "use-cases"])
def test_citation_permission_matrix(app, world, state, editor, route):
    from tests.permissions import assert_matrix, people

    section = make_version(state).sections[0]
    persons = people(world["rochelle"])
    db.session.commit()
    data = {"swot_item": frozen("Aucun budget pérenne").id} if route == "swot" else {"use_case": world["coach"].id}
    assert_matrix(app, persons, "POST", f"/roadmap/sections/{section.id}/citations/{route}",
                  {**REFUSED, "editor": editor}, data)
    # The page is refused wherever its save is (409 on a frozen version).
    assert_matrix(app, persons, "GET", f"/roadmap/sections/{section.id}/edit",
                  {**REFUSED, "editor": 200 if state == VersionState.DRAFT else 409})
