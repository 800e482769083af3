"""Numbers and dates taken from a URL, a query string or a form, checked against what the
database and Python hold, in one place: out of range, a path answers 404 (no such thing) and a
parameter 422 (with what was expected), never a 500 from an overflow in SQLite's driver, in an
OFFSET or in a date computation.

- `<int:...>` in every route is `BoundedIntegerConverter` (registered on the app's URL map before
  any blueprint): ids from 0 to 2**31 - 1. Every id, revision and sequence column is an
  `sa.Integer`, which is PostgreSQL's 4-byte `integer` (psycopg binds the parameter as one, so a
  larger number fails in the database, "integer out of range"); SQLite would take 8 bytes.
- `query_int()` / `query_page()` for integers of the query string or of a posted form.
- `DATE_MIN` .. `DATE_MAX` bound every date (see `roadmap.core.forms.BoundedDateField`).
"""
import re
from datetime import date

from flask import request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

from roadmap.core.errors import Invalid

MAX_ID = 2**31 - 1  # PostgreSQL `integer`, the narrowest of the two databases
# No list has a million pages; the bound keeps (page - 1) * page size inside a bigint OFFSET.
MAX_PAGE = 1_000_000
# Years a roadmap, a workshop or an audit filter can mean; keeps "the day after" computable.
DATE_MIN, DATE_MAX = date(1900, 1, 1), date(2999, 12, 31)

_INTEGER = re.compile(r"[+-]?[0-9]{1,20}")


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` with a default maximum: a larger number matches no route (404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002 (werkzeug's names)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def register_converters(app):
    app.url_map.converters["int"] = BoundedIntegerConverter


def parse_int(raw, minimum, maximum):
    """The integer written in `raw` if it is one within [minimum, maximum], else None."""
    raw = (raw or "").strip()
    if not _INTEGER.fullmatch(raw):
        return None
    value = int(raw)
    return value if minimum <= value <= maximum else None


def query_int(name, default=None, minimum=1, maximum=MAX_ID, values=None):
    """An integer parameter of the query string (or of `values`, e.g. request.form): absent or
    empty gives `default`; anything else than a whole number in range is refused (422)."""
    values = request.args if values is None else values
    raw = values.get(name)
    if raw is None or raw == "":
        return default
    value = parse_int(raw, minimum, maximum)
    if value is None:
        raise Invalid(_("“%(name)s” must be a whole number from %(min)d to %(max)d.",
                        name=name, min=minimum, max=maximum))
    return value


def query_page(name="page"):
    """The page of a list asked in the query string (1 when absent)."""
    return query_int(name, default=1, minimum=1, maximum=MAX_PAGE)
