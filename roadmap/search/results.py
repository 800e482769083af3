"""What a result shows and where it leads: one statement per kind present on the page."""
from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from roadmap.accounts.models import User
from roadmap.drafts.models import Comment, RoadmapVersion, Section
from roadmap.core.i18n import table_date
from roadmap.extensions import db
from roadmap.search.highlight import mark, snippet
from roadmap.swot.forms import QUADRANT_SINGULAR
from roadmap.swot.models import Swot, SwotItem, SwotVersion, SwotVersionItem
from roadmap.territories.models import Organisation, Territory
from roadmap.workshops.labels import THEME_LABELS
from roadmap.workshops.models import UseCase, Workshop

KIND_LABELS = {
    "swot_item": _l("SWOT item (draft)"), "swot_version_item": _l("SWOT item (submitted version)"),
    "use_case": _l("Use case"), "section": _l("Roadmap section"), "comment": _l("Comment"),
    "workshop": _l("Workshop"), "territory": _l("Territory"), "organisation": _l("Partner organisation"),
}


@dataclass(frozen=True)
class Hit:
    kind: str
    kind_label: object
    title: object    # Markup
    context: str
    snippet: object  # Markup
    url: str
    lang: object = None  # the language the thing is written in; None: CONTENT_LANGUAGE (names, descriptions)
    own_title: bool = False  # the title is the thing's own text (in `lang`), not a sentence of the interface


def _swot_item(ids):
    rows = db.session.execute(
        select(SwotItem.id, SwotItem.quadrant, SwotItem.language, Territory.name, Territory.slug)
        .join(Swot, Swot.id == SwotItem.swot_id).join(Territory, Territory.id == Swot.territory_id)
        .where(SwotItem.id.in_(ids)))
    return {r.id: (_l("SWOT of %(name)s", name=r.name), QUADRANT_SINGULAR[r.quadrant],
                   url_for("swot.board", slug=r.slug, _anchor=f"item-{r.id}"), r.language) for r in rows}


def _swot_version_item(ids):
    rows = db.session.execute(
        select(SwotVersionItem.id, SwotVersionItem.quadrant, SwotVersionItem.language, SwotVersion.number,
               Territory.name, Territory.slug)
        .join(SwotVersion, SwotVersion.id == SwotVersionItem.version_id).join(Swot, Swot.id == SwotVersion.swot_id)
        .join(Territory, Territory.id == Swot.territory_id).where(SwotVersionItem.id.in_(ids)))
    return {r.id: (_l("SWOT of %(name)s, version %(number)d", name=r.name, number=r.number),
                   QUADRANT_SINGULAR[r.quadrant], url_for("swot.version", slug=r.slug, number=r.number),
                   r.language) for r in rows}


def _section(ids):
    rows = db.session.execute(select(Section.id, Section.title, Section.language, RoadmapVersion.number)
                              .join(RoadmapVersion, RoadmapVersion.id == Section.version_id).where(Section.id.in_(ids)))
    return {r.id: (r.title, _l("Roadmap, version %(number)d", number=r.number),
                   url_for("drafts.version", number=r.number, _anchor=f"section-{r.id}"), r.language) for r in rows}


def _comment(ids):
    rows = db.session.execute(
        select(Comment.id, Comment.created_at, Comment.language, Section.title, RoadmapVersion.number,
               User.display_name)
        .join(Section, Section.id == Comment.section_id).join(RoadmapVersion, RoadmapVersion.id == Comment.version_id)
        .join(User, User.id == Comment.author_id).where(Comment.id.in_(ids)))
    return {r.id: (_l("Comment by %(name)s on “%(section)s”", name=r.display_name, section=r.title),
                   _l("Roadmap, version %(number)d, %(date)s", number=r.number, date=table_date(r.created_at)),
                   url_for("search.open_comment", comment_id=r.id), r.language) for r in rows}


def _workshop(ids):
    rows = db.session.execute(select(Workshop.id, Workshop.title, Workshop.starts_at, Workshop.agenda_language)
                              .where(Workshop.id.in_(ids)))
    return {r.id: (r.title, table_date(r.starts_at), url_for("workshops.workshop_detail", workshop_id=r.id),
                   r.agenda_language) for r in rows}


def _use_case(ids):
    rows = db.session.execute(select(UseCase.id, UseCase.title, UseCase.theme, UseCase.language)
                              .where(UseCase.id.in_(ids)))
    return {r.id: (r.title, THEME_LABELS.get(r.theme, ""), url_for("use_cases.use_case_detail", use_case_id=r.id),
                   r.language) for r in rows}


def _territory(ids):
    rows = db.session.execute(select(Territory.id, Territory.name, Territory.slug).where(Territory.id.in_(ids)))
    return {r.id: (r.name, "", url_for("territories.territory_detail", slug=r.slug), None) for r in rows}


def _organisation(ids):
    rows = db.session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids)))
    return {r.id: (r.name, "", url_for("search.open_organisation", organisation_id=r.id), None) for r in rows}


LOADERS = {"swot_item": _swot_item, "swot_version_item": _swot_version_item, "section": _section,
           "comment": _comment, "workshop": _workshop, "use_case": _use_case, "territory": _territory,
           "organisation": _organisation}
# Kinds whose index title is the thing's own title (the others show a title made when shown).
TITLED = {"section", "workshop", "use_case", "territory", "organisation"}
# Kinds whose title is written in the thing's language (names of places and bodies are not marked).
OWN_LANGUAGE_TITLES = {"section", "workshop", "use_case"}


def hits(entries, terms):
    """The page's entries as results, in rank order; an entry whose row has just gone is left out."""
    by_kind = {}
    for entry in entries:
        by_kind.setdefault(entry.kind, []).append(entry.object_id)
    shown = {kind: LOADERS[kind](ids) for kind, ids in by_kind.items()}
    out = []
    for entry in entries:
        found = shown[entry.kind].get(entry.object_id)
        if found is None:
            continue
        title, context, url, lang = found
        out.append(Hit(kind=entry.kind, kind_label=KIND_LABELS[entry.kind],
                       title=mark(str(title), terms) if entry.kind in TITLED else mark(str(title), ()),
                       context=str(context), snippet=snippet(entry.body, terms), url=url, lang=lang,
                       own_title=entry.kind in OWN_LANGUAGE_TITLES))
    return out
