"""Key bindings from the config's `keys:` section, checked before the app starts."""

from __future__ import annotations

import re
from pathlib import Path

from briefs.config.errors import ConfigError

# Binding ids that the config may remap: every id declared in the app's BINDINGS.
_KEY = re.compile(r"^(?:(?:ctrl|shift|alt|meta|super)\+)*(?:[a-z0-9_]+|.)$", re.IGNORECASE)


def keymap(keys: dict[str, str], known_ids: set[str], path: Path | None) -> dict[str, str]:
    """Validate `keys` (id -> "key,key") and return it as a Textual keymap."""
    result: dict[str, str] = {}
    for binding_id, spec in keys.items():
        if binding_id not in known_ids:
            raise ConfigError(
                f"keys.{binding_id}: unknown action; known actions: "
                + ", ".join(sorted(known_ids)), path=path)
        parts = [p.strip() for p in str(spec).split(",") if p.strip()]
        bad = [p for p in parts if not _KEY.match(p)]
        if bad or not parts:
            raise ConfigError(f"keys.{binding_id}: not a key name: {spec!r} (examples: "
                              "'x', 'ctrl+f', 'space', 'question_mark')", path=path)
        result[binding_id] = ",".join(parts)
    return result


def binding_ids(*classes) -> set[str]:
    """Every binding id declared on the given widget/screen/app classes."""
    ids: set[str] = set()
    for cls in classes:
        for klass in cls.__mro__:
            for binding in klass.__dict__.get("BINDINGS", []):
                binding_id = getattr(binding, "id", None)
                if binding_id:
                    ids.add(binding_id)
    return ids
