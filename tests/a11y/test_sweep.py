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

    def of(role):
        if role not in done:
            done[role] = sweep(_app, _browser, demo_server, role, workdir)
            ARTIFACTS.mkdir(exist_ok=True)
            (ARTIFACTS / f"a11y-{role}.json").write_text(
                json.dumps(summary(done[role]), ensure_ascii=False, indent=1))
        return done[role]

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
