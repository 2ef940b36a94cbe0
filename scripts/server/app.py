"""One WSGI app for one origin: ``/api/...`` goes to the form backend, the rest to the site.

The backend's routes already live under ``/api`` (as behind CloudFront), so no path rewriting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from scripts.server.static import StaticSite

WSGIApp = Callable[[dict, Callable[..., object]], Iterable[bytes]]
API_PREFIX = "/api"


def make_app(site_dir: Path, api: WSGIApp | None = None) -> WSGIApp:
    """Compose the static site and (when given) the backend behind one origin."""
    site = StaticSite(site_dir)

    def dispatch(environ: dict, start_response: Callable[..., object]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if api is not None and (path == API_PREFIX or path.startswith(API_PREFIX + "/")):
            return api(environ, start_response)
        return site(environ, start_response)

    return dispatch


def load_backend() -> WSGIApp | None:
    """The form backend from the environment's settings, or None while it does not exist."""
    try:
        from forms_lambda.app import create_app
    except ImportError:
        return None
    return create_app()
