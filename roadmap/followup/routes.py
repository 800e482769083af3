"""Actions and the follow-up overview (/suivi): thin views over service.py and queries.py."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from roadmap.core.errors import NotAllowed
from roadmap.core.permissions import editor_required, login_required
from roadmap.extensions import db
from roadmap.followup import permissions, queries, service
from roadmap.followup.forms import ActionForm, CommitForm, EmptyForm, RecordCommitmentForm, WithdrawForm
from roadmap.drafts.models import Section
from roadmap.followup.models import Action, Commitment
from roadmap.territories.models import Organisation, Territory
from roadmap.workshops.permissions import lead_territory_ids

bp = Blueprint("followup", __name__)


def get_action(action_id):
    return db.session.get(Action, action_id, options=[
        selectinload(Action.commitments).selectinload(Commitment.territory),
        selectinload(Action.commitments).selectinload(Commitment.organisation),
        selectinload(Action.section).selectinload(Section.version)]) or abort(404)


def show_field_error(form, error):
    """A service's FieldInvalid next to its field (or the form's first field)."""
    db.session.rollback()
    field = getattr(form, error.field, None)
    if field is None:
        field = next(iter(form))
    field.errors = list(field.errors) + [error.message]


@bp.get("/suivi")
def overview():
    from roadmap.followup.addendum_routes import addendum_ready

    return render_template("followup/overview.html", data=queries.overview(current_user),
                           can_manage=permissions.can_manage_actions(current_user), addendum_form=EmptyForm(),
                           addendum_ready=addendum_ready(),
                           open_sections=queries.sections_without_action()
                           if permissions.can_manage_actions(current_user) else [])


@bp.get("/suivi/territoires/<slug>")
def territory_followup(slug):
    territory = db.session.scalar(select(Territory).where(Territory.slug == slug)) or abort(404)
    experiments = queries.experiments_seen_by(current_user, territory_id=territory.id)
    commitments = queries.territory_commitments(territory.id)
    return render_template("followup/territory.html", territory=territory, experiments=experiments,
                           commitments=commitments, mean=queries.mean_progress(experiments),
                           can_create=permissions.can_create_experiment(current_user, territory.id))


def _section_choices():
    choices = [("", _("None"))]
    for section in service.published_sections():
        choices.append((section.id, _("Version %(number)d — %(title)s", number=section.version.number,
                                      title=section.title)))
    return choices


@bp.route("/suivi/actions/new", methods=["GET", "POST"])
@editor_required
def action_new():
    form = ActionForm()
    form.section.choices = _section_choices()
    if not form.is_submitted() and request.args.get("section", "").isdigit():
        section = next((s for s in service.published_sections() if s.id == int(request.args["section"])), None)
        if section is not None:
            form.section.data, form.title.data = section.id, section.title
    return _save_action(form, None)


@bp.route("/suivi/actions/<int:action_id>/edit", methods=["GET", "POST"])
@editor_required
def action_edit(action_id):
    action = get_action(action_id)
    form = ActionForm(obj=action)
    form.section.choices = _section_choices()
    if not form.is_submitted():
        form.section.data, form.theme.data = action.section_id, action.theme.value
    return _save_action(form, action)


def _save_action(form, action):
    if form.validate_on_submit():
        try:
            action = service.save_action(current_user, {
                "title": form.title.data, "description": form.description.data, "theme": form.theme.data,
                "section_id": form.section.data}, action)
        except service.FieldInvalid as error:
            show_field_error(form, error)
        else:
            db.session.commit()
            flash(_("The action has been saved."), "success")
            return redirect(url_for("followup.action_detail", action_id=action.id))
    return render_template("followup/action_form.html", form=form, action=action), \
        422 if form.is_submitted() else 200


@bp.get("/suivi/actions/<int:action_id>")
def action_detail(action_id):
    action = get_action(action_id)
    lead_ids = lead_territory_ids(current_user)
    commit_form = withdraw_form = record_form = None
    if lead_ids:
        choices = [(t.id, t.name) for t in db.session.scalars(
            select(Territory).where(Territory.id.in_(lead_ids)).order_by(Territory.name))]
        commit_form, withdraw_form = CommitForm(), WithdrawForm(prefix="withdraw")
        commit_form.territory.choices = choices
        committed = {c.territory_id for c in action.commitments}
        withdraw_form.territory.choices = [c for c in choices if c[0] in committed]
    if permissions.can_manage_actions(current_user):
        record_form = RecordCommitmentForm(prefix="record")
        record_form.party.choices = _party_choices()
    return render_template(
        "followup/action.html", action=action,
        experiments=queries.experiments_seen_by(current_user, action_id=action.id),
        commit_form=commit_form, withdraw_form=withdraw_form, record_form=record_form, button_form=EmptyForm(),
        following=service.is_following(current_user, action), can_manage=permissions.can_manage_actions(current_user),
        can_follow=permissions.can_follow(current_user),
        can_record_experiment=bool(permissions.reuse_territory_ids(current_user)))


def _party_choices():
    territories = db.session.scalars(select(Territory).order_by(Territory.name)).all()
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    return ([(f"t{t.id}", t.name) for t in territories] + [(f"o{o.id}", o.name) for o in organisations])


@bp.post("/suivi/actions/<int:action_id>/commit")
@login_required
def action_commit(action_id):
    action = get_action(action_id)
    form = CommitForm()
    form.territory.choices = [(i, str(i)) for i in lead_territory_ids(current_user)]
    if not form.validate_on_submit():
        raise NotAllowed()
    service.commit_territory(current_user, action, form.territory.data, form.role.data)
    db.session.commit()
    flash(_("Your territory is committed to this action."), "success")
    return redirect(url_for("followup.action_detail", action_id=action.id), 303)


@bp.post("/suivi/actions/<int:action_id>/withdraw")
@login_required
def action_withdraw(action_id):
    action = get_action(action_id)
    form = WithdrawForm(prefix="withdraw")
    form.territory.choices = [(i, str(i)) for i in lead_territory_ids(current_user)]
    if not form.validate_on_submit():
        raise NotAllowed()
    service.withdraw_territory(current_user, action, form.territory.data)
    db.session.commit()
    flash(_("Your territory has withdrawn from this action."), "success")
    return redirect(url_for("followup.action_detail", action_id=action.id), 303)


@bp.post("/suivi/actions/<int:action_id>/commitments")
@editor_required
def action_record_commitment(action_id):
    action = get_action(action_id)
    form = RecordCommitmentForm(prefix="record")
    form.party.choices = _party_choices()
    if not form.validate_on_submit():
        flash(_("Choose a territory or an organisation."), "error")
        return redirect(url_for("followup.action_detail", action_id=action.id), 303)
    kind, ident = form.party.data[0], int(form.party.data[1:])
    service.record_commitment(current_user, action, form.role.data, territory_id=ident if kind == "t" else None,
                              organisation_id=ident if kind == "o" else None)
    db.session.commit()
    flash(_("The commitment has been recorded."), "success")
    return redirect(url_for("followup.action_detail", action_id=action.id), 303)


@bp.post("/suivi/actions/<int:action_id>/commitments/<int:commitment_id>/remove")
@editor_required
def action_remove_commitment(action_id, commitment_id):
    action = get_action(action_id)
    service.remove_commitment(current_user, action, commitment_id)
    db.session.commit()
    flash(_("The commitment has been removed."), "success")
    return redirect(url_for("followup.action_detail", action_id=action.id), 303)


@bp.post("/suivi/actions/<int:action_id>/follow")
@login_required
def action_follow(action_id):
    action = get_action(action_id)
    following = request.form.get("follow") != "0"
    service.follow(current_user, action, following)
    db.session.commit()
    flash(_("You follow this action: you will be told when its experiments move.") if following
          else _("You no longer follow this action."), "success")
    return redirect(url_for("followup.action_detail", action_id=action.id), 303)


from roadmap.followup import experiment_routes  # noqa: E402,F401  (its views join this blueprint)
