"""Reading a data file safely: a regular file inside the repository, never
a link followed or a pipe waited on, never more than a size limit; a
Chinese diagnostic for anything else."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from .diagnostics import Diagnostic
from .rules import say

DEFAULT_MAX_BYTES = 256 * 1024


# what a non-regular file is: the PL114 message that says so
_KINDS = [(stat.S_ISLNK, "link"), (stat.S_ISDIR, "dir"), (stat.S_ISFIFO, "fifo"),
          (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "device"), (stat.S_ISBLK, "device")]


def _not_regular(mode: int) -> str | None:
    """What a non-regular file is (a PL114 message variant); None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "special")


def not_a_file(file: str, kind: str) -> Diagnostic:
    return Diagnostic("PL114", file, 1, 1, "", say("PL114", kind))


def _unreadable(file: str, exc: OSError) -> Diagnostic:
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        message = say("PL113", "gone")
    elif exc.errno in (errno.EACCES, errno.EPERM):
        message = say("PL113", "denied")
    else:
        message = say("PL113", "errno", errno=exc.errno) if exc.errno else say("PL113")
    return Diagnostic("PL113", file, 1, 1, "", message)


def refuse_special(path: Path, file: str) -> Diagnostic | None:
    """A diagnostic if `path` is anything but a regular file; links are not
    followed and nothing is opened."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return _unreadable(file, exc)
    kind = _not_regular(mode)
    return not_a_file(file, kind) if kind else None


_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
               | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))


class NotRegular(Exception):
    """What was refused unread: `kind` is a PL114 variant (link, dir, fifo,
    socket, device, special), or "large" for a file over the limit (`size`)."""

    def __init__(self, kind: str, size: int = 0) -> None:
        super().__init__(kind)
        self.kind, self.size = kind, size


def read_bounded(path: Path, max_bytes: int, follow_links: bool = False) -> bytes:
    """The bytes of a regular file, at most `max_bytes` of them: anything
    else (a pipe, device, socket or folder, a link unless `follow_links`, and
    what a link resolves to when it does) is refused before it is opened, and
    again from the opened descriptor (opened without waiting, should a pipe
    have taken its place meanwhile). Raises NotRegular, or OSError."""
    mode = (os.stat if follow_links else os.lstat)(path).st_mode
    kind = _not_regular(mode)
    if kind:
        raise NotRegular(kind)
    flags = _OPEN_FLAGS if not follow_links else _OPEN_FLAGS & ~getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_links:  # replaced by a link since
            raise NotRegular("link") from None
        raise
    try:
        info = os.fstat(fd)
        kind = _not_regular(info.st_mode)
        if kind:
            raise NotRegular(kind)
        if info.st_size > max_bytes:
            raise NotRegular("large", info.st_size)
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, max_bytes + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:  # grew while being read
            raise NotRegular("large", size)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read(path: Path, file: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of a regular file, never following a link or waiting on a
    pipe; a Chinese diagnostic for anything else."""
    try:
        return read_bounded(path, max_bytes), []
    except NotRegular as exc:
        if exc.kind == "large":
            return None, [_too_large(file, exc.size, max_bytes)]
        return None, [not_a_file(file, exc.kind)]
    except OSError as exc:
        return None, [_unreadable(file, exc)]


def _too_large(file: str, size: int, max_bytes: int) -> Diagnostic:
    return Diagnostic("PL103", file, 1, 1, "", say("PL103", size=size, limit=max_bytes))


def write_whole(target: Path, data: bytes) -> None:
    """The file whole or not at all: written to a new file of a random name
    beside it (never through a link someone left there), then renamed. The
    folder is made (or said not to be one) only when it is not there."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except (FileNotFoundError, NotADirectoryError):
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o644)
        finally:
            os.close(fd)
        if not hasattr(os, "fchmod"):  # Windows before Python 3.13
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
