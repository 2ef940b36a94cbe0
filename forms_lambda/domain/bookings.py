"""Booking domain: slots with remaining places, create, look up, cancel, calendar, no-shows."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from forms_lambda.domain import ics
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
from forms_lambda.domain.definitions import FormDefinitions
from forms_lambda.domain.ids import Hasher, new_reference, new_token, token_hash, token_matches
from forms_lambda.domain.pins import PinGuard
from forms_lambda.domain.records import Booking, IdempotencyRecord, Person
from forms_lambda.domain.rules import BookingRules, Service, format_slot, parse_slot
from forms_lambda.domain.validation import (
    honeypot_filled,
    is_consent,
    validate_email,
    validate_id_number,
    validate_name,
    validate_phone,
    validate_reference,
)
from forms_lambda.notify.base import Notifier
from forms_lambda.store.base import Conflict, PersonDayTaken, SlotFull, Store

Receipt = Callable[[Booking, str], IdempotencyRecord | None]


CHANNELS = ("web", "phone", "counter")


@dataclass(frozen=True)
class OnBehalf:
    """A booking staff enter for a citizen who phoned or came to the counter: the same rules
    and capacity as the web, but the e-mail is optional and the phone required; only a
    supervisor may book outside the booking window (the console checks the role)."""

    channel: str  # phone | counter
    login: str
    override_window: bool = False


@dataclass(frozen=True)
class BookingCreated:
    booking: Booking
    token: str
    stored: bool = True  # False for a honeypot hit: looks the same, nothing kept


def parse_day(text: object) -> date | None:
    if not isinstance(text, str) or len(text) != 10:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class Bookings:
    def __init__(
        self,
        *,
        rules: BookingRules,
        definitions: FormDefinitions,
        store: Store,
        notifier: Notifier,
        hasher: Hasher,
        now: Clock,
        office: Office,
    ) -> None:
        self.rules = rules
        self.definitions = definitions
        self.form = definitions.forms["booking"]
        self.store = store
        self.notifier = notifier
        self.hasher = hasher
        self.now = now
        self.office = office
        self.pins = PinGuard(store, hasher, now)

    # --- reading --------------------------------------------------------------------------
    def services(self) -> list[dict[str, Any]]:
        now = self.now()
        out = []
        for service in self.rules.services.values():
            info = service.public()
            window = self.rules.window_for(service)
            minimum = "min_working_days_ahead" if service.holiday_marriage else "min_days_ahead"
            info["booking_window"] = {
                minimum: window.min_days_ahead,
                "max_days_ahead": window.max_days_ahead,
                "cutoff_time": window.cutoff.strftime("%H:%M"),
            }
            info["bookable_dates"] = [
                d.isoformat() for d in self.rules.bookable_dates(service, now)
            ]
            out.append(info)
        return out

    def service(self, service_id: object) -> Service:
        if not isinstance(service_id, str) or service_id not in self.rules.services:
            raise InvalidInput({"service": "service_unknown" if service_id else "required"})
        return self.rules.services[service_id]

    def slots(
        self, service_id: object, day_text: object, *, staff: bool = False
    ) -> list[dict[str, Any]]:
        """Free places per slot start. For citizens only inside the booking window; for staff
        every slot still to come that day, each marked whether the window allows it."""
        errors = {}
        service = None
        try:
            service = self.service(service_id)
        except InvalidInput as error:
            errors.update(error.fields)
        day = parse_day(day_text)
        if day is None:
            errors["date"] = "required" if not day_text else "date_format"
        if errors or service is None or day is None:
            raise InvalidInput(errors)
        now = self.now()
        in_window = self.rules.day_open_for_booking(service, day, now)
        if not in_window and not staff:
            return []
        used = self.store.slot_usage(service.id, day.isoformat())
        slots = [
            {
                "start": format_slot(start),
                "remaining": max(service.capacity - used.get(format_slot(start), 0), 0),
            }
            for start in self.rules.slot_starts(service, day)
            if start > now
        ]
        if staff:
            for slot in slots:
                slot["in_window"] = in_window
        return slots

    def get(self, reference: object, token: object, pin: object = None) -> Booking:
        """The booking, for its token (the e-mail link) or, when pin is given, its PIN."""
        if pin is not None:
            return self._by_pin(reference, pin)
        if not isinstance(reference, str) or len(reference) > 20:
            raise NotFound
        booking = self.store.get_booking(reference)
        if booking is None or not token_matches(token, booking.token_hash):
            raise NotFound
        if booking.expires_at <= int(self.now().timestamp()):
            raise NotFound
        return booking

    def _by_pin(self, reference: object, pin: object) -> Booking:
        return self.pins.open(
            "booking", ("reference", reference, validate_reference), pin, self._live
        )

    def _live(self, reference: str) -> Booking | None:
        booking = self.store.get_booking(reference)
        live = booking is not None and booking.expires_at > int(self.now().timestamp())
        return booking if live else None

    def decoy(self, reference: object, token: object) -> Booking | None:
        """The honeypot's pretend booking, for the result page a caught form post is sent to:
        it exists only when the token is the one this server made for that reference."""
        key = decoy_key(self.hasher, reference, validate_reference, token)
        return self._fake({}, self.now(), key) if key else None

    def calendar(self, booking: Booking) -> bytes:
        service = self.rules.services.get(booking.service)
        start = parse_slot(booking.slot)
        assert start is not None
        lang = booking.lang
        return ics.booking_event(
            uid=f"{booking.reference}@{self.office.sender.partition('@')[2] or 'forms'}",
            start=start,
            minutes=service.slot_minutes if service else 30,
            summary=f"{service.name[lang] if service else booking.service} ({booking.reference})",
            location=self.office.names[lang],
            description=(service.bring[lang] if service else ""),
            stamp=self.now(),
            cancelled=booking.status == "cancelled",
        )

    # --- writing --------------------------------------------------------------------------
    def create(
        self,
        data: Mapping[str, object],
        lang: str,
        links: Links,
        extra_errors: Mapping[str, str] | None = None,
        receipt: Receipt | None = None,
        on_behalf: OnBehalf | None = None,
    ) -> BookingCreated:
        """Validate and book. extra_errors (found by the HTTP layer) fail the request too.

        receipt(booking, token) gives the answer to keep with the booking for an
        Idempotency-Key retry (store.AlreadyDone when one is kept already). on_behalf: a
        phone or counter booking entered by staff."""
        now = self.now()
        if on_behalf is None and honeypot_filled(data.get("website")):  # a bot filled it
            fake = self._fake(data, now, new_reference())
            log.info("booking honeypot hit")
            return BookingCreated(fake, self.hasher.decoy_token(fake.reference), False)
        reader = FieldReader(data)
        reader.errors.update(extra_errors or {})
        service = None
        try:
            service = self.service(data.get("service"))
        except InvalidInput as error:
            reader.errors.update(error.fields)
        slot_text = reader.text("slot", required=True, max_length=16)
        slot = parse_slot(slot_text) if slot_text else None
        if slot_text and slot is None and "slot" not in reader.errors:
            reader.errors["slot"] = "slot_format"
        form = self.form
        staff = on_behalf is not None
        name = (
            reader.checked("name", validate_name, required=form.requires("name"))
            if form.collects("name")
            else ""
        )
        phone = (
            reader.checked(
                "phone", validate_phone, required=staff or form.requires("phone"), max_length=40
            )
            if form.collects("phone")
            else ""
        )
        email = (
            reader.checked(
                "email",
                validate_email,
                required=form.requires("email") and not staff,
                max_length=254,
            )
            if form.collects("email")
            else ""
        )
        id_number = (
            reader.checked(
                "id_number", validate_id_number, required=form.requires("id_number"), max_length=20
            )
            if form.collects("id_number")
            else ""
        )
        note = (
            reader.text("note", required=form.requires("note"), max_length=500, multiline=True)
            if form.collects("note")
            else ""
        )
        if not is_consent(data.get("consent")):
            reader.errors["consent"] = "consent_required"
        if service is not None and slot is not None and "slot" not in reader.errors:
            reason = self.rules.check_slot(service, slot, now)
            if reason == "slot_outside_window" and on_behalf and on_behalf.override_window:
                reason = None
            if reason:
                reader.errors["slot"] = reason
        reader.fail_if_errors()
        assert service is not None and slot is not None

        person_keys = []
        if phone:
            person_keys.append(self.hasher.keyed("phone", phone.split("#")[0]))
        if id_number:
            person_keys.append(self.hasher.keyed("id", id_number))
        today = now.date()
        for key in person_keys:
            person = self.store.get_person(key)
            if (
                person
                and person.blocked_until
                and person.blocked_until >= today.isoformat()
                and person.expires_at > int(now.timestamp())
            ):
                raise Refused("blocked_no_show")
        day = slot.date()
        retention_day = day if form.retention_from == "appointment" else today
        token = new_token()
        booking = Booking(
            reference=new_reference(),
            token_hash=token_hash(token),
            service=service.id,
            slot=format_slot(slot),
            day=day.isoformat(),
            status="confirmed",
            name=name,
            phone=phone,
            email=email,
            lang=lang,
            note=note,
            id_hash=self.hasher.keyed("id", id_number) if id_number else "",
            id_last4=id_number[-4:] if id_number else "",
            person_keys=person_keys,
            consent_version=self.definitions.notice_version,
            consent_at=now.isoformat(timespec="seconds"),
            created_at=now.isoformat(timespec="seconds"),
            expires_at=end_of_day_epoch(retention_day, form.retention_days),
            channel=on_behalf.channel if on_behalf else "web",
            created_by=on_behalf.login if on_behalf else "",
        )
        person_day_keys = self._person_day_keys(booking)
        pin = self.hasher.pin(token)
        for _attempt in range(3):
            booking.pin_hash = self.hasher.pin_hash(booking.reference, pin)
            try:
                self.store.create_booking(
                    booking,
                    service.capacity,
                    person_day_keys,
                    receipt(booking, token) if receipt else None,
                )
                break
            except SlotFull:
                raise Refused("slot_full") from None
            except PersonDayTaken:
                raise Refused("already_booked_that_day") from None
            except Conflict:  # reference collision: 1 in 2^40, draw another
                booking.reference = new_reference()
        else:
            raise RuntimeError("could not draw a free reference")
        log.info("booking created service=%s channel=%s", service.id, booking.channel)
        if booking.email:
            self._notify_created(booking, service, token, links)
        return BookingCreated(booking, token)

    def _person_day_keys(self, booking: Booking) -> list[str]:
        if not self.rules.one_per_person_per_day:
            return []
        return [f"{key}#{booking.day}" for key in booking.person_keys]

    def _fake(self, data: Mapping[str, object], now: Any, reference: str) -> Booking:
        service = data.get("service") if isinstance(data.get("service"), str) else ""
        slot = data.get("slot") if isinstance(data.get("slot"), str) else ""
        return Booking(
            reference=reference,
            token_hash="",
            service=str(service)[:40],
            slot=str(slot)[:16],
            day="",
            status="confirmed",
            name="",
            phone="",
            email="",
            lang="zh-TW",
            note="",
            id_hash="",
            id_last4="",
            person_keys=[],
            consent_version="",
            consent_at="",
            created_at="",
            expires_at=0,
        )

    def cancel(self, reference: object, token: object, links: Links, pin: object = None) -> Booking:
        """The citizen cancels with the token from the e-mail or the result page, or the PIN."""
        return self._cancel(self.get(reference, token, pin), by="")

    def cancel_for(self, reference: object, login: str) -> Booking:
        """Staff cancel for a citizen who phoned; the same rules as the citizen's own cancel."""
        return self._cancel(self.staff_get(reference), by=login)

    def _cancel(self, booking: Booking, by: str) -> Booking:
        if booking.status == "cancelled":
            raise Refused("already_cancelled")
        start = parse_slot(booking.slot)
        if booking.status != "confirmed" or start is None or start <= self.now():
            raise Refused("not_cancellable")
        cancelled = self.store.change_booking_status(
            booking.reference,
            "confirmed",
            "cancelled",
            changed_at=self._stamp(),
            changed_by=by,
        )
        if cancelled is None:
            raise Refused("not_cancellable")
        log.info("booking cancelled service=%s", booking.service)
        if cancelled.email:
            self._send_cancelled(cancelled)
        return cancelled

    def _send_cancelled(self, booking: Booking) -> None:
        from forms_lambda.notify import mail  # the e-mail modules load on first use

        service = self.rules.services.get(booking.service)
        self._send(
            lambda: mail.booking_cancelled(
                sender=self.office.sender,
                office=self.office.names,
                lang=booking.lang,
                to=(booking.email, booking.name),
                reference=booking.reference,
                service_name=service.name[booking.lang] if service else booking.service,
                slot_text=booking.slot.replace("T", " "),
                now=self.now(),
            ),
            "cancellation",
        )

    def _stamp(self) -> str:
        return self.now().isoformat(timespec="seconds")

    def staff_get(self, reference: object) -> Booking:
        if not isinstance(reference, str) or len(reference) > 20:
            raise NotFound
        booking = self.store.get_booking(reference)
        if booking is None or booking.expires_at <= int(self.now().timestamp()):
            raise NotFound
        return booking

    def no_show(self, reference: object, login: str = "") -> Booking:
        """Mark a confirmed booking whose time has come as missed; the person's standing
        no-shows grow by one, and at the limit online booking is blocked."""
        booking = self.staff_get(reference)
        if booking.status == "confirmed" and booking.slot > self.now().strftime("%Y-%m-%dT%H:%M"):
            raise Refused("not_yet")
        changed = self.store.change_booking_status(
            booking.reference, "confirmed", "no_show", changed_at=self._stamp(), changed_by=login
        )
        if changed is None:
            raise Refused("not_cancellable")
        self._update_people(changed, self._add_no_show)
        log.info("booking marked no-show service=%s", booking.service)
        return changed

    def undo(self, reference: object, login: str) -> Booking:
        """Take back a no-show, or a cancellation staff made, on the day it was made."""
        booking = self.staff_get(reference)
        today = self.now().date().isoformat()
        staff_made = booking.status == "no_show" or (
            booking.status == "cancelled" and booking.status_changed_by
        )
        if not staff_made or booking.status_changed_at[:10] != today:
            raise Refused("not_undoable")
        service = self.rules.services.get(booking.service)
        try:
            restored = self.store.change_booking_status(
                booking.reference,
                booking.status,
                "confirmed",
                changed_at=self._stamp(),
                changed_by=login,
                capacity=service.capacity if service else 0,
                person_day_keys=self._person_day_keys(booking),
            )
        except SlotFull:
            raise Refused("slot_full") from None
        except PersonDayTaken:
            raise Refused("already_booked_that_day") from None
        if restored is None:
            raise Refused("not_undoable")
        if booking.status == "no_show":
            self._update_people(restored, self._remove_no_show)
        log.info("booking status taken back service=%s", booking.service)
        return restored

    def standing_no_shows(self, booking: Booking) -> int:
        """The most no-shows that still count against any of the booking's person keys."""
        people = [self.store.get_person(key) for key in booking.person_keys]
        return max((len(p.no_shows) for p in people if p is not None), default=0)

    # --- people's no-show history -------------------------------------------------------------
    def _update_people(self, booking: Booking, change: Callable[[Person, str], None]) -> None:
        """Apply change to each person key of the booking, as compare-and-set with retries
        (two clerks marking the same person at once must both count)."""
        for key in booking.person_keys:
            for _attempt in range(5):
                person = self.store.get_person(key) or Person(person_key=key)
                change(person, booking.reference)
                if self.store.save_person(person):
                    break
            else:
                raise RuntimeError("could not update a person's no-show history")

    def _add_no_show(self, person: Person, reference: str) -> None:
        today = self.now().date()
        if reference not in person.no_shows:
            person.no_shows.append(reference)
        if len(person.no_shows) >= self.rules.no_show_limit:
            person.blocked_until = (
                today + timedelta(days=self.rules.no_show_block_days)
            ).isoformat()
            person.block_refs = person.no_shows
            person.no_shows = []
        person.expires_at = end_of_day_epoch(today, self.rules.no_show_block_days)

    @staticmethod
    def _remove_no_show(person: Person, reference: str) -> None:
        if reference in person.no_shows:
            person.no_shows.remove(reference)
        elif reference in person.block_refs:  # the block no longer stands: lift it
            person.no_shows = [r for r in person.block_refs if r != reference] + person.no_shows
            person.block_refs = []
            person.blocked_until = ""

    def list_for_day(self, day_text: object) -> list[Booking]:
        day = parse_day(day_text)
        if day is None:
            raise InvalidInput({"date": "required" if not day_text else "date_format"})
        now = int(self.now().timestamp())
        return [b for b in self.store.list_bookings(day.isoformat()) if b.expires_at > now]

    # --- notifications --------------------------------------------------------------------
    def _send(self, build: Any, what: str) -> None:
        """A failed e-mail never undoes a booking: log it (no personal data) and go on."""
        try:
            self.notifier.send(build())
        except Exception as error:
            log.error("%s e-mail failed: %s", what, type(error).__name__)

    def _notify_created(self, booking: Booking, service: Service, token: str, links: Links) -> None:
        from forms_lambda.notify import mail

        lang = booking.lang
        slot_text = booking.slot.replace("T", " ")
        cancel_url = links.booking_cancel(booking.reference, token, lang)
        office = self.office
        address = office.address.get(lang, "")
        separator = ", " if lang == "en" else "，"
        self._send(
            lambda: mail.booking_confirmation(
                sender=office.sender,
                office=office.names,
                lang=lang,
                to=(booking.email, booking.name),
                reference=booking.reference,
                pin=self.hasher.pin(token),
                service_name=service.name[lang],
                slot_text=slot_text,
                bring=service.bring[lang],
                place=office.names[lang] + (separator + address if address else ""),
                phone=office.phone.get(lang, ""),
                cancel_url=cancel_url,
                find_url=links.booking_find(lang),
                ics=self.calendar(booking),
                now=self.now(),
            ),
            "confirmation",
        )
        if self.office.staff:
            self._send(
                lambda: mail.staff_notice(
                    sender=self.office.sender,
                    office=self.office.names,
                    staff=self.office.staff,
                    subject=f"新預約 New booking {booking.reference}",
                    lines=[
                        f"預約編號 Reference: {booking.reference}",
                        f"服務 Service: {service.name['zh-TW']}",
                        f"時段 Slot: {slot_text}",
                        "詳細資料請登入管理介面查看。Details are in the staff list.",
                    ],
                    now=self.now(),
                ),
                "staff notice",
            )
