"""One options object for extraction, with its defaults in ``saywho/data/settings.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal

from .errors import InputError
from .lexicon import load_settings

ExtractMethod = Literal["hybrid", "rules", "model", "neural"]
METHODS = ("hybrid", "rules", "model", "neural")
SpanStyle = Literal["seed", "polnear"]


@dataclass(frozen=True)
class ExtractOptions:
    """How saywho extracts; every CLI flag and API keyword lands here."""

    model: str
    method: ExtractMethod
    max_chars: int
    batch_size: int
    n_process: int
    entities: bool
    quantities: bool
    span_style: SpanStyle

    @classmethod
    def defaults(cls) -> "ExtractOptions":
        return cls(**load_settings()["extract"])

    @classmethod
    def build(cls, config: str | Path | None = None, **overrides: Any) -> "ExtractOptions":
        """Defaults, then a TOML ``config`` file's [extract] table, then non-None ``overrides``."""
        options = cls.defaults()
        if config is not None:
            options = options.updated(**_read_config(Path(config)))
        return options.updated(**{k: v for k, v in overrides.items() if v is not None})

    def updated(self, **changes: Any) -> "ExtractOptions":
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise InputError(f"unknown extract option(s) {', '.join(unknown)}; valid: {', '.join(sorted(known))}")
        if changes.get("method", self.method) not in METHODS:
            raise InputError(f"method must be hybrid, rules, model or neural, not {changes['method']!r}")
        if changes.get("span_style", self.span_style) not in ("seed", "polnear"):
            raise InputError(f"span_style must be seed or polnear, not {changes['span_style']!r}")
        return replace(self, **changes)


def _read_config(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")).get("extract", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read config file {path}: {exc}") from exc
