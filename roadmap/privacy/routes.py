import json

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from roadmap.core.errors import Conflict, Invalid, NotAllowed
from roadmap.core.params import query_page
from roadmap.core.permissions import editor_required
from roadmap.core.requests import client_address
from roadmap.extensions import db
from roadmap.privacy import queries, service
from roadmap.privacy.forms import AuditFilterForm, DeleteAccountForm
from roadmap.privacy.registry import providers

bp = Blueprint("privacy", __name__)


def _refuse_other_person():
    asked = request.args.get("user")
    if asked is not None and asked != str(current_user.id):
        raise NotAllowed(_("You can only see and download your own data."))


@bp.get("/account/data")
@login_required
def my_data():
    _refuse_other_person()
    document = service.collect_personal_data(current_user)
    return render_template("privacy/my_data.html", document=document, providers=providers(current_app))


@bp.get("/account/data.json")
@login_required
def my_data_json():
    _refuse_other_person()
    service.record_data_export(current_user, client_address())
    db.session.commit()
    document = service.collect_personal_data(current_user)
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="mes-donnees-{current_user.id}.json"',
        "Cache-Control": "no-store",
    })


@bp.get("/account/data/summary")
@login_required
def my_data_summary():
    _refuse_other_person()
    document = service.collect_personal_data(current_user)
    response = current_app.make_response(render_template(
        "privacy/summary.html", document=document, providers=providers(current_app)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    blockers = service.handover_blockers(current_user)
    if form.validate_on_submit():
        try:
            service.delete_account(current_user._get_current_object(), form.password.data,
                                   keep_comments=form.comments.data == "anonymise")
        except Invalid as error:
            form.password.errors.append(error.message)
        except Conflict as error:
            db.session.rollback()
            flash(error.message, "error")
            return render_template("privacy/delete.html", form=form, blockers=blockers), 409
        else:
            db.session.commit()
            logout_user()
            flash(_("Your account has been deleted. Thank you for your participation."), "success")
            return redirect(url_for("process.home"))
    status = 422 if form.is_submitted() else 200
    return render_template("privacy/delete.html", form=form, blockers=blockers), status


@bp.get("/privacy")
def notice():
    return render_template("privacy/notice.html", retention_days=service.SECURITY_EVENT_RETENTION_DAYS)


@bp.get("/accessibilite")
def accessibility_statement():
    """The accessibility statement RGAA 4.1 asks for; tests/a11y keeps what it says true."""
    return render_template("privacy/accessibility.html")


@bp.get("/audit")
@editor_required
def audit_log():
    form = AuditFilterForm(request.args)
    if not form.validate():
        return render_template("privacy/audit.html", form=form, page=None, actions=queries.audit_actions()), 422
    page = queries.audit_page(form.action.data, form.since.data, form.until.data,
                              query_page())
    return render_template("privacy/audit.html", form=form, page=page, actions=queries.audit_actions())


@bp.get("/account/audit")
@login_required
def my_audit():
    page = queries.audit_page(None, None, None, query_page(), user=current_user)
    return render_template("privacy/my_audit.html", page=page)
