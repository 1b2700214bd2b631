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
# (and every pathspec is a plain path: no glob or magic a folder's name could start)
_ENV = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "LC_ALL": "C",
        "GIT_TERMINAL_PROMPT": "0", "GIT_LITERAL_PATHSPECS": "1"}
NULL = "0" * 40


def git(cwd: Path, *args: str) -> bytes | None:
    try:
        out = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, timeout=TIMEOUT, env=_ENV)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout if out.returncode == 0 else None


def relative(top: Path, path: Path) -> str:
    """`path` relative to the repository's top folder `top`, with slashes."""
    return Path(os.path.relpath(path.resolve(), top)).as_posix()


def commit_time(path: Path, *pathspec: str) -> int | None:
    """The time of the last commit of the repository holding `path` (of
    `pathspec` only, when given): seconds since the epoch; None without one."""
    out = git(path, "log", "-1", "--format=%ct", *(("--", *pathspec) if pathspec else ()))
    text = out.decode("ascii", "replace").strip() if out else ""
    return int(text) if text.isdigit() else None


def toplevel(path: Path) -> Path | None:
    out = git(path, "rev-parse", "--show-toplevel")
    # the folder's name as the file system has it: any bytes, spaces at the end included
    return Path(os.fsdecode(out[:-1] if out.endswith(b"\n") else out)) if out else None


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
    newest first, with renames found. None when git fails or says
    something this reading does not expect: no history rather than a wrong one."""
    out = git(top, "log", "--first-parent", "-m", "--raw", "--no-abbrev", "-M", "-z", "--no-color",
              "--format=%H%x00%ct", rev, "--", *paths)
    if out is None:
        return None
    try:
        return parse_log(out)
    except ValueError:
        return None


def _is_null(blob: str) -> bool:
    return not blob.strip("0")


def parse_log(out: bytes) -> list[Commit]:
    """`git log -z --raw --format=%H%x00%ct` read field by field. Every
    field ends with NUL, and a file name is taken by its position (one after
    a change record, two after a rename or copy), never by what it looks
    like: a name may hold any byte but NUL (newlines, tabs, quotes, \\x01,
    bytes that are not UTF-8, kept as surrogate escapes like `os.fsdecode`).
    Raises ValueError on output of another shape.

    >>> parse_log(b"a1\\x00100\\x00\\n:100644 100644 b1 b2 M\\x00p/a\\nb.yaml\\x00:000000 100644 00 b3 A\\x00p/:c\\x00")
    [Commit(sha='a1', time=100, changes=(FileChange(status='M', old_path='p/a\\nb.yaml', new_path='p/a\\nb.yaml', old_blob='b1', new_blob='b2'), FileChange(status='A', old_path='p/:c', new_path='p/:c', old_blob='0000000000000000000000000000000000000000', new_blob='b3')))]
    """
    tokens = out.decode("utf-8", "surrogateescape").split("\0")
    commits: list[Commit] = []
    sha: str | None = None
    when = 0
    changes: list[FileChange] = []
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i].lstrip("\n")
        i += 1
        if token.startswith(":") and sha is not None:  # a change record: its names follow
            fields = token[1:].split(" ")
            if len(fields) != 5 or not fields[4]:
                raise ValueError(f"not a raw diff record: {token!r}")
            old_blob, new_blob, status = fields[2], fields[3], fields[4][0]
            names = 2 if status in "RC" else 1
            if i + names > n:
                raise ValueError("a change record without its file name")
            old_path, new_path = tokens[i], tokens[i + names - 1]
            i += names
            changes.append(FileChange(status, old_path, new_path, NULL if _is_null(old_blob) else old_blob,
                                      NULL if _is_null(new_blob) else new_blob))
        elif token:  # the next commit: its id, then its time
            if sha is not None:
                commits.append(Commit(sha, when, tuple(changes)))
            if i >= n or not tokens[i].isdigit() or not all(c in "0123456789abcdef" for c in token):
                raise ValueError(f"not a commit header: {token!r}")
            sha, when, changes = token, int(tokens[i]), []
            i += 1
    if sha is not None:
        commits.append(Commit(sha, when, tuple(changes)))
    return commits


def ever_named(top: Path, path: str, rev: str = "HEAD") -> set[str] | None:
    """Every file name `path` (a folder) held in `rev`'s first-parent line,
    at any time, in one read: where an item that no longer exists once was.
    Other branches, stashes and abandoned commits are not the list's history."""
    out = git(top, "log", "--first-parent", "-m", "--no-renames", "--name-only", "-z", "--no-color",
              "--format=", rev, "--", path)
    if out is None:
        return None
    return {name for name in out.decode("utf-8", "surrogateescape").split("\0") if name}


def blobs(top: Path, shas: list[str], limit: int) -> Iterator[tuple[str, bytes | None]]:
    """Each blob's bytes, in the order asked; None for one over `limit`
    bytes (never read into memory) or missing."""
    if not shas:
        return
    import threading

    proc = subprocess.Popen(["git", "-C", str(top), "cat-file", "--batch"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_ENV)
    assert proc.stdin is not None and proc.stdout is not None
    stdin = proc.stdin

    def ask() -> None:  # all at once, beside the reading: neither side waits for the other
        try:
            stdin.write("".join(f"{sha}\n" for sha in shas).encode())
            stdin.close()
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


def archive(top: Path, commit: str, paths: list[str], into: Path) -> list[str] | None:
    """The files of `paths` as they were at `commit`, written under `into`;
    None when git cannot give them. Only regular files and folders are
    written: a link (to anywhere: a link the data folders hold is refused
    by today's loader anyway) or anything tarfile's data filter refuses
    (absolute names, `..`, devices) is left out, and its name returned, so
    that the caller refuses that version rather than export it without them."""
    import tarfile
    import tempfile

    refused: list[str] = []

    def only_plain(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo | None:
        if not (member.isfile() or member.isdir()):
            refused.append(member.name)
            return None
        try:
            return tarfile.data_filter(member, dest)
        except tarfile.FilterError:
            refused.append(member.name)
            return None

    with tempfile.TemporaryDirectory(prefix="powerlist-archive-") as tmp:  # on disk: a past commit may be large
        tar_file = Path(tmp) / "a.tar"
        if git(top, "archive", "--format=tar", f"--output={tar_file}", commit, "--", *paths) is None:
            return None
        try:
            with tarfile.open(tar_file) as tar:
                tar.extractall(into, filter=only_plain)
        except (tarfile.TarError, OSError):
            return None
    return refused


def hash_files(top: Path, paths: list[str]) -> dict[str, str]:
    """path (relative to `top`) → the blob id git would give the file now, in one call."""
    if not paths:
        return {}
    try:
        out = subprocess.run(["git", "-C", str(top), "hash-object", "--stdin-paths"], capture_output=True,
                             timeout=TIMEOUT, env=_ENV,
                             input="".join(p + "\n" for p in paths).encode("utf-8", "surrogateescape"))
    except (OSError, subprocess.TimeoutExpired):
        return {}
    ids = out.stdout.decode().split() if out.returncode == 0 else []
    return dict(zip(paths, ids)) if len(ids) == len(paths) else {}
