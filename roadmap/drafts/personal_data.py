"""What the roadmap holds about a person: their comments and replies, and their reports."""
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from roadmap.core.timeutil import utcnow
from roadmap.drafts.models import Comment, CommentReport
from roadmap.extensions import db
from roadmap.privacy.registry import PersonalDataProvider, iso


def _comments(user):
    rows = db.session.scalars(
        select(Comment).where(Comment.author_id == user.id)
        .options(selectinload(Comment.section), selectinload(Comment.version))
        .order_by(Comment.created_at, Comment.id)
    )
    return [
        {"id": c.id, "version": c.version.number, "section": c.section.title, "paragraph": c.paragraph_id,
         "reply_to": c.parent_id, "quote": c.quote, "stance": c.stance.value if c.stance else None,
         "text": c.body, "lang": c.language, "created_at": iso(c.created_at), "edited_at": iso(c.edited_at),
         "status": None if c.parent_id else c.status.value, "answer": c.answer,
         "answer_lang": c.answer_language if c.answer else None, "answered_at": iso(c.answered_at),
         "hidden_at": iso(c.hidden_at), "hidden_reason": c.hidden_reason}
        for c in rows
    ]


def _reports(user):
    rows = db.session.scalars(
        select(CommentReport).where(CommentReport.reporter_id == user.id).order_by(CommentReport.created_at))
    return [{"comment": r.comment_id, "reason": r.reason, "at": iso(r.created_at)} for r in rows]


def _erase(user, keep_comments):
    """Reports always go. Comments stay signed "former participant", or are deleted; a deleted
    comment that others replied to leaves a trace, so that their replies keep their place."""
    db.session.execute(delete(CommentReport).where(CommentReport.reporter_id == user.id))
    if keep_comments:
        return
    comments = db.session.scalars(
        select(Comment).where(Comment.author_id == user.id).options(selectinload(Comment.replies))).all()
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        reason = _("Deleted by its author.")
    now = utcnow()
    for comment in comments:
        if any(reply.author_id != user.id for reply in comment.replies):
            comment.body, comment.quote = "", None
            comment.hidden_at, comment.hidden_reason, comment.hidden_by_id = now, reason, None
        else:
            db.session.delete(comment)
    db.session.flush()


PROVIDERS = [
    PersonalDataProvider("roadmap_comments", _l("Your comments on the roadmap"), _comments, _erase),
    PersonalDataProvider("roadmap_reports", _l("Comments you reported"), _reports),
]
