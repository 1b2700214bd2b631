"""`powerlist import`: a department's existing list (XLSX/XLS/ODS, CSV,
JSON/JSONL) → one item file per row, checked as `check` would check it
before anything is written.

    outcome = import_list(Path("清单.xlsx"), Path("powers"))

Every problem is a `Diagnostic` at the row's cell, every cleaning step a
`Change`; rows that can be imported are written even when others cannot,
and a file that differs from what the import would write (edited by hand
since) is kept unless `force`.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from typing import Protocol, Sequence
from pathlib import Path

import yaml

from ..core.bodies import BODY_FILE, OWN, modeline
from ..core.catalog import body_sets, check_item_text, gc_paused, load_catalog
from ..core.layout import display_path, item_files
from ..core.records import Catalog, Repository
from ..core.diagnostics import Diagnostic
from ..core.rules import RULES, Severity, say
from ..core.safefile import read as read_safely, write_whole
from .columns import FIELDS, REQUIRED, SYNONYMS, Columns, continuations, find_header, index, joined, near, without
from ..core.yamlbuild import control_name
from .read import SHEET_SUFFIXES, ReadError, Table, first_control, read_table, yaml_reason
from .rows import ID_RE, Change, Problem, Row, RowReader, assign_ids, pinyin_ready
from ..core.yamlout import item_text
from .bodyfolders import place
from ..core.yamlsource import parse

SITE_PROFILE = "_import.yaml"  # a site's own column headers, beside _site.yaml
ORDER = ("code", "basic_code", "implementation_code", "name", "parent", "type", "subject", "units", "levels",
         "source", "basis", "responsibilities", "accountability", "supervision", "flow", "status", "remark", "original")


@dataclass
class Outcome:
    table: Table | None = None
    columns: Columns | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (file, diff) not overwritten
    failed_rows: int = 0
    rows: int = 0
    skipped_rows: int = 0
    bodies: list[tuple[str, str, int]] = field(default_factory=list)  # (name, folder, items written) of each new body

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def import_list(path: Path, powers_dir: Path, flows_dir: Path | None = None, sheet: str | None = None,
                profile: Path | None = None, dry_run: bool = False, force: bool = False,
                repo: Repository | None = None) -> Outcome:
    """Import a table into item files; `repo` (see `load_catalog`) answers
    what the check of the list asks of version control."""
    with gc_paused():  # every row's data, text and findings stay alive to the end, as a check's items do
        return _import(path, powers_dir, flows_dir, sheet, profile, dry_run, force, repo)


def _import(path: Path, powers_dir: Path, flows_dir: Path | None, sheet: str | None, profile: Path | None,
            dry_run: bool, force: bool, repo: Repository | None = None) -> Outcome:
    out = Outcome()
    shown = display_path(path)
    ready: dict = {}
    if path.suffix.lower() == ".json" and _is_export(path):
        return _import_export(path, powers_dir, flows_dir, dry_run, force, out, repo)

    def prepare() -> bool:
        """The list as it is and the column profiles, loaded while a
        spreadsheet is read in its own process, and the pinyin dictionary
        (for the ids of rows without a code); False when the import stops."""
        cat = ready["cat"] = load_catalog(powers_dir, flows_dir, repo=repo)
        if cat.site is None:
            return False
        ready["extra"] = _profiles(powers_dir / SITE_PROFILE, profile, out)
        if ready["extra"] is None:
            return False
        if path.suffix.lower() in SHEET_SUFFIXES:
            pinyin_ready()
        return True

    error: ReadError | None
    try:
        table = read_table(path, shown, sheet, meanwhile=prepare)
    except ReadError as exc:
        table, error = None, exc
    else:
        error = None
    cat, extra = ready["cat"], ready.get("extra")
    if cat.site is None:
        out.diagnostics = [d for d in cat.diagnostics if d.rule in ("PL306",) or d.file.endswith("_site.yaml")]
        return out
    if extra is None:
        return out
    if error is not None:
        out.diagnostics.append(Diagnostic("PL601", shown, 1, 1, "", say("PL601", error.variant, **error.fields)))
        return out
    assert table is not None
    out.table = table
    names = index(extra)
    cols = out.columns = find_header(table.rows, names)
    if cols is None:
        out.diagnostics.append(Diagnostic("PL604", shown, 1, 1, "", say("PL604", "no-header")))
        return out
    joins = continuations(cols)
    if joins:  # an export's over-long cells, continued in further columns: whole again
        cols = out.columns = without(cols, joins)
        table.rows[cols.row + 1:] = [joined(cells, joins) for cells in table.rows[cols.row + 1:]]
    _column_diagnostics(out, table, cols, names)
    guide = _guide_sheet(path, shown, table, out)
    flows = _flow_sheet(path, shown, table)
    for other in table.other_sheets:  # a workbook's other sheets (an export's 办事指南, say): said, not skipped silently
        if guide is not None and other == GUIDE_SHEET or flows is not None and other == FLOW_SHEET:
            continue
        # (an export's cancelled items: not a list to import, and said so)
        out.diagnostics.append(Diagnostic("PL609", shown, 1, 1, "", say("PL609", "retired-sheet", sheet=other) if other == RETIRED_SHEET
                                          else say("PL609", "sheet", sheet=other, used=table.sheet),
                                          cell=f"{other}!A1"))
    if any(d.is_error for d in out.diagnostics):
        return out
    reader = RowReader(cat.site, cols)
    header = [c.strip() for c in table.rows[cols.row]]
    rows: list[Row] = []
    for r in range(cols.row + 1, len(table.rows)):
        cells = table.rows[r]
        filled = [c for c in cells if c.strip()]
        if not filled:
            continue
        if [c.strip() for c in cells] == header or len(filled) == 1:
            out.skipped_rows += 1  # a header repeated at a page break, a section title (“一、行政许可”)
            out.changes.append(Change(r, 0, "", "row-skipped", " ".join(filled), ""))
            continue
        row = reader.read(r, cells)
        row.number = table.lines[r] if table.lines else r + 1
        rows.append(row)
    out.rows = len(rows)
    if guide is not None:
        _attach_guide(rows, guide, out)
    if flows is not None:
        _attach_flows(rows, flows, out)
    assign_ids(rows)
    scalars: dict = {}  # each text's YAML event, made once for all the files
    homes, created = place([row for row in rows if _importable(row)], cat, powers_dir)  # each row's body
    _check_rows(out, cat, rows, powers_dir, scalars, homes)
    _link_parents([row for row in rows if _importable(row)])  # to a 主项 that is written too
    _write(out, cat, rows, powers_dir, dry_run, force, scalars, homes, created)
    for row in rows:
        out.changes += row.changes
        out.diagnostics += [_diag(out, p) for p in row.problems]
    out.failed_rows = sum(1 for row in rows if any(_is_error(p) for p in row.problems))
    # every problem of a row, each at its cell: two problems at one cell are two lines (check's `sort`
    # keeps one per place, for a template's problem found through every item that uses it)
    out.diagnostics = sorted(set(out.diagnostics), key=Diagnostic.sort_key)
    return out


# --- a workbook's 办事指南 sheet ---------------------------------------------------------

GUIDE_SHEET = "办事指南"  # export.GUIDE_SHEET
RETIRED_SHEET = "已取消事项"  # export.RETIRED_SHEET: cancelled and merged items, not imported (said so)
GUIDE_KEYS = ("事项编码", "事项名称")  # how a guide row names its item; the rest is kept as written


@dataclass
class Guide:
    table: Table
    header: list[str]
    rows: dict[tuple[str, str], tuple[int, dict[str, str]]]  # (code, name) → (row, header → cell)


def _guide_sheet(path: Path, shown: str, table: Table, out: Outcome) -> Guide | None:
    """The workbook's 办事指南 sheet (as `export` writes one), when the list
    is read from another sheet: each row kept whole for the item it names."""
    if table.sheet is None or table.sheet == GUIDE_SHEET or GUIDE_SHEET not in table.other_sheets:
        return None
    try:
        g = read_table(path, shown, GUIDE_SHEET)
    except ReadError:
        return None  # said as a sheet not imported (PL609), as before
    if g is None or not g.rows or not all(k in [c.strip() for c in g.rows[0]] for k in GUIDE_KEYS):
        return None
    header = [c.strip() for c in g.rows[0]]
    at = {k: header.index(k) for k in GUIDE_KEYS}
    rows: dict[tuple[str, str], tuple[int, dict[str, str]]] = {}
    for r, cells in enumerate(g.rows[1:], 1):
        cells = cells + [""] * (len(header) - len(cells))
        if not any(c.strip() for c in cells):
            continue
        key = (cells[at["事项编码"]].strip(), cells[at["事项名称"]].strip())
        kept = {h: cells[c] for c, h in enumerate(header) if h and h not in GUIDE_KEYS and cells[c].strip()}
        rows[key] = (r, kept)
    return Guide(g, header, rows)


def _attach_guide(rows: list[Row], guide: Guide, out: Outcome) -> None:
    used: set[tuple[str, str]] = set()
    for row in rows:
        key = (row.data.get("code", ""), row.data.get("name", ""))
        if key in guide.rows:
            used.add(key)
            kept = guide.rows[key][1]
            if kept:
                row.data.setdefault("original", {})["guide"] = kept
    t = guide.table
    for key, (r, _) in sorted(guide.rows.items(), key=lambda kv: kv[1][0]):
        if key not in used:  # said, never dropped silently
            out.diagnostics.append(Diagnostic("PL609", t.file, r + 1, 1, "", say("PL609", "guide-row", name=key[1]),
                                              cell=t.cell(r, 0)))


FLOW_SHEET = "运行流程"  # export.FLOW_SHEET: code, name, the flow as the item file writes it


def _flow_sheet(path: Path, shown: str, table: Table) -> Guide | None:
    """An export's 运行流程 sheet: each item's flow, as YAML text."""
    if table.sheet is None or table.sheet == FLOW_SHEET or FLOW_SHEET not in table.other_sheets:
        return None
    try:
        g = read_table(path, shown, FLOW_SHEET)
    except ReadError:
        return None
    if g is None or not g.rows or [c.strip() for c in g.rows[0][:3]] != ["事项编码", "事项名称", "运行流程"]:
        return None
    rows = {}
    for r, cells in enumerate(g.rows[1:], 1):
        cells = cells + [""] * (3 - len(cells))
        if cells[2].strip():
            rows[(cells[0].strip(), cells[1].strip())] = (r, {"flow": cells[2]})
    return Guide(g, [c.strip() for c in g.rows[0]], rows)


def _attach_flows(rows: list[Row], flows: Guide, out: Outcome) -> None:
    """Each flow read with check's own reader (its guards on depth, size and
    characters), into the item it names; a flow that cannot be read is the
    row's problem, at its cell."""
    t = flows.table
    used = set()
    for row in rows:
        key = (row.data.get("code", ""), row.data.get("name", ""))
        if key not in flows.rows:
            continue
        used.add(key)
        r, cells = flows.rows[key]
        src, diags = parse(cells["flow"].encode("utf-8"), f"{t.file}:{t.cell(r, 2)}")
        if src is None or not isinstance(src.data, dict):
            message = diags[0].message if diags else say("PL202", "empty")
            row.problems.append(_at(row, "name", "PL601", "flow-cell", cell=t.cell(r, 2), reason=message))
            continue
        row.data["flow"] = src.data
    for key, (r, _) in sorted(flows.rows.items(), key=lambda kv: kv[1][0]):
        if key not in used:
            out.diagnostics.append(Diagnostic("PL609", t.file, r + 1, 1, "", say("PL609", "guide-row", name=key[1]),
                                              cell=t.cell(r, 0)))


# --- powerlist's own JSON export ----------------------------------------------------

_EXPORT_HEAD = re.compile(rb'^\s*\{\s*"format"\s*:\s*"powerlist-export"')


def _is_export(path: Path) -> bool:
    """A JSON export of powerlist (export.json_bytes), told by its first key."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO or a device is never opened here: the reader refuses it
            return False
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped since
                return False
            return bool(_EXPORT_HEAD.match(os.read(fd, 200)))
        finally:
            os.close(fd)
    except OSError:
        return False


def _import_export(path: Path, powers_dir: Path, flows_dir: Path | None, dry_run: bool, force: bool,
                   out: Outcome, repo: Repository | None = None) -> Outcome:
    """The items of a JSON export, each written back as the file it was
    (same id, same keys), checked as `check` checks it: nothing to guess."""
    shown = display_path(path)
    cat = load_catalog(powers_dir, flows_dir, repo=repo)
    if cat.site is None:
        out.diagnostics = [d for d in cat.diagnostics if d.rule in ("PL306",) or d.file.endswith("_site.yaml")]
        return out
    raw, diags = read_safely(path, shown, max(cat.site.max_file_bytes, 1 << 30))
    try:
        doc = json.loads(raw.decode("utf-8")) if raw is not None else None
    except (ValueError, RecursionError) as exc:
        diags = diags + [Diagnostic("PL601", shown, 1, 1, "", say("PL601", "json", line=getattr(exc, "lineno", "?"),
                                                                      reason=type(exc).__name__))]
        doc = None
    records = [r for key in ("items", "retired") for r in (doc.get(key) or [] if isinstance(doc, dict) else [])]
    if diags or not isinstance(doc, dict) or not all(isinstance(r, dict) for r in records):
        out.diagnostics = diags or [Diagnostic("PL601", shown, 1, 1, "", say("PL601", "json-shape"))]
        return out
    files = {p.stem: p for p in item_files(powers_dir)}
    folder = display_path(powers_dir / "x")[:-1]
    taken: set[str] = set()
    rows: list[Row] = []
    homes: dict[int, str] = {}  # each item's body folder, as the export names it
    created = _declared_bodies(doc.get("bodies"), cat, powers_dir, shown, out)
    for i, rec in enumerate(records):
        data = {k: v for k, v in rec.items() if k not in ("id", "type_name", "body", "derived")}  # derived: by rule, not the item's
        ident = rec.get("id")
        row = Row(i, data, ident if isinstance(ident, str) and ID_RE.match(ident) else "")
        rows.append(row)
        if not row.ident:
            row.problems.append(_at(row, "name", "PL601", "json-shape"))
            continue
        body = rec.get("body") or OWN
        if body not in cat.bodies:
            row.problems.append(_at(row, "name", "PL601", "json-body", body=body))
            continue
        homes[i] = body
        if row.ident in taken:
            row.problems.append(_at(row, "name", "PL605", "", other=i))
            continue
        taken.add(row.ident)
    for row in rows:
        if row.problems:
            continue
        _distinct_id(row, cat, files, taken)
        text, exact = item_text(row.data)
        row.text = text
        body = homes.get(row.index, OWN)
        row.text = modeline(text, body)
        where = f"{body}/{row.ident}.yaml" if body != OWN else f"{row.ident}.yaml"
        _, found = check_item_text(cat, row.ident, folder + where, row.text, row.data if exact else None,
                                   positions=False, body=body)
        row.problems += [Problem(row.index, "name", d.rule, "", {}, d.path, d.message, d.is_error) for d in found]
    _write(out, cat, rows, powers_dir, dry_run, force, {}, homes, created, exported=True)
    for row in rows:
        for p in row.problems:
            text = p.message if p.message is not None else say(p.rule, p.variant, **p.fields)
            out.diagnostics.append(Diagnostic(p.rule, shown, 1, 1, p.path, text, cell=f"[{p.row}]",
                                              severity=Severity.ERROR if _is_error(p) else Severity.WARNING))
    out.rows = len(rows)
    out.failed_rows = sum(1 for row in rows if any(_is_error(p) for p in row.problems))
    out.diagnostics = sorted(set(out.diagnostics), key=Diagnostic.sort_key)
    return out


# --- steps -----------------------------------------------------------------------

def _profiles(site_profile: Path, profile: Path | None, out: Outcome) -> dict[str, list[str]] | None:
    """Extra column headers: the site's `_import.yaml`, then `--profile`.

        columns:
          name: [权责事项]        # field: [headers]
    """
    extra: dict[str, list[str]] = {}
    for p in (site_profile, profile):
        if p is None or not p.exists():
            if p is profile and p is not None:
                out.diagnostics.append(Diagnostic("PL601", display_path(p), 1, 1, "", say("PL601", "missing")))
                return None
            continue
        raw, diags = read_safely(p, display_path(p))
        try:
            data = yaml.safe_load(raw.decode("utf-8")) if raw is not None else None
        except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as exc:
            data, diags = None, diags + [Diagnostic("PL601", display_path(p), 1, 1, "", say("PL601", "profile", reason=yaml_reason(exc)))]
        columns = data.get("columns") if isinstance(data, dict) else None
        bad = [k for k in (columns or {}) if k not in FIELDS]
        if diags or not isinstance(columns, dict) or bad or not all(
                isinstance(v, list) and all(isinstance(h, str) for h in v) for v in columns.values()):
            out.diagnostics += diags or [Diagnostic("PL601", display_path(p), 1, 1, "columns",
                                                    say("PL601", "profile-shape", fields="、".join(FIELDS)))]
            return None
        for k, v in columns.items():
            extra.setdefault(k, []).extend(v)
    return extra


def _column_diagnostics(out: Outcome, table: Table, cols: Columns, names: dict[str, str]) -> None:
    def at(col: int, rule: str, variant: str, **fields) -> None:
        line, c = max(1, table.lines[cols.row] if table.lines else cols.row + 1), col + 1
        out.diagnostics.append(Diagnostic(rule, table.file, line, c, "", say(rule, variant, **fields),
                                          cell=table.cell(cols.row, col) if table.named_cells else ""))

    for name in REQUIRED:
        if name not in cols.fields:
            at(0, "PL604", "missing", header=SYNONYMS[name][0], synonyms="、".join(SYNONYMS[name][1:6]))
    for col, text in cols.unknown.items():
        hint = near(text, names)
        if hint and names[hint] in ("guide", "flowchart"):  # a column that is not imported anyway
            at(col, "PL603", "", header=text)
        elif hint:
            at(col, "PL603", "near", header=text, near=hint, field=SYNONYMS[names[hint]][0])
        else:
            at(col, "PL603", "", header=text)
    for name in ("flowchart", "guide"):
        for col in ([cols.fields[name]] if name in cols.fields else []) + cols.more.get(name, []):
            at(col, "PL609", name, header=table.rows[cols.row][col].strip())
    for name, more in cols.more.items():
        if name in ("flowchart", "guide"):
            continue
        for col in more:
            at(col, "PL603", "twice", header=table.rows[cols.row][col].strip(),
               first=table.rows[cols.row][cols.fields[name]].strip())


def _link_parents(rows: list[Row]) -> None:
    """A 子项's row names its 主项: the row of that name without a 子项 is its parent."""
    mains = {row.data.get("name"): row.ident for row in rows if row.main is None and row.ident}
    for row in rows:
        parent = mains.get(row.main) if row.main else None
        if parent and parent != row.ident:
            row.data["parent"] = parent
            note = f"主项：{row.main}"
            remark = "\n".join(x for x in row.data.get("remark", "").split("\n") if x != note)
            if remark:
                row.data["remark"] = remark
            else:
                row.data.pop("remark", None)


def _ordered(data: dict) -> dict:
    return {k: data[k] for k in ORDER if k in data}


def _importable(row: Row) -> bool:
    return bool(row.ident) and not row.skip and not any(_is_error(p) for p in row.problems)


def _check_rows(out: Outcome, cat: Catalog, rows: list[Row], powers_dir: Path, scalars: dict,
                homes: dict[int, str]) -> None:
    """Each row's file as `check` would see it, and the rules across files:
    codes once (local and implementation codes alike), ids once, units of
    the row's body (`homes`: see `bodyfolders.place`)."""
    assert cat.site is not None
    hints: dict = {}  # the unit nearest to each unknown one of a body, found once
    codes: dict[str, str] = {}
    for e in cat.entries.values():
        for c in (e.item.code, e.item.implementation_code):
            if c:
                codes.setdefault(c, e.id)
    files = {p.stem: p for p in item_files(powers_dir)}  # broken ones too: their ids are taken
    seen: dict[str, Row] = {}
    limit = cat.site.max_file_bytes
    taken = {row.ident for row in rows if row.ident}
    for row in rows:
        if not row.ident or row.skip:
            continue
        body = homes.get(row.index, OWN)
        said = {p.field for p in row.problems}  # the reader's findings: check's of the same cell would repeat them
        _distinct_id(row, cat, files, taken)
        other = files.get(row.ident)
        if other is not None and other != _target(powers_dir, body, row.ident):
            row.problems.append(_at(row, "name", "PL301", "", id=row.ident, other=display_path(other)))
            continue
        mine = [c for c in (row.data.get("code"), row.data.get("implementation_code")) if c]
        clash = next((c for c in mine if c in seen and seen[c] is not row), None)
        if clash:  # every problem of the row is told: the check below runs all the same
            row.problems.append(_at(row, "code", "PL605", "code", code=clash, other=seen[clash].number))
        clash = next((c for c in mine if codes.get(c, row.ident) != row.ident), None)
        if clash:
            row.problems.append(_at(row, "code", "PL605", "existing", code=clash, other=f"{codes[clash]}.yaml"))
        for c in mine:
            seen[c] = row
        subject = (row.data.get("subject") or {}).get("name")
        own = not subject or subject in cat.bodies[body].names()  # another organisation's units are its own
        units = (body_sets(cat, body) or (set(), set()))[1]
        known = sorted(units)
        for i, unit in enumerate(row.data["units"] if isinstance(row.data.get("units"), list) else []):
            if own and units and unit not in units:
                if (body, unit) not in hints:
                    hints[body, unit] = difflib.get_close_matches(unit, known, n=1, cutoff=0.4)
                hint = hints[body, unit]
                row.problems.append(_at(row, "units", "PL305", "near" if hint else "", path=f"units[{i}]", unit=unit,
                                        **({"near": hint[0]} if hint else {"units": "、".join(known)})))
        file = f"{body}/{row.ident}.yaml" if body != OWN else f"{row.ident}.yaml"
        data = _ordered(row.data)
        row.text, exact = item_text(data, scalars)
        row.text = modeline(row.text, body)
        size = len(row.text.encode("utf-8"))
        if size > limit:
            row.problems.append(_at(row, "name", "PL103", "", size=size, limit=limit))
            continue
        _, diags = check_item_text(cat, row.ident, file, row.text, data if exact else None, positions=False, body=body)
        for d in diags:
            if _field_of(d.path) in said:
                continue
            bad = first_control(data, d.path) if d.rule == "PL115" else None  # a cell's own character, not YAML's escape
            message = say("PL115", "cell", char=control_name(bad)) if bad else d.message
            row.problems.append(Problem(row.index, _field_of(d.path), d.rule, "", {}, d.path, message, d.is_error))


def _distinct_id(row: Row, cat: Catalog, files: dict[str, Path], taken: set[str]) -> None:
    """An id whose file holds another item (of another name) is not this
    row's: the row gets an id of its own, from a hash of its name, and the
    import says so — never an offer to overwrite. (A file that does not
    load, a link or a folder there: reported where the file is written.)"""
    there = cat.entries.get(row.ident)
    name = row.data.get("name")
    if row.ident not in files or there is None or there.item.name == name:
        return  # free, or the same item imported before
    base = row.ident
    salt = f"{name}\0{row.main or ''}"
    ident = f"{base}-{hashlib.sha1(salt.encode('utf-8')).hexdigest()[:6]}"
    n = 2
    while ident in files or ident in taken:
        ident = f"{base}-{hashlib.sha1(f'{salt}{n}'.encode('utf-8')).hexdigest()[:6]}"
        n += 1
    row.problems.append(_at(row, "name", "PL610", "", id=base, file=display_path(files[base]), other=there.item.name,
                            new=ident))
    taken.add(ident)
    row.ident = ident


@dataclass
class _DeclaredBody:
    """A body of an exported list that this list does not have yet: its
    `_body.yaml` written back as the export declares it."""

    id: str
    name: str
    config: dict

    def text(self) -> str:
        head = "# yaml-language-server: $schema=../../docs/schema/body.schema.json\n"
        return head + yaml.safe_dump(self.config, allow_unicode=True, sort_keys=False, width=1000)


def _declared_bodies(declared: object, cat: Catalog, powers_dir: Path, shown: str, out: Outcome) -> list[_DeclaredBody]:
    """The bodies a JSON export declares (`bodies`: id → its _body.yaml) that
    the list lacks, checked as a _body.yaml is and added to `cat`, so that
    their items are checked against their own units and posts."""
    from ..core.bodies import BodyConfig, body_of
    from ..core.validate import validate

    assert cat.site is not None  # the caller returns without one
    made: list[_DeclaredBody] = []
    for ident, conf in (declared.items() if isinstance(declared, dict) else ()):
        if ident in cat.bodies or not isinstance(ident, str) or not ID_RE.match(ident) or not isinstance(conf, dict):
            continue
        file = display_path(powers_dir / ident / BODY_FILE)
        src = parse(yaml.safe_dump(conf, allow_unicode=True, sort_keys=False).encode("utf-8"), file)[0]
        config, diags = validate(BodyConfig, src) if src is not None else (None, [])
        if config is None:
            out.diagnostics += [Diagnostic(d.rule, shown, 1, 1, f"bodies.{ident}.{d.path}".rstrip("."), d.message)
                                for d in diags]
            continue
        cat.bodies[ident] = body_of(ident, config, cat.site, file)
        made.append(_DeclaredBody(ident, config.name, conf))
    return made


def _target(powers_dir: Path, body: str, ident: str) -> Path:
    return (powers_dir / body if body != OWN else powers_dir) / f"{ident}.yaml"


class _BodyToWrite(Protocol):
    """A body whose folder and `_body.yaml` the import writes: one it creates (NewBody) or one an export declares."""

    id: str
    name: str

    def text(self) -> str: ...


def _write(out: Outcome, cat: Catalog, rows: list[Row], powers_dir: Path, dry_run: bool, force: bool,
           scalars: dict, homes: dict[int, str], created: Sequence[_BodyToWrite], exported: bool = False) -> None:
    folder = display_path(powers_dir / "x")[:-1]  # as each file in it is shown
    new = {b.id: b for b in created}
    written: dict[str, int] = {}  # new body → its items written
    jobs: list[tuple[Row, Path, str, bytes, str]] = []
    for row in rows:
        if not _importable(row):
            continue
        body = homes.get(row.index, OWN)
        name = f"{body}/{row.ident}.yaml" if body != OWN else f"{row.ident}.yaml"
        target = _target(powers_dir, body, row.ident)
        if "parent" in row.data and not exported:  # linked after the check: a 子项 has its parent now
            row.text = modeline(item_text(_ordered(row.data), scalars)[0], body)
        text = row.text
        shown = folder + name
        if body in new and body not in written and not _new_body(out, row, new[body], powers_dir, dry_run):
            continue
        there = _there(target)
        if there in ("link", "other"):
            row.problems.append(_at(row, "name", "PL114", "link" if there == "link" else "dir"))
            continue
        if there == "file":
            raw, diags = read_safely(target, shown)
            old = raw.decode("utf-8", "replace") if raw is not None else None
            if old == text:
                out.unchanged.append(shown)
                continue
            if not force:
                diff = "".join(difflib.unified_diff((old or "").splitlines(True), text.splitlines(True),
                                                    f"{shown}（现有）", f"{shown}（导入）"))
                out.kept.append((shown, diff))
                row.problems.append(_at(row, "name", "PL608", "", file=shown))
                continue
        jobs.append((row, target, shown, text.encode("utf-8"), body))
    # Creating a file is nearly all the kernel's work, which a few threads overlap; each file is still
    # written whole or not at all, and the outcome is told in the rows' order.
    for (row, _, shown, _, body), error in zip(jobs, _write_all(jobs, dry_run)):
        if error is not None:
            row.problems.append(_at(row, "name", "PL601", "write", file=shown, reason=error.strerror or str(error)))
            continue
        out.written.append(shown)
        if body in new:
            written[body] = written.get(body, 0) + 1
    out.bodies = [(b.name, folder + b.id + "/", written[b.id]) for b in created if b.id in written]


def _new_body(out: Outcome, row: Row, body: _BodyToWrite, powers_dir: Path, dry_run: bool) -> bool:
    """The folder and `_body.yaml` of a body the import creates, before its first item."""
    if dry_run:
        return True
    try:
        (powers_dir / body.id).mkdir(exist_ok=True)
        write_whole(powers_dir / body.id / BODY_FILE, body.text().encode("utf-8"))
    except OSError as exc:
        row.problems.append(_at(row, "subject", "PL601", "write", file=display_path(powers_dir / body.id / BODY_FILE),
                                reason=exc.strerror or str(exc)))
        return False
    return True


WRITERS = 4


def _write_all(jobs: list[tuple[Row, Path, str, bytes, str]], dry_run: bool) -> list[OSError | None]:
    def one(job) -> OSError | None:
        try:
            write_whole(job[1], job[3])
        except OSError as exc:
            return exc
        return None

    if dry_run or not jobs:
        return [None] * len(jobs)
    if len(jobs) < 64:
        return [one(job) for job in jobs]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(WRITERS) as pool:
        return list(pool.map(one, jobs, chunksize=16))


def _there(target: Path) -> str:
    """What is at `target`: nothing (""), a "link", a "file", or an "other"
    kind of thing — from one lstat; when that fails otherwise than for a
    missing file, the import's usual questions, whatever they raise."""
    try:
        mode = os.lstat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return ""
    except OSError:
        if os.path.lexists(target) and (target.is_symlink() or not target.is_file()):
            return "link" if target.is_symlink() else "other"
        return "file" if target.exists() else ""
    return "link" if stat.S_ISLNK(mode) else "file" if stat.S_ISREG(mode) else "other"


# --- problems at cells -------------------------------------------------------------

_FIELD_OF_KEY = {"accountability.cases": "cases", "accountability.basis": "case_basis", "flow": "units",
                 "original.id": "source_id"}


def _field_of(path: str) -> str:
    head = path.split("[")[0].split(".")[0]
    two = ".".join(path.split("[")[0].split(".")[:2])
    return _FIELD_OF_KEY.get(two) or _FIELD_OF_KEY.get(head) or head or "name"


def _at(row: Row, name: str, rule: str, variant: str, path: str = "", message: str | None = None, **fields) -> Problem:
    return Problem(row.index, name, rule, variant, fields, path, message)


def _is_error(p: Problem) -> bool:
    return p.error if p.error is not None else RULES[p.rule].severity is Severity.ERROR


def _diag(out: Outcome, p: Problem) -> Diagnostic:
    """A problem at its cell: the column of its field (the 子项 column for the
    name of a 子项), or the name's when the list has no such column."""
    t, cols = out.table, out.columns
    assert t is not None and cols is not None
    name = p.field
    if name == "name" and "subitem" in cols.fields and t.rows[p.row][cols.fields["subitem"]].strip():
        name = "subitem"
    col = cols.fields.get(name, cols.fields.get("name", 0))
    text = p.message if p.message is not None else say(p.rule, p.variant, **p.fields)
    line = t.lines[p.row] if t.lines else p.row + 1
    return Diagnostic(p.rule, t.file, line, col + 1, p.path, text, cell=t.cell(p.row, col) if t.named_cells else "",
                      severity=Severity.ERROR if _is_error(p) else Severity.WARNING)
