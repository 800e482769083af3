"""Markdown is rendered once, when saved, within bounds (roadmap.core.markdown_bounds)."""
import pytest
from wtforms import Form, TextAreaField

from roadmap.core import bounded
from roadmap.core.forms import max_length
from roadmap.core.markdown_bounds import (
    MAX_BLOCKS, MAX_HEADINGS, MAX_NESTING, MarkdownRefused, measure, render_for_storage, trusted_html,
)

DEEP_QUOTE = "> " * 150 + "trop profond"
DEEP_DIVS = "<div>" * 250 + "boîtes" + "</div>" * 250
DEEP_LIST = "".join("    " * level + "- niveau\n" for level in range(60))
HEADINGS = "\n\n".join(f"# Titre {i}" for i in range(MAX_HEADINGS + 1))
BLOCKS = "\n\n".join(f"Paragraphe {i}." for i in range(MAX_BLOCKS + 1))
BRACKETS = "[" * 8000


def test_measure_counts_depth_headings_blocks_and_elements():
    assert measure("<h1>a</h1><blockquote><p>b<br>c</p></blockquote><p>d</p>") == (2, 1, 3, 5)


def test_an_ordinary_text_is_rendered_and_sanitised(app):
    with app.test_request_context():
        html = render_for_storage("## Objectifs\n\n- **un**\n- deux\n\n<script>alert(1)</script>\n\n"
                                  "[lien](javascript:alert(1))")
    assert '<h2 id="md-objectifs">Objectifs</h2>' in html and "<strong>un</strong>" in html
    assert "<script" not in html and "javascript:" not in html


def test_an_empty_text_needs_no_rendering(app):
    with app.test_request_context():
        assert render_for_storage("  \n") == ""


@pytest.mark.parametrize("text, words", [
    (DEEP_QUOTE, "trop imbriqué"), (DEEP_DIVS, "trop imbriqué"), (DEEP_LIST, "trop imbriqué"),
    (HEADINGS, "trop de titres"), (BLOCKS, "trop de paragraphes"),
])
def test_what_would_break_the_export_is_refused(app, text, words):
    with app.test_request_context(), pytest.raises(MarkdownRefused) as refused:
        render_for_storage(text)
    assert words in refused.value.message


def test_the_limits_sit_well_below_what_breaks_weasyprint():
    # About 140 nested blockquotes or 200 nested <div>s end in RecursionError in WeasyPrint.
    assert MAX_NESTING <= 40


def test_a_text_too_slow_to_render_is_refused_past_the_time_bound(app):
    app.config["MARKDOWN_RENDER_TIMEOUT"] = 0.3
    with app.test_request_context(), pytest.raises(MarkdownRefused) as refused:
        render_for_storage(BRACKETS)
    assert "prend trop de temps" in refused.value.message and "0.3 s" in refused.value.message


def test_a_render_is_done_once_per_request(app, monkeypatch):
    calls = []
    real = bounded.run_bounded
    monkeypatch.setattr(bounded, "run_bounded", lambda *a, **k: calls.append(1) or real(*a, **k))
    with app.test_request_context():
        assert render_for_storage("*un*") == render_for_storage("*un*")
    assert len(calls) == 1


def test_the_child_is_killed_at_the_time_limit():
    import time

    started = time.monotonic()
    with pytest.raises(bounded.Refused) as refused:
        bounded.run_bounded(time.sleep, (30,), timeout=0.3)
    assert refused.value.reason == bounded.Refused.TIME and time.monotonic() - started < 5


def _slowly_unpickled(value):
    import time

    time.sleep(1.0)  # in the child, while its arguments arrive: part of its start, not of the work
    return value


class SlowToStart:
    """An argument that takes a second to unpickle, as a child's imports do on a busy machine."""

    def __init__(self, value):
        self.value = value

    def __reduce__(self):
        return _slowly_unpickled, (self.value,)


def test_the_time_limit_counts_the_work_not_the_start_of_the_child():
    # A two-paragraph text was refused as "too long to format" when the first child of a worker
    # took longer than the limit to start.
    assert bounded.run_bounded(str.upper, (SlowToStart("vite"),), timeout=0.5) == "VITE"


def test_the_child_is_refused_past_its_memory_limit():
    with pytest.raises(bounded.Refused) as refused:
        bounded.run_bounded(bytearray, (2 * 1024 ** 3,), timeout=20, memory_mb=400)
    assert refused.value.reason == bounded.Refused.MEMORY


def test_a_failure_in_the_child_says_what_it_was():
    with pytest.raises(bounded.Refused) as refused:
        bounded.run_bounded(int, ("pas un nombre",), timeout=20)
    assert refused.value.reason == bounded.Refused.ERROR and "ValueError" in refused.value.detail


def test_existing_texts_past_the_bounds_are_kept_as_plain_text():
    assert trusted_html(DEEP_QUOTE).startswith("<pre>&gt; &gt;")
    assert trusted_html("*un*") == "<p><em>un</em></p>"


class _Form(Form):
    text = TextAreaField(validators=[max_length(10)])


def test_a_text_a_little_too_long_is_sent_back_whole(app):
    with app.test_request_context():
        form = _Form(data={"text": "x" * 15})
        assert not form.validate()
        assert form.text.data == "x" * 15 and [str(e) for e in form.text.errors] == ["10 caractères au maximum."]


def test_a_text_far_too_long_is_not_echoed_back_whole(app):
    with app.test_request_context():
        form = _Form(data={"text": "x" * 10_000})
        assert not form.validate()
        assert form.text.data == "x" * 10
        assert "10000" in str(form.text.errors[0]) and "10 premiers caractères" in str(form.text.errors[0])
