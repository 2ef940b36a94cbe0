"""The C YAML parser reads the site's files exactly as the pure-Python one does.

``theme/sitekit/yamlload.py`` reads data files and front matter with libyaml when PyYAML has
it. For every data file, folder default and page front matter: the same data, and the same
node tree (tags, values, lines) that error messages take their line numbers from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from theme.sitekit import yamlload
from theme.sitekit.pagemeta import FRONT_MATTER

ROOT = Path(__file__).resolve().parents[2]
DATA_FILES = sorted(
    [
        *(ROOT / "content" / "data").glob("*.yml"),
        *(ROOT / "content" / "pages").rglob(".meta.yml"),
        ROOT / "theme" / "strings.yml",
    ]
)


def _front_matters() -> list[str]:
    blocks = []
    for page in sorted((ROOT / "content" / "pages").rglob("*.md")):
        match = FRONT_MATTER.match(page.read_text(encoding="utf-8"))
        if match and match.group(1):
            blocks.append(match.group(1))
    return blocks


def _shape(node: yaml.Node | None) -> Any:
    """A node tree as plain values: tag, start line and column, and the value or children.

    Not the scalar style, which the code never reads: libyaml gives "" for plain, PyYAML None.
    """
    if node is None:
        return None
    where = (node.tag, node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return (*where, node.value)
    if isinstance(node, yaml.SequenceNode):
        return (*where, [_shape(item) for item in node.value])
    return (*where, [(_shape(key), _shape(value)) for key, value in node.value])


def test_the_c_parser_is_used() -> None:
    assert yamlload.LOADER is yaml.CSafeLoader


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_data_file_reads_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert yamlload.safe_load(text) == yaml.safe_load(text)
    assert _shape(yamlload.compose(text)) == _shape(yaml.compose(text))


def test_front_matter_reads_the_same() -> None:
    blocks = _front_matters()
    assert len(blocks) > 50
    for block in blocks:
        assert yamlload.safe_load(block) == yaml.safe_load(block), block


@pytest.mark.parametrize(
    "text",
    ["title: [unclosed\n", "a: 1\n b: 2\n", "a: 1\na: [\n", "key: 'open\n", "- a\nb: c\n"],
)
def test_errors_name_the_same_line(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as pure:
        yaml.safe_load(text)
    with pytest.raises(yaml.YAMLError) as fast:
        yamlload.safe_load(text)
    assert fast.value.problem_mark.line == pure.value.problem_mark.line  # type: ignore[attr-defined]
