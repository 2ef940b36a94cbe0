"""Generate a realistic bilingual test corpus that builds with the real theme, hooks and config.

The build benchmark (``bench/build.py``) and the parallel-build test need a site much larger than
the real one. The corpus is the real site as committed (``mkdocs.yml``, ``content/``, ``theme/``
from ``git archive HEAD``, so pages half-written in the working tree cannot break it) plus
generated guide pages below ``content/pages/handbook/`` up to the wanted count per language:
ASCII heading ids, Chinese paragraphs, tables, admonitions, office shortcodes, links between pages
and to anchors, some pages without English (fallback notice), in a three-level menu appended to
the real one. Build it from inside the corpus folder (``python -m`` then imports the hooks'
``theme`` package from the same snapshot).

    python -m scripts.site_corpus /tmp/corpus --pages 500
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from theme.sitekit import translations

ROOT = Path(__file__).resolve().parent.parent
CORPUS_FOLDER = "handbook"  # generated pages live below content/pages/handbook/

SECTIONS = [
    ("戶籍登記", "Household registration", "registration"),
    ("國民身分證", "National ID card", "id-card"),
    ("印鑑登記", "Seal registration", "seal"),
    ("門牌與地址", "House numbers and addresses", "address"),
    ("跨機關服務", "Cross-agency services", "cross-agency"),
    ("新住民服務", "Services for new residents", "new-residents"),
]
SUBSECTIONS = [
    ("出生與認領", "Birth and acknowledgement"),
    ("結婚與離婚", "Marriage and divorce"),
    ("遷徙登記", "Moving"),
    ("死亡與死亡宣告", "Death"),
    ("更正與撤銷", "Corrections"),
    ("姓名與稱謂", "Names"),
    ("證明書申請", "Certificates"),
    ("委託與代理", "Proxies"),
]
SENTENCES_ZH = [
    "申請人應親自到戶政事務所辦理，並攜帶國民身分證正本及印章。",
    "委託他人辦理時，受委託人應提出委託書及雙方的國民身分證。",
    "本項登記可於全國任一戶政事務所跨區辦理，不受戶籍地限制。",
    "逾期申請者，依戶籍法規定處以新臺幣三百元以上九百元以下罰鍰。",
    "臺中市民可先線上預約，再於約定時段臨櫃辦理，減少等候時間。",
    "如無法於上班時間前來，可利用夜間延長服務時段申辦。",
    "外國人或大陸地區人民之配偶，請另備經驗證之身分證明文件。",
    "申請戶籍謄本時，除本人外，利害關係人須檢附證明文件。",
    "戶口名簿如有遺失，戶長或戶內人口可申請補發，規費新臺幣三十元。",
    "辦理完成後，請當場核對登記資料，如有錯誤應立即提出更正。",
    "未滿十四歲者申請國民身分證，應由法定代理人陪同辦理。",
    "身分證件上的照片應為最近二年內拍攝之正面半身彩色相片。",
]
SENTENCES_EN = [
    "Applicants come in person to any household registration office with their ID card and seal.",
    "A proxy brings a letter of authorization and both persons' national ID cards.",
    "This registration can be made at any office in Taiwan, not only where you are registered.",
    "Late applications are fined between NT$300 and NT$900 under the Household Registration Act.",
    "Residents of Taichung can book a time slot online and skip most of the queue.",
    "If you cannot come during office hours, use the extended evening service.",
    "Foreign spouses bring authenticated identity documents in addition to the usual papers.",
    "Besides the person named, only an interested party with proof may request a transcript.",
    "A lost household certificate can be replaced by any household member for NT$30.",
    "Check the registered data at the counter; errors are corrected on the spot.",
    "Applicants under 14 come with their legal representative.",
    "ID photos must be recent colour photos, taken within the last two years.",
]
HEADINGS = [
    ("申請人與期限", "Who applies and when", "who-and-when"),
    ("辦理地點與時間", "Where and when", "where-and-when"),
    ("應備文件", "What to bring", "what-to-bring"),
    ("規費", "Fees", "fees"),
    ("處理時間", "Processing time", "processing-time"),
    ("法令依據", "Legal basis", "legal-basis"),
]


@dataclass
class CorpusPage:
    """One generated page: its path below docs_dir and its titles in both languages."""

    src: str
    title_zh: str
    title_en: str
    translated: bool = True
    links: list[str] = field(default_factory=list)


def make_corpus(
    dest: Path,
    pages_per_language: int = 500,
    *,
    untranslated_every: int = 20,
    seed: int = 1115,
    sections: int = len(SECTIONS),
    subsections: int = len(SUBSECTIONS),
    revision: str | None = "HEAD",
) -> Path:
    """Write the real site plus generated pages into ``dest``; return its ``mkdocs.yml`` path.

    The real site (``mkdocs.yml``, ``content/``, ``theme/``) is taken as committed at
    ``revision`` (the working tree if ``None``), so pages half-written by someone else do not
    break the build. Build it with the corpus folder as working directory: ``python -m``
    then imports the hooks' ``theme`` package from the same snapshot.
    """
    rng = random.Random(seed)
    export_project(dest, revision)
    docs = dest / "content" / "pages"
    real = sum(1 for p in docs.rglob("*.md") if not p.name.endswith(".en.md"))
    generated = max(pages_per_language - real, 0)
    pages, nav = _plan(generated, untranslated_every, sections, subsections)
    for page in pages:
        _write_page(docs, page, pages, rng)

    config_path = dest / "mkdocs.yml"
    config = _load_yaml(config_path)
    real_nav = list(config.get("nav") or [])
    tail = [real_nav.pop()] if real_nav and real_nav[-1] == "sitemap.md" else []
    config["nav"] = real_nav + nav + tail
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in plugin["i18n"].get("languages", []):
                if language.get("locale") == "en":
                    translations = language.setdefault("nav_translations", {})
                    translations.update({zh: en for zh, en, _ in SECTIONS})
                    translations.update({zh: en for zh, en in SUBSECTIONS})
    config_path.write_text(
        yaml.dump(config, Dumper=_TagDumper, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return config_path


def export_project(dest: Path, revision: str | None = "HEAD") -> Path:
    """Copy ``mkdocs.yml``, ``content/`` and ``theme/`` into ``dest`` (emptied first)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    if revision:
        try:
            tar = subprocess.run(
                ["git", "archive", "--format=tar", revision, "mkdocs.yml", "content", "theme"],
                cwd=ROOT,
                capture_output=True,
                check=True,
                timeout=120,
            ).stdout
            with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
                archive.extractall(dest, filter="data")
            return dest / "mkdocs.yml"
        except (OSError, subprocess.SubprocessError, tarfile.TarError):
            shutil.rmtree(dest)
            dest.mkdir(parents=True)
    skip = shutil.ignore_patterns("__pycache__")
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "content", dest / "content", ignore=skip)
    shutil.copytree(ROOT / "theme", dest / "theme", ignore=skip)
    return dest / "mkdocs.yml"


def _plan(
    total: int, untranslated_every: int, section_count: int, sub_count: int
) -> tuple[list[CorpusPage], list[Any]]:
    """Lay out ``total`` pages in sections of subsections, each with its index page."""
    fixed = section_count + section_count * sub_count
    leaves = max(total - fixed, 2 * section_count * sub_count)
    pages: list[CorpusPage] = []
    nav: list[Any] = []
    serial = 0
    for s, (zh, en, slug) in enumerate(SECTIONS[:section_count]):
        index = CorpusPage(f"{CORPUS_FOLDER}/{slug}/index.md", zh, en)
        pages.append(index)
        section_nav: list[Any] = [index.src]
        for k, (sub_zh, sub_en) in enumerate(SUBSECTIONS[:sub_count]):
            folder = f"{CORPUS_FOLDER}/{slug}/sub-{k + 1:02d}"
            sub_index = CorpusPage(f"{folder}/index.md", f"{sub_zh}（{zh}）", f"{sub_en} ({en})")
            pages.append(sub_index)
            sub_nav: list[Any] = [sub_index.src]
            bucket = s * sub_count + k
            count = leaves // (section_count * sub_count) + (
                1 if bucket < leaves % (section_count * sub_count) else 0
            )
            for n in range(count):
                serial += 1
                leaf = CorpusPage(
                    f"{folder}/page-{n + 1:03d}.md",
                    f"{sub_zh}申辦須知 {serial}",
                    f"{sub_en}: guide {serial}",
                    translated=serial % untranslated_every != 0,
                )
                pages.append(leaf)
                sub_nav.append(leaf.src)
            section_nav.append({sub_zh: sub_nav})
        nav.append({zh: section_nav})
    return pages, nav


def _write_page(docs: Path, page: CorpusPage, pages: list[CorpusPage], rng: random.Random) -> None:
    targets = rng.sample(pages, k=min(4, len(pages)))
    chinese = ""
    for lang in ("zh-TW", "en"):
        if lang == "en" and not page.translated:
            continue
        zh = lang == "zh-TW"
        title = page.title_zh if zh else page.title_en
        sentences = SENTENCES_ZH if zh else SENTENCES_EN
        local = random.Random(f"{page.src}")
        # As the build's translation check wants: an untranslated page says so (with the
        # English title the English site shows it under), and an English page records the
        # Chinese text it translates (``make i18n-status --mark`` would).
        if zh:
            english = f"title_en: {_yaml_str(page.title_en)}\n"
            record = "" if page.translated else f"translation: none\n{english}"
        else:
            record = f'translation_of: "{translations.hash_of_text(chinese, page.src)}"\n'
        lines = [
            "---",
            f"title: {_yaml_str(title)}",
            f"last_reviewed: 2026-{local.randint(1, 11):02d}-{local.randint(1, 28):02d}",
            f"{record}---",
            "",
            f"# {title} {{ #{_slug(page.src)} }}",
            "",
            _paragraph(local, sentences, 3),
            "",
        ]
        for h, (h_zh, h_en, anchor) in enumerate(HEADINGS):
            lines += [
                f"## {h_zh if zh else h_en} {{ #{anchor} }}",
                "",
                _paragraph(local, sentences),
            ]
            lines.append("")
            if anchor == "where-and-when":
                hours = "{{ office.hours.weekdays }}"
                phone = "{{ office.phone_display }}"
                lines += [f"{hours}，電話 {phone}。" if zh else f"{hours}, phone {phone}.", ""]
            if anchor == "what-to-bring":
                lines += [f"{i}. {local.choice(sentences)}" for i in range(1, 5)] + [""]
            if anchor == "fees":
                lines += _table(local, zh)
            if h % 2 == 0:
                kind = ("note", "warning", "tip")[h % 3]
                label = ("注意", "提醒", "小技巧")[h % 3] if zh else kind.title()
                lines += [f'!!! {kind} "{label}"', "", f"    {local.choice(sentences)}", ""]
        lines += ["## 相關頁面 { #related }" if zh else "## Related pages { #related }", ""]
        for target in targets:
            rel = _relative(page.src, target.src)
            text = target.title_zh if zh else target.title_en
            anchor = local.choice(HEADINGS)[2]
            lines.append(f"- [{text}]({rel}#{anchor})")
        lines.append("")
        name = page.src if zh else page.src.replace(".md", ".en.md")
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines), encoding="utf-8")
        chinese = chinese or "\n".join(lines)


def _paragraph(rng: random.Random, sentences: list[str], count: int = 2) -> str:
    joiner = "" if sentences is SENTENCES_ZH else " "
    return joiner.join(rng.choice(sentences) for _ in range(count))


def _table(rng: random.Random, zh: bool) -> list[str]:
    head = "| 項目 | 規費 | 說明 |" if zh else "| Item | Fee | Notes |"
    rows = [head, "| --- | ---: | --- |"]
    items = (
        ["戶籍謄本", "戶口名簿", "國民身分證", "印鑑證明"]
        if zh
        else [
            "Transcript",
            "Household certificate",
            "ID card",
            "Seal certificate",
        ]
    )
    for item in items:
        rows.append(f"| {item} | {rng.choice((0, 15, 30, 50))} | {'—' if zh else '-'} |")
    return [*rows, ""]


def _relative(src: str, target: str) -> str:
    here = Path(src).parent.parts
    there = Path(target).parts
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + list(there[common:]))


def _slug(src: str) -> str:
    return src.removesuffix(".md").replace("/", "-").replace("index", "top")


def _yaml_str(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


class _Tagged:
    """A YAML value with a custom tag (``!ENV``, ``!!python/name:``) kept as written."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag = tag
        self.value = value


class _TagLoader(yaml.SafeLoader):
    pass


class _TagDumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return _Tagged(node.tag, value)


def _represent_tagged(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_TagLoader.add_multi_constructor("!", _construct_tagged)
_TagLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_TagDumper.add_representer(_Tagged, _represent_tagged)


def _load_yaml(path: Path) -> dict[str, Any]:
    """Read mkdocs.yml keeping MkDocs' custom tags, so the copy behaves like the original."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_TagLoader)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--pages", type=int, default=500, help="pages per language")
    args = parser.parse_args()
    config = make_corpus(args.dest, args.pages)
    print(f"Corpus written; build it with: cd {config.parent} && python -m mkdocs build")


if __name__ == "__main__":
    main()
