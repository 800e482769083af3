"""One sweep of the main pages as one person: axe-core in Chromium, the served HTML kept for the
Nu HTML checker, and the page's width at 320 px.

The pages are found by following the links a person sees from the home page (and from their
account pages), one page per Flask endpoint, so a new page is swept as soon as it is linked."""
import json
import os
import shutil
import subprocess
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
VNU = ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SKIPPED_SUFFIXES = (".pdf", ".csv", ".zip", ".json", ".ics", "/download", "/events", "/stream")
MAX_PAGES = 22  # per role: keeps the five sweeps near a minute on a shared machine
NARROW = 320

PASSWORD = "demo-feuille-2026"
# The pages each person works on, swept first (then what their links lead to).
SEEDS = {
    "visitor": ["/", "/login", "/password/forgot", "/accessibilite", "/territories/la-rochelle", "/roadmap", "/use-cases",
                "/glossaire", "/search?q=donn%C3%A9es", "/suivi", "/suivi/experiences/1"],
    # /workshops/1 is the demo's live room (editors facilitate, the lead and the member take part);
    # a canvas field's history and the working copy's review come from it.
    "editor": ["/", "/roadmap/v/2/comments", "/exports", "/audit", "/invitations", "/swot/synthesis",
               "/workshops/1", "/workshops/1/working-copy", "/workshops/1/live/history/1/problem",
               "/territories/la-rochelle/swot", "/search?q=mobilit%C3%A9", "/suivi"],
    "lead": ["/", "/territories/la-rochelle/swot", "/territories/la-rochelle/swot/changes", "/workshops/1",
             "/workshops/1/live/history/1/problem", "/account/data", "/notifications",
             "/territories/la-rochelle/invitations", "/suivi/experiences/1", "/glossaire"],
    "member": ["/", "/territories/la-rochelle/swot", "/workshops/1", "/workshops/1/live/history/1/service",
               "/roadmap/my-comments", "/search?q=donn%C3%A9es"],
    "partner": ["/", "/workshops/1", "/roadmap", "/account", "/notifications", "/search?q=donn%C3%A9es+citoyen"],
}
ACCOUNTS = {
    "visitor": None,
    "editor": "editrice@demo.example",
    "lead": "lead-la-rochelle@demo.example",
    "member": "agent-la-rochelle@demo.example",
    "partner": "partenaire-nuagecitoyen@demo.example",
}


@dataclass
class PageResult:
    path: str
    axe: list = field(default_factory=list)        # serious and critical violations
    scroll_width: int = 0                          # document width at 320 px
    too_wide: list = field(default_factory=list)   # the elements that stick out, when it is wider
    vnu: list = field(default_factory=list)        # Nu HTML checker errors
    html_file: Path | None = None


def java_available():
    return shutil.which("java") is not None and VNU.exists()


def log_in(page, base_url, email):
    page.goto(base_url + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, f"could not log in as {email}"


def choose_language(page, base_url, language):
    """The header's language button (the interface follows the account or the session, not the
    browser's Accept-Language); a logged-in person keeps the choice, so a sweep sets it back."""
    page.goto(base_url + "/")
    button = page.locator(f"form.lang-switch button[value={language}]")
    if button.count():
        button.click()
        page.wait_for_load_state()


def _endpoint(app, path):
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _args = adapter.match(urlsplit(path).path, method="GET")
    except Exception:  # not a page of ours (redirect, 404, POST only)
        return None
    return endpoint


def _links(page, base_url):
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    for href in hrefs:
        url = urljoin(page.url, href)
        if not url.startswith(base_url) or "#" in href and href.startswith("#"):
            continue
        path = url[len(base_url):].split("#")[0] or "/"
        if path.startswith(("/static/", "/api/")) or urlsplit(path).path.endswith(SKIPPED_SUFFIXES):
            continue
        yield path


# The outermost elements that end past the viewport, outside any scrolling box: what to fix.
TOO_WIDE_JS = """width => {
  const found = [];
  const scrolls = el => { for (let e = el.parentElement; e; e = e.parentElement) {
    const o = getComputedStyle(e).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && !scrolls(el) && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1)) {
      found.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' ' + Math.round(r.right));
    }
  }
  return found.slice(0, 5);
}"""


def run_axe(page):
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                           AXE_TAGS)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [" ".join(map(str, n["target"])) for n in v["nodes"]][:5], "count": len(v["nodes"])}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def sweep(app, browser, base_url, role, workdir, locale="fr-FR"):
    # bypass_csp: our CSP (script-src 'self') refuses the injected axe script; the e2e tests run under it.
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.set_default_timeout(15_000)
    workdir.mkdir(parents=True, exist_ok=True)
    page = context.new_page()
    try:
        if ACCOUNTS[role]:
            log_in(page, base_url, ACCOUNTS[role])
        if not locale.startswith("fr"):
            choose_language(page, base_url, locale[:2])
        queue = deque(SEEDS[role])
        seen_endpoints, results = set(), []
        while queue and len(results) < MAX_PAGES:
            path = queue.popleft()
            endpoint = _endpoint(app, path)
            if endpoint is None or endpoint in seen_endpoints or endpoint == "static":
                continue
            seen_endpoints.add(endpoint)
            response = page.goto(base_url + path)
            if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
                continue
            result = PageResult(path)
            result.html_file = workdir / f"{role}-{len(results):02d}.html"
            result.html_file.write_bytes(response.body())
            result.axe = run_axe(page)
            page.set_viewport_size({"width": NARROW, "height": 800})
            result.scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if result.scroll_width > NARROW:
                result.too_wide = page.evaluate(TOO_WIDE_JS, NARROW)
            page.set_viewport_size({"width": 1280, "height": 900})
            results.append(result)
            queue.extend(_links(page, base_url))
        if not locale.startswith("fr"):
            choose_language(page, base_url, "fr")
    finally:
        context.close()
    if java_available():
        _validate(results)
    return results


def _validate(results):
    by_file = {str(r.html_file): r for r in results}
    completed = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *by_file],
        capture_output=True, text=True, timeout=120, env={**os.environ, "LC_ALL": "C.UTF-8"})
    for message in json.loads(completed.stderr or '{"messages": []}')["messages"]:
        if message.get("type") != "error":
            continue
        target = by_file.get(message.get("url", "").removeprefix("file:"))
        if target is not None:
            target.vnu.append(f"l.{message.get('lastLine')}: {message.get('message')}")


def summary(results):
    return [{"path": r.path, "axe": r.axe, "vnu_errors": len(r.vnu), "vnu": r.vnu[:8],
             "scroll_width_320": r.scroll_width, "too_wide": r.too_wide} for r in results]
