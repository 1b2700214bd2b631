"""Load a whole list: the site configuration, every item file and every flow
template; validate each, then apply the rules that span files.

This is the single entry point of the core: `load_catalog(powers_dir)`
returns the checked data and every diagnostic at once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import functools
import gc
import hashlib
import os
import re
from pathlib import Path
from typing import Any, Iterator

from . import attachments, sitefiles
from .flow.paths import FlowFacts, flow_facts
from .flow.calendar import Conflict, conflicts
from .flow.promises import Kept, Kind, Promise, analyse, findings
from .changes import cross_check, load_notices
from .diagnostics import Diagnostic, sort
from .flow.agree import agreement, special_steps
from .flow.shape import check_lanes, check_shape, check_size, missing_stages
from .flow.model import FlowTemplate
from .flow.expand import Flow, inline_flow, template_flow, template_shape, use_key
from .layout import FILES_DIR, ID_RE, SITE_FILE, YAML_SUFFIXES, changes_dir as changes_folder, display_path, \
    docs_dir as docs_folder, flows_dir as flows_folder, item_files, template_files
from .lint import PLACEHOLDER, lint_item, placeholders
from .bodies import OWN, Body, BodyConfig, body_folders, body_in, body_of, foreign_subject, \
    nested_body_files, own_body
from .models import PowerItem, Site, WorkCalendar
from .records import Catalog, Entry, Repository, Template
from .rules import Severity, say
from .validate import validate
from .safefile import DEFAULT_MAX_BYTES, refuse_special
from .yamlsource import Source, Unplaced, load, parse

@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Loading allocates hundreds of thousands of objects that all stay
    alive; the cyclic collector would walk them again and again (about a
    fifth of the time of a large check). Nothing here creates cycles that
    need it, and it is back on when loading ends."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# path → (file's stat and the catalog's context, entry or None, diagnostics)
Memo = dict[Path, tuple[tuple[tuple[int, int, int] | None, str, str] | None, Entry | None, list[Diagnostic]]]


def load_catalog(powers_dir: Path, flows_dir: Path | None = None, memo: Memo | None = None,
                 docs_dir: Path | None = None, repo: Repository | None = None) -> Catalog:
    """Check the whole list. With a `memo` (kept by the caller between calls,
    as `mkdocs serve` does), an item file whose size, time and inode are
    unchanged, under an unchanged site configuration and templates, is not
    read again: its result is the last one. Rules across files always run.
    `docs_dir` (default: docs/ beside powers/) holds the files the site
    configuration names, such as the 党政机关网站标识 image. `repo` answers
    what the rules on notices ask of version control (the data's date, files
    not committed yet, items that once existed): `history.repo.GitRepository`;
    without one those rules see no history."""
    with gc_paused():
        return _load_catalog(Path(powers_dir), flows_dir, memo, docs_dir, repo)


def _load_catalog(powers_dir: Path, flows_dir: Path | None, memo: Memo | None,
                  docs_dir: Path | None = None, repo: Repository | None = None) -> Catalog:
    flows_dir = Path(flows_dir) if flows_dir is not None else flows_folder(powers_dir)
    cat = Catalog(root=powers_dir, site=None)
    _load_site(cat, powers_dir / SITE_FILE, Path(docs_dir) if docs_dir is not None else docs_folder(powers_dir))
    if flows_dir.is_dir():
        _load_templates(cat, flows_dir)
    _load_bodies(cat, powers_dir)
    _load_items(cat, powers_dir, memo)
    changes_dir = changes_folder(powers_dir)
    if changes_dir.is_dir():
        load_notices(cat, changes_dir, _max_bytes(cat), repo)
    cat.diagnostics += _cross_file(cat) + cross_check(cat, repo)
    found, cat.attachments = attachments.check(cat)
    cat.diagnostics += found
    cat.diagnostics = sort(cat.diagnostics)
    return cat


def _max_bytes(cat: Catalog) -> int:
    return cat.site.max_file_bytes if cat.site else DEFAULT_MAX_BYTES


def _lanes(cat: Catalog) -> set[str]:
    return set(cat.site.lanes) if cat.site else set()


def _load_site(cat: Catalog, path: Path, docs_dir: Path) -> None:
    if not os.path.lexists(path):
        cat.diagnostics.append(Diagnostic("PL306", display_path(path), 1, 1, "", say("PL306")))
        return
    src, d = load(path, display_path(path))
    cat.diagnostics += d
    cat.mix("site", src.text if src is not None else repr(d))
    if src is not None:
        cat.site, d = validate(Site, src)
        cat.diagnostics += d
        if cat.site is not None:
            cat.diagnostics += sitefiles.check(cat.site, src, docs_dir)
            cat.diagnostics += _search_terms(cat.site, src)


def _search_terms(site: Site, src: Source) -> list[Diagnostic]:
    """The site's own search words (search: in _site.yaml): each must be
    something a query can match (see search.letters)."""
    import re

    from .textrules import letters

    out: list[Diagnostic] = []
    for g, group in enumerate(site.search.synonyms):
        for k, word in enumerate(group):
            if not letters(word):
                out.append(src.diag("PL312", ("search", "synonyms", g, k), say("PL312", "empty", word=word)))
        kept = list(dict.fromkeys(w for w in map(letters, group) if w))
        if len(kept) == 1:
            out.append(src.diag("PL312", ("search", "synonyms", g), say("PL312", "one", word=kept[0])))
    for key, words in site.search.english.items():
        if not re.fullmatch(r"[A-Za-z0-9 -]+", key):
            out.append(src.diag("PL312", ("search", "english", key), say("PL312", "english-key", word=key), key=True))
        for k, word in enumerate(words):
            if not letters(word):
                out.append(src.diag("PL312", ("search", "english", key, k), say("PL312", "english-value", key=key, word=word)))
    return out


def _load_bodies(cat: Catalog, powers_dir: Path) -> None:
    """The site's own authority, and a body for every powers/<id>/_body.yaml."""
    if cat.site is None:
        return
    cat.bodies[OWN] = own_body(cat.site)
    diags = cat.diagnostics
    found = body_folders(powers_dir)
    names: dict[str, str] = {n: "" for n in (cat.site.authority.name, cat.site.authority.full_name) if n}
    for ident, path in found:
        file = display_path(path)
        cat.broken_bodies.add(ident)  # until it has loaded: its items are not checked against another's units
        if not ID_RE.match(ident) or ident == FILES_DIR:
            diags.append(Diagnostic("PL320", file, 1, 1, "", say("PL320", "id", folder=ident)))
            continue
        special = refuse_special(path, file)
        if special is not None:
            diags.append(special)
            continue
        src, d = load(path, file, _max_bytes(cat))
        diags += d
        cat.mix("body", file, src.text if src is not None else repr(d))
        if src is None:
            continue
        config, d = validate(BodyConfig, src)
        diags += d
        if config is None:
            continue
        clash = next((n for n in (config.name, config.full_name) if n and n in names), None)
        if clash is not None:
            other = names[clash]
            diags.append(src.diag("PL320", ("name",), say("PL320", "same-name", name=clash,
                                                            other=other or display_path(powers_dir / "_site.yaml"))))
            continue
        for n in (config.name, config.full_name):
            if n:
                names[n] = file
        cat.broken_bodies.discard(ident)
        cat.bodies[ident] = body_of(ident, config, cat.site, file)
    for path in nested_body_files(powers_dir):
        diags.append(Diagnostic("PL320", display_path(path), 1, 1, "", say("PL320", "nested")))


def _load_templates(cat: Catalog, flows_dir: Path) -> None:
    diags = cat.diagnostics
    for path in template_files(flows_dir):
        file = display_path(path)
        if not ID_RE.match(path.stem):
            diags.append(Diagnostic("PL111", file, 1, 1, "", _bad_id_message(path.stem)))
            continue
        cat.broken_templates.add(path.stem)  # until it has loaded
        src, d = load(path, file, _max_bytes(cat))
        diags += d
        cat.mix("template", file, src.text if src is not None else repr(d))
        if src is None:
            continue
        tpl, d = validate(FlowTemplate, src)
        diags += d
        if tpl is None:
            continue
        cat.broken_templates.discard(path.stem)
        t = cat.templates[path.stem] = Template(path.stem, file, tpl, src)
        # the shape does not depend on the items: check it once, here
        shape, d = template_shape(tpl, src, t.id)
        diags += d
        if shape is not None:
            d = check_shape(shape) + check_lanes(shape, _lanes(cat))
            diags += d
            t.sound = not any(x.rule != "PL510" for x in d)


def _read_item(path: Path, file: str, site: Site | None, type_index: dict[str, str], max_bytes: int,
               body: Body | None = None) -> tuple[Source | None, PowerItem | None, str | None, list[Diagnostic]]:
    """Parse, validate and lint one item file: independent of every other file."""
    src, diags = load(path, file, max_bytes)
    if src is None:
        return None, None, None, diags
    return _check_item(src, site, type_index, diags, body)


def _check_item(src: Source, site: Site | None, type_index: dict[str, str], diags: list[Diagnostic],
                body: Body | None = None) -> tuple[Source, PowerItem | None, str | None, list[Diagnostic]]:
    item, d = validate(PowerItem, src)
    if PLACEHOLDER in src.text:  # a new item not filled in yet: say that, not what it breaks
        todo = [src.diag("PL420", loc, say("PL420", text=text)) for loc, text in placeholders(src.data)]
        where = {(x.line, x.col) for x in todo}
        d = todo + [x for x in d if (x.line, x.col) not in where]
    diags += d
    raw_type = src.data.get("type") if isinstance(src.data, dict) else None
    type_name = type_index.get(raw_type) if isinstance(raw_type, str) else None
    if isinstance(raw_type, str) and type_name is None and site is not None:
        diags.append(src.diag("PL206", ("type",), _unknown_type_message(raw_type, type_index)))
    if item is not None and type_name is not None and site is not None:
        phone = body.supervision.phone if body is not None else None  # its body's, else the site's
        diags += [src.place(f) for f in lint_item(item, type_name, site, phone)]
    return src, item, type_name, diags


def _load_items(cat: Catalog, powers_dir: Path, memo: Memo | None = None) -> None:
    diags = cat.diagnostics
    type_index, _, _ = _site_index(cat)
    files: dict[str, str] = {}
    jobs: list[tuple[Path, str, str]] = []
    listed = item_files(powers_dir)
    folders = cat.bodies.keys() | cat.broken_bodies  # the body folders, loaded or not
    cat.item_ids = {path.stem for path in listed}  # an item that does not load still owns its files' folder
    for path in listed:
        file = display_path(path)
        ident = path.stem
        special = refuse_special(path, file)  # a link, folder or pipe: never opened
        if special is not None and special.rule == "PL114" and path.suffix not in YAML_SUFFIXES \
                and not path.is_symlink():  # a subfolder item_files could not list
            special = Diagnostic("PL113", file, 1, 1, "", say("PL113", "folder"))
        if special is not None:
            diags.append(special)
            continue
        if not ID_RE.match(ident):
            diags.append(Diagnostic("PL111", file, 1, 1, "", _bad_id_message(ident)))
        elif ident in files:
            diags.append(Diagnostic("PL301", file, 1, 1, "", say("PL301", id=ident, other=files[ident])))
            continue
        files.setdefault(ident, file)
        jobs.append((path, file, body_in(path, powers_dir, folders)))
    # Reading on a second process was measured slower: sending the parsed
    # items back costs more than parsing them.
    for path, file, body in jobs:
        stamp = (_stat(path), cat.context, file) if memo is not None else None  # taken before reading
        hit = memo.get(path) if memo is not None else None
        if hit is not None and hit[0] == stamp and stamp is not None and stamp[0] is not None:
            _, entry, d = hit
        else:
            entry, d = _read_entry(path, file, cat, type_index, body)
            if memo is not None:
                memo[path] = (stamp, entry, d)
        diags += d
        if entry is not None and ID_RE.match(path.stem):
            cat.entries[path.stem] = entry
    if memo is not None:
        for gone in set(memo) - {job[0] for job in jobs}:
            del memo[gone]


def check_item_text(cat: Catalog, ident: str, file: str, text: str, data: Any = None,
                    positions: bool = True, body: str = OWN) -> tuple[Entry | None, list[Diagnostic]]:
    """What `check` says of an item file that is not written yet (`import`
    checks each file it would write), against a loaded catalog's site and
    templates. Rules across files are the caller's.

    `data` is what the text reads back as, when the caller wrote the text
    from it and knows that it reads back as exactly that, with nothing for
    the reader to refuse (plain text, lists and mappings, no control
    characters): the text is then not parsed again, and its node tree is
    composed only if a diagnostic needs a position; without `positions`,
    never (every diagnostic is then at 1:1). `body`: the id of the body
    whose folder the file goes to (in `cat.bodies`)."""
    if data is None:
        src, diags = parse(text.encode("utf-8"), file)
        if src is None:
            return None, diags
    else:
        src, diags = (Source if positions else Unplaced)(file, data, text), []
    type_index, _, _ = _site_index(cat)
    return _entry(ident, file, cat, body, *_check_item(src, cat.site, type_index, diags, cat.bodies.get(body)))


def _site_index(cat: Catalog) -> tuple[dict[str, str], set[str], set[str]]:
    """The site's types by name and alias, its lanes and its units: made once per catalog."""
    if cat.index is None:
        cat.index = (_type_index(cat.site) if cat.site else {}, _lanes(cat), set(cat.site.units) if cat.site else set())
    return cat.index


def _read_entry(path: Path, file: str, cat: Catalog, type_index: dict[str, str],
                body: str) -> tuple[Entry | None, list[Diagnostic]]:
    return _entry(path.stem, file, cat, body, *_read_item(path, file, cat.site, type_index, _max_bytes(cat),
                                                          cat.bodies.get(body)))


def body_sets(cat: Catalog, body: str) -> tuple[set[str], set[str]] | None:
    """The lanes and units an item of `body` is checked against (the body's,
    else the site's); None when the body's _body.yaml did not load."""
    b = cat.bodies.get(body)
    if b is None or body in cat.broken_bodies:
        return None
    hit = cat.sets.get(body)
    if hit is None:
        hit = cat.sets[body] = (set(b.lanes), set(b.units))
    return hit


def _entry(ident: str, file: str, cat: Catalog, body: str, src: Source | None, item: PowerItem | None, type_name: str | None,
           diags: list[Diagnostic]) -> tuple[Entry | None, list[Diagnostic]]:
    if src is None or item is None or type_name is None or cat.site is None:
        return None, diags
    version = hashlib.sha1(f"{file}\0{src.text}".encode("utf-8", "surrogatepass")).hexdigest()
    entry = Entry(ident, file, item, type_name, src, version=version, body=body)
    sets = body_sets(cat, body)
    label = None
    lanes: set[str]
    units: set[str]
    if sets is None:  # its body is reported at its _body.yaml: nothing to check the posts against
        lanes, units, own = set(), set(), False
    else:
        b = cat.bodies[body]
        (lanes, units), own = sets, foreign_subject(item, b) is None
        if b.file is not None and b.lanes != cat.bodies[OWN].lanes:
            label = (b.name, b.file)  # lanes of its own: say so, not the site's
    diags += _analyse_flow(entry, cat.templates, lanes, units, own, label, cat.site.calendar)
    src.release(data=True)  # its positions and plain data were needed while it was checked, not after
    return entry, required(cat.site, diags)


def required(site: Site, diags: list[Diagnostic]) -> list[Diagnostic]:
    """Missing or 未载明 content is a warning until the site's `require:`
    names it (or says `all`): then it is an error."""
    if not site.require:
        return diags
    out = []
    for d in diags:
        if d.rule == "PL421" and site.requires(d.path) or d.rule == "PL518" and site.requires("flow"):
            d = dataclasses.replace(d, severity=Severity.ERROR)
        out.append(d)
    return out


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def _analyse_flow(e: Entry, templates: dict[str, Template], lanes: set[str], units: set[str],
                  own: bool = True, body: tuple[str, str] | None = None,
                  cal: WorkCalendar | None = None) -> list[Diagnostic]:
    spec = e.item.flow
    if spec is None:
        return [e.source.diag("PL518", ("name",), say("PL518"), key=True)]
    flow: Flow | None
    facts: FlowFacts | None
    if spec.steps is not None:
        flow = inline_flow(spec, e.source)
        shape = check_shape(flow)
        if shape:
            return shape
        facts = flow_facts(flow)
    else:
        tpl = templates.get(spec.use or "")
        if tpl is None or not tpl.sound:
            return []  # reported as an unknown template, or at the template itself
        flow, d = template_flow(spec, e.source, tpl.template, tpl.source, tpl.id, tpl.steps)
        if flow is None:
            return d
        key = use_key(spec)
        facts = tpl.facts.get(key)
        if facts is None:
            facts = tpl.facts[key] = flow_facts(flow)
    # a step the guide names as a 特殊环节 is counted out of the time limit: the item's own facts
    counted, special = special_steps(flow, e.item)
    if counted is not flow:
        flow, facts = counted, flow_facts(counted)
    # another body's item uses that body's posts, not the site's lanes
    out = (check_lanes(flow, lanes, body) if own else []) + agreement(flow, e.item, units, own) + check_size(flow)
    for i, stage in missing_stages(flow, [r.standard or r.stage for r in e.item.responsibilities]):
        out.append(e.source.diag("PL511", ("responsibilities", i, "stage"), say("PL511", stage=stage)))
    e.flow = flow
    e.analysis = analyse(facts, e.item, flow)
    clashes = conflicts(flow, e.item, cal or WorkCalendar())
    if clashes:
        e.analysis = dataclasses.replace(e.analysis, promises=e.analysis.promises + tuple(
            Promise(Kind.CALENDAR, Kept.NO, calendar=c) for c in clashes))
        out += [_calendar_diag(e, flow, c) for c in clashes]
    return out + special + [e.source.place(f) for f in findings(e.analysis)]


def _calendar_diag(e: Entry, flow: Flow, c: Conflict) -> Diagnostic:
    """At the step's deadline, naming the window's end and the promise
    (file, line, key of each): the three facts that cannot all be true."""
    end_line, _ = e.source.pos(("window", "end"))
    terms = e.item.terms_key
    promised = e.item.terms.time_limit.promised if e.item.terms else None
    also = (say("PL523", "promise", promised=promised, file=e.file,
                line=e.source.pos((terms, "time_limit", "promised"))[0], key=f"{terms}.time_limit.promised")
            if promised is not None else "")
    return flow.diag("PL523", c.index, "deadline", say(
        "PL523", step=c.step, deadline=_md_words(c.deadline, True), end=_md_words(c.end, len(c.end) == 5),
        file=e.file, end_line=end_line, span=c.span, earliest=_md_words(c.earliest, False), promise=also))


def _md_words(md: str, yearly: bool) -> str:
    """08-13 → 每年 8月13日 (yearly) or 8月13日; 2026-08-11 → 2026年8月11日."""
    if len(md) == 10:
        return say("PL523", "date-full", year=int(md[:4]), month=int(md[5:7]), day=int(md[8:]))
    return say("PL523", "date-yearly" if yearly else "date", month=int(md[:2]), day=int(md[3:]))


def _cross_file(cat: Catalog) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    codes: dict[str, tuple[Entry, str]] = {}
    units_of: dict[str, list[str]] = {}  # a unit's name → the bodies that list it (for a hint)
    for ident, b in cat.bodies.items():
        if ident == OWN or b.units != cat.bodies[OWN].units:  # a body with units of its own
            for u in b.units:
                units_of.setdefault(u, []).append(ident)
    for e in cat.entries.values():
        for key in ("code", "implementation_code"):
            code = getattr(e.item, key)
            if code is None:
                continue
            if code in codes:
                other, _ = codes[code]
                line, _ = other.source.pos((key,))
                out.append(e.source.diag("PL302", (key,), say("PL302", code=code, file=other.file, line=line)))
            else:
                codes[code] = (e, key)
        parent = e.item.parent
        if parent is not None:
            if parent not in cat.entries:
                near = difflib.get_close_matches(parent, list(cat.entries), n=1)
                message = say("PL303", "near", parent=parent, near=near[0]) if near else say("PL303", parent=parent)
                out.append(e.source.diag("PL303", ("parent",), message))
            elif parent == e.id:
                out.append(e.source.diag("PL303", ("parent",), say("PL303", "self")))
        flow = e.item.flow
        if flow is not None and flow.use is not None and flow.use not in cat.templates \
                and flow.use not in cat.broken_templates:  # a broken one is reported once, at itself
            near = difflib.get_close_matches(flow.use, list(cat.templates), n=1)
            message = (say("PL304", "near", use=flow.use, near=near[0]) if near
                       else say("PL304", use=flow.use, templates="、".join(cat.templates) or "无"))
            out.append(e.source.diag("PL304", ("flow", "use"), message))
        out += _body_findings(cat, e, units_of)
    return out + _parent_cycles(cat) + _renames(cat) + _same_names(cat)


def _renames(cat: Catalog) -> list[Diagnostic]:
    """Each item's former ids (renamed_from), kept for good so that old
    links lead to it: never an id a file has now (so no chain can come
    back to itself), and each claimed by one item only. Fills `cat.renamed`."""
    out: list[Diagnostic] = []
    for ident in sorted(cat.entries):
        e = cat.entries[ident]
        for j, old in enumerate(e.item.renamed_from):
            loc = ("renamed_from", j)
            if old == ident:
                out.append(e.source.diag("PL309", loc, say("PL309", "self", old=old)))
            elif old in cat.item_ids:
                other = cat.entries[old].file if old in cat.entries else f"{old}.yaml"
                out.append(e.source.diag("PL309", loc, say("PL309", "current", old=old, file=other)))
            elif old in cat.renamed and cat.renamed[old] != ident:
                out.append(e.source.diag("PL309", loc, say("PL309", "claimed", old=old,
                                                           file=cat.entries[cat.renamed[old]].file)))
            else:
                cat.renamed[old] = ident
    return out


def _same_names(cat: Catalog) -> list[Diagnostic]:
    """Two current items (not cancelled or merged) of the same name: each
    is told the other's file. One pass over the names."""
    from .changes import is_current

    by_name: dict[str, list[Entry]] = {}
    for ident in sorted(cat.entries):
        e = cat.entries[ident]
        if is_current(e.item):
            by_name.setdefault(" ".join(e.item.name.split()), []).append(e)
    out: list[Diagnostic] = []
    for name, same in by_name.items():
        for e in same[1:] if len(same) > 1 else ():
            first = same[0]
            out.append(e.source.diag("PL310", ("name",), say("PL310", name=name, file=first.file,
                                                              line=first.source.pos(("name",))[0])))
            out.append(first.source.diag("PL310", ("name",), say("PL310", name=name, file=e.file,
                                                                  line=e.source.pos(("name",))[0])))
    return out


def _body_findings(cat: Catalog, e: Entry, units_of: dict[str, list[str]]) -> list[Diagnostic]:
    """An item's 承办机构 among its body's units, and its 实施主体 not another body of the list."""
    out: list[Diagnostic] = []
    body = cat.bodies.get(e.body)
    sets = body_sets(cat, e.body)
    if body is None or sets is None:
        return out
    subject = e.item.subject
    if subject is not None and foreign_subject(e.item, body) is not None:
        # another department's item: in its folder. (The government itself may be the 实施主体 of an item
        # a department keeps, the department handling it.)
        other = next((b for b in cat.bodies.values() if b.id not in (body.id, OWN) and subject.name in b.names()), None)
        if other is not None:
            where = display_path(cat.root / other.id) + "/"
            out.append(e.source.diag("PL321", ("subject", "name"), say("PL321", name=subject.name, folder=where)))
        return out  # another organisation's item: its units are its own
    units = sets[1]
    multi = len(cat.bodies) > 1
    for i, unit in enumerate(e.item.units):
        if not units or unit in units:
            continue
        near = difflib.get_close_matches(unit, sorted(units), n=1, cutoff=0.4)
        if not multi:
            message = (say("PL305", "near", unit=unit, near=near[0]) if near
                       else say("PL305", unit=unit, units="、".join(sorted(units))))
        else:
            elsewhere = [cat.bodies[b].name for b in units_of.get(unit, []) if b != e.body]
            fields = dict(unit=unit, body=body.name, file=body.file or display_path(cat.root / "_site.yaml"))
            if elsewhere:
                message = say("PL305", "other-body", other="、".join(elsewhere), **fields)
            elif near:
                message = say("PL305", "body-near", near=near[0], **fields)
            else:
                message = say("PL305", "body", units="、".join(sorted(units)), **fields)
        out.append(e.source.diag("PL305", ("units", i), message))
    return out


def _parent_cycles(cat: Catalog) -> list[Diagnostic]:
    """Items whose chain of parents comes back to them, each told the whole
    cycle starting from itself. Every item has at most one parent, so a walk
    up from each item meets a cycle or ends; each item is walked once."""
    out: list[Diagnostic] = []
    done: set[str] = set()
    for start in sorted(cat.entries):
        chain: list[str] = []
        on_chain: dict[str, int] = {}
        ident: str | None = start
        while ident is not None and ident not in done and ident in cat.entries:
            on_chain[ident] = len(chain)
            chain.append(ident)
            parent = cat.entries[ident].item.parent
            if parent is not None and parent in on_chain:
                cycle = chain[on_chain[parent]:]
                if len(cycle) > 1:  # an item its own parent is told so already
                    for i, member in enumerate(cycle):
                        shown = " → ".join(cycle[i:] + cycle[:i] + [member])
                        out.append(cat.entries[member].source.diag("PL307", ("parent",), say("PL307", cycle=shown)))
                break
            ident = parent
        done.update(chain)
    return out


def _type_index(site: Site) -> dict[str, str]:
    index: dict[str, str] = {}
    for t in site.types:
        index[t.name] = t.name
        for alias in t.aliases:
            index.setdefault(alias, t.name)
    return index


def _unknown_type_message(value: str, index: dict[str, str]) -> str:
    return _unknown_type_said(value, tuple(index.items()))


@functools.lru_cache(maxsize=1024)
def _unknown_type_said(value: str, items: tuple[tuple[str, str], ...]) -> str:
    """The message for an unknown type, found once for each (lists repeat a wrong type from row to row)."""
    index = dict(items)
    near = difflib.get_close_matches(value, list(index), n=1, cutoff=0.3)
    canonical = sorted(set(index.values()), key=list(index.values()).index)
    if near:
        target = index[near[0]]
        if near[0] == target:
            return say("PL206", "near", value=value, near=near[0])
        return say("PL206", "alias", value=value, near=near[0], type=target)
    return say("PL206", value=value, types="、".join(canonical))


def _bad_id_message(ident: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", ident.lower()).strip("-")
    example = slug if slug and ID_RE.match(slug) else "jishu-hetong-dengji"
    return say("PL111", name=ident, example=example)
