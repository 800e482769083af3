"""One format for a date in a sentence, one for a table, in French and in English (roadmap.core.i18n)."""
from datetime import date, datetime

import pytest
from flask import session
from flask_babel import refresh

from roadmap.core.i18n import sentence_date, sentence_datetime, table_date, table_datetime

MOMENT = datetime(2026, 12, 1, 13, 30)  # naive UTC: 14:30 in Paris


@pytest.mark.parametrize("language, expected", [
    ("fr", ("1 décembre 2026", "1 décembre 2026, 14:30", "1 déc. 2026", "1 déc. 2026, 14:30", "14 juillet 2026")),
    ("en", ("December 1, 2026", "December 1, 2026, 2:30\u202fPM", "Dec 1, 2026", "Dec 1, 2026, 2:30\u202fPM", "July 14, 2026")),
])
def test_dates_read_the_same_way_everywhere_in_the_readers_language(app, language, expected):
    with app.test_request_context("/"):
        session["lang"] = language
        refresh()
        assert (sentence_date(MOMENT), sentence_datetime(MOMENT), table_date(MOMENT), table_datetime(MOMENT),
                sentence_date(date(2026, 7, 14))) == expected
        assert sentence_date(None) == table_datetime(None) == ""


def test_the_day_of_a_moment_is_the_readers_day(app):
    with app.test_request_context("/"):
        assert sentence_date(datetime(2026, 12, 31, 23, 30)) == "1 janvier 2027"  # already the 1st in Paris
