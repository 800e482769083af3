from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from roadmap.core.errors import Conflict
from flask_login import current_user

from roadmap.core.page_cache import cached_page
from roadmap.core.permissions import editor_required, login_required
from roadmap.extensions import db
from roadmap.territories import service
from roadmap.territories.forms import OrganisationForm, RoleForm, TerritoryForm
from roadmap.territories.permissions import is_lead
from roadmap.territories.models import Membership, Organisation, Territory

bp = Blueprint("territories", __name__)


PAGE_SIZE = 50


@bp.get("/territories")
@cached_page
def territory_list():
    page = db.paginate(select(Territory).options(selectinload(Territory.organisations)).order_by(Territory.name),
                       per_page=PAGE_SIZE, error_out=False)
    return render_template("territories/list.html", territories=page.items, page=page)


@bp.get("/territories/<slug>")
@cached_page
def territory_detail(slug):
    territory = db.session.scalar(select(Territory).where(Territory.slug == slug))
    if territory is None:
        abort(404)
    members = db.session.scalars(
        select(Membership).options(selectinload(Membership.user))
        .where(Membership.territory_id == territory.id)
    ).all()
    can_manage = current_user.is_authenticated and (current_user.is_editor or is_lead(current_user, territory.id))
    return render_template("territories/detail.html", territory=territory, can_manage_roles=can_manage,
                           role_form=RoleForm(),
                           members=sorted(members, key=lambda m: (m.role.value, m.user.display_name)))


def _save_territory_form(form, territory=None):
    try:
        if territory is None:
            territory = service.create_territory(form.name.data, form.country.data, form.kind.data,
                                                 form.description.data)
        else:
            service.update_territory(territory, form.name.data, form.country.data, form.kind.data,
                                     form.description.data)
    except Conflict as error:
        form.name.errors.append(error.message)
        return None
    db.session.commit()
    return territory


@bp.route("/territories/new", methods=["GET", "POST"])
@editor_required
def territory_new():
    form = TerritoryForm()
    if form.validate_on_submit() and (territory := _save_territory_form(form)):
        flash(_("The territory has been created."), "success")
        return redirect(url_for("territories.territory_detail", slug=territory.slug))
    return render_template("territories/form.html", form=form, territory=None), 422 if form.is_submitted() else 200


@bp.route("/territories/<slug>/edit", methods=["GET", "POST"])
@editor_required
def territory_edit(slug):
    territory = db.session.scalar(select(Territory).where(Territory.slug == slug))
    if territory is None:
        abort(404)
    form = TerritoryForm(obj=territory)
    if form.validate_on_submit() and _save_territory_form(form, territory):
        flash(_("The territory has been saved."), "success")
        return redirect(url_for("territories.territory_detail", slug=territory.slug))
    return render_template("territories/form.html", form=form, territory=territory), \
        422 if form.is_submitted() else 200


@bp.post("/territories/<slug>/members/<int:membership_id>/role")
@login_required
def change_role(slug, membership_id):
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.territory is None or membership.territory.slug != slug:
        abort(404)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        service.change_role(current_user, membership, form.role.data)
    except Conflict as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The role of %(name)s has been changed.", name=membership.user.display_name), "success")
    return redirect(url_for("territories.territory_detail", slug=slug) + "#members-title")


@bp.get("/organisations")
def organisation_list():
    page = db.paginate(select(Organisation).options(selectinload(Organisation.territories)).order_by(Organisation.name),
                       per_page=PAGE_SIZE, error_out=False)
    return render_template("territories/organisations.html", organisations=page.items, page=page)


def _organisation_form(organisation):
    form = OrganisationForm(obj=organisation if organisation.id else None)
    form.territories.choices = [(t.id, t.name) for t in db.session.scalars(select(Territory).order_by(Territory.name))]
    if organisation.id and not form.is_submitted():
        form.territories.data = [t.id for t in organisation.territories]
    if form.validate_on_submit():
        try:
            service.save_organisation(organisation, form.name.data, form.kind.data, form.description.data,
                                      form.territories.data)
        except Conflict as error:
            form.name.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The organisation has been saved."), "success")
            return redirect(url_for("territories.organisation_list"))
    return render_template("territories/organisation_form.html", form=form, organisation=organisation), \
        422 if form.is_submitted() else 200


@bp.route("/organisations/new", methods=["GET", "POST"])
@editor_required
def organisation_new():
    return _organisation_form(Organisation())


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@editor_required
def organisation_edit(organisation_id):
    organisation = db.session.get(Organisation, organisation_id) or abort(404)
    return _organisation_form(organisation)
