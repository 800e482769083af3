"""Decorators for the two rules every feature shares: logged in, and editor."""
from functools import wraps

from flask_login import current_user, login_required

from roadmap.core.errors import NotAllowed

__all__ = ["editor_required", "login_required", "is_editor"]


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
