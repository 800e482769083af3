"""Experiments, their timeline entries, indicators and values; reuse of another's experiment or use case."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from roadmap.core.errors import NotAllowed
from roadmap.core.params import query_int
from roadmap.core.permissions import login_required
from roadmap.extensions import db
from roadmap.followup import permissions, queries, service
from roadmap.followup.charts import chart_svg
from roadmap.followup.forms import EmptyForm, EntryForm, ExperimentForm, IndicatorForm, ValueForm
from roadmap.followup.models import Action, Experiment, Indicator, TimelineEntry
from roadmap.followup.routes import bp, show_field_error
from roadmap.territories.models import Territory
from roadmap.workshops.models import UseCase
from roadmap.workshops.permissions import can_view_use_case


def get_experiment(experiment_id):
    experiment = queries.experiment_with_series(experiment_id)
    if experiment is None or not permissions.can_view_experiment(current_user, experiment):
        abort(404)  # a non-public experiment does not exist for those who may not see it
    return experiment


def _editable(experiment):
    if not permissions.can_edit_experiment(current_user, experiment):
        raise NotAllowed()
    return experiment


def _fill_choices(form, territory_ids):
    form.territory.choices = [(t.id, t.name) for t in db.session.scalars(
        select(Territory).where(Territory.id.in_(territory_ids)).order_by(Territory.name))]
    form.action_id.choices = [("", _("None"))] + [
        (a.id, a.title) for a in db.session.scalars(select(Action).order_by(Action.title))]
    form.use_case_id.choices = [("", _("None"))] + [
        (u.id, u.title) for u in db.session.scalars(select(UseCase).order_by(UseCase.title))
        if can_view_use_case(current_user, u)]


def _origin():
    """The experiment or use case a new experiment reuses (?from=… or ?use_case=…), if visible."""
    origin_experiment = origin_use_case = None
    source_id = query_int("from", values=request.values)
    if source_id is not None:
        origin_experiment = db.session.get(Experiment, source_id)
        if origin_experiment is None or not permissions.can_view_experiment(current_user, origin_experiment):
            abort(404)
    use_case_id = query_int("reuse_use_case", values=request.values)
    if use_case_id is not None:
        origin_use_case = db.session.get(UseCase, use_case_id)
        if origin_use_case is None or not can_view_use_case(current_user, origin_use_case):
            abort(404)
    return origin_experiment, origin_use_case


def _prefill(form, origin_experiment, origin_use_case):
    if origin_experiment is not None:
        for name in ("title", "summary", "personal_data", "data_holders", "action_id", "use_case_id"):
            getattr(form, name).data = getattr(origin_experiment, name)
        form.governance_model.data = origin_experiment.governance_model.value
        form.principles.data = list(origin_experiment.principles)
    elif origin_use_case is not None:
        form.title.data, form.use_case_id.data = origin_use_case.title, origin_use_case.id
        form.personal_data.data, form.data_holders.data = origin_use_case.personal_data, origin_use_case.data_holders
        form.governance_model.data = origin_use_case.governance_model.value
    action_id = query_int("action")
    if action_id is not None:
        form.action_id.data = action_id


@bp.route("/suivi/experiences/new", methods=["GET", "POST"])
@login_required
def experiment_new():
    territory_ids = permissions.reuse_territory_ids(current_user)
    if not territory_ids:
        raise NotAllowed()
    origin_experiment, origin_use_case = _origin()
    form = ExperimentForm()
    _fill_choices(form, territory_ids)
    if not form.is_submitted():
        _prefill(form, origin_experiment, origin_use_case)
    if form.validate_on_submit():
        try:
            experiment = service.create_experiment(current_user, form.territory.data, form.values(),
                                                   origin_experiment, origin_use_case)
        except service.FieldInvalid as error:
            show_field_error(form, error)
        else:
            db.session.commit()
            flash(_("The experiment has been recorded."), "success")
            return redirect(url_for("followup.experiment_detail", experiment_id=experiment.id), 303)
    return render_template("followup/experiment_form.html", form=form, experiment=None,
                           origin_experiment=origin_experiment, origin_use_case=origin_use_case), \
        422 if form.is_submitted() else 200


@bp.route("/suivi/experiences/<int:experiment_id>/edit", methods=["GET", "POST"])
@login_required
def experiment_edit(experiment_id):
    experiment = _editable(get_experiment(experiment_id))
    form = ExperimentForm(obj=experiment)
    _fill_choices(form, {experiment.territory_id})
    form.territory.data = experiment.territory_id
    if not form.is_submitted():
        form.governance_model.data, form.status.data = experiment.governance_model.value, experiment.status.value
        form.principles.data = list(experiment.principles)
    if form.validate_on_submit():
        try:
            service.update_experiment(current_user, experiment, form.values())
        except service.FieldInvalid as error:
            show_field_error(form, error)
        else:
            db.session.commit()
            flash(_("The experiment has been saved."), "success")
            return redirect(url_for("followup.experiment_detail", experiment_id=experiment.id), 303)
    return render_template("followup/experiment_form.html", form=form, experiment=experiment,
                           origin_experiment=None, origin_use_case=None), 422 if form.is_submitted() else 200


def _render_experiment(experiment, entry_form=None, indicator_form=None, value_forms=None, status=200):
    indicators = experiment.indicators
    value_forms = value_forms or {}
    can_edit = permissions.can_edit_experiment(current_user, experiment)
    if can_edit:
        for indicator in indicators:
            value_forms.setdefault(indicator.id, ValueForm(prefix=f"value-{indicator.id}", formdata=None))
    reuses = [e for e in queries.reuses_of(experiment) if permissions.can_view_experiment(current_user, e)]
    origin = experiment.origin_experiment
    return render_template(
        "followup/experiment.html", experiment=experiment,
        charts={i.id: chart_svg(i, i.values, f"chart-{i.id}") for i in indicators},
        entries=[e for e in experiment.entries if e.accepted],
        proposals=[e for e in experiment.entries if not e.accepted]
        if permissions.can_decide_entry(current_user, experiment) else [],
        can_edit=can_edit, can_decide=permissions.can_decide_entry(current_user, experiment),
        can_propose=permissions.can_propose_entry(current_user, experiment),
        can_reuse=permissions.can_reuse(current_user, True),
        entry_form=entry_form or EntryForm(prefix="entry", formdata=None),
        indicator_form=indicator_form or IndicatorForm(prefix="indicator", formdata=None),
        value_forms=value_forms, button_form=EmptyForm(), reuses=reuses,
        origin=origin if origin is not None and permissions.can_view_experiment(current_user, origin) else None,
    ), status


@bp.get("/suivi/experiences/<int:experiment_id>")
def experiment_detail(experiment_id):
    return _render_experiment(get_experiment(experiment_id))


@bp.post("/suivi/experiences/<int:experiment_id>/entries")
@login_required
def entry_add(experiment_id):
    experiment = get_experiment(experiment_id)
    form = EntryForm(prefix="entry")
    if form.validate_on_submit():
        try:
            entry = service.add_entry(current_user, experiment, form.happened_on.data, form.text.data)
        except service.FieldInvalid as error:
            show_field_error(form, error)
        else:
            db.session.commit()
            flash(_("The entry has been added to the timeline.") if entry.accepted
                  else _("Your entry has been sent to the territory's lead, who will accept it or not."), "success")
            return redirect(url_for("followup.experiment_detail", experiment_id=experiment_id, _anchor="timeline"),
                            303)
    if not (permissions.can_write_entry(current_user, experiment)
            or permissions.can_propose_entry(current_user, experiment)):
        raise NotAllowed()
    return _render_experiment(get_experiment(experiment_id), entry_form=form, status=422)


@bp.post("/suivi/experiences/<int:experiment_id>/entries/<int:entry_id>/<any(accept, decline):decision>")
@login_required
def entry_decide(experiment_id, entry_id, decision):
    experiment = get_experiment(experiment_id)
    entry = db.session.get(TimelineEntry, entry_id)
    if entry is None or entry.experiment_id != experiment.id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    service.decide_entry(current_user, entry, decision == "accept")
    db.session.commit()
    flash(_("The entry has been accepted.") if decision == "accept" else _("The entry has been declined."),
          "success")
    return redirect(url_for("followup.experiment_detail", experiment_id=experiment_id, _anchor="timeline"), 303)


@bp.post("/suivi/experiences/<int:experiment_id>/indicators")
@login_required
def indicator_add(experiment_id):
    experiment = _editable(get_experiment(experiment_id))
    form = IndicatorForm(prefix="indicator")
    if form.validate_on_submit():
        indicator = service.save_indicator(current_user, experiment, form.values())
        db.session.commit()
        flash(_("The indicator has been added."), "success")
        return redirect(url_for("followup.experiment_detail", experiment_id=experiment_id,
                                _anchor=f"indicator-{indicator.id}"), 303)
    return _render_experiment(experiment, indicator_form=form, status=422)


def _indicator(experiment_id, indicator_id):
    experiment = get_experiment(experiment_id)
    indicator = db.session.get(Indicator, indicator_id)
    if indicator is None or indicator.experiment_id != experiment.id:
        abort(404)
    return experiment, indicator


@bp.route("/suivi/experiences/<int:experiment_id>/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
@login_required
def indicator_edit(experiment_id, indicator_id):
    experiment, indicator = _indicator(experiment_id, indicator_id)
    _editable(experiment)
    form = IndicatorForm(obj=indicator)
    if form.validate_on_submit():
        try:
            service.save_indicator(current_user, experiment, form.values(), indicator)
        except service.FieldInvalid as error:
            show_field_error(form, error)
        else:
            db.session.commit()
            flash(_("The indicator has been saved."), "success")
            return redirect(url_for("followup.experiment_detail", experiment_id=experiment_id,
                                    _anchor=f"indicator-{indicator_id}"), 303)
    return render_template("followup/indicator_form.html", form=form, experiment=experiment,
                           indicator=indicator), 422 if form.is_submitted() else 200


@bp.post("/suivi/experiences/<int:experiment_id>/indicators/<int:indicator_id>/values")
@login_required
def value_add(experiment_id, indicator_id):
    experiment, indicator = _indicator(experiment_id, indicator_id)
    _editable(experiment)
    form = ValueForm(prefix=f"value-{indicator.id}")
    if form.validate_on_submit():
        try:
            service.add_value(current_user, indicator, form.measured_on.data, form.value.data, form.source.data)
        except service.FieldInvalid as error:
            show_field_error(form, error)
        else:
            db.session.commit()
            flash(_("The value has been recorded."), "success")
            return redirect(url_for("followup.experiment_detail", experiment_id=experiment_id,
                                    _anchor=f"indicator-{indicator_id}"), 303)
    experiment = get_experiment(experiment_id)
    return _render_experiment(experiment, value_forms={indicator_id: form}, status=422)
