"""Jinja's attribute lookup without the two exceptions it raises for every missing attribute.

Why: every ``{{ a.b }}`` in a template calls ``Environment.getattr``, which tries
``getattr(a, "b")``, then ``a["b"]``, and only then gives an undefined value. Material's menu
asks each entry for attributes MkDocs objects do not have (``typeset``, ``pages``, a section's
``meta`` ...): about 360,000 misses per language on the 500-page corpus, each raising and
catching an AttributeError and a TypeError. This lookup returns the same values (the same
undefined objects too) without raising them: a miss on an object that cannot be subscripted goes
straight to the undefined value. Measured: about 4 % of a language's build.
"""

from __future__ import annotations

import types
from typing import Any

import jinja2

_MISSING = object()


def fast_getattr(env: jinja2.Environment, obj: Any, attribute: str) -> Any:
    """Same result as ``jinja2.Environment.getattr`` (attribute first, then item)."""
    value = getattr(obj, attribute, _MISSING)  # like try/except AttributeError
    if value is not _MISSING:
        return value
    if not isinstance(obj, type) and not hasattr(type(obj), "__getitem__"):
        return env.undefined(obj=obj, name=attribute)  # obj[attribute] would raise TypeError
    try:
        return obj[attribute]
    except (TypeError, LookupError, AttributeError):
        return env.undefined(obj=obj, name=attribute)


def install(env: jinja2.Environment) -> None:
    """Use the lookup in ``env`` (unless it is sandboxed, whose lookup checks safety)."""
    if type(env).getattr is jinja2.Environment.getattr:
        env.getattr = types.MethodType(fast_getattr, env)  # type: ignore[method-assign]
