"""The pull-request rule: compared with a base (`check --base origin/main`),
every change to what a citizen sees is covered by a record this change
adds, and published records stay as they were.

What counts is the public effect, not the text of one file:

- an item's own facts (comments, key order and quoting are free to change);
- a flow template an item uses (`flows/`): the item's flow as expanded,
  compared with the base's;
- an item's attachments (`powers/files/<id>/`): by content;
- the site configuration (`powers/_site.yaml`) and template overrides
  (`overrides/powerlist/`): shown on every page, so covered by an entry
  with `scope: 全部事项` rather than a list of every id.

Minor records (no 文号) cover only what they name: 勘误 a wording fix that
changes no fact; 指南更新 guide material (`service`) that makes no promise
less favourable to the applicant. Published notices are append-only: an
edit, a deletion or a rename is an error. A notice this change adds names
items of the base list or of the change itself.

Cost: one `git ls-tree`, one `git cat-file --batch`, one `git hash-object`
for the attachments and overrides; the base catalog is loaded (once) only
when a flow template changed, to expand the flows of the items using it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.changes import notice_files
from ..core.layout import FILES_DIR, changes_dir as changes_folder, flows_dir as flows_folder
from ..core.vocab import MINOR
from ..core.diagnostics import Diagnostic
from ..core.rules import say
from ..core.yamlsource import parse
from . import attachment_change, git
from .diff import NAMING, SAME, FieldChange, compare, compare_flat, flatten, scalar_text

if TYPE_CHECKING:
    from ..core.records import Catalog

_SEGMENT = re.compile(r"([^.\[]+)|\[([^\]]*)\]")
SITE_WIDE = "全部事项"  # NoticeEntry.scope: the entry covers the site as a whole
KANWU, GUIDE = MINOR  # the records that need no 文号
YES, NO = scalar_text(True), scalar_text(False)  # a yes/no field as the comparison shows it
OVERRIDES = "overrides/powerlist"  # the mkdocs plugin's `templates` option, by default


def _loc(data, path: str) -> tuple:
    """A dotted change path (`materials[申请表].copies`, `basis[条例#2]`) as a
    key path into `data`."""
    loc: list = []
    node = data
    for name, bracket in _SEGMENT.findall(path):
        if name:
            loc.append(name)
            node = node.get(name) if isinstance(node, dict) else None
        elif isinstance(node, list):
            label, _, nth = bracket.rpartition(SAME)
            if not (label and nth.isdigit()):
                label, nth = bracket, "1"
            named = [i for i, x in enumerate(node) if isinstance(x, dict)
                     and next((str(x[k]) for k in NAMING if isinstance(x.get(k), str)), None) == label]
            index = named[int(nth) - 1] if len(named) >= int(nth) > 0 else None
            if index is None and bracket.isdigit():
                index = int(bracket) - 1
            if index is None or not 0 <= index < len(node):
                break
            loc.append(index)
            node = node[index]
        else:
            break
    return tuple(loc)


# ---------------------------------------------------------------- minor records

# what 勘误 never covers: the facts of the list (type, name, basis, fees, times, visits,
# channels, status ...), wherever they sit in the file
_FACT_ROOTS = {"code", "basic_code", "implementation_code", "name", "parent", "type", "subject", "units",
               "levels", "source", "basis", "delegation", "window", "status", "retired", "flow"}
_FACT_KEYS = {"fee", "time_limit", "visits", "channels", "case_type", "copies", "depth", "basis",
              "necessity", "form", "original", "source", "statutory", "promised", "extension", "in_hall"}
# settings of the site configuration that only the check reads: nothing on any page changes
_CHECKING_ONLY = ("max_file_bytes", "max_attachment_bytes", "notices_since", "require", "level_codes")  # check or import
_NUMBER = re.compile(r"\d+(?:\.\d+)?|[〇零一二两三四五六七八九十百千万亿]+")


def _keys(path: str) -> list[str]:
    return [name for name, _ in _SEGMENT.findall(path) if name]


def _numbers(text: str | None) -> list[str]:
    return _NUMBER.findall(text or "")


def _withdrawn_deadline(keys: list[str], c: FieldChange) -> bool:
    """A step's calendar deadline removed, nothing put in its place: a
    date withdrawn, never a new or later one (the calendar check, PL523,
    finds deadlines the list's own window and times rule out; the record
    says why it is withdrawn)."""
    return keys[:1] == ["flow"] and keys[-1:] == ["deadline"] and c.old is not None and c.new is None


def _successor_noted(keys: list[str], c: FieldChange) -> bool:
    """Where a cancelled matter went (retired.handled_by, successor_name,
    successor_url), written down after the cancelling notice said it: a
    pointer to another body's list, not a fact of this one; the notice
    that cancelled the item carries the 文号."""
    return keys[:1] == ["retired"] and keys[-1:] in (["handled_by"], ["successor_name"], ["successor_url"]) \
        and c.old is None


def not_wording(c: FieldChange) -> str | None:
    """Why a change is more than a wording fix (None: it is one)."""
    keys = _keys(c.path)
    if keys[:2] == ["service", "files"]:
        return say("PL711", "why-attachment")
    note = bool(keys) and keys[-1].endswith("note")  # an explanation: wording, its numbers still facts
    if keys and (keys[0] in _FACT_ROOTS or any(k in _FACT_KEYS for k in keys)) and not note \
            and not _withdrawn_deadline(keys, c) and not _successor_noted(keys, c):
        return say("PL711", "why-fact")
    if _withdrawn_deadline(keys, c) or _successor_noted(keys, c):
        return None
    # a step's note an item words itself in place of its template's (flow.override.<step>.note):
    # the expanded step had the template's note, now the item's own explanation
    if keys[:2] == ["flow", "override"] and note and c.old is None and c.new is not None:
        return say("PL711", "why-number") if _numbers(c.new) else None
    if c.old is None or c.new is None:
        return say("PL711", "why-added")
    if {c.old, c.new} & {YES, NO}:
        return say("PL711", "why-fact")
    if _numbers(c.old) != _numbers(c.new):
        return say("PL711", "why-number")
    return None


def _longer(old: str | None, new: str | None) -> bool:
    """Whether a promised time may now be longer than before."""
    from ..core.durations import compare as fits, parse as duration

    if new is None:
        return old is not None
    if old is None:
        return False
    try:
        return fits(duration(new), duration(old)) != "ok"
    except ValueError:
        return True


def _int(v: str | None) -> int | None:
    return int(v) if v is not None and v.isdigit() else None


def not_guide(c: FieldChange) -> str | None:
    """Why a change is not a guide update (None: it is one): outside the
    guide (`service`), or a promise less favourable to the applicant."""
    keys = _keys(c.path)
    if not keys or keys[0] != "service":
        return say("PL711", "why-outside")
    rest = keys[1:]
    last = rest[-1] if rest else ""
    if "fee" in rest and not (last == "charged" and c.new == NO) and c.new is not None:
        return say("PL711", "why-fee")
    if "time_limit" in rest and last in ("promised", "statutory", "by", "to") and _longer(c.old, c.new):
        return say("PL711", "why-time")
    if "time_limit" in rest and last not in ("promised", "statutory", "promised_note", "statutory_note"):
        return say("PL711", "why-time")
    if last == "visits" and ((new_n := _int(c.new)) is None or (old_n := _int(c.old)) is None or new_n > old_n):
        return say("PL711", "why-visits")
    if last == "depth" and ((new_n := _int(c.new)) is None or (old_n := _int(c.old)) is None or new_n < old_n):
        return say("PL711", "why-depth")
    if "channels" in rest and last != "depth" and (c.new is None or c.new == NO):
        return say("PL711", "why-channel")
    if "materials" in rest and (c.old is None and last == "name" or last == "copies" and (
            (old_n := _int(c.old)) is None or (_int(c.new) or 0) > old_n)):
        return say("PL711", "why-materials")
    if "materials" in rest and last == "necessity" and c.new == "必要":
        return say("PL711", "why-materials")
    if rest and rest[0] == "audience" and not set((c.old or "").split("、")) <= set((c.new or "").split("、")):
        return say("PL711", "why-audience")
    if rest and rest[0] == "conditions" and c.new is not None:
        return say("PL711", "why-conditions")
    if last == "case_type" and c.new != "即办件":
        return say("PL711", "why-case")
    if last == "in_hall" and c.new != YES:
        return say("PL711", "why-channel")
    return None


@dataclass(slots=True)
class _Cover:
    kinds: set[str]

    @property
    def full(self) -> bool:  # a numbered notice's entry: any change
        return bool(self.kinds - set(MINOR))

    def refuses(self, c: FieldChange) -> tuple[str, str] | None:
        """(the record kind, why) when no minor kind of this cover takes `c`."""
        if self.full:
            return None
        reasons = []
        for kind, test in ((GUIDE, not_guide), (KANWU, not_wording)):
            if kind in self.kinds:
                why = test(c)
                if why is None:
                    return None
                reasons.append((kind, why))
        if not reasons:
            return "", ""
        # the reason staff can act on: a guide update's when the change is in the guide
        guide_first = _keys(c.path)[:1] == ["service"]
        return reasons[0] if guide_first or len(reasons) == 1 else reasons[-1]

    def refuses_site(self, c: FieldChange) -> tuple[str, str] | None:
        """As `refuses`, for a change of the site configuration: a guide update
        covers the contacts for complaints and the footer; a correction, wording."""
        if self.full:
            return None
        if GUIDE in self.kinds and _keys(c.path)[:1] in (["supervision"], ["footer"]):
            return None
        if KANWU in self.kinds and not_wording(c) is None:
            return None
        if KANWU in self.kinds:
            return KANWU, not_wording(c) or ""
        if GUIDE in self.kinds:
            return GUIDE, say("PL711", "why-site")
        return "", ""


# ---------------------------------------------------------------- the base, read once


def _tree(top: Path, commit: str, rels: list[str]) -> dict[str, str]:
    """path → blob of every file under `rels` at `commit`."""
    out = git.git(top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *rels)
    found: dict[str, str] = {}
    for record in (out or b"").decode("utf-8", "surrogateescape").split("\0"):
        meta, _, path = record.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob":
            found[path] = parts[2]
    return found


def _files_under(top: Path, folder: Path) -> list[str]:
    """Every regular file under `folder`, relative to `top`, with slashes (links are not followed)."""
    out = []
    for dirpath, _dirs, files in os.walk(folder):
        for f in files:
            p = Path(dirpath) / f
            if p.is_file() and not p.is_symlink():
                out.append(Path(os.path.relpath(p, top)).as_posix())
    return out


def overrides_dir(root: Path) -> Path:
    """The folder of the site's own page templates: the mkdocs plugin's
    `templates` option in `root/mkdocs.yml` (read without running any of its
    tags), else its default."""
    import yaml

    class _Tolerant(yaml.SafeLoader):
        pass

    _Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Tolerant)  # noqa: S506
    except (OSError, ValueError, yaml.YAMLError):
        config = None
    plugins = config.get("plugins") if isinstance(config, dict) else None
    for p in plugins if isinstance(plugins, list) else []:
        options = p.get("powerlist") if isinstance(p, dict) else None
        if isinstance(options, dict) and isinstance(options.get("templates"), str):
            return root / options["templates"]
    return root / OVERRIDES


def _shorten(text: str | None) -> str:
    if text is None:
        return "（无）"
    return text if len(text) <= 40 else text[:39] + "…"


def _flow_data(flow) -> Any:
    """An expanded flow as plain data, shaped as an item's inline `flow.steps`."""
    if flow is None:
        return None
    return {"flow": {"steps": [s.model_dump(mode="json", by_alias=True, exclude_none=True) for s in flow.steps]}}


# ---------------------------------------------------------------- what changed, per item (also `powerlist notice`)


def _ls(top: Path, commit: str, rel: str) -> dict[str, tuple[str, str]]:
    """stem → (blob, path) of the YAML files under `rel` at `commit` (see `_tree`)."""
    return {Path(path).stem: (blob, path) for path, blob in _tree(top, commit, [rel]).items()
            if path.endswith((".yaml", ".yml"))}


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
    from .git import relative as _rel

    rel_powers, rel_changes = _rel(top, powers), _rel(top, changes_folder(powers))
    before = {k: v for k, v in _ls(top, commit, rel_powers).items() if not k.startswith("_")}
    notices_before = _ls(top, commit, rel_changes)
    wanted = [blob for blob, _ in before.values()] + [blob for blob, _ in notices_before.values()]
    texts = {sha: raw for sha, raw in git.blobs(top, wanted, 16 * 1024 * 1024)}
    return top, commit, before, notices_before, texts


def against(cat: "Catalog", base: str, flows: Path | None = None) -> list[Diagnostic]:
    """The rule's findings for the working tree of `cat` against `base`."""
    from ..core.layout import SITE_FILE, display_path
    from .git import relative as _rel

    powers = Path(cat.root)
    top = git.toplevel(powers)
    commit = git.resolve(top, base) if top is not None else None
    if top is None or commit is None:
        reason = "不在 git 仓库中" if top is None else "没有这个提交、分支或标签（CI 的检出需要 fetch-depth: 0）"
        return [Diagnostic("PL713", str(powers), 1, 1, "", say("PL713", base=base, reason=reason))]
    flows = Path(flows) if flows is not None else flows_folder(powers)
    changes_dir, overrides = changes_folder(powers), overrides_dir(powers.parent)
    rel_powers, rel_changes, rel_flows, rel_over = (_rel(top, p).rstrip("/") for p in (powers, changes_dir, flows,
                                                                                        overrides))
    files_prefix = f"{rel_powers}/files/" if rel_powers != "." else "files/"
    inside = [r for r in (rel_powers, rel_changes, rel_flows, rel_over) if r != ".." and not r.startswith("../")]
    tree = _tree(top, commit, inside)

    def under(rel: str, path: str) -> str | None:
        prefix = "" if rel == "." else rel + "/"
        return path[len(prefix):] if path.startswith(prefix) else None

    items_before: dict[str, str] = {}  # id → path
    notices_before: dict[str, str] = {}
    templates_before: dict[str, str] = {}
    attached_before: dict[str, str] = {}  # path → blob
    overrides_before: dict[str, str] = {}
    site_before: str | None = None
    for path in tree:
        yaml = path.endswith((".yaml", ".yml"))
        if under(rel_over, path) is not None:
            overrides_before[path] = tree[path]
        elif path.startswith(files_prefix):
            attached_before[path] = tree[path]
        elif (in_powers := under(rel_powers, path)) is not None and yaml:
            if in_powers == SITE_FILE:
                site_before = path
            elif not Path(path).name.startswith("_"):
                items_before[Path(path).stem] = path
        elif (rest := under(rel_changes, path)) is not None and yaml and "/" not in rest:
            notices_before[Path(path).stem] = path
        elif (rest := under(rel_flows, path)) is not None and yaml and "/" not in rest:
            templates_before[Path(path).stem] = path
    wanted = [tree[p] for p in (*items_before.values(), *notices_before.values(), *templates_before.values(),
                                *([site_before] if site_before else []))]
    limit = 16 * 1024 * 1024
    texts = {sha: raw for sha, raw in git.blobs(top, list(dict.fromkeys(wanted)), limit)}

    def data_at(path: str | None) -> Any:
        raw = texts.get(tree[path]) if path is not None else None
        src = parse(raw, path)[0] if raw is not None and path is not None else None
        return src.data if src is not None else None

    out: list[Diagnostic] = []

    # published notices are append-only; the notices this change adds, and what they cover
    now = {p.stem: p for p in notice_files(changes_dir)}
    for nid, path in sorted(notices_before.items()):
        if nid not in now:
            out.append(Diagnostic("PL712", path, 1, 1, "", say("PL712", "deleted", base=base, file=path)))
        elif texts.get(tree[path]) != now[nid].read_bytes():
            out.append(Diagnostic("PL712", display_path(now[nid]), 1, 1, "",
                                  say("PL712", base=base, file=display_path(now[nid]))))
    covered: dict[str, _Cover] = {}
    site_cover = _Cover(set())
    known = set(items_before) | cat.item_ids
    reported = {(d.file, d.line, d.col) for d in cat.diagnostics if d.rule == "PL702"}
    for nid, r in cat.notices.items():
        if nid in notices_before:
            continue
        for i, entry in enumerate(r.notice.entries):
            if entry.scope == SITE_WIDE:
                site_cover.kinds.add(entry.kind)
            for key in ("items", "into"):
                for j, ident in enumerate(getattr(entry, key)):
                    covered.setdefault(ident, _Cover(set())).kinds.add(entry.kind)
                    if ident not in known:
                        d = r.source.diag("PL702", ("entries", i, key, j), say("PL702", "base", base=base, item=ident))
                        if (d.file, d.line, d.col) not in reported:  # an id unknown anywhere is said once
                            out.append(d)

    # items: deleted, new, changed (their own facts, their attachments, the templates they use);
    # a renamed item (renamed_from) is compared with its file under the former id: no deletion
    renamed = renamed_at(cat, items_before)
    former = {new: old for old, new in renamed.items()}
    for ident, path in sorted(items_before.items()):
        if ident not in cat.item_ids and ident not in renamed:
            out.append(Diagnostic("PL710", path, 1, 1, "", say("PL710", base=base, file=path)))
    for old_id, new_id in renamed.items():  # its attachments moved with it: compared by name
        moved = f"{files_prefix}{old_id}/"
        for path in [p for p in attached_before if p.startswith(moved)]:
            attached_before[f"{files_prefix}{new_id}/{path[len(moved):]}"] = attached_before.pop(path)
    attached_now = git.hash_files(top, _files_under(top, powers / FILES_DIR)) if (powers / FILES_DIR).is_dir() else {}
    attached: dict[str, list[FieldChange]] = {}
    for path in sorted(set(attached_before) | set(attached_now)):
        old, new = attached_before.get(path), attached_now.get(path)
        if old != new:
            ident, _, name = path[len(files_prefix):].partition("/")
            attached.setdefault(ident, []).append(attachment_change(name, old, new))
    changed_templates = set()
    for tid in set(templates_before) | set(cat.templates) | cat.broken_templates:
        t = cat.templates.get(tid)
        if t is None or data_at(templates_before.get(tid)) != t.source.data:
            changed_templates.add(tid)
    base_cat = None
    if any(e.item.flow is not None and e.item.flow.use in changed_templates for e in cat.entries.values()):
        base_cat = _base_catalog(powers, flows, commit, top)

    added: list[str] = []
    for ident, e in sorted(cat.entries.items()):
        was = ident if ident in items_before else former.get(ident)
        cover = _Cover(covered.get(ident, _Cover(set())).kinds | covered.get(was or ident, _Cover(set())).kinds)
        old_path = items_before.get(was) if was is not None else None
        if old_path is None:
            added.append(ident)
        if cover.full:
            continue
        if old_path is None:
            out.append(e.source.diag("PL711", ("name",), say("PL711", "new", base=base, item=ident)))
            continue
        use = e.item.flow.use if e.item.flow is not None else None
        same = texts.get(tree[old_path]) == e.source.text.encode("utf-8")  # the common case: no compare
        changes = [] if same else compare(data_at(old_path), e.source.data)
        changes += attached.get(ident, [])
        if use in changed_templates and not any(c.path.startswith("flow") for c in changes):
            before = base_cat.entries.get(ident) if base_cat is not None else None
            old_flow = _flow_data(before.flow) if before is not None else None
            label = say("PL711", "template", template=use)
            found = compare(old_flow, _flow_data(e.flow)) if old_flow is not None else [
                FieldChange("flow.use", label, None, use)]
            changes += [FieldChange(c.path, c.label.replace("运行流程", label, 1), c.old, c.new) for c in found]
        if not changes:
            continue
        verdicts = [(c, cover.refuses(c)) for c in changes]
        refused = [(c, r) for c, r in verdicts if r is not None]
        if not refused:
            continue
        first, (kind, why) = refused[0]
        at = _loc(e.source.data, first.path)
        if not cover.kinds:
            fields = "、".join(dict.fromkeys(c.label for c, _ in refused[:3])) + ("等" if len(refused) > 3 else "")
            out.append(e.source.diag("PL711", at, say("PL711", base=base, fields=fields, item=ident)))
        else:
            out.append(e.source.diag("PL711", at, say(
                "PL711", "kanwu" if kind == KANWU else "guide", base=base, item=ident, field=first.label,
                old=_shorten(first.old), new=_shorten(first.new), why=why)))

    # the site as a whole: its configuration and template overrides, on every page
    site_now = powers / SITE_FILE
    site_src = parse(site_now.read_bytes(), display_path(site_now))[0] if site_now.is_file() else None
    from ..core.models import Site

    site_changes = [c for c in compare_flat(flatten(data_at(site_before), [Site]),
                                            flatten(site_src.data if site_src is not None else None, [Site]))
                    if _keys(c.path)[:1] not in ([k] for k in _CHECKING_ONLY)]
    over_now = git.hash_files(top, _files_under(top, overrides)) if overrides.is_dir() else {}
    over_changed = sorted(p for p in set(overrides_before) | set(over_now) if overrides_before.get(p) != over_now.get(p))
    if site_changes and not site_cover.full:
        verdicts = [(c, site_cover.refuses_site(c)) for c in site_changes]
        refused = [(c, r) for c, r in verdicts if r is not None]
        if refused and site_src is not None:
            c, (kind, why) = refused[0]
            message = (say("PL711", "site", base=base, field=c.label) if not kind else
                       say("PL711", "site-minor", base=base, field=c.label, kind=kind, why=why))
            out.append(site_src.diag("PL711", _loc(site_src.data, c.path), message))
    if over_changed and not (site_cover.full or GUIDE in site_cover.kinds):
        path = over_changed[0]
        shown = display_path(top / path) if (top / path).exists() else path
        out.append(Diagnostic("PL711", shown, 1, 1, "", say("PL711", "override", base=base, file=path)))
    from ..core.names import similar_new  # a reviewer's hint: a new item very close to a current one

    return out + similar_new(cat, added)


def _base_catalog(powers: Path, flows: Path, commit: str, top: Path):
    """The base commit's catalog, loaded once from asof's archive of it; None
    when that commit cannot be read (every flow is then taken as changed)."""
    from ..core.catalog import load_catalog
    from .asof import AsOfError, checked_out

    try:
        with checked_out(powers, flows, commit, top) as (p, f):
            return load_catalog(p, f)
    except AsOfError:
        return None
