"""Rules for the process: its steps, their dates, which one is current."""
from datetime import date, timedelta

from flask import has_request_context, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from roadmap.extensions import db
from roadmap.process.models import STEP_ORDER, Process, ProcessStep

DEFAULT_TITLE = "Feuille de route territoriale européenne du Self Data"


def get_process():
    """The one process of this installation, created with default dates on first use.

    `init-db` creates it; should it still be missing, a page (GET) shows the default one without
    saving it, since a read must never take the write lock, and the first write creates it.
    """
    process = db.session.scalar(select(Process).options(selectinload(Process.steps)).order_by(Process.id))
    if process is None:
        process = default_process() if _reading() else create_default_process()
    return process


def ensure_process():
    """Called by `init-db`: the installation's process exists before anybody asks for a page."""
    if db.session.scalar(select(Process.id).limit(1)) is None:
        create_default_process()


def _reading():
    return has_request_context() and request.method in ("GET", "HEAD", "OPTIONS")


def create_default_process(start=None, title=DEFAULT_TITLE):
    process = default_process(start, title)
    db.session.add(process)
    db.session.flush()
    return process


def default_process(start=None, title=DEFAULT_TITLE):
    """The default process and its three steps, not saved."""
    start = start or date.today().replace(day=1)
    process = Process(title=title)
    lengths = (60, 45, 45)
    cursor = start
    for position, (kind, length) in enumerate(zip(STEP_ORDER, lengths), start=1):
        process.steps.append(ProcessStep(kind=kind, position=position, starts_on=cursor,
                                         ends_on=cursor + timedelta(days=length - 1), expectations=""))
        cursor += timedelta(days=length)
    return process


def current_step(process, today=None):
    """The step whose dates contain today; before the first, the first; after the last, the last."""
    today = today or date.today()
    steps = sorted(process.steps, key=lambda s: s.position)
    if not steps:
        return None
    for step in steps:
        if step.starts_on <= today <= step.ends_on:
            return step
    upcoming = [s for s in steps if s.starts_on > today]
    return upcoming[0] if upcoming else steps[-1]


def step_state(step, today=None):
    today = today or date.today()
    if today < step.starts_on:
        return "upcoming"
    if today > step.ends_on:
        return "done"
    return "current"


def update_step(step, starts_on, ends_on, expectations):
    step.starts_on, step.ends_on, step.expectations = starts_on, ends_on, expectations or ""
    db.session.flush()
    return step
