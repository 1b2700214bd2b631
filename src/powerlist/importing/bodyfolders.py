"""Where imported rows go in a list of several bodies (see `bodies`): a row
whose 实施主体 is a body of the list goes to that body's folder; one whose
实施主体 is a body the list does not have yet creates the body (its folder
and `_body.yaml`, its units those of its rows); one of the site's own
authority, or without a 实施主体, stays in powers/. A 实施主体 written as a
level (市级) is no body: `rows` reports it and leaves the row's subject
unsaid.

A list of one department (no body folder yet) whose rows name one other
实施主体 at most keeps it as the item's `subject` (an organisation that acts
for the department, as in the example): bodies are made for a list of
several, that is when the list has body folders already or the rows name
two other bodies or more.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..core.bodies import BODY_FILE, OWN, BodyConfig, NATURE_OF_KIND, body_of, is_multi, kind_of
from ..core.models import NOT_STATED
from ..core.layout import ID_RE, display_path
from ..core.records import Catalog
from ..outputs.search import pinyin
from .rows import Row


@dataclass
class NewBody:
    """A body the import creates."""

    id: str
    name: str
    kind: str
    units: list[str] = field(default_factory=list)
    lanes: list[str] = field(default_factory=list)
    rows: int = 0

    def text(self) -> str:
        q = lambda v: json.dumps(v, ensure_ascii=False)  # noqa: E731 - JSON is YAML, read back exactly
        lines = ["# yaml-language-server: $schema=../../docs/schema/body.schema.json",
                 "# 部门配置：导入时新建。请核对名称，补上全称、地址、咨询电话和监督方式（没写的监督方式用站点配置的）。",
                 f"name: {q(self.name)}", f"kind: {q(self.kind)}"]
        if self.units:
            lines.append(f"units: [{', '.join(q(u) for u in self.units)}]")
        if self.lanes:
            lines.append(f"lanes: [{', '.join(q(u) for u in self.lanes)}]")
        return "\n".join(lines) + "\n"


def place(rows: list[Row], cat: Catalog, powers_dir: Path) -> tuple[dict[int, str], list[NewBody]]:
    """Each row's body (by the row's index: OWN for the site's own authority),
    and the bodies created, in the order met. The created bodies are added
    to `cat.bodies`, so that the rows are checked against their units. A row
    placed in a body loses its `subject` (the folder says it), unless it
    gives a 实施主体性质 other than the body's."""
    assert cat.site is not None
    by_name = {n: b.id for b in cat.bodies.values() for n in b.names()}
    taken = {p.name for p in powers_dir.iterdir()} if powers_dir.is_dir() else set()
    created: dict[str, NewBody] = {}
    where: dict[int, str] = {}
    unknown = {row.data["subject"].get("name") for row in rows if isinstance(row.data.get("subject"), dict)} - set(by_name)
    if not is_multi(cat) and len(unknown - {None, "", NOT_STATED}) < 2:
        return {row.index: OWN for row in rows}, []
    for row in rows:
        subject = row.data.get("subject")
        name = subject.get("name") if isinstance(subject, dict) else None
        if not name or name == NOT_STATED:  # not stated (or a level): no body is named
            where[row.index] = OWN
            continue
        assert isinstance(subject, dict)  # it named the body
        ident = by_name.get(name)
        if ident is None:
            ident = _free(pinyin(name)[1], taken)
            taken.add(ident)
            nature = subject.get("nature")
            kind = str(kind_of(nature)) if nature else "行政机关"  # rows leave out a stated 法定机关; 未载明 is written
            created[ident] = NewBody(ident, name, kind)  # its posts: the site's until stated (no flow is imported)
            by_name[name] = ident
        where[row.index] = ident
        new = created.get(ident)
        if new is not None:
            new.rows += 1
            units = row.data["units"] if isinstance(row.data.get("units"), list) else []  # or 未载明
            for u in units:
                if u not in new.units:
                    new.units.append(u)
        if ident == OWN:
            continue
        kind = new.kind if new is not None else cat.bodies[ident].kind
        if subject.get("nature") in (None, NATURE_OF_KIND.get(kind)) and set(subject) <= {"name", "nature"}:
            row.data.pop("subject")
    for new in created.values():
        config = BodyConfig.model_validate({"name": new.name, "kind": new.kind, **({"units": new.units} if new.units else {}),
                                            **({"lanes": new.lanes} if new.lanes else {})})
        cat.bodies[new.id] = body_of(new.id, config, cat.site, display_path(powers_dir / new.id / BODY_FILE))
    return where, list(created.values())


def _free(base: str, taken: set[str]) -> str:
    base = base if ID_RE.match(base) and base != "files" else "bumen"
    ident, n = base, 2
    while ident in taken:
        ident = f"{base}-{n}"
        n += 1
    return ident
