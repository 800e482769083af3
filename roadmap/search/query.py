"""What a typed search becomes: words, folded and unaccented, never raw query syntax.

Only runs of letters and digits are kept: quotes, `*`, `-`, `:`, parentheses, `^` are dropped,
and operator words (`NEAR`, `OR`, `AND`, `NOT`) become ordinary words, quoted for FTS5 and
bound as parameters for PostgreSQL. Every word must match (AND); words of three letters or more
match as prefixes ("territ" finds "territoires").
"""
import re
import unicodedata
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

MAX_LENGTH = 200
MAX_TERMS = 8
MIN_TERM = 2
PREFIX_FROM = 3
WORD = re.compile(r"[^\W_]+")

EMPTY = _l("Type one or more words to search for.")
TOO_LONG = _l("A search is limited to %(max)d characters: shorten it.", max=MAX_LENGTH)
NO_WORDS = _l("Type at least one word of %(min)d letters or more.", min=MIN_TERM)


def fold(text):
    """Lower case, accents off ("État" → "etat"), composed characters first."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", text or ""))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c))).lower()


def words(text):
    return WORD.findall(fold(text))


@dataclass(frozen=True)
class SearchQuery:
    text: str
    terms: tuple = ()
    problem: object = None  # the message shown instead of results
    truncated: bool = False  # more than MAX_TERMS words: the first ones were used

    @property
    def searchable(self):
        return self.problem is None and bool(self.terms)

    def fts5(self):
        """The FTS5 MATCH expression: each word a quoted string, a prefix from three letters."""
        return " ".join(f'"{t}"*' if len(t) >= PREFIX_FROM else f'"{t}"' for t in self.terms)

    def is_prefix(self, term):
        return len(term) >= PREFIX_FROM


def parse_query(raw):
    text = " ".join((raw or "").split())
    if not text:
        return SearchQuery("", problem=EMPTY)
    if len(text) > MAX_LENGTH:
        return SearchQuery(text[:MAX_LENGTH], problem=TOO_LONG)
    terms = []
    for word in words(text):
        if len(word) >= MIN_TERM and word not in terms:
            terms.append(word)
    if not terms:
        return SearchQuery(text, problem=NO_WORDS)
    return SearchQuery(text, tuple(terms[:MAX_TERMS]), truncated=len(terms) > MAX_TERMS)
