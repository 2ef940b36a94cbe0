"""First views in Chromium over the make-serve composition: light and without failed requests.

Each page type, in both languages, opened in a fresh browser context (nothing cached): every
request succeeds (no 4xx/5xx, no network error, no console error, no CSP violation), text
arrives compressed, and the bytes transferred (compressed, headers included) stay under the
budget of 150 KB. Figures with Lighthouse are `make bench` (bench/budgets.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.e2e.conftest import LANGS, prefix

pytestmark = pytest.mark.browser

BUDGET_BYTES = 150_000
# The page types with a weight budget (issue 17), and more that must load without a failure.
BUDGETED = ("", "guides/birth/", "qa/", "booking/", "statistics/")
ALSO_CLEAN = ("news/", "sitemap/", "forms/", "feedback/mailbox/", "no-such-page/")


@dataclass
class FirstView:
    bytes: int = 0
    failures: list[str] = field(default_factory=list)
    uncompressed: list[str] = field(default_factory=list)


def first_view(context: Any, url: str) -> FirstView:
    """Open ``url`` in a fresh tab and count what the network brought, as DevTools does."""
    view = FirstView()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    urls: dict[str, str] = {}
    expected_404 = url.endswith("no-such-page/")

    def on_response(event: dict) -> None:
        response = event["response"]
        urls[event["requestId"]] = response["url"]
        headers = {k.lower(): v for k, v in response["headers"].items()}
        kind = headers.get("content-type", "")
        if response["status"] >= 400 and not (expected_404 and response["url"] == url):
            view.failures.append(f"{response['status']} {response['url']}")
        if (
            kind.startswith(("text/", "application/javascript"))
            and "content-encoding" not in headers
        ):
            view.uncompressed.append(response["url"])

    cdp.on("Network.responseReceived", on_response)
    cdp.on(
        "Network.loadingFinished",
        lambda event: setattr(view, "bytes", view.bytes + int(event["encodedDataLength"])),
    )
    cdp.on(
        "Network.loadingFailed",
        lambda event: view.failures.append(
            f"{event.get('errorText')} {urls.get(event['requestId'], event['requestId'])}"
        ),
    )
    page.on(
        "console",
        lambda message: (
            view.failures.append(f"console: {message.text}")
            if message.type == "error" and not (expected_404 and "404" in message.text)
            else None
        ),
    )
    page.goto(url, wait_until="networkidle")
    page.close()
    return view


@pytest.mark.parametrize("lang", LANGS)
def test_first_views_are_light_and_every_request_succeeds(server, browser, lang: str) -> None:
    context = browser.new_context()
    context.set_default_timeout(15_000)
    problems: dict[str, Any] = {}
    weights = {}
    try:
        for path in (*BUDGETED, *ALSO_CLEAN):
            view = first_view(context, f"{server.url}{prefix(lang)}/{path}")
            if path in BUDGETED:
                weights[path or "home"] = view.bytes
                if view.bytes > BUDGET_BYTES:
                    problems[f"{path} weighs"] = f"{view.bytes:,} bytes > {BUDGET_BYTES:,}"
            if view.failures:
                problems[f"{path} failed"] = view.failures
            if view.uncompressed:
                problems[f"{path} uncompressed"] = view.uncompressed
    finally:
        context.close()
    assert all(weight > 20_000 for weight in weights.values()), weights  # counted for real
    assert not problems, problems
