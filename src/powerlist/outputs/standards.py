"""`powerlist export --format bpmn|cpsv`: the flows and services in the
standards others read (see `bpmn` and `cpsv`), as files.

- bpmn, one item: one `.bpmn` file; every item: a folder of `<id>.bpmn`.
- cpsv: one JSON-LD file (Turtle when the name ends in `.ttl`) of one item
  or of every item.

The same data gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from . import bpmn, cpsv
from ..core.records import Catalog, Entry
from ..core.changes import is_current
from ..core.safefile import write_whole

FORMATS = ("bpmn", "cpsv")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no clock in the file


def _entries(cat: Catalog, item: str | None) -> list[Entry]:
    if item is not None:
        return [cat.entries[item]]
    return [cat.entries[k] for k in sorted(cat.entries) if is_current(cat.entries[k].item)]


def cpsv_bytes(cat: Catalog, entries: list[Entry], turtle: bool = False) -> bytes:
    assert cat.site is not None
    found = [n for e in entries for n in cpsv.nodes(e, cat.site, cat.bodies.get(e.body))]
    base = cpsv.base_iri(cat.site)
    return cpsv.turtle_bytes(found, base) if turtle else cpsv.jsonld_bytes(found, base)


class Bundle:
    """A zip of one file per item, filled as the items' files are made (a
    site build makes each once, for its page) and finished with whatever
    is still missing; entries are dated 1980, so the same files in the same
    order give the same bytes."""

    def __init__(self, suffix: str, make, wants=lambda e: True) -> None:
        self.suffix, self.make, self.wants = suffix, make, wants  # make(entry) -> bytes; wants(entry): in the zip
        self.buf = io.BytesIO()
        self._zip: zipfile.ZipFile | None = None  # opened by the first file: a bundle only asked how to make one opens none
        self.names: set[str] = set()

    @property
    def zip(self) -> zipfile.ZipFile:
        if self._zip is None:
            self._zip = zipfile.ZipFile(self.buf, "w", zipfile.ZIP_DEFLATED)
        return self._zip

    def add(self, e: Entry, data: bytes) -> None:
        name = f"{e.id}{self.suffix}"
        if name not in self.names:
            self.names.add(name)
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            self.zip.writestr(info, data)

    def finish(self, entries: list[Entry]) -> bytes:
        for e in entries:
            if self.wants(e) and f"{e.id}{self.suffix}" not in self.names:
                self.add(e, self.make(e))
        self.zip.close()
        return self.buf.getvalue()


def has_flow(e: Entry) -> bool:
    """An item whose flow is not published yet has no BPMN file: there is no process to describe."""
    return e.flow is not None


def bundles(cat: Catalog) -> dict[str, Bundle]:
    """The two zips of the whole set: BPMN files, CPSV-AP JSON-LD files."""
    return {"bpmn": Bundle(".bpmn", bpmn.document, has_flow),  # no flow: no BPMN
            "cpsv": Bundle(".jsonld", lambda e: cpsv_bytes(cat, [e]))}


def write(cat: Catalog, fmt: str, out: Path, item: str | None = None) -> int:
    """Write the files; returns how many items they hold. `item` must be
    an id of the catalog. Every item as BPMN goes into the folder `out`."""
    entries = _entries(cat, item)
    if fmt == "cpsv":
        write_whole(out, cpsv_bytes(cat, entries, turtle=out.suffix == ".ttl"))
    elif item is not None:
        write_whole(out, bpmn.document(entries[0]))
    else:
        out.mkdir(parents=True, exist_ok=True)
        entries = [e for e in entries if has_flow(e)]
        for e in entries:
            write_whole(out / f"{e.id}.bpmn", bpmn.document(e))
    return len(entries)
