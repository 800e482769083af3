"""Decorators for the two rules every feature shares: logged in, and editor."""
from functools import wraps

from flask_login import current_user, login_required

from roadmap.core.errors import NotAllowed

__all__ = ["editor_required", "login_required", "is_editor", "refuse_form_page"]


def is_editor(user):
    return bool(user and user.is_authenticated and user.is_editor)


def editor_required(view):
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not is_editor(current_user):
            raise NotAllowed()
        return view(*args, **kwargs)

    return wrapper


def refuse_form_page(form, check):
    """Apply the rule of a form's save to its page: a GET is refused wherever the POST would be.

    `check` is the very function the save calls (it raises a DomainError). On the page, an
    objection to the input ("only during 15 minutes", "replies take no status") refuses the page
    itself (403, with the rule's message); a refusal of another kind keeps its status (403, 409).
    A submitted form is left to the save, which shows its objection next to the field with the
    typed text kept.
    """
    from roadmap.core.errors import Invalid

    if form.is_submitted():
        return
    try:
        check()
    except Invalid as error:
        raise NotAllowed(error.message) from None
