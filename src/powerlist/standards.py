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
from .catalog import Catalog, Entry
from .safefile import write_whole

FORMATS = ("bpmn", "cpsv")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no clock in the file


def _entries(cat: Catalog, item: str | None) -> list[Entry]:
    if item is not None:
        return [cat.entries[item]]
    return [cat.entries[k] for k in sorted(cat.entries)]


def cpsv_bytes(cat: Catalog, entries: list[Entry], turtle: bool = False) -> bytes:
    assert cat.site is not None
    found = [n for e in entries for n in cpsv.nodes(e, cat.site)]
    return cpsv.turtle_bytes(found, cpsv.base_iri(cat.site)) if turtle else cpsv.jsonld_bytes(found)


def bpmn_zip(entries: list[Entry], layouts: bpmn.Layouts | None = None) -> bytes:
    """Every item's BPMN file in one zip, by name, dated 1980."""
    layouts = layouts or bpmn.Layouts()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for e in sorted(entries, key=lambda x: x.id):
            info = zipfile.ZipInfo(f"{e.id}.bpmn", ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, bpmn.document(e, layouts))
    return buf.getvalue()


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
        layouts = bpmn.Layouts()
        for e in entries:
            write_whole(out / f"{e.id}.bpmn", bpmn.document(e, layouts))
    return len(entries)
