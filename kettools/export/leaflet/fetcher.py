"""The only URL fetcher weasyprint gets when kettools renders a leaflet.

Source text is untrusted. This fetcher refuses the network (every scheme but `data:`
and `file:`) and every `file:` URL outside one allowed folder: the article's asset
folder, `sources/<slug>.assets/`, plus the folder holding the leaflet's own stylesheet.
Symlinks are resolved before the check. Every request is recorded in `requests`, and
refusals in `refused`, so tests can prove nothing else was read.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

_MAX_BYTES = 5_000_000


class RefusedFetch(ValueError):
    """A resource the leaflet may not load (weasyprint logs it and leaves it out)."""


def asset_dir(article_path: Path, slug: str) -> Path:
    """`<article folder>/<slug>.assets/`: the only folder a leaflet may read images from."""
    return article_path.parent / f"{slug}.assets"


class SafeFetcher(URLFetcher):  # type: ignore[misc]
    def __init__(self, allowed: list[Path]) -> None:
        super().__init__(
            timeout=1,
            allowed_protocols={"data", "file"},
            allow_redirects=False,
            fail_on_errors=False,
        )
        self.allowed = [p.resolve() for p in allowed]
        self.requests: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        self.requests.append(url)
        try:
            return self._fetch(url)
        except RefusedFetch:
            self.refused.append(url)
            raise

    def _fetch(self, url: str) -> URLFetcherResponse:
        scheme = url.partition(":")[0].lower()
        if scheme == "data":
            return _data_url(url)
        if scheme != "file":
            raise RefusedFetch(f"refused {scheme or 'relative'} URL (no network): {url[:80]}")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedFetch(f"refused remote file URL: {url[:80]}")
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not any(path.is_relative_to(root) for root in self.allowed):
            raise RefusedFetch(f"refused file outside the asset folder: {url[:80]}")
        if not path.is_file():
            raise RefusedFetch(f"no such asset: {url[:80]}")
        data = path.read_bytes()[: _MAX_BYTES + 1]
        if len(data) > _MAX_BYTES:
            raise RefusedFetch(f"asset larger than {_MAX_BYTES} bytes: {url[:80]}")
        return URLFetcherResponse(path.as_uri(), data, {"Content-Type": _mime(path)})


def _mime(path: Path) -> str:
    return {
        ".css": "text/css",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".gif": "image/gif",
        ".svg": "image/svg+xml",
        ".webp": "image/webp",
    }.get(path.suffix.lower(), "application/octet-stream")


def _data_url(url: str) -> URLFetcherResponse:
    header, sep, payload = url[5:].partition(",")
    if not sep:
        raise RefusedFetch("malformed data: URL")
    params = header.split(";")
    mime = params[0] or "text/plain"
    try:
        body = (
            base64.b64decode(unquote_to_bytes(payload), validate=False)
            if "base64" in params[1:]
            else unquote_to_bytes(payload)
        )
    except (binascii.Error, ValueError):
        raise RefusedFetch("malformed data: URL") from None
    if len(body) > _MAX_BYTES:
        raise RefusedFetch("data: URL too large")
    return URLFetcherResponse(url[:64], body, {"Content-Type": mime})
