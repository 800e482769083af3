from datetime import datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from roadmap.core.audit import AuditEvent
from roadmap.extensions import db

PAGE_SIZE = 50


def audit_page(action, since, until, page, user=None):
    query = select(AuditEvent).options(selectinload(AuditEvent.actor), selectinload(AuditEvent.subject_user))
    if user is not None:
        query = query.where(or_(AuditEvent.actor_id == user.id, AuditEvent.subject_user_id == user.id))
    if action:
        query = query.where(AuditEvent.action == action)
    if since:
        query = query.where(AuditEvent.at >= datetime.combine(since, time.min))
    if until:
        query = query.where(AuditEvent.at < datetime.combine(until + timedelta(days=1), time.min))
    return db.paginate(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()), page=page, per_page=PAGE_SIZE,
                       error_out=False)


def audit_actions():
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
