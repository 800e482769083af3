"""The roadmap's pages: reading, drafting, consultation, answers, comparison."""

from flask import Blueprint, Response, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from roadmap.core.csvfiles import CsvTable, csv_delimiter, csv_text, labels_by_value
from roadmap.core.errors import Conflict, Invalid, NotFound
from roadmap.core.page_cache import cached_page
from roadmap.core.params import MAX_ID, parse_int, query_int, query_page
from roadmap.core.permissions import editor_required, login_required, refuse_form_page
from roadmap.core.timeutil import utcnow
from roadmap.drafts import diff, queries, service, synthesis
from roadmap.drafts.forms import (
    AnswerForm, CitationSearchForm, CiteSwotItemForm, CiteUseCaseForm, CommentForm, ConsultationForm,
    EditCommentForm, HideForm, ReplyForm, ReportForm, SectionForm,
)
from roadmap.drafts.labels import STANCE_LABELS, STATE_LABELS, STATUS_LABELS, ParagraphLabels
from roadmap.drafts.models import (
    Comment, CommentRules, CommentStatus, Section, VersionState, can_comment, can_edit_comment, can_edit_roadmap,
    can_edit_sections, can_moderate, can_reply, can_report, can_view_version,
)
from roadmap.drafts.signals import version_published, version_publishing
from roadmap.extensions import db

bp = Blueprint("drafts", __name__, url_prefix="/roadmap")
# The published version's page lists this many answered comments of its consultation (all of them
# made it 1.1 MiB on seed-large); each consulted section's page has every one.
SYNTHESIS_ANSWERS_SHOWN = 30


def _running_consultation():
    """Read once per request, on the pages that show it (header, home, /roadmap)."""
    if "roadmap_consultation" not in g:
        g.roadmap_consultation = service.running_consultation()
    return g.roadmap_consultation


@bp.app_context_processor
def _labels():
    return {
        "roadmap_running_consultation": _running_consultation,
        "roadmap_state_labels": STATE_LABELS, "roadmap_stance_labels": STANCE_LABELS,
        "roadmap_status_labels": STATUS_LABELS,
        "comment_rules": lambda version: CommentRules(current_user, version),
        "roadmap_rules": {
            "can_comment": can_comment, "can_reply": can_reply, "can_edit_comment": can_edit_comment,
            "can_report": can_report, "can_moderate": can_moderate, "can_edit_sections": can_edit_sections,
        },
    }


def _status(form):
    return 422 if form.is_submitted() else 200


def _section(section_id):
    section = db.session.get(Section, section_id)
    if section is None or not can_view_version(current_user, section.version):
        raise NotFound()
    return section


def _comment(comment_id):
    comment = db.session.get(Comment, comment_id)
    if comment is None or not can_view_version(current_user, comment.version):
        raise NotFound()
    return comment


def _thread_url(comment):
    on_version_page, page = queries.thread_location(comment)
    if on_version_page:
        return url_for("drafts.version", number=comment.version.number, _anchor=f"comment-{comment.id}")
    return url_for("drafts.section_comments", section_id=comment.section_id, page=page, _anchor=f"comment-{comment.id}")


# --- Reading ------------------------------------------------------------------------------------

@bp.get("")
@cached_page
def current():
    version = service.current_version()
    if version is None:
        in_progress = [v for v in queries.visible_versions(current_user) if v.state != VersionState.PUBLISHED]
        return render_template("drafts/none.html", in_progress=in_progress)
    return _render_version(version, is_current=True)


@bp.get("/v/<int:number>")
@cached_page
def version(number):
    version = service.get_version(number, current_user)
    current = service.current_version()
    return _render_version(version, is_current=current is not None and current.id == version.id)


def _edition_reading(version):
    """The edition the reader asked for or reads first (roadmap/editions registers it), else None:
    the source text."""
    editions = current_app.extensions.get("roadmap_editions")
    return editions.reading(version, current_user, request.args.get("edition")) if editions else None


def _render_version(version, is_current):
    commented = version.state != VersionState.DRAFT
    threads = queries.threads_by_section(version) if commented else {}
    counts = queries.thread_counts(version) if commented else {}
    edition = _edition_reading(version)
    sections = edition.sections if edition is not None and edition.sections is not None else [
        (section, service.paragraphs(section)) for section in version.sections]
    supports = queries.supports_by_section([section.id for section, _p in sections], current_user)
    return render_template("drafts/version.html", version=version, sections=sections, threads=threads,
                           supports=supports, edition=edition,
                           thread_counts=counts, threads_per_section=queries.THREADS_PER_SECTION,
                           paragraph_labels=ParagraphLabels(),
                           is_current=is_current, now=utcnow(), versions=queries.visible_versions(current_user),
                           synthesis=synthesis.consultation_synthesis(version, SYNTHESIS_ANSWERS_SHOWN)
                           if version.state == VersionState.PUBLISHED else None,
                           can_view=lambda v: can_view_version(current_user, v),
                           publishable=can_edit_roadmap(current_user)
                           and service.publication_refusal(version) is None,
                           closed_message=service.closed_message(version) if version.closes_at else "")


@bp.get("/sections/<int:section_id>/comments")
def section_comments(section_id):
    """Every thread of one section, a page at a time (the version page shows the latest ones)."""
    section = _section(section_id)
    if section.version.state == VersionState.DRAFT:
        raise NotFound()
    pid = request.args.get("paragraph") or None
    paragraph_number = None
    if pid is not None:
        found = [n for n, (candidate, _block) in enumerate(service.paragraphs(section), start=1) if candidate == pid]
        if not found:
            raise NotFound(_("This paragraph does not exist in this section."))
        paragraph_number = found[0]
    page = queries.section_threads_page(section, query_page(), pid)
    # htmx loads a paragraph's threads in place on the version page: the list alone.
    template = "drafts/_section_threads.html" if request.headers.get("HX-Request") == "true" \
        else "drafts/section_comments.html"
    return render_template(template, section=section, version=section.version, page=page, now=utcnow(),
                           pid=pid, paragraph_number=paragraph_number)


@bp.get("/versions")
def versions():
    return render_template("drafts/versions.html", versions=queries.visible_versions(current_user),
                           current=service.current_version(), can_edit=can_edit_roadmap(current_user))


@bp.get("/compare")
def compare():
    visible = queries.visible_versions(current_user)
    by_number = {v.number: v for v in visible}
    old_number = query_int("from")
    new_number = query_int("to")
    if old_number is None and new_number is None and len(visible) >= 2:
        old_number, new_number = visible[1].number, visible[0].number
    old, new = by_number.get(old_number), by_number.get(new_number)
    if (old_number is not None and old is None) or (new_number is not None and new is None):
        raise NotFound()
    diffs = diff.compare_versions(old, new) if old and new else None
    return render_template("drafts/compare.html", versions=visible, old=old, new=new, diffs=diffs,
                           counts=diff.summary(diffs) if diffs is not None else None)


# --- Drafting (editors) -------------------------------------------------------------------------

@bp.post("/versions")
@editor_required
def create_version():
    version = service.create_next_version(current_user)
    db.session.commit()
    flash(_("Version %(number)d has been created as a draft.", number=version.number), "success")
    return redirect(url_for("drafts.version", number=version.number))


@bp.route("/v/<int:number>/sections/new", methods=["GET", "POST"])
@editor_required
def section_new(number):
    version = service.get_version(number, current_user)
    form = SectionForm()
    refuse_form_page(form, lambda: service.require_draft(current_user, version))
    if form.validate_on_submit():
        section = service.add_section(current_user, version, form.title.data, form.body.data, form.language.data)
        db.session.commit()
        flash(_("The section has been added."), "success")
        return redirect(url_for("drafts.version", number=number, _anchor=f"section-{section.id}"))
    return render_template("drafts/section_form.html", form=form, version=version, section=None), _status(form)


@bp.route("/sections/<int:section_id>/edit", methods=["GET", "POST"])
@editor_required
def section_edit(section_id):
    section = _section(section_id)
    form = SectionForm(obj=section)
    refuse_form_page(form, lambda: service.require_draft(current_user, section.version))
    if form.validate_on_submit():
        try:
            service.update_section(current_user, section, form.title.data, form.body.data, form.revision.data,
                                   form.language.data)
        except Conflict as error:
            db.session.rollback()
            section = _section(section_id)
            form.revision.data = section.revision  # the next save is based on what is shown now
            return _render_section_form(section, form, 409, conflict=error.message)
        db.session.commit()
        flash(_("The section has been saved."), "success")
        return redirect(url_for("drafts.version", number=section.version.number, _anchor=f"section-{section.id}"))
    return _render_section_form(section, form, _status(form))


def _render_section_form(section, form, status, swot_form=None, use_case_form=None, **context):
    """The edit page: the text, and (while a draft) what supports the section with the forms to cite more."""
    if can_edit_sections(current_user, section.version):
        search = (request.values.get("search") or "").strip()[:100]
        swot_form = swot_form or CiteSwotItemForm(formdata=None)
        use_case_form = use_case_form or CiteUseCaseForm(formdata=None)
        swot_rows, context["more_swot_items"] = queries.citable_swot_items(section, search)
        use_cases, context["more_use_cases"] = queries.citable_use_cases(section, search)
        swot_form.offer(swot_rows)
        use_case_form.offer(use_cases)
        context.update(
            citations=True, search=search, search_form=CitationSearchForm(formdata=None, data={"search": search}),
            swot_form=swot_form, use_case_form=use_case_form,
            supports=queries.supports_by_section([section.id], current_user)[section.id],
        )
    return render_template("drafts/section_form.html", form=form, version=section.version, section=section,
                           **context), status


# --- Traceability: what supports a section (editors, drafts) ---------------------------------------

def _back_to_citations(section):
    search = (request.form.get("search") or "").strip()[:100]
    return redirect(url_for("drafts.section_edit", section_id=section.id, search=search or None,
                            _anchor="citations"))


def _cite(section_id, form, field, cite):
    section = _section(section_id)
    if form.validate_on_submit():
        try:
            added = cite(current_user, section, field.data)
        except Invalid as error:
            db.session.rollback()
            section = _section(section_id)
            field.errors = list(field.errors) + [error.message]
        else:
            db.session.commit()
            flash(_("The citation has been added.") if added else _("The section already cites it."),
                  "success" if added else "info")
            return _back_to_citations(section)
    kind = "swot_form" if isinstance(form, CiteSwotItemForm) else "use_case_form"
    return _render_section_form(section, SectionForm(formdata=None, obj=section), 422, **{kind: form})


@bp.post("/sections/<int:section_id>/citations/swot")
@editor_required
def cite_swot_item(section_id):
    form = CiteSwotItemForm()
    return _cite(section_id, form, form.swot_item, service.cite_swot_item)


@bp.post("/sections/<int:section_id>/citations/use-cases")
@editor_required
def cite_use_case(section_id):
    form = CiteUseCaseForm()
    return _cite(section_id, form, form.use_case, service.cite_use_case)


@bp.post("/sections/<int:section_id>/citations/swot/<int:item_id>/remove")
@editor_required
def uncite_swot_item(section_id, item_id):
    section = _section(section_id)
    service.uncite_swot_item(current_user, section, item_id)
    db.session.commit()
    flash(_("The citation has been removed."), "success")
    return _back_to_citations(section)


@bp.post("/sections/<int:section_id>/citations/use-cases/<int:use_case_id>/remove")
@editor_required
def uncite_use_case(section_id, use_case_id):
    section = _section(section_id)
    service.uncite_use_case(current_user, section, use_case_id)
    db.session.commit()
    flash(_("The citation has been removed."), "success")
    return _back_to_citations(section)


@bp.get("/sections/<int:section_id>/delete")
@editor_required
def section_delete_confirm(section_id):
    section = _section(section_id)
    if not can_edit_sections(current_user, section.version):
        raise Conflict(_("Only a draft can be changed; create a new version to change this text."))
    return render_template(
        "confirm.html", question=_("Remove the section “%(title)s”?", title=section.title),
        consequences=[_("Its text is removed from version %(number)d; there is no undo.",
                        number=section.version.number),
                      _("Earlier versions keep their own copy of it.")],
        action=url_for("drafts.section_delete", section_id=section.id), button=_("Remove the section"),
        danger=True, cancel_url=url_for("drafts.version", number=section.version.number,
                                        _anchor=f"section-{section.id}"))


@bp.post("/sections/<int:section_id>/delete")
@editor_required
def section_delete(section_id):
    section = _section(section_id)
    number = section.version.number
    service.delete_section(current_user, section)
    db.session.commit()
    flash(_("The section has been removed."), "success")
    return redirect(url_for("drafts.version", number=number))


@bp.post("/sections/<int:section_id>/move")
@editor_required
def section_move(section_id):
    section = _section(section_id)
    offset = {"up": -1, "down": 1}.get(request.form.get("direction"))
    if offset is None:
        raise Invalid()
    service.move_section(current_user, section, offset)
    db.session.commit()
    flash(_("The section has been moved."), "success")
    return redirect(url_for("drafts.version", number=section.version.number, _anchor=f"section-{section.id}"))


@bp.route("/v/<int:number>/consultation", methods=["GET", "POST"])
@editor_required
def open_consultation(number):
    version = service.get_version(number, current_user)
    form = ConsultationForm()
    refuse_form_page(form, lambda: service.require_draft(current_user, version))
    if form.validate_on_submit():
        try:
            service.open_consultation(current_user, version, form.closes_at_utc())
        except Invalid as error:
            db.session.rollback()
            form.closes_on.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The consultation is open."), "success")
            return redirect(url_for("drafts.version", number=number))
    return render_template("drafts/consultation_form.html", form=form, version=version), _status(form)


@bp.route("/v/<int:number>/publish", methods=["GET", "POST"])
@editor_required
def publish(number):
    """GET: the confirmation page, saying what publishing does and what is still pending. POST
    (its button): publish, or the same page with the reason it is refused."""
    version = service.get_version(number, current_user)
    refusal = None
    if request.method == "POST":
        try:
            service.publish_version(current_user, version)
            # Its editions (roadmap/editions) are published with it, as the confirmation form says.
            version_publishing.send(current_app._get_current_object(), version=version, user=current_user,
                                    form=request.form)
        except Conflict as error:
            db.session.rollback()
            refusal = error.message
            version = service.get_version(number, current_user)
        else:
            db.session.commit()
            flash(_("Version %(number)d is published: it is now the current roadmap.", number=number), "success")
            version_published.send(current_app._get_current_object(), version_number=number, user=current_user)
            return redirect(url_for("drafts.current"))
    preview = service.publication_preview(version)
    refusal = refusal or preview.refusal
    return render_template("drafts/publish_confirm.html", version=version, preview=preview, refusal=refusal,
                           partials=current_app.extensions.get("publish_confirm_partials", ())), \
        409 if refusal else 200


# --- Consultation -------------------------------------------------------------------------------

def _comment_error(form, field, error):
    db.session.rollback()
    field.errors = list(field.errors) + [error.message]
    return form


@bp.route("/sections/<int:section_id>/comment", methods=["GET", "POST"])
@login_required
def comment_new(section_id):
    section = _section(section_id)
    form = CommentForm()
    refuse_form_page(form, lambda: service.require_comment(current_user, section.version))
    if not form.is_submitted():
        form.paragraph.data = request.args.get("paragraph", "")
    pid = form.paragraph.data or None
    paragraph = service.find_paragraph(section, pid) if pid else None
    if pid and paragraph is None:
        raise NotFound(_("This paragraph does not exist in this section."))
    editions, edition = current_app.extensions.get("roadmap_editions"), request.args.get("edition")
    if editions and edition:  # commented on an edition: its paragraph is shown and quoted
        paragraph = editions.paragraph(section, pid, edition, current_user) if pid else None
    if form.validate_on_submit():
        try:
            comment = service.add_comment(current_user, section, form.body.data, form.stance.data, pid,
                                          form.quote.data, language=form.language.data,
                                          quoted_text=paragraph.text if paragraph is not None else None)
        except Invalid as error:
            _comment_error(form, form.body, error)
        else:
            db.session.commit()
            flash(_("Your comment has been published."), "success")
            return redirect(_thread_url(comment))
    return render_template("drafts/comment_form.html", form=form, section=section, paragraph=paragraph,
                           pid=pid, edition=edition if editions else None, open=can_comment(current_user, section.version),
                           signature=service.signature(current_user)), _status(form)


def _comment_action(comment, form, action, title, check, apply, done, field):
    """One action on a comment through its form: applied, committed and back to the thread (of
    what apply() returns, else of the comment); or the form again with the service's objection.

    `check` is the action's rule (the one apply() runs too): it refuses the page as well as the
    save, before anything of the comment (its text in a textarea) is shown."""
    refuse_form_page(form, check)
    if form.is_submitted():
        try:
            check()  # a refused person gets the refusal, not the form again with what they sent
        except Invalid:
            pass  # an objection to the input: apply() raises it again, shown next to the field
    if form.validate_on_submit():
        try:
            target = apply()
        except Invalid as error:
            _comment_error(form, field, error)
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(_thread_url(target or comment))
    return render_template("drafts/comment_action.html", form=form, comment=comment, action=action,
                           title=title), _status(form)


@bp.route("/comments/<int:comment_id>/reply", methods=["GET", "POST"])
@login_required
def comment_reply(comment_id):
    parent = _comment(comment_id)
    form = ReplyForm()
    return _comment_action(parent, form, "reply", _("Reply to a comment"),
                           lambda: service.require_reply(current_user, parent),
                           lambda: service.reply_to(current_user, parent, form.body.data, language=form.language.data),
                           _("Your reply has been published."), form.body)


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def comment_edit(comment_id):
    comment = _comment(comment_id)
    form = EditCommentForm(obj=comment)
    return _comment_action(comment, form, "edit", _("Edit your comment"),
                           lambda: service.require_edit(current_user, comment),
                           lambda: service.edit_comment(current_user, comment, form.body.data, language=form.language.data),
                           _("Your comment has been saved."), form.body)


@bp.route("/comments/<int:comment_id>/report", methods=["GET", "POST"])
@login_required
def comment_report(comment_id):
    comment = _comment(comment_id)
    form = ReportForm()
    return _comment_action(comment, form, "report", _("Report a comment"),
                           lambda: service.require_report(current_user, comment),
                           lambda: service.report_comment(current_user, comment, form.reason.data),
                           _("Thank you: the editors will look at this comment."), form.reason)


@bp.route("/comments/<int:comment_id>/hide", methods=["GET", "POST"])
@editor_required
def comment_hide(comment_id):
    comment = _comment(comment_id)
    form = HideForm()
    return _comment_action(comment, form, "hide", _("Hide a comment"),
                           lambda: service.require_hide(current_user, comment),
                           lambda: service.hide_comment(current_user, comment, form.reason.data),
                           _("The comment is hidden; the thread shows why."), form.reason)


@bp.route("/comments/<int:comment_id>/answer", methods=["GET", "POST"])
@editor_required
def comment_answer(comment_id):
    comment = _comment(comment_id)
    form = AnswerForm(obj=comment)
    refuse_form_page(form, lambda: service.require_answer(current_user, comment))
    if not form.is_submitted():
        form.status.data = comment.status.value
    if form.validate_on_submit():
        try:
            # The author is told by a notification (e-mailed after the commit, as they chose).
            service.answer_comment(current_user, comment, form.status.data, form.answer.data,
                                   language=form.answer_language.data)
        except Invalid as error:
            _comment_error(form, form.answer, error)
        else:
            db.session.commit()
            flash(_("The answer has been saved."), "success")
            if request.args.get("back") == "dashboard":
                return redirect(url_for("drafts.dashboard", number=comment.version.number))
            return redirect(_thread_url(comment))
    return render_template("drafts/comment_action.html", form=form, comment=comment, action="answer",
                           title=_("Answer a comment")), _status(form)


@bp.get("/my-comments")
@login_required
def my_comments():
    comments = queries.my_comments(current_user)
    return render_template("drafts/my_comments.html", comments=comments,
                           answering=synthesis.answering_sections(comments))


# --- Editors' dashboard -------------------------------------------------------------------------

def _dashboard_filters(version):
    """Section, status, and whom the authors speak for (territory, organisation): unknown values
    are ignored, as a stale bookmark should still open the dashboard."""
    section_id = parse_int(request.args.get("section"), 1, MAX_ID)  # a filter: anything else shows all
    status = request.args.get("status") or None
    if status and status not in {s.value for s in CommentStatus}:
        status = None
    if section_id and section_id not in {s.id for s in version.sections}:
        section_id = None
    territories, organisations = queries.commenting_bodies(version)
    territory_id = parse_int(request.args.get("territory"), 1, MAX_ID)
    organisation_id = parse_int(request.args.get("organisation"), 1, MAX_ID)
    if territory_id not in {t.id for t in territories}:
        territory_id = None
    if organisation_id not in {o.id for o in organisations}:
        organisation_id = None
    return dict(section_id=section_id, status=status, territory_id=territory_id, organisation_id=organisation_id,
                territories=territories, organisations=organisations)


def _query_filters(filters):
    return {k: filters[k] for k in ("section_id", "status", "territory_id", "organisation_id")}


@bp.get("/v/<int:number>/comments")
@editor_required
@cached_page
def dashboard(number):
    version = service.get_version(number, current_user)
    filters = _dashboard_filters(version)
    page = queries.dashboard_page(version, page=query_page(), **_query_filters(filters))
    cells, totals = queries.counts_by_section_and_status(version)
    return render_template("drafts/dashboard.html", version=version, page=page, cells=cells, totals=totals,
                           reported=queries.reported_count(version), **filters)


@bp.get("/v/<int:number>/comments.csv")
@editor_required
def dashboard_csv(number):
    version = service.get_version(number, current_user)
    filters = _dashboard_filters(version)
    table = CsvTable(
        ("id", "section", "paragraph", "author", "territory", "organisation", "created_at_utc", "stance", "status",
         "comment", "quote", "answer", "reports", "hidden_reason"),
        [{"id": c.id, "section": c.section.title, "paragraph": c.paragraph_id, "author": c.author.display_name,
          "territory": c.author_territory.name if c.author_territory else "",
          "organisation": c.author_organisation.name if c.author_organisation else "",
          "created_at_utc": c.created_at.strftime("%Y-%m-%d %H:%M"), "stance": c.stance.value if c.stance else "",
          "status": c.status.value, "comment": c.body, "quote": c.quote, "answer": c.answer,
          "reports": len(c.reports), "hidden_reason": c.hidden_reason}
         for c in queries.dashboard_rows(version, **_query_filters(filters))],
        {"stance": labels_by_value(STANCE_LABELS), "status": labels_by_value(STATUS_LABELS)})
    return Response(csv_text(table, csv_delimiter(request.args)), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="feuille-de-route-v{number}-commentaires.csv"'})

