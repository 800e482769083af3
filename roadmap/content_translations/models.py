"""One translation of one short text into one language.

Generic over the kinds of text (`kind` + `object_id`: see kinds.py), so that every page loads the
translations of all its items in one query. The original's text hash at translation time tells
whether the original changed since ("may be outdated"): a SWOT item's submitted versions, which
keep their own text, are compared with their own text.
"""
import hashlib

import sqlalchemy as sa

from roadmap.core.i18n import LANGUAGE_CODE_MAX
from roadmap.core.models import StrEnum, created_at_column, enum_column, updated_at_column
from roadmap.extensions import db

TRANSLATION_MAX = 5000  # the longest original (a comment) is bounded by its kind; see kinds.py


class TranslationSource(StrEnum):
    HUMAN = "human"  # written by the translator
    MACHINE = "machine"  # suggested by the machine translation engine, accepted by the translator


def text_hash(text):
    """What a translation records of the text it was made from (and compares with later)."""
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()[:32]


class ContentTranslation(db.Model):
    __tablename__ = "content_translation"
    __table_args__ = (
        sa.UniqueConstraint("kind", "object_id", "language", name="uq_content_translation_text_language"),
        sa.CheckConstraint("length(text) >= 1", name="text_not_empty"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    kind = sa.Column(sa.String(20), nullable=False)  # swot_item | card | comment
    object_id = sa.Column(sa.Integer, nullable=False)  # not a foreign key: the kinds are in several tables
    language = sa.Column(sa.String(LANGUAGE_CODE_MAX), nullable=False)
    source_language = sa.Column(sa.String(LANGUAGE_CODE_MAX), nullable=False)
    text = sa.Column(sa.Text, nullable=False)
    source = enum_column(TranslationSource, nullable=False, default=TranslationSource.HUMAN)
    original_hash = sa.Column(sa.String(32), nullable=False)
    translator_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True, index=True)
    # Carried in the form: a later translation replaces this one only if its translator saw it.
    version = sa.Column(sa.Integer, nullable=False, default=1)
    created_at = created_at_column()
    updated_at = updated_at_column()

    translator = db.relationship("User")

    def is_outdated(self, original_text):
        return self.original_hash != text_hash(original_text)

    def shown_as(self, original_text):
        """What a card shows of this translation, for the shared fragment cache's key."""
        return (self.id, self.version, self.language, self.source.value,
                self.translator.display_name if self.translator else None, self.is_outdated(original_text))
