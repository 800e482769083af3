"""RGAA 4.1 / WCAG 2.2 AA checks on every main page, as each role: axe-core (no serious or critical
violation), the Nu HTML checker (no error in the served HTML), no page-level sideways scrolling at
320 px. The findings of each sweep are kept in test-artifacts/a11y-<role>.json."""
import json

import pytest

from tests.a11y.sweep import ACCOUNTS, NARROW, java_available, summary, sweep
from tests.browser import ARTIFACTS

ROLES = list(ACCOUNTS)


@pytest.fixture(scope="module")
def sweeps(_app, _browser, demo_server, tmp_path_factory):
    done = {}
    workdir = tmp_path_factory.mktemp("a11y")

    def of(role, locale="fr-FR"):
        key = role if locale == "fr-FR" else f"{role}-{locale[:2]}"
        if key not in done:
            done[key] = sweep(_app, _browser, demo_server, role, workdir / key, locale=locale)
            ARTIFACTS.mkdir(exist_ok=True)
            (ARTIFACTS / f"a11y-{key}.json").write_text(
                json.dumps(summary(done[key]), ensure_ascii=False, indent=1))
        return done[key]

    return of


@pytest.mark.parametrize("role", ROLES)
def test_main_pages_have_no_serious_axe_violation(sweeps, role):
    results = sweeps(role)
    assert len(results) >= 5, [r.path for r in results]
    failures = {r.path: r.axe for r in results if r.axe}
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("role", ROLES)
def test_served_html_is_valid(sweeps, role):
    if not java_available():
        pytest.skip("Java or vnu-jar missing (make test installs them)")
    failures = {r.path: r.vnu[:10] for r in sweeps(role) if r.vnu}
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("role", ROLES)
def test_no_page_scrolls_sideways_at_320_px(sweeps, role):
    failures = {r.path: [r.scroll_width, *r.too_wide] for r in sweeps(role) if r.scroll_width > NARROW}
    assert not failures, failures


# The interface in English, for every role: the same checks; the demo's content,
# written in French, is marked lang="fr" inside the English pages.
ENGLISH_ROLES = ROLES


@pytest.mark.parametrize("role", ENGLISH_ROLES)
def test_english_interface_passes_the_same_checks(sweeps, role):
    results = sweeps(role, "en-GB")
    assert len(results) >= 5, [r.path for r in results]
    assert all(b'<html lang="en">' in r.html_file.read_bytes() for r in results)
    problems = {r.path: {"axe": r.axe, "vnu": r.vnu[:10], "width": r.scroll_width}
                for r in results if r.axe or r.vnu or r.scroll_width > NARROW}
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_french_content_is_marked_as_french_in_the_english_interface(sweeps):
    pages = {r.path: r.html_file.read_text() for r in sweeps("lead", "en-GB")}
    board = pages["/territories/la-rochelle/swot"]
    assert '<p class="swot-text" lang="fr">' in board
    french_board = next(r for r in sweeps("lead") if r.path == "/territories/la-rochelle/swot").html_file.read_text()
    assert '<p class="swot-text">' in french_board and 'class="swot-text" lang=' not in french_board
