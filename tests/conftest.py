from __future__ import annotations

import functools
import inspect
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from powerlist.cli.main import main

# Tiers. `scripts/test --fast` leaves out what drives a browser, builds a
# site with MkDocs or fuzzes; the full suite (CI) runs everything. The marks
# are worked out here, from what a test uses, so that a new test lands in
# its tier without anyone remembering to mark it.
TIERS = {
    "browser": "drives headless Chromium",
    "build": "builds or serves a site with MkDocs",
    "fuzz": "generates many inputs (hypothesis) or hostile ones at scale",
}


def pytest_configure(config: pytest.Config) -> None:
    for name, what in TIERS.items():
        config.addinivalue_line("markers", f"{name}: {what} (left out by scripts/test --fast)")


@functools.cache
def _source(obj: object) -> str:
    try:
        return inspect.getsource(obj)
    except (OSError, TypeError):
        return ""


def _builds(func: object, module: object, seen: frozenset = frozenset()) -> bool:
    """Whether `func` runs MkDocs: its own code names it, or a function of
    its module it calls does (one level, such as `mkdocs_build`)."""
    if _runs_mkdocs(_source(func)):
        return True
    code = getattr(func, "__code__", None)
    for name in getattr(code, "co_names", ()):
        helper = getattr(module, name, None)
        if inspect.isfunction(helper) and helper not in seen and _runs_mkdocs(_source(helper)):
            return True
    return False


def _runs_mkdocs(text: str) -> bool:
    return any(word in text for word in ("mkdocs", "scripts/build", "scripts/serve"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        func, module = getattr(item, "function", None), getattr(item, "module", None)
        if func is None:
            continue
        names = set(getattr(item, "fixturenames", ()))
        if "browser" in names:
            item.add_marker("browser")
        defs = getattr(item, "_fixtureinfo", None)
        fixtures = [d[-1].func for n, d in (defs.name2fixturedefs.items() if defs else ()) if d and n in names]
        if _builds(func, module) or any(_builds(f, sys.modules.get(f.__module__)) for f in fixtures):
            item.add_marker("build")
        if getattr(func, "is_hypothesis_test", False):
            item.add_marker("fuzz")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("POWERLIST_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: scripts/test should have installed it")
        pytest.skip("chromium is not installed (scripts/test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example data (powers/ and flows/) as the working directory."""
    for name in ("powers", "flows", "changes"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def check(capsys: pytest.CaptureFixture[str]):
    """Run the real `powerlist check` in-process and capture what it prints."""

    def run(*args: str) -> Run:
        try:
            code = main(["check", *args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    """1-based number of the line where `needle` occurs for the nth time;
    a needle ending in a newline must match a whole line."""
    seen = 0
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if (line == needle[:-1]) if needle.endswith("\n") else (needle in line):
            seen += 1
            if seen == nth:
                return no
    raise AssertionError(f"{needle!r} not in {path}")


def edit(path: Path, old: str, new: str, count: int = 1) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


@pytest.fixture
def empty_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty list of the example site (its configuration and flow
    templates, no items) as the working directory: where imports go."""
    (tmp_path / "powers").mkdir()
    # without the example's `require: all`: a list being imported may say 未载明 and has no flows yet
    text = (ROOT / "powers/_site.yaml").read_text(encoding="utf-8")
    (tmp_path / "powers/_site.yaml").write_text(
        "".join(ln for ln in text.splitlines(True) if not ln.startswith("require:")), encoding="utf-8")
    shutil.copytree(ROOT / "flows", tmp_path / "flows")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """The real `powerlist` command in-process: its exit status and all it printed."""
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


def serve_root() -> str:
    """Where `mkdocs serve` mounts the site: the path of the example's site_url."""
    import re
    from urllib.parse import urlsplit

    m = re.search(r"^site_url: (\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return urlsplit(m.group(1)).path.rstrip("/") if m else ""


def current_ids(powers: Path) -> set[str]:
    """The ids of the items on the current list (cancelled and merged ones left out)."""
    from powerlist.core.catalog import load_catalog
    from powerlist.core.changes import is_current

    return {i for i, e in load_catalog(powers).entries.items() if is_current(e.item)}
