"""Cache-Control by who may read an answer.

Every answer to someone logged in depends on who asks (their name in the menu, their buttons,
their rights), so it is sent with `no-store`: no shared cache keeps it, and no browser keeps it
on disk for the next person at that computer. Two kinds of views say otherwise:
- `@same_for_everyone` (or a whole blueprint): what a visitor would get too (the public API, open
  data, the published PDF); sent with what the view set, as for visitors.
- `@browser_cacheable(max_age)`: varies with the person (their language, their access) but may
  stay in their own browser: `private`.
Visitors' answers keep what their views set (the page cache, roadmap/core/page_cache.py, works
inside the process and does not depend on these headers).
"""
from flask import current_app, request, session

NO_STORE = "no-store"
_SAME_FOR_EVERYONE_BLUEPRINTS = set()


def same_for_everyone(view_or_blueprint):
    if hasattr(view_or_blueprint, "register_blueprint"):  # a Blueprint
        _SAME_FOR_EVERYONE_BLUEPRINTS.add(view_or_blueprint.name)
    else:
        view_or_blueprint.cache_policy = "same_for_everyone"
    return view_or_blueprint


def browser_cacheable(max_age=0):
    value = f"private, max-age={max_age}" if max_age else "private, no-cache"

    def mark(view):
        view.cache_policy = value
        return view

    return mark


def _someone_logged_in():
    # The session, not current_user: loading the user here would cost the page cache's saved query.
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return "_user_id" in session or remember in request.cookies


def set_cache_policy(response):
    if request.endpoint == "static" or request.blueprint in _SAME_FOR_EVERYONE_BLUEPRINTS:
        return response
    policy = getattr(current_app.view_functions.get(request.endpoint), "cache_policy", None)
    if policy == "same_for_everyone":
        return response
    if policy is not None:
        response.headers["Cache-Control"] = policy
    elif _someone_logged_in():
        # An event stream keeps no-transform, so that proxies do not buffer it.
        keep = ", no-transform" if "no-transform" in response.headers.get("Cache-Control", "") else ""
        response.headers["Cache-Control"] = NO_STORE + keep
    return response
