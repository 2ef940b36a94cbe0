"""Form definitions from content/data/forms.yml: fields, PDPA notice, retention, deadlines.

The backend enforces what this file promises citizens: only listed fields are stored, required
ones must be present, and each record expires after the form's retention period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forms_lambda.domain.yamlfile import load_yaml

NOTICE_ITEMS = ("agency", "purpose", "data_categories", "use", "rights", "if_not_provided")
FEEDBACK_KINDS = ("mailbox", "complaint", "suggestion", "survey", "personal_data")
# The rights of 個人資料保護法 Art. 3 a personal_data case asks for; the site and the backend share
# these codes and names, so the staff see exactly the right the citizen chose.
PERSONAL_DATA_RIGHTS: dict[str, dict[str, str]] = {
    "see": {"zh-TW": "查詢或請求閱覽我的個人資料", "en": "See my personal data"},
    "copy": {"zh-TW": "請求製給複製本", "en": "Get a copy"},
    "correct": {"zh-TW": "請求補充或更正", "en": "Have it supplemented or corrected"},
    "stop": {"zh-TW": "請求停止蒐集、處理或利用", "en": "Stop its collection, processing or use"},
    "delete": {"zh-TW": "請求刪除", "en": "Have it deleted"},
}
HANDLING_CLASSES = ("simple", "multi_unit", "complex")


class DefinitionsError(ValueError):
    """The form definitions file is malformed; the message names the place."""


@dataclass(frozen=True)
class FormDefinition:
    id: str
    title: dict[str, str]
    fields: dict[str, bool]  # field name -> required
    retention_days: int
    retention_from: str  # "appointment" or "submission"
    requires_email_confirmation: bool
    notice: dict[str, dict[str, str]]
    personal_data_file: dict[str, dict[str, str]]  # Art. 17: name and legal basis
    handling_days: int | None = None  # feedback only: this form's own deadline (working days)
    # survey only: the questions rated 1–5, in order: (id, {"zh-TW": text, "en": text})
    questions: tuple[tuple[str, dict[str, str]], ...] = ()
    reply_review: bool = False  # feedback: a supervisor approves each reply before it is sent

    def collects(self, name: str) -> bool:
        return name in self.fields

    def requires(self, name: str) -> bool:
        return self.fields.get(name, False)


@dataclass(frozen=True)
class FormDefinitions:
    notice_version: str
    forms: dict[str, FormDefinition]
    handling_days: dict[str, int]
    office_names: dict[str, str] | None = None  # from office.yml, for e-mails and .ics
    access_log_retention_days: int = 730
    office_address: dict[str, str] | None = None  # from office.yml, for the confirmation e-mail
    office_phone: dict[str, str] | None = None  # zh-TW: (04)2222-0000, en: +886-4-2222-0000


def _text(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(value.get(k), str) and value[k].strip() for k in ("zh-TW", "en")
    ):
        raise DefinitionsError(f"{where}: needs text in zh-TW and en")
    return {"zh-TW": value["zh-TW"].strip(), "en": value["en"].strip()}


def _questions(raw: Any, where: str) -> tuple[tuple[str, dict[str, str]], ...]:
    """Survey questions: an id (lower-case letters, digits, _) and text in both languages."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise DefinitionsError(f"{where}.questions: expected a list")
    questions: list[tuple[str, dict[str, str]]] = []
    for index, spec in enumerate(raw):
        place = f"{where}.questions[{index}]"
        qid = spec.get("id") if isinstance(spec, dict) else None
        if not isinstance(qid, str) or not re.fullmatch(r"[a-z][a-z0-9_]{0,30}", qid):
            raise DefinitionsError(f"{place}.id: lower-case letters, digits and _ (e.g. courtesy)")
        if any(qid == known for known, _ in questions):
            raise DefinitionsError(f"{place}.id: '{qid}' is used twice")
        questions.append((qid, _text(spec.get("text"), f"{place}.text")))
    return tuple(questions)


def agency_from_office(office: Any) -> dict[str, str] | None:
    """The notice's agency line from the office facts, so name, phone and e-mail are kept once."""
    if not isinstance(office, dict) or not isinstance(office.get("name"), dict):
        return None
    name = office["name"]
    phone, email = office.get("phone_display"), office.get("email")
    if not (name.get("zh-TW") and name.get("en") and phone and email):
        return None
    return {
        "zh-TW": f"{name['zh-TW']}（聯絡電話 {phone}，{email}）",
        "en": f"{name['en']} (phone {office.get('phone') or phone}, {email})",
    }


def definitions_from_mapping(
    raw: Any, source: str = "forms.yml", office: Any = None
) -> FormDefinitions:
    if not isinstance(raw, dict) or not isinstance(raw.get("forms"), dict):
        raise DefinitionsError(f"{source}: needs a 'forms' mapping")
    common = dict(raw.get("common") or {})
    if not common.get("agency"):
        common["agency"] = agency_from_office(office)
    forms: dict[str, FormDefinition] = {}
    for form_id, item in raw["forms"].items():
        where = f"{source}: forms.{form_id}"
        if not isinstance(item, dict):
            raise DefinitionsError(f"{where}: expected a mapping")
        notice_raw = dict(item.get("notice") or {})
        notice_raw.setdefault("agency", common.get("agency"))
        notice_raw.setdefault("rights", common.get("rights"))
        notice = {key: _text(notice_raw.get(key), f"{where}.notice.{key}") for key in NOTICE_ITEMS}
        if common.get("area") and "area" not in notice_raw:
            area = _text(common["area"], f"{source}: common.area")
            notice["use"] = {
                lang: f"{notice['use'][lang]}{' ' if lang == 'en' else ''}{area[lang]}"
                for lang in ("zh-TW", "en")
            }
        fields = {}
        for spec in item.get("fields") or []:
            if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
                raise DefinitionsError(f"{where}.fields: each field needs a name")
            fields[spec["name"]] = bool(spec.get("required", False))
        retention = item.get("retention_days")
        if not isinstance(retention, int) or isinstance(retention, bool) or retention < 1:
            raise DefinitionsError(f"{where}.retention_days: expected a whole number ≥ 1")
        retention_from = item.get("retention_from", "submission")
        if retention_from not in ("appointment", "submission"):
            raise DefinitionsError(f"{where}.retention_from: appointment or submission")
        data_file = item.get("personal_data_file")
        if not isinstance(data_file, dict):
            raise DefinitionsError(f"{where}.personal_data_file: needs name and legal_basis")
        personal_data_file = {
            key: _text(data_file.get(key), f"{where}.personal_data_file.{key}")
            for key in ("name", "legal_basis")
        }
        own_days = item.get("handling_days")
        if own_days is not None and (
            not isinstance(own_days, int) or isinstance(own_days, bool) or own_days < 1
        ):
            raise DefinitionsError(f"{where}.handling_days: expected a whole number ≥ 1")
        questions = _questions(item.get("questions"), where)
        review = item.get("reply_review", False)
        if not isinstance(review, bool):
            raise DefinitionsError(f"{where}.reply_review: true or false")
        if "ratings" in fields and not questions:
            raise DefinitionsError(f"{where}.questions: a form with ratings needs its questions")
        forms[form_id] = FormDefinition(
            id=form_id,
            title=_text(item.get("title"), f"{where}.title"),
            fields=fields,
            retention_days=retention,
            retention_from=retention_from,
            requires_email_confirmation=bool(item.get("requires_email_confirmation", False)),
            notice=notice,
            personal_data_file=personal_data_file,
            handling_days=own_days,
            questions=questions,
            reply_review=review,
        )
    missing = [f for f in ("booking", *FEEDBACK_KINDS) if f not in forms]
    if missing:
        raise DefinitionsError(f"{source}: forms missing: {', '.join(missing)}")
    handling = raw.get("handling_days") or {}
    days = {}
    for name, default in zip(HANDLING_CLASSES, (3, 5, 30), strict=True):
        value = handling.get(name, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise DefinitionsError(f"{source}: handling_days.{name} must be a whole number ≥ 1")
        days[name] = value
    version = raw.get("notice_version")
    if not isinstance(version, str) or not version.strip():
        raise DefinitionsError(f"{source}: notice_version is required (a text such as a date)")
    facts = office if isinstance(office, dict) else {}
    names, address = facts.get("name"), facts.get("address")
    access_days = raw.get("access_log_retention_days", 730)
    if not isinstance(access_days, int) or isinstance(access_days, bool) or access_days < 1:
        raise DefinitionsError(f"{source}: access_log_retention_days: a whole number ≥ 1")
    return FormDefinitions(
        notice_version=version.strip(),
        forms=forms,
        handling_days=days,
        office_names=_text(names, "office.yml: name") if names is not None else None,
        access_log_retention_days=access_days,
        office_address=_text(address, "office.yml: address") if address is not None else None,
        office_phone=_office_phone(facts),
    )


def _office_phone(office: dict[str, Any]) -> dict[str, str] | None:
    """As people in Taiwan write it for the Chinese e-mail, international for the English."""
    local, international = office.get("phone_display"), office.get("phone")
    if not local and not international:
        return None
    return {"zh-TW": str(local or international), "en": str(international or local)}


def load_definitions(path: Path) -> FormDefinitions:
    """Read forms.yml; the agency line comes from office.yml beside it unless forms.yml sets one."""
    office_file = path.parent / "office.yml"
    office = load_yaml(office_file) if office_file.is_file() else None
    return definitions_from_mapping(load_yaml(path), str(path.name), office)
