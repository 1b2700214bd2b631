"""Adjustment notices (动态调整): `changes/<published>-<slug>.yaml`, one file
per published notice, each listing the items it adds, cancels or adjusts;
and the rules that tie them to the items (a cancelled item keeps its file,
with a status and the notice that cancelled it).

Loaded with the items by `catalog.load_catalog`; checked with the same
diagnostics.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path, PurePosixPath

from .diagnostics import Diagnostic
from .layout import FILES_DIR, YAML_SUFFIXES, display_path, yaml_in
from .lint import PLACEHOLDER, placeholders
from .models import Notice, PowerItem
from .records import Catalog, NoticeRecord, Repository
from .rules import say
from .validate import validate
from .vocab import RETIRED
from .yamlsource import Source, load

NAME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9]+(-[a-z0-9]+)*$")
# 发文机关代字〔年份〕序号号 (GB/T 9704-2012); other brackets are a common slip
DOC_RE = re.compile(r"^\S{1,30}〔(\d{4})〕\d{1,5}号$")
DOC_LOOSE_RE = re.compile(r"^(\S{1,30}?)\s*[\[［(（【]\s*(\d{4})\s*[\]］)）】]\s*(\d{1,5})\s*号$")
_SUGGESTED = 100  # unknown ids given a "did you mean": each suggestion compares with every item


def notice_files(changes_dir: Path) -> list[Path]:
    return yaml_in(changes_dir)  # one folder; links and special files are reported when read


def load_notices(cat: "Catalog", changes_dir: Path, max_bytes: int, repo: Repository | None = None) -> None:
    for path in notice_files(changes_dir):
        file = display_path(path)
        src, d = load(path, file, max_bytes)
        cat.diagnostics += d
        cat.mix("notice", file, src.text if src is not None else repr(d))
        if src is None:
            continue
        notice, d = validate(Notice, src)
        if PLACEHOLDER in src.text:  # a draft (powerlist notice) not filled in yet: say that, as for an item
            notice, d = _draft(src, notice, d)
        cat.diagnostics += d
        if notice is None:
            continue
        m = NAME_RE.match(path.stem)
        if m is None:
            cat.diagnostics.append(Diagnostic("PL701", file, 1, 1, "", say("PL701", name=path.name)))
            continue
        if m.group(1) != notice.published:
            cat.diagnostics.append(src.diag("PL701", ("published",), say("PL701", "date", name=m.group(1),
                                                                             published=notice.published)))
        cat.notices[path.stem] = NoticeRecord(path.stem, file, notice, src)
        cat.diagnostics += _notice_itself(cat.notices[path.stem])
    cat.diagnostics += _dates_in_range(cat, changes_dir, repo)


def _draft(src: Source, notice: Notice | None, d: list[Diagnostic]) -> tuple[Notice | None, list[Diagnostic]]:
    """A notice still holding 【待填写…】: an error at each (PL420), in place
    of what the placeholder breaks there. Its entries still count as
    listed (so the items are not told they have no notice) when only a
    placeholder date kept it from validating: the check fails either way."""
    todo = [src.diag("PL420", loc, say("PL420", text=text)) for loc, text in placeholders(src.data)]
    where = {(x.line, x.col) for x in todo}
    rest = [x for x in d if (x.line, x.col) not in where]
    if notice is None and not rest and isinstance(src.data, dict):
        dated = {k: v for k, v in src.data.items()
                 if not (k == "approved" and isinstance(v, str) and PLACEHOLDER in v)}
        notice, _ = validate(Notice, src, dated)
    return notice, todo + rest


def _notice_itself(r: NoticeRecord) -> list[Diagnostic]:
    n, src, out = r.notice, r.source, []
    for i, entry in enumerate(n.entries):
        if not entry.items and entry.scope is None:
            out.append(src.diag("PL702", ("entries", i), say("PL702", "empty")))
    if n.approved is not None and n.approved > n.published:
        out.append(src.diag("PL703", ("approved",), say("PL703", approved=n.approved, published=n.published)))
    if n.doc_number is None:
        if not r.minor:
            out.append(src.diag("PL704", ("title",), say("PL704", "missing")))
    elif PLACEHOLDER in n.doc_number:
        pass  # told as a placeholder (PL420)
    elif not DOC_RE.match(n.doc_number):
        loose = DOC_LOOSE_RE.match(n.doc_number)
        if loose:
            suggest = f"{loose.group(1)}〔{loose.group(2)}〕{loose.group(3)}号"
            out.append(src.diag("PL704", ("doc_number",), say("PL704", "brackets", value=n.doc_number,
                                                                suggest=suggest)))
        else:
            out.append(src.diag("PL704", ("doc_number",), say("PL704", "format", value=n.doc_number)))
    return out


def _dates_in_range(cat: "Catalog", changes_dir: Path, repo: Repository | None) -> list[Diagnostic]:
    """A notice's dates lie between the site's `notices_since` and the data's
    date: the commit the data is from (the date a build was given, else
    HEAD's: `repo.data_day()`), so that no notice is dated in the future of the
    list that publishes it and the feed's dates stay true. A notice not yet
    committed as it is (being written and checked) may bear today's date.
    Without a repository, only dates after today are refused."""
    from .models import Site

    since = cat.site.notices_since if cat.site is not None else Site.model_fields["notices_since"].default
    out: list[Diagnostic] = []
    later: list[tuple[NoticeRecord, str, str]] = []
    for r in cat.notices.values():
        for key in ("approved", "published"):
            value = getattr(r.notice, key)
            if value is None:
                continue
            if value < since:
                out.append(r.source.diag("PL707", (key,), say("PL707", "early", date=value, since=since)))
            else:
                later.append((r, key, value))
    data = repo.data_day() if later and repo is not None else None
    later = [x for x in later if data is None or x[2] > data]
    if not later:
        return out
    import datetime as dt

    from .dates import TZ

    today = dt.datetime.now(TZ).date().isoformat()
    pending = repo.uncommitted(changes_dir) if repo is not None else None
    for r, key, value in later:
        if pending is None or Path(r.file).resolve() in pending:
            if value > today:
                out.append(r.source.diag("PL707", (key,), say("PL707", "future", date=value, day=today)))
        else:
            out.append(r.source.diag("PL707", (key,), say("PL707", "late", date=value, day=data)))
    return out


# words of a notice that say a matter now belongs to another body (由 X 行使, 划入 X, 移交 X ...)
_MOVED = re.compile(r"(?:改由|现由|由)([^，。；、\s]{2,40}?)(?:行使|承担|负责|办理)|(?:划入|划转至|划转到|划归|移交(?:给|至)?)([^，。；、\s]{2,40})")


def moved_to(notice: Notice, item: str) -> str | None:
    """The words of `notice` that say the matter of `item` now belongs to
    another body (its entry for the item, else its reason), if any.

    >>> from powerlist.core.models import Notice
    >>> n = Notice.model_validate({"title": "关于取消的公告", "published": "2026-11-26", "reason": "职责已划入区发展和改革委员会，本局不再行使。",
    ...                            "entries": [{"kind": "取消", "items": ["a"], "summary": "取消某事项"}]})
    >>> moved_to(n, "a")
    '划入区发展和改革委员会'
    """
    texts = [en.summary for en in notice.entries if item in en.items] + [notice.reason or ""]
    for t in texts:
        m = _MOVED.search(t)
        if m:
            return m.group(0)
    return None


def cross_check(cat: "Catalog", repo: Repository | None = None) -> list[Diagnostic]:
    """The rules that tie notices and items: every id a notice names is an
    item; a retired item is retired by a notice entry of its kind, and an
    entry that cancels or merges an item finds it retired."""
    out: list[Diagnostic] = []
    ids = list(cat.entries)
    existed: set[str] | None = None  # read once, when a notice names an id that is not here
    suggested = 0
    r: NoticeRecord | None  # each notice in turn below; then the notice that retired an item, if it is one
    for r in cat.notices.values():
        for i, entry in enumerate(r.notice.entries):
            for key in ("items", "into"):
                for j, item in enumerate(getattr(entry, key)):
                    if item in cat.renamed:
                        continue  # an item's former id: the item says so (renamed_from)
                    if item not in cat.entries and item not in cat.item_ids and existed is None:
                        existed = ever_existed(cat, repo)
                    if item not in cat.entries and (item in cat.item_ids or item in (existed or ())):
                        continue  # its file is there but reported (or was deleted before notices were kept)
                    if item not in cat.entries:
                        # a suggestion compares with every id: for the first few unknown ids only
                        near = difflib.get_close_matches(item, ids, n=1) if suggested < _SUGGESTED else []
                        suggested += 1
                        message = say("PL702", "near", item=item, near=near[0]) if near else say("PL702", item=item)
                        out.append(r.source.diag("PL702", ("entries", i, key, j), message))
                        continue
                    it = cat.entries[item].item
                    want = next((s for s, k in RETIRED.items() if k == entry.kind), None)
                    if key == "items" and want is not None and it.status != want:
                        out.append(r.source.diag("PL706", ("entries", i, key, j), say(
                            "PL706", "still-current", kind=entry.kind, item=item, status=it.status, want=want)))
    for e in cat.entries.values():
        it, src = e.item, e.source
        kind = RETIRED.get(it.status)
        if kind is None:
            if it.retired is not None:
                out.append(src.diag("PL705", ("retired",), say("PL705", "not-retired", status=it.status), key=True))
            continue
        if it.retired is None:
            out.append(src.diag("PL705", ("status",), say("PL705", "missing", status=it.status)))
            continue
        if it.status == "已合并" and not it.retired.successors:
            out.append(src.diag("PL705", ("retired",), say("PL705", "successors"), key=True))
        for j, s in enumerate(it.retired.successors):
            if s not in cat.entries:
                out.append(src.diag("PL705", ("retired", "successors", j), say("PL705", "successor-unknown", item=s)))
            elif cat.entries[s].item.status in RETIRED:
                out.append(src.diag("PL705", ("retired", "successors", j), say("PL705", "successor-retired", item=s)))
        r = cat.notices.get(it.retired.notice)
        if r is None:
            out.append(src.diag("PL706", ("retired", "notice"), say("PL706", "unknown", notice=it.retired.notice)))
            continue
        moved = moved_to(r.notice, e.id)
        if moved and it.retired.handled_by is None and not it.retired.successors:
            out.append(src.diag("PL714", ("retired",), say("PL714", notice=r.id, words=moved), key=True))
        if not any(en.kind == kind and e.id in en.items for en in r.notice.entries):
            out.append(src.diag("PL706", ("retired", "notice"), say("PL706", "no-entry", notice=r.id, kind=kind)))
        if r.notice.approved is not None and it.retired.date < r.notice.approved:
            out.append(src.diag("PL706", ("retired", "date"), say("PL706", "before", date=it.retired.date,
                                                                  notice=r.id, approved=r.notice.approved)))
    return out


def ever_existed(cat: "Catalog", repo: Repository | None = None) -> set[str]:
    """The ids of every item file the list ever held: in the first-parent
    line of HEAD (the list's own history, not another branch, a stash or an
    abandoned commit), as `repo.ever_named` reads it. Empty without a repository."""
    names = repo.ever_named(Path(cat.root)) if repo is not None else None
    found = set()
    for inside in names or ():
        if inside.startswith(FILES_DIR + "/"):
            continue
        p = PurePosixPath(inside)
        if p.suffix in YAML_SUFFIXES and not p.name.startswith("_"):
            found.add(p.stem)
    return found


def is_current(item: PowerItem) -> bool:
    """Whether the item is on the current list (not cancelled or merged)."""
    return item.status not in RETIRED
