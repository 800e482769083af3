"""Each feature says what personal data it holds about a person, and how to erase it.

A provider is registered in create_app with register_personal_data(app, provider), where
provider has:
  key           a name for its part of the download ("swot_items", "comments", ...)
  label         a lazy-translated title for the "my data" page
  collect(user) -> list of JSON-serialisable dicts (dates as ISO 8601 strings)
  erase(user, keep_comments) -> None: delete what is personal; what was written for shared work
                stays, its author now shown as "former participant" (the user row is emptied, not
                removed, so references stay valid).
"""
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class PersonalDataProvider:
    key: str
    label: object
    collect: Callable
    erase: Callable = lambda user, keep_comments: None


def register_personal_data(app, provider):
    app.extensions.setdefault("personal_data", []).append(provider)


def providers(app):
    return app.extensions.get("personal_data", [])


def iso(value):
    """ISO 8601: datetimes (naive UTC in the database) with a Z, dates as they are."""
    if value is None:
        return None
    if hasattr(value, "hour"):
        return value.replace(microsecond=0).isoformat() + "Z"
    return value.isoformat()
