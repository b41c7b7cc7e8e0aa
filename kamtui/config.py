"""User settings: a TOML file in the user's config directory; missing file = defaults.

``KAMTUI_CONFIG`` points at another file (tests use it so no user file is read).
Every setting is declared once in :data:`SPECS` with its default and what it
accepts; a bad value is an error naming the key, the value and what is allowed.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

from kamtui.dates import DATE_ORDERS

ENV_VAR = "KAMTUI_CONFIG"


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Spec:
    default: Any
    allowed: str
    check: Callable[[Any], bool]


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


SPECS: dict[str, Spec] = {
    "date_order": Spec(
        "mdy", "mdy (03/04 = March 4) or dmy (03/04 = 3 April)", lambda v: v in DATE_ORDERS
    ),
    "user.name": Spec(
        "", "your name as a text, the default Owner of new activities", lambda v: isinstance(v, str)
    ),
    "followup.business_days": Spec(2, "a whole number of days above 0", _positive_int),
}


@dataclass(frozen=True)
class Settings:
    """The effective settings: dotted keys (``user.name``) to values."""

    values: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    def __getitem__(self, key: str) -> Any:
        if key in self.values:
            return self.values[key]
        return SPECS[key].default

    @property
    def date_order(self) -> str:
        return self["date_order"]

    def effective(self) -> dict[str, Any]:
        return {key: self[key] for key in SPECS}


def config_path() -> Path:
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else Path(user_config_dir("kamtui", appauthor=False)) / "config.toml"


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, dotted + "."))
        else:
            flat[dotted] = value
    return flat


def parse_settings(data: dict[str, Any], path: Path | None = None) -> Settings:
    values = _flatten(data)
    for key, value in values.items():
        spec = SPECS.get(key)
        if spec is None:
            raise ConfigError(
                f"{path or 'config'}: unknown setting {key!r}; known settings: {', '.join(SPECS)}"
            )
        if not spec.check(value):
            raise ConfigError(
                f"{path or 'config'}: {key} = {value!r} is not allowed: expected {spec.allowed}"
            )
    return Settings(values, path)


def load_settings(path: Path | None = None) -> Settings:
    path = path or config_path()
    if not path.exists():
        return Settings({}, path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    return parse_settings(data, path)
