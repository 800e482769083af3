"""An edition in the consolidated PDF (roadmap/exports/roadmap_parts.py): its sections' text, and
what changes when a translation changes (the export's fingerprint)."""
from dataclasses import dataclass

from sqlalchemy import func, select

from roadmap.drafts.models import Section
from roadmap.editions.models import SectionTranslation
from roadmap.extensions import db


@dataclass(frozen=True)
class PrintedSection:
    id: int
    key: str
    position: int
    title: str
    body: str
    body_html: str
    language: str
    to_update: bool


def edition_sections(sections, language):
    """The sections in `language`: their translation, or the source where none exists yet."""
    by_section = {t.section_id: t for t in db.session.scalars(select(SectionTranslation).where(
        SectionTranslation.section_id.in_([s.id for s in sections]), SectionTranslation.language == language))}
    shown = []
    for s in sections:
        t = by_section.get(s.id)
        if t is None:
            shown.append(PrintedSection(s.id, s.key, s.position, s.title, s.body, s.body_html, s.language, False))
        else:
            shown.append(PrintedSection(s.id, s.key, s.position, t.title, t.body, t.body_html, language,
                                        t.to_update(s)))
    return shown


def translations_fingerprint(version, language):
    """Cheap values that change whenever a translation of this edition changes."""
    return list(db.session.execute(
        select(func.count(SectionTranslation.id), func.sum(SectionTranslation.edit_version),
               func.max(SectionTranslation.updated_at), func.sum(SectionTranslation.source_revision))
        .join(Section).where(Section.version_id == version.id, SectionTranslation.language == language)).one())


def published_translations(version):
    """{section id: [SectionTranslation]} of the editions published with `version` (the open data)."""
    from roadmap.editions.service import published_languages

    languages = published_languages(version)
    if not languages:
        return {}
    rows = db.session.scalars(select(SectionTranslation).join(Section).where(
        Section.version_id == version.id, SectionTranslation.language.in_(languages))
        .order_by(SectionTranslation.language)).all()
    by_section = {}
    for row in rows:
        by_section.setdefault(row.section_id, []).append(row)
    return by_section


def edition_texts(translations):
    """The open data of a section's published translations: each text with its language and origin."""
    return [{"lang": t.language, "to_update": t.source_revision != t.section.revision,
             "title": {"text": t.title, "lang": t.language, "source": t.source},
             "body_markdown": {"text": t.body, "lang": t.language, "source": t.source}} for t in translations]


def published_fingerprint(version):
    """Changes when a published edition or one of its translations changes; [] without any."""
    from roadmap.editions.service import published_languages

    languages = published_languages(version)
    if not languages:
        return []
    return [languages] + [translations_fingerprint(version, language) for language in languages]
