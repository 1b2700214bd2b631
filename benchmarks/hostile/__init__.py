"""Hostile inputs, each run as the command a person (or an attacker's pull
request) would run, in its own process, against a bound: every case ends
within `SECONDS` and `MEGABYTES`, whether it succeeds or is refused.

Each module in this package holds the cases of one stage (history, reading
spreadsheets, outputs, rules) as a list `CASES` of `Case`. A case's `setup`
writes its input under the folder it is given (a copy of the example project,
`powers/`, `flows/` and `changes/`, made fresh for each case) and returns the
command's arguments (after `powerlist`; or `["mkdocs", "build", …]` for the
site build) and, optionally, the working folder.
`expect` says what the case must end with: "ok" (exit 0), "refused" (a
non-zero exit with a diagnostic, never a traceback) or "any".

    scripts/bench --only adversarial
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

SECONDS = 5.0
MEGABYTES = 300


@dataclass(frozen=True)
class Case:
    name: str
    setup: Callable[[Path], list[str] | tuple[list[str], Path]]
    expect: str = "any"  # "ok", "refused" or "any"
    seconds: float = SECONDS
    megabytes: int = MEGABYTES


def all_cases() -> list[Case]:
    """Every module's cases, modules in name order."""
    cases: list[Case] = []
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        cases += importlib.import_module(f"{__name__}.{mod.name}").CASES
    return cases
