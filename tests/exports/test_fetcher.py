"""Rendering never reads a local file nor calls the network, whatever the content says."""
import http.server
import threading
from pathlib import Path

import pytest
from weasyprint.urls import URLFetchingError

from roadmap.core.markdown import render_markdown
from roadmap.exports.fetcher import FetchRefused, StaticOnlyFetcher
from roadmap.exports.render import render_pdf
from tests.exports.helpers import current_pdf, pdf_reader, pdf_text
from tests.factories import make_territory


@pytest.fixture
def fetcher(app):
    return StaticOnlyFetcher(app.static_folder)


@pytest.fixture
def local_server():
    """A web server on 127.0.0.1 that counts the requests it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    thread.join(5)


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "file:///etc/hostname",
    "http://127.0.0.1/",
    "https://example.org/logo.png",
    "ftp://example.org/file",
    "data:text/html,<h1>x</h1>",
    "data:application/pdf;base64,AAAA",
])
def test_fetcher_refuses_anything_but_static_files_and_data_images(fetcher, url):
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_refuses_to_climb_out_of_the_static_folder(fetcher, app):
    static = Path(app.static_folder).resolve()
    for url in (static.as_uri() + "/../config.py", static.as_uri() + "/css/../../config.py",
                static.as_uri() + "/%2e%2e/config.py", static.as_uri() + "/css/missing.css"):
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)


def test_fetcher_serves_our_static_files_and_data_images(fetcher, app):
    response = fetcher.fetch(fetcher.base_url + "css/print.css")
    assert b"@page" in response.read()
    png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg=="
    assert fetcher.fetch(png).read().startswith(b"\x89PNG")


def test_markdown_pointing_at_local_files_and_remote_urls_renders_without_fetching(app, local_server):
    base, hits = local_server
    make_territory("La Rochelle", description=(
        "![secret](file:///etc/passwd) [lien](file:///etc/passwd)\n\n"
        f"![remote]({base}/markdown.png) <img src=\"{base}/inline.png\">\n\n"
        '<link rel="attachment" href="file:///etc/hostname"> <a href="http://127.0.0.1/">local</a>'))
    pdf, _pages = current_pdf()
    assert hits == []
    assert b"/EmbeddedFile" not in pdf
    links = [annotation.get_object().get("/A", {}).get("/URI", "")
             for page in pdf_reader(pdf).pages for annotation in page.get("/Annots") or []]
    assert not [link for link in links if str(link).startswith("file:")]
    assert "root:" not in pdf_text(pdf)


def test_raw_html_reaching_weasyprint_is_refused_by_the_fetcher(app, fetcher, local_server):
    """Even if the sanitiser let something through, the fetcher stops it."""
    base, hits = local_server
    html = f"""<html><head><link rel="stylesheet" href="{base}/style.css">
      <link rel="attachment" href="file:///etc/hostname"></head><body>
      <p>Texte</p><img src="file:///etc/passwd"><img src="{base}/remote.png">
      <img src="http://127.0.0.1/"><object data="file:///etc/passwd"></object>
      <p style="background: url('file:///etc/passwd')">x</p></body></html>"""
    pdf, _pages = render_pdf(html, fetcher=fetcher)
    assert hits == []
    assert b"/EmbeddedFile" not in pdf
    assert "file:///etc/hostname" in fetcher.refused
    assert "file:///etc/passwd" in fetcher.refused
    assert f"{base}/remote.png" in fetcher.refused
    hostname = Path("/etc/hostname").read_bytes().strip()
    assert hostname not in pdf or len(hostname) < 4
    assert "Texte" in pdf_reader(pdf).pages[0].extract_text()


def test_markdown_sanitiser_strips_what_would_be_fetched():
    html = str(render_markdown('![x](file:///etc/passwd) <link rel="attachment" href="file:///etc/hostname">'))
    assert "file:" not in html and "<img" not in html and "<link" not in html


def test_a_refusal_is_not_fatal_for_weasyprint(fetcher):
    from weasyprint.urls import fetch

    with pytest.raises(URLFetchingError):
        with fetch(fetcher, "file:///etc/passwd"):
            pass
