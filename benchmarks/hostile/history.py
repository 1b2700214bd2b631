"""Hostile history (issue 21): what a past commit may hold must never stop
publishing. Each case commits the example project into a scratch repository
with a hostile past, then runs the command that reads that past: the site
build (`mkdocs build`, which reads every item's history), `check` (a notice's
ids looked up in the history) or `export --as-of` (a past list rebuilt).

A build of the example takes a few seconds by itself (MkDocs and the theme),
so the build cases are bounded at 30 s; the others at the default 5 s.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from . import Case

ROOT = Path(__file__).resolve().parents[2]
ITEM = "powers/jishu-hetong-dengji.yaml"
BUILD = ["mkdocs", "build", "-q", "--strict", "-d", "site"]
BUILD_SECONDS = 30.0


def _git(repo: Path, *args: str, data: bytes | None = None, date: str = "2026-12-01T09:00:00+08:00") -> bytes:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "bench",
           "GIT_AUTHOR_EMAIL": "bench@example.org", "GIT_COMMITTER_NAME": "bench",
           "GIT_COMMITTER_EMAIL": "bench@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(repo), *args], input=data, env=env, check=True,
                          capture_output=True).stdout


def _repo(project: Path, site: bool = False) -> None:
    """The project (and, for a build, its MkDocs configuration) as a repository's first commit."""
    if site:
        shutil.copytree(ROOT / "docs", project / "docs")
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "the list", date="2026-11-30T09:00:00+08:00")


def _past_version(project: Path, text: str, date: str = "2026-12-01T09:00:00+08:00") -> None:
    """The item holds `text` in one commit; the next restores it."""
    f = project / ITEM
    good = f.read_bytes()
    f.write_text(text, encoding="utf-8")
    _git(project, "commit", "-q", "-a", "-m", "a past version", date=date)
    f.write_bytes(good)
    _git(project, "commit", "-q", "-a", "-m", "restored", date=date.replace("T09", "T10"))


def _odd_name(project: Path, name: bytes) -> None:
    """A file of this name (any bytes but NUL) added in one commit, removed in the next."""
    blob = _git(project, "hash-object", "-w", "--stdin", data=b"name: x\n").strip()
    path = b"powers/" + name
    _git(project, "update-index", "-z", "--add", "--index-info", data=b"100644 " + blob + b"\t" + path + b"\0")
    _git(project, "commit", "-q", "-m", "an odd name")
    _git(project, "update-index", "-z", "--index-info", data=b"0 " + b"0" * len(blob) + b"\t" + path + b"\0")
    _git(project, "commit", "-q", "-m", "gone", date="2026-12-01T10:00:00+08:00")


def deep_past_build(project: Path) -> list[str]:
    _repo(project, site=True)
    _past_version(project, "name: x\nunits: " + "[" * 990 + "]" * 990 + "\n")
    return BUILD


def deep_past_as_of(project: Path) -> list[str]:
    _repo(project)
    _past_version(project, "x:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 500)) + " " * 500 + "v: 1\n")
    # the list of 2026-12-01 ends with the restore: take the day the deep version was the last
    f = project / ITEM
    good = f.read_bytes()
    f.write_text("name: x\nunits: " + "[" * 990 + "]" * 990 + "\n", encoding="utf-8")
    _git(project, "commit", "-q", "-a", "-m", "deep again", date="2026-12-02T09:00:00+08:00")
    f.write_bytes(good)
    _git(project, "commit", "-q", "-a", "-m", "restored", date="2026-12-03T09:00:00+08:00")
    return ["export", "--as-of", "2026-12-02", "--format", "json", "-o", "old.json"]


def control_name_build(project: Path) -> list[str]:
    _repo(project, site=True)
    for name in (b"a\x01b.yaml", b"c\nd\te.yaml", b"\xff\xfe.yaml"):
        _odd_name(project, name)
    _past_version(project, (project / ITEM).read_text(encoding="utf-8").replace(
        "name: 技术合同认定登记", 'name: "技术合同\\0认定登记"', 1), date="2026-12-02T09:00:00+08:00")
    return BUILD


def unknown_ids_check(project: Path) -> list[str]:
    ids = ", ".join(f"no-such-item-{i}" for i in range(13000))
    (project / "changes/2026-12-01-tiaozheng.yaml").write_text(
        'doc_number: 解科工〔2026〕30号\ntitle: 关于调整事项的公告\npublished: "2026-12-01"\nentries:\n'
        f"  - kind: 调整\n    items: [{ids}]\n    summary: 调整\n", encoding="utf-8")
    _repo(project)
    return ["check", "powers"]


def as_of_link_out(project: Path) -> list[str]:
    _repo(project)
    for k, target in enumerate((b"/etc/passwd", b"../../secret")):
        blob = _git(project, "hash-object", "-w", "--stdin", data=target).strip()
        _git(project, "update-index", "-z", "--add", "--index-info",
             data=b"120000 " + blob + b"\t" + f"powers/link-{k}.yaml".encode() + b"\0")
    _git(project, "commit", "-q", "-m", "links out of the tree", date="2026-12-01T09:00:00+08:00")
    for k in range(2):  # gone the next day: only the past holds them
        _git(project, "update-index", "-z", "--index-info",
             data=b"0 " + b"0" * 40 + b"\t" + f"powers/link-{k}.yaml".encode() + b"\0")
    _git(project, "commit", "-q", "-m", "links removed", date="2026-12-02T09:00:00+08:00")
    return ["export", "--as-of", "2026-12-01", "--format", "json", "-o", "old.json"]


CASES = [
    Case("history: a 990-deep past version, then mkdocs build", deep_past_build, "ok", seconds=BUILD_SECONDS),
    Case("history: export --as-of a day whose list held a 990-deep item", deep_past_as_of, "refused"),
    Case("history: file names with \\x01, newline, tab, non-UTF-8 bytes and a NUL escape in the past, "
         "then mkdocs build", control_name_build, "ok", seconds=BUILD_SECONDS),
    Case("history: a notice naming 13,000 ids that never existed, check", unknown_ids_check, "refused"),
    Case("history: export --as-of a commit whose item files are links out of the tree", as_of_link_out, "refused"),
]
