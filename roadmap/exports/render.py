"""Parts → print HTML → PDF, and the fingerprint of what goes in.

The pipeline is plain: every part renders its fragment, `exports/print/document.html` puts them
together with the print CSS, and WeasyPrint lays it out with the static-only fetcher.
"""
import hashlib
import json
import logging
import threading
from contextlib import contextmanager
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from markupsafe import Markup

from roadmap.core.timeutil import utcnow
from roadmap.exports.fetcher import StaticOnlyFetcher
from roadmap.exports.parts import ExportContext, ExportOptions, document_parts

# Bump when the print pipeline changes in a way the assets digest cannot see.
FORMAT_VERSION = 2
# Tagged PDF for screen readers (RGAA): structure, language and title; costs almost nothing here.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
PRINT_TEMPLATES = "exports/print"


def document_title():
    from sqlalchemy import select

    from roadmap.extensions import db
    from roadmap.process.models import Process
    from roadmap.process.service import DEFAULT_TITLE

    return db.session.scalar(select(Process.title).order_by(Process.id)) or DEFAULT_TITLE


def make_context(options=None, parts=None):
    options = options or ExportOptions(locale=current_app.config["BABEL_DEFAULT_LOCALE"])
    return ExportContext(title=document_title(), options=options, generated_on=utcnow().date(),
                         parts=tuple(parts if parts is not None else document_parts(document=options.document)))


def _assets_digest():
    """The print CSS, templates and translations: a new layout or wording must not reuse an old file."""
    app = current_app
    cached = app.extensions.get("export_assets_digest")
    if cached and not app.debug:
        return cached
    digest = hashlib.sha256()
    files = [Path(app.static_folder) / "css" / "print.css"]
    files += sorted((Path(app.root_path).parent / "templates" / PRINT_TEMPLATES).glob("*.html"))
    files += sorted(Path(app.root_path).glob("**/translations/*/LC_MESSAGES/messages.po"))
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    app.extensions["export_assets_digest"] = digest.hexdigest()
    return app.extensions["export_assets_digest"]


def fingerprint(ctx):
    """sha256 of everything that goes into the document, computed without rendering."""
    payload = {
        "format": FORMAT_VERSION, "assets": _assets_digest(), "title": ctx.title,
        "version": [ctx.version_number, ctx.version_label], "locale": ctx.locale,
        "parts": [[part.id, part.fingerprint_parts(ctx)] for part in ctx.parts],
    }
    if ctx.edition:  # kept out otherwise: the source's fingerprints stay those of the files already made
        payload["edition"] = ctx.edition
    return hashlib.sha256(json.dumps(payload, default=str, sort_keys=True).encode()).hexdigest()


def build_html(ctx):
    """The whole print document as one HTML string."""
    with force_locale(ctx.locale):
        fragments = [Markup(part.html(ctx)) for part in ctx.parts]
        return render_template(f"{PRINT_TEMPLATES}/document.html", ctx=ctx, fragments=fragments,
                               authors=current_app.config.get("EXPORT_AUTHORS", ""))


def static_fetcher():
    return StaticOnlyFetcher(current_app.static_folder)


class _PageProgress(logging.Filter):
    """Turns WeasyPrint's "Creating layout - Page n" log records of this thread into callbacks.

    A filter on the logger, not a handler: the records we enable only for ourselves are dropped
    here, so that they never reach the application's log handlers."""

    def __init__(self, on_page, logger_was_enabled):
        super().__init__()
        self.thread = threading.get_ident()
        self.on_page = on_page
        self.logger_was_enabled = logger_was_enabled

    def filter(self, record):
        if threading.get_ident() == self.thread and record.args and \
                record.msg.startswith("Step 5 - Creating layout - Page"):
            self.on_page(int(record.args[0]))
        return self.logger_was_enabled


@contextmanager
def _page_progress(logger, on_page):
    previous_level = logger.level
    progress = _PageProgress(on_page, logger.isEnabledFor(logging.INFO))
    logger.addFilter(progress)
    logger.setLevel(min(logging.INFO, logger.getEffectiveLevel()))
    try:
        yield
    finally:
        logger.removeFilter(progress)
        logger.setLevel(previous_level)


def _render_in_child(html, static_folder, report):
    """Runs in the bounded child: the PDF and its page count; progress goes back through report."""
    return render_pdf(html, fetcher=StaticOnlyFetcher(static_folder), on_page=lambda n: report(("page", n)),
                      on_stage=lambda pages: report(("laid_out", pages)))


def render_pdf_bounded(html, on_page=None, on_stage=None):
    """render_pdf in a child process killed after EXPORT_TIMEOUT seconds or past EXPORT_MEMORY_MB
    (a crafted text or CSS must not hold a worker, a core or the machine's memory); Refused if so."""
    from roadmap.core.bounded import run_bounded

    def on_report(value):
        kind, number = value
        callback = on_page if kind == "page" else on_stage
        if callback:
            callback(number)

    config = current_app.config
    return run_bounded(_render_in_child, (html, current_app.static_folder), timeout=float(config["EXPORT_TIMEOUT"]),
                       memory_mb=float(config["EXPORT_MEMORY_MB"]) or None, on_report=on_report)


def render_pdf(html, fetcher=None, on_page=None, on_stage=None):
    """HTML → (PDF bytes, page count). WeasyPrint only ever sees `fetcher` (static files only)."""
    import weasyprint
    from weasyprint.logger import PROGRESS_LOGGER

    fetcher = fetcher or static_fetcher()
    if on_page is None:
        document = weasyprint.HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher).render()
    else:
        with _page_progress(PROGRESS_LOGGER, on_page):
            document = weasyprint.HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher).render()
    if on_stage:
        on_stage(len(document.pages))
    return document.write_pdf(**PDF_OPTIONS), len(document.pages)
