from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from roadmap.core.page_cache import cached_page
from roadmap.core.permissions import editor_required
from roadmap.extensions import db
from roadmap.process import service
from roadmap.process.forms import StepForm
from roadmap.process.models import ProcessStep
from roadmap.process.progress import progress_table
from roadmap.territories.models import Territory

bp = Blueprint("process", __name__)
HOME_PAGE_SIZE = 50


@bp.get("/")
@cached_page
def home():
    process = service.get_process()
    page = db.paginate(select(Territory).order_by(Territory.name), per_page=HOME_PAGE_SIZE, error_out=False)
    headers, rows = progress_table(current_app, page.items)
    # What is waiting for this person (roadmap/home): the page is cached per person, never shared.
    waiting_for = current_app.extensions.get("personal_home")
    waiting = waiting_for(current_user) if waiting_for and current_user.is_authenticated else None
    return render_template(
        "process/home.html", process=process, current=service.current_step(process),
        step_state=service.step_state, headers=headers, rows=rows, page=page, waiting=waiting,
    )


@bp.get("/process")
def steps():
    process = service.get_process()
    return render_template("process/steps.html", process=process, current=service.current_step(process),
                           step_state=service.step_state)


@bp.route("/process/steps/<int:step_id>/edit", methods=["GET", "POST"])
@editor_required
def edit_step(step_id):
    step = db.session.get(ProcessStep, step_id) or abort(404)
    form = StepForm(obj=step)
    if form.validate_on_submit():
        service.update_step(step, form.starts_on.data, form.ends_on.data, form.expectations.data)
        db.session.commit()
        flash(_("The step has been saved."), "success")
        return redirect(url_for("process.steps"))
    return render_template("process/edit_step.html", form=form, step=step), 422 if form.is_submitted() else 200
