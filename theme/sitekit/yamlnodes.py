"""Reading a webmaster's YAML data file node by node, so that every mistake names its line.

The download catalogue (downloads.py) and the open-information list (open_info.py) are read
this way: ``yaml.safe_load`` would give plain values and lose the line numbers a webmaster
needs to find a mistake. Messages are English with the Chinese in brackets, as everywhere in
the build's errors.
"""

from __future__ import annotations

from collections.abc import Callable

import yaml

from theme.sitekit import yamlerrors, yamlload
from theme.sitekit.errors import ContentError

LANGUAGES = ("zh-TW", "en")


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def compose(text: str, src: str) -> yaml.Node | None:
    """The file's node tree; a YAML syntax error becomes a ContentError with its line."""
    try:
        return yamlload.compose(text)
    except yaml.YAMLError as exc:
        raise yamlerrors.content_error(src, text, exc) from None


class NodeReader:
    """Turns YAML nodes into values, keeping each node's line for the error messages.

    ``tidy`` shapes every text value (the open-information list also joins the lines a
    webmaster wraps inside Chinese text, where a space would show).
    """

    def __init__(self, src: str, tidy: Callable[[str], str] = str.strip) -> None:
        self.src = src
        self.tidy = tidy

    def mapping(
        self, node: yaml.Node, what: str = "each entry", allowed: tuple[str, ...] | None = None
    ) -> dict[str, yaml.Node]:
        """The entry's fields by name; unknown names (when ``allowed`` is given) and names
        given twice are mistakes."""
        if not isinstance(node, yaml.MappingNode):
            raise ContentError(
                self.src, f"{what} must be `key: value` lines (格式應為「名稱: 值」)", line_of(node)
            )
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if allowed is not None and key not in allowed:
                raise ContentError(
                    self.src,
                    f"`{key}` is not a known field here; use one of: {', '.join(allowed)} "
                    "(未知欄位)",
                    line_of(key_node),
                )
            if key in result:
                raise ContentError(
                    self.src, f"`{key}` is given twice in this entry (欄位重複)", line_of(key_node)
                )
            result[key] = value_node
        return result

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise ContentError(
                self.src, f"`{what}` must be a list of `- ` items (應為清單)", line_of(node)
            )
        return list(node.value)

    def text(self, node: yaml.Node, key: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            raise ContentError(
                self.src, f"`{key}` must be a single text value (應為單一文字)", line_of(node)
            )
        return self.tidy(str(node.value))

    def bilingual(self, node: yaml.Node, key: str) -> dict[str, str]:
        """``zh-TW:`` and ``en:`` texts, both required and nothing else."""
        if not isinstance(node, yaml.MappingNode):
            raise ContentError(
                self.src, f"`{key}` needs `zh-TW:` and `en:` texts (需要中英文)", line_of(node)
            )
        fields = self.mapping(node, allowed=LANGUAGES)
        for lang in LANGUAGES:
            if lang not in fields or not str(getattr(fields[lang], "value", "")).strip():
                raise ContentError(
                    self.src, f"`{key}` has no `{lang}` text (缺少 {lang} 文字)", line_of(node)
                )
        return {lang: self.text(fields[lang], f"{key}.{lang}") for lang in LANGUAGES}

    def required(
        self, fields: dict[str, yaml.Node], names: tuple[str, ...], node: yaml.Node
    ) -> None:
        for name in names:
            if name not in fields or fields[name].value in ("", None, []):
                raise ContentError(
                    self.src, f"this entry is missing `{name}` (缺少必填欄位)", line_of(node)
                )
