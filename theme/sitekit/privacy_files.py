"""The personal-data files of the online forms (個人資料保護法第17條), read from the backend's
``content/data/forms.yml`` and shown on the privacy page, so the page says what the backend does.

Article 17 asks a public agency to publish, for each personal-data file, its name, the holding
agency and contact, the legal basis and specific purpose, and the data categories. Several forms
may feed one file (the mailbox, complaints and suggestions share one), so the page shows one
table per file listing the forms that feed it, the fields they collect and how long the records
are kept.

The loader is tolerant of the file's shape, which its owner may change: forms may be a mapping
or a list, a text may be ``{zh-TW: ..., en: ...}`` or one string, and purpose, data categories
and holding agency are read from the file entry first, then the form's notice, then the shared
``common`` section (agency: the office facts). What Article 17 cannot do without (a form's
title, a file's legal basis, purpose and data categories) stops the build, naming the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import yaml

from theme.sitekit import yamlerrors, yamlload
from theme.sitekit.errors import ContentError

MARKER = "<!-- personal-data-files -->"
SHORTCODE = re.compile(r"\{\{\s*forms\.([A-Za-z0-9_.]+)\s*\}\}")
LANGUAGES = ("zh-TW", "en")
ZH_LANG = "zh-Hant-TW"


@dataclass(frozen=True)
class Text:
    """A text in both languages; ``en`` is None when the file gives Chinese only."""

    zh: str
    en: str | None = None

    def __getitem__(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.zh


WORDS = {
    "zh-TW": {
        "caption": "個人資料檔案：{name}",
        "item": "項目",
        "content": "內容",
        "name": "個人資料檔案名稱",
        "agency": "保有機關及聯絡方式",
        "legal_basis": "法律依據",
        "purpose": "特定目的",
        "categories": "個人資料類別",
        "fields": "蒐集欄位",
        "forms": "蒐集方式",
        "retention": "保存期限",
        "online_form": "本網站線上表單：",
        "required": "必填",
        "optional": "選填",
        "list_sep": "、",
        "days": "{n} 日",
        "years": "{n} 年",
        "from": {
            "appointment": "自預約日起算",
            "submission": "自收件日起算",
        },
        "from_other": "起算日：{value}",
        "then": "，期滿自動刪除",
        "per_form": "{form}：{retention}",
    },
    "en": {
        "caption": "Personal data file: {name}",
        "item": "Item",
        "content": "Details",
        "name": "Name of the file",
        "agency": "Holding agency and contact",
        "legal_basis": "Legal basis",
        "purpose": "Specific purpose",
        "categories": "Categories of personal data",
        "fields": "Fields collected",
        "forms": "Collected through",
        "retention": "Retention",
        "online_form": "Online forms on this site: ",
        "required": "required",
        "optional": "optional",
        "list_sep": ", ",
        "days": "{n} days",
        "years": "{n} year(s)",
        "from": {
            "appointment": "counted from the appointment date",
            "submission": "counted from the day we receive it",
        },
        "from_other": "counted from: {value}",
        "then": "; then deleted automatically",
        "per_form": "{form}: {retention}",
    },
}


@dataclass(frozen=True)
class Field:
    label: Text
    required: bool


@dataclass(frozen=True)
class FormEntry:
    """One online form as far as Article 17 is concerned."""

    key: str
    title: Text
    fields: tuple[Field, ...]
    retention_days: int | None
    retention_from: str | None


@dataclass
class DataFile:
    """One personal-data file and the forms that feed it."""

    name: Text
    agency: Text
    legal_basis: Text
    purpose: Text
    categories: Text
    forms: list[FormEntry] = field(default_factory=list)


@dataclass
class FormsData:
    """What the privacy page and the ``{{ forms.* }}`` shortcodes need from forms.yml."""

    files: list[DataFile]
    raw: dict[str, Any]

    @property
    def form_titles(self) -> list[Text]:
        return [form.title for data_file in self.files for form in data_file.forms]


def load(path: Path, shown: str, office_facts: dict[str, Any] | None = None) -> FormsData:
    """Read forms.yml; ``office_facts`` (raw office.yml) gives the agency when the file has none."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(
            shown, "找不到表單定義檔 / the form definitions file is missing"
        ) from None
    except UnicodeDecodeError:
        raise ContentError(shown, "請以 UTF-8 編碼存檔 / save the file as UTF-8 text") from None
    try:
        root_node = yamlload.compose(text)
        raw = yamlload.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise yamlerrors.content_error(shown, text, exc) from None
    if not isinstance(raw, dict):
        raise ContentError(shown, "表單定義檔必須是設定項目 / must be `key: value` settings", 1)
    lines = _LineFinder(root_node)
    forms = raw.get("forms")
    if isinstance(forms, list):
        items = [
            (str(form.get("id") or form.get("key") or index), form, ("forms", index))
            for index, form in enumerate(forms)
            if isinstance(form, dict)
        ]
    elif isinstance(forms, dict):
        items = [(str(key), form, ("forms", key)) for key, form in forms.items()]
    else:
        raise ContentError(
            shown, "表單定義檔沒有 `forms:` 清單 / has no `forms:` list", lines.line(("forms",))
        )
    common = raw.get("common") if isinstance(raw.get("common"), dict) else {}
    fallback_agency = _office_agency(office_facts) if office_facts else None
    files: dict[str, DataFile] = {}
    for key, form, where in items:
        if not isinstance(form, dict):
            raise ContentError(
                shown,
                f"表單 `{key}` 的設定格式錯誤 / form `{key}` is not a mapping",
                lines.line(where),
            )
        entry = _form_entry(key, form, shown, lines, where)
        data_file = _data_file(key, form, entry, common, fallback_agency, shown, lines, where)
        group = files.setdefault(data_file.name.zh, data_file)
        group.forms.append(entry)
    return FormsData(list(files.values()), raw)


def _form_entry(
    key: str, form: dict[str, Any], shown: str, lines: _LineFinder, where: tuple[Any, ...]
) -> FormEntry:
    title = _text(form.get("title"))
    if title is None:
        raise ContentError(
            shown, f"表單 `{key}` 缺少 `title` / form `{key}` has no title", lines.line(where)
        )
    fields = []
    for item in form.get("fields") or []:
        if isinstance(item, dict):
            label = _text(item.get("label")) or _text(item.get("name"))
            if label:
                fields.append(Field(label, bool(item.get("required"))))
    days = form.get("retention_days")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 1):
        raise ContentError(
            shown,
            f"表單 `{key}` 的 `retention_days` 必須是正整數 / "
            f"`retention_days` of form `{key}` must be a whole number of days",
            lines.line((*where, "retention_days")),
        )
    retention_from = form.get("retention_from")
    return FormEntry(
        key, title, tuple(fields), days, str(retention_from) if retention_from else None
    )


def _data_file(
    key: str,
    form: dict[str, Any],
    entry: FormEntry,
    common: dict[str, Any],
    fallback_agency: Text | None,
    shown: str,
    lines: _LineFinder,
    where: tuple[Any, ...],
) -> DataFile:
    file_entry = form.get("personal_data_file")
    file_entry = file_entry if isinstance(file_entry, dict) else {}
    notice = form.get("notice") if isinstance(form.get("notice"), dict) else {}
    name = _text(file_entry.get("name")) or Text(
        f"{entry.title.zh}資料檔", f"{entry.title['en']} records"
    )
    agency = (
        _text(file_entry.get("agency"))
        or _text(notice.get("agency"))
        or _text(common.get("agency"))
        or fallback_agency
    )
    found = {
        "legal_basis": _text(file_entry.get("legal_basis")),
        "purpose": _text(file_entry.get("purpose")) or _text(notice.get("purpose")),
        "data_categories": _text(file_entry.get("data_categories"))
        or _text(notice.get("data_categories")),
        "agency": agency,
    }
    for item, value in found.items():
        if value is None:
            raise ContentError(
                shown,
                f"表單 `{key}` 的個人資料檔案缺少 `{item}`（個人資料保護法第17條應公開）/ "
                f"the personal-data file of form `{key}` has no `{item}`, "
                "which Article 17 requires",
                lines.line((*where, "personal_data_file")) or lines.line(where),
            )
    return DataFile(
        name=name,
        agency=found["agency"],  # type: ignore[arg-type]
        legal_basis=found["legal_basis"],  # type: ignore[arg-type]
        purpose=found["purpose"],  # type: ignore[arg-type]
        categories=found["data_categories"],  # type: ignore[arg-type]
    )


def _text(value: Any) -> Text | None:
    """``{zh-TW: a, en: b}`` or ``"a"`` as a text per language; None when empty."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        return Text(text, text) if text else None
    if isinstance(value, dict):
        zh = value.get("zh-TW") or value.get("zh")
        en = value.get("en")
        if not zh and not en:
            return None
        return Text(" ".join(str(zh or en).split()), " ".join(str(en).split()) if en else None)
    return None


def _office_agency(office_facts: dict[str, Any]) -> Text | None:
    def pick(value: Any, lang: str) -> str:
        if isinstance(value, dict):
            return str(value.get(lang) or value.get("zh-TW") or "")
        return str(value or "")

    name = office_facts.get("name")
    if not name:
        return None
    phone = pick(office_facts.get("phone_display"), "zh-TW")
    email = pick(office_facts.get("email"), "zh-TW")
    return Text(
        f"{pick(name, 'zh-TW')}（聯絡電話 {phone}，{email}）",
        f"{pick(name, 'en')} (phone {pick(office_facts.get('phone'), 'en')}, {email})",
    )


class _LineFinder:
    """Line numbers of keys in the YAML node tree, for error messages."""

    def __init__(self, root: yaml.Node | None) -> None:
        self.root = root

    def line(self, path: tuple[Any, ...]) -> int | None:
        node = self.root
        line = None
        for step in path:
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if key_node.value == str(step):
                        line, node = key_node.start_mark.line + 1, value_node
                        break
                else:
                    return line
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if step >= len(node.value):
                    return line
                node = node.value[step]
                line = node.start_mark.line + 1
            else:
                return line
        return line


# --- rendering ----------------------------------------------------------------------------


def render(data: FormsData, lang: str) -> str:
    """One HTML table per personal-data file, in ``lang``."""
    lang = "en" if lang == "en" else "zh-TW"
    return "\n\n".join(_file_table(data_file, lang) for data_file in data.files)


def _say(text: Text, lang: str) -> str:
    """The text in ``lang``, escaped; Chinese standing in for missing English is marked."""
    if lang == "en" and text.en is None:
        return f'<span lang="{ZH_LANG}">{escape(text.zh)}</span>'
    return escape(text[lang])


def retention_text(form: FormEntry, lang: str) -> str:
    """保存 90 日（自預約日起算），期滿自動刪除 / 90 days, counted from ...; then deleted."""
    w = WORDS[lang]
    days = form.retention_days
    if days is None:
        return ""
    amount = w["years"].format(n=days // 365) if days % 365 == 0 else w["days"].format(n=days)
    start = ""
    if form.retention_from:
        start = w["from"].get(form.retention_from) or w["from_other"].format(
            value=form.retention_from
        )
    if lang == "zh-TW":
        return f"{amount}（{start}）{w['then']}" if start else f"{amount}{w['then']}"
    return f"{amount}, {start}{w['then']}" if start else f"{amount}{w['then']}"


def _file_table(data_file: DataFile, lang: str) -> str:
    w = WORDS[lang]
    sep = w["list_sep"]
    forms = w["online_form"] + sep.join(_say(form.title, lang) for form in data_file.forms)
    fields: list[str] = []
    for form in data_file.forms:
        for item in form.fields:
            shown = (
                f"{_say(item.label, lang)}（{w['required'] if item.required else w['optional']}）"
            )
            if lang == "en":
                shown = shown.replace("（", " (").replace("）", ")")
            if shown not in fields:
                fields.append(shown)
    retentions = {retention_text(form, lang) for form in data_file.forms}
    retentions.discard("")
    if len(retentions) <= 1:
        retention = escape(next(iter(retentions), ""))
    else:
        retention = "<br>".join(
            escape(
                w["per_form"].format(form=form.title[lang], retention=retention_text(form, lang))
            )
            for form in data_file.forms
        )
    rows = [
        (w["name"], _say(data_file.name, lang)),
        (w["agency"], _say(data_file.agency, lang)),
        (w["legal_basis"], _say(data_file.legal_basis, lang)),
        (w["purpose"], _say(data_file.purpose, lang)),
        (w["categories"], _say(data_file.categories, lang)),
        (w["forms"], forms),
        (w["fields"], sep.join(fields)),
        (w["retention"], retention),
    ]
    body = "".join(
        f'<tr><th scope="row">{escape(label)}</th><td>{value}</td></tr>'
        for label, value in rows
        if value
    )
    caption = escape(w["caption"].format(name=data_file.name[lang]))
    return (
        f"<table><caption>{caption}</caption>"
        f'<thead><tr><th scope="col">{escape(w["item"])}</th>'
        f'<th scope="col">{escape(w["content"])}</th></tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


# --- {{ forms.KEY }} shortcodes -----------------------------------------------------------


def expand_shortcodes(markdown: str, data: FormsData, src: str, line_offset: int = 0) -> str:
    """Replace ``{{ forms.KEY }}`` (a number or text in forms.yml, e.g. handling_days.simple)."""

    def replace(match: re.Match[str]) -> str:
        value: Any = data.raw
        for part in match.group(1).split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None or isinstance(value, dict | list | bool):
            line = line_offset + markdown.count("\n", 0, match.start()) + 1
            raise ContentError(
                src,
                f"unknown form setting `{match.group(0)}` (表單定義檔中找不到此設定); "
                "use a number or text of content/data/forms.yml, e.g. "
                "`{{ forms.handling_days.simple }}`",
                line,
            )
        return str(value)

    return SHORTCODE.sub(replace, markdown)
