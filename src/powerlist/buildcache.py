"""What makes a second build of an unchanged list cheap, and a first one
use every core.

`MadeCache`: the files of each planned group (see `pages.Planned`: an
item's page, chart, BPMN and JSON-LD; a list page; the downloads) on disk
by a fingerprint of everything they are made from. A warm build reads the
group back instead of laying out, rendering and zipping it again. Every
entry carries a digest of its content and is checked against it, and
against the paths the plan expects, before it is used: a corrupted, cut
or foreign entry is dropped and made again, never trusted.

`lay_out_ahead`: the Graphviz layouts (the chart's and the BPMN drawing's)
of the flows a build is about to need, made in worker processes while the
main process renders pages; results are installed by key, so the order in
which workers finish changes nothing, and a worker's layout is byte for
byte the one made in-process (same Graphviz, same input).

>>> import tempfile
>>> c = MadeCache(tempfile.mkdtemp(), "salt")
>>> c.put("k", ("a", "b"))
>>> c.get("k", ("a", "b"))
('a', 'b')
>>> c.get("k", ("a", "c")) is None  # not what the plan expects: made again
True
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import multiprocessing
import os
import pickle
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .cache import BytesCache

_MAGIC = b"PLMADE1\n"


class MadeCache:
    """Planned groups' files on disk; `salt` holds what every key depends
    on besides the group's own fingerprint (code, settings, language)."""

    def __init__(self, directory: str | os.PathLike, salt: str) -> None:
        self.store = BytesCache(directory)
        self.salt = salt

    def _key(self, key: str) -> str:
        return hashlib.sha256(f"{self.salt}\0{key}".encode("utf-8", "surrogatepass")).hexdigest()

    def has(self, key: str) -> bool:
        return self.store.path(self._key(key)).is_file()

    def get(self, key: str, paths: tuple[str, ...]) -> tuple | None:
        """The group's files, if an intact entry of the files at `paths` is there."""
        path = self.store.path(self._key(key))
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            if not data.startswith(_MAGIC):
                raise ValueError("not an entry")
            digest, payload = data[len(_MAGIC):len(_MAGIC) + 32], data[len(_MAGIC) + 32:]
            if hashlib.sha256(payload).digest() != digest:
                raise ValueError("digest")
            made = pickle.loads(zlib.decompress(payload))
            if not isinstance(made, tuple) or sorted(getattr(f, "path", f) for f in made) != sorted(paths):
                raise ValueError("not the files planned")
        except Exception:  # noqa: BLE001 - whatever is wrong with it, it is made again
            path.unlink(missing_ok=True)
            return None
        return made

    def put(self, key: str, made: tuple) -> None:
        payload = zlib.compress(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL), 1)
        self.store.write(self._key(key), _MAGIC + hashlib.sha256(payload).digest() + payload)


# --- layouts in worker processes ------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Steps:
    """What a layout reads of a flow: its steps (a worker gets no source text)."""

    steps: list

    @property
    def start(self):
        return next((s for s in self.steps if s.kind == "start"), None)


@dataclass(frozen=True, slots=True)
class Job:
    chart_key: str | None  # None: the chart's layout is not needed
    bpmn_key: str | None
    steps: list


def _lay_out(jobs: list[Job], language: str) -> list[tuple[str | None, object, str | None, object]]:
    from . import bpmn
    from .chart import lay_out
    from .render import Words

    w = Words(language)
    out = []
    for job in jobs:
        flow = _Steps(job.steps)
        body = lay_out(flow, w) if job.chart_key else None  # type: ignore[arg-type]
        drawing = bpmn.drawing(flow) if job.bpmn_key else None  # type: ignore[arg-type]
        out.append((job.chart_key, body, job.bpmn_key, drawing))
    return out


def workers(setting: int) -> int:
    """Worker processes for layouts: the setting, or (0) one per core this
    process may use, at most 4."""
    if setting > 0:
        return setting
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return min(cores, 4)


MIN_PARALLEL = 48  # fewer layouts than this: the workers' start costs more than they save
CHUNK = 8  # flows per task: fewer round trips, still an even share between workers


class Ahead:
    """Layouts being made in worker processes, in the order they will be
    asked for; `wait(key)` blocks until the chunk holding it is back, and
    every result is handed to `install`."""

    def __init__(self, jobs: list[Job], language: str, count: int, install) -> None:
        self.install = install
        self.pending: dict[str, cf.Future] = {}
        self.pool: cf.ProcessPoolExecutor | None = None
        if not jobs:
            return
        # spawn: a worker starts clean (no copy of the build's memory, no threads of a server)
        self.pool = cf.ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"))
        for i in range(0, len(jobs), CHUNK):
            chunk = jobs[i:i + CHUNK]
            fut = self.pool.submit(_lay_out, chunk, language)
            for job in chunk:
                for key in (job.chart_key, job.bpmn_key):
                    if key:
                        self.pending[key] = fut

    def wait(self, keys: Iterable[str | None]) -> None:
        for key in keys:
            fut = self.pending.get(key) if key else None
            if fut is None:
                continue
            for ck, body, bk, drawing in fut.result():
                self.install(ck, body, bk, drawing)
                self.pending.pop(ck, None)
                self.pending.pop(bk, None)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
