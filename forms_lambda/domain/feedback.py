"""Feedback domain: director's mailbox, complaints, suggestions and the satisfaction survey.

Each case gets a case number and a due date counted in working days on the government calendar;
a case may wait for e-mail confirmation before its clock starts; staff reply, which closes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from forms_lambda.domain.calendar import GovernmentCalendar
from forms_lambda.domain.common import (
    Clock,
    FieldReader,
    InvalidInput,
    Links,
    NotFound,
    Office,
    Refused,
    decoy_key,
    end_of_day_epoch,
    log,
)
from forms_lambda.domain.definitions import (
    FEEDBACK_KINDS,
    HANDLING_CLASSES,
    PERSONAL_DATA_RIGHTS,
    FormDefinitions,
)
from forms_lambda.domain.ids import Hasher, case_number, new_token, token_hash, token_matches
from forms_lambda.domain.pins import PinGuard
from forms_lambda.domain.records import Feedback, IdempotencyRecord
from forms_lambda.domain.validation import (
    honeypot_filled,
    is_consent,
    validate_case_number,
    validate_email,
    validate_name,
    validate_phone,
)
from forms_lambda.notify.base import Notifier
from forms_lambda.store.base import Conflict, Store

UNCONFIRMED_KEEP_DAYS = 7  # an unconfirmed case is deleted after a week
# Filters of the staff list; "review" is the open cases whose draft reply waits for approval.
STATUSES = ("open", "review", "awaiting_confirmation", "answered", "all")


@dataclass(frozen=True)
class Replied:
    """What happened to a reply: sent to the citizen, or kept as a draft for approval."""

    case: Feedback
    sent: bool


@dataclass(frozen=True)
class FeedbackCreated:
    case: Feedback
    token: str
    stored: bool = True


def _rating(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= 5 else None
    if isinstance(value, str) and value.strip() in {"1", "2", "3", "4", "5"}:
        return int(value.strip())
    return None


def _mail():
    from forms_lambda.notify import mail

    return mail


class FeedbackDesk:
    def __init__(
        self,
        *,
        definitions: FormDefinitions,
        calendar: GovernmentCalendar,
        store: Store,
        notifier: Notifier,
        hasher: Hasher,
        now: Clock,
        office: Office,
    ) -> None:
        self.definitions = definitions
        self.calendar = calendar
        self.store = store
        self.notifier = notifier
        self.hasher = hasher
        self.now = now
        self.office = office
        self.pins = PinGuard(store, hasher, now)

    def create(
        self,
        data: Mapping[str, object],
        lang: str,
        links: Links,
        extra_errors: Mapping[str, str] | None = None,
        receipt: Callable[[Feedback, str], IdempotencyRecord | None] | None = None,
    ) -> FeedbackCreated:
        """Validate and register a case. extra_errors (from the HTTP layer) fail it too.

        receipt(case, token): the answer kept with the case for an Idempotency-Key retry, as
        for bookings (store.AlreadyDone when one is kept already)."""
        now = self.now()
        today = now.date()
        kind = data.get("kind")
        if honeypot_filled(data.get("website")):
            log.info("feedback honeypot hit")
            fake = self._blank(f"{today.strftime('%Y%m%d')}-{(now.microsecond % 9000) + 1000:04d}")
            return FeedbackCreated(fake, self.hasher.decoy_token(fake.case_number), stored=False)
        reader = FieldReader(data)
        reader.errors.update(extra_errors or {})
        if kind not in FEEDBACK_KINDS:
            reader.errors["kind"] = "required" if not kind else "kind_invalid"
            form = self.definitions.forms["mailbox"]
        else:
            form = self.definitions.forms[str(kind)]

        def field(
            name: str, check: Any = None, max_length: int = 200, multiline: bool = False
        ) -> str:
            if not form.collects(name):
                return ""
            if check is not None:
                return reader.checked(
                    name, check, required=form.requires(name), max_length=max_length
                )
            return reader.text(
                name, required=form.requires(name), max_length=max_length, multiline=multiline
            )

        name = field("name", validate_name)
        email = field("email", validate_email, 254)
        phone = field("phone", validate_phone, 40)
        subject = field("subject", max_length=120)
        right = ""
        if form.collects("right"):
            raw_right = data.get("right")
            if isinstance(raw_right, str) and raw_right.strip() in PERSONAL_DATA_RIGHTS:
                right = raw_right.strip()
                if not subject:  # the staff list shows the subject: name the right there
                    names = PERSONAL_DATA_RIGHTS[right]
                    subject = f"個資法第3條請求：{names['zh-TW']} / PDPA Art. 3: {names['en']}"
            elif form.requires("right") or raw_right not in (None, ""):
                reader.errors["right"] = (
                    "right_invalid" if raw_right not in (None, "") else "required"
                )
        message = field("message", max_length=5000, multiline=True)
        ratings = self._ratings(form, data, reader.errors)
        if not is_consent(data.get("consent")):
            reader.errors["consent"] = "consent_required"
        reader.fail_if_errors()

        token = new_token()
        confirm_token = new_token() if form.requires_email_confirmation else ""
        days = form.handling_days or self.definitions.handling_days["simple"]
        status = "awaiting_confirmation" if confirm_token else "open"
        counted_from = "" if confirm_token else today.isoformat()
        due = "" if confirm_token else self.calendar.add_working_days(today, days).isoformat()
        expires = end_of_day_epoch(
            today, UNCONFIRMED_KEEP_DAYS if confirm_token else form.retention_days
        )
        case = Feedback(
            case_number="",
            token_hash=token_hash(token),
            confirm_token_hash=token_hash(confirm_token) if confirm_token else "",
            kind=str(kind),
            subject=subject,
            message=message,
            name=name,
            email=email,
            phone=phone,
            rating=None,
            ratings=ratings,
            right=right,
            lang=lang,
            status=status,
            handling_class="simple",
            handling_days=days,
            received_at=now.isoformat(timespec="seconds"),
            counted_from=counted_from,
            due_date=due,
            consent_version=self.definitions.notice_version,
            consent_at=now.isoformat(timespec="seconds"),
            expires_at=expires,
        )
        day_key = today.isoformat()
        pin = self.hasher.pin(token)
        for _attempt in range(5):
            sequence = self.store.next_sequence(f"case#{day_key}", end_of_day_epoch(today, 2))
            case.case_number = case_number(day_key, sequence)
            case.pin_hash = self.hasher.pin_hash(case.case_number, pin)
            try:
                self.store.create_feedback(case, receipt(case, token) if receipt else None)
                break
            except Conflict:
                continue
        else:
            raise RuntimeError("could not allocate a case number")
        log.info("feedback case created kind=%s", case.kind)
        self._send(
            lambda: _mail().feedback_received(
                sender=self.office.sender,
                office=self.office.names,
                lang=lang,
                to=(case.email, case.name),
                case_number=case.case_number,
                pin=pin,
                status_url=links.feedback_status(case.case_number, token, lang),
                find_url=links.feedback_find(lang),
                confirm_url=links.feedback_confirm(case.case_number, confirm_token)
                if confirm_token
                else "",
                due_date=case.due_date,
                now=self.now(),
            ),
            "feedback receipt",
        )
        if self.office.staff and not confirm_token:
            self._notify_staff(case)
        return FeedbackCreated(case, token)

    @staticmethod
    def _ratings(form: Any, data: Mapping[str, object], errors: dict[str, str]) -> dict[str, int]:
        """Every survey question rated 1–5: JSON {"ratings": {id: n}} or form fields rating_<id>.

        An error is keyed rating_<id>, the name of that question's radio group on the page.
        """
        if not form.collects("ratings"):
            return {}
        given = data.get("ratings")
        mapping = given if isinstance(given, Mapping) else {}
        if given not in (None, "") and not isinstance(given, Mapping):
            errors["ratings"] = "rating_invalid"
        ratings: dict[str, int] = {}
        for qid, _text in form.questions:
            raw = mapping.get(qid, data.get(f"rating_{qid}"))
            value = _rating(raw)
            if value is not None:
                ratings[qid] = value
            elif raw not in (None, ""):
                errors[f"rating_{qid}"] = "rating_invalid"
            elif form.requires("ratings"):
                errors[f"rating_{qid}"] = "rating_required"
        return ratings

    def _blank(self, number: str) -> Feedback:
        return Feedback(
            case_number=number,
            token_hash="",
            confirm_token_hash="",
            kind="",
            subject="",
            message="",
            name="",
            email="",
            phone="",
            rating=None,
            lang="zh-TW",
            status="open",
            handling_class="simple",
            handling_days=0,
            received_at="",
            counted_from="",
            due_date="",
            consent_version="",
            consent_at="",
            expires_at=0,
        )

    def _load(self, number: object) -> Feedback:
        if not isinstance(number, str) or len(number) > 20:
            raise NotFound
        case = self.store.get_feedback(number)
        if case is None or case.expires_at <= int(self.now().timestamp()):
            raise NotFound
        return case

    def get(self, number: object, token: object, pin: object = None) -> Feedback:
        """The case, for its first token, the reply e-mail's status-link token or, when pin is
        given, its PIN."""
        if pin is not None:
            return self._by_pin(number, pin)
        case = self._load(number)
        if not (
            token_matches(token, case.token_hash) or token_matches(token, case.status_token_hash)
        ):
            raise NotFound
        return case

    def staff_get(self, number: object) -> Feedback:
        return self._load(number)

    def _by_pin(self, number: object, pin: object) -> Feedback:
        typed = ("case_number", number, validate_case_number)
        return self.pins.open("case", typed, pin, self._live)

    def _live(self, number: str) -> Feedback | None:
        try:
            return self._load(number)
        except NotFound:
            return None

    def decoy(self, number: object, token: object) -> Feedback | None:
        """The honeypot's pretend case for the result page a caught form post is sent to:
        only for the token this server made for that case number."""
        key = decoy_key(self.hasher, number, validate_case_number, token)
        if key is None:
            return None
        fake = self._blank(key)
        days = self.definitions.handling_days["simple"]
        fake.due_date = self.calendar.add_working_days(self.now().date(), days).isoformat()
        return fake

    def confirm(self, number: object, token: object) -> Feedback:
        case = self._load(number)
        if not token_matches(token, case.confirm_token_hash):
            raise NotFound
        if case.status != "awaiting_confirmation":
            return case  # a second click changes nothing
        today = self.now().date()
        form = self.definitions.forms[case.kind]
        updated = replace(
            case,
            status="open",
            counted_from=today.isoformat(),
            due_date=self.calendar.add_working_days(today, case.handling_days).isoformat(),
            expires_at=end_of_day_epoch(today, form.retention_days),
        )
        if not self.store.update_feedback(updated, "awaiting_confirmation"):
            return self._load(number)
        log.info("feedback case confirmed kind=%s", case.kind)
        if self.office.staff:
            self._notify_staff(updated)
        return updated

    def classify(self, number: object, handling_class: object, days: object) -> Feedback:
        case = self._load(number)
        errors = {}
        if handling_class not in HANDLING_CLASSES:
            errors["class"] = "class_invalid" if handling_class else "required"
        limit = self.definitions.handling_days
        chosen = limit.get(str(handling_class), 0)
        if days not in (None, ""):
            if (
                isinstance(days, bool)
                or not (isinstance(days, int) or (isinstance(days, str) and days.isdigit()))
                or not 1 <= int(days) <= limit["complex"]
            ):
                errors["days"] = "days_invalid"
            else:
                chosen = int(days)
        if errors:
            raise InvalidInput(errors)
        if case.status == "answered":
            raise Refused("not_answerable")
        due = ""
        if case.counted_from:
            due = self.calendar.add_working_days(
                date.fromisoformat(case.counted_from), chosen
            ).isoformat()
        updated = replace(
            case, handling_class=str(handling_class), handling_days=chosen, due_date=due
        )
        if not self.store.update_feedback(updated, case.status):
            raise Refused("not_answerable")
        return updated

    def reply(
        self, number: object, text: object, links: Links, login: str, may_approve: bool
    ) -> Replied:
        """Answer a case. Where the form wants reply review and the writer may not approve,
        the reply becomes a draft for a supervisor; otherwise it is sent at once."""
        case = self._load(number)
        reply = self._reply_text(text)
        if case.status != "open":
            raise Refused("not_answerable")
        form = self.definitions.forms.get(case.kind)
        if form is not None and form.reply_review and not may_approve:
            drafted = replace(
                case,
                draft_reply=reply,
                drafted_by=login,
                drafted_at=self._stamp(),
                review_state="pending",
                review_note="",
            )
            if not self.store.update_feedback(drafted, "open"):
                raise Refused("not_answerable")
            log.info("feedback reply drafted kind=%s", case.kind)
            return Replied(drafted, sent=False)
        return Replied(self._send_reply(case, reply, links, login, reviewer=""), sent=True)

    def approve(self, number: object, text: object, links: Links, login: str) -> Feedback:
        """A supervisor sends a pending draft (as written, or as they edited it)."""
        case = self._load(number)
        if case.status != "open" or case.review_state != "pending":
            raise Refused("not_pending")
        reply = self._reply_text(text if text not in (None, "") else case.draft_reply)
        return self._send_reply(case, reply, links, case.drafted_by or login, reviewer=login)

    def return_draft(self, number: object, note: object, login: str) -> Feedback:
        """A supervisor sends a draft back to its writer with a note saying what to change."""
        case = self._load(number)
        reader = FieldReader({"note": note})
        cleaned = reader.text("note", required=True, max_length=2000, multiline=True)
        reader.fail_if_errors()
        if case.status != "open" or case.review_state != "pending":
            raise Refused("not_pending")
        returned = replace(case, review_state="returned", review_note=cleaned, reviewed_by=login)
        if not self.store.update_feedback(returned, "open"):
            raise Refused("not_pending")
        return returned

    @staticmethod
    def _reply_text(text: object) -> str:
        reader = FieldReader({"reply": text})
        reply = reader.text("reply", required=True, max_length=10000, multiline=True)
        reader.fail_if_errors()
        return reply

    def _stamp(self) -> str:
        return self.now().isoformat(timespec="seconds")

    def _send_reply(
        self, case: Feedback, reply: str, links: Links, writer: str, reviewer: str
    ) -> Feedback:
        # The citizen's first token is kept only as a hash, so the reply e-mail gets a token
        # of its own for its status link.
        status_token = new_token()
        updated = replace(
            case,
            status="answered",
            reply=reply,
            replied_at=self._stamp(),
            replied_by=writer,
            reviewed_by=reviewer,
            review_state="",
            draft_reply="",
            status_token_hash=token_hash(status_token),
        )
        if not self.store.update_feedback(updated, "open"):
            raise Refused("not_answerable")
        log.info("feedback case answered kind=%s", case.kind)
        self._send(
            lambda: _mail().feedback_reply(
                sender=self.office.sender,
                office=self.office.names,
                lang=case.lang,
                to=(case.email, case.name),
                case_number=case.case_number,
                reply=reply,
                status_url=links.feedback_status(case.case_number, status_token, case.lang),
                now=self.now(),
            ),
            "feedback reply",
        )
        return updated

    def list(self, status: object) -> list[dict[str, Any]]:
        wanted = status or "open"
        if wanted not in STATUSES:
            raise InvalidInput({"status": "status_invalid"})
        now = self.now()
        today = now.date().isoformat()

        def wanted_case(case: Feedback) -> bool:
            if wanted == "review":
                return case.status == "open" and case.review_state == "pending"
            return wanted == "all" or case.status == wanted

        cases = [
            c
            for c in self.store.list_feedback()
            if c.expires_at > int(now.timestamp()) and wanted_case(c)
        ]

        def order(case: Feedback) -> tuple[int, str, str]:
            overdue = case.status == "open" and bool(case.due_date) and case.due_date < today
            return (0 if overdue else 1, case.due_date or "9999", case.case_number)

        return [
            {
                **c.to_item(),
                **{f"rating_{qid}": value for qid, value in c.ratings.items()},
                "overdue": order(c)[0] == 0,
            }
            for c in sorted(cases, key=order)
        ]

    def _notify_staff(self, case: Feedback) -> None:
        self._send(
            lambda: _mail().staff_notice(
                sender=self.office.sender,
                office=self.office.names,
                staff=self.office.staff,
                subject=f"新案件 New case {case.case_number}",
                lines=[
                    f"案號 Case: {case.case_number}",
                    f"類別 Kind: {case.kind}",
                    f"期限 Due: {case.due_date}",
                    "詳細資料請登入管理介面查看。Details are in the staff list.",
                ],
                now=self.now(),
            ),
            "staff notice",
        )

    def _send(self, build: Any, what: str) -> None:
        try:
            self.notifier.send(build())
        except Exception as error:
            log.error("%s e-mail failed: %s", what, type(error).__name__)
