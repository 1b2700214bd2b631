"""Files the site configuration (`powers/_site.yaml`) names, checked like
attachments: the 党政机关网站标识 image (`footer.gov_mark_image`), a path in
the site's docs folder that the footer of every page shows.

The model's pattern already keeps the path inside the folder (plain names
joined by /, no `..`, no absolute path). Here: the file exists, neither it
nor any folder on its path is a link, it is a regular file within the size
limit, and its first bytes say it is the image its extension names (PNG,
JPEG, GIF). SVG is refused: an SVG may hold scripts, which run when the file
is opened from the site itself.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from .attachments import OPEN_FLAGS, megabytes, sniff
from .diagnostics import Diagnostic
from .rules import say

if TYPE_CHECKING:
    from .models import Site
    from .yamlsource import Source

_KINDS = {".png": "png", ".jpg": "jpg", ".jpeg": "jpg", ".gif": "gif"}
_NAMES = {"png": "PNG 图片", "jpg": "JPEG 图片", "gif": "GIF 图片"}


def _kind(head: bytes) -> str | None:
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    found, _ = sniff(head)
    return found if found in ("png", "jpg") else None


def problem(docs: Path, rel: str, limit: int) -> tuple[str, dict[str, str]] | None:
    """What is wrong with the file `rel` (a /-separated path) under `docs`,
    as a PL308 variant and its fields; None when it can be published."""
    shown = f"{docs.name}/{rel}"
    ext = os.path.splitext(rel)[1].lower()
    if ext == ".svg":
        return "svg", {"file": shown}
    path = docs
    for part in rel.split("/"):  # no link anywhere on the way: the file stays in the tree
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return "missing", {"file": shown}
        except OSError:
            return "unreadable", {"file": shown}
        if stat.S_ISLNK(mode):
            return "link", {"file": shown}
    try:
        fd = os.open(path, OPEN_FLAGS)
    except OSError as exc:
        return ("link" if exc.errno == errno.ELOOP else "unreadable"), {"file": shown}
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return "not-file", {"file": shown}
        if st.st_size == 0:
            return "empty", {"file": shown}
        if st.st_size > limit:
            return "too-large", {"file": shown, "size": megabytes(st.st_size), "limit": megabytes(limit)}
        kind = _KINDS.get(ext)
        if kind is None or _kind(os.read(fd, 16)) != kind:
            return "content", {"file": shown, "kind": _NAMES.get(kind or "", "图片"), "ext": ext}
        return None
    except OSError:
        return "unreadable", {"file": shown}
    finally:
        os.close(fd)


def check(site: "Site", src: "Source", docs: Path) -> list[Diagnostic]:
    """Every file `_site.yaml` names, each problem at its key."""
    out: list[Diagnostic] = []
    image = site.footer.gov_mark_image
    if image is not None:
        found = problem(docs, image, site.max_attachment_bytes)
        if found is not None:
            variant, fields = found
            out.append(src.diag("PL308", ("footer", "gov_mark_image"), say("PL308", variant, **fields)))
    return out
