"""The SWOT pages. Thin: read the request, check permission, call the service, render or redirect.

Every action is a plain form (it works without JavaScript); htmx swaps the result in place
(the views answer the same HTML and tell htmx, in response headers, what to replace).
"""

from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template, request,
                   stream_with_context, url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from roadmap.core.csvfiles import CsvTable, csv_chunks, csv_delimiter
from roadmap.core.errors import NotAllowed, NotFound
from roadmap.core.once import ALREADY_SUBMITTED, AlreadySubmitted, claim_form_token
from roadmap.core.page_cache import cached_page
from roadmap.core.params import query_int, query_page
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.swot import permissions, queries, service
from roadmap.swot.forms import (DIMENSION_LABELS, IMPORTANCE_LABELS, QUADRANT_LABELS, QUADRANT_SINGULAR, csv_labels,
                                EditItemForm, EmptyForm, NewItemForm, PublicForm, SubmitForm)
from roadmap.swot.models import Dimension, ItemStatus, Quadrant, SwotVersion
from roadmap.territories.models import Territory

bp = Blueprint("swot", __name__)


@bp.app_context_processor
def _labels():
    return {"quadrant_labels": QUADRANT_LABELS, "quadrant_singular": QUADRANT_SINGULAR,
            "dimension_labels": DIMENSION_LABELS, "importance_labels": IMPORTANCE_LABELS,
            "swot_permissions": permissions, "swot_summary": swot_summary}


def swot_summary(territory):
    """What the territory's page shows of its SWOT (the partial swot/_territory_section.html)."""
    swot = service.get_swot(territory.id)
    can_draft = permissions.can_view_draft(current_user, territory.id)
    last = service.last_version(swot)
    state = queries.progress([territory.id])[territory.id]
    visible = last is not None and permissions.can_view_last_version(current_user, swot)
    counts = {q: 0 for q in Quadrant}
    if visible:
        for item in queries.version_items(last.id):
            counts[Quadrant(item.quadrant)] += 1
    return {"state": state, "last": last, "counts": counts, "visible": visible, "can_draft": can_draft,
            "link": can_draft or visible or current_user.is_authenticated}


def _territory(slug):
    territory = db.session.scalar(select(Territory).where(Territory.slug == slug))
    if territory is None:
        abort(404)
    return territory


def _is_htmx():
    return request.headers.get("HX-Request") == "true"


def _to_board(territory, anchor=None):
    return redirect(url_for("swot.board", slug=territory.slug, _anchor=anchor), code=303)


def _form_page(template, status, box_id, **context):
    """A form page; to a refused htmx save, the answer replaces only the form's box (409/422)."""
    response = current_app.make_response((render_template(template, box_id=box_id, **context), status))
    if _is_htmx() and request.method == "POST":
        response.headers.update({"HX-Retarget": f"#{box_id}", "HX-Reselect": f"#{box_id}",
                                 "HX-Reswap": "outerHTML"})
    return response


def _require_login():
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    return None


@bp.get("/territories/<slug>/swot")
@cached_page
def board(slug):
    """The draft for those who may see it, otherwise the last submitted version."""
    territory = _territory(slug)
    swot = service.get_swot(territory.id)
    if permissions.can_view_draft(current_user, territory.id):
        return _render_board(territory, swot)
    if not permissions.can_view_last_version(current_user, swot):
        return _require_login() or abort(403)
    last = service.last_version(swot)
    return _render_version(territory, swot, last)


def _render_board(territory, swot, status=200, submit_form=None):
    user = current_user
    items = queries.draft_items(swot.id) if swot else []
    if swot and permissions.can_edit(user, territory.id):
        pending = queries.proposals(swot.id)
    elif swot and permissions.can_propose(user, territory.id):
        pending = queries.proposals(swot.id, author_id=user.id)
    else:
        pending = []
    versions = queries.versions(swot.id) if swot else []
    return render_template(
        "swot/board.html", territory=territory, swot=swot, items=queries.by_quadrant(items), count=len(items),
        proposals=pending, versions=versions, last=versions[0] if versions else None,
        can_edit=permissions.can_edit(user, territory.id), can_propose=permissions.can_propose(user, territory.id),
        can_lead=permissions.can_lead(user, territory.id), button=EmptyForm(),
        public_form=PublicForm(is_public=swot.is_public if swot else False),
        submit_form=submit_form or SubmitForm(formdata=None),
    ), status


def _render_version(territory, swot, version):
    items = queries.version_items(version.id) if version else []
    versions = queries.versions(swot.id) if swot and permissions.can_view_versions(current_user) else []
    return render_template("swot/version.html", territory=territory, swot=swot, version=version,
                           items=queries.by_quadrant(items), versions=versions)


@bp.route("/territories/<slug>/swot/items/new", methods=["GET", "POST"])
def new_item(slug):
    territory = _territory(slug)
    if not (permissions.can_edit(current_user, territory.id) or permissions.can_propose(current_user, territory.id)):
        return _require_login() or abort(403)
    form = NewItemForm()
    # The quadrant whose "Add" link opened the form: its box is what htmx replaces.
    origin = request.args.get("quadrant") if request.args.get("quadrant") in {q.value for q in Quadrant} \
        else Quadrant.STRENGTH.value
    if not form.is_submitted():
        form.quadrant.data = origin
    if form.validate_on_submit():
        try:
            claim_form_token(form.once.data)
        except AlreadySubmitted:
            flash(ALREADY_SUBMITTED, "info")
            return _to_board(territory, None)
        item = service.add_item(territory, current_user, form.to_data())
        db.session.commit()
        if item.status == ItemStatus.PROPOSED:
            flash(_("Your proposal has been sent to the lead of %(name)s.", name=territory.name), "success")
            return _to_board(territory, "proposals")
        flash(_("The item has been added."), "success")
        return _to_board(territory, f"item-{item.id}")
    return _form_page("swot/item_form.html", 422 if form.is_submitted() else 200, f"item-form-new-{origin}",
                      territory=territory, form=form, item=None, origin=origin,
                      proposing=not permissions.can_edit(current_user, territory.id))


@bp.route("/territories/<slug>/swot/items/<int:item_id>/edit", methods=["GET", "POST"])
def edit_item(slug, item_id):
    territory = _territory(slug)
    if not permissions.can_edit(current_user, territory.id):
        return _require_login() or abort(403)
    item = service.get_item(territory, item_id)
    form = EditItemForm(obj=item if request.method == "GET" else None)
    if request.method == "GET":
        form.importance.data, form.seen_version.data = str(item.importance), str(item.version)
    box = f"item-form-{item.id}"
    if form.validate_on_submit():
        try:
            service.update_item(territory, item.id, current_user, int(form.seen_version.data), form.to_data())
        except service.EditConflict as conflict:
            current = conflict.current
            form.seen_version.data = str(current.version)  # saving again now overwrites, knowingly
            return _form_page("swot/item_form.html", 409, box, territory=territory, form=form, item=current,
                              conflict=current)
        db.session.commit()
        flash(_("The item has been saved."), "success")
        return _to_board(territory, f"item-{item.id}")
    return _form_page("swot/item_form.html", 422 if form.is_submitted() else 200, box,
                      territory=territory, form=form, item=item)


@bp.post("/territories/<slug>/swot/items/<int:item_id>/delete")
@login_required
def delete_item(slug, item_id):
    territory = _territory(slug)
    if EmptyForm().validate_on_submit():
        service.delete_item(territory, item_id, current_user)
        db.session.commit()
        flash(_("The item has been deleted."), "success")
    return _to_board(territory)


@bp.post("/territories/<slug>/swot/items/<int:item_id>/move")
@login_required
def move_item(slug, item_id):
    territory = _territory(slug)
    if EmptyForm().validate_on_submit():
        item = service.move_item(territory, item_id, current_user, request.form.get("direction"))
        db.session.commit()
        # Said on the page (and in its live region with htmx): a screen reader hears the move.
        flash(_("Item moved to position %(position)d of %(count)d.", position=item.position,
                count=service.quadrant_size(item)), "success")
    return _to_board(territory, f"item-{item_id}")


@bp.get("/territories/<slug>/swot/proposals/<int:item_id>/decline")
@login_required
def decline_proposal_confirm(slug, item_id):
    """Declining is final for the partner: a page says so before the button that does it."""
    territory = _territory(slug)
    if not permissions.can_lead(current_user, territory.id):
        raise NotAllowed(_("Only the lead of %(name)s decides on proposals.", name=territory.name))
    item = service.get_item(territory, item_id, status=ItemStatus.PROPOSED)
    text = item.text if len(item.text) <= 200 else item.text[:199].rstrip() + "…"
    return render_template(
        "confirm.html", question=_("Decline the proposal “%(text)s”?", text=text),
        consequences=[_("It will not join the SWOT of %(name)s; its author sees that it was declined.",
                        name=territory.name),
                      _("A declined proposal cannot be accepted later: the partner would have to propose it again.")],
        action=url_for("swot.decide_proposal", slug=territory.slug, item_id=item.id, decision="decline"),
        button=_("Decline the proposal"), danger=True,
        cancel_url=url_for("swot.board", slug=territory.slug, _anchor="proposals"))


@bp.post("/territories/<slug>/swot/proposals/<int:item_id>/<any(accept, decline):decision>")
@login_required
def decide_proposal(slug, item_id, decision):
    territory = _territory(slug)
    if EmptyForm().validate_on_submit():
        item = service.decide_proposal(territory, item_id, current_user, accept=decision == "accept")
        db.session.commit()
        if decision == "accept":
            flash(_("The proposal has been added to the SWOT."), "success")
            return _to_board(territory, f"item-{item.id}")
        flash(_("The proposal has been declined."), "success")
    return _to_board(territory, "proposals")


@bp.post("/territories/<slug>/swot/proposals/<int:item_id>/withdraw")
@login_required
def withdraw_proposal(slug, item_id):
    territory = _territory(slug)
    if EmptyForm().validate_on_submit():
        service.withdraw_proposal(territory, item_id, current_user)
        db.session.commit()
        flash(_("Your proposal has been withdrawn."), "success")
    return _to_board(territory)


@bp.post("/territories/<slug>/swot/submit")
@login_required
def submit(slug):
    territory = _territory(slug)
    form = SubmitForm()
    if form.validate_on_submit():
        version = service.submit(territory, current_user, in_roadmap=form.in_roadmap.data == "yes")
        db.session.commit()
        flash(_("Version %(number)d of the SWOT has been submitted.", number=version.number), "success")
        if not version.in_roadmap:
            flash(_("It will not appear in the published roadmap nor in its open data."), "info")
    elif form.is_submitted() and form.in_roadmap.errors:
        # The answer is refused next to the question; nothing is submitted.
        return _render_board(territory, service.get_swot(territory.id), 422, submit_form=form)
    return _to_board(territory)


@bp.post("/territories/<slug>/swot/visibility")
@login_required
def visibility(slug):
    territory = _territory(slug)
    form = PublicForm()
    if form.validate_on_submit():
        swot = service.set_public(territory, current_user, form.is_public.data)
        db.session.commit()
        flash(_("Visitors now see the last submitted version.") if swot.is_public
              else _("The SWOT is no longer public."), "success")
    return _to_board(territory)


def _version(swot, number):
    version = db.session.scalar(select(SwotVersion).where(SwotVersion.swot_id == swot.id,
                                                          SwotVersion.number == number)) if swot else None
    if version is None:
        raise NotFound(_("This version does not exist."))
    return version


@bp.get("/territories/<slug>/swot/versions")
@login_required
def version_list(slug):
    territory = _territory(slug)
    swot = service.get_swot(territory.id)
    return render_template("swot/versions.html", territory=territory, swot=swot,
                           versions=queries.versions(swot.id) if swot else [])


@bp.get("/territories/<slug>/swot/versions/<int:number>")
@cached_page
def version(slug, number):
    territory = _territory(slug)
    swot = service.get_swot(territory.id)
    if not permissions.can_view_versions(current_user):
        last = service.last_version(swot)
        if not (permissions.can_view_last_version(current_user, swot) and last and last.number == number):
            return _require_login() or abort(403)
    return _render_version(territory, swot, _version(swot, number))


@bp.get("/territories/<slug>/swot/compare")
@login_required
def compare(slug):
    territory = _territory(slug)
    swot = service.get_swot(territory.id)
    a, b = query_int("a"), query_int("b")
    if a is None or b is None:
        raise NotFound(_("Choose two versions to compare."))
    old, new = sorted([_version(swot, a), _version(swot, b)], key=lambda v: v.number)
    changes = service.compare(queries.version_items(old.id), queries.version_items(new.id))
    return render_template("swot/compare.html", territory=territory, old=old, new=new, changes=changes,
                           has_changes=service.has_changes(changes),
                           title=_("Version %(old)d → version %(new)d", old=old.number, new=new.number))


@bp.get("/territories/<slug>/swot/changes")
@login_required
def draft_changes(slug):
    """What the draft changes compared with the last version: what the next submission will add."""
    territory = _territory(slug)
    if not permissions.can_view_draft(current_user, territory.id):
        abort(403)
    swot = service.get_swot(territory.id)
    last = service.last_version(swot)
    if last is None:
        raise NotFound(_("No version has been submitted yet."))
    changes = service.compare(queries.version_items(last.id), queries.draft_items(swot.id))
    return render_template("swot/compare.html", territory=territory, old=last, new=None, changes=changes,
                           has_changes=service.has_changes(changes),
                           title=_("Changes since version %(number)d", number=last.number))


@bp.get("/swot/synthesis")
@login_required
@cached_page
def synthesis():
    filters = queries.SynthesisFilters.from_args(request.args)
    return render_template("swot/synthesis.html", filters=filters, data=queries.synthesis(filters))


@bp.get("/swot/synthesis/cell")
@login_required
@cached_page
def synthesis_cell():
    filters = queries.SynthesisFilters.from_args(request.args)
    try:
        quadrant, dimension = Quadrant(request.args.get("quadrant")), Dimension(request.args.get("dimension"))
    except ValueError:
        raise NotFound(_("This cell does not exist.")) from None
    page = query_page()
    rows, total = queries.cell_items(filters, quadrant, dimension, page)
    return render_template("swot/synthesis_cell.html", filters=filters, quadrant=quadrant, dimension=dimension,
                           rows=rows, total=total, page=page, per_page=50)


@bp.get("/swot/synthesis.csv")
@login_required
@cached_page
def synthesis_csv():
    filters = queries.SynthesisFilters.from_args(request.args)
    table = CsvTable(queries.CSV_COLUMNS, labels=csv_labels())
    rows = (dict(zip(queries.CSV_COLUMNS, row)) for row in queries.csv_rows(filters))
    lines = csv_chunks(table, rows, csv_delimiter(request.args))
    name = f"swot-{utcnow():%Y-%m-%d}.csv"
    return Response(stream_with_context(lines), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
