"""Diagnostics: what the checker reports, and the three ways to print them.

A diagnostic is `file:line:col: severity: key.path: message [RULE]`, the
errorformat that editors and CI understand. Positions are 1-based.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable

from .rules import RULES, Severity


@dataclass(frozen=True, slots=True)
class Diagnostic:
    rule: str
    file: str
    line: int
    col: int
    path: str
    message: str
    severity: Severity = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.severity is None:
            object.__setattr__(self, "severity", RULES[self.rule].severity)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.col, self.rule, self.path, self.message)

    def text(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return (
            f"{self.file}:{self.line}:{self.col}: {self.severity.value}: "
            f"{where}{self.message} [{self.rule}]"
        )

    def github(self) -> str:
        def esc(s: str) -> str:
            return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        def esc_prop(s: str) -> str:
            return esc(s).replace(":", "%3A").replace(",", "%2C")

        kind = "error" if self.is_error else "warning"
        title = esc_prop(f"{self.rule} {RULES[self.rule].title}")
        where = f"{self.path}: " if self.path else ""
        return (
            f"::{kind} file={esc_prop(self.file)},line={self.line},col={self.col},"
            f"title={title}::{esc(where + self.message)}"
        )

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity.value,
            "rule": self.rule,
            "path": self.path,
            "message": self.message,
        }


def sort(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diags), key=Diagnostic.sort_key)


def summary(diags: list[Diagnostic]) -> str:
    errors = sum(d.is_error for d in diags)
    warnings = len(diags) - errors
    if not diags:
        return "检查通过：没有发现问题。"
    return f"发现 {errors} 个错误，{warnings} 个警告。"


def format_text(diags: list[Diagnostic]) -> str:
    """Errors first, warnings apart after them, then a one-line summary."""
    errors = [d.text() for d in diags if d.is_error]
    warnings = [d.text() for d in diags if not d.is_error]
    parts = errors + ([""] if errors and warnings else []) + warnings
    return "\n".join(parts + [summary(diags)]) + "\n"


def format_json(diags: list[Diagnostic]) -> str:
    doc = {
        "errors": [d.as_dict() for d in diags if d.is_error],
        "warnings": [d.as_dict() for d in diags if not d.is_error],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def format_github(diags: list[Diagnostic]) -> str:
    lines = [d.github() for d in diags if d.is_error]
    lines += [d.github() for d in diags if not d.is_error]
    return "\n".join(lines + [summary(diags)]) + "\n"


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}
