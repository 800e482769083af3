from datetime import datetime

import re
import pytest

from roadmap.extensions import db
from roadmap.workshops import room
from roadmap.workshops.models import Registration, Workshop, WorkshopState
from tests.conftest import post
from tests.factories import login, make_editor, make_lead, make_organisation, make_partner, make_territory
from tests.workshops.helpers import live_room, make_workshop, second_client


def _form(**overrides):
    data = {"title": "Atelier énergie", "kind": "codesign", "day": "2030-01-15", "start_time": "09:30",
            "end_time": "12:30", "place": "Lyon", "online_url": "", "host_territory": "0", "agenda": "## Ordre du jour",
            "dots_per_participant": "5"}
    data.update(overrides)
    return data


def test_visitor_is_sent_to_log_in_for_workshops(client):
    response = client.get("/workshops")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_editor_schedules_a_workshop_in_paris_time_stored_in_utc(client):
    editor = make_editor()
    territory = make_territory("Rennes")
    login(client, editor)
    assert client.get("/workshops/new").status_code == 200
    response = post(client, "/workshops/new", _form(invited_territories=[str(territory.id)], host_territory=str(territory.id)))
    assert response.status_code == 302
    workshop = db.session.scalar(db.select(Workshop))
    # 15 January: Paris is UTC+1; in June it would be UTC+2.
    assert workshop.starts_at == datetime(2030, 1, 15, 8, 30)
    assert workshop.ends_at == datetime(2030, 1, 15, 11, 30)
    assert [t.name for t in workshop.invited_territories] == ["Rennes"]
    summer = post(client, "/workshops/new", _form(day="2030-06-15", title="Été"))
    assert summer.status_code == 302
    assert db.session.scalar(db.select(Workshop).where(Workshop.title == "Été")).starts_at == datetime(2030, 6, 15, 7, 30)


def test_end_before_start_is_an_error_next_to_the_end_time(client):
    login(client, make_editor())
    response = post(client, "/workshops/new", _form(start_time="14:00", end_time="10:00"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="end_time-error"' in page and 'aria-describedby="end_time-hint end_time-error"' in page
    assert 'value="Atelier énergie"' in page  # what was typed is kept
    assert db.session.scalar(db.select(db.func.count(Workshop.id))) == 0


def test_a_workshop_needs_a_place_or_an_online_link(client):
    login(client, make_editor())
    response = post(client, "/workshops/new", _form(place="", online_url=""))
    assert response.status_code == 422 and 'id="place-error"' in response.get_data(as_text=True)
    bad_link = post(client, "/workshops/new", _form(place="", online_url="javascript:alert(1)"))
    assert bad_link.status_code == 422
    online = post(client, "/workshops/new", _form(place="", online_url="https://visio.example.org/a"))
    assert online.status_code == 302


@pytest.mark.parametrize("who", ["lead", "partner"])
def test_only_editors_schedule_workshops(client, who):
    territory = make_territory()
    user = make_lead(territory) if who == "lead" else make_partner(make_organisation(territories=[territory]))
    login(client, user)
    assert client.get("/workshops/new").status_code == 403
    assert post(client, "/workshops/new", _form()).status_code == 403


def test_creating_a_workshop_without_csrf_token_is_refused(client):
    login(client, make_editor())
    assert client.post("/workshops/new", data=_form()).status_code == 400


def test_editor_edits_a_workshop_and_sees_paris_times(client):
    editor = make_editor()
    workshop = make_workshop(editor)
    login(client, editor)
    page = client.get(f"/workshops/{workshop.id}/edit").get_data(as_text=True)
    assert 'value="09:30"' in page and 'value="2030-06-03"' in page
    response = post(client, f"/workshops/{workshop.id}/edit", _form(title="Nouveau titre", day="2030-06-03"))
    assert response.status_code == 302
    db.session.refresh(workshop)
    assert workshop.title == "Nouveau titre"


def test_agenda_markdown_is_rendered_without_script_or_handlers(client):
    editor = make_editor()
    workshop = make_workshop(editor, agenda="**Accueil**\n\n<script>alert(1)</script>\n\n"
                                            "[clic](javascript:alert(1)) <img src=x onerror=alert(1)>")
    login(client, editor)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "<strong>Accueil</strong>" in page
    assert "<script>alert" not in page and "onerror" not in page and "javascript:" not in page


def test_invited_person_registers_then_declines_and_appears_in_participants(client):
    editor = make_editor()
    territory = make_territory()
    lead = make_lead(territory, name="Julien Morel")
    workshop = make_workshop(editor, territories=[territory])
    login(client, lead)
    assert post(client, f"/workshops/{workshop.id}/register").status_code == 302
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "Julien Morel" in page
    assert post(client, f"/workshops/{workshop.id}/decline").status_code == 302
    assert db.session.scalar(db.select(Registration.status)).value == "declined"


def test_partner_of_an_invited_organisation_may_register(client):
    editor = make_editor()
    organisation = make_organisation()
    partner = make_partner(organisation)
    workshop = make_workshop(editor)
    workshop.invited_organisations = [organisation]
    login(client, partner)
    assert post(client, f"/workshops/{workshop.id}/register").status_code == 302


def test_person_not_invited_cannot_register(client):
    editor = make_editor()
    workshop = make_workshop(editor, territories=[make_territory()])
    login(client, make_lead(make_territory()))
    assert post(client, f"/workshops/{workshop.id}/register").status_code == 404  # not shown to them at all
    assert db.session.scalar(db.select(db.func.count(Registration.id))) == 0


def test_register_without_csrf_is_refused(client):
    territory = make_territory()
    workshop = make_workshop(make_editor(), territories=[territory])
    login(client, make_lead(territory))
    assert client.post(f"/workshops/{workshop.id}/register").status_code == 400
    assert client.post(f"/workshops/{workshop.id}/decline").status_code == 400


def test_workshop_goes_planned_live_closed_and_minutes_come_after(client):
    editor = make_editor()
    workshop = make_workshop(editor)
    login(client, editor)
    assert post(client, f"/workshops/{workshop.id}/minutes", {"minutes": "x"}).status_code == 409
    assert post(client, f"/workshops/{workshop.id}/close").status_code == 409  # not live yet
    assert post(client, f"/workshops/{workshop.id}/open").status_code == 302
    assert post(client, f"/workshops/{workshop.id}/open").status_code == 409
    assert post(client, f"/workshops/{workshop.id}/close").status_code == 302
    db.session.refresh(workshop)
    assert workshop.state == WorkshopState.CLOSED
    assert client.get(f"/workshops/{workshop.id}/minutes").status_code == 200
    assert post(client, f"/workshops/{workshop.id}/minutes", {"minutes": "## Décisions\n\n- Coach CO2"}).status_code == 302
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "<h2 id=\"md-decisions\">Décisions</h2>" in page or "Décisions</h2>" in page


def test_only_editors_open_close_and_write_minutes(client):
    territory = make_territory()
    workshop = make_workshop(make_editor(), territories=[territory])
    login(client, make_lead(territory))
    assert post(client, f"/workshops/{workshop.id}/open").status_code == 403
    assert post(client, f"/workshops/{workshop.id}/close").status_code == 403
    assert client.get(f"/workshops/{workshop.id}/minutes").status_code == 403
    assert db.session.get(Workshop, workshop.id).state == WorkshopState.PLANNED


def test_open_without_csrf_is_refused(client):
    editor = make_editor()
    workshop = make_workshop(editor)
    login(client, editor)
    assert client.post(f"/workshops/{workshop.id}/open").status_code == 400
    assert client.post(f"/workshops/{workshop.id}/close").status_code == 400
    assert client.post(f"/workshops/{workshop.id}/minutes", data={"minutes": "x"}).status_code == 400


def test_calendar_file_is_escaped_crlf_and_utc(client):
    editor = make_editor()
    workshop = make_workshop(editor, title="Atelier; mobilité, énergie\\ suite", place="Salle 1, La Rochelle",
                             agenda="Ligne 1\nLigne 2 " + "é" * 80)
    login(client, editor)
    response = client.get(f"/workshops/{workshop.id}/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    body = response.get_data(as_text=True)
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert "DTSTART:20300603T073000Z\r\n" in body and "DTEND:20300603T103000Z\r\n" in body
    assert "SUMMARY:Atelier\\; mobilité\\, énergie\\\\ suite\r\n" in body
    assert "LOCATION:Salle 1\\, La Rochelle\r\n" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    unfolded = body.replace("\r\n ", "")
    assert "DESCRIPTION:Ligne 1\\nLigne 2 " + "é" * 80 + "\r\n" in unfolded


def test_workshops_page_lists_coming_and_past(client):
    from datetime import date

    editor = make_editor()
    make_workshop(editor, title="Atelier futur", day=date(2099, 1, 5))
    past = make_workshop(editor, title="Atelier passé", day=date(2020, 1, 5))
    past.state = WorkshopState.CLOSED
    login(client, editor)
    page = client.get("/workshops").get_data(as_text=True)
    coming_part, past_part = page.split('id="past-title"')
    assert "Atelier futur" in coming_part and "Atelier passé" in past_part


def test_past_workshops_come_a_page_at_a_time_and_the_coming_ones_stay(client):
    from datetime import date, timedelta

    from roadmap.workshops.queries import PAGE_SIZE

    editor = make_editor()
    make_workshop(editor, title="Atelier futur", day=date(2099, 1, 5))
    for n in range(PAGE_SIZE + 1):
        make_workshop(editor, title=f"Atelier passé {n:03d}", day=date(2020, 1, 5) + timedelta(days=n))
    login(client, editor)
    first = client.get("/workshops").get_data(as_text=True)
    assert f"Atelier passé {PAGE_SIZE:03d}" in first and "Atelier passé 000" not in first  # latest first
    assert 'href="/workshops?page=2"' in first
    second = client.get("/workshops?page=2").get_data(as_text=True)
    assert "Atelier passé 000" in second and "Atelier futur" in second


def test_home_progress_counts_workshops_attended_per_territory(client):
    live_room()
    page = client.get("/").get_data(as_text=True)
    assert "1 atelier suivi" in page or "1 workshop attended" in page
    assert "0 atelier suivi" in page or "0 workshops attended" in page


def test_not_found_workshop(client):
    login(client, make_editor())
    assert client.get("/workshops/999").status_code == 404
    assert client.get("/workshops/999/calendar.ics").status_code == 404


def test_registered_participant_sees_the_room_when_live_and_others_see_the_page(client):
    data = live_room()
    login(client, data["a"])
    page = client.get(f"/workshops/{data['workshop'].id}").get_data(as_text=True)
    assert 'id="room"' in page and "workshop-room.js" in page and "<script>" not in page.replace(
        '<script type="application/json" id="room-messages">', "")
    other = second_client(client.application)
    login(other, data["c"])  # invited, not registered
    page = other.get(f"/workshops/{data['workshop'].id}").get_data(as_text=True)
    assert 'id="room"' not in page


def test_room_cards_show_their_text_escaped_and_their_dot_buttons_translated(client):
    data = live_room()
    workshop, use_case = data["workshop"], data["use_case"]
    text = '"><script>alert(1)</script> __N__'
    card = room.add_card(workshop.id, data["a"], use_case.id, "idea", text)
    room.add_dot(workshop.id, data["b"], card.id)
    db.session.commit()
    login(client, data["b"])
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    escaped = "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt; __N__"
    assert "<script>alert(1)" not in page
    assert f'aria-label="Poser une gommette sur : {escaped}"' in page
    assert f'aria-label="Retirer une gommette de : {escaped}"' in page
    assert '<span class="my-dots" data-mine="1">les miennes : 1</span>' in page


def test_the_room_page_shows_who_has_the_room_open(client, no_page_cache):
    from roadmap.core.live import get_broker

    data = live_room()
    workshop = data["workshop"]
    login(client, data["a"])
    url = f"/workshops/{workshop.id}"
    assert f'data-user-id="{data["b"].id}">Bruno</li>' not in client.get(url).get_data(as_text=True)
    member = room.presence_member(data["b"].id, "tab1")
    get_broker().presence_beat(room.channel(workshop.id), member, 60)  # Bruno's event stream opens
    assert f'data-user-id="{data["b"].id}">Bruno</li>' in client.get(url).get_data(as_text=True)
    get_broker().presence_leave(room.channel(workshop.id), member)


def test_only_editors_edit_a_workshop_and_csrf_is_required(client):
    territory = make_territory()
    workshop = make_workshop(make_editor(), territories=[territory])
    lead = make_lead(territory)
    login(client, lead)
    assert client.get(f"/workshops/{workshop.id}/edit").status_code == 403
    assert post(client, f"/workshops/{workshop.id}/edit", _form()).status_code == 403
    editor_client = second_client(client.application)
    login(editor_client, make_editor())
    assert editor_client.post(f"/workshops/{workshop.id}/edit", data=_form(title="Sans jeton")).status_code == 400
    db.session.refresh(workshop)
    assert workshop.title == "Atelier mobilité"


def test_visitor_cannot_download_the_calendar(client):
    workshop = make_workshop(make_editor())
    db.session.commit()
    assert client.get(f"/workshops/{workshop.id}/calendar.ics").status_code == 302


def test_calendar_link_comes_from_public_url_not_from_a_forged_host(client, app):
    editor = make_editor()
    workshop = make_workshop(editor)
    app.config["PUBLIC_URL"] = "https://feuille.example.eu/"
    login(client, editor)
    for cookie in list(client._cookies.values()):  # the browser of someone who reached the site by another name
        client.set_cookie(cookie.key, cookie.value, domain="evil.example")
    response = client.get(f"/workshops/{workshop.id}/calendar.ics", headers={"Host": "evil.example"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    unfolded = body.replace("\r\n ", "")
    assert f"URL:https://feuille.example.eu/workshops/{workshop.id}\r\n" in unfolded
    assert f"UID:workshop-{workshop.id}@feuille.example.eu\r\n" in unfolded
    assert "evil.example" not in body


def test_workshop_not_shown_to_those_not_invited_nor_its_link(client):
    territory, elsewhere = make_territory("Lyon"), make_territory("La Rochelle")
    workshop = make_workshop(make_editor(), territories=[territory], title="Atelier lyonnais",
                             online_url="https://visio.example.org/lyon")
    outsider = make_lead(elsewhere)
    login(client, outsider)
    assert "Atelier lyonnais" not in client.get("/workshops").get_data(as_text=True)
    for url in (f"/workshops/{workshop.id}", f"/workshops/{workshop.id}/calendar.ics"):
        response = client.get(url)
        assert response.status_code == 404 and "visio.example.org" not in response.get_data(as_text=True)


def test_calendar_file_has_plain_text_and_a_french_name(client):
    editor = make_editor()
    workshop = make_workshop(editor, title="Atelier mobilité", agenda="## Programme\n\n1. **Accueil**\n"
                             "2. Canevas [en ligne](https://pad.example/c)\n\n<b>fin</b>")
    login(client, editor)
    response = client.get(f"/workshops/{workshop.id}/calendar.ics")
    assert response.headers["Content-Disposition"] == 'attachment; filename="atelier-2030-06-03-atelier-mobilite.ics"'
    unfolded = response.get_data(as_text=True).replace("\r\n ", "")
    assert "DESCRIPTION:Programme\\n\\n- Accueil\\n- Canevas en ligne (https://pad.example/c)\\n\\nfin\r\n" in unfolded
    assert "**" not in unfolded and "##" not in unfolded and "<b>" not in unfolded


def test_the_signed_calendar_link_works_without_an_account_and_only_for_its_workshop(client, app):
    territory = make_territory("Lyon")
    lead = make_lead(territory)
    workshop = make_workshop(make_editor(), territories=[territory], title="Atelier lyonnais")
    other = make_workshop(make_editor(), title="Autre atelier")
    login(client, lead)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    link = re.search(r'id="calendar-link"[^>]*value="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert link.startswith(app.config["PUBLIC_URL"].rstrip("/") + f"/workshops/{workshop.id}/calendar.ics?key=")
    key = link.split("key=", 1)[1]
    visitor = second_client(app)
    response = visitor.get(f"/workshops/{workshop.id}/calendar.ics?key={key}")
    assert response.status_code == 200 and "SUMMARY:Atelier lyonnais" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "private, no-cache"  # never in a shared cache
    assert visitor.get(f"/workshops/{other.id}/calendar.ics?key={key}").status_code == 404
    assert visitor.get(f"/workshops/{workshop.id}/calendar.ics?key={key[:-2]}xx").status_code == 404
    assert visitor.get(f"/workshops/{workshop.id}/calendar.ics?key=").status_code == 404
