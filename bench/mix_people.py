"""The people of the mixed benchmark (bench/mix.py): who they are, what they read and what they write.

Each simulated person is a thread with its own keep-alive connection and session cookie (signed
with the server's SECRET_KEY, as a login would set it: the benchmark measures pages, not argon2).
A person picks a weighted random page kind with random ids fitting their role, now and then a write
(the form page, then its POST, as a browser does), and waits the think time in between.
"""
import hashlib
import http.client
import os
import random
import re
import threading
import time
import urllib.parse

from flask import Flask
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import create_engine, text

from bench.server import cut_event_stream
from roadmap.large import EDITOR_EMAIL
from roadmap.workshops.large import LIVE_WORKSHOP_TITLE

HIDDEN_RE = re.compile(r'<input[^>]*type="hidden"[^>]*>')
NAME_RE = re.compile(r'name="([^"]+)"')
VALUE_RE = re.compile(r'value="([^"]*)"')
TIMEOUT = 30

# (kind, weight) of the reads of a signed-in person and of a visitor; the ids are drawn per request.
READS = [("home", 8), ("territories list", 5), ("a territory", 9), ("a SWOT", 12), ("SWOT synthesis", 3),
         ("use cases list", 4), ("a use case", 10), ("workshops list", 3), ("the live room", 4),
         ("live room state", 4), ("roadmap version", 12), ("a section's comments", 6), ("comment dashboard", 2),
         ("API: a territory", 2), ("API: territories", 2)]
VISITOR_READS = [("home", 10), ("territories list", 6), ("a territory", 12), ("published roadmap", 8),
                 ("use cases list", 4), ("API: territories", 3), ("API: a territory", 3)]
WRITES = ["comment", "reply", "SWOT item", "card", "dot"]


def load_world(database_url):
    """The ids the people choose from, read once from the seeded database."""
    engine = create_engine(database_url)
    with engine.connect() as c:
        one = lambda sql, **p: c.execute(text(sql), p).scalar_one()  # noqa: E731
        column = lambda sql, **p: list(c.execute(text(sql), p).scalars())  # noqa: E731
        live = one("SELECT id FROM workshop WHERE title = :t", t=LIVE_WORKSHOP_TITLE)
        consultation = one("SELECT max(number) FROM roadmap_version WHERE state = 'consultation'")
        consultation_id = one("SELECT id FROM roadmap_version WHERE number = :n", n=consultation)
        users = c.execute(text("SELECT id, email, session_token FROM \"user\" WHERE email LIKE '%@large.example'"))\
            .all()
        territory_of = {}
        for user_id, territory_id in c.execute(text(
                "SELECT user_id, territory_id FROM membership WHERE territory_id IS NOT NULL")):
            territory_of[user_id] = territory_id
        world = {
            "live": live,
            "versions": column("SELECT number FROM roadmap_version WHERE state != 'draft'"),
            "consultation": consultation,
            "sections": column("SELECT id FROM roadmap_section WHERE version_id = :v", v=consultation_id),
            "all_sections": column("SELECT s.id FROM roadmap_section s JOIN roadmap_version v ON v.id = s.version_id "
                                   "WHERE v.state != 'draft'"),
            "comments": column("SELECT id FROM roadmap_comment WHERE version_id = :v AND parent_id IS NULL AND hidden_at IS NULL",
                               v=consultation_id),
            "slugs": dict(c.execute(text("SELECT id, slug FROM territory WHERE slug LIKE 'large-%'")).all()),
            "use_cases": column("SELECT id FROM use_case"),
            "live_use_cases": column("SELECT use_case_id FROM workshop_use_case WHERE workshop_id = :w", w=live),
            "live_cards": column("SELECT id FROM workshop_card WHERE workshop_id = :w", w=live),
            "participants": set(column("SELECT user_id FROM workshop_registration WHERE workshop_id = :w "
                                       "AND status = 'registered'", w=live)),
            "territory_pages": max(1, -(-len(column("SELECT id FROM territory")) // 50)),
        }
    engine.dispose()
    world["users"] = [{"id": uid, "email": email, "token": token, "territory": territory_of.get(uid),
                       "role": email.split("-")[0].split("@")[0]} for uid, email, token in users]
    return world


def choose_people(world, count):
    """The editor, the live workshop's participants, then leads, members and partners in turn."""
    by_role = {role: [u for u in world["users"] if u["role"] == role] for role in ("lead", "member", "partner")}
    chosen = [u for u in world["users"] if u["email"] == EDITOR_EMAIL]
    chosen += [u for u in by_role["lead"] if u["id"] in world["participants"]]
    rng = random.Random(count)
    pools = [[u for u in by_role[r] if u not in chosen] for r in ("lead", "member", "partner")]
    for pool in pools:
        rng.shuffle(pool)
    while len(chosen) < count and any(pools):
        for pool in pools:
            if pool and len(chosen) < count:
                chosen.append(pool.pop())
    return chosen[:count]


class Sessions:
    """Session cookies and CSRF tokens as the server would sign them (Flask's cookie session)."""

    def __init__(self, secret_key):
        app = Flask("bench")
        app.secret_key = secret_key
        self.serializer = app.session_interface.get_signing_serializer(app)
        self.csrf_signer = URLSafeTimedSerializer(secret_key, salt="wtf-csrf-token")

    def of(self, user):
        raw = hashlib.sha1(os.urandom(64)).hexdigest()
        data = {"_user_id": f"{user['id']}:{user['token']}", "_fresh": True, "csrf_token": raw}
        return {"cookie": f"session={self.serializer.dumps(data)}", "csrf": self.csrf_signer.dumps(raw)}


class Recorder:
    """(kind, seconds, status, cache header) of every request; status 0: no answer (timeout, reset)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rows = []

    def add(self, kind, seconds, status, cache):
        with self.lock:
            self.rows.append((kind, seconds, status, cache))


class Person(threading.Thread):
    def __init__(self, port, world, user, session, recorder, stop, think, write_share, seed):
        super().__init__(daemon=True)
        self.port, self.world, self.user, self.session = port, world, user, session
        self.recorder, self.stop, self.think, self.write_share = recorder, stop, think, write_share
        self.rng = random.Random(seed)
        self.connection = None

    # --- HTTP ---------------------------------------------------------------------------------
    def request(self, kind, method, path, form=None):
        headers = {"Accept": "text/html"}
        if self.session:
            headers["Cookie"] = self.session["cookie"]
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers.update({"Content-Type": "application/x-www-form-urlencoded",
                            "Referer": f"http://127.0.0.1:{self.port}/", "X-CSRFToken": self.session["csrf"]})
        started = time.perf_counter()
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
            status, cache = response.status, response.getheader("X-Page-Cache", "")
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
        except (OSError, http.client.HTTPException):
            if self.connection is not None:
                self.connection.close()
            self.connection = None
            data, status, cache = b"", 0, ""
        self.recorder.add(kind, time.perf_counter() - started, status, cache)
        return status, data

    # --- what a person does -------------------------------------------------------------------
    def run(self):
        while not self.stop.is_set():
            if self.session and self.rng.random() < self.write_share:
                self.write(self.rng.choice(WRITES))
            else:
                self.read()
            if self.think:
                self.stop.wait(self.rng.uniform(0.5, 1.5) * self.think)
        if self.connection is not None:
            self.connection.close()

    def territory_slug(self):
        own = self.user and self.user.get("territory")
        if own and self.rng.random() < 0.6:
            return self.world["slugs"][own]
        return self.rng.choice(list(self.world["slugs"].values()))

    def read(self):
        w, rng = self.world, self.rng
        kinds = READS if self.session else VISITOR_READS
        kind = rng.choices([k for k, _ in kinds], [weight for _, weight in kinds])[0]
        if kind in ("the live room", "live room state") and not self.may_facilitate():
            kind = "a use case"
        if kind == "comment dashboard" and self.user["role"] != "editor":
            kind = "roadmap version"
        path = {
            "home": lambda: "/",
            "territories list": lambda: f"/territories?page={rng.randint(1, w['territory_pages'])}",
            "a territory": lambda: f"/territories/{self.territory_slug()}",
            "a SWOT": lambda: f"/territories/{self.territory_slug()}/swot",
            "SWOT synthesis": lambda: "/swot/synthesis",
            "use cases list": lambda: "/use-cases",
            "a use case": lambda: f"/use-cases/{rng.choice(w['use_cases'])}",
            "workshops list": lambda: "/workshops",
            "the live room": lambda: f"/workshops/{w['live']}",
            "live room state": lambda: f"/workshops/{w['live']}/live/state",
            "roadmap version": lambda: f"/roadmap/v/{rng.choice(w['versions'])}",
            "published roadmap": lambda: "/roadmap",
            "a section's comments": lambda: f"/roadmap/sections/{rng.choice(w['all_sections'])}/comments",
            "comment dashboard": lambda: f"/roadmap/v/{w['consultation']}/comments",
            "API: a territory": lambda: f"/api/v1/territories/{self.territory_slug()}",
            "API: territories": lambda: "/api/v1/territories",
        }[kind]()
        self.request(kind, "GET", path)

    def may_facilitate(self):
        return self.user is not None and (self.user["role"] == "editor" or self.user["id"] in self.world["participants"])

    def form_fields(self, kind, path):
        """The form page, as a browser shows it first: its hidden fields (CSRF token, once token)."""
        status, html = self.request(f"form: {kind}", "GET", path)
        if status != 200:
            return None
        fields = {}
        for tag in HIDDEN_RE.findall(html.decode(errors="replace")):
            name, value = NAME_RE.search(tag), VALUE_RE.search(tag)
            if name:
                fields[name.group(1)] = value.group(1) if value else ""
        return fields

    def write(self, kind):
        w, rng = self.world, self.rng
        words = f"Banc d'essai {rng.randrange(10**6)} : une remarque de {self.user['role']}."
        if kind in ("card", "dot") and self.user["id"] not in w["participants"]:
            kind = "comment"
        if kind == "SWOT item" and not (self.user.get("territory") and self.user["role"] == "lead"):
            kind = "reply"
        if kind == "comment":
            path = f"/roadmap/sections/{rng.choice(w['sections'])}/comment"
            fields = self.form_fields(kind, path)
            if fields is not None:
                self.request(kind, "POST", path, {**fields, "stance": "neutral", "body": words})
        elif kind == "reply":
            path = f"/roadmap/comments/{rng.choice(w['comments'])}/reply"
            fields = self.form_fields(kind, path)
            if fields is not None:
                self.request(kind, "POST", path, {**fields, "body": words})
        elif kind == "SWOT item":
            path = f"/territories/{w['slugs'][self.user['territory']]}/swot/items/new"
            fields = self.form_fields(kind, path)
            if fields is not None:
                self.request(kind, "POST", path, {**fields, "quadrant": rng.choice(["strength", "weakness"]),
                                                  "text": words, "dimension": "technical", "importance": "2"})
        elif kind == "card":
            self.request(kind, "POST", f"/workshops/{w['live']}/live/cards",
                         {"use_case_id": rng.choice(w["live_use_cases"]), "kind": "idea", "text": words})
        else:
            self.request(kind, "POST", f"/workshops/{w['live']}/live/cards/{rng.choice(w['live_cards'])}/dots",
                         {"csrf_token": self.session["csrf"]})


class Stream(threading.Thread):
    """One open event stream of the live room, read to the end and opened again (as the page's
    EventSource does); counts the events it receives."""

    def __init__(self, port, path, cookie, stop):
        super().__init__(daemon=True)
        self.port, self.path, self.cookie, self.stop = port, path, cookie, stop
        self.events, self.failures = 0, 0
        self.connection = None

    def close(self):
        """Cut the stream now (a reader blocked until the next heartbeat would hold a server thread)."""
        self.stop.set()
        cut_event_stream(self.connection)

    def run(self):
        while not self.stop.is_set():
            try:
                connection = self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
                connection.request("GET", self.path, headers={"Cookie": self.cookie, "Accept": "text/event-stream"})
                response = connection.getresponse()
                if response.status != 200:
                    self.failures += 1
                    self.stop.wait(1)
                    continue
                while not self.stop.is_set():
                    line = response.fp.readline()
                    if not line:
                        break
                    if line.startswith(b"data: "):
                        self.events += 1
                connection.close()
            except (OSError, http.client.HTTPException, ValueError):
                self.failures += 1
                self.stop.wait(1)
