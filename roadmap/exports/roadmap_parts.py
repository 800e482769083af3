"""The roadmap's parts of the document: the sections of the exported version, and the synthesis
of the consultation that led to it (comments by status and by section, every answer).

Only what a visitor of that version may read: hidden comments never appear, nor who wrote what.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from roadmap.content_translations import opendata as short_translations
from roadmap.core.csvfiles import CsvTable, labels_by_value
from roadmap.drafts.labels import STANCE_LABELS, STATUS_LABELS
from roadmap.drafts.models import Comment, CommentStatus, RoadmapVersion, Section
from roadmap.drafts.synthesis import ACCEPTED, consultation_synthesis, consulted_versions
from roadmap.exports.builtin import rows_digest
from roadmap.exports.parts import DocumentPart, Heading, register_document_part
from roadmap.extensions import db


def _version(ctx):
    if ctx.version_number is None:
        return None
    return ctx.once("roadmap_version", lambda: db.session.scalar(
        select(RoadmapVersion).where(RoadmapVersion.number == ctx.version_number)))


def _sections(ctx):
    version = _version(ctx)
    if version is None:
        return []
    return ctx.once("roadmap_sections", lambda: db.session.scalars(
        select(Section).where(Section.version_id == version.id).order_by(Section.position)).all())


def _shown_sections(ctx):
    """The sections as the document shows them: an edition's translations (roadmap/editions: a
    section not translated yet keeps its source text and language), else the source."""
    if not ctx.edition or _version(ctx) is None:
        return _sections(ctx)
    from roadmap.editions.printing import edition_sections

    return ctx.once("roadmap_edition_sections", lambda: edition_sections(_sections(ctx), ctx.edition))


class RoadmapPart(DocumentPart):
    id = "roadmap"
    order = 100
    title = _l("The roadmap")
    template = "exports/print/roadmap.html"

    def headings(self, ctx):
        if _version(ctx) is None:
            return []
        return [Heading(self.anchor, str(self.title), 1)] + [
            Heading(f"section-{s.key}", s.title, 2) for s in _shown_sections(ctx)]

    def html(self, ctx):
        return super().html(ctx) if _version(ctx) is not None else ""

    def template_values(self, ctx):
        from roadmap.exports.section_citations import section_citations

        return {"version": _version(ctx), "sections": _shown_sections(ctx),
                "supports": section_citations(ctx, _sections(ctx))}

    def data(self, ctx):
        version = _version(ctx)
        if version is None:
            return None
        from roadmap.editions.printing import edition_texts, published_translations

        editions = published_translations(version) if not ctx.edition else {}
        return {"number": version.number, "state": version.state.value,
                "published_at": version.published_at.isoformat() if version.published_at else None,
                "sections": [{"key": s.key, "position": s.position, "title": s.title, "body_markdown": s.body,
                              "lang": s.language, **({"editions": edition_texts(editions[s.id])}
                                                     if s.id in editions else {})}
                             for s in _sections(ctx)]}

    def csv_tables(self, ctx):
        rows = [] if _version(ctx) is None else [
            {"version": ctx.version_number, "position": s.position, "key": s.key, "title": s.title,
             "body_markdown": s.body, "lang": s.language} for s in _sections(ctx)]
        return {"roadmap_sections": CsvTable(("version", "position", "key", "title", "body_markdown", "lang"), rows)}

    def fingerprint_parts(self, ctx):
        version = _version(ctx)
        if version is None:
            return [None]
        rows = db.session.execute(select(Section.id, Section.position, Section.revision, Section.title,
                                         func.length(Section.body))
                                  .where(Section.version_id == version.id).order_by(Section.id)).all()
        from roadmap.exports.section_citations import citations_fingerprint

        parts = [version.id, version.state.value, version.published_at, rows_digest(rows),
                 citations_fingerprint(_sections(ctx))]
        from roadmap.editions.printing import published_fingerprint, translations_fingerprint

        if ctx.edition:
            parts.append(translations_fingerprint(version, ctx.edition))
        else:  # the open data holds the published editions' texts (nothing added without one)
            parts.extend(published_fingerprint(version))
        return parts


def _visible_comments(version_ids):
    return (Comment.version_id.in_(version_ids), Comment.parent_id.is_(None), Comment.hidden_at.is_(None))


class ConsultationPart(DocumentPart):
    """The synthesis of the consultation(s) that led to the exported version (drafts/synthesis.py):
    for a final version, the consultation of the version before it, with every answer."""

    id = "consultation"
    order = 400
    title = _l("Synthesis of the consultation")
    template = "exports/print/consultation.html"

    def _synthesis(self, ctx):
        version = _version(ctx)
        if version is None:
            return None
        return ctx.once("consultation", lambda: consultation_synthesis(version))

    def _has_consultation(self, ctx):
        return self._synthesis(ctx) is not None

    def headings(self, ctx):
        return super().headings(ctx) if self._has_consultation(ctx) else []

    def html(self, ctx):
        return super().html(ctx) if self._has_consultation(ctx) else ""

    def template_values(self, ctx):
        return {"synthesis": self._synthesis(ctx), "statuses": list(CommentStatus), "status_labels": STATUS_LABELS,
                "accepted_statuses": ACCEPTED}

    def data(self, ctx):
        synthesis = self._synthesis(ctx)
        if synthesis is None:
            return None

        def counts(by_status):
            return {status.value: by_status.get(status, 0) for status in CommentStatus}

        translations = short_translations.translations_by_object("comment", [i.comment.id for i in synthesis.answered])

        def answered(item):
            comment = item.comment
            return {"section_key": item.consulted_section.key, "status": comment.status.value,
                    "quote": comment.quote, "comment": comment.body, "comment_lang": comment.language,
                    "comment_texts": short_translations.texts(comment.body, comment.language,
                                                              translations.get(comment.id)),
                    "answer": comment.answer, "answer_lang": comment.answer_language,
                    "answering_section_key": item.answering_section.key if item.answering_section else None}

        return {
            "consulted_versions": [v.number for v in synthesis.consulted],
            "comments": synthesis.total,
            "territories": synthesis.territories, "organisations": synthesis.organisations,
            "by_status": counts(synthesis.by_status),
            "by_section": [{"version": row.section.version.number, "section_key": row.section.key,
                            "title": row.section.title, "by_status": counts(row.by_status)}
                           for row in synthesis.sections],
            "accepted": [answered(i) for i in synthesis.answered if i.comment.status in ACCEPTED],
            "answered": [answered(i) for i in synthesis.answered],
        }

    def csv_tables(self, ctx):
        columns = ["version", "section", "status", "stance", "comment", "lang", "answer", "answer_lang"] + \
            short_translations.csv_columns()
        labels = {"status": labels_by_value(STATUS_LABELS), "stance": labels_by_value(STANCE_LABELS)}
        synthesis = self._synthesis(ctx)
        if synthesis is None:
            return {"consultation_comments": CsvTable(columns, [], labels)}
        by_id = {row.section.id: row.section for row in synthesis.sections}
        comments = db.session.scalars(select(Comment).where(*_visible_comments([v.id for v in synthesis.consulted]))
                                      .order_by(Comment.id)).all()
        translations = short_translations.translations_by_object("comment", [c.id for c in comments])
        return {"consultation_comments": CsvTable(columns, [
            {"version": by_id[c.section_id].version.number, "section": by_id[c.section_id].title,
             "status": c.status.value, "stance": c.stance.value if c.stance else "", "comment": c.body,
             "lang": c.language, "answer": c.answer or "", "answer_lang": c.answer_language or "",
             **short_translations.csv_cells(c.body, c.language, translations.get(c.id))}
            for c in comments if c.section_id in by_id], labels)}

    def fingerprint_parts(self, ctx):
        version = _version(ctx)
        if version is None:
            return [None]
        consulted = consulted_versions(version)
        ids = [v.id for v in consulted]
        return list(db.session.execute(select(
            func.count(Comment.id), func.max(Comment.created_at), func.max(Comment.edited_at),
            func.max(Comment.answered_at), func.max(Comment.hidden_at), func.sum(func.length(Comment.answer)))
            .where(Comment.version_id.in_(ids))).one()) + [(v.id, v.consultation_opened_at) for v in consulted] \
            + [short_translations.fingerprint("comment")]


def register_roadmap_parts(app):
    register_document_part(app, RoadmapPart())
    register_document_part(app, ConsultationPart())
