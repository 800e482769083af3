"""The next step spelled out for each step of the process and each role, on the territory page."""
from datetime import date, timedelta

import pytest

from roadmap.extensions import db
from roadmap.process import service as process_service
from roadmap.process.models import StepKind
from tests.factories import login, make_editor, make_lead, make_member, make_organisation, make_partner, make_territory


def _make_current(kind):
    """Dates such that today is inside the step of this kind."""
    process = process_service.get_process()
    db.session.add(process)
    today = date.today()
    for step in process.steps:
        offset = [StepKind.SWOT, StepKind.WORKSHOPS, StepKind.SHARING].index(step.kind) - \
            [StepKind.SWOT, StepKind.WORKSHOPS, StepKind.SHARING].index(kind)
        step.starts_on = today + timedelta(days=30 * offset - 5)
        step.ends_on = step.starts_on + timedelta(days=20)
    db.session.commit()


@pytest.mark.parametrize("kind, role, sentence, link", [
    (StepKind.SWOT, "lead", "Remplissez le SWOT de La Rochelle : ses forces", "/territories/la-rochelle/swot"),
    (StepKind.SWOT, "member", "Contribuez au SWOT de La Rochelle", "/territories/la-rochelle/swot"),
    (StepKind.SWOT, "partner", "Proposez des éléments au SWOT de La Rochelle", "/territories/la-rochelle/swot"),
    (StepKind.WORKSHOPS, "lead", "Inscrivez-vous aux ateliers de co-conception et engagez La Rochelle", "/workshops"),
    (StepKind.WORKSHOPS, "partner", "auxquels La Rochelle vous invite", "/workshops"),
    (StepKind.SHARING, "member", "Commentez le projet de feuille de route", "/roadmap"),
])
def test_the_territory_page_spells_out_the_next_step(client, app, kind, role, sentence, link):
    process_service.ensure_process()
    _make_current(kind)
    rochelle = make_territory("La Rochelle", slug="la-rochelle")
    person = {"lead": lambda: make_lead(rochelle), "member": lambda: make_member(rochelle),
              "partner": lambda: make_partner(make_organisation(territories=[rochelle]))}[role]()
    login(client, person)
    html = client.get("/territories/la-rochelle").get_data(as_text=True)
    box = html[html.index('id="next-step-title"'):]
    box = box[:box.index("</section>")]
    assert sentence in box and f'href="{link}"' in box
    assert ("Inviter des membres et des partenaires" in html) == (role == "lead")


@pytest.mark.parametrize("who", ["visitor", "editor", "other"])
def test_people_of_other_territories_see_no_next_step_there(client, app, who):
    process_service.ensure_process()
    make_territory("La Rochelle", slug="la-rochelle")
    if who == "editor":
        login(client, make_editor())
    elif who == "other":
        login(client, make_lead(make_territory("Lyon")))
    html = client.get("/territories/la-rochelle").get_data(as_text=True)
    assert "Votre prochaine étape" not in html
    assert ("Inviter des membres et des partenaires" in html) == (who == "editor")
