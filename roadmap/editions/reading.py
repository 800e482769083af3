"""Reading an edition: the version page (roadmap/drafts) shows a version's sections in the
edition's language, with the comments of the source sections, paragraph by paragraph.

Paragraph ids are positions (drafts.service.paragraph_id: p-<section id>-<index>), not texts:
the n-th paragraph of a translation is the n-th of its source, so a comment on either edition
attaches to the same source paragraph. A translation with more paragraphs than its source shows
the extra ones inside the source's last paragraph (ids stay unique, each one commentable).
"""
from dataclasses import dataclass

from flask import request, url_for
from flask_babel import get_locale
from markupsafe import Markup

from roadmap.core.errors import NotFound
from roadmap.core.i18n import LANGUAGE_NAMES, content_languages
from roadmap.core.markdown import Block, cached_blocks
from roadmap.drafts import service as drafts_service
from roadmap.editions import service


class EditionSection:
    """A source section seen through its translation: its id, key and comments are the source's."""

    def __init__(self, section, translation, language):
        self._section, self.translation = section, translation
        self.title = translation.title if translation else section.title
        self.language = language if translation else section.language
        self.to_update = bool(translation and translation.to_update(section))

    def __getattr__(self, name):
        return getattr(self._section, name)


def edition_blocks(section, translation):
    """[(source paragraph id, block)] of a translation, mapped onto its source's paragraph ids."""
    source_count = len(cached_blocks(section.body_html))
    blocks = list(cached_blocks(translation.body_html))
    if source_count and len(blocks) > source_count:
        tail = blocks[source_count - 1:]
        blocks = blocks[:source_count - 1] + [Block(Markup("").join(b.html for b in tail),
                                                    " ".join(b.text for b in tail), tail[0].tag)]
    return [(drafts_service.paragraph_id(section, index), block) for index, block in enumerate(blocks)]


@dataclass
class EditionReading:
    language: str
    is_source: bool
    published: list  # the languages of the editions published with this version
    previewing: bool  # an unpublished edition, shown to who translates it
    sections: list | None  # [(EditionSection, paragraphs)]; None: the source's own
    to_update: list

    def switch(self):
        """[(code, name, url, current)]: the source and every edition this reader may read."""
        links = []
        for code in [service.source_language()] + self.published:
            links.append((code, LANGUAGE_NAMES.get(code, code),
                          url_for(request.endpoint, **(request.view_args or {}), edition=code), code == self.language))
        if self.previewing:
            links.append((self.language, LANGUAGE_NAMES.get(self.language, self.language), request.full_path, True))
        return links


def reading(version, user, requested=None):
    """The edition a reader reads: the one asked for (?edition=), else the reader's interface
    language's when it is published, else the source. Invalid (422) for a language outside
    LANGUAGES; NotFound for an edition this reader may not read (not published, not theirs)."""
    published = service.published_languages(version)
    source = service.source_language()
    if requested:
        if requested not in content_languages():
            service.checked_edition(requested)  # raises Invalid
        language = requested
    else:
        interface = str(get_locale().language) if get_locale() else source
        language = interface if interface in published else source
    if language == source:
        return EditionReading(source, True, published, False, None, [])
    previewing = language not in published
    if previewing and not service.can_translate(user, language):
        raise NotFound()
    return EditionReading(language, False, published, previewing, *_edition_sections(version, language))


def _edition_sections(version, language):
    by_section = service.translations_by_section(version, language)
    sections, to_update = [], []
    for section in version.sections:
        translation = by_section.get(section.id)
        shown = EditionSection(section, translation, language)
        if shown.to_update:
            to_update.append(shown)
        paragraphs = edition_blocks(section, translation) if translation else drafts_service.paragraphs(section)
        sections.append((shown, paragraphs))
    return sections, to_update


def edition_paragraph(section, pid, language, user):
    """The paragraph `pid` of the source section as an edition shows it (the comment form)."""
    reading(section.version, user, language)  # may this reader read it?
    if language == service.source_language():
        return drafts_service.find_paragraph(section, pid)
    translation = service.translation_of(section, language)
    if translation is None:
        return drafts_service.find_paragraph(section, pid)
    for candidate, block in edition_blocks(section, translation):
        if candidate == pid:
            return block
    raise NotFound()


class EditionsHook:
    """What roadmap/drafts asks of the editions (app.extensions["roadmap_editions"])."""

    reading = staticmethod(reading)
    paragraph = staticmethod(edition_paragraph)
