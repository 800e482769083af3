"""Editions of the roadmap: the translations of a version's sections into the other languages of
LANGUAGES, who may make them, and which editions were published with a version.

A translation remembers the source it was made from (the section's revision, title and body):
once the section's revision moves on, the translation is "to update" and the diff since that
snapshot says what changed.
"""
import sqlalchemy as sa

from roadmap.core.i18n import LANGUAGE_CODE_MAX
from roadmap.core.markdown_bounds import default_html_of
from roadmap.core.models import created_at_column
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db


class Translator(db.Model):
    """A person the editors appointed to translate the roadmap into one language."""

    __tablename__ = "edition_translator"
    __table_args__ = (sa.UniqueConstraint("user_id", "language", name="uq_edition_translator_user_language"),)

    id = sa.Column(sa.Integer, primary_key=True)
    user_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    language = sa.Column(sa.String(LANGUAGE_CODE_MAX), nullable=False)
    appointed_by_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at_column()

    user = db.relationship("User", foreign_keys=[user_id])


class SectionTranslation(db.Model):
    """One section in one edition's language, with the source it was translated from."""

    __tablename__ = "section_translation"
    __table_args__ = (
        sa.UniqueConstraint("section_id", "language", name="uq_section_translation_section_language"),
        sa.CheckConstraint("edit_version >= 1", name="edit_version_positive"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    section_id = sa.Column(sa.Integer, sa.ForeignKey("roadmap_section.id", ondelete="CASCADE"), nullable=False,
                           index=True)
    language = sa.Column(sa.String(LANGUAGE_CODE_MAX), nullable=False)
    title = sa.Column(sa.String(200), nullable=False)
    body = sa.Column(sa.Text, nullable=False, default="")
    body_html = sa.Column(sa.Text, nullable=False, default=default_html_of("body"))
    # The source as it was translated: its revision (0: copied from an earlier version while it was
    # already to update) and its text, from which the diff of the source since then is made.
    source_revision = sa.Column(sa.Integer, nullable=False)
    source_title = sa.Column(sa.String(200), nullable=False)
    source_body = sa.Column(sa.Text, nullable=False, default="")
    # Carried by the translation form: a save based on an older translation is refused.
    edit_version = sa.Column(sa.Integer, nullable=False, default=1)
    # "machine": an engine's suggestion (roadmap.machine_translation) that translated_by accepted.
    source = sa.Column(sa.String(16), nullable=False, default="human", server_default="human")
    translated_by_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    updated_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)

    section = db.relationship("Section")
    translated_by = db.relationship("User")

    def to_update(self, section=None):
        """The source section has changed since this translation was made."""
        return self.source_revision != (section or self.section).revision


class PublishedEdition(db.Model):
    """An edition published with a version: readers see it at /roadmap in its language."""

    __tablename__ = "published_edition"
    __table_args__ = (sa.UniqueConstraint("version_id", "language", name="uq_published_edition_version_language"),)

    id = sa.Column(sa.Integer, primary_key=True)
    version_id = sa.Column(sa.Integer, sa.ForeignKey("roadmap_version.id", ondelete="CASCADE"), nullable=False,
                           index=True)
    language = sa.Column(sa.String(LANGUAGE_CODE_MAX), nullable=False)
    # Published although some of its sections were to update (the editor confirmed it): their keys.
    published_to_update = sa.Column(sa.JSON, nullable=False, default=list)
    published_by_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    published_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
