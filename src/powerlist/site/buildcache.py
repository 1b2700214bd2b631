"""What makes a second build of an unchanged list cheap, and a first one
use every core.

`MadeCache`: the files of each planned group (see `pages.Planned`: an
item's page, chart, BPMN and JSON-LD; a list page; the downloads) on disk
by a fingerprint of everything they are made from. A warm build reads the
group back instead of laying out, rendering and zipping it again. Every
entry carries a digest of its content and is checked against it, and
against the paths the plan expects, before it is used: a corrupted, cut
or foreign entry is dropped and made again, never trusted.

`Ahead`: the Graphviz layouts of the charts a build is about to need, made
in worker processes while the main process renders pages (a server, which
must not fork); results are installed by key, so the order in which
workers finish changes nothing, and a worker's layout is byte for byte the
one made in-process (same Graphviz, same input). `Forked`: whole item
groups made in forked workers (`mkdocs build`).

>>> import tempfile
>>> c = MadeCache(tempfile.mkdtemp(), "salt")
>>> c.put("k", ("a", "b"))
>>> c.get("k", ("a", "b"))
('a', 'b')
>>> c.get("k", ("a", "c")) is None  # not what the plan expects: made again
True
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import gc
import hashlib
import multiprocessing
import os
import pickle
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..core.cache import BytesCache
from .pages import Asset

_MAGIC = b"PLMADE2\n"


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
        name = self._key(key)
        path = self.store.path(name)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            if not data.startswith(_MAGIC):
                raise ValueError("not an entry")
            digest, payload = data[len(_MAGIC):len(_MAGIC) + 32], data[len(_MAGIC) + 32:]
            if _digest(name, payload) != digest:
                raise ValueError("digest, or another key's entry")
            made = pickle.loads(zlib.decompress(payload))
            # (ignore: mypy takes getattr's overload for a None default when the default is Any)
            if not isinstance(made, tuple) or sorted(getattr(f, "path", f) for f in made) != sorted(paths):  # type: ignore[type-var]
                raise ValueError("not the files planned")
        except Exception:  # noqa: BLE001 - whatever is wrong with it, it is made again
            path.unlink(missing_ok=True)
            return None
        return made

    def put(self, key: str, made: tuple) -> None:
        name = self._key(key)
        payload = zlib.compress(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL), 1)
        self.store.write(name, _MAGIC + _digest(name, payload) + payload)


def _digest(name: str, payload: bytes) -> bytes:
    """The entry's digest binds its content to its key: an intact entry of
    another key (another edition's group has the same paths) is refused."""
    return hashlib.sha256(name.encode("ascii") + b"\0" + payload).digest()


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
    chart_key: str
    steps: list


def _lay_out(jobs: list[Job], language: str) -> list[tuple[str, object]]:
    from ..outputs.chart import lay_out
    from ..view.words import Words

    w = Words(language)
    return [(job.chart_key, lay_out(_Steps(job.steps), w)) for job in jobs]  # type: ignore[arg-type]


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
                self.pending[job.chart_key] = fut

    def wait(self, keys: Iterable[str | None]) -> None:
        for key in keys:
            fut = self.pending.get(key) if key else None
            if fut is None:
                continue
            for ck, body in fut.result():
                self.install(ck, body)
                self.pending.pop(ck, None)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


# --- whole item groups in forked worker processes ----------------------------------

_FORKED: tuple | None = None  # (builder, plan, cache, site): what a forked worker inherits


@dataclass(frozen=True, slots=True)
class Written:
    """An asset a worker wrote to the site itself: only its path comes back."""

    path: str


def write_asset(site: Path, asset: Asset) -> Written:
    """Write an asset to the site folder (made before `on_files`, its subfolders as needed)."""
    out = site / asset.path
    content = asset.content if isinstance(asset.content, bytes) else asset.content.encode("utf-8")
    try:
        out.write_bytes(content)
    except FileNotFoundError:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
    return Written(asset.path)


def _make_groups(indices: list[int]) -> list[tuple]:
    builder, plan, cache, site = _FORKED  # type: ignore[misc]
    out = []
    for i in indices:
        made = plan[i].make()
        cache.put(plan[i].key, made)
        if site is not None:  # the chart, BPMN and JSON-LD go to the site from here, not through the pipe
            made = tuple(write_asset(site, f) if isinstance(f, Asset) else f for f in made)
        out.append(made)
    return out


def can_fork() -> bool:
    return sys.platform.startswith("linux")


class Forked:
    """Item groups (page, chart, BPMN, JSON-LD: layouts, templates and all)
    made in forked copies of the build process, which inherit the loaded
    list instead of loading it again. Each worker writes what it made to
    the cache, and its assets to the `site` folder, itself; the pages come
    back in plan order, at most WINDOW chunks a worker ahead of the one
    asked for (while the main process makes other files, the workers go on;
    never the whole list in memory). Every GENERATION chunks the workers
    are new forks: a worker's copies of the pages it touched (every object
    it reads has its reference count written) and whatever it memoised go
    with it, so the workers' memory does not grow with the list. Only for
    `mkdocs build`: a server's threads must not be forked."""

    WINDOW = 32  # chunks in flight per worker: 256 items' pages, a few MB
    GENERATION = 64  # chunks (512 items) made by one set of workers

    def __init__(self, builder, plan: list, indices: list[int], cache: MadeCache, count: int,
                 site: Path | None = None) -> None:
        global _FORKED
        self.chunks = [indices[i:i + CHUNK] for i in range(0, len(indices), CHUNK)]
        self.at = {i: (c, k) for c, chunk in enumerate(self.chunks) for k, i in enumerate(chunk)}
        self.queue: collections.deque = collections.deque()
        self.next = 0
        self.got: tuple[int, list] | None = None
        _FORKED = (builder, plan, cache, site)  # until close: a worker may be forked at any submit
        self.count = count
        self.pools: dict[int, cf.ProcessPoolExecutor] = {}  # generation → its workers
        self.window = count * self.WINDOW
        self._fill()

    def _pool(self, chunk: int) -> cf.ProcessPoolExecutor:
        pool = self.pools.get(chunk // self.GENERATION)
        if pool is None:
            gc.freeze()  # the inherited objects stay shared: the collector never touches them in a worker
            pool = self.pools[chunk // self.GENERATION] = cf.ProcessPoolExecutor(
                self.count, mp_context=multiprocessing.get_context("fork"))
        return pool

    def _fill(self) -> None:
        while self.next < len(self.chunks) and len(self.queue) < self.window:
            self.queue.append(self._pool(self.next).submit(_make_groups, self.chunks[self.next]))
            self.next += 1

    def __contains__(self, i: int) -> bool:
        return i in self.at

    def take(self, i: int) -> tuple:
        c, k = self.at[i]
        if self.got is None or self.got[0] != c:
            fut = self.queue.popleft()  # chunks are asked for in plan order
            self.got = (c, fut.result())
            if (c + 1) % self.GENERATION == 0:  # the generation's last chunk: its workers have nothing left to do
                done = self.pools.pop(c // self.GENERATION, None)
                if done is not None:
                    done.shutdown(wait=True)
            self._fill()
        return self.got[1][k]

    def close(self) -> None:
        global _FORKED
        for pool in self.pools.values():
            pool.shutdown(wait=True, cancel_futures=True)
        self.pools = {}
        _FORKED = None
        gc.unfreeze()
