"""Files made by earlier builds, on disk by a fingerprint of what they are
made from: a warm build reads them instead of making them again.

>>> import tempfile
>>> c = BytesCache(tempfile.mkdtemp())
>>> c.get_or_make("ab12", lambda: b"made")
b'made'
>>> c.get_or_make("ab12", lambda: b"not called")
b'made'
"""

from __future__ import annotations

import collections
import functools
import hashlib
import os
from pathlib import Path
from typing import Callable, Generic, TypeVar

from .safefile import write_whole


K = TypeVar("K")
V = TypeVar("V")


class Recent(collections.OrderedDict[K, V], Generic[K, V]):
    """A memo of the `size` values set last: what items share (a template's
    steps, a flow's layout) is found again, while a list of 10,000 distinct
    flows is never held whole.

    >>> m = Recent(2)
    >>> m["a"], m["b"], m["c"] = 1, 2, 3
    >>> list(m)
    ['b', 'c']
    """

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        if len(self) > self.size:
            self.popitem(last=False)


class BytesCache:
    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.dir = Path(directory)

    def path(self, key: str) -> Path:
        return self.dir / key[:2] / key

    def write(self, key: str, data: bytes) -> None:
        write_whole(self.path(key), data)  # atomic: a parallel build never reads half a file

    def get_or_make(self, key: str, make: Callable[[], bytes]) -> bytes:
        path = self.path(key)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            pass
        data = make()
        write_whole(path, data)  # atomic: a parallel build never reads half a file
        return data


@functools.cache
def code_fingerprint() -> str:
    """A fingerprint of this package's code: a cached file made by other code is never used."""
    h = hashlib.sha1()
    root = Path(__file__).parent.parent
    for f in sorted(root.rglob("*.py")):
        h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()
