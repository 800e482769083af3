"""Builders for workshop tests: a live room with an editor and registered participants."""
from datetime import date, time

from roadmap.extensions import db
from roadmap.workshops import room, service
from roadmap.workshops.models import Workshop
from tests.factories import make_editor, make_lead, make_territory


def make_use_case(user, title="Coach CO2", **values):
    values.setdefault("theme", "mobility")
    values.setdefault("governance_model", "personal_cloud")
    return service.create_use_case(user, {"title": title, **values})


def make_workshop(editor, territories=(), use_cases=(), day=date(2030, 6, 3), start=time(9, 30), end=time(12, 30),
                  dots=5, **fields):
    data = service.WorkshopData(
        title=fields.pop("title", "Atelier mobilité"), kind=fields.pop("kind", "codesign"), day=day, start=start,
        end=end, place=fields.pop("place", "La Rochelle"), online_url=fields.pop("online_url", ""),
        territory_ids=[t.id for t in territories], use_case_ids=[u.id for u in use_cases],
        agenda=fields.pop("agenda", ""), dots_per_participant=dots, **fields)
    return service.save_workshop(Workshop(), data, editor)


def register(workshop, *users):
    for user in users:
        service.answer_invitation(workshop, user, "registered")


def live_room(dots=5):
    """An open room: editor, two registered leads (a, b), an invited lead who did not register (c),
    an outsider lead (d), one use case on the agenda."""
    editor = make_editor(name="Claire Éditrice")
    territory = make_territory("La Rochelle")
    outside = make_territory("Ailleurs")
    a = make_lead(territory, name="Alice")
    b = make_lead(territory, name="Bruno")
    c = make_lead(territory, name="Chloé")
    d = make_lead(outside, name="Dan")
    use_case = make_use_case(editor)
    workshop = make_workshop(editor, territories=[territory], use_cases=[use_case], dots=dots)
    register(workshop, a, b)
    room.open_session(workshop.id, editor)
    db.session.commit()
    return {"editor": editor, "a": a, "b": b, "c": c, "d": d, "workshop": workshop, "use_case": use_case,
            "territory": territory}


def json_post(client, url, data=None, token=None):
    """A POST as the room's script sends it: CSRF token in the header, JSON wanted back."""
    from tests.conftest import csrf_token

    return client.post(url, data=data or {}, headers={
        "X-CSRFToken": token or csrf_token(client), "Accept": "application/json"})


def second_client(app):
    """Another browser. Requests of the test's own client share the test's app context (and so
    flask.g: the logged-in user, the CSRF token); this client gives each request a fresh one.
    The test's session commits around each request: the request sees the test's data, and the
    test then reads what the request wrote (not an older snapshot)."""
    from flask.testing import FlaskClient

    class IsolatedClient(FlaskClient):
        def open(self, *args, **kwargs):
            from flask import has_app_context

            in_test = has_app_context()  # False in a thread that reads a stream
            if in_test:
                db.session.commit()
            try:
                with self.application.app_context():
                    return super().open(*args, **kwargs)
            finally:
                if in_test:
                    db.session.commit()

    return IsolatedClient(app, app.response_class, use_cookies=True)
