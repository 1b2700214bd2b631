"""The list as it stood on a day, rebuilt from git: the last commit of the
first-parent line made by the end of that day (China time), its data
files checked out into a temporary folder and loaded like today's."""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..core.layout import changes_dir
from . import git
from .git import relative as _rel


class AsOfError(Exception):
    """Why the list of that day cannot be rebuilt (a Chinese message)."""


def commit_on(powers: Path, date: str) -> tuple[Path, str, int]:
    """The repository, the commit and its time of the list on `date` (YYYY-MM-DD)."""
    top = git.toplevel(powers)
    if top is None:
        raise AsOfError("不在 git 仓库中，无法取得以前的清单")
    out = git.git(top, "rev-list", "-1", "--first-parent", f"--before={date} 23:59:59 +0800", "HEAD")
    sha = out.decode().strip() if out else ""
    if not sha:
        raise AsOfError(f"{date} 之前没有提交，那时还没有清单")
    time = git.git(top, "log", "-1", "--format=%ct", sha)
    return top, sha, int(time.decode().strip()) if time else 0


def _shown(name: str) -> str:
    """A name from git as a terminal may show it: with a control character
    or a byte that is not UTF-8 in it, escaped (`a\\x01b`)."""
    return name if name.isprintable() else ascii(name)[1:-1]


@contextmanager
def checked_out(powers: Path, flows: Path, commit: str, top: Path) -> Iterator[tuple[Path, Path]]:
    """The data folders as they were at `commit`, in a temporary folder."""
    rels = [_rel(top, powers), _rel(top, flows), _rel(top, changes_dir(powers))]
    present = [r for r in rels if git.git(top, "cat-file", "-e", f"{commit}:{r}") is not None]
    if not present or rels[0] not in present:
        raise AsOfError(f"提交 {commit[:7]} 中没有 {rels[0]}")
    with tempfile.TemporaryDirectory(prefix="powerlist-asof-") as tmp:
        refused = git.archive(top, commit, present, Path(tmp))
        if refused is None:
            raise AsOfError(f"无法取出提交 {commit[:7]} 的文件")
        if refused:
            names = "、".join(_shown(x) for x in refused[:3]) + (f" 等 {len(refused)} 个文件" if len(refused) > 3 else "")
            raise AsOfError(f"提交 {commit[:7]} 中的 {names} 不是普通文件（是链接或特殊文件），"
                            "按现在的规则无法读取，无法导出")
        yield Path(tmp) / rels[0], Path(tmp) / rels[1]
