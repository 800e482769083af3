"""Use cases: list with filters, detail, create, edit (per-field versions), alliances."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from roadmap.core.errors import NotAllowed
from roadmap.core.page_cache import cached_page
from roadmap.core.permissions import login_required
from roadmap.extensions import db
from roadmap.territories.models import Territory
from roadmap.workshops import permissions, queries, results, room, service
from roadmap.workshops.forms import (
    AllianceForm, LeaveAllianceForm, UseCaseFilterForm, UseCaseForm, format_versions, parse_versions,
)
from roadmap.workshops.labels import CANVAS_LABELS, GOVERNANCE_LABELS, THEME_LABELS
from roadmap.workshops.models import CANVAS_FIELDS, TEXT_FIELDS, Alliance, GovernanceModel, Theme, UseCase

bp = Blueprint("use_cases", __name__)


def get_use_case(use_case_id):
    use_case = db.session.get(UseCase, use_case_id, options=[
        selectinload(UseCase.alliances).selectinload(Alliance.territory)]) or abort(404)
    if not permissions.can_view_use_case(current_user, use_case):
        abort(404)  # a draft use case does not exist for a visitor
    return use_case


@bp.get("/use-cases")
def use_case_list():
    territories = db.session.scalars(select(Territory).order_by(Territory.name)).all()
    form = UseCaseFilterForm(request.args)
    form.territory.choices = [("", _("All territories"))] + [(str(t.id), t.name) for t in territories]
    form.validate()
    # Only a territory of the list (its choices): an unknown or huge number filters nothing.
    territory_id = int(form.territory.data) if form.territory.data and not form.territory.errors else None
    use_cases = queries.use_cases(
        theme=form.theme.data if not form.theme.errors else None,
        governance=form.governance.data if not form.governance.errors else None,
        territory_id=territory_id, public_only=not current_user.is_authenticated,
    )
    filters = {name: request.args[name] for name in ("theme", "governance", "territory") if request.args.get(name)}
    return render_template("workshops/use_case_list.html", use_cases=use_cases, form=form, filters=filters,
                           can_create=permissions.can_create_use_case(current_user))


@bp.get("/use-cases/<int:use_case_id>")
@cached_page
def use_case_detail(use_case_id):
    use_case = get_use_case(use_case_id)
    lead_ids = permissions.lead_territory_ids(current_user)
    alliance_form = leave_form = None
    if lead_ids:
        choices = [(t.id, t.name) for t in db.session.scalars(
            select(Territory).where(Territory.id.in_(lead_ids)).order_by(Territory.name))]
        alliance_form, leave_form = AllianceForm(), LeaveAllianceForm(prefix="leave")
        alliance_form.territory.choices = choices
        open_roles = {role.value for role in permissions.alliance_roles_open_to(current_user, use_case)}
        alliance_form.role.choices = [(r, label) for r, label in alliance_form.role.choices if r in open_roles]
        in_alliance = {a.territory_id for a in use_case.alliances}
        leave_form.territory.choices = [c for c in choices if c[0] in in_alliance]
    workshop_results = results.results_for_use_case(use_case.id)
    # Who took part: names for the logged-in participants of the process, a count for visitors.
    people = {w.id: results.people_names(r.get("participant_ids", [])) if current_user.is_authenticated else []
              for w, r in workshop_results}
    return render_template("workshops/use_case_detail.html", use_case=use_case, canvas_labels=CANVAS_LABELS,
                           workshop_results=workshop_results, result_people=people,
                           can_edit=permissions.can_edit_use_case(current_user, use_case),
                           observing_only=alliance_form is not None and len(alliance_form.role.choices) == 1,
                           alliance_form=alliance_form, leave_form=leave_form)


@bp.route("/use-cases/new", methods=["GET", "POST"])
@login_required
def use_case_new():
    if not permissions.can_create_use_case(current_user):
        raise NotAllowed()
    form = UseCaseForm()
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in CANVAS_FIELDS}
        values["is_public"] = form.is_public.data
        values["language"] = form.language.data
        use_case = service.create_use_case(current_user, values)
        db.session.commit()
        flash(_("The use case has been created."), "success")
        return redirect(url_for("use_cases.use_case_detail", use_case_id=use_case.id))
    return render_template("workshops/use_case_form.html", form=form, use_case=None, text_fields=TEXT_FIELDS,
                           conflicts={}, can_publish=True), 422 if form.is_submitted() else 200


@bp.route("/use-cases/<int:use_case_id>/edit", methods=["GET", "POST"])
@login_required
def use_case_edit(use_case_id):
    use_case = get_use_case(use_case_id)
    if not permissions.can_edit_use_case(current_user, use_case):
        raise NotAllowed()
    form = UseCaseForm(obj=use_case)
    if not form.is_submitted():
        form.theme.data, form.governance_model.data = use_case.theme.value, use_case.governance_model.value
        form.versions.data = format_versions(use_case.versions())
    conflicts = {}
    can_publish = permissions.can_publish_use_case(current_user, use_case)
    if form.validate_on_submit():
        seen = parse_versions(form.versions.data)
        changes = form.changed_fields(use_case, seen)
        try:
            # The box is only on the form of those who may tick it: for the others, unchanged.
            service.update_use_case(use_case, changes, form.is_public.data if can_publish else None, current_user,
                                    language=form.language.data)
        except service.UseCaseConflicts as error:
            db.session.rollback()
            conflicts = {c.field_name: _shown(c.field_name, c.current_value) for c in error.conflicts}
            # The next save starts from what the user has now seen: the other person's text.
            seen.update({c.field_name: c.current_version for c in error.conflicts})
            form.versions.data = format_versions(seen)
            for conflict in error.conflicts:
                getattr(form, conflict.field_name).errors.append(conflict.message)
            return render_template("workshops/use_case_form.html", form=form, use_case=use_case,
                                   text_fields=TEXT_FIELDS, conflicts=conflicts, can_publish=can_publish), 409
        room.announce_form_edit(use_case, list(changes), current_user)
        db.session.commit()
        flash(_("The use case has been saved."), "success")
        return redirect(url_for("use_cases.use_case_detail", use_case_id=use_case.id))
    return render_template("workshops/use_case_form.html", form=form, use_case=use_case, text_fields=TEXT_FIELDS,
                           conflicts=conflicts, can_publish=can_publish), 422 if form.is_submitted() else 200


def _shown(name, value):
    """The other person's value as the user reads it (a label for the choice fields)."""
    if name == "theme":
        return THEME_LABELS[Theme(value)]
    if name == "governance_model":
        return GOVERNANCE_LABELS[GovernanceModel(value)]
    return value


@bp.post("/use-cases/<int:use_case_id>/alliance")
@login_required
def alliance_join(use_case_id):
    use_case = get_use_case(use_case_id)
    form = AllianceForm()
    form.territory.choices = [(tid, str(tid)) for tid in permissions.lead_territory_ids(current_user)]
    if not form.validate_on_submit():
        raise NotAllowed() if not form.territory.choices else service.Invalid()
    service.join_alliance(use_case, form.territory.data, form.role.data, current_user)
    db.session.commit()
    flash(_("Your territory's commitment has been saved."), "success")
    return redirect(url_for("use_cases.use_case_detail", use_case_id=use_case.id))


@bp.post("/use-cases/<int:use_case_id>/alliance/leave")
@login_required
def alliance_leave(use_case_id):
    use_case = get_use_case(use_case_id)
    form = LeaveAllianceForm(prefix="leave")
    form.territory.choices = [(tid, str(tid)) for tid in permissions.lead_territory_ids(current_user)]
    if not form.validate_on_submit():
        raise NotAllowed() if not form.territory.choices else service.Invalid()
    service.leave_alliance(use_case, form.territory.data, current_user)
    db.session.commit()
    flash(_("Your territory has left this use case."), "success")
    return redirect(url_for("use_cases.use_case_detail", use_case_id=use_case.id))
