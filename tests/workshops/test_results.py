"""The session's results: kept at the close, shown on the use case's page, pre-filled into the
minutes, exported with their clusters."""
import pytest

from roadmap.exports.workshop_parts import WorkshopResultsPart
from roadmap.extensions import db
from roadmap.workshops import board, facilitation, results, room
from roadmap.workshops.board_models import WorkshopResult
from tests.factories import login
from tests.workshops.helpers import live_room


@pytest.fixture
def closed(app):
    data = live_room(dots=5)
    w, uc, editor = data["workshop"].id, data["use_case"].id, data["editor"]
    cluster = board.create_cluster(w, editor, uc, "Partage de trajets")
    first = room.add_card(w, data["a"], uc, "idea", "Covoiturage de quartier")
    second = room.add_card(w, data["b"], uc, "risk", "Traçage des déplacements")
    board.move_card(w, editor, first.id, cluster.id)
    facilitation.start_activity(w, editor, 10, "voting", hidden=True)
    room.add_dot(w, data["a"], first.id)
    room.add_dot(w, data["b"], first.id)
    room.add_dot(w, data["b"], second.id)
    data["use_case"].is_public = True
    room.close_session(w, editor)
    db.session.commit()
    return data


def test_closing_keeps_the_results_with_clusters_cards_by_dots_and_who_took_part(closed):
    kept = db.session.scalars(db.select(WorkshopResult)).all()
    assert len(kept) == 1
    result = kept[0].data
    assert [c["name"] for c in result["clusters"]] == ["Partage de trajets"]
    assert result["clusters"][0]["cards"][0] == {"id": result["clusters"][0]["cards"][0]["id"], "kind": "idea",
                                                 "text": "Covoiturage de quartier", "lang": "fr", "dots": 2}
    assert [c["text"] for c in result["unsorted"]] == ["Traçage des déplacements"]
    assert result["dots"] == 3  # hidden during the vote, revealed by the close
    assert set(result["participant_ids"]) == {closed["a"].id, closed["b"].id}


def test_closing_again_after_a_reopening_replaces_the_results(closed):
    w = closed["workshop"].id
    room.reopen_session(w, closed["editor"])
    room.add_card(w, closed["a"], closed["use_case"].id, "question", "Et les enfants ?")
    room.close_session(w, closed["editor"])
    db.session.commit()
    kept = db.session.scalars(db.select(WorkshopResult)).all()
    assert len(kept) == 1 and kept[0].data["cards"] == 3


def test_the_use_case_page_shows_the_results_and_names_only_to_logged_in_readers(client, closed):
    url = f"/use-cases/{closed['use_case'].id}"
    visitor = client.get(url).get_data(as_text=True)
    assert "Résultats de l&#39;atelier du" in visitor or "Résultats de l'atelier du" in visitor
    assert "Partage de trajets" in visitor and "Covoiturage de quartier" in visitor
    assert "Alice" not in visitor  # a visitor sees how many took part, not who
    login(client, closed["b"])
    member = client.get(url).get_data(as_text=True)
    assert "Alice, Bruno" in member


def test_the_minutes_start_from_the_results(client, closed):
    login(client, closed["editor"])
    page = client.get(f"/workshops/{closed['workshop'].id}/minutes").get_data(as_text=True)
    assert "### Partage de trajets" in page and "**2 gommette(s)** · Idée · Covoiturage de quartier" in page
    assert "Alice, Bruno" in page and "complétez" in page


def test_minutes_already_written_are_not_replaced(client, closed):
    closed["workshop"].minutes = "Déjà écrit."
    db.session.commit()
    login(client, closed["editor"])
    page = client.get(f"/workshops/{closed['workshop'].id}/minutes").get_data(as_text=True)
    assert "Déjà écrit." in page and "### Partage de trajets" not in page


class _Context:
    """What the workshops part reads of an export's context."""

    def __init__(self):
        self.memo = {}

    def once(self, key, compute):
        return self.memo.setdefault(key, compute())


def test_the_export_carries_the_clusters_and_how_many_took_part(app, closed):
    part, ctx = WorkshopResultsPart(), _Context()
    data = part.data(ctx)
    use_case = data[0]["use_cases"][0]
    assert data[0]["participants"] == 2 and use_case["clusters"] == ["Partage de trajets"]
    assert use_case["cards"][0] == {"kind": "idea", "text": "Covoiturage de quartier", "lang": "fr", "dots": 2,
                                    "cluster": "Partage de trajets", "source": "human",
                                    "texts": [{"text": "Covoiturage de quartier", "lang": "fr", "source": "human"}]}
    rows = part.csv_tables(ctx)["workshop_cards"].rows
    assert rows[0]["cluster"] == "Partage de trajets" and rows[1]["cluster"] == ""
    groups = part.template_values(ctx)["results"][0].use_cases[0].groups
    assert [(name, [c.text for c, _n in cards]) for name, cards in groups] == [
        ("Partage de trajets", ["Covoiturage de quartier"]), (None, ["Traçage des déplacements"])]


def test_the_results_of_a_live_room_hide_hidden_votes(app):
    data = live_room()
    w = data["workshop"].id
    card = room.add_card(w, data["a"], data["use_case"].id, "idea", "Carte")
    facilitation.start_activity(w, data["editor"], 10, "voting", hidden=True)
    room.add_dot(w, data["b"], card.id)
    db.session.commit()
    shown = results.build_results(db.session.get(type(data["workshop"]), w))
    assert shown[0]["unsorted"][0]["dots"] is None and shown[0]["dots"] is None


def test_the_closed_workshop_page_shows_the_kept_results_and_who_took_part(client, closed):
    login(client, closed["a"])
    page = client.get(f"/workshops/{closed['workshop'].id}").get_data(as_text=True)
    assert "Partage de trajets" in page and "Covoiturage de quartier" in page
    assert "Qui a participé" in page and "Alice, Bruno" in page
