"""AWS Lambda entry point: a thin function over serverless_wsgi.handle_request.

Our own handler, not the plugin's generated wsgi_handler (which also runs commands sent in
special events): only API Gateway REST (v1), HTTP API (v2) and ALB events reach the app;
anything else is refused. For v2 it moves Set-Cookie headers into the `cookies` list.
"""

from __future__ import annotations

import logging
from typing import Any

import serverless_wsgi

from forms_lambda.app import create_app

app = create_app()
log = logging.getLogger("forms_lambda")


def event_kind(event: Any) -> str | None:
    """'v1', 'v2', 'alb' or None for anything that is not an HTTP request."""
    if not isinstance(event, dict):
        return None
    context = event.get("requestContext")
    if not isinstance(context, dict):
        return None
    if (
        event.get("version") == "2.0"
        and isinstance(context.get("http"), dict)
        and isinstance(event.get("rawPath"), str)
    ):
        return "v2"
    if isinstance(context.get("elb"), dict) and isinstance(event.get("httpMethod"), str):
        return "alb"
    if (
        isinstance(event.get("httpMethod"), str)
        and isinstance(event.get("path"), str)
        and ("headers" in event or "multiValueHeaders" in event)
    ):
        return "v1"
    return None


def _cookies_for_v2(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers") or {}
    cookies = [value for key, value in headers.items() if key.lower() == "set-cookie"]
    if cookies:
        response["headers"] = {k: v for k, v in headers.items() if k.lower() != "set-cookie"}
        response["cookies"] = cookies
    return response


def handler(event: Any, context: Any) -> dict[str, Any]:
    """The Lambda function (serverless.yml: forms_lambda.handler.handler)."""
    return handle(app, event, context)


def handle(wsgi_app: Any, event: Any, context: Any) -> dict[str, Any]:
    """Refuse non-HTTP events, hand HTTP ones to serverless-wsgi, fix up v2 cookies."""
    kind = event_kind(event)
    if kind is None:
        log.warning("refused a non-HTTP event")
        return {
            "statusCode": 400,
            "headers": {"Content-Type": "application/json"},
            "body": '{"error":"not_an_http_event"}',
        }
    if event.get("headers") is None and "multiValueHeaders" not in event:
        event = {**event, "headers": {}}
    response = serverless_wsgi.handle_request(wsgi_app, event, context)
    return _cookies_for_v2(response) if kind == "v2" else response
