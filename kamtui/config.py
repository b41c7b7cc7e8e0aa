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


def _zero_to_100(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 100


def _days(default: int, what: str) -> Spec:
    return Spec(default, f"a whole number of days above 0 ({what})", _positive_int)


# Triage and health thresholds (issue 3). Tier and cadence keys are the option in
# lower case (``check_in`` for Check-in) so they read as bare TOML keys.
TRIAGE_SPECS: dict[str, Spec] = {
    "renewal.window_days.a": _days(180, "renewal window of tier A accounts"),
    "renewal.window_days.b": _days(120, "renewal window of tier B accounts"),
    "renewal.window_days.c": _days(90, "renewal window of tier C and untiered accounts"),
    "renewal.soon_days": _days(30, "a renewal this close is shown as soon, not info"),
    "contract.stall_days": _days(14, "a Draft/Approval contract idle this long is stalled"),
    "invoice.follow_up_days": _days(7, "days the customer gets to answer a follow-up"),
    "activity.fup_age_days": _days(7, "age of an undated pending FUP that is unresolved"),
    "cadence.interval_days.high": _days(7, "touchpoint interval of High cadence"),
    "cadence.interval_days.moderate": _days(14, "touchpoint interval of Moderate cadence"),
    "cadence.interval_days.check_in": _days(30, "touchpoint interval of Check-in cadence"),
    "meeting.next_steps_lookback_days": _days(
        30, "how far back a meeting's next steps without activity are reported"
    ),
    "disengagement.skipped_in_a_row": Spec(
        2, "a whole number of meetings, 1 or more", _positive_int
    ),
    "activation.threshold": Spec(50, "a percentage from 0 to 100", _zero_to_100),
    "activation.after_days": _days(90, "days after contract start activation is judged"),
    "churn.alert_score": Spec(60, "a churn risk from 0 to 100", _zero_to_100),
    "churn.alert_rise": Spec(15, "points of churn risk from 0 to 100", _zero_to_100),
    "churn.rise_days": _days(30, "period over which a churn risk rise is measured"),
    "churn.window_days": _days(90, "window of the mood and skipped-meeting factors"),
    "churn.sponsor_health_max_age_days": _days(
        120, "a sponsor health reading older than this is not used"
    ),
    "churn.receivables_full_days": _days(
        90, "days past due at which the receivables factor reaches 100"
    ),
    "churn.weights.mood": Spec(30, "a weight from 0 to 100", _zero_to_100),
    "churn.weights.sponsor_health": Spec(30, "a weight from 0 to 100", _zero_to_100),
    "churn.weights.skipped_meetings": Spec(20, "a weight from 0 to 100", _zero_to_100),
    "churn.weights.overdue_receivables": Spec(20, "a weight from 0 to 100", _zero_to_100),
    "portfolio.renewal_horizon_days": _days(90, "horizon of the ARR up for renewal"),
    "portfolio.dso_window_days": _days(365, "invoices issued this recently count in DSO"),
}


SPECS: dict[str, Spec] = {
    "date_order": Spec(
        "mdy", "mdy (03/04 = March 4) or dmy (03/04 = 3 April)", lambda v: v in DATE_ORDERS
    ),
    "user.name": Spec(
        "", "your name as a text, the default Owner of new activities", lambda v: isinstance(v, str)
    ),
    "followup.business_days": Spec(2, "a whole number of days above 0", _positive_int),
    "currency": Spec(
        "$",
        "the symbol the app shows before amounts, 1 to 4 characters ($, €, £, CHF)",
        lambda v: isinstance(v, str) and 1 <= len(v.strip()) <= 4,
    ),
    **TRIAGE_SPECS,
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
