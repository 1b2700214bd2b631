"""Diagnostics: what the checker reports, and the three ways to print them.

A diagnostic is `file:line:col: severity: key.path: message [RULE]`, the
errorformat that editors and CI understand. Positions are 1-based.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple

from .rules import RULES, Severity


# Characters that end a line or control a terminal: C0 (tab aside), DEL, C1,
# and Unicode's line and paragraph separators.
_BREAKING = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def one_line(text: str) -> str:
    """`text` on one line: a line break in an echoed value shows as \\n
    (other control characters as \\xNN, separators as \\uNNNN), so that no
    value can start a line of its own, such as a forged diagnostic."""
    return _BREAKING.sub(_escape, text) if _BREAKING.search(text) else text


class Finding(NamedTuple):
    """What a rule found, before it has a position: where in the file's
    data (`loc`, a path of keys and indexes), the rule and the message.
    `Source.place` turns it into a Diagnostic, in one place."""

    rule: str
    loc: tuple[str | int, ...]
    message: str
    key: bool = False  # about the key itself rather than its value


@dataclass(frozen=True, slots=True)
class Diagnostic:
    rule: str
    file: str
    line: int
    col: int
    path: str
    message: str
    severity: Severity = field(default=None)  # type: ignore[assignment]
    cell: str = ""  # a spreadsheet's cell (Sheet1!C17), shown instead of line and column

    def __post_init__(self) -> None:
        if self.severity is None:
            object.__setattr__(self, "severity", RULES[self.rule].severity)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str, str, str]:
        return (self.file, self.line, self.col, self.cell, self.rule, self.path, self.message)

    def text(self) -> str:
        """One line, whatever the file name, key or echoed value holds."""
        where = f"{one_line(self.path)}: " if self.path else ""
        at = f"{one_line(self.cell)}" if self.cell else f"{self.line}:{self.col}"
        return (
            f"{one_line(self.file)}:{at}: {self.severity.value}: "
            f"{where}{one_line(self.message)} [{self.rule}]"
        )

    def github(self) -> str:
        def esc(s: str) -> str:
            s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            return _BREAKING.sub(_escape, s)

        def esc_prop(s: str) -> str:
            return esc(s).replace(":", "%3A").replace(",", "%2C")

        kind = "error" if self.is_error else "warning"
        title = esc_prop(f"{self.rule} {RULES[self.rule].title}")
        where = f"{self.path}: " if self.path else ""
        return (
            f"::{kind} file={esc_prop(self.file)},line={self.line},col={self.col},"
            f"title={title}::{esc(where + self.message)}"
        )

    def as_dict(self) -> dict[str, str | int]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity.value,
            "rule": self.rule,
            "path": self.path,
            "message": self.message,
            **({"cell": self.cell} if self.cell else {}),
        }


def sort(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted, each problem once: diagnostics of one rule at the same place
    and key path are one problem (a template's problem found through every
    item that uses it), the first message is kept."""
    out: list[Diagnostic] = []
    seen: set[tuple[str, int, int, str, str, str]] = set()
    for d in sorted(set(diags), key=Diagnostic.sort_key):
        place = (d.file, d.line, d.col, d.cell, d.rule, d.path)
        if place not in seen:
            seen.add(place)
            out.append(d)
    return out


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
