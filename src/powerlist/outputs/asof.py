"""The list as it stood on a day, in an export format: the commit of that
day (`history.asof`), its data files checked out and loaded like today's,
exported dated by the commit."""

from __future__ import annotations

from pathlib import Path

from ..core.catalog import load_catalog
from ..core.layout import flows_dir, item_files
from ..history.asof import AsOfError, checked_out, commit_on
from .export import MAKERS


def export_as_of(powers: Path, flows: Path | None, date: str, fmt: str) -> tuple[bytes, str, int]:
    """The list of `date` in an export format; the commit and its time."""
    top, sha, time = commit_on(powers, date)
    return export_at(powers, flows, top, sha, time, fmt), sha, time


def export_at(powers: Path, flows: Path | None, top: Path, sha: str, time: int, fmt: str) -> bytes:
    """The list of commit `sha` in an export format, dated by the commit."""
    flows = flows if flows is not None else flows_dir(powers)
    with checked_out(powers, flows, sha, top) as (p, f):
        cat = load_catalog(p, f)
        # rules change: a list that passed when it was published may not pass today's. It is
        # exported as it was, unless some of its items cannot be read at all.
        files = [x for x in item_files(p) if x.stem not in cat.entries]
        if cat.site is None or files:
            raise AsOfError(f"提交 {sha[:7]} 的清单有 {len(files)} 个事项文件按现在的规则无法读取，无法导出")
        return MAKERS[fmt](cat, epoch=time)  # the data's date is that commit's
