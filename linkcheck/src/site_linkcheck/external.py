"""The online pass: check each distinct external URL once, politely, with asyncio + aiohttp.

Politeness and no false alarms drive the design: a bounded number of requests in flight overall
and per host; HEAD first (cheap), GET when HEAD answers an error (many servers answer HEAD
wrongly); one retry budget per URL, shared by HEAD, the GET fallback and every redirect hop,
spent on timeouts, network errors, 5xx and 429 with exponential backoff, honouring
``Retry-After`` up to a cap; redirects followed by hand so chains, loops and permanent moves can
be reported; fragments checked only when the final page is HTML.

A failure of the network (DNS, a refused or unreachable host, a proxy error, no connection at
all) says nothing about the link: it is UNREACHABLE, never BROKEN, and once a host has failed
that way its other URLs are not asked again in the same run. Proxies come from HTTPS_PROXY,
HTTP_PROXY and NO_PROXY (either case), as curl and pip read them.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import email.utils
import errno
import random
import socket
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.helpers import proxies_from_env

from site_linkcheck.cache import ResultCache
from site_linkcheck.config import Config
from site_linkcheck.extract import scan_html
from site_linkcheck.messages import message
from site_linkcheck.model import Finding, Severity
from site_linkcheck.scan import ExternalLink
from site_linkcheck.urls import fragment_found, strip_fragment_directive

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
GATEWAY_ERRORS = frozenset({502, 504})  # from a proxy: it could not reach the host
PERMANENT_REDIRECTS = frozenset({301, 308})
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(slots=True)
class Verdict:
    """The answer for one URL (without fragment), shared by every link to it."""

    severity: Severity
    key: str  # message key, "" when OK
    detail: str = ""
    status: int | None = None
    redirects: list[str] = field(default_factory=list)
    anchors: list[str] | None = None  # ids/names of the final page, when it was fetched as HTML
    settled: bool = True  # worth caching: not a timeout, network error, 5xx or 429

    def to_cache(self) -> dict[str, Any]:
        return {
            "severity": self.severity.value,
            "key": self.key,
            "detail": self.detail,
            "status": self.status,
            "redirects": self.redirects,
            "anchors": self.anchors,
        }

    @classmethod
    def from_cache(cls, entry: dict[str, Any]) -> Verdict:
        return cls(
            Severity(entry["severity"]),
            entry.get("key", ""),
            entry.get("detail", ""),
            entry.get("status"),
            list(entry.get("redirects") or []),
            entry.get("anchors"),
        )


@dataclass(slots=True)
class _Response:
    status: int | None  # None when no response came back
    error: str = ""  # a message key (messages.py) when no response came back
    detail: str = ""
    location: str | None = None
    retry_after: str | None = None
    content_type: str = ""
    body: bytes | None = None


# Errors before any answer came back that say the network, not the link, failed.
NETWORK_ERRORS = frozenset(
    {"dns", "no-such-host", "refused", "network", "connect-timeout", "proxy"}
)


@dataclass(slots=True)
class _Budget:
    """Re-sends left for one URL, shared by HEAD, the GET fallback and every redirect hop."""

    retries: int


class ExternalChecker:
    def __init__(self, config: Config, cache: ResultCache | None = None) -> None:
        self.config = config
        self.cache = cache
        self.requests = 0
        self._total: asyncio.Semaphore | None = None
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._down: dict[str, _Response] = {}  # host -> the network failure it gave
        self._failures: dict[str, int] = {}  # host -> network failures in a row
        self._proxies: dict[str, Any] = {}  # scheme -> aiohttp ProxyInfo, from the environment
        self._bypass: dict[str, bool] = {}  # host -> listed in NO_PROXY

    async def check(self, wanted: dict[str, set[str]]) -> dict[str, Verdict]:
        """Verdicts for ``{url: fragments wanted}``; every URL is requested at most once."""
        results: dict[str, Verdict] = {}
        todo: dict[str, set[str]] = {}
        for url, fragments in wanted.items():
            entry = self.cache.get(url) if self.cache else None
            if entry is not None:
                verdict = Verdict.from_cache(entry)
                broken = verdict.severity is Severity.BROKEN
                if broken or not _needs_anchors(fragments) or verdict.anchors is not None:
                    results[url] = verdict
                    continue
            todo[url] = fragments
        if todo:
            self._total = asyncio.Semaphore(self.config.max_concurrency)
            connector = aiohttp.TCPConnector(
                limit=self.config.max_concurrency,
                limit_per_host=self.config.per_host,
                ttl_dns_cache=300,
            )
            headers = {"User-Agent": self.config.user_agent, "Accept": "text/html,*/*;q=0.8"}
            # Read once, not per request as aiohttp's trust_env does (two thread hops each).
            self._proxies = proxies_from_env()
            async with aiohttp.ClientSession(connector=connector, headers=headers) as session:
                urls = list(todo)
                verdicts = await asyncio.gather(
                    *(self._check_url(session, u, todo[u]) for u in urls)
                )
            for url, verdict in zip(urls, verdicts, strict=True):
                results[url] = verdict
                if self.cache and verdict.settled:
                    self.cache.put(url, verdict.to_cache())
        return results

    async def _check_url(
        self, session: aiohttp.ClientSession, url: str, fragments: set[str]
    ) -> Verdict:
        budget = _Budget(self.config.retries)
        if _needs_anchors(fragments):
            return await self._follow(session, url, "GET", True, budget)
        verdict = await self._follow(session, url, "HEAD", False, budget)
        if verdict.severity is Severity.BROKEN and verdict.key == "status":
            # HEAD refused (405, 501, ...) or answered wrongly: GET decides, on the same budget.
            verdict = await self._follow(session, url, "GET", False, budget)
        return verdict

    async def _follow(
        self,
        session: aiohttp.ClientSession,
        url: str,
        method: str,
        want_body: bool,
        budget: _Budget,
    ) -> Verdict:
        redirects: list[str] = []
        seen = {url}
        permanent = False
        current = url
        for _ in range(self.config.max_redirects + 1):
            response = await self._request(session, method, current, want_body, budget)
            if response.status is None:
                severity = (
                    Severity.UNREACHABLE if response.error in NETWORK_ERRORS else Severity.BROKEN
                )
                detail = response.detail or current
                return Verdict(severity, response.error, detail, None, redirects, settled=False)
            if response.status in REDIRECT_STATUSES and response.location:
                target = urljoin(current, response.location)
                redirects.append(f"{response.status} {target}")
                permanent = permanent or response.status in PERMANENT_REDIRECTS
                if target.split("#", 1)[0] in seen:
                    return Verdict(
                        Severity.BROKEN, "redirect-loop", target, response.status, redirects
                    )
                seen.add(target.split("#", 1)[0])
                current = target
                if response.status == 303 and method != "HEAD":
                    method = "GET"
                continue
            return self._final(url, current, response, redirects, permanent)
        return Verdict(Severity.BROKEN, "too-many-redirects", current, None, redirects)

    def _final(
        self, url: str, final_url: str, response: _Response, redirects: list[str], permanent: bool
    ) -> Verdict:
        status = response.status
        assert status is not None
        if self.config.accepts(final_url, status) or self.config.accepts(url, status):
            anchors = None
            if response.body is not None and response.content_type.startswith(HTML_TYPES):
                anchors = sorted(scan_html(response.body, response.content_type).anchors)
            if permanent:
                return Verdict(
                    Severity.WARNING, "redirect-permanent", final_url, status, redirects, anchors
                )
            return Verdict(
                Severity.OK, "", final_url if redirects else "", status, redirects, anchors
            )
        if status == 429:
            return Verdict(Severity.WARNING, "rate-limited", "", status, redirects, settled=False)
        if status in GATEWAY_ERRORS and self._proxy(final_url) is not None:
            detail = f"{status} {final_url}"
            return Verdict(Severity.UNREACHABLE, "proxy", detail, status, redirects, settled=False)
        settled = status < 500
        return Verdict(Severity.BROKEN, "status", str(status), status, redirects, settled=settled)

    async def _request(
        self,
        session: aiohttp.ClientSession,
        method: str,
        url: str,
        want_body: bool,
        budget: _Budget,
    ) -> _Response:
        """One request, re-sent on timeouts, network errors, 5xx and 429 while the URL's budget
        lasts. A HEAD answered with a 5xx is not re-sent: the caller asks with GET instead."""
        host = urlsplit(url).netloc.lower()
        semaphore = self._hosts.get(host)
        if semaphore is None:
            semaphore = self._hosts[host] = asyncio.Semaphore(self.config.per_host)
        assert self._total is not None
        timeout = aiohttp.ClientTimeout(
            total=2 * self.config.timeout,
            sock_connect=self.config.timeout,
            sock_read=self.config.timeout,
        )
        while True:
            async with semaphore, self._total:
                down = self._down.get(host)
                if down is not None:
                    return down  # the host failed for network reasons: do not ask again
                self.requests += 1
                response = await self._once(session, method, url, want_body, timeout)
            status = response.status
            if status is None:
                retry = response.error not in ("bad-url", "no-such-host")
            else:
                retry = status == 429 or (status >= 500 and method != "HEAD")
            if response.error in NETWORK_ERRORS:
                # A host that failed retries + 1 times in a row, whichever of its URLs asked,
                # is down for this run: its other URLs get the same verdict without a request.
                failures = self._failures[host] = self._failures.get(host, 0) + 1
                if not retry or budget.retries <= 0 or failures > self.config.retries:
                    self._down.setdefault(host, response)
            elif status is not None:
                self._failures[host] = 0
            if not retry or budget.retries <= 0:
                return response
            budget.retries -= 1
            await asyncio.sleep(self._delay(self.config.retries - budget.retries - 1, response))

    async def _once(
        self,
        session: aiohttp.ClientSession,
        method: str,
        url: str,
        want_body: bool,
        timeout: aiohttp.ClientTimeout,
    ) -> _Response:
        proxy = self._proxy(url)
        try:
            async with session.request(
                method,
                url,
                allow_redirects=False,
                timeout=timeout,
                raise_for_status=False,
                proxy=proxy.proxy if proxy else None,
                proxy_auth=proxy.proxy_auth if proxy else None,
            ) as resp:
                content_type = resp.headers.get("Content-Type", "").lower()
                body = None
                if want_body and resp.status < 300 and content_type.startswith(HTML_TYPES):
                    body = await resp.content.read(self.config.max_body_bytes)
                return _Response(
                    resp.status,
                    location=resp.headers.get("Location"),
                    retry_after=resp.headers.get("Retry-After"),
                    content_type=content_type,
                    body=body,
                )
        except (aiohttp.InvalidURL, ValueError):
            return _Response(None, "bad-url")
        except Exception as exc:
            key, detail = classify_error(exc)
            return _Response(None, key, detail)

    def _proxy(self, url: str) -> Any:
        """The proxy for ``url`` (HTTPS_PROXY, HTTP_PROXY), None when there is none or the host
        is in NO_PROXY."""
        parts = urlsplit(url)
        proxy = self._proxies.get(parts.scheme)
        host = parts.hostname or ""
        if proxy is None or not host:
            return proxy
        if host not in self._bypass:
            self._bypass[host] = bool(urllib.request.proxy_bypass(host))
        return None if self._bypass[host] else proxy

    def _delay(self, attempt: int, response: _Response) -> float:
        """Seconds to wait before retry ``attempt + 1``: Retry-After if given, else backoff."""
        cap = self.config.retry_after_cap
        if response.retry_after:
            seconds = parse_retry_after(response.retry_after)
            if seconds is not None:
                return min(seconds, cap)
        backoff = self.config.backoff * (2**attempt)
        return min(backoff + random.uniform(0, backoff / 4), cap)


_NETWORK_ERRNOS = frozenset(
    {errno.ECONNREFUSED, errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN}
)


def classify_error(exc: BaseException) -> tuple[str, str]:
    """(message key, detail) for a request that got no answer.

    Before a connection exists, the failure is the network's (DNS, refused, unreachable, proxy,
    connect timeout); after it, the server's (no answer in time, dropped connection, bad TLS).
    """
    if isinstance(exc, aiohttp.ClientProxyConnectionError | aiohttp.ClientHttpProxyError):
        return "proxy", str(exc)[:200]
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        gai = getattr(exc, "os_error", None)
        code = getattr(gai, "errno", None)
        return ("no-such-host" if code == socket.EAI_NONAME else "dns"), exc.host
    if isinstance(exc, aiohttp.ClientSSLError):
        return "tls", str(exc)[:200]
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return "connect-timeout", ""
    if isinstance(exc, TimeoutError):
        return "timeout", ""
    if isinstance(exc, aiohttp.ClientConnectorError):
        code = exc.errno
        if code == errno.ECONNREFUSED:
            return "refused", f"{exc.host}:{exc.port}"
        if code in _NETWORK_ERRNOS or code is None:
            return "network", f"{exc.host}:{exc.port}"
        return "network", f"{exc.host}:{exc.port}: {exc.strerror or code}"
    if isinstance(exc, OSError) and exc.errno in _NETWORK_ERRNOS:
        return "network", str(exc)[:200]
    if isinstance(exc, aiohttp.ClientError | OSError):
        return "connection", type(exc).__name__
    raise exc


def parse_retry_after(value: str, now: float | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header: delay-seconds or an HTTP-date."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _needs_anchors(fragments: set[str]) -> bool:
    """Fragments that name an element; "", "top", directives and "#/route" (SPA) do not."""
    return any(_checkable(f) for f in fragments)


def _checkable(fragment: str) -> bool:
    fragment = strip_fragment_directive(fragment)
    return bool(fragment) and fragment.lower() != "top" and fragment[0] not in "/!"


def run_external(
    links: list[ExternalLink], config: Config, cache: ResultCache | None
) -> tuple[list[Finding], int, ExternalChecker]:
    """Check every external link; returns findings (non-OK and redirected), the number of
    distinct URLs that could not be checked for network reasons, and the checker."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for item in links:
        fragments = wanted[item.url]
        if item.fragment is not None:
            fragments.add(item.fragment)
    checker = ExternalChecker(config, cache)
    verdicts = _run_to_completion(checker.check(dict(wanted)))
    if cache:
        cache.save()
    unreachable = sum(1 for v in verdicts.values() if v.severity is Severity.UNREACHABLE)
    return findings_for(links, verdicts), unreachable, checker


def _run_to_completion(coroutine: Any) -> Any:
    """asyncio.run, also when this thread already runs an event loop (an embedding program, or
    Playwright's sync API in the same test process): then the checker gets a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def findings_for(links: list[ExternalLink], verdicts: dict[str, Verdict]) -> list[Finding]:
    findings: list[Finding] = []
    for item in links:
        verdict = verdicts[item.url]
        if verdict.key:
            en, zh = message(verdict.key, verdict.detail)
            findings.append(_finding(item, verdict, verdict.severity, en, zh))
        elif verdict.redirects:
            findings.append(_finding(item, verdict, Severity.OK, "temporary redirect", "暫時轉址"))
        if (
            verdict.severity is not Severity.BROKEN
            and verdict.anchors is not None
            and item.fragment is not None
            and _checkable(item.fragment)
            and not fragment_found(item.fragment, frozenset(verdict.anchors))
        ):
            en, zh = message("anchor-missing", f"#{item.fragment}")
            findings.append(_finding(item, verdict, Severity.BROKEN, en, zh))
    return findings


def _finding(item: ExternalLink, verdict: Verdict, severity: Severity, en: str, zh: str) -> Finding:
    target = item.url + (f"#{item.fragment}" if item.fragment is not None else "")
    status, redirects = verdict.status, verdict.redirects
    return Finding(item.link, severity, en, zh, target, status, redirects, external=True)
