"""The only way WeasyPrint may read anything: files of the app's static folder, and the
small data: images we make. Everything else (file: elsewhere, http:, https:, ftp:, other
data:) is refused, so that no text typed by a user can make the server read a local file
or call the network while rendering (WeasyPrint's default fetcher would, e.g. with
`<link rel="attachment" href="file:///etc/hostname">`)."""
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

DATA_IMAGE_RE = re.compile(r"^data:image/(png|jpeg|gif|webp|svg\+xml)(;base64)?,", re.IGNORECASE)
MAX_DATA_URI = 2_000_000


class FetchRefused(ValueError):
    """WeasyPrint catches it, logs a warning and renders without the resource."""


class StaticOnlyFetcher(URLFetcher):
    def __init__(self, static_folder, **kwargs):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, **kwargs)
        self.root = Path(static_folder).resolve()
        self.refused = []  # what was asked and refused, for logs and tests

    @property
    def base_url(self):
        """Base URL for the print HTML: relative links ("css/print.css") land in the static folder."""
        return self.root.as_uri() + "/"

    def fetch(self, url, headers=None):
        if DATA_IMAGE_RE.match(url) and len(url) <= MAX_DATA_URI:
            return super().fetch(url, headers)
        path = self._static_path(url)
        if path is None:
            self.refused.append(url)
            raise FetchRefused(f"refused: {url[:200]}")
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime_type})

    def _static_path(self, url):
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost") or parts.query:
            return None
        raw = unquote(parts.path)
        if ".." in raw.split("/") or "\x00" in raw:
            return None
        path = Path(raw).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path
