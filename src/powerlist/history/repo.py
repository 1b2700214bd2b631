"""The list's repository as loading asks about it (`core.records.Repository`):
the data's date, the notices not yet committed, the items that once existed.
Each is read from git once, when first asked."""

from __future__ import annotations

from pathlib import Path

from ..core.dates import day
from . import git


class GitRepository:
    """The git repository holding `powers`, if any. `epoch` is the data's
    date a build was given (SOURCE_DATE_EPOCH, read by the adapters); without
    it (or at 0) the data's date is HEAD's commit time."""

    def __init__(self, powers: Path, epoch: int | None = None) -> None:
        self.powers, self.epoch = Path(powers), epoch

    def data_day(self) -> str | None:
        if self.epoch is not None and self.epoch > 0:
            return day(self.epoch)
        top = git.toplevel(self.powers)
        out = git.git(top, "log", "-1", "--format=%ct", "HEAD") if top is not None else None
        text = out.decode("ascii", "replace").strip() if out else ""
        return day(int(text)) if text.isdigit() else None

    def uncommitted(self, folder: Path) -> set[Path] | None:
        top = git.toplevel(folder)
        if top is None:
            return None
        out = git.git(top, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--",
                      str(folder.resolve()))
        if out is None:
            return None
        return {(top / record[3:]).resolve() for record in out.decode("utf-8", "surrogateescape").split("\0")
                if len(record) > 3}

    def ever_named(self, powers: Path) -> set[str] | None:
        top = git.toplevel(powers)
        if top is None:
            return None
        rel = git.relative(top, powers).rstrip("/")
        prefix = "" if rel == "." else rel + "/"
        names = git.ever_named(top, rel) or set()
        return {name[len(prefix):] for name in names if name.startswith(prefix)}


def epoch_of(value: str | None) -> int | None:
    """SOURCE_DATE_EPOCH's value as a date a build was given: None when unset or not a number."""
    return int(value) if value and value.isdigit() else None
