from datetime import date

from roadmap.extensions import db
from roadmap.process import service
from roadmap.process.models import ProcessStep
from tests.conftest import post
from tests.factories import login, make_editor, make_lead, make_territory


def _process_from(start):
    return service.create_default_process(start=start)


def test_current_step_is_the_one_whose_dates_contain_today(app):
    process = _process_from(date(2026, 1, 1))
    assert service.current_step(process, date(2026, 1, 10)).kind.value == "swot"
    assert service.current_step(process, date(2026, 3, 15)).kind.value == "workshops"
    assert service.current_step(process, date(2025, 6, 1)).kind.value == "swot"
    assert service.current_step(process, date(2027, 6, 1)).kind.value == "sharing"


def test_home_shows_the_current_step_and_each_territory(client, app):
    territory = make_territory("La Rochelle")
    make_lead(territory)
    html = client.get("/").get_data(as_text=True)
    assert "En ce moment" in html
    assert "La Rochelle" in html and "1 membre" in html


def test_editor_edits_a_step(client, app):
    step = service.get_process().steps[0]
    login(client, make_editor())
    response = post(client, f"/process/steps/{step.id}/edit",
                    {"starts_on": "2026-01-05", "ends_on": "2026-02-28", "expectations": "Soumettre le SWOT."})
    assert response.status_code == 302
    step = db.session.get(ProcessStep, step.id)
    assert step.starts_on == date(2026, 1, 5) and step.expectations == "Soumettre le SWOT."
    assert "Soumettre le SWOT." in client.get("/process").get_data(as_text=True)


def test_step_ending_before_it_starts_is_refused(client, app):
    step = service.get_process().steps[0]
    login(client, make_editor())
    response = post(client, f"/process/steps/{step.id}/edit",
                    {"starts_on": "2026-03-01", "ends_on": "2026-02-01", "expectations": "typed text"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="ends_on-error"' in html and "typed text" in html


def test_bad_date_is_refused(client, app):
    step = service.get_process().steps[0]
    login(client, make_editor())
    response = post(client, f"/process/steps/{step.id}/edit", {"starts_on": "demain", "ends_on": "2026-02-01"})
    assert response.status_code == 422


def test_lead_cannot_edit_a_step(client, app):
    step = service.get_process().steps[0]
    login(client, make_lead(make_territory()))
    response = post(client, f"/process/steps/{step.id}/edit", {"starts_on": "2026-01-01", "ends_on": "2026-02-01"})
    assert response.status_code == 403
