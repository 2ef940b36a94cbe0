"""The public counter queue: GET /api/queue, one small JSON document every citizen's page polls,
and the same board as a plain page for browsers without JavaScript (/api/pages/queue/ and
/api/pages/en/queue/; refreshed by reloading).

Both are marked for shared caches (Cache-Control s-maxage): CloudFront keeps each for
SHARED_MAX_AGE seconds (infra/site.yml), and make serve's shared cache does the same
(scripts/server/cache.py), so a thousand phones polling cost the backend a few requests a
minute. Neither is rate-limited per address: the cache absorbs the load, and the counters would
otherwise cost a store write per read.
"""

from __future__ import annotations

from html import escape

from flask import Blueprint, Response, request

from forms_lambda.api.pages import _page, _site
from forms_lambda.api.queue_html import BOARD_JSON, BOARD_PAGES, WORDS, board_html
from forms_lambda.web import backend, json_response

queue_public = Blueprint("queue", __name__)

SHARED_MAX_AGE = 10  # CloudFront: the queue's cache behaviour allows at most this (MaxTTL)
BROWSER_MAX_AGE = 5
CACHE_CONTROL = f"public, max-age={BROWSER_MAX_AGE}, s-maxage={SHARED_MAX_AGE}"


def _shared(response: Response) -> Response:
    """Cacheable for SHARED_MAX_AGE s by CloudFront, briefly by the browser; an ETag lets a
    poll with an unchanged board be answered 304 without its body."""
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.add_etag()
    return response.make_conditional(request)


@queue_public.get(BOARD_JSON)
def board() -> Response:
    return _shared(json_response(backend().queue.board()))


def _board_page(lang: str) -> Response:
    w = WORDS[lang]
    here = BOARD_PAGES[lang]
    body = (
        board_html(backend().queue.board(), lang)
        + f"<p>{escape(w['reload_hint'])}</p>"
        + f'<p><a class="hro-queue__reload" href="{escape(here)}">{escape(w["reload"])}</a></p>'
        + f'<p><a href="{escape(_site("/queue/", lang))}">{escape(w["title"])}</a></p>'
    )
    response = _page(lang, w["title"], body, styles=("forms.css", "queue.css"))
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"  # no token here
    return _shared(response)


@queue_public.get(BOARD_PAGES["zh-TW"])
def board_page() -> Response:
    return _board_page("zh-TW")


@queue_public.get(BOARD_PAGES["en"])
def board_page_en() -> Response:
    return _board_page("en")
