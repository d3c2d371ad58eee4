"""Which checks run and how severe their findings are: ``concord.toml`` and the flags.

::

    [check]
    disable = ["same-target-different-source"]   # or enable = [...] to run only those
    fail-on = "warning"                           # exit 1 only for findings this severe

    [check.severity]
    missing-term = "error"

``concord.toml`` or ``.concord.toml`` in the working directory is read unless ``--config``
names another file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary.checks.model import SEVERITIES, SEVERITY_RANK
from glossary.checks.registry import CHECKS
from tm.errors import UsageError

CONFIG_NAMES = ("concord.toml", ".concord.toml")


@dataclass
class CheckConfig:
    enabled: set[str] = field(default_factory=lambda: set(CHECKS))
    severities: dict[str, str] = field(default_factory=dict)
    fail_on: str = "info"
    source: str | None = None  # the file read, for messages

    def severity(self, check: str) -> str:
        return self.severities.get(check) or CHECKS[check].severity

    def fails(self, severity: str) -> bool:
        """True when a finding of *severity* makes the run fail (exit 1)."""
        return SEVERITY_RANK[severity] <= SEVERITY_RANK[self.fail_on]

    def enable(self, names: list[str]) -> None:
        """Run only *names*."""
        self.enabled = set(_known(names, self.source))

    def disable(self, names: list[str]) -> None:
        self.enabled -= set(_known(names, self.source))

    def set_severity(self, check: str, severity: str) -> None:
        _known([check], self.source)
        self.severities[check] = _severity(severity, self.source)

    def set_fail_on(self, severity: str) -> None:
        self.fail_on = _severity(severity, self.source)


def _known(names: list[str], where: str | None) -> list[str]:
    unknown = [n for n in names if n not in CHECKS]
    if unknown:
        prefix = f"{where}: " if where else ""
        raise UsageError(
            f"{prefix}unknown check {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(sorted(CHECKS))}"
        )
    return names


def _severity(value: Any, where: str | None) -> str:
    if value not in SEVERITIES:
        prefix = f"{where}: " if where else ""
        raise UsageError(f"{prefix}unknown severity {value!r}; use {', '.join(SEVERITIES)}")
    return value


def _names(value: Any, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where}: [check] {key} must be a list of check names")
    return value


def config_from_dict(data: dict[str, Any], where: str = "<config>") -> CheckConfig:
    """A config from the parsed TOML (only the ``[check]`` table is read)."""
    config = CheckConfig(source=where)
    section = data.get("check", {})
    if not isinstance(section, dict):
        raise UsageError(f"{where}: [check] must be a table")
    if "enable" in section:
        config.enable(_names(section["enable"], "enable", where))
    if "disable" in section:
        config.disable(_names(section["disable"], "disable", where))
    if "fail-on" in section or "fail_on" in section:
        config.set_fail_on(section.get("fail-on", section.get("fail_on")))
    severities = section.get("severity", {})
    if not isinstance(severities, dict):
        raise UsageError(f"{where}: [check.severity] must be a table of check = severity")
    for name, value in severities.items():
        config.set_severity(name, value)
    # Also [check.missing-term] severity = "error" / enabled = false.
    for name, table in section.items():
        if isinstance(table, dict) and name != "severity":
            _known([name], where)
            if "severity" in table:
                config.set_severity(name, table["severity"])
            if table.get("enabled") is False:
                config.enabled.discard(name)
    return config


def load_config(path: str | Path | None = None, cwd: str | Path | None = None) -> CheckConfig:
    """The config in *path*, else ``concord.toml``/``.concord.toml`` in *cwd*, else defaults."""
    if path is None:
        base = Path(cwd) if cwd else Path.cwd()
        found = next((base / n for n in CONFIG_NAMES if (base / n).is_file()), None)
        if found is None:
            return CheckConfig()
        path = found
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the config: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: not a valid TOML file: {exc}") from exc
    return config_from_dict(data, str(path))
