"""Domain errors raised by services, and the one place that maps them to HTTP."""
import logging

from flask import jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from roadmap.core.sqlite import is_busy_error
from roadmap.extensions import db

log = logging.getLogger(__name__)
BUSY_MESSAGE = _l("The database is busy. Nothing has been saved: try again in a moment.")


class DomainError(Exception):
    status = 400
    default_message = _l("This request cannot be carried out.")

    def __init__(self, message=None):
        super().__init__(message or self.default_message)
        self.message = message or self.default_message


class NotAllowed(DomainError):
    status = 403
    default_message = _l("You are not allowed to do this.")


class NotFound(DomainError):
    status = 404
    default_message = _l("This page does not exist.")


class Conflict(DomainError):
    status = 409
    default_message = _l("Somebody else changed this in the meantime.")


class Invalid(DomainError):
    status = 422
    default_message = _l("This input is not valid.")


def _wants_json():
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.path.startswith("/api/") or best == "application/json"


def _render_error(status, message):
    # The failed request may have left its transaction broken: the error page must not trip on it.
    db.session.rollback()
    from roadmap.core.deferred import discard_pending_jobs

    discard_pending_jobs()  # rolled back: nothing it asked to send may go
    try:
        if _wants_json():
            return jsonify({"error": str(message), "status": status}), status
        return render_template("errors/error.html", status=status, message=message), status
    except Exception:  # an error page that fails must not become a second, bare failure
        log.exception("The error page for %s could not be rendered", status)
        return f"Error {status}", status, {"Content-Type": "text/plain; charset=utf-8"}


def register_error_handlers(app):
    @app.errorhandler(DomainError)
    def _domain_error(error):
        db.session.rollback()
        return _render_error(error.status, error.message)

    @app.errorhandler(CSRFError)
    def _csrf_error(_error):
        return _render_error(
            400, _l("Your form expired or did not come from this site. Reload the page and try again.")
        )

    messages = {
        400: _l("The request could not be understood."),
        403: _l("You are not allowed to see this page."),
        404: _l("This page does not exist."),
        405: _l("This action is not possible here."),
        409: _l("Somebody else changed this in the meantime."),
        413: _l("What you sent is too large."),
        422: _l("This input is not valid."),
        429: _l("Too many requests. Wait a moment and try again."),
        500: _l("Something went wrong on our side. Nothing you typed has been saved; try again."),
        503: _l("The service is temporarily unavailable."),
    }

    def _http_error(error, status, message):
        response = make_response(_render_error(status, message))
        if isinstance(error, HTTPException):
            # The error's own headers: Allow on a 405 (RFC 9110 requires it), Retry-After, ...
            for name, value in error.get_headers():
                if name.lower() != "content-type":
                    response.headers[name] = value
        return response

    for status, message in messages.items():
        app.register_error_handler(status, lambda e, s=status, m=message: _http_error(e, s, m))

    @app.errorhandler(OperationalError)
    def _database_error(error):
        if is_busy_error(error):  # the busy timeout already waited: say so, never a 500
            log.warning("Database busy: %s %s answered 503", request.method, request.path)
            response = _render_error(503, BUSY_MESSAGE)
            return response[0], 503, {"Retry-After": "2"}
        log.exception("Database error")
        return _render_error(500, messages[500])
