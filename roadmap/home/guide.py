"""What is expected of a person now: one sentence per step of the process and role, for the
territory page's "next step", the personal home page and the invitation e-mail."""
from flask_babel import lazy_gettext as _l

from roadmap.process.models import StepKind

# (step, role) -> the sentence; role is "lead", "member", "partner" or "editor".
NEXT_STEP = {
    (StepKind.SWOT, "lead"): _l("Fill in the SWOT of %(territory)s: its strengths, weaknesses, opportunities and "
                                "threats for Self Data, with your members and partners, then submit it."),
    (StepKind.SWOT, "member"): _l("Contribute to the SWOT of %(territory)s: add its strengths, weaknesses, "
                                  "opportunities and threats for Self Data."),
    (StepKind.SWOT, "partner"): _l("Propose items to the SWOT of %(territory)s: its lead accepts or declines "
                                   "them."),
    (StepKind.SWOT, "editor"): _l("Follow the territories' SWOT diagnostics and invite the people missing."),
    (StepKind.WORKSHOPS, "lead"): _l("Register for the co-design workshops and commit %(territory)s to the use "
                                     "cases it will carry with other territories."),
    (StepKind.WORKSHOPS, "member"): _l("Register for the co-design workshops of %(territory)s and co-design its "
                                       "use cases."),
    (StepKind.WORKSHOPS, "partner"): _l("Register for the co-design workshops to which %(territory)s invites you "
                                        "and bring your know-how to its use cases."),
    (StepKind.WORKSHOPS, "editor"): _l("Schedule the co-design workshops and invite the territories and partners."),
    (StepKind.SHARING, "lead"): _l("Comment on the draft roadmap for %(territory)s: the editors answer every "
                                   "comment."),
    (StepKind.SHARING, "member"): _l("Comment on the draft roadmap: the editors answer every comment."),
    (StepKind.SHARING, "partner"): _l("Comment on the draft roadmap: the editors answer every comment."),
    (StepKind.SHARING, "editor"): _l("Open the consultation on the draft roadmap, answer the comments, then "
                                     "publish the final version."),
}


def next_step_text(step, role, territory_name=""):
    """The sentence for this step and role ("" without a step)."""
    if step is None:
        return ""
    template = NEXT_STEP.get((step.kind, role)) or NEXT_STEP[(step.kind, "member")]
    return str(template) % {"territory": territory_name}


def next_step_endpoint(step, role, slug=None):
    """(endpoint, values) of the page where that step's work is done."""
    if step is None:
        return "process.steps", {}
    if step.kind == StepKind.SWOT and slug:
        return "swot.board", {"slug": slug}
    if step.kind == StepKind.WORKSHOPS:
        return "workshops.workshop_list", {}
    if step.kind == StepKind.SHARING:
        return "drafts.current", {}
    return "process.steps", {}


def first_visit_path(user, invitation):
    """Where a person lands once they accepted their invitation: a lead or member on their
    territory's page (its next step spelled out), a partner on the territory they were invited for
    or the one their organisation works with (the home page, which lists them, when several)."""
    from flask import url_for

    if invitation.territory is not None:
        return url_for("territories.territory_detail", slug=invitation.territory.slug)
    if invitation.organisation is not None and len(invitation.organisation.territories) == 1:
        return url_for("territories.territory_detail", slug=invitation.organisation.territories[0].slug)
    return url_for("process.home")


def role_on_territory(user, territory_id):
    """'lead', 'member', 'partner' (tied to it) or None, for the sentence a person reads."""
    from roadmap.territories.permissions import is_tied_partner, territory_role

    if not getattr(user, "is_authenticated", False):
        return None
    role = territory_role(user, territory_id)
    if role is not None:
        return role
    if any(m.organisation_id for m in user.memberships) and is_tied_partner(user, territory_id):
        return "partner"
    return None
