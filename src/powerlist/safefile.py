"""Reading a data file safely: a regular file inside the repository, never
a link followed or a pipe waited on, never more than a size limit; a
Chinese diagnostic for anything else."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .diagnostics import Diagnostic

DEFAULT_MAX_BYTES = 256 * 1024


_KINDS = [(stat.S_ISLNK, "符号链接"), (stat.S_ISDIR, "目录"), (stat.S_ISFIFO, "命名管道"),
          (stat.S_ISSOCK, "套接字"), (stat.S_ISCHR, "设备文件"), (stat.S_ISBLK, "设备文件")]


def _not_regular(mode: int) -> str | None:
    """What a non-regular file is, in Chinese; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "特殊文件")


def not_a_file(file: str, kind: str) -> Diagnostic:
    if kind == "符号链接":
        advice = "事项、模板和站点配置须是仓库中的普通文件，不能链接到别处；请删除链接，把内容复制进来"
    elif kind == "目录":
        advice = "目录名不能以 .yaml 或 .yml 结尾；请改名"
    else:
        advice = "请删除它，或换成普通文件"
    return Diagnostic("PL114", file, 1, 1, "", f"不是普通文件（是{kind}）；{advice}")


def _unreadable(file: str, exc: OSError) -> Diagnostic:
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        reason = "文件在检查过程中被删除或移动"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        reason = "没有读取权限"
    else:
        reason = f"读取时出错（系统错误码 {exc.errno}）" if exc.errno else "读取时出错"
    return Diagnostic("PL113", file, 1, 1, "", f"文件无法读取：{reason}；请检查文件后重新运行")


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


def read(path: Path, file: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of a regular file, never following a link or waiting on a
    pipe; a Chinese diagnostic for anything else."""
    refused = refuse_special(path, file)
    if refused is not None:
        return None, [refused]
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # replaced by a link since
            return None, [not_a_file(file, "符号链接")]
        return None, [_unreadable(file, exc)]
    try:
        info = os.fstat(fd)
        kind = _not_regular(info.st_mode)
        if kind:
            return None, [not_a_file(file, kind)]
        if info.st_size > max_bytes:
            return None, [_too_large(file, info.st_size, max_bytes)]
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, max_bytes + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:  # grew while being read
            return None, [_too_large(file, size, max_bytes)]
        return b"".join(chunks), []
    except OSError as exc:
        return None, [_unreadable(file, exc)]
    finally:
        os.close(fd)


def _too_large(file: str, size: int, max_bytes: int) -> Diagnostic:
    return Diagnostic("PL103", file, 1, 1, "", f"文件大小 {size:,} 字节，超过上限 {max_bytes:,} 字节")
