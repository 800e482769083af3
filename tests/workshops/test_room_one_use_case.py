"""Issue 15: the room page holds one use case's canvas and cards in full, the others as links."""
import pytest

from roadmap.extensions import db
from roadmap.workshops import facilitation, room
from tests.factories import login
from tests.workshops.helpers import make_use_case, make_workshop, register, second_client


@pytest.fixture
def three(app):
    from tests.factories import make_editor, make_lead, make_territory

    editor = make_editor(name="Claire Éditrice")
    territory = make_territory("La Rochelle")
    a = make_lead(territory, name="Alice")
    invited = make_lead(territory, name="Chloé")  # invited with her territory, not registered
    cases = [make_use_case(editor, title=t) for t in ("Coach CO2", "Énergie partagée", "Cantine locale")]
    workshop = make_workshop(editor, territories=[territory], use_cases=cases)
    register(workshop, a)
    room.open_session(workshop.id, editor)
    db.session.flush()
    cards = {u.id: room.add_card(workshop.id, a, u.id, "idea", f"Carte de {u.title}") for u in cases}
    db.session.commit()
    # in the agenda's order (the page's), not the order of creation
    return {"editor": editor, "a": a, "invited": invited, "workshop": workshop,
            "cases": list(workshop.use_cases), "cards": cards}


def _holds_in_full(page, use_case, cards):
    card = cards[use_case.id]
    return (f'id="board-{use_case.id}"' in page and f'id="card-{card.id}"' in page
            and f'id="f-{use_case.id}-problem"' in page)


def test_the_room_holds_the_first_use_case_and_links_to_the_others(client, three):
    login(client, three["a"])
    page = client.get(f"/workshops/{three['workshop'].id}").get_data(as_text=True)
    first, *others = three["cases"]
    assert _holds_in_full(page, first, three["cards"])
    for u in others:
        assert not _holds_in_full(page, u, three["cards"]) and f'id="f-{u.id}-' not in page
        assert f'id="canvas-elsewhere-{u.id}"' in page and f'id="cards-elsewhere-{u.id}"' in page
        assert f'href="/workshops/{three["workshop"].id}?use_case={u.id}#board-{u.id}"' in page  # without script
        assert f'?use_case={u.id}#uc-{u.id}-title"' in page  # the jump list too
    assert "1 carte" in page  # each other use case says how many cards it has


def test_use_case_in_the_query_selects_another(client, three):
    login(client, three["a"])
    first, second, _third = three["cases"]
    page = client.get(f"/workshops/{three['workshop'].id}?use_case={second.id}").get_data(as_text=True)
    assert _holds_in_full(page, second, three["cards"])
    assert not _holds_in_full(page, first, three["cards"]) and f'id="cards-elsewhere-{first.id}"' in page
    assert 'href="#board-%d"' % second.id in page  # the one on the page: a plain anchor


def test_a_use_case_not_on_the_agenda_or_malformed_falls_back_or_is_refused(client, three):
    login(client, three["a"])
    first = three["cases"][0]
    page = client.get(f"/workshops/{three['workshop'].id}?use_case=99999").get_data(as_text=True)
    assert _holds_in_full(page, first, three["cards"])
    assert client.get(f"/workshops/{three['workshop'].id}?use_case=abc").status_code == 422


def test_without_a_choice_the_room_shows_the_facilitators_target(client, three):
    third = three["cases"][2]
    facilitation.set_focus(three["workshop"].id, three["editor"], third.id, None)
    db.session.commit()
    login(client, three["a"])
    page = client.get(f"/workshops/{three['workshop'].id}").get_data(as_text=True)
    assert _holds_in_full(page, third, three["cards"])


def test_canvas_fragment_is_for_participants_and_use_cases_of_the_agenda(client, three):
    w, second = three["workshop"].id, three["cases"][1]
    login(client, three["a"])
    fragment = client.get(f"/workshops/{w}/live/canvas/{second.id}")
    assert fragment.status_code == 200 and f'id="f-{second.id}-problem"' in fragment.get_data(as_text=True)
    assert client.get(f"/workshops/{w}/live/canvas/99999").status_code == 404
    invited = second_client(client.application)
    login(invited, three["invited"])
    assert invited.get(f"/workshops/{w}/live/canvas/{second.id}").status_code == 403
