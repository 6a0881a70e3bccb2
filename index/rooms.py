"""How a room of the engine exports its names: listed up front, imported on first use.

A room's `__init__` names what callers outside it may use. Importing a room stays cheap (the
app imports the search marks before Whoosh or numpy are needed); a name's module loads the
first time the name is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any


def exports(package: str, names: dict[str, str]) -> tuple[list[str], Callable[[str], Any]]:
    """`__all__` and a module `__getattr__` for `package`, whose exported `names` map each
    name to the private module that holds it ("module" or "module:attribute")."""

    def __getattr__(name: str) -> Any:
        where = names.get(name)
        if where is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, _, attribute = where.partition(":")
        return getattr(import_module(f"{package}.{module}"), attribute or name)

    return sorted(names), __getattr__
