"""Settings: defaults, overrides from TOML, and errors that name key, value and what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamtui.config import SPECS, ConfigError, load_settings, parse_settings


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "none.toml")
    assert settings["renewal.window_days.a"] == 180
    assert settings["cadence.interval_days.check_in"] == 30
    assert settings["churn.alert_score"] == 60
    assert settings.effective() == {key: spec.default for key, spec in SPECS.items()}


def test_toml_overrides_thresholds_and_weights(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        "[renewal.window_days]\na = 200\n[cadence.interval_days]\ncheck_in = 21\n"
        "[churn.weights]\nmood = 50\nsponsor_health = 50\nskipped_meetings = 0\n"
        '[user]\nname = "Dana"\n'
    )
    settings = load_settings(path)
    assert settings["renewal.window_days.a"] == 200
    assert settings["renewal.window_days.b"] == 120  # untouched
    assert settings["cadence.interval_days.check_in"] == 21
    assert settings["churn.weights.skipped_meetings"] == 0
    assert settings["user.name"] == "Dana"


@pytest.mark.parametrize(
    ("data", "key", "value", "allowed"),
    [
        ({"renewal": {"window_days": {"a": -5}}}, "renewal.window_days.a", "-5", "above 0"),
        ({"contract": {"stall_days": "two weeks"}}, "contract.stall_days", "'two weeks'", "days"),
        ({"churn": {"weights": {"mood": 150}}}, "churn.weights.mood", "150", "0 to 100"),
        ({"churn": {"alert_score": True}}, "churn.alert_score", "True", "0 to 100"),
        ({"activation": {"threshold": 120}}, "activation.threshold", "120", "percentage"),
        ({"date_order": "ymd"}, "date_order", "'ymd'", "mdy"),
        ({"currency": "euros!"}, "currency", "'euros!'", "1 to 4 characters"),
    ],
)
def test_bad_value_names_key_value_and_what_is_allowed(
    data: dict, key: str, value: str, allowed: str
) -> None:
    with pytest.raises(ConfigError) as error:
        parse_settings(data)
    message = str(error.value)
    assert f"{key} = {value}" in message and allowed in message


def test_unknown_setting_lists_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="unknown setting 'renewal.window_days.d'.*churn.alert"):
        parse_settings({"renewal": {"window_days": {"d": 30}}})


def test_invalid_toml_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[renewal\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(path)
