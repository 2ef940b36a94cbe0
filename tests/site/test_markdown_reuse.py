"""One reused Markdown instance converts each page as a new instance would.

``scripts/markdown_reuse.py`` renders a build's pages with one ``markdown.Markdown`` (reset
between pages) instead of one per page. Here documents that use every extension of mkdocs.yml,
with state that must not leak into the next page (abbreviations, footnotes, link references,
heading ids, tab groups, stashed code and HTML), are converted in turn with one instance and
each with a new one. The whole-site comparison is tests/site/test_build_parallel.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml

from scripts.markdown_reuse import MarkdownPool

ROOT = Path(__file__).resolve().parents[2]

DOCUMENTS = [
    """# 出生登記 {: #birth }

*[HTML]: Hyper Text Markup Language

HTML 與 [連結][ref] 及註腳[^1]。

[ref]: https://example.org/a "A"
[^1]: 第一個註腳。

## 申請人

## 申請人

!!! note "注意"
    內容 **粗體**。

=== "甲"
    甲內容

=== "乙"
    乙內容
""",
    """# Second page

HTML is not an abbreviation here, and [ref] is not a link[^1].

## 申請人

Term
:   Definition with `code`.

| a | b |
| - | - |
| 1 | 2 |

```python
print("hi")
```

??? info "Details"
    Hidden <span>text</span>.

<div markdown>
*inside* html
</div>

=== "One"
    one
""",
    """Plain text without a heading.[^x]

[^x]: Another note.
""",
]


def _extensions() -> tuple[list[Any], dict[str, Any]]:
    """The Markdown extensions and their settings from mkdocs.yml."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    names: list[Any] = []
    settings: dict[str, Any] = {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            name, options = next(iter(entry.items()))
            names.append(name)
            settings[name] = options or {}
        else:
            names.append(entry)
    return names, settings


class _Loader(yaml.SafeLoader):
    """mkdocs.yml has tags (!ENV, !relative ...) that do not matter here."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def _convert(md: markdown.Markdown, text: str) -> tuple[str, Any]:
    return md.convert(text), getattr(md, "toc_tokens", None)


@pytest.mark.parametrize("unique_footnote_ids", [False, True])
def test_reused_instance_converts_like_new_ones(unique_footnote_ids: bool) -> None:
    names, settings = _extensions()
    if unique_footnote_ids:  # footnote ids then carry a counter of the instance's resets
        settings = {**settings, "footnotes": {"UNIQUE_IDS": True}}
    config = {"markdown_extensions": names, "mdx_configs": settings}
    pool = MarkdownPool()
    order = DOCUMENTS + DOCUMENTS[::-1] + DOCUMENTS
    reused = [_convert(pool.get(config), text) for text in order]
    fresh = [
        _convert(markdown.Markdown(extensions=names, extension_configs=settings), text)
        for text in order
    ]
    assert reused == fresh


def test_changed_settings_get_a_new_instance() -> None:
    pool = MarkdownPool()
    first = pool.get({"markdown_extensions": ["toc"], "mdx_configs": {}})
    assert pool.get({"markdown_extensions": ["toc"], "mdx_configs": {}}) is first
    other = pool.get({"markdown_extensions": ["toc", "tables"], "mdx_configs": {}})
    assert other is not first
