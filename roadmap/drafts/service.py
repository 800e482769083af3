"""The rules of the roadmap: versions, sections, consultation, comments and answers.

Every function checks its rule itself (the routes may have checked already: that is fine),
changes the session and flush()es; the request commits once. Times are naive UTC.
"""
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from roadmap.core.audit import record_audit
from roadmap.core.errors import Conflict, Invalid, NotAllowed, NotFound
from roadmap.core.i18n import checked_language, sentence_datetime
from roadmap.core.markdown import cached_blocks
from roadmap.core.markdown_bounds import MarkdownRefused, render_for_storage
from roadmap.core.timeutil import utcnow
from roadmap.drafts.signals import section_changed, version_created
from roadmap.drafts.models import (
    Comment, CommentReport, CommentStatus, RoadmapVersion, Section, SectionSwotCitation, SectionUseCaseCitation,
    Stance, VersionState, can_comment, can_edit_comment, can_edit_roadmap, can_moderate, can_report,
    can_view_version,
)
from roadmap.extensions import db
from roadmap.notifications import events
from roadmap.swot.models import SwotVersionItem
from roadmap.territories.models import MembershipRole
from roadmap.workshops.models import UseCase

COMMENT_MAX = 5000


# --- Reading ------------------------------------------------------------------------------------

def get_version(number, user):
    """The version numbered `number`, if this user may see it; NotFound otherwise (no leak)."""
    version = db.session.scalar(select(RoadmapVersion).where(RoadmapVersion.number == number))
    if version is None or not can_view_version(user, version):
        raise NotFound()
    return version


def current_version():
    """The published version readers see at /roadmap: the latest published one."""
    return db.session.scalar(
        select(RoadmapVersion).where(RoadmapVersion.state == VersionState.PUBLISHED)
        .order_by(RoadmapVersion.number.desc()).limit(1)
    )


def running_consultation(now=None):
    """The version open for comments right now, if any (one at a time: opening one closes the earlier)."""
    return db.session.scalar(
        select(RoadmapVersion).where(RoadmapVersion.state == VersionState.CONSULTATION,
                                     RoadmapVersion.closes_at > (now or utcnow()))
        .order_by(RoadmapVersion.number.desc()).limit(1))


def latest_version():
    return db.session.scalar(select(RoadmapVersion).order_by(RoadmapVersion.number.desc()).limit(1))


def paragraph_id(section, index):
    return f"p-{section.id}-{index}"


def paragraphs(section):
    """[(paragraph id, block)] of a section; ids are stable as long as the version is frozen."""
    return [(paragraph_id(section, i), block) for i, block in enumerate(cached_blocks(section.body_html))]


def find_paragraph(section, pid):
    for candidate, block in paragraphs(section):
        if candidate == pid:
            return block
    return None


# --- Drafting -----------------------------------------------------------------------------------

def _require_editor(user):
    if not can_edit_roadmap(user):
        raise NotAllowed()


def require_draft(user, version):
    """The rule of every drafting form (its page and its save): editors, on a draft."""
    _require_editor(user)
    if version.state != VersionState.DRAFT:
        raise Conflict(_("Only a draft can be changed; create a new version to change this text."))


def create_next_version(user):
    """Version N+1, a draft holding a copy of version N's sections (keys kept for the diff).

    Only one draft at a time. A version in consultation may be followed by the next draft: that
    is how the editors take the comments into account (its consultation goes on until it closes).
    """
    _require_editor(user)
    latest = latest_version()
    if latest is not None and latest.state == VersionState.DRAFT:
        raise Conflict(_("Version %(number)d is not published yet: finish it before starting another one.",
                         number=latest.number))
    version = RoadmapVersion(number=(latest.number + 1) if latest else 1, state=VersionState.DRAFT)
    db.session.add(version)
    if latest is not None:
        previous = db.session.scalars(
            select(Section).where(Section.version_id == latest.id).order_by(Section.position)
            .options(selectinload(Section.swot_citations), selectinload(Section.use_case_citations))
        ).all()
        for section in previous:
            version.sections.append(Section(
                key=section.key, position=section.position, title=section.title, body=section.body,
                body_html=section.body_html, language=section.language,
                swot_citations=[SectionSwotCitation(swot_version_item_id=c.swot_version_item_id)
                                for c in section.swot_citations],
                use_case_citations=[SectionUseCaseCitation(use_case_id=c.use_case_id)
                                    for c in section.use_case_citations],
            ))
    db.session.flush()
    version_created.send(current_app._get_current_object(), version=version, previous=latest)
    return version


def add_section(user, version, title, body, language=None):
    require_draft(user, version)
    language = checked_language(language)
    position = db.session.scalar(
        select(func.coalesce(func.max(Section.position), 0)).where(Section.version_id == version.id)
    ) + 1
    section = Section(version=version, title=title.strip(), body=body or "", body_html=_section_html(body),
                      position=position, language=language)
    db.session.add(section)
    db.session.flush()
    return section


def update_section(user, section, title, body, seen_revision, language=None):
    """Rename and rewrite a section; refused if somebody saved it since `seen_revision` was read."""
    require_draft(user, section.version)
    language = checked_language(language, section.language)
    result = db.session.execute(
        update(Section).where(Section.id == section.id, Section.revision == seen_revision)
        .values(title=title.strip(), body=body or "", body_html=_section_html(body), language=language,
                revision=Section.revision + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict(_("Somebody else saved this section in the meantime. Their text is shown below; "
                         "copy your changes into it and save again."))
    db.session.refresh(section)
    section_changed.send(current_app._get_current_object(), section=section, user=user)
    return section


def _section_html(body):
    """The text's HTML, rendered once here within bounds (pages and exports serve it as stored)."""
    try:
        return render_for_storage(body)
    except MarkdownRefused as refused:
        raise Invalid(refused.message) from None


def delete_section(user, section):
    require_draft(user, section.version)
    version = section.version
    version.sections.remove(section)
    db.session.delete(section)
    for position, remaining in enumerate(version.sections, start=1):
        remaining.position = position
    db.session.flush()


def move_section(user, section, offset):
    """Swap a section with its neighbour above (offset -1) or below (+1)."""
    require_draft(user, section.version)
    ordered = list(section.version.sections)
    index = ordered.index(section)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(ordered):
        raise Invalid(_("This section cannot move further."))
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered, start=1):
        item.position = position
    section.version.sections[:] = ordered  # the loaded list follows the new order too
    db.session.flush()


# --- Traceability: what supports a section ------------------------------------------------------

def _known_id(model, ident):
    return db.session.get(model, ident) if isinstance(ident, int) and not isinstance(ident, bool) else None


def cite_swot_item(user, section, item_id):
    """The section cites a SWOT item as a territory submitted it (a row of a SWOT version).

    Only submitted items can be cited: `item_id` names a frozen SwotVersionItem, never a draft
    item or a pending proposal, so the cited text cannot change afterwards. Citing twice changes
    nothing; returns True when the citation is new.
    """
    return _cite(user, section, SectionSwotCitation.swot_version_item_id, SwotVersionItem, item_id,
                 _("Choose an item of a submitted SWOT from the list."))


def cite_use_case(user, section, use_case_id):
    """The section cites a use case; citing twice changes nothing. True when the citation is new."""
    return _cite(user, section, SectionUseCaseCitation.use_case_id, UseCase, use_case_id,
                 _("Choose a use case from the list."))


def uncite_swot_item(user, section, item_id):
    _uncite(user, section, SectionSwotCitation.swot_version_item_id, item_id,
            _("This section does not cite this item."))


def uncite_use_case(user, section, use_case_id):
    _uncite(user, section, SectionUseCaseCitation.use_case_id, use_case_id,
            _("This section does not cite this use case."))


def _citation(section, cited_column, cited_id):
    citation = cited_column.class_
    return db.session.scalar(select(citation).where(citation.section_id == section.id, cited_column == cited_id))


def _cite(user, section, cited_column, cited_model, cited_id, unknown):
    require_draft(user, section.version)
    cited = _known_id(cited_model, cited_id)
    if cited is None:
        raise Invalid(unknown)
    if _citation(section, cited_column, cited.id) is not None:
        return False
    db.session.add(cited_column.class_(section_id=section.id, **{cited_column.key: cited.id}))
    db.session.flush()
    return True


def _uncite(user, section, cited_column, cited_id, missing):
    require_draft(user, section.version)
    citation = _citation(section, cited_column, cited_id)
    if citation is None:
        raise NotFound(missing)
    db.session.delete(citation)
    db.session.flush()


def open_consultation(user, version, closes_at, now=None):
    """The draft goes to consultation; an earlier consultation still running closes now (one at a time)."""
    now = now or utcnow()
    require_draft(user, version)
    if not version.sections:
        raise Invalid(_("Write at least one section before opening the consultation."))
    if closes_at <= now:
        raise Invalid(_("The closing date must be in the future."))
    for earlier in pending_consultations(version):
        if earlier.closes_at > now:
            earlier.closes_at = now
    version.state, version.closes_at, version.consultation_opened_at = VersionState.CONSULTATION, closes_at, now
    record_audit(user, "roadmap.consultation_opened", version, summary=f"version {version.number}",
                 closes_at=closes_at.isoformat())
    db.session.flush()
    events.consultation_opened(version, user)


# --- Publication --------------------------------------------------------------------------------

def pending_consultations(version):
    """The consultations publishing `version` answers and closes: its own, if it was consulted on,
    and those of the earlier versions since the last published one (the versions it follows)."""
    last_published = db.session.scalar(
        select(func.coalesce(func.max(RoadmapVersion.number), 0))
        .where(RoadmapVersion.state == VersionState.PUBLISHED, RoadmapVersion.number < version.number))
    return db.session.scalars(
        select(RoadmapVersion).where(
            RoadmapVersion.state == VersionState.CONSULTATION, RoadmapVersion.number > last_published,
            RoadmapVersion.number <= version.number)
        .order_by(RoadmapVersion.number)
    ).all()


@dataclass(frozen=True)
class PublicationPreview:
    """What publishing a version will do, for its confirmation page."""

    version: RoadmapVersion
    consultations: list  # versions whose consultation the publication closes
    open_comments: int  # comments of those consultations nobody answered yet
    closing_early: list  # consultations whose announced closing date is still ahead
    refusal: str | None  # why it cannot be published, None when it can


def publication_refusal(version):
    # Read only, to refuse a publication that would change a PDF being made; exports sit above drafts.
    from roadmap.exports.models import ACTIVE_STATES, Export

    if version.state == VersionState.PUBLISHED:
        return _("Version %(number)d is already published.", number=version.number)
    latest = latest_version()
    if latest is not None and latest.id != version.id:
        return _("Only the latest version can be published: version %(number)d is more recent.",
                 number=latest.number)
    if not version.sections:
        return _("This version has no section: write the roadmap before publishing it.")
    if version.state == VersionState.DRAFT and db.session.scalar(
            select(func.count(RoadmapVersion.id)).where(RoadmapVersion.number < version.number,
                                                        RoadmapVersion.consultation_opened_at.is_not(None))) == 0:
        return _("No earlier version was consulted on: open a consultation on this one before publishing it.")
    if db.session.scalar(select(func.count(Export.id)).where(
            Export.version_number == version.number, Export.state.in_(ACTIVE_STATES))):
        return _("An export of version %(number)d is being made: wait until it is finished, then publish.",
                 number=version.number)
    return None


def publication_preview(version, now=None):
    now = now or utcnow()
    consultations = pending_consultations(version)
    open_comments = db.session.scalar(select(func.count(Comment.id)).where(
        Comment.version_id.in_([v.id for v in consultations]), Comment.parent_id.is_(None),
        Comment.hidden_at.is_(None), Comment.status == CommentStatus.OPEN)) if consultations else 0
    return PublicationPreview(version=version, consultations=consultations, open_comments=open_comments,
                              closing_early=[v for v in consultations if v.closes_at > now],
                              refusal=publication_refusal(version))


def publish_version(user, version, now=None):
    """Publish the latest version as the current roadmap: after its own consultation, or as the final
    version after the consultation of an earlier one. Closes the consultations it answers.

    Refused, with nothing changed, for a version already published, one that is not the latest,
    a draft when nothing was consulted on before, or while an export of it is being made.
    """
    now = now or utcnow()
    _require_editor(user)
    preview = publication_preview(version, now)
    if preview.refusal:
        raise Conflict(preview.refusal)
    # Two editors confirming at once: only the first one's update finds the version unpublished.
    result = db.session.execute(
        update(RoadmapVersion).where(RoadmapVersion.id == version.id, RoadmapVersion.state == version.state)
        .values(state=VersionState.PUBLISHED, published_at=now).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Conflict(_("Version %(number)d is already published.", number=version.number))
    for consulted in preview.consultations:
        if consulted.closes_at > now:
            consulted.closes_at = now  # publishing ends the consultation
    db.session.flush()
    db.session.refresh(version)
    version.consultations = list(preview.consultations)  # what led to it, shown with it
    record_audit(user, "roadmap.published", version, summary=f"version {version.number}",
                 closed_consultations=[v.number for v in preview.consultations])
    db.session.flush()
    events.version_published(version, user)


# --- Consultation -------------------------------------------------------------------------------

def closed_message(version):
    return _("The consultation closed on %(date)s: comments are no longer accepted.",
             date=sentence_datetime(version.closes_at))


def _require_open(user, version, now):
    if version.state == VersionState.CONSULTATION and not version.consultation_open(now):
        raise Invalid(closed_message(version))
    if not can_comment(user, version, now):
        raise NotAllowed(_("This version is not open for comments."))


def require_comment(user, version, now=None):
    """The rule of the comment form, its page and its save: the version is open to this person."""
    _require_open(user, version, now or utcnow())


def _clean_body(body):
    body = (body or "").strip()
    if not body:
        raise Invalid(_("Write your comment."))
    if len(body) > COMMENT_MAX:
        raise Invalid(_("At most %(max)d characters.", max=COMMENT_MAX))
    return body


def speaks_for(user):
    """Whom a person speaks for as they write: their territory (as lead first), else their
    organisation; editors and people without a membership speak for themselves."""
    memberships = sorted(user.memberships, key=lambda m: (m.territory_id is None, m.role != MembershipRole.LEAD, m.id))
    first = memberships[0] if memberships else None
    return {"author_territory_id": first.territory_id if first else None,
            "author_organisation_id": first.organisation_id if first else None}


def signature(user):
    """How a new comment of this person will be signed: their name and whom they speak for."""
    ids = speaks_for(user)
    for membership in user.memberships:
        if (membership.territory_id, membership.organisation_id) == (ids["author_territory_id"],
                                                                       ids["author_organisation_id"]):
            body = membership.territory or membership.organisation
            return f"{user.display_name} ({body.name})"
    return user.display_name


def add_comment(user, section, body, stance, pid=None, quote=None, now=None, language=None, quoted_text=None):
    """A comment on a section, or on one of its paragraphs (with an optional quote of it). A comment
    made on an edition (roadmap/editions) quotes the edition's paragraph: `quoted_text`."""
    now = now or utcnow()
    version = section.version
    require_comment(user, version, now)
    body = _clean_body(body)
    language = checked_language(language)
    try:
        stance = Stance(stance)
    except ValueError:
        raise Invalid(_("Say whether you support, are neutral to or object to the text.")) from None
    quote = " ".join((quote or "").split()) or None
    if pid:
        block = find_paragraph(section, pid)
        if block is None:
            raise Invalid(_("This paragraph does not exist in this section."))
        if quote and quote not in (quoted_text if quoted_text is not None else block.text):
            raise Invalid(_("The quoted passage must be copied from the paragraph."))
    elif quote:
        raise Invalid(_("A quote needs a paragraph."))
    comment = Comment(version=version, section=section, author=user, paragraph_id=pid or None, quote=quote,
                      stance=stance, body=body, language=language, status=CommentStatus.OPEN, created_at=now, **speaks_for(user))
    db.session.add(comment)
    db.session.flush()
    return comment


# One check per action on a comment, used by its form page (GET) and by its save (POST), so
# that a page is never shown whose save would be refused.

def require_reply(user, parent, now=None):
    _require_open(user, parent.version, now or utcnow())
    if parent.hidden:
        raise Invalid(_("This comment has been hidden by the editors: it cannot be answered."))


def require_edit(user, comment, now=None):
    now = now or utcnow()
    if comment.author_id != getattr(user, "id", None):
        raise NotAllowed(_("Only its author can edit a comment."))
    _require_open(user, comment.version, now)
    if not can_edit_comment(user, comment, now):
        raise Invalid(_("A comment can only be edited during the 15 minutes after it was written."))


def require_report(user, comment):
    if not can_report(user, comment):
        raise NotAllowed()


def require_hide(user, comment):
    if not can_moderate(user):
        raise NotAllowed()
    if comment.hidden:
        raise Conflict(_("This comment is already hidden."))


def require_answer(user, comment):
    if not can_moderate(user):
        raise NotAllowed(_("Only the editors answer comments."))
    if comment.is_reply:
        raise Invalid(_("Replies take no status; answer the comment they belong to."))


def reply_to(user, parent, body, now=None, language=None):
    now = now or utcnow()
    require_reply(user, parent, now)
    if parent.is_reply:
        parent = parent.parent  # threads stay one level deep
    reply = Comment(version=parent.version, section=parent.section, parent=parent, author=user,
                    paragraph_id=parent.paragraph_id, body=_clean_body(body), language=checked_language(language),
                    status=CommentStatus.OPEN,
                    created_at=now, **speaks_for(user))
    db.session.add(reply)
    db.session.flush()
    events.comment_replied(reply, user)
    return reply


def edit_comment(user, comment, body, stance=None, now=None, language=None):
    now = now or utcnow()
    require_edit(user, comment, now)
    comment.body = _clean_body(body)
    comment.language = checked_language(language, comment.language)
    if stance and not comment.is_reply:
        try:
            comment.stance = Stance(stance)
        except ValueError:
            raise Invalid(_("Say whether you support, are neutral to or object to the text.")) from None
    comment.edited_at = now
    db.session.flush()
    return comment


def report_comment(user, comment, reason=""):
    """Flag a comment to the editors; reporting twice is harmless."""
    require_report(user, comment)
    exists = db.session.scalar(select(CommentReport.id).where(
        CommentReport.comment_id == comment.id, CommentReport.reporter_id == user.id))
    if exists is None:
        db.session.add(CommentReport(comment=comment, reporter=user, reason=(reason or "").strip()[:1000]))
        db.session.flush()
        events.comment_reported(comment, user)


def hide_comment(user, comment, reason, now=None):
    """Hide a comment; its place in the thread stays, with the reason and who hid it."""
    require_hide(user, comment)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give the reason why this comment is hidden."))
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = now or utcnow(), user, reason[:1000]
    record_audit(user, "comment.hidden", comment, summary=reason[:200], subject=comment.author)
    db.session.flush()


def answer_comment(user, comment, status, answer, now=None, language=None):
    """Set the editors' status and answer; returns True when the author should be told."""
    require_answer(user, comment)
    try:
        status = CommentStatus(status)
    except ValueError:
        raise Invalid(_("Choose a status.")) from None
    answer = (answer or "").strip()
    if status != CommentStatus.OPEN and not answer:
        raise Invalid(_("Write the answer the author will read."))
    language = checked_language(language, comment.answer_language)
    changed = (status, answer) != (comment.status, comment.answer or "")
    comment.status, comment.answer = status, answer or None
    comment.answer_language = language if answer else None
    if changed and answer:
        comment.answered_by, comment.answered_at = user, now or utcnow()
    db.session.flush()
    if changed and answer:
        events.comment_answered(comment, user)
    return changed and bool(answer)
