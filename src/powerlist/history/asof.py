"""The list as it stood on a day, rebuilt from git: the last commit of the
first-parent line made by the end of that day (China time), its data
files checked out into a temporary folder and loaded like today's."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from . import _rel, git


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
    rels = [_rel(top, powers), _rel(top, flows), _rel(top, powers.parent / "changes")]
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


def export_as_of(powers: Path, flows: Path | None, date: str, fmt: str) -> tuple[bytes, str, int]:
    """The list of `date` in an export format; the commit and its time."""
    top, sha, time = commit_on(powers, date)
    return export_at(powers, flows, top, sha, time, fmt), sha, time


def export_at(powers: Path, flows: Path | None, top: Path, sha: str, time: int, fmt: str) -> bytes:
    """The list of commit `sha` in an export format, dated by the commit."""
    from ..core.catalog import item_files, load_catalog
    from ..outputs.export import MAKERS

    flows = flows if flows is not None else powers.parent / "flows"
    with checked_out(powers, flows, sha, top) as (p, f):
        cat = load_catalog(p, f)
        # rules change: a list that passed when it was published may not pass today's. It is
        # exported as it was, unless some of its items cannot be read at all.
        files = [x for x in item_files(p) if x.stem not in cat.entries]
        if cat.site is None or files:
            raise AsOfError(f"提交 {sha[:7]} 的清单有 {len(files)} 个事项文件按现在的规则无法读取，无法导出")
        saved = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(time)  # the data's date is that commit's
        try:
            return MAKERS[fmt](cat)
        finally:
            if saved is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = saved
