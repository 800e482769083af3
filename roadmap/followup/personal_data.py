"""What the follow-up holds about a person: the actions they follow, the timeline entries they
wrote or proposed. Entries are shared work: they stay (signed "former participant") unless still
waiting for the lead; what the person follows is erased."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from roadmap.extensions import db
from roadmap.followup.models import Action, ActionFollower, TimelineEntry
from roadmap.privacy.registry import PersonalDataProvider, iso


def _followed(user):
    rows = db.session.execute(select(Action.id, Action.title, ActionFollower.created_at).join(
        ActionFollower, ActionFollower.action_id == Action.id).where(ActionFollower.user_id == user.id)
        .order_by(ActionFollower.created_at))
    return [{"action": action_id, "title": title, "since": iso(since)} for action_id, title, since in rows]


def _entries(user):
    rows = db.session.scalars(select(TimelineEntry).where(TimelineEntry.author_id == user.id)
                              .order_by(TimelineEntry.created_at, TimelineEntry.id))
    return [{"experiment": e.experiment_id, "date": iso(e.happened_on), "text": e.text, "accepted": e.accepted,
             "written_at": iso(e.created_at)} for e in rows]


def _erase(user, keep_comments):
    db.session.execute(delete(ActionFollower).where(ActionFollower.user_id == user.id))
    db.session.execute(delete(TimelineEntry).where(TimelineEntry.author_id == user.id,
                                                   TimelineEntry.accepted.is_(False)))
    if not keep_comments:
        db.session.execute(delete(TimelineEntry).where(TimelineEntry.author_id == user.id))
    db.session.flush()


PROVIDERS = [
    PersonalDataProvider("followed_actions", _l("Actions you follow"), _followed, _erase),
    PersonalDataProvider("timeline_entries", _l("Timeline entries you wrote"), _entries),
]
