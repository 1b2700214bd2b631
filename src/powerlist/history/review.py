"""The pull-request rule: compared with a base (`check --base origin/main`),
every item whose public facts changed is listed by a notice this change
adds (or, for a wording fix, a 勘误 record); no item file is deleted; a
published notice is not edited.

What counts is the data, not the text: comments, key order and quoting
are free to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic
from ..rules import say
from ..yamlsource import parse
from . import git
from .diff import _NAMING, FieldChange, compare

if TYPE_CHECKING:
    from ..catalog import Catalog

_SEGMENT = re.compile(r"([^.\[]+)|\[([^\]]*)\]")


def _ls(top: Path, commit: str, rel: str) -> dict[str, tuple[str, str]]:
    """stem → (blob, path) of the YAML files under `rel` at `commit`."""
    out = git.git(top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", rel)
    found: dict[str, tuple[str, str]] = {}
    for record in (out or b"").decode("utf-8", "surrogateescape").split("\0"):
        meta, _, path = record.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob" and path.endswith((".yaml", ".yml")):
            found[Path(path).stem] = (parts[2], path)
    return found


def _loc(data, path: str) -> tuple:
    """A dotted change path (`materials[申请表].copies`) as a key path into `data`."""
    loc: list = []
    node = data
    for name, bracket in _SEGMENT.findall(path):
        if name:
            loc.append(name)
            node = node.get(name) if isinstance(node, dict) else None
        elif isinstance(node, list):
            index = next((i for i, x in enumerate(node) if isinstance(x, dict)
                          and any(x.get(k) == bracket for k in _NAMING)), None)
            if index is None and bracket.isdigit():
                index = int(bracket) - 1
            if index is None or not 0 <= index < len(node):
                break
            loc.append(index)
            node = node[index]
        else:
            break
    return tuple(loc)


@dataclass(frozen=True, slots=True)
class ItemChange:
    """What a change did to one item of the list, compared with a base."""

    ident: str
    before: str | None  # its id at the base (another one when it was renamed); None: a new item
    changes: tuple[FieldChange, ...]  # its public fields that differ (none for a new item)
    status_before: str | None = None  # its status at the base, as written there


def renamed_at(cat: "Catalog", before) -> dict[str, str]:
    """Items renamed by this change: the former id (an item file at the
    base, gone now, named in an item's renamed_from) → the id it has now."""
    return {old: new for old, new in cat.renamed.items() if old in before and old not in cat.item_ids}


def item_changes(cat: "Catalog", top: Path, commit: str, before: dict[str, tuple[str, str]],
                 texts: dict[str, bytes | None]) -> dict[str, ItemChange]:
    """Every item of `cat` that is new or whose public facts differ from the
    base (`before`: the base's item files, `texts`: their contents), a
    renamed one compared with its file under the former id: the one
    comparison both the pull-request rule and `powerlist notice` use."""
    former = {new: old for old, new in renamed_at(cat, before).items()}
    out: dict[str, ItemChange] = {}
    for ident, e in sorted(cat.entries.items()):
        was = ident if ident in before else former.get(ident)
        if was is None:
            out[ident] = ItemChange(ident, None, ())
            continue
        blob, path = before[was]
        raw = texts.get(blob)
        if was == ident and raw is not None and raw == e.source.text.encode("utf-8"):
            continue  # the same bytes: nothing to compare
        src = parse(raw, path)[0] if raw is not None else None
        old = src.data if src is not None else None
        changes = tuple(compare(old, e.source.data))
        status = old.get("status", "在用") if isinstance(old, dict) else None
        if changes or was != ident:
            out[ident] = ItemChange(ident, was, changes, status if isinstance(status, str) else None)
    return out


def base_state(cat: "Catalog", base: str):
    """The repository, the base's commit, its item files and notice files
    (stem → (blob, path)) and their texts; or a PL713 diagnostic."""
    powers = Path(cat.root)
    top = git.toplevel(powers)
    commit = git.resolve(top, base) if top is not None else None
    if top is None or commit is None:
        reason = "不在 git 仓库中" if top is None else "没有这个提交、分支或标签（CI 的检出需要 fetch-depth: 0）"
        return Diagnostic("PL713", str(powers), 1, 1, "", say("PL713", base=base, reason=reason))
    from . import _rel

    rel_powers, rel_changes = _rel(top, powers), _rel(top, powers.parent / "changes")
    before = {k: v for k, v in _ls(top, commit, rel_powers).items() if not k.startswith("_")}
    notices_before = _ls(top, commit, rel_changes)
    wanted = [blob for blob, _ in before.values()] + [blob for blob, _ in notices_before.values()]
    texts = {sha: raw for sha, raw in git.blobs(top, wanted, 16 * 1024 * 1024)}
    return top, commit, before, notices_before, texts


def against(cat: "Catalog", base: str) -> list[Diagnostic]:
    """The rule's findings for the working tree of `cat` against `base`."""
    state = base_state(cat, base)
    if isinstance(state, Diagnostic):
        return [state]
    top, commit, before, notices_before, texts = state
    out: list[Diagnostic] = []
    # the notices this change adds or edits, and the items they list
    covered: dict[str, set[str]] = {}  # item → the kinds of the entries listing it
    for nid, r in cat.notices.items():
        old = notices_before.get(nid)
        if old is not None:
            if texts.get(old[0]) == r.source.text.encode("utf-8"):
                continue
            out.append(Diagnostic("PL712", r.file, 1, 1, "", say("PL712", base=base, file=r.file)))
        for entry in r.notice.entries:
            for ident in (*entry.items, *entry.into):
                covered.setdefault(ident, set()).add(entry.kind)
    renamed = renamed_at(cat, before)  # a rename is no deletion, and needs no record of itself
    for ident, (blob, path) in sorted(before.items()):
        if ident not in cat.entries and ident not in renamed:
            out.append(Diagnostic("PL710", path, 1, 1, "", say("PL710", base=base, file=path)))
    changed = item_changes(cat, top, commit, before, texts)
    for ident, e in sorted(cat.entries.items()):
        delta = changed.get(ident)
        kinds = covered.get(ident, set()) | (covered.get(delta.before, set()) if delta and delta.before else set())
        if kinds and kinds != {"指南更新"}:
            continue
        if delta is None:
            continue
        if delta.before is None:
            out.append(e.source.diag("PL711", ("name",), say("PL711", "new", base=base, item=ident)))
            continue
        changes = list(delta.changes)
        if kinds:  # a guide update covers the guide only
            changes = [c for c in changes if not c.path.startswith("service.") and c.path != "service"]
        if not changes:
            continue
        fields = "、".join(dict.fromkeys(c.label for c in changes[:3])) + ("等" if len(changes) > 3 else "")
        out.append(e.source.diag("PL711", _loc(e.source.data, changes[0].path),
                                 say("PL711", "guide" if kinds else "", base=base, fields=fields, item=ident)))
    from ..names import similar_new  # a reviewer's hint: a new item very close to a current one

    out += similar_new(cat, [ident for ident, ch in changed.items() if ch.before is None])
    return out
