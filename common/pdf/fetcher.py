"""The renderer's URL fetcher: the project's static and media files, nothing else.

Every document is rendered against `PDF_ORIGIN`. `.invalid` never resolves (RFC
2606) and the fetcher never opens a socket anyway: it only maps this origin's
/static/ and /media/ paths to files of the project. `file://`, `http(s)://` to
anywhere, `data:` and path tricks are refused before any I/O, so text a user typed
cannot make the renderer read a file or call a host.
"""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

PDF_ORIGIN = "https://pdf.portal.invalid"
BASE_URL = PDF_ORIGIN + "/"

CONTENT_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".gif": "image/gif",
}


class RefusedURL(ValueError):
    """The renderer was asked for something that is not the project's own file."""


class StoredFile:
    """A file of the default storage (uploaded or rendered), read like a Path."""

    def __init__(self, name: str):
        self.name = name
        self.suffix = PurePosixPath(name).suffix

    def read_bytes(self) -> bytes:
        with default_storage.open(self.name, "rb") as handle:
            return handle.read()

    def read_text(self, encoding: str = "utf-8") -> str:
        return self.read_bytes().decode(encoding)


def static_url(path: str) -> str:
    """The URL under which a template or stylesheet refers to a static file."""
    return f"{PDF_ORIGIN}/{settings.STATIC_URL.strip('/')}/{path}"


def resolve(url: str) -> Path | StoredFile:
    """Map an URL of `PDF_ORIGIN` to a file of the project, or raise `RefusedURL`."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != PDF_ORIGIN or parts.query:
        raise RefusedURL(f"not a file of the portal: {url[:200]}")
    raw = unquote(parts.path)
    if "\\" in raw or "\x00" in raw:
        raise RefusedURL(f"not a file of the portal: {url[:200]}")
    path = posixpath.normpath(raw)
    # normpath folds "/static/../../etc"; anything that then escapes the prefix, or was
    # written with a "..", is refused rather than repaired.
    if path != raw or ".." in raw.split("/"):
        raise RefusedURL(f"not a file of the portal: {url[:200]}")
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    if path.startswith(static_prefix):
        relative = path[len(static_prefix) :]
        found = finders.find(relative)
        if not found:
            candidate = Path(settings.STATIC_ROOT) / relative
            found = str(candidate) if candidate.is_file() else None
        if not found:
            raise RefusedURL(f"no such static file: {relative[:200]}")
        return Path(found)
    if path.startswith(media_prefix):
        relative = path[len(media_prefix) :]
        # Through the storage API, never a path on disk: the files may be on S3.
        try:
            exists = default_storage.exists(relative)  # safe_join: stays inside
        except Exception as exc:  # SuspiciousFileOperation
            raise RefusedURL(f"not a media file: {relative[:200]}") from exc
        if not exists:
            raise RefusedURL(f"no such media file: {relative[:200]}")
        return StoredFile(relative)
    raise RefusedURL(f"not a file of the portal: {url[:200]}")


class SafeURLFetcher(URLFetcher):
    """Serve the project's static and media files; refuse everything else.

    `refused` lists what was asked for and refused, for logs and tests. Nothing is
    ever opened for a refused URL: the check happens before any I/O.
    """

    def __init__(self):
        super().__init__(timeout=1, allowed_protocols=("https",), allow_redirects=False)
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            path = resolve(url)
        except RefusedURL:
            self.refused.append(url)
            logger.warning("PDF renderer refused %s", url[:200])
            raise
        self.fetched.append(url)
        content_type = CONTENT_TYPES.get(
            path.suffix.lower(), "application/octet-stream"
        )
        return URLFetcherResponse(
            url, path.read_bytes(), headers={"Content-Type": content_type}
        )
