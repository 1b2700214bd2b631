"""Each item's 变更记录, from the git history of its file (renames
followed): which public fields changed in which commit, old → new, and
the adjustment notice that covered the change.

The field changes of a commit never change, so they are cached on disk by
commit (`<cache>/<commit>.json`): a warm build runs one `git log` and reads
those files; only new commits are compared. No git, no repository: the
history is `available=False` and the site says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.cache import code_fingerprint
from ..core.safefile import write_whole
from ..core.yamlsource import parse
from ..core.layout import changes_dir as changes_folder, flows_dir as flows_folder
from ..core.vocab import ADDING
from . import git
from .git import relative as _rel
from .diff import FieldChange, compare_flat, flatten

if TYPE_CHECKING:
    from ..core.records import Catalog


@dataclass(frozen=True, slots=True)
class Version:
    commit: str
    time: int  # commit time, seconds since the epoch
    kind: str  # "added" (first version), "changed", "renamed" (path only), "unreadable" (today's
    # loader refuses this version), "incomparable" (it refuses the version before),
    # "earliest" (the oldest version a shallow clone knows: not necessarily the first)
    changes: tuple[FieldChange, ...]
    notice: str | None  # the notice that covered it (its id), if any


@dataclass(slots=True)
class History:
    available: bool
    shallow: bool = False  # a shallow clone: older versions are not known
    head: str = ""  # the commit the site is built from
    head_time: int = 0
    items: dict[str, list[Version]] = field(default_factory=dict)  # newest first
    # notice id → (the commit that added it, its place in the log counted from the newest, its time)
    notice_added: dict[str, tuple[str, int, int]] = field(default_factory=dict)

    def of(self, ident: str) -> list[Version]:
        return self.items.get(ident, [])

    def covered_by(self, notice: str) -> dict[str, list[Version]]:
        """The item versions a notice covered, by item."""
        out: dict[str, list[Version]] = {}
        for ident, versions in self.items.items():
            for v in versions:
                if v.notice == notice:
                    out.setdefault(ident, []).append(v)
        return out


def read(cat: "Catalog", cache_dir: Path | None = None) -> History:
    """The history of every item of `cat` (a loaded catalog)."""
    powers = Path(cat.root)
    top = git.toplevel(powers)
    head = git.resolve(top, "HEAD") if top is not None else None
    if top is None or head is None:
        return History(available=False)
    changes_dir = changes_folder(powers)
    flows = Path(next(iter(cat.templates.values())).source.file).parent if cat.templates else flows_folder(powers)
    rel_powers, rel_changes, rel_flows = _rel(top, powers), _rel(top, changes_dir), _rel(top, flows)
    commits = git.log(top, [rel_powers, rel_changes, rel_flows])
    if commits is None:
        return History(available=False)
    times = git.git(top, "log", "-1", "--format=%ct", head)
    h = History(available=True, shallow=git.is_shallow(top), head=head,
                head_time=int(times.decode().strip()) if times else 0)
    tracked = {_rel(top, Path(e.file) if Path(e.file).is_absolute() else Path.cwd() / e.file): e.id
               for e in cat.entries.values()}
    notice_prefix = rel_changes.rstrip("/") + "/"
    files_prefix = ("" if rel_powers == "." else rel_powers.rstrip("/") + "/") + "files/"
    # the item changes of each commit, newest first; when each notice was added
    touched: list[tuple[int, git.Commit, list[tuple[str, git.FileChange]]]] = []
    attached: dict[tuple[str, str], list[FieldChange]] = {}  # (commit, item) → its attachments' and templates' changes
    flows_prefix = rel_flows.rstrip("/") + "/"
    reshaped: list[tuple[str, str, str, str]] = []  # (commit, template, old blob, new blob): a template edited
    ident: str | None  # an attachment's item, then the item a change is of (None: not an item file)
    for k, c in enumerate(commits):
        mine = []
        for ch in c.changes:
            if ch.status in "MR" and ch.new_path.startswith(flows_prefix) and ch.new_path.endswith((".yaml", ".yml")) \
                    and "/" not in ch.new_path[len(flows_prefix):] and ch.old_blob != ch.new_blob:
                reshaped.append((c.sha, Path(ch.new_path).stem, ch.old_blob, ch.new_blob))
            for path, old, new in _attachment_sides(ch, files_prefix, cat.renamed):
                ident, _, name = path[len(files_prefix):].partition("/")
                if ident in cat.entries and name:
                    attached.setdefault((c.sha, ident), []).append(attachment_change(name, old, new))
            if ch.status == "A" and ch.new_path.startswith(notice_prefix) and ch.new_path.endswith((".yaml", ".yml")):
                h.notice_added[Path(ch.new_path).stem] = (c.sha, k, c.time)  # the oldest add wins (walked newest first)
            ident = tracked.get(ch.new_path)
            if ident is None or ch.status == "D":
                continue
            if ch.status == "A" and ident in cat.entries and cat.entries[ident].item.renamed_from:
                ch = _renamed_here(c, ch, cat.entries[ident].item.renamed_from, notice_prefix)
            mine.append((ident, ch))
            del tracked[ch.new_path]
            if ch.status == "R":
                tracked[ch.old_path] = ident
            elif ch.status == "M":
                tracked[ch.new_path] = ident
        if mine:
            touched.append((k, c, mine))
    limit = cat.site.max_file_bytes if cat.site else 256 * 1024
    store = Path(cache_dir) if cache_dir is not None else None
    for k, c, mine in touched:
        diffs = _commit_diffs(top, c, mine, limit, store)
        for ident, ch in mine:
            kind, found = diffs[f"{ch.old_blob}:{ch.new_blob}"]
            if kind == "added" and h.shallow and k == len(commits) - 1:
                kind = "earliest"  # where a shallow clone's history starts, not where the item did
            h.items.setdefault(ident, []).append(
                Version(c.sha, c.time, kind if ch.status != "R" or found or kind != "changed" else "renamed",
                        tuple(FieldChange(*x) for x in found), None))
    _add_template_changes(cat, top, reshaped, attached, limit)
    index = {c.sha: k for k, c in enumerate(commits)}
    _add_attachments(h, attached, {c.sha: c.time for c in commits}, index)
    _link(cat, h, index)
    return h


def _add_template_changes(cat: "Catalog", top: Path, reshaped: list[tuple[str, str, str, str]],
                          into: dict[tuple[str, str], list[FieldChange]], limit: int) -> None:
    """A flow template's edits, as changes of each item that uses it now:
    its page shows the template's steps, so its history says when they
    changed (named by the template's own name, never its file name). One
    blob read for all; a version that cannot be read is left out."""
    from ..core.flow.model import FlowTemplate
    from ..core.rules import say

    users: dict[str, list[str]] = {}
    for ident, e in cat.entries.items():
        if e.item.flow is not None and e.item.flow.use:
            users.setdefault(e.item.flow.use, []).append(ident)
    reshaped = [r for r in reshaped if r[1] in users]
    wanted = sorted({b for _, _, old, new in reshaped for b in (old, new) if b != git.NULL})
    flat: dict[str, dict | None] = {}
    for sha, raw in git.blobs(top, wanted, limit):
        try:
            found = _data(raw, sha) if raw is not None else None
            flat[sha] = flatten(found, [FlowTemplate]) if found is not None else None
        except Exception:  # noqa: BLE001 - as in _flat: a past version that cannot be read is only that
            flat[sha] = None
    for commit, tid, old, new in reshaped:
        a, b = flat.get(old), flat.get(new)
        if a is None or b is None:
            continue
        t = cat.templates.get(tid)
        label = say("PL711", "template", template=t.template.name if t is not None else tid)
        changed = [FieldChange(f"flow.template.{c.path}", f"{label} › {c.label}", c.old, c.new)
                   for c in compare_flat(a, b) if c.path != "name"]
        for ident in sorted(users[tid]):
            into.setdefault((commit, ident), []).extend(changed)


def attachment_change(name: str, old: str | None, new: str | None) -> FieldChange:
    """An attachment of an item replaced, added or removed, as a change of
    the item (its content is not text: shown by the short blob ids)."""
    from ..core.rules import say

    return FieldChange(f"service.files[{name}]", say("PL711", "attachment", name=name),
                       old[:7] if old else None, new[:7] if new else None)


def _attachment_sides(ch: git.FileChange, prefix: str,
                      renamed: dict[str, str] | None = None) -> list[tuple[str, str | None, str | None]]:
    """(path, old blob, new blob) of the attachment files a change touched;
    none for a file that moved, unchanged, with its item's rename."""
    old = ch.old_blob if ch.old_blob != git.NULL else None
    new = ch.new_blob if ch.new_blob != git.NULL else None
    if ch.status == "R" and ch.old_path != ch.new_path:
        if old == new and ch.old_path.startswith(prefix) and ch.new_path.startswith(prefix):
            (was, _, name), (now, _, same) = (p[len(prefix):].partition("/") for p in (ch.old_path, ch.new_path))
            if name == same and (renamed or {}).get(was) == now:
                return []
        return [(p, b, a) for p, b, a in ((ch.old_path, old, None), (ch.new_path, None, new)) if p.startswith(prefix)]
    return [(ch.new_path, old, new)] if ch.new_path.startswith(prefix) else []


def _add_attachments(h: History, attached: dict, times: dict[str, int], index: dict[str, int]) -> None:
    """Each item's attachment changes joined to its version of that commit
    (or a version of their own), except where the item was first published:
    its attachments came with it."""
    for (sha, ident), found in attached.items():
        versions = h.items.setdefault(ident, [])
        j = next((j for j, v in enumerate(versions) if v.commit == sha), None)
        if j is None:
            versions.append(Version(sha, times[sha], "changed", tuple(found), None))
        elif versions[j].kind not in ("added", "earliest"):
            v = versions[j]
            versions[j] = Version(v.commit, v.time, "changed" if v.kind == "renamed" else v.kind,
                                  v.changes + tuple(found), v.notice)
    for versions in h.items.values():
        versions.sort(key=lambda v: index[v.commit])


def _renamed_here(c: git.Commit, ch: git.FileChange, former: list[str], notices: str) -> git.FileChange:
    """A file added in the same commit as a file of a former id (renamed_from)
    was deleted: a rename git did not see (the content changed too much), so
    the history goes on through the old file."""
    for d in c.changes:
        if d.status == "D" and Path(d.old_path).stem in former and Path(d.old_path).suffix in (".yaml", ".yml") \
                and not d.old_path.startswith(notices):
            return git.FileChange("R", d.old_path, ch.new_path, d.old_blob, ch.new_blob)
    return ch




def _link(cat: "Catalog", h: History, index: dict[str, int]) -> None:
    """Give each version the notice that covered it. Notices are taken in
    the order they were committed. An entry that adds an item covers its
    first version; any other entry covers the item's versions made since
    the notice before it and up to its own commit (a notice committed
    with or after the change), or else the first one after it (a notice
    committed before the change it announces, in the same pull request)."""
    order = sorted((k, nid) for nid, (_, k, _) in h.notice_added.items() if nid in cat.notices)
    since = len(index)  # k counts from the newest commit: larger is older
    for k, nid in sorted(order, reverse=True):  # oldest commit first
        for entry in cat.notices[nid].notice.entries:
            idents = [*entry.items, *entry.into]
            for ident in dict.fromkeys(cat.renamed.get(i, i) for i in idents):  # a former id: the item now
                versions = h.items.get(ident)
                if not versions:
                    continue
                into = {cat.renamed.get(i, i) for i in entry.into}
                adding = entry.kind in ADDING or (ident in into and ident not in {cat.renamed.get(i, i) for i in entry.items})
                if adding:
                    todo = [j for j, v in enumerate(versions) if v.kind == "added" and v.notice is None]
                else:
                    free = [j for j, v in enumerate(versions) if v.kind != "added" and v.notice is None]
                    todo = [j for j in free if k <= index[versions[j].commit] < since]
                    if not todo:
                        newer = [j for j in free if index[versions[j].commit] < k]
                        todo = newer[-1:]  # the oldest of the newer ones
                for j in todo:
                    v = versions[j]
                    versions[j] = Version(v.commit, v.time, v.kind, v.changes, nid)
        since = k


def _data(raw: bytes, sha: str) -> dict | None:
    """A past version's data, read by today's loader with today's rules
    (anchors and aliases refused, so an alias bomb never expands; nesting
    bounded; control characters refused, raw or escaped; duplicate keys
    refused): None when that loader would refuse any of it."""
    src, diags = parse(raw, sha)
    if src is None or any(d.is_error for d in diags) or not isinstance(src.data, dict):
        return None
    return src.data


def _flat(raw: bytes | None, sha: str) -> dict | None:
    """A past version flattened for comparing, or None: unreadable. Past
    versions are whatever was once committed; any failure to read one (a
    bug included) marks that version unreadable rather than stopping the
    build. Today's data never comes here."""
    if raw is None:
        return None
    try:
        found = _data(raw, sha)
        return flatten(found) if found is not None else None
    except Exception:  # noqa: BLE001 - see above: only a past version is lost, and it is said so
        return None


def _commit_diffs(top: Path, c: git.Commit, mine, limit: int, store: Path | None) -> dict:
    """`old:new` blob pair → (kind, [field changes as lists]) for one commit's
    item files; from the cache when this commit was compared before."""
    path = store / f"{c.sha}.json" if store is not None else None
    stamp = code_fingerprint()
    if path is not None:
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
            if cached.get("code") == stamp and all(f"{ch.old_blob}:{ch.new_blob}" in cached["pairs"] for _, ch in mine):
                return cached["pairs"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
    wanted = sorted({b for _, ch in mine for b in (ch.old_blob, ch.new_blob) if b != git.NULL})
    data = {}
    for sha, raw in git.blobs(top, wanted, limit):
        data[sha] = _flat(raw, sha)
    pairs: dict[str, tuple[str, list[list[str | None]]]] = {}
    for _, ch in mine:
        key = f"{ch.old_blob}:{ch.new_blob}"
        new = data.get(ch.new_blob)
        if ch.old_blob == git.NULL:
            pairs[key] = ("added", [])
        elif new is None:
            pairs[key] = ("unreadable", [])
        elif (old := data.get(ch.old_blob)) is None:
            pairs[key] = ("incomparable", [])
        else:
            try:
                pairs[key] = ("changed", [x.as_list() for x in compare_flat(old, new)])
            except Exception:  # noqa: BLE001 - as in _flat: two past versions that cannot be compared
                pairs[key] = ("unreadable", [])
    if path is not None:
        write_whole(path, json.dumps({"code": stamp, "pairs": pairs}, ensure_ascii=False).encode("utf-8"))
    return pairs
