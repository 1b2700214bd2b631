"""The examples in the package's docstrings run and hold (networkx style:
a docstring's example is a test)."""

import doctest
import importlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
MODULES = sorted(".".join(f.relative_to(SRC).with_suffix("").parts)
                 for f in (SRC / "powerlist").rglob("*.py") if ">>> " in f.read_text(encoding="utf-8"))


def test_there_are_examples() -> None:
    assert len(MODULES) >= 5


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
