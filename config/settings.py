"""Load, merge and validate the YAML configuration (defaults + the user's file)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from briefs.config.errors import ConfigError

DEFAULT_NAME = "default.yaml"


def default_text() -> str:
    """The shipped default configuration, comments included."""
    return resources.files("briefs.config").joinpath(DEFAULT_NAME).read_text(encoding="utf-8")


def defaults() -> dict[str, Any]:
    """The shipped default configuration as a dict."""
    return yaml.safe_load(default_text())


@dataclass
class Settings:
    """The effective configuration and where it came from."""

    data: dict[str, Any]
    path: Path | None

    def get(self, section: str, key: str) -> Any:
        return self.data[section][key]

    def section(self, name: str) -> dict[str, Any]:
        return self.data[name]


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "boolean", int: "integer", float: "number", str: "text", list: "list",
            dict: "mapping"}.get(type(value), type(value).__name__)


def _compatible(default: Any, value: Any) -> bool:
    if default is None or value is None:
        return True  # null defaults accept any scalar; null values mean "use the default"
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def _node_for(mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
    for k, v in mapping.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


def _line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def _merge(base: dict, user: dict, node: yaml.Node | None, path: Path, where: str) -> None:
    for key, value in user.items():
        child = _node_for(node, str(key)) if isinstance(node, yaml.MappingNode) else None
        keyname = f"{where}.{key}" if where else str(key)
        if where == "keys" and key not in base:
            base[key] = None  # any binding id may be remapped; the app checks the ids it knows
        if key not in base:
            allowed = ", ".join(sorted(base)) if base else "(none)"
            raise ConfigError(
                f"unknown key '{keyname}'; allowed here: {allowed}", path=path, line=_line(child)
            )
        default = base[key]
        if isinstance(default, dict):
            if value is None:
                continue
            if not isinstance(value, dict):
                raise ConfigError(
                    f"'{keyname}' must be a mapping, not {_type_name(value)}",
                    path=path, line=_line(child),
                )
            _merge(default, value, child, path, keyname)
            continue
        if not _compatible(default, value):
            raise ConfigError(
                f"'{keyname}' must be {_type_name(default)}, not {_type_name(value)} ({value!r})",
                path=path, line=_line(child),
            )
        if where == "keys" and not isinstance(value, str):
            raise ConfigError(f"'{keyname}' must be text like \"x\" or \"ctrl+f\"",
                              path=path, line=_line(child))
        if value is not None:
            base[key] = value


def load(path: Path | None) -> Settings:
    """Return defaults overridden by the YAML file at ``path`` (if it exists).

    Raises ConfigError naming the file and line for malformed YAML, unknown keys and wrong types.
    """
    data = copy.deepcopy(defaults())
    if path is None or not path.exists():
        return Settings(data, None)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path=path) from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        user = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ConfigError(
            f"invalid YAML: {exc.problem or exc}", path=path,
            line=mark.line + 1 if mark else None,
        ) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", path=path) from exc
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. the date 0000-00-00
        raise ConfigError(f"invalid value: {exc}", path=path) from exc
    if user is None:
        return Settings(data, path)
    if not isinstance(user, dict):
        raise ConfigError(
            f"the file must hold a mapping of sections, not {_type_name(user)}",
            path=path, line=1,
        )
    _merge(data, user, node, path, "")
    _check_keys(data, path, node)
    return Settings(data, path)


def _check_keys(data: dict, path: Path, node: yaml.Node | None) -> None:
    keys = data["keys"]
    for action, spec in keys.items():
        if not isinstance(spec, str) or not spec.strip():
            keys_node = _node_for(node, "keys") if isinstance(node, yaml.MappingNode) else None
            child = (_node_for(keys_node, action)
                     if isinstance(keys_node, yaml.MappingNode) else None)
            raise ConfigError(
                f"'keys.{action}' needs at least one key name", path=path, line=_line(child)
            )
