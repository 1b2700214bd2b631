"""The few git facts history needs, read with plain `git` commands (never a
shell, always a timeout): the commits that touched some paths, with what
each did to which file, and the files' contents by blob id.

Every function returns None when there is no git or no repository: the
caller says so rather than guess.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

TIMEOUT = 300
# git reads no user or system configuration that could change its output
_ENV = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "LC_ALL": "C",
        "GIT_TERMINAL_PROMPT": "0"}
NULL = "0" * 40


def git(cwd: Path, *args: str) -> bytes | None:
    try:
        out = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, timeout=TIMEOUT, env=_ENV)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout if out.returncode == 0 else None


def toplevel(path: Path) -> Path | None:
    out = git(path, "rev-parse", "--show-toplevel")
    return Path(out.decode().strip()) if out else None


def resolve(top: Path, ref: str) -> str | None:
    """The commit a ref names (`--end-of-options`: a ref is never an option)."""
    out = git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    return out.decode().strip() if out else None


def is_shallow(top: Path) -> bool:
    out = git(top, "rev-parse", "--is-shallow-repository")
    return out is not None and out.strip() == b"true"


@dataclass(frozen=True, slots=True)
class FileChange:
    status: str  # A, M, D or R (renamed, maybe changed too)
    old_path: str
    new_path: str
    old_blob: str  # NULL when added
    new_blob: str  # NULL when deleted


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    time: int  # committer time, seconds since the epoch
    changes: tuple[FileChange, ...]


def log(top: Path, paths: Iterable[str], rev: str = "HEAD") -> list[Commit] | None:
    """The commits of `rev`'s first-parent line that touched `paths`,
    newest first, with renames found."""
    out = git(top, "log", "--first-parent", "-m", "--raw", "--no-abbrev", "-M", "-z", "--no-color",
              "--format=%x01%H%x02%ct", rev, "--", *paths)
    if out is None:
        return None
    commits = []
    for record in out.decode("utf-8", "surrogateescape").split("\x01")[1:]:
        head, _, rest = record.partition("\0")
        sha, _, time = head.partition("\x02")
        tokens = rest.split("\0")
        changes = []
        i = 0
        while i < len(tokens):
            meta = tokens[i].strip()
            i += 1
            if not meta.startswith(":"):
                continue
            _, _, old_blob, new_blob, status = meta[1:].split(" ")
            if status[0] in "RC":
                old_path, new_path = tokens[i], tokens[i + 1]
                i += 2
            else:
                old_path = new_path = tokens[i]
                i += 1
            changes.append(FileChange(status[0], old_path, new_path, old_blob, new_blob))
        commits.append(Commit(sha, int(time), tuple(changes)))
    return commits


def blobs(top: Path, shas: list[str], limit: int) -> Iterator[tuple[str, bytes | None]]:
    """Each blob's bytes, in the order asked; None for one over `limit`
    bytes (never read into memory) or missing."""
    if not shas:
        return
    import threading

    proc = subprocess.Popen(["git", "-C", str(top), "cat-file", "--batch"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_ENV)
    assert proc.stdin is not None and proc.stdout is not None

    def ask() -> None:  # all at once, beside the reading: neither side waits for the other
        try:
            proc.stdin.write("".join(f"{sha}\n" for sha in shas).encode())
            proc.stdin.close()
        except OSError:  # git ended early: the reader sees the end
            pass

    writer = threading.Thread(target=ask, daemon=True)
    writer.start()
    try:
        for sha in shas:
            header = proc.stdout.readline().split()
            if len(header) != 3:
                yield sha, None
                continue
            size = int(header[2])
            if size > limit:
                remaining = size + 1
                while remaining:
                    chunk = proc.stdout.read(min(remaining, 1 << 16))
                    if not chunk:
                        break
                    remaining -= len(chunk)
                yield sha, None
                continue
            yield sha, proc.stdout.read(size + 1)[:-1]
    finally:
        proc.stdout.close()
        proc.kill()
        proc.wait()
        writer.join(timeout=5)


def archive(top: Path, commit: str, paths: list[str], into: Path) -> bool:
    """The files of `paths` as they were at `commit`, written under `into`
    (tar members checked by tarfile's data filter: no links out, no devices)."""
    import io
    import tarfile

    out = git(top, "archive", "--format=tar", commit, "--", *paths)
    if out is None:
        return False
    with tarfile.open(fileobj=io.BytesIO(out)) as tar:
        tar.extractall(into, filter="data")
    return True
