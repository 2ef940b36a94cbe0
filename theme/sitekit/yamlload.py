"""Read the site's YAML with PyYAML's C parser (libyaml) when it is installed.

Why: the pure-Python parser took 0.15 s for the data files (forms.yml, downloads.yml, ...),
read in the config load and again in each language's build process; libyaml reads them about
ten times faster. It gives the same data and the same nodes, with the line numbers that error
messages name (tests/site/test_yamlload.py compares both parsers on every data file).
Without libyaml, the pure-Python parser is used.
"""

from __future__ import annotations

from typing import Any

import yaml

LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """Like ``yaml.safe_load``."""
    return yaml.load(text, Loader=LOADER)


def compose(text: str) -> yaml.Node | None:
    """Like ``yaml.compose`` with the safe loader: the node tree, for line numbers."""
    return yaml.compose(text, Loader=LOADER)
