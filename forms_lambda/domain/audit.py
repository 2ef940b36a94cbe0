"""The staff access log: every look at or change of a citizen's record, traced to a person.

Append-only: entries are written once and only the purge deletes them, after
`access_log_retention_days` of forms.yml. An entry holds record references (a booking
reference, a case number, a day, a login), never the citizen's name, number or message.
"""

from __future__ import annotations

import secrets
import time
from datetime import date, timedelta

from forms_lambda.domain.common import Clock, end_of_day_epoch, log
from forms_lambda.domain.records import AccessEntry, StaffMember
from forms_lambda.store.base import Store

# action -> (zh-TW, en): the words the console and the export show.
ACTIONS: dict[str, tuple[str, str]] = {
    "sign_in": ("登入", "Signed in"),
    "sign_in_failed": ("登入失敗", "Sign-in failed"),
    "sign_out": ("登出", "Signed out"),
    "view_day": ("查看預約名單", "Viewed the bookings of a day"),
    "view_booking": ("查看預約", "Viewed a booking"),
    "book": ("代為預約", "Booked for a citizen"),
    "no_show": ("標記未到", "Marked a no-show"),
    "cancel": ("取消預約", "Cancelled a booking"),
    "undo": ("復原預約狀態", "Took back a no-show or cancellation"),
    "view_cases": ("查看案件列表", "Viewed the case list"),
    "view_case": ("查看案件", "Viewed a case"),
    "draft_reply": ("送交回覆待核可", "Sent a reply for approval"),
    "approve_reply": ("核可回覆", "Approved a reply"),
    "return_reply": ("退回回覆", "Returned a reply"),
    "reply": ("寄出回覆", "Sent a reply"),
    "classify": ("案件分類", "Classified a case"),
    "export": ("下載資料", "Downloaded data"),
    "view_access_log": ("查看存取紀錄", "Viewed the access log"),
    "staff_add": ("新增同仁帳號", "Added a staff account"),
    "staff_disable": ("停用同仁帳號", "Disabled a staff account"),
    "staff_enable": ("啟用同仁帳號", "Enabled a staff account"),
    "staff_reset": ("重設同仁密碼", "Reset a staff secret"),
    "staff_token": ("發給 API 權杖", "Issued an API token"),
    "view_staff": ("查看同仁帳號", "Viewed the staff accounts"),
    "queue_next": ("叫下一號", "Called the next number"),
    "queue_recall": ("重新叫號", "Called a number again"),
    "queue_skip": ("過號", "Marked a number missed"),
    "queue_feed": ("叫號機回報號碼", "Queue device reported numbers"),
    "queue_feed_refused": ("叫號機回報被拒", "Queue device report refused"),
    "denied": ("權限不足被拒", "Refused: not allowed"),
}
OUTCOMES = {"ok": ("完成", "done"), "denied": ("拒絕", "refused"), "failed": ("失敗", "failed")}
COMMAND_LINE = "command-line"
MAX_DAYS_SHOWN = 31


class AccessLog:
    def __init__(self, store: Store, now: Clock, retention_days: int) -> None:
        self.store = store
        self.now = now
        self.retention_days = retention_days

    def record(
        self,
        actor: StaffMember | str | None,
        action: str,
        target: str = "",
        *,
        outcome: str = "ok",
        detail: str = "",
    ) -> AccessEntry:
        """Append one entry. A failure to write is logged and raised: an access that cannot be
        traced must not go unnoticed."""
        if action not in ACTIONS or outcome not in OUTCOMES:
            raise ValueError(f"unknown access-log action or outcome: {action}/{outcome}")
        now = self.now()
        if isinstance(actor, StaffMember):
            login, role = actor.login, actor.role
        else:
            login, role = (actor or ""), ""
        entry = AccessEntry(
            at=now.isoformat(timespec="seconds"),
            actor=login[:40],
            role=role,
            action=action,
            target=target[:60],
            outcome=outcome,
            detail=detail[:80],
            # Sorts by the moment of writing, so entries of the same second keep their order.
            entry_id=f"{time.time_ns():x}{secrets.token_hex(3)}",
            expires_at=end_of_day_epoch(now.date(), self.retention_days),
        )
        try:
            self.store.append_access(entry)
        except Exception as error:
            log.error("access log write failed: %s", type(error).__name__)
            raise
        return entry

    def between(self, first: date, last: date) -> list[AccessEntry]:
        """Entries from first to last (inclusive, at most MAX_DAYS_SHOWN days), oldest first."""
        days = [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)][
            :MAX_DAYS_SHOWN
        ]
        now = int(self.now().timestamp())
        entries = [e for e in self.store.list_access(days) if e.expires_at > now]
        return sorted(entries, key=lambda e: (e.at, e.entry_id))
