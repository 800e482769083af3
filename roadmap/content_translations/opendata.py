"""The translations in the open data: each text as `{"text", "lang", "source"}`, the original
("human") first, then its translations ("human" or "machine"), in the JSON; in the CSV, one pair of
columns per language of LANGUAGES (`text_en`, `source_en`, ...), the original in its own language's.

Translators' names are left out, as the open data leaves out the authors'."""
from sqlalchemy import select

from roadmap.content_translations.models import ContentTranslation
from roadmap.core.i18n import content_languages
from roadmap.extensions import db


def translations_by_object(kind, object_ids):
    """{object_id: [ContentTranslation]} by language: one query (per thousand ids) for a whole document."""
    ids = sorted({i for i in object_ids if i is not None})
    found = {}
    for start in range(0, len(ids), 1000):
        for translation in db.session.scalars(
                select(ContentTranslation).where(ContentTranslation.kind == kind,
                                                 ContentTranslation.object_id.in_(ids[start:start + 1000]))
                .order_by(ContentTranslation.object_id, ContentTranslation.language)):
            found.setdefault(translation.object_id, []).append(translation)
    return found


def texts(text, language, translations):
    """The original and its translations, as open data."""
    return [{"text": text, "lang": language, "source": "human"}] + [
        {"text": t.text, "lang": t.language, "source": t.source.value} for t in translations or ()
        if t.language != language]


def csv_columns():
    return [name for code in content_languages() for name in (f"text_{code}", f"source_{code}")]


def csv_cells(text, language, translations):
    """{"text_fr": ..., "source_fr": ..., "text_en": ...} for one text."""
    cells = {name: "" for name in csv_columns()}
    for entry in texts(text, language, translations):
        if f"text_{entry['lang']}" in cells:
            cells[f"text_{entry['lang']}"], cells[f"source_{entry['lang']}"] = entry["text"], entry["source"]
    return cells


def fingerprint(kind):
    """What changes when a translation of this kind is added, replaced or removed (the exports'
    fingerprints: a document is made again only when its content changed)."""
    from sqlalchemy import func

    return list(db.session.execute(select(func.count(ContentTranslation.id), func.max(ContentTranslation.updated_at),
                                          func.sum(ContentTranslation.version))
                                   .where(ContentTranslation.kind == kind)).one())
