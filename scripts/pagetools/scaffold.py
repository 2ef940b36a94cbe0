"""Create new content in both languages with what the build requires, by page type.

- ``page``: a plain page: front matter and an H1 with the id both languages share.
- ``guide``: an application guide in ``guides/``, with the standard sections the build checks
  (``theme/sitekit/checks/guides.py``), each with a short placeholder to replace.
- ``news``: a post in ``news/posts/`` named with today's date.
- ``qa``: a question (``###``) added under a topic of the Q&A page in both languages.

Starting from the scaffold means new content builds clean at once; the English page records
the Chinese text it translates, so it shows as outdated once the Chinese is written.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.pagetools import marking
from theme.sitekit import pages, translations
from theme.sitekit.checks import guides
from theme.sitekit.pages import TRANSLATION_SUFFIX, shown_path

PAGE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$")
ANCHOR = re.compile(r"^[a-z][a-z0-9-]*$")
TYPES = ("page", "guide", "news", "qa")
NEWS_FOLDER = "news/posts"
QA_PAGE = "qa/index.md"


class ScaffoldError(ValueError):
    """Bad input for the scaffold; the message is bilingual and nothing was written."""


@dataclass(frozen=True)
class NewPage:
    source: Path
    translation: Path
    nav_entry: str | None  # what to add under ``nav:`` in mkdocs.yml (None: nothing to add)


def normalise_name(docs_dir: Path, given: str) -> str:
    """``content/pages/guides/Example.md`` style input → ``guides/example``-style name, checked."""
    name = given.strip().replace("\\", "/")
    for prefix in (shown_path(docs_dir) + "/", docs_dir.as_posix() + "/"):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    for suffix in (TRANSLATION_SUFFIX, ".md"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    if not name:
        raise ScaffoldError(
            "PAGE is empty: give the page's path, e.g. PAGE=guides/example (請指定頁面路徑)"
        )
    if not PAGE_NAME.match(name):
        raise ScaffoldError(
            f"PAGE `{given}` must be lowercase ASCII words joined by `-`, in folders "
            "joined by `/`, e.g. PAGE=guides/seal-registration "
            "(頁面路徑只能用小寫英文字母、數字、- 與 /)"
        )
    return name


def check_title(value: str, variable: str, example: str) -> str:
    title = " ".join(value.split())
    if not title:
        raise ScaffoldError(
            f"{variable} is empty: give the page title, e.g. {variable}={example} (請提供標題)"
        )
    return title


def type_of(name: str, given: str) -> str:
    """The page type asked for, or the one its folder implies (guides/ → guide)."""
    wanted = given.strip().lower()
    if wanted and wanted not in TYPES:
        raise ScaffoldError(
            f"TYPE `{given}` is not a page type; use one of: {', '.join(TYPES)} "
            "(頁面類型只能是 page、guide、news 或 qa)"
        )
    in_guides = guides.is_guide(f"{name}.md")
    if wanted == "page" and in_guides:
        raise ScaffoldError(
            f"PAGE `{name}` is in guides/, where every page is an application guide: use "
            "TYPE=guide, or another folder (guides/ 資料夾內只能放申辦須知)"
        )
    if wanted == "guide" and not in_guides:
        raise ScaffoldError(
            f"a guide belongs in guides/: use PAGE=guides/{name.rsplit('/', 1)[-1]} "
            "(申辦須知請放在 guides/ 資料夾)"
        )
    return wanted or ("guide" if in_guides else "page")


def front_matter(fields: dict[str, object], fingerprint: str | None = None) -> str:
    text = yaml.safe_dump(fields, allow_unicode=True, width=1000, sort_keys=False)
    record = f'{translations.RECORD_KEY}: "{fingerprint}"\n' if fingerprint else ""
    return f"---\n{text}{record}---\n\n"


def page_text(title: str, heading_id: str, today: dt.date, fingerprint: str | None = None) -> str:
    """Front matter, then the H1 with its id; the writer adds the rest."""
    fields = {"title": title, "last_reviewed": today}
    return front_matter(fields, fingerprint) + f"# {title} {{ #{heading_id} }}\n\n"


# The placeholder text of each guide section, in Chinese and English.
GUIDE_BODY = {
    "zh-TW": {
        "intro": "（用一兩句話說明這是什麼申請、誰需要辦。）",
        "who-and-when": "（誰可以申請；何時以前要申請；逾期的罰鍰。）",
        "where-and-when": (
            "- 本所地址：{{ office.address }}\n- 上班時間：{{ office.hours.weekdays }}"
        ),
        "what-to-bring": "1. 申請人的國民身分證及印章（也可以簽名）。",
        "fees": "（免費，或列出每一項的金額。）",
        "processing-time": "（例如：資料齊全者當場辦妥。）",
        "legal-basis": "- （寫出法規名稱與條號，例如：戶籍法第 29 條。）",
        "forms": (
            "（要填的表單，連結寫成 `{forms}#表單代碼`；不必填表時寫「本項申請不需填寫表單。」）"
        ),
        "booking": (
            "可以先[線上預約]({booking})，到所時不必久候。（不開放預約的項目請刪除這一段。）"
        ),
        "related-qa": "- [常見問答]({qa})",
    },
    "en": {
        "intro": "(Say in a sentence or two what this application is and who needs it.)",
        "who-and-when": "(Who may apply; the deadline; the fine for applying late.)",
        "where-and-when": "- Address: {{ office.address }}\n- Hours: {{ office.hours.weekdays }}",
        "what-to-bring": "1. The applicant's national ID card and seal (or a signature).",
        "fees": "(Free, or the amount of each fee.)",
        "processing-time": "(For example: done while you wait when the documents are complete.)",
        "legal-basis": "- (Name the law and its article, e.g. Household Registration Act, "
        "Article 29.)",
        "forms": "(The forms to fill in, linked as `{forms}#form-id`; if none, say "
        '"No form is needed.")',
        "booking": "You can [book an appointment]({booking}) first and skip the queue. "
        "(Delete this section for services without appointments.)",
        "related-qa": "- [Questions and answers]({qa})",
    },
}


def guide_text(
    title: str, heading_id: str, lang: str, name: str, today: dt.date, fingerprint: str | None
) -> str:
    """A guide with every standard section, in the order the build checks."""
    folder = posixpath.dirname(f"{name}.md")
    links = {
        key: posixpath.relpath(target, folder)
        for key, target in (
            ("forms", "forms/index.md"),
            ("booking", "booking/index.md"),
            ("qa", "qa/index.md"),
        )
    }
    body = GUIDE_BODY[lang]
    parts = [page_text(title, heading_id, today, fingerprint), body["intro"], ""]
    for section_id, zh, en in guides.SECTIONS:
        heading = zh if lang == "zh-TW" else en
        text = body[section_id].replace("{forms}", links["forms"])
        text = text.replace("{booking}", links["booking"]).replace("{qa}", links["qa"])
        parts += [f"## {heading} {{ #{section_id} }}", "", text, ""]
    return "\n".join(parts)


def news_text(title: str, lang: str, today: dt.date, fingerprint: str | None = None) -> str:
    """A post: its date and review date, and a first paragraph that becomes its summary."""
    fields = {"title": title, "date": today, "last_reviewed": today}
    first = (
        "（第一段是最新消息列表中的摘要：寫出日期、對象與要做的事。）"
        if lang == "zh-TW"
        else "(The first paragraph is the summary in the news list: say when, who and what.)"
    )
    return front_matter(fields, fingerprint) + f"{first}\n"


def create(
    docs_dir: Path,
    given_name: str,
    title_zh: str,
    title_en: str,
    today: dt.date,
    kind: str = "",
    topic: str = "",
) -> NewPage:
    """Write the Chinese and English files of a new page (or Q&A entry); never overwrite."""
    if kind.strip().lower() == "qa":
        return add_question(docs_dir, given_name, topic, title_zh, title_en)
    name = normalise_name(docs_dir, given_name)
    if kind.strip().lower() == "news":
        name = f"{NEWS_FOLDER}/{today.isoformat()}-{name.rsplit('/', 1)[-1]}"
    kind = type_of(name, kind)
    title_zh = check_title(title_zh, "TITLE_ZH", "範例")
    title_en = check_title(title_en, "TITLE_EN", "Example")
    source = docs_dir / f"{name}.md"
    translation = docs_dir / f"{name}{TRANSLATION_SUFFIX}"
    for path in (source, translation):
        if path.exists():
            raise ScaffoldError(
                f"{shown_path(path)} already exists; nothing was created "
                "(檔案已存在，未建立任何檔案)"
            )
    if not docs_dir.is_dir():
        raise ScaffoldError(f"{shown_path(docs_dir)} is not a folder (找不到內容資料夾)")
    parts = name.split("/")
    heading_id = parts[-2] if parts[-1] == "index" and len(parts) > 1 else parts[-1]

    def text(lang: str, title: str, fingerprint: str | None = None) -> str:
        if kind == "guide":
            return guide_text(title, heading_id, lang, name, today, fingerprint)
        if kind == "news":
            return news_text(title, lang, today, fingerprint)
        return page_text(title, heading_id, today, fingerprint)

    zh_text = text("zh-TW", title_zh)
    # The English scaffold translates the Chinese scaffold; once the Chinese text is written,
    # the build reports the English page as outdated until it is translated and marked.
    fingerprint = translations.hash_of_text(zh_text, shown_path(source))
    en_text = text("en", title_en, fingerprint)
    source.parent.mkdir(parents=True, exist_ok=True)
    with source.open("x", encoding="utf-8") as handle:
        handle.write(zh_text)
    try:
        with translation.open("x", encoding="utf-8") as handle:
            handle.write(en_text)
    except OSError:
        source.unlink()
        raise
    return NewPage(source, translation, None if kind == "news" else f"{name}.md")


def add_question(
    docs_dir: Path, question_id: str, topic: str, question_zh: str, question_en: str
) -> NewPage:
    """Add ``### question { #id }`` and a placeholder answer at the end of the topic's section,
    in the Q&A page and its English page; keep the English page marked if it was up to date."""
    question_id = question_id.strip()
    topic = topic.strip()
    if not ANCHOR.match(question_id):
        raise ScaffoldError(
            f"PAGE `{question_id}` must be the question's id: lowercase ASCII words joined by "
            "`-`, e.g. PAGE=q-birth-late-fee (問題錨點只能用小寫英文字母、數字與 -)"
        )
    question_zh = check_title(question_zh, "TITLE_ZH", "出生登記逾期怎麼辦？")
    question_en = check_title(question_en, "TITLE_EN", '"What if I register a birth late?"')
    source = docs_dir / QA_PAGE
    translation = docs_dir / QA_PAGE.replace(".md", TRANSLATION_SUFFIX)
    page_set = pages.load(docs_dir)
    uri_zh, uri_en = QA_PAGE, QA_PAGE.replace(".md", TRANSLATION_SUFFIX)
    if uri_zh not in page_set.pages or uri_en not in page_set.pages:
        raise ScaffoldError(
            f"{shown_path(source)} and {shown_path(translation)} must both exist (找不到常見問答頁)"
        )
    before = translations.build_report(page_set)
    was_marked = any(
        pair.source == uri_zh and pair.status == translations.OK for pair in before.pairs
    )
    texts = {}
    for uri, question, answer in (
        (uri_zh, question_zh, "（請寫出答案。）"),
        (uri_en, question_en, "(Write the answer.)"),
    ):
        page = page_set.pages[uri]
        texts[uri] = _insert_question(page, topic, question_id, question, answer)
    for uri, text in texts.items():
        (docs_dir / uri).write_text(text, encoding="utf-8")
    if was_marked:
        marking.mark(pages.load(docs_dir), uri_zh, uri_en)
    return NewPage(source, translation, None)


def _insert_question(page: pages.Page, topic: str, question_id: str, question: str, answer: str):
    lines = page.text.split("\n")
    heading = re.compile(rf"^##\s+.*\{{\s*#{re.escape(topic)}\s*\}}\s*$")
    start = next((i for i, line in enumerate(lines) if heading.match(line)), None)
    if start is None:
        raise ScaffoldError(
            f"{page.shown} has no topic `{{ #{topic} }}`: give TOPIC= one of the `##` headings' "
            "ids, e.g. TOPIC=birth (找不到此主題)"
        )
    if re.search(rf"\{{\s*#{re.escape(question_id)}\s*\}}", page.text):
        raise ScaffoldError(
            f"{page.shown} already has the id `{question_id}`; nothing was changed "
            "(錨點已存在，未修改任何檔案)"
        )
    end = next(
        (i for i in range(start + 1, len(lines)) if re.match(r"^#{1,2}\s", lines[i])), len(lines)
    )
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    block = ["", f"### {question} {{ #{question_id} }}", "", answer]
    return "\n".join(lines[:end] + block + lines[end:]).rstrip("\n") + "\n"
