"""Creation forms that create once: the same form sent twice (a double click, a resent request,
two tabs) creates one thing.

Each creation form carries a random one-time token (`once_field()`); the service that creates
claims it with `claim_form_token()` in the same transaction as the creation. The token is the
primary key of form_submission, so a second claim of it fails on the database's uniqueness
rule even when both requests run at the same moment (the second waits for the first's commit on
PostgreSQL; SQLite's BEGIN IMMEDIATE runs them one after the other), and raises AlreadySubmitted,
which the view answers like the first success. A form sent without a token (a page opened before
this rule existed) creates as before. Never put such a form on a page of the page cache
(roadmap/core/page_cache.py): its readers would share one token.
"""
import re
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from wtforms import HiddenField

from roadmap.core.models import created_at_column
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# A claimed token is kept this long; a form left open longer than this and sent twice creates twice.
KEEP_FOR = timedelta(days=2)


class FormSubmission(db.Model):
    __tablename__ = "form_submission"
    __table_args__ = (sa.Index("ix_form_submission_at", "at"),)

    token = sa.Column(sa.String(64), primary_key=True)
    at = created_at_column()


ALREADY_SUBMITTED = _l("This form had already been sent: what it creates was saved once.")


class AlreadySubmitted(Exception):
    """This form was already sent and what it creates exists."""


def new_form_token():
    return secrets.token_urlsafe(24)


def once_field():
    """The hidden field of a creation form: a new token each time the form is shown empty, the same
    one when it comes back with errors."""
    return HiddenField(default=new_form_token)


def claim_form_token(token):
    """Mark this form as used in the current transaction; AlreadySubmitted if it was before.
    Invalid or missing tokens claim nothing."""
    if not token or not TOKEN_RE.match(token):
        return
    try:
        with db.session.begin_nested():
            db.session.add(FormSubmission(token=token))
    except IntegrityError:
        raise AlreadySubmitted() from None
    db.session.execute(sa.delete(FormSubmission).where(FormSubmission.at < utcnow() - KEEP_FOR))
