"""Bilingual wording of every verdict, kept in one place so reports stay consistent."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # key: (English, 中文)
    "not-found": ("target not found", "找不到連結目標"),
    "dir-without-index": ("folder has no index.html", "資料夾沒有 index.html"),
    "no-trailing-slash": (
        "folder link without trailing slash (works only where the server redirects)",
        "資料夾連結缺少結尾斜線（需伺服器轉址才有效）",
    ),
    "anchor-missing": ("anchor not found in target page", "目標頁面找不到此錨點"),
    "status": ("HTTP error status", "HTTP 錯誤狀態"),
    "redirect-permanent": ("permanent redirect: update the link", "永久轉址：請更新連結"),
    "redirect-loop": ("redirect loop", "轉址迴圈"),
    "too-many-redirects": ("too many redirects", "轉址次數過多"),
    "timeout": ("no answer in time", "回應逾時"),
    "connection": ("connection dropped", "連線中斷"),
    "tls": ("TLS or certificate error", "TLS 或憑證錯誤"),
    # Network failures: the link could not be checked (UNREACHABLE, never BROKEN).
    "dns": ("DNS lookup failed", "DNS 查詢失敗"),
    "no-such-host": ("host name not found in DNS", "DNS 查無此主機名稱"),
    "refused": ("connection refused", "連線被拒"),
    "network": ("network unreachable", "網路無法連線"),
    "connect-timeout": ("connecting timed out", "連線逾時"),
    "proxy": ("proxy error", "代理伺服器錯誤"),
    # Reading pages and stylesheets.
    "decode-error": ("bytes not valid in the page's encoding", "內容不符網頁宣告的字元編碼"),
    "unknown-encoding": (
        "unknown encoding label, read as UTF-8",
        "不認得的字元編碼，以 UTF-8 讀取",
    ),
    "bad-url": ("malformed URL", "網址格式錯誤"),
    "rate-limited": ("still rate limited (429) after retries", "重試後仍被限流（429）"),
}


def message(key: str, detail: str = "") -> tuple[str, str]:
    """(English, 中文) for a verdict key, with an optional detail appended to both."""
    en, zh = MESSAGES[key]
    if detail:
        return f"{en}: {detail}", f"{zh}：{detail}"
    return en, zh
