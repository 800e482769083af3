"""What a typed search becomes, and how matches are marked."""
import pytest
from markupsafe import Markup

from roadmap.search.highlight import mark, snippet
from roadmap.search.query import EMPTY, MAX_LENGTH, MAX_TERMS, NO_WORDS, TOO_LONG, fold, parse_query


@pytest.mark.parametrize("raw, terms", [
    ("État", ("etat",)),
    ("  DONNÉES   personnelles ", ("donnees", "personnelles")),
    ('"coach" co2*', ("coach", "co2")),
    ("mobilité NEAR énergie", ("mobilite", "near", "energie")),
    ("-santé OR (énergie)", ("sante", "or", "energie")),
    ("self-data:title^2", ("self", "data", "title")),
    ("l'État d'abord", ("etat", "abord")),  # one-letter words are left out
    ("e\u0301tat", ("etat",)),  # a decomposed accent
    ("Cœur Straße", ("cœur", "straße")),
    ("etat Etat ÉTAT", ("etat",)),
])
def test_only_words_folded_and_unaccented_are_kept(raw, terms):
    assert parse_query(raw).terms == terms


@pytest.mark.parametrize("raw, problem", [
    ("", EMPTY), ("   ", EMPTY), ('" * - ( )', NO_WORDS), ("a b c", NO_WORDS), ("x" * (MAX_LENGTH + 1), TOO_LONG),
])
def test_a_query_without_words_or_too_long_gets_a_message(raw, problem):
    query = parse_query(raw)
    assert query.problem == problem and not query.searchable


def test_a_query_of_exactly_the_limit_is_searched():
    assert parse_query("mot " * (MAX_LENGTH // 4)).searchable


def test_too_many_words_keep_the_first_ones():
    query = parse_query(" ".join(f"mot{n}" for n in range(20)))
    assert len(query.terms) == MAX_TERMS and query.truncated


def test_the_fts5_expression_quotes_every_word_and_never_passes_syntax():
    expression = parse_query('NEAR("santé" OR -ab) col:énergie').fts5()
    assert expression == '"near"* "sante"* "or" "ab" "col"* "energie"*'


def test_fold():
    assert fold("ÉtÀt Œuvre") == "etat œuvre"


def test_mark_escapes_first_then_marks_whole_words():
    marked = mark('<script>alert("état")</script> États-Unis', ("etat",))
    assert isinstance(marked, Markup)
    assert str(marked) == ('&lt;script&gt;alert(&#34;<mark>état</mark>&#34;)&lt;/script&gt; '
                           '<mark>États</mark>-Unis')


def test_mark_of_a_word_that_looks_like_html():
    assert str(mark("<mark>donnees</mark>", ("donnees",))) == "&lt;mark&gt;<mark>donnees</mark>&lt;/mark&gt;"


def test_short_words_match_whole_words_only():
    assert str(mark("ia iavec", ("ia",))) == "<mark>ia</mark> iavec"


def test_a_snippet_is_cut_around_the_first_match():
    text = " ".join(f"mot{n}" for n in range(100)) + " gouvernance " + " ".join(f"fin{n}" for n in range(100))
    cut = str(snippet(text, ("gouvernance",)))
    assert cut.startswith("… ") and cut.endswith(" …") and "<mark>gouvernance</mark>" in cut
    assert len(cut.split()) < 40


def test_a_short_text_is_whole():
    assert str(snippet("Un réseau de chaleur", ("chaleur",))) == "Un réseau de <mark>chaleur</mark>"
