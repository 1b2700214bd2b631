"""The code passes ruff's checks (pyflakes, pycodestyle's errors, bugbear;
configured in pyproject.toml) and mypy's (strict on the core, default
elsewhere; configured there too) with no finding."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_ruff_finds_nothing() -> None:
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise",
                           "src", "tests", "benchmarks", "scripts"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_finds_nothing() -> None:
    """Not an error, and not a note either: the output is mypy's one line of success."""
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("Success:"), proc.stdout + proc.stderr
