"""Who is told of each event: one rule per event, each a subset of who may see its subject (the
tests check every rule against the features' permission functions)."""
from sqlalchemy import or_, select

from roadmap.accounts.models import User
from roadmap.extensions import db
from roadmap.territories.models import Membership, MembershipRole


def _active(query):
    return list(db.session.scalars(query.where(User.active.is_(True)).order_by(User.id).distinct()))


def workshop_invitees(workshop):
    """Every member of the host territory, of the invited territories and organisations: the
    people workshops.permissions.is_invited lets see it (the editors see it but are not invitees)."""
    territory_ids = [t.id for t in workshop.invited_territories]
    if workshop.host_territory_id:
        territory_ids.append(workshop.host_territory_id)
    organisation_ids = [o.id for o in workshop.invited_organisations]
    if not territory_ids and not organisation_ids:
        return []
    return _active(select(User).join(Membership, Membership.user_id == User.id).where(or_(
        Membership.territory_id.in_(territory_ids), Membership.organisation_id.in_(organisation_ids))))


def territory_leads(territory_ids):
    """The leads of these territories."""
    territory_ids = list(territory_ids)
    if not territory_ids:
        return []
    return _active(select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.territory_id.in_(territory_ids), Membership.role == MembershipRole.LEAD))


def proposal_author(item):
    """The partner who proposed the item, while they still may see the territory's draft."""
    from roadmap.swot.permissions import can_view_draft

    author = db.session.get(User, item.author_id) if item.author_id else None
    territory_id = item.swot.territory_id
    return [author] if author is not None and author.active and can_view_draft(author, territory_id) else []


def participants():
    """Everyone taking part: every active account (territories.permissions.is_participant), who
    all see a version in consultation and a published one."""
    return _active(select(User))


def editors():
    return _active(select(User).where(User.is_editor.is_(True)))


def comment_author(comment):
    """The author of a comment, told of a reply, an answer or a status on it. A hidden comment's
    author still sees it (their comments page); a reply that was hidden tells nobody."""
    author = comment.author
    return [author] if author is not None and author.active else []


def alliance_leads(use_case, territory_id):
    """The leads of the territories already in the use case's alliance, other than the one that
    joins or leaves it, who may see the use case (every one who is logged in may)."""
    from roadmap.workshops.permissions import can_view_use_case

    others = {a.territory_id for a in use_case.alliances if a.territory_id != territory_id}
    return [u for u in territory_leads(others) if can_view_use_case(u, use_case)]


def inviter(invitation):
    user = invitation.invited_by
    return [user] if user is not None and user.active else []


def workshop_registered(workshop):
    """Those registered to the workshop who still may see it (workshops.permissions.can_view_workshop:
    a person who left an invited territory is not reminded)."""
    from roadmap.workshops.models import Registration, RegistrationStatus
    from roadmap.workshops.permissions import can_view_workshop

    people = _active(select(User).join(Registration, Registration.user_id == User.id).where(
        Registration.workshop_id == workshop.id, Registration.status == RegistrationStatus.REGISTERED))
    return [u for u in people if can_view_workshop(u, workshop)]


def participants_without_comment(version):
    """The participants (who all may see and comment a version in consultation) who have not
    commented on it yet."""
    from roadmap.drafts.models import Comment

    commented = select(Comment.author_id).where(Comment.version_id == version.id)
    return _active(select(User).where(User.id.not_in(commented)))


def action_watchers(action, experiment):
    """Who follows an action, and who commented on the roadmap section it comes from (comments not
    hidden), told when one of its experiments moves: only those who may see that experiment
    (followup.permissions.can_view_experiment), so a non-public one tells no outsider."""
    from roadmap.drafts.models import Comment
    from roadmap.followup.models import ActionFollower
    from roadmap.followup.permissions import can_view_experiment

    followers = select(ActionFollower.user_id).where(ActionFollower.action_id == action.id)
    condition = User.id.in_(followers)
    if action.section_id is not None:
        commenters = select(Comment.author_id).where(Comment.section_id == action.section_id,
                                                     Comment.hidden_at.is_(None))
        condition = or_(condition, User.id.in_(commenters))
    return [u for u in _active(select(User).where(condition)) if can_view_experiment(u, experiment)]
