"""How each person wants to hear of each kind of notification: in the application only, by e-mail
at once, or in the daily digest. No stored row means the kind's default."""
from sqlalchemy import delete, select

from roadmap.extensions import db
from roadmap.notifications.labels import KIND_NAMES
from roadmap.notifications.models import EmailDelivery, EmailPreference

APP, IMMEDIATE, DIGEST = EmailDelivery.APP, EmailDelivery.IMMEDIATE, EmailDelivery.DIGEST

# What needs the person soon (a workshop, a consultation, an answer to them) comes at once; what
# only informs comes in the digest.
DEFAULTS = {
    "workshop_scheduled": IMMEDIATE,
    "workshop_changed": IMMEDIATE,
    "workshop_reminder": IMMEDIATE,
    "swot_proposed": IMMEDIATE,
    "swot_accepted": DIGEST,
    "swot_declined": DIGEST,
    "consultation_opened": IMMEDIATE,
    "consultation_closing": IMMEDIATE,
    "version_published": DIGEST,
    "comment_replied": IMMEDIATE,
    "comment_answered": IMMEDIATE,
    "comment_reported": IMMEDIATE,
    "alliance_joined": DIGEST,
    "alliance_left": DIGEST,
    "invitation_accepted": DIGEST,
    "experiment_status": DIGEST,
    "experiment_progress": DIGEST,
    "indicator_value": DIGEST,
    "timeline_proposed": IMMEDIATE,  # the lead accepts or declines it
    "translation_to_update": DIGEST,
}
assert set(DEFAULTS) == set(KIND_NAMES)  # every kind has a default and a name on the profile


def preferences_of(user):
    """{kind: EmailDelivery} for every kind, the stored choices over the defaults."""
    chosen = dict(db.session.execute(
        select(EmailPreference.kind, EmailPreference.delivery).where(EmailPreference.user_id == user.id)).all())
    return {kind: EmailDelivery(chosen.get(kind, default)) for kind, default in DEFAULTS.items()}


def delivery_for(user_id, kind):
    stored = db.session.scalar(select(EmailPreference.delivery).where(
        EmailPreference.user_id == user_id, EmailPreference.kind == kind))
    return EmailDelivery(stored) if stored is not None else DEFAULTS.get(kind, APP)


def users_choosing(kind, delivery, user_ids):
    """Of these people, those whose choice for this kind is `delivery` (one statement)."""
    user_ids = list(user_ids)
    if not user_ids:
        return set()
    stored = dict(db.session.execute(select(EmailPreference.user_id, EmailPreference.delivery).where(
        EmailPreference.kind == kind, EmailPreference.user_id.in_(user_ids))).all())
    default = DEFAULTS.get(kind, APP)
    return {uid for uid in user_ids if EmailDelivery(stored.get(uid, default)) == delivery}


def set_preferences(user, choices):
    """Store the person's choices ({kind: delivery}); a choice equal to the default stores no row, so
    that a better default later reaches those who never chose. Unknown kinds are refused (ValueError)."""
    for kind, delivery in choices.items():
        if kind not in DEFAULTS:
            raise ValueError(f"unknown notification kind {kind!r}")
        delivery = EmailDelivery(delivery)
        db.session.execute(delete(EmailPreference).where(
            EmailPreference.user_id == user.id, EmailPreference.kind == kind))
        if delivery != DEFAULTS[kind]:
            db.session.add(EmailPreference(user_id=user.id, kind=kind, delivery=delivery))
    db.session.flush()


def unsubscribe(user, kind):
    """The unsubscribe link: this kind in the application only ("digest": every kind the person
    receives in the digest). Returns the kinds changed."""
    current = preferences_of(user)
    if kind == "digest":
        kinds = [k for k, d in current.items() if d == DIGEST]
    elif kind in DEFAULTS:
        kinds = [kind] if current[kind] != APP else []
    else:
        raise ValueError(f"unknown notification kind {kind!r}")
    set_preferences(user, {k: APP for k in kinds})
    return kinds
