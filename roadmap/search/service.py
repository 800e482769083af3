"""Search: the database's full-text match, the person's visibility, ranked and paginated.

A search runs a fixed number of statements whatever the data: the person's memberships and
visible versions (roadmap.search.visibility), one statement that ranks the visible matches once and
returns both the count of each kind and the page, then one statement per kind present on the page
for what is shown (roadmap.search.results).
"""
import math
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import Float, Integer, String, Text, cast, column, func, literal_column, select, table, true, union_all

from roadmap.extensions import db
from roadmap.search.models import FTS_TABLE, SearchEntry
from roadmap.search.visibility import Visibility

ENTRY = SearchEntry.__table__
PAGE_SIZE = 20
# The filters a person chooses from; a SWOT item is a draft one or a submitted one.
FILTERS = (
    ("swot", _l("SWOT items"), ("swot_item", "swot_version_item")),
    ("use_case", _l("Use cases"), ("use_case",)),
    ("section", _l("Roadmap sections"), ("section",)),
    ("comment", _l("Comments"), ("comment",)),
    ("workshop", _l("Workshops"), ("workshop",)),
    ("territory", _l("Territories"), ("territory",)),
    ("organisation", _l("Partner organisations"), ("organisation",)),
)
FILTER_KINDS = {name: kinds for name, _label, kinds in FILTERS}
ALL_KINDS = tuple(kind for _n, _l_, kinds in FILTERS for kind in kinds)
FILTER_OF = {kind: name for name, _label, kinds in FILTERS for kind in kinds}
# Matches in a title count this many times as much as in the text.
TITLE_WEIGHT = 4.0


@dataclass
class ResultPage:
    """What the page shows; quacks like Flask-SQLAlchemy's Pagination for the pagination macro."""
    page: int
    per_page: int
    total: int
    entries: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)  # {filter name: number of visible matches}

    @property
    def pages(self):
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages

    @property
    def prev_num(self):
        return self.page - 1

    @property
    def next_num(self):
        return self.page + 1


def _match_sqlite(query):
    fts = table(FTS_TABLE, column("rowid"))
    source = ENTRY.join(fts, fts.c.rowid == ENTRY.c.id)
    # bm25: lower is better.
    return (source, literal_column(FTS_TABLE).op("MATCH")(query.fts5()),
            func.bm25(literal_column(FTS_TABLE), TITLE_WEIGHT, 1.0))


def _tsquery(term, prefix):
    pattern = func.search_unaccent(term).op("||")(":*" if prefix else "")
    return func.to_tsquery(literal_column("'french'::regconfig"), pattern).op("||")(
        func.to_tsquery(literal_column("'english'::regconfig"), pattern))


def _match_postgresql(query):
    combined = None
    for term in query.terms:
        part = _tsquery(term, query.is_prefix(term))
        combined = part if combined is None else combined.op("&&")(part)
    tsquery = select(combined.label("query")).subquery("q")
    source = ENTRY.join(tsquery, true())
    # ts_rank: higher is better; negated so that both dialects sort ascending.
    return source, ENTRY.c.document.op("@@")(tsquery.c.query), -func.ts_rank(
        literal_column("'{0.1, 0.2, 0.4, 1.0}'::float4[]"), ENTRY.c.document, tsquery.c.query)


def _match(query):
    if db.engine.dialect.name == "postgresql":
        return _match_postgresql(query)
    return _match_sqlite(query)


def search(user, query, filter_name=None, page=1, per_page=PAGE_SIZE):
    """The entries matching `query` that `user` may see, best first; `filter_name` one of FILTERS.

    One statement: the visible matches are ranked once (a materialised CTE), then counted by kind
    and cut to the page, the two answers sent back together (UNION ALL)."""
    if not query.searchable:
        return ResultPage(page=page, per_page=per_page, total=0)
    visibility = Visibility(user)
    source, matches, rank = _match(query)
    kinds = FILTER_KINDS.get(filter_name, ALL_KINDS)
    hits = (select(ENTRY.c.id.label("entry_id"), ENTRY.c.kind.label("kind"), rank.label("rank"))
            .select_from(source).where(matches, visibility.condition(ALL_KINDS))
            .cte("search_hits").prefix_with("MATERIALIZED"))
    page_ids = (select(hits.c.entry_id, hits.c.rank).where(hits.c.kind.in_(kinds))
                .order_by(hits.c.rank, hits.c.entry_id).limit(per_page).offset((page - 1) * per_page)
                .subquery("page_ids"))
    counts = select(hits.c.kind, cast(None, Integer).label("entry_id"), cast(None, Integer).label("object_id"),
                    cast(None, String).label("title"), cast(None, Text).label("body"),
                    func.count().label("n"), cast(None, Float).label("rank")).group_by(hits.c.kind)
    entries = select(ENTRY.c.kind, ENTRY.c.id, ENTRY.c.object_id, ENTRY.c.title, ENTRY.c.body,
                     cast(None, Integer).label("n"), page_ids.c.rank).join_from(
        page_ids, ENTRY, ENTRY.c.id == page_ids.c.entry_id)
    result = ResultPage(page=page, per_page=per_page, total=0)
    for row in db.session.execute(union_all(counts, entries)).all():
        if row.n is not None:
            result.counts[FILTER_OF[row.kind]] = result.counts.get(FILTER_OF[row.kind], 0) + row.n
        else:
            result.entries.append(row)
    result.entries.sort(key=lambda row: (row.rank, row.entry_id))
    result.total = sum(n for name, n in result.counts.items() if filter_name not in FILTER_KINDS
                       or name == filter_name)
    return result
