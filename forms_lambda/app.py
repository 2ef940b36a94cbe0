"""The app factory: create_app(settings) returns the Flask app; `app` is the default one.

`app` is built lazily (module __getattr__), so `import forms_lambda.app` does nothing heavy and
scripts/serve.py can call create_app() itself.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask

from forms_lambda.backend import Backend
from forms_lambda.settings import Settings

if TYPE_CHECKING:
    from forms_lambda.domain.common import Clock
    from forms_lambda.notify.base import Notifier
    from forms_lambda.store.base import Store


def create_app(
    settings: Settings | None = None,
    *,
    now: Clock | None = None,
    store: Store | None = None,
    notifier: Notifier | None = None,
) -> Flask:
    """Build the app from settings (default: the environment). Tests inject a fixed clock."""
    settings = settings or Settings.from_env()
    instance = str(settings.instance_path) if settings.instance_path else None
    app = Flask("forms_lambda", instance_path=instance)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.config["MAX_FORM_MEMORY_SIZE"] = settings.max_body_bytes
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    logging.getLogger("forms_lambda").setLevel(settings.log_level)
    app.extensions["forms_backend"] = Backend(
        settings, Path(app.instance_path), now=now, store=store, notifier=notifier
    )

    from forms_lambda.api.pages import pages
    from forms_lambda.api.queue import queue_public
    from forms_lambda.api.routes import api
    from forms_lambda.console import blueprints
    from forms_lambda.web import install_error_handlers

    app.register_blueprint(api)
    app.register_blueprint(pages)
    app.register_blueprint(queue_public)
    for blueprint in blueprints():
        app.register_blueprint(blueprint)
    install_error_handlers(app)
    app.wsgi_app = _KeepApiPrefix(app.wsgi_app)  # type: ignore[method-assign]
    return app


class _KeepApiPrefix:
    """Routes include /api, so the app works when mounted at the root. If a server mounts it
    at /api instead (SCRIPT_NAME=/api, PATH_INFO=/bookings), put the prefix back in the path."""

    def __init__(self, wsgi_app: Any) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        script = environ.get("SCRIPT_NAME", "")
        path = environ.get("PATH_INFO", "")
        if script.endswith("/api") and not (path == "/api" or path.startswith("/api/")):
            environ["SCRIPT_NAME"] = script[: -len("/api")]
            environ["PATH_INFO"] = "/api" + path
        return self.wsgi_app(environ, start_response)


_default: Flask | None = None


def __getattr__(name: str) -> Any:
    global _default
    if name == "app":
        if _default is None:
            _default = create_app()
        return _default
    raise AttributeError(name)
