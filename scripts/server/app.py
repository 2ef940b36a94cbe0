"""One WSGI app for one origin: ``/api/...`` goes to the form backend, the rest to the site.

The backend's routes already live under ``/api`` (as behind CloudFront), so no path rewriting;
the public queue's paths go through a shared cache as CloudFront caches them (cache.py).
Every response carries the same security headers CloudFront adds (scripts/deploy/headers.py),
so a page that breaks the Content-Security-Policy breaks here first. A header the app sets
itself is kept, as CloudFront keeps an origin's (the staff console's stricter CSP).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from scripts.deploy.headers import security_headers
from scripts.server.cache import SharedCache
from scripts.server.static import StaticSite

WSGIApp = Callable[[dict, Callable[..., object]], Iterable[bytes]]
API_PREFIX = "/api"


def make_app(
    site_dir: Path, api: WSGIApp | None = None, headers: Mapping[str, str] | None = None
) -> WSGIApp:
    """Compose the static site and (when given) the backend behind one origin.

    ``headers`` defaults to the security headers computed from the built site.
    """
    site = StaticSite(site_dir)
    if api is not None:
        api = SharedCache(api)  # the queue's public read, cached as CloudFront caches it

    def dispatch(environ: dict, start_response: Callable[..., object]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if api is not None and (path == API_PREFIX or path.startswith(API_PREFIX + "/")):
            return api(environ, start_response)
        return site(environ, start_response)

    return with_headers(dispatch, security_headers(site_dir) if headers is None else headers)


def with_headers(app: WSGIApp, headers: Mapping[str, str]) -> WSGIApp:
    """Add each of ``headers`` the app did not set itself (CloudFront's ``Override: false``).

    The staff console (/api/admin) sends a stricter CSP of its own, which must win.
    """
    extra = list(headers.items())

    def wrapped(environ: dict, start_response: Callable[..., object]) -> Iterable[bytes]:
        def start(status: str, response_headers: list, exc_info=None):
            present = {name.lower() for name, _ in response_headers}
            added = [(k, v) for k, v in extra if k.lower() not in present]
            if exc_info is not None:
                return start_response(status, [*response_headers, *added], exc_info)
            return start_response(status, [*response_headers, *added])

        return app(environ, start)

    return wrapped


def load_backend() -> WSGIApp | None:
    """The form backend from the environment's settings, or None while it does not exist."""
    try:
        from forms_lambda.app import create_app
    except ImportError:
        return None
    return create_app()
