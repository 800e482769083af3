"""What is waiting for a person, by role, for the top of their home page. Each kind of line costs
one or two queries whatever the size of the data (tests/test_query_counts.py checks it)."""
from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, func, not_, or_, select

from roadmap.accounts.models import Invitation
from roadmap.core.data_memo import memo
from roadmap.core.i18n import table_datetime
from roadmap.core.timeutil import utcnow
from roadmap.drafts.models import Comment, CommentReport, CommentStatus, RoadmapVersion, VersionState
from roadmap.extensions import db
from roadmap.swot.models import ItemStatus, Swot, SwotItem, SwotVersion
from roadmap.swot.queries import progress as swot_progress
from roadmap.territories.models import MembershipRole, Territory
from roadmap.territories.permissions import partner_territory_ids
from roadmap.workshops.models import Registration, RegistrationStatus, Workshop, WorkshopState
from roadmap.workshops.permissions import visible_workshops

SHOWN = 5  # names listed on a line before "and N more"


@dataclass(frozen=True)
class Line:
    text: str
    url: str


def waiting_for(user):
    """[Line] for this person, most pressing first; [] when nothing waits."""
    if user.is_editor:
        return _editor_lines(user)
    led = [m.territory_id for m in user.memberships if m.territory_id and m.role == MembershipRole.LEAD]
    member_of = [m.territory_id for m in user.memberships if m.territory_id]
    partner_of = sorted(partner_territory_ids(user) - set(member_of))
    names = _territories(set(member_of) | set(partner_of))
    lines = []
    if led:
        lines += _pending_proposals(led, names)
    if member_of:
        lines += _swot_states(member_of, names, led)
    if partner_of:
        lines += _proposal_outcomes(user, partner_of, names)
    lines += _workshops(user)
    lines += _consultation(user)
    return lines


def _territories(ids):
    if not ids:
        return {}
    return {t.id: t for t in db.session.scalars(select(Territory).where(Territory.id.in_(ids)))}


# --- editors ------------------------------------------------------------------------------------

def _editor_lines(user):
    # The same for every editor (counts over the whole programme): shared while their tables are
    # unchanged. Not the invitations: one expires with time, no write says so.
    shared = memo("editor-lines", (), lambda: _unanswered_comments() + _reported_comments())
    return shared + _pending_invitations() + memo("territories-without-swot", (), _territories_without_swot) \
        + _workshops(user)


def _unanswered_comments():
    rows = db.session.execute(
        select(RoadmapVersion.number, func.count(Comment.id)).join(Comment, Comment.version_id == RoadmapVersion.id)
        .where(Comment.parent_id.is_(None), Comment.hidden_at.is_(None), Comment.status == CommentStatus.OPEN,
               RoadmapVersion.state != VersionState.DRAFT)
        .group_by(RoadmapVersion.number).order_by(RoadmapVersion.number.desc())).all()
    return [Line(ngettext("%(num)d comment not answered yet on version %(number)d",
                          "%(num)d comments not answered yet on version %(number)d", count, number=number),
                 url_for("drafts.dashboard", number=number, status=CommentStatus.OPEN.value)) for number, count in rows]


def _reported_comments():
    # From the reports (few) to their comments: joined the other way, the database walked every comment.
    rows = db.session.execute(
        select(RoadmapVersion.number, func.count(Comment.id))
        .join(RoadmapVersion, RoadmapVersion.id == Comment.version_id)
        .where(Comment.hidden_at.is_(None), Comment.id.in_(select(CommentReport.comment_id)))
        .group_by(RoadmapVersion.number).order_by(RoadmapVersion.number.desc())).all()
    return [Line(ngettext("%(num)d reported comment on version %(number)d",
                          "%(num)d reported comments on version %(number)d", count, number=number),
                 url_for("drafts.dashboard", number=number)) for number, count in rows]


def _pending_invitations():
    count = db.session.scalar(select(func.count(Invitation.id)).where(
        Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None), Invitation.expires_at >= utcnow()))
    if not count:
        return []
    return [Line(ngettext("%(num)d invitation not accepted yet", "%(num)d invitations not accepted yet", count),
                 url_for("accounts.invitations"))]


def _territories_without_swot():
    submitted = select(Swot.territory_id).join(SwotVersion, SwotVersion.swot_id == Swot.id)
    missing = not_(Territory.id.in_(submitted))
    count = db.session.scalar(select(func.count(Territory.id)).where(missing))
    if not count:
        return []
    first = db.session.execute(select(Territory.name, Territory.slug).where(missing)
                               .order_by(Territory.name).limit(SHOWN)).all()
    lines = [Line(_("%(territory)s has not submitted its SWOT yet", territory=name),
                  url_for("swot.board", slug=slug)) for name, slug in first]
    if count > len(first):
        lines.append(Line(ngettext("and %(num)d more territory without a submitted SWOT",
                                   "and %(num)d more territories without a submitted SWOT", count - len(first)),
                          url_for("process.home", _anchor="progress-title")))
    return lines


# --- leads, members, partners -------------------------------------------------------------------

def _pending_proposals(led, names):
    rows = db.session.execute(
        select(Swot.territory_id, func.count(SwotItem.id)).join(SwotItem, SwotItem.swot_id == Swot.id)
        .where(Swot.territory_id.in_(led), SwotItem.status == ItemStatus.PROPOSED)
        .group_by(Swot.territory_id)).all()
    return [Line(ngettext("%(num)d partner proposal waits for you on the SWOT of %(territory)s",
                          "%(num)d partner proposals wait for you on the SWOT of %(territory)s", count,
                          territory=names[tid].name),
                 url_for("swot.board", slug=names[tid].slug, _anchor="proposals"))
            for tid, count in rows if tid in names]


def _swot_states(member_of, names, led):
    states = swot_progress(sorted(member_of))
    lines = []
    for tid in sorted(member_of, key=lambda t: names[t].name if t in names else ""):
        if tid not in names:
            continue
        text = _("SWOT of %(territory)s: %(state)s", territory=names[tid].name, state=states.get(tid, ""))
        if tid in led:
            text += " — " + _("you are its lead")
        lines.append(Line(text, url_for("swot.board", slug=names[tid].slug)))
    return lines


def _proposal_outcomes(user, partner_of, names):
    rows = db.session.execute(
        select(Swot.territory_id, SwotItem.status, func.count(SwotItem.id)).join(SwotItem, SwotItem.swot_id == Swot.id)
        .where(SwotItem.author_id == user.id, Swot.territory_id.in_(partner_of))
        .group_by(Swot.territory_id, SwotItem.status)).all()
    counts = {}
    for tid, status, count in rows:
        counts.setdefault(tid, {})[status] = count
    lines = []
    for tid in sorted(partner_of, key=lambda t: names[t].name if t in names else ""):
        if tid not in names:
            continue
        mine = counts.get(tid, {})
        if not mine:
            text = _("You have not proposed anything to the SWOT of %(territory)s yet", territory=names[tid].name)
        else:
            text = _("Your proposals to the SWOT of %(territory)s: %(accepted)d accepted, %(declined)d declined, "
                     "%(pending)d waiting", territory=names[tid].name,
                     accepted=mine.get(ItemStatus.ACCEPTED, 0), declined=mine.get(ItemStatus.DECLINED, 0),
                     pending=mine.get(ItemStatus.PROPOSED, 0))
        lines.append(Line(text, url_for("swot.board", slug=names[tid].slug, _anchor="proposals" if mine else None)))
    return lines


def _when(moment):
    """'29 déc. 2026, 14:00' in the reader's language and time zone."""
    return table_datetime(moment)


def _workshops(user):
    """The coming workshops this person sees: to answer, registered, or (editors) to run."""
    now = utcnow()
    coming = or_(Workshop.state == WorkshopState.LIVE,
                 and_(Workshop.state == WorkshopState.PLANNED, Workshop.ends_at >= now))
    rows = db.session.execute(
        select(Workshop.id, Workshop.title, Workshop.starts_at, Workshop.state, Registration.status)
        .outerjoin(Registration, and_(Registration.workshop_id == Workshop.id, Registration.user_id == user.id))
        .where(coming, visible_workshops(user)).order_by(Workshop.starts_at, Workshop.id).limit(SHOWN)).all()
    lines = []
    for workshop_id, title, starts_at, state, status in rows:
        when = _when(starts_at)
        if state == WorkshopState.LIVE:
            text = _("Workshop “%(title)s” is live now", title=title)
        elif user.is_editor:
            text = _("Coming workshop “%(title)s” on %(when)s", title=title, when=when)
        elif status == RegistrationStatus.REGISTERED:
            text = _("You are registered for the workshop “%(title)s” on %(when)s", title=title, when=when)
        elif status == RegistrationStatus.DECLINED:
            continue
        else:
            text = _("Register for the workshop “%(title)s” on %(when)s", title=title, when=when)
        lines.append(Line(text, url_for("workshops.workshop_detail", workshop_id=workshop_id)))
    return lines


def _consultation(user):
    from roadmap.drafts.routes import _running_consultation  # read once per request, with the header's

    version = _running_consultation()
    if version is None:
        return []
    mine = db.session.scalar(select(func.count(Comment.id)).where(Comment.version_id == version.id,
                                                                  Comment.author_id == user.id))
    closes = _when(version.closes_at)
    if mine:
        text = ngettext("Version %(number)d of the roadmap is open for comments until %(closes)s (you made "
                        "%(num)d comment)",
                        "Version %(number)d of the roadmap is open for comments until %(closes)s (you made "
                        "%(num)d comments)", mine, number=version.number, closes=closes)
    else:
        text = _("Comment on version %(number)d of the roadmap before %(closes)s", number=version.number,
                 closes=closes)
    return [Line(text, url_for("drafts.version", number=version.number))]
