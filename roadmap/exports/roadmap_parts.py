"""The roadmap's parts of the document: the sections of the exported version, and the synthesis
of its consultation (comments by status and by section, the accepted ones with their answers).

Only what a visitor of that version may read: hidden comments never appear, nor who wrote what.
"""
from collections import defaultdict

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from roadmap.core.csvfiles import CsvTable, labels_by_value
from roadmap.core.markdown import render_markdown
from roadmap.drafts.labels import STANCE_LABELS, STATUS_LABELS
from roadmap.drafts.models import Comment, CommentStatus, RoadmapVersion, Section
from roadmap.exports.builtin import rows_digest
from roadmap.exports.parts import DocumentPart, Heading, register_document_part
from roadmap.extensions import db

ACCEPTED = (CommentStatus.ACCEPTED, CommentStatus.PARTLY_ACCEPTED)


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


class RoadmapPart(DocumentPart):
    id = "roadmap"
    order = 100
    title = _l("The roadmap")
    template = "exports/print/roadmap.html"

    def headings(self, ctx):
        if _version(ctx) is None:
            return []
        return [Heading(self.anchor, str(self.title), 1)] + [
            Heading(f"section-{s.key}", s.title, 2) for s in _sections(ctx)]

    def html(self, ctx):
        return super().html(ctx) if _version(ctx) is not None else ""

    def template_values(self, ctx):
        from roadmap.exports.section_citations import section_citations

        return {"version": _version(ctx), "sections": _sections(ctx), "render_markdown": render_markdown,
                "supports": section_citations(ctx, _sections(ctx))}

    def data(self, ctx):
        version = _version(ctx)
        if version is None:
            return None
        return {"number": version.number, "state": version.state.value,
                "published_at": version.published_at.isoformat() if version.published_at else None,
                "sections": [{"key": s.key, "position": s.position, "title": s.title, "body_markdown": s.body}
                             for s in _sections(ctx)]}

    def csv_tables(self, ctx):
        rows = [] if _version(ctx) is None else [
            {"version": ctx.version_number, "position": s.position, "key": s.key, "title": s.title,
             "body_markdown": s.body} for s in _sections(ctx)]
        return {"roadmap_sections": CsvTable(("version", "position", "key", "title", "body_markdown"), rows)}

    def fingerprint_parts(self, ctx):
        version = _version(ctx)
        if version is None:
            return [None]
        rows = db.session.execute(select(Section.id, Section.position, Section.revision, Section.title,
                                         func.length(Section.body))
                                  .where(Section.version_id == version.id).order_by(Section.id)).all()
        from roadmap.exports.section_citations import citations_fingerprint

        return [version.id, version.state.value, version.published_at, rows_digest(rows),
                citations_fingerprint(_sections(ctx))]


def _visible_comments(version):
    return (Comment.version_id == version.id, Comment.parent_id.is_(None), Comment.hidden_at.is_(None))


class ConsultationPart(DocumentPart):
    id = "consultation"
    order = 400
    title = _l("Synthesis of the consultation")
    template = "exports/print/consultation.html"

    def _synthesis(self, ctx):
        def compute():
            version = _version(ctx)
            rows = db.session.execute(select(Comment.section_id, Comment.status, func.count(Comment.id))
                                      .where(*_visible_comments(version))
                                      .group_by(Comment.section_id, Comment.status)).all()
            cells, totals = defaultdict(int), defaultdict(int)
            for section_id, status, count in rows:
                cells[(section_id, status)] += count
                totals[status] += count
            accepted = db.session.scalars(select(Comment).where(*_visible_comments(version),
                                                                Comment.status.in_(ACCEPTED))
                                          .join(Section, Section.id == Comment.section_id)
                                          .order_by(Section.position, Comment.created_at, Comment.id)).all()
            return {"cells": cells, "totals": totals, "total": sum(totals.values()), "accepted": accepted}
        return ctx.once("consultation", compute)

    def _has_consultation(self, ctx):
        version = _version(ctx)
        return version is not None and version.consultation_opened_at is not None

    def headings(self, ctx):
        return super().headings(ctx) if self._has_consultation(ctx) else []

    def html(self, ctx):
        return super().html(ctx) if self._has_consultation(ctx) else ""

    def template_values(self, ctx):
        sections = {s.id: s for s in _sections(ctx)}
        return {"synthesis": self._synthesis(ctx), "sections": list(sections.values()), "by_id": sections,
                "statuses": list(CommentStatus), "status_labels": STATUS_LABELS}

    def data(self, ctx):
        if not self._has_consultation(ctx):
            return None
        synthesis, sections = self._synthesis(ctx), _sections(ctx)
        by_id = {s.id: s for s in sections}
        return {
            "comments": synthesis["total"],
            "by_status": {status.value: synthesis["totals"].get(status, 0) for status in CommentStatus},
            "by_section": [{"section_key": s.key, "title": s.title, "by_status": {
                status.value: synthesis["cells"].get((s.id, status), 0) for status in CommentStatus}}
                for s in sections],
            "accepted": [{"section_key": by_id[c.section_id].key, "status": c.status.value, "quote": c.quote,
                          "comment": c.body, "answer": c.answer} for c in synthesis["accepted"]],
        }

    def csv_tables(self, ctx):
        columns = ("version", "section", "status", "stance", "comment", "answer")
        labels = {"status": labels_by_value(STATUS_LABELS), "stance": labels_by_value(STANCE_LABELS)}
        if not self._has_consultation(ctx):
            return {"consultation_comments": CsvTable(columns, [], labels)}
        by_id = {s.id: s for s in _sections(ctx)}
        comments = db.session.scalars(select(Comment).where(*_visible_comments(_version(ctx)))
                                      .order_by(Comment.id)).all()
        return {"consultation_comments": CsvTable(columns, [
            {"version": ctx.version_number, "section": by_id[c.section_id].title, "status": c.status.value,
             "stance": c.stance.value if c.stance else "", "comment": c.body, "answer": c.answer or ""}
            for c in comments if c.section_id in by_id], labels)}

    def fingerprint_parts(self, ctx):
        version = _version(ctx)
        if version is None:
            return [None]
        return list(db.session.execute(select(
            func.count(Comment.id), func.max(Comment.created_at), func.max(Comment.edited_at),
            func.max(Comment.answered_at), func.max(Comment.hidden_at), func.sum(func.length(Comment.answer)))
            .where(Comment.version_id == version.id)).one()) + [version.consultation_opened_at]


def register_roadmap_parts(app):
    register_document_part(app, RoadmapPart())
    register_document_part(app, ConsultationPart())
