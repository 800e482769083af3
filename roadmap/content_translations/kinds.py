"""The kinds of short text that can be translated, and each one's rules: where its text is, who
sees it and who may translate it. Each rule is the feature's own (its permissions module), reused.

A kind's `original(object_id, user)` is the text as `user` may read it, or NotFound (a text the
user may not see does not exist for them); `may_translate(user, original)` says whether they take
part where it was written.
"""
from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select

from roadmap.core.errors import NotFound
from roadmap.core.permissions import is_editor
from roadmap.extensions import db


@dataclass(frozen=True)
class Original:
    kind: str
    object_id: int
    text: str
    language: str
    author_id: object
    url: str  # the page the text is shown on
    may_translate: bool


def _swot_item(object_id, user):
    from roadmap.swot import permissions
    from roadmap.swot.models import ItemStatus, Swot, SwotItem, SwotVersion, SwotVersionItem
    from roadmap.territories.permissions import is_participant

    item = db.session.get(SwotItem, object_id)
    if item is not None and item.status == ItemStatus.ACCEPTED \
            and permissions.can_view_draft(user, item.swot.territory_id):
        return Original("swot_item", object_id, item.text, item.language, item.author_id,
                        url_for("swot.board", slug=item.swot.territory.slug, _anchor=f"item-{item.id}"),
                        is_participant(user))
    # Otherwise its latest submitted copy, under the versions' rule (participants: all; visitors:
    # the last version of a public SWOT).
    row = db.session.execute(
        select(SwotVersionItem, SwotVersion, Swot).join(SwotVersion, SwotVersion.id == SwotVersionItem.version_id)
        .join(Swot, Swot.id == SwotVersion.swot_id).where(SwotVersionItem.item_id == object_id)
        .order_by(SwotVersion.number.desc()).limit(1)).first()
    if row is None:
        raise NotFound()
    copy, version, swot = row
    if not permissions.can_view_versions(user):
        from roadmap.swot.service import last_version

        last = last_version(swot)
        if not (permissions.can_view_last_version(user, swot) and last and last.id == version.id):
            raise NotFound()
    return Original("swot_item", object_id, copy.text, copy.language, copy.author_id,
                    url_for("swot.version", slug=swot.territory.slug, number=version.number), is_participant(user))


def _card(object_id, user):
    from roadmap.workshops import permissions
    from roadmap.workshops.models import Card, Workshop

    card = db.session.get(Card, object_id)
    workshop = db.session.get(Workshop, card.workshop_id) if card is not None else None
    if workshop is None or not permissions.can_view_workshop(user, workshop):
        raise NotFound()
    return Original("card", object_id, card.text, card.language, card.author_id,
                    url_for("workshops.workshop_detail", workshop_id=workshop.id, _anchor=f"card-{card.id}"),
                    permissions.is_participant(user, workshop))


def _comment(object_id, user):
    from roadmap.drafts.models import Comment, can_view_version

    comment = db.session.get(Comment, object_id)
    if comment is None or comment.hidden or not can_view_version(user, comment.version):
        raise NotFound()
    logged_in = bool(user is not None and user.is_authenticated and user.active)
    return Original("comment", object_id, comment.body, comment.language, comment.author_id,
                    url_for("drafts.section_comments", section_id=comment.section_id, _anchor=f"comment-{comment.id}"),
                    logged_in)


def _max_length(kind):
    from roadmap.drafts.service import COMMENT_MAX
    from roadmap.swot.models import TEXT_MAX
    from roadmap.workshops.models import CARD_MAX

    return {"swot_item": TEXT_MAX, "card": CARD_MAX, "comment": COMMENT_MAX}[kind]


LOADERS = {"swot_item": _swot_item, "card": _card, "comment": _comment}
KINDS = tuple(LOADERS)


def original(kind, object_id, user):
    loader = LOADERS.get(kind)
    if loader is None:
        raise NotFound()
    return loader(object_id, user)


def max_length(kind):
    return _max_length(kind)


def may_remove(user, original_text, translation):
    """The text's author, the translator and the editors remove a translation."""
    if not (user is not None and user.is_authenticated and user.active):
        return False
    return is_editor(user) or user.id in {original_text.author_id, translation.translator_id} - {None}
