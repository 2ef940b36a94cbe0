"""The one config file (``linkcheck.yml``): exclusions, accepted statuses, timeouts, concurrency.

Every key is optional; a missing file means the defaults below. Bad values raise ConfigError
with a bilingual message, and the CLI exits 2 without checking anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class ConfigError(ValueError):
    """A config or usage problem, worded for the webmaster in zh-TW and English."""


@dataclass(slots=True, frozen=True)
class AcceptRule:
    """Statuses that count as OK for URLs matching ``pattern`` (e.g. a host that answers 403)."""

    pattern: re.Pattern[str]
    statuses: frozenset[int]


@dataclass(slots=True, frozen=True)
class Config:
    site_urls: tuple[str, ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    exclude_pages: tuple[re.Pattern[str], ...] = ()
    accept_status: frozenset[int] = frozenset(range(200, 300))
    accept: tuple[AcceptRule, ...] = ()
    timeout: float = 10.0
    retries: int = 3
    backoff: float = 1.0
    retry_after_cap: float = 60.0
    max_concurrency: int = 32
    per_host: int = 4
    max_redirects: int = 10
    max_body_bytes: int = 5_000_000
    user_agent: str = (
        "hro-site-linkcheck/1.0 (+link checker of a household registration office site)"
    )
    cache_dir: str = ".cache/linkcheck"
    cache_ttl_hours: float = 168.0
    jobs: int = 2
    sitemaps: tuple[str, ...] = ("sitemap.xml",)
    mkdocs: str = ""  # the site's mkdocs.yml: findings point back to the Markdown source
    office: str = ""  # the monthly report's office name, or read from office_file
    office_file: str = ""  # a YAML data file of the site holding the office name ...
    office_key: str = ""  # ... at this dotted key, e.g. "name.zh-TW"

    def is_excluded(self, url: str) -> bool:
        return any(p.search(url) for p in self.exclude)

    def page_excluded(self, page: str) -> bool:
        return any(p.search(page) for p in self.exclude_pages)

    def accepts(self, url: str, status: int) -> bool:
        if status in self.accept_status:
            return True
        return any(status in rule.statuses and rule.pattern.search(url) for rule in self.accept)


def load_config(path: str | Path | None) -> Config:
    """Read ``path`` (YAML). ``None`` or a missing default file gives the defaults."""
    if path is None:
        return Config()
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ConfigError(f"設定檔不存在 / config file not found: {path}") from None
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"設定檔無法讀取 / cannot read config file {path}: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"設定檔格式錯誤，應為鍵值對 / config {path} must be a mapping")
    return config_from_dict(data, str(path))


_KNOWN_KEYS = {
    "site_url",
    "exclude",
    "exclude_pages",
    "accept_status",
    "accept",
    "external",
    "internal",
    "cache",
    "report",
    "sitemaps",
    "mkdocs",
}


def config_from_dict(data: dict[str, Any], where: str = "config") -> Config:
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise ConfigError(
            f"設定檔有不認得的鍵 / unknown keys in {where}: {', '.join(sorted(unknown))}"
        )
    external = _mapping(data.get("external"), "external", where)
    internal = _mapping(data.get("internal"), "internal", where)
    cache = _mapping(data.get("cache"), "cache", where)
    report = _mapping(data.get("report"), "report", where)
    site_url = data.get("site_url") or ()
    site_urls = (site_url,) if isinstance(site_url, str) else tuple(site_url)
    accept_rules = []
    for rule in data.get("accept") or ():
        if not isinstance(rule, dict) or "pattern" not in rule or "status" not in rule:
            raise ConfigError(
                f"accept 每項需有 pattern 與 status / each accept rule in {where} "
                "needs 'pattern' and 'status'"
            )
        accept_rules.append(
            AcceptRule(_regex(rule["pattern"], where), _statuses(rule["status"], where))
        )
    defaults = Config()
    return Config(
        site_urls=tuple(str(u) for u in site_urls),
        exclude=tuple(_regex(p, where) for p in data.get("exclude") or ()),
        exclude_pages=tuple(_regex(p, where) for p in data.get("exclude_pages") or ()),
        accept_status=(
            _statuses(data["accept_status"], where)
            if "accept_status" in data
            else defaults.accept_status
        ),
        accept=tuple(accept_rules),
        timeout=_number(external, "timeout", defaults.timeout, where, minimum=0.1),
        retries=int(_number(external, "retries", defaults.retries, where, minimum=0)),
        backoff=_number(external, "backoff", defaults.backoff, where, minimum=0),
        retry_after_cap=_number(
            external, "retry_after_cap", defaults.retry_after_cap, where, minimum=0
        ),
        max_concurrency=int(
            _number(external, "max_concurrency", defaults.max_concurrency, where, minimum=1)
        ),
        per_host=int(_number(external, "per_host", defaults.per_host, where, minimum=1)),
        max_redirects=int(
            _number(external, "max_redirects", defaults.max_redirects, where, minimum=0)
        ),
        max_body_bytes=int(
            _number(external, "max_body_bytes", defaults.max_body_bytes, where, minimum=1)
        ),
        user_agent=str(external.get("user_agent", defaults.user_agent)),
        cache_dir=str(cache.get("dir", defaults.cache_dir)),
        cache_ttl_hours=_number(cache, "ttl_hours", defaults.cache_ttl_hours, where, minimum=0),
        jobs=int(_number(internal, "jobs", defaults.jobs, where, minimum=1)),
        sitemaps=tuple(str(s) for s in _list(data.get("sitemaps", defaults.sitemaps))),
        mkdocs=str(data.get("mkdocs") or ""),
        office=str(report.get("office", defaults.office)),
        office_file=str(report.get("office_file", defaults.office_file)),
        office_key=str(report.get("office_key", defaults.office_key)),
    )


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list | tuple) else [value]


def _mapping(value: Any, key: str, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{key} 應為鍵值對 / '{key}' in {where} must be a mapping")
    return value


def _regex(pattern: Any, where: str) -> re.Pattern[str]:
    try:
        return re.compile(str(pattern))
    except re.error as exc:
        raise ConfigError(
            f"正規表示式錯誤 / bad regular expression {pattern!r} in {where}: {exc}"
        ) from None


def _statuses(value: Any, where: str) -> frozenset[int]:
    """Status list: integers and ranges written "200..299" or "200-299"."""
    items = value if isinstance(value, list) else [value]
    result: set[int] = set()
    for item in items:
        text = str(item).strip()
        match = re.fullmatch(r"(\d{3})\s*(?:\.\.|-)\s*(\d{3})", text)
        if match:
            result.update(range(int(match.group(1)), int(match.group(2)) + 1))
        elif re.fullmatch(r"\d{3}", text):
            result.add(int(text))
        else:
            raise ConfigError(
                f"HTTP 狀態碼格式錯誤 / bad HTTP status {item!r} in {where} "
                "(use 200, or a range 200..299)"
            )
    return frozenset(result)


def _number(section: dict[str, Any], key: str, default: float, where: str, minimum: float) -> float:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
        raise ConfigError(
            f"{key} 應為不小於 {minimum} 的數字 / '{key}' in {where} must be a number >= {minimum}"
        )
    return float(value)
