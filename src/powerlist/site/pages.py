"""The public-disclosure pages, generated from a checked catalog.

Knows nothing of MkDocs. Every page body is rendered from a Jinja template
with autoescape on (see `render`): text from YAML is escaped there, at one
boundary, and is never read as Markdown, HTML or a template. A page is
handed over as HTML with its plain-text title; the adapter must not pass
the body through Markdown.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from ..core.cache import BytesCache, Recent, code_fingerprint
from ..core.attachments import is_address, references
from ..core.bodies import OWN, body_slug, in_body_order, is_multi
from ..core.records import Attachment, Catalog, Entry
from ..core.flow.shape import drawable
from ..core.models import Site
from ..outputs.chart import print_parts
from .editions import hreflang
from .render import Templates
from .urls import (BODIES, CHANGES, DOWNLOAD_FILES, DOWNLOADS, FEED, ITEM_STANDARD_FILES, PAGE_SIZE, RETIRED,
                   SEARCH_INDEX, STANDARD_FILES, Here, Pager, body_files, body_path, href, item_path, notice_path,
                   page_count, paged_path, past_path, redirect_path, type_path, unit_path)
from ..outputs import search
from ..history import History
from ..history.view import list_version, newest_first
from ..view.item import (ItemView, in_site_order, item_list_ld, item_view, retired_in_order, schema_org, steps_view,
                   type_ranks, website_ld)
from ..core.vocab import NOTICE_KINDS

if TYPE_CHECKING:
    from ..outputs.export import Sheets


@dataclass(frozen=True, slots=True)
class Page:
    """A generated page: its body as HTML rendered from a template."""

    path: str  # e.g. "items/jishu-hetong-dengji/index.md": the page's place among MkDocs' pages
    title: str  # plain text
    html: str  # the body, escaped markup made by our templates
    description: str | None = None  # plain text
    source: str | None = None  # the data file shown by the page's edit link
    toc: tuple[tuple[str, str], ...] = field(default=())  # (anchor, heading as HTML) of each h2

    def document(self) -> str:
        """The page as a Markdown file of raw HTML (what a plain MkDocs
        site gets): a front matter of JSON strings (valid YAML), escaped."""
        meta = {"title": self.title, **({"description": self.description} if self.description else {})}
        lines = ["---"] + [f"{k}: {json.dumps(html.escape(v), ensure_ascii=False)}" for k, v in meta.items()]
        return "\n".join(lines + ["---", "", self.html])


@dataclass(frozen=True, slots=True)
class Asset:
    """A generated file that is not a page, such as a chart."""

    path: str
    content: str | bytes


@dataclass(frozen=True, slots=True)
class Copied:
    """A file published as it is, such as a blank form attached to an item
    (see `attachments`): copied from `source`, byte for byte."""

    path: str
    source: Path


KINDS = NOTICE_KINDS  # the notices page counts them in this order


_H2 = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>')
_H1 = re.compile(r'<h1 id="top">(.*?)</h1>', re.S)


def _page(path: str, body: str, description: str | None = None, source: str | None = None) -> Page:
    """A rendered page; its title is the text of its heading, so that a
    template (or a site's override of it) decides both."""
    m = _H1.search(body)
    assert m, f"{path}: the template wrote no <h1 id=\"top\">"
    title = html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip()
    return Page(path, title, body, description, source, tuple(_H2.findall(body)))


class SiteBuilder:
    """Builds every page of the site from a catalog whose check passed."""

    def __init__(self, cat: Catalog, chart: Callable[[Entry, ItemView], str], templates: Templates | None = None,
                 preview: bool = False, store: Path | None = None, history: History | None = None,
                 site_url: str | None = None, directory_urls: bool = True,
                 epoch: int | None = None) -> None:
        assert cat.site is not None and cat.ok
        self.epoch = epoch  # the data's date (seconds since the epoch), as the adapter read it
        self.index = "" if directory_urls else "index.html"  # see Here.index
        self.cat = cat
        self.site: Site = cat.site
        self.chart = chart
        self.t = templates or Templates()
        self.preview = preview  # a local preview server: the downloads are made once, when it starts
        self._ranks = type_ranks(self.site)
        self.entries = in_site_order(cat)  # the current list
        self.retired = retired_in_order(cat)  # cancelled and merged: their pages stay
        self.history = history if history is not None else History(available=False)
        self.site_url = site_url
        self._base = (site_url.rstrip("/") + "/") if site_url else ""  # absolute URLs start so
        self.notices = newest_first(cat.notices)
        self.version = list_version(self.history)
        self._chinese = (self.t.language or "zh").startswith("zh")
        from ..history.view import Namer
        self.namer = Namer({k: t.template for k, t in cat.templates.items()},
                           {i: x.item.flow.use for i, x in cat.entries.items() if x.item.flow and x.item.flow.use},
                           {i: x.flow for i, x in cat.entries.items() if x.flow is not None},
                           {i: x.item.name for i, x in cat.entries.items()}, cat.notices, self.t.gettext)
        self._steps_memo: Recent[int, tuple[list, tuple]] = Recent(256)
        self._standard_memo: dict[tuple[str, str], bytes] = {}  # without a store: each item's standard files, made once
        # where an item's standard file may already be (a sharded build's parts, see `shards`): (entry, fmt) -> bytes or None
        self.provided: Callable[[Entry, str], bytes | None] | None = None
        # an item's BPMN and JSON-LD files from earlier builds, by what they are made from
        self.store = BytesCache(store) if store is not None else None
        self.multi = is_multi(cat)  # a list of several bodies: pages by body
        self.bodies = cat.bodies
        self.by_body: dict[str, list[Entry]] = {}
        for x in self.entries:
            self.by_body.setdefault(x.body, []).append(x)
        order = in_body_order(cat)
        self.body_order = sorted(self.by_body, key=lambda b: order.get(b, 0))  # the bodies with current items
        self.children: dict[str, list[Entry]] = {}
        for x in self.entries:
            if x.item.parent:
                self.children.setdefault(x.item.parent, []).append(x)

    def _type_rank(self, name: str) -> int:
        return self._ranks.get(name, 99)

    def _page(self, path: str, names: list[str], description: str | None = None,
              source: str | None = None, **context) -> Page:
        html = self.t.render(names, page=Here(path, self.index), site=self.site, type_path=self._type_path,
                             unit_path=unit_path, item_path=item_path, notice_path=notice_path,
                             list_version=self.version, multi=self.multi, bodies=self.bodies, body_path=body_path,
                             **context)
        return _page(path, html, description, source)

    @functools.lru_cache(maxsize=None)  # noqa: B019 - one builder per build
    def _type_path(self, name: str) -> str:
        return type_path(self.site, name)

    # --- pages ---------------------------------------------------------------

    def pages(self) -> Iterator[Page | Asset | Copied]:
        """Every generated file, one at a time (a large list need not be held
        in memory twice)."""
        for planned in self.plan():
            yield from planned.make()

    def paths(self) -> list[str]:
        """Where every generated file goes, without rendering anything."""
        return [path for planned in self.plan() for path in planned.paths]

    @functools.cached_property
    def everything(self) -> str:
        """A fingerprint of every item and of what the pages are made with;
        the list asks for the search index's files with it, so that a file
        a browser kept from another build is never mixed in."""
        h = self.history
        return content_key((self.cat.context, self.t.fingerprint, h.head, h.available), *(x.version for x in self.entries),
                    *(x.version for x in self.retired))

    def plan(self) -> Iterator[Planned]:
        """Every generated file, not made yet: where it goes, how to make it,
        and a fingerprint of what it is made from (equal fingerprints, equal
        files), so that a preview server remakes only what changed."""
        h = self.history
        ctx = (self.cat.context, self.t.fingerprint, h.head, h.available)
        everything = self.everything
        for path, make in (("index.md", self.home), ("types/index.md", self.types_index),
                           ("units/index.md", self.units_index)):
            yield Planned(content_key(everything, path), (path,), _one(make))
        yield Planned(content_key(everything, "list"), self._paths("list/index.md", len(self.entries)), self.full_list)
        named = content_key(*(x.version for x in self.entries), "retired", *(x.version for x in self.retired))
        files = _SEARCH_FILES.get(named)
        if files is None:  # named once for the check of docs/ and once more for the build: the same list
            files = _SEARCH_FILES[named] = tuple(f"search/{name}" for name in search.files(self.entries, retired=self.retired))
        yield Planned(content_key(everything, "search"), files, self.search)
        yield Planned(content_key(everything if self.multi else ctx, "supervision"), ("supervision/index.md",),
                      _one(self.supervision))
        yield Planned(content_key(everything, "sitemap"), ("sitemap/index.md",), _one(self.sitemap))
        yield Planned(content_key(ctx, "verification"), ("verification/index.md",),
                      _one(lambda: self._page("verification/index.md", ["verification.html"])))
        yield Planned(content_key(ctx, "rules"), ("guide/rules/index.md",), lambda: (rules_page(self.t, self.site),))
        by_type: dict[str, list[Entry]] = {}
        for x in self.entries:
            by_type.setdefault(x.type_name, []).append(x)
        for t, xs in by_type.items():
            yield Planned(content_key(ctx, "type", t, *(x.version for x in xs)), self._paths(self._type_path(t), len(xs)),
                          functools.partial(self.type_page, t))
        for (b, u), xs in self.by_unit.items():
            yield Planned(content_key(ctx, "unit", b, u, *(x.version for x in xs)), self._paths(unit_path(u, b), len(xs)),
                          functools.partial(self.unit_page, u, b))
        if self.multi:
            yield Planned(content_key(everything, "bodies"), (BODIES,), _one(self.bodies_index))
            for b in self.body_order:
                xs = self.by_body[b]
                yield Planned(content_key(ctx, "body", b, *(x.version for x in xs)), self._paths(body_path(b), len(xs)),
                              functools.partial(self.body_page, b))
        yield Planned(content_key(everything, "changes"), self.changes_paths(), self.changes_pages)
        for x in self.entries + self.retired:
            files = tuple(f"items/{x.id}/{name}" for name in item_file_names(x))
            attached = self.cat.attachments.get(x.id, {})
            key = self.item_key(x)
            yield Planned(key, (*files, *(a.site_path for a in attached.values()), item_path(x.id)),
                          functools.partial(self._item_files, x, key), entry=x, item=x.id)
        for old, new in sorted(self.cat.renamed.items()):  # a renamed item's former address leads to it
            x = self.cat.entries[new]
            yield Planned(content_key(ctx, "moved", old, new, x.item.name), (redirect_path(old),),
                          functools.partial(self.redirect, old, x), item=new)
        # The downloads change with every item: at 10,000 items they take seconds to write, so a
        # preview server makes them once, and says so on the page. They gather the items' standard
        # files themselves (`standard_file`), whatever was made before them.
        yield Planned(content_key(ctx if self.preview else everything, "downloads", "" if self.epoch is None else str(self.epoch)),
                      tuple(f"downloads/{name}" for _, name in DOWNLOAD_FILES + STANDARD_FILES)
                      + tuple(p for b in self._bodies_offered() for p in body_files(b))
                      + tuple(past_path(r.id) for r in self._past()) + (DOWNLOADS,), self.downloads)

    @functools.cached_property
    def by_unit(self) -> dict[tuple[str, str], list[Entry]]:
        """The current items by (body, unit): a unit is one body's."""
        out: dict[tuple[str, str], list[Entry]] = {}
        for x in self.entries:
            for u in x.item.units:
                out.setdefault((x.body, u), []).append(x)
        return out

    def _bodies_offered(self) -> list[str]:
        """The bodies whose items are offered for download on their own."""
        return self.body_order if self.multi else []

    def item_key(self, x: Entry) -> str:
        """A fingerprint of what an item's files are made from: the item, its
        parent and children, its attached files, the site, the templates."""
        h = self.history
        ctx = (self.cat.context, self.t.fingerprint, h.head, h.available)
        parent = self.cat.entries.get(x.item.parent) if x.item.parent else None
        kin = [parent.version if parent else ""] + [c.version for c in self.children.get(x.id, [])]
        attached = self.cat.attachments.get(x.id, {})
        return content_key(ctx, "item", x.version, *kin, *((a.name, a.stamp) for a in attached.values()))

    def standard_file(self, x: Entry, fmt: str, key: str = "") -> bytes:
        """An item's BPMN or CPSV-AP file, the same for its page and for the
        downloads' zips, whichever asks first: given by `provided` (a build
        that wrote its items' files, or a merge of shards' parts), which the
        item itself makes when it is not there yet; else kept by the store
        between builds (keyed by the item's files, the site, the templates
        and this code), or made once per build without one."""
        make = self.bundles[fmt].make
        if self.provided is not None:
            data = self.provided(x, fmt)
            return make(x) if data is None else data
        if self.store is None:
            if (x.id, fmt) not in self._standard_memo:
                self._standard_memo[x.id, fmt] = make(x)
            return self._standard_memo[x.id, fmt]
        return self.store.get_or_make(content_key(key or self.item_key(x), fmt, code_fingerprint()), lambda: make(x))

    def _item_files(self, x: Entry, key: str = "") -> tuple[Asset | Copied | Page, ...]:
        v = self.view(x)
        svg = self.chart(x, v) if x.flow is not None else None  # no flow published: no chart, no BPMN
        folder = f"items/{x.id}/"
        standard = []
        for fmt, bundle in self.bundles.items():
            if not bundle.wants(x):
                continue
            data = self.standard_file(x, fmt, key)
            standard.append(Asset(folder + ITEM_STANDARD_FILES[fmt], data))
        attached = tuple(Copied(a.site_path, a.path) for a in self.cat.attachments.get(x.id, {}).values())
        if svg is None:
            return (*standard, *attached, self.item_page(x, v, None))
        assert x.flow is not None  # the chart is of the flow
        size = _svg_size(svg) if drawable(x.flow) else None  # None: the page says the steps list stands for it
        printed = print_parts(svg) if size else None  # on paper: legible, in parts that fit a page
        return (Asset(folder + "flowchart.svg", svg), *standard, *attached, self.item_page(x, v, size, printed))

    @functools.cached_property
    def bundles(self):
        """How each item's standard files are made and which items have one
        (the zips themselves are made by `downloads`)."""
        from ..outputs.standards import bundles

        return bundles(self.cat)

    def home(self) -> Page:
        counts = sorted(Counter(x.type_name for x in self.entries).items(), key=lambda kv: self._type_rank(kv[0]))
        return self._page("index.md", ["home.html"], counts=counts, total=len(self.entries),
                          services=[x for x in self.entries if x.item.service],
                          json_ld=website_ld(self.site, self._base, language=hreflang(self.t.language)) if self._base else None,
                          latest=self.notices[0] if self.notices else None, body_count=len(self.body_order))

    @staticmethod
    def _paths(first: str, rows: int) -> tuple[str, ...]:
        return tuple(paged_path(first, n) for n in range(1, page_count(rows) + 1))

    def _paged(self, first: str, names: list[str], entries: list[Entry], description: str | None = None,
               **context) -> tuple[Page, ...]:
        """A long list as pages of PAGE_SIZE rows, each linking the others."""
        count = page_count(len(entries))
        return tuple(self._page(paged_path(first, n), names, description, total=len(entries), all_entries=entries,
                                entries=(rows := entries[(n - 1) * PAGE_SIZE:n * PAGE_SIZE]),
                                json_ld=item_list_ld([(self._base + posixpath.dirname(item_path(x.id)) + "/", x.item.name)
                                                      for x in rows], (n - 1) * PAGE_SIZE, len(entries))
                                if self._base else None,
                                pager=Pager(first, n, count, (n - 1) * PAGE_SIZE), **context)
                     for n in range(1, count + 1))

    def search(self) -> tuple[Asset, ...]:
        terms = self.site.search
        made = search.index(self.entries, self.t.words.basis_short,
                            bodies={b: (body_slug(b), self.bodies[b].name) for b in self.body_order} if self.multi else None,
                            retired=self.retired, synonyms=search.synonym_groups(terms.synonyms),
                            english=None if self._chinese else search.english_words(terms.english))
        return tuple(Asset(f"search/{name}", data) for name, data in made.items())

    def full_list(self) -> tuple[Page, ...]:
        return self._paged("list/index.md", ["list.html"], self.entries,
                           self.t.gettext("全部权力事项，可按名称、编码、权力类型和承办机构筛选"),
                           types=list(dict.fromkeys(x.type_name for x in self.entries)),
                           body_options=[(body_slug(b), self.bodies[b].name) for b in self.body_order] if self.multi else [],
                           units=list(dict.fromkeys(u for x in self.entries for u in x.item.units)),
                           index=SEARCH_INDEX, stamp=content_key(self.everything, search.VERSION)[:12])

    def types_index(self) -> Page:
        counts = sorted(Counter(x.type_name for x in self.entries).items(), key=lambda kv: self._type_rank(kv[0]))
        groups = [(self.t.gettext(t), self._type_path(t), n) for t, n in counts]
        return self._page("types/index.md", ["index-list.html"], heading=self.t.gettext("按权力类型"), groups=groups)

    def units_index(self) -> Page:
        if self.multi:  # unit by unit under each body: two bodies' 办公室 are two units
            sections = [(self.bodies[b].name, [(u, unit_path(u, b), len(xs)) for (ub, u), xs in self.by_unit.items()
                                               if ub == b]) for b in self.body_order]
            return self._page("units/index.md", ["index-list.html"], heading=self.t.gettext("按承办机构"),
                              groups=[], sections=sections)
        counts = Counter(u for x in self.entries for u in x.item.units)
        groups = [(u, unit_path(u), n) for u, n in counts.items()]
        return self._page("units/index.md", ["index-list.html"], heading=self.t.gettext("按承办机构"), groups=groups)

    def bodies_index(self) -> Page:
        """按部门: every body with its count and supervision phone."""
        rows = [(self.bodies[b], body_path(b), len(self.by_body[b])) for b in self.body_order]
        return self._page(BODIES, ["bodies.html"], self.t.gettext("本清单各部门的权力事项"), rows=rows,
                          total=len(self.entries))

    def body_page(self, body: str) -> tuple[Page, ...]:
        b = self.bodies[body]
        xlsx, csv = body_files(body)
        return self._paged(body_path(body), ["body.html"], self.by_body[body], b.title, body=b,
                           units=[(u, unit_path(u, body), len(xs)) for (ub, u), xs in self.by_unit.items() if ub == body],
                           files=(xlsx, csv))

    def type_page(self, name: str) -> tuple[Page, ...]:
        entries = [x for x in self.entries if x.type_name == name]
        return self._paged(self._type_path(name), ["group.html"], entries, kind="type", name=name)

    def unit_page(self, name: str, body: str = OWN) -> tuple[Page, ...]:
        entries = self.by_unit[(body, name)]
        return self._paged(unit_path(name, body), ["group.html"], entries, kind="unit", name=name,
                           body=self.bodies[body] if self.multi else None)

    def downloads(self, made: bool = True) -> tuple[Asset | Page, ...]:
        """The whole list as open data (see `export`), and the page that offers it.
        `made=False`: the page alone, no file made (sizes of 0): what a shard of a
        sharded build needs for its navigation, which shows the page's title (see `shards`)."""
        from ..outputs.export import GUIDE_COLUMNS, sheets, source_date

        if not made:
            s = sheets(self.cat, [])
            return (self._page(DOWNLOADS, ["downloads.html"], self.t.gettext("权责清单全部数据的下载：Excel、CSV 和 JSON"),
                               files=[(fmt, name, 0) for fmt, name in DOWNLOAD_FILES], date=source_date(self.epoch).date(),
                               total=len(self.entries), list_columns=s.list_columns, guide_columns=GUIDE_COLUMNS,
                               guides=0, preview=self.preview, past=[], documents=[], per_body=[],
                               standard_files=[(fmt, name, 0) for fmt, name in STANDARD_FILES]),)
        s, sheet_files, offered, per_body = self.sheet_downloads
        self.__dict__.pop("sheet_downloads", None)  # made once: not held after the page
        files: list[Asset | Page] = list(sheet_files)
        standard = [Asset(f"downloads/{name}", data) for (fmt, name), data in zip(STANDARD_FILES, self.zips())]
        past = [(r, Asset(past_path(r.id), data)) for r in self._past() if (data := self._list_after(r)) is not None]
        page = self._page(DOWNLOADS, ["downloads.html"], self.t.gettext("权责清单全部数据的下载：Excel、CSV 和 JSON"),
                          files=offered, date=source_date(self.epoch).date(), total=len(self.entries),
                          list_columns=s.list_columns, guide_columns=GUIDE_COLUMNS, guides=len(s.guide),
                          preview=self.preview, standard_files=[(fmt, posixpath.basename(a.path), len(a.content))
                                                                for (fmt, _), a in zip(STANDARD_FILES, standard)],
                          past=[(r, posixpath.basename(a.path), len(a.content)) for r, a in past],
                          documents=self.documents(), per_body=per_body)
        return (*files, *standard, *(a for _, a in past), page)

    @functools.cached_property
    def sheet_downloads(self) -> tuple[Sheets, tuple[Asset, ...], list[tuple[str, str, int]], list[tuple[Any, int, list[tuple[str, int]]]]]:
        """The downloads made from the sheets alone (the whole list and each
        body's: XLSX, CSV, JSON), which need no item's files: a build makes
        them while its workers make the items (see `downloads`)."""
        from ..outputs.export import MAKERS, sheets

        s = sheets(self.cat)
        files = [Asset(f"downloads/{name}", MAKERS[fmt](self.cat, s, epoch=self.epoch)) for fmt, name in DOWNLOAD_FILES]
        offered = [(fmt, posixpath.basename(a.path), len(a.content)) for (fmt, _), a in zip(DOWNLOAD_FILES, files)]
        per_body: list[tuple[Any, int, list[tuple[str, int]]]] = []  # each body's items alone: XLSX and CSV
        for b in self._bodies_offered():
            sb = sheets(self.cat, self.by_body[b])
            body_assets = [Asset(path, MAKERS[fmt](self.cat, sb, epoch=self.epoch)) for fmt, path in zip(("xlsx", "csv"), body_files(b))]
            files += body_assets
            per_body.append((self.bodies[b], len(self.by_body[b]),
                             [(posixpath.relpath(a.path, "downloads"), len(a.content)) for a in body_assets]))
        return s, tuple(files), offered, per_body

    def zips(self) -> list[bytes]:
        """The zips of the whole set (STANDARD_FILES' order): every item's file,
        retired items' included, in the order of the plan; made from the items
        alone, whatever page was made before."""
        from ..outputs.standards import bundles

        made = []
        for fmt, _ in STANDARD_FILES:
            bundle = bundles(self.cat)[fmt]
            for x in self.entries + self.retired:
                if bundle.wants(x):
                    bundle.add(x, self.standard_file(x, fmt))
            made.append(bundle.finish(self.entries))
        return made

    def _past(self) -> list:
        """The notices whose list (as it stood once the notice was committed) is offered."""
        return [r for r in self.notices if r.id in self.history.notice_added] if self.store is not None else []

    def _list_after(self, r) -> bytes | None:
        """The list in XLSX as the commit that added notice `r` left it (cached
        by commit); None when that list cannot be read any more."""
        from ..history import git
        from ..history.asof import AsOfError
        from ..outputs.asof import export_at

        sha, _, time = self.history.notice_added[r.id]
        root = Path(self.cat.root)
        top = git.toplevel(root)
        assert self.store is not None and top is not None
        try:
            return self.store.get_or_make(content_key("list-after", sha, code_fingerprint()),
                                          lambda: export_at(root, None, top, sha, time, "xlsx"))
        except AsOfError:
            return None
        except Exception:  # noqa: BLE001 - a past list only: it is not offered; today's list is never here
            return None

    # --- adjustments ------------------------------------------------------------

    def changes_paths(self) -> tuple[str, ...]:
        return (CHANGES, RETIRED, FEED, *(notice_path(r.id) for r in self.notices))

    def changes_pages(self) -> tuple[Page | Asset, ...]:
        """The notices (newest first, counted by kind), a page per notice with
        the changes it covered, the cancelled and merged items, the feed."""
        from ..history.view import atom, versions

        kinds = Counter(e.kind for r in self.notices for e in r.notice.entries for _ in e.items)
        index = self._page(CHANGES, ["changes.html"], self.t.gettext("权责清单的每一次调整：公告文号、日期和调整的事项"),
                           notices=self.notices, kinds=sorted(kinds.items(), key=lambda kv: KINDS.index(kv[0])),
                           retired=self.retired, history=self.history)
        retired = self._page(RETIRED, ["retired.html"], self.t.gettext("已取消、已合并，不再列入现行清单的事项"),
                             retired=self.retired, notices=self.cat.notices)
        pages = []
        # an item a notice lists by its former id (renamed since) is shown and linked as it is now
        known = {**{old: self.cat.entries[new] for old, new in self.cat.renamed.items()}, **self.cat.entries}
        for r in self.notices:
            covered = self.history.covered_by(r.id)
            shown = {ident: [v for v in versions(self.history, ident, self.cat.notices, self._chinese, self.namer) if v.notice is r]
                     for ident in covered}
            pages.append(self._page(notice_path(r.id), ["notice.html"], r.notice.title, r.file, r=r, n=r.notice,
                                    entries=known, shown=shown, history=self.history))
        feed = Asset(FEED, atom(self.notices, self.t.gettext("%(authority)s权责清单调整公告")
                                % {"authority": self.site.authority.name}, self.site_url,
                                lambda r: posixpath.dirname(notice_path(r.id)) + "/", self._feed_text,
                                self.site.authority.full_name or self.site.authority.name))
        return (index, retired, feed, *pages)

    def _feed_text(self, r) -> str:
        lines = [r.notice.reason] if r.notice.reason else []
        lines += [f"{self.t.gettext(e.kind)}：{e.summary}" for e in r.notice.entries]
        return "\n".join(lines)

    def sitemap(self) -> Page:
        """网站地图: every section, every type and unit page."""
        types = list(dict.fromkeys(x.type_name for x in self.entries))
        if self.multi:
            units = [(self.t.gettext("%(unit)s（%(body)s）") % {"unit": u, "body": self.bodies[b].name}, unit_path(u, b))
                     for b in self.body_order for (ub, u) in self.by_unit if ub == b]
        else:
            units = [(u, unit_path(u)) for u in sorted({u for x in self.entries for u in x.item.units})]
        return self._page("sitemap/index.md", ["sitemap.html"], self.t.gettext("本网站的全部栏目"),
                          types=sorted(types, key=self._type_rank), units=units, total=len(self.entries),
                          body_links=[(self.bodies[b].name, body_path(b)) for b in self.body_order] if self.multi else [])

    def documents(self) -> list[tuple[Entry, list[tuple[str, str, Attachment]]]]:
        """The files published with the items, by item in the site's order:
        what each is (role: blank_form, sample, result; and the material's
        or result's name) and the file."""
        out = []
        for x in self.entries:
            attached = self.cat.attachments.get(x.id)
            if not attached:
                continue
            svc = x.item.service
            assert svc is not None  # only a guide references files
            rows = []
            for ref in references(x):
                if is_address(ref.value) or ref.value not in attached:
                    continue
                what = svc.result.name if ref.role == "result" and svc.result else svc.materials[int(ref.loc[2])].name
                rows.append((ref.role, what, attached[ref.value]))
            out.append((x, rows))
        return out

    def supervision(self) -> Page:
        return self._page("supervision/index.md", ["supervision.html"],
                          body_rows=[(self.bodies[b], body_path(b)) for b in self.body_order] if self.multi else [])

    # --- the item page ----------------------------------------------------------

    def item_page(self, x: Entry, v: ItemView, chart_size: tuple[int, int] | None, chart_print=None) -> Page:
        from ..history.view import versions

        names = [f"item-{self._type_path(x.type_name).split('/')[1]}.html", "item.html"]
        retired = x.item.retired
        type_name = self.t.gettext(v.type_name)
        return self._page(item_path(x.id), names, f"{type_name} · {v.code}" if v.code else type_name, x.file,
                          history=self.history, versions=(vs := versions(self.history, x.id, self.cat.notices, self._chinese, self.namer)),
                          updated=vs[0].date if vs else None,
                          retired_by=self.cat.notices.get(retired.notice) if retired else None,
                          v=v, it=x.item, svc=x.item.service, terms=x.item.terms, chart_size=chart_size, chart_print=chart_print, json_ld=schema_org(v, x.item, self.site, hreflang(self.t.language), self.t.gettext),
                          standard_files=ITEM_STANDARD_FILES, files=self.cat.attachments.get(x.id, {}))

    def redirect(self, old: str, x: Entry) -> tuple[Asset]:
        """The page at a renamed item's former address: a plain document that
        sends the reader to the item's page (see redirect.html)."""
        path = redirect_path(old)
        to = href(path, item_path(x.id), self.index)
        canonical = self._base + posixpath.dirname(item_path(x.id)) + "/" if self._base else to
        return (Asset(path, self.t.render(["redirect.html"], to=to, canonical=canonical, name=x.item.name,
                                          lang=self.t.language or "zh")),)

    def view(self, x: Entry) -> ItemView:
        """The item's view; items that use a template alike share one step list."""
        if x.flow is None:
            return item_view(x, self.cat, self.children.get(x.id, []), ())
        hit = self._steps_memo.get(id(x.flow.steps))
        if hit is None or hit[0] is not x.flow.steps:
            hit = self._steps_memo[id(x.flow.steps)] = (x.flow.steps, steps_view(x))
        return item_view(x, self.cat, self.children.get(x.id, []), hit[1])


@dataclass(frozen=True, slots=True)
class Planned:
    """Files to generate, not made yet (see `SiteBuilder.plan`)."""

    key: str  # a fingerprint of everything the files are made from
    paths: tuple[str, ...]
    make: Callable[[], "tuple[Page | Asset | Copied, ...]"]
    item: str | None = None  # the item whose own files these are (its page, or its former address): see `shards`
    entry: Entry | None = None  # an item's files: the item


def item_file_names(x: Entry) -> tuple[str, ...]:
    """The files published beside an item's page: its chart and BPMN only when it has a flow."""
    if x.flow is None:
        return (ITEM_STANDARD_FILES["cpsv"],)
    return ("flowchart.svg", *ITEM_STANDARD_FILES.values())


_SEARCH_FILES: Recent[str, tuple[str, ...]] = Recent(4)  # the search index's files, by the items' and the retired items' versions


def content_key(*parts) -> str:
    h = hashlib.sha1()
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


def _one(make: Callable[[], Page]) -> Callable[[], tuple[Page]]:
    return lambda: (make(),)


def rules_page(templates: Templates | None = None, site: Site | None = None) -> Page:
    """Every check rule, from the rule registry itself, so the guide never
    drifts; and the site's power types with the other spellings accepted."""
    from ..core.rules import RULES, Severity

    rules = [{"code": r.code, "is_error": r.severity is Severity.ERROR, "title": r.title, "help": r.help}
             for r in sorted(RULES.values(), key=lambda r: r.code)]
    t = templates or Templates()
    path = "guide/rules/index.md"
    return _page(path, t.render(["rules.html"], page=Here(path), rules=rules, types=site.types if site else []))


def _svg_size(svg: str) -> tuple[int, int]:
    """The chart's size in CSS pixels (1 px per point: the phone size)."""
    m = re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', svg)
    assert m, "chart without a viewBox"
    return round(float(m.group(1))), round(float(m.group(2)))


def build_pages(cat: Catalog, chart: Callable[[Entry, ItemView], str], templates: Templates | None = None) -> Iterator[Page | Asset | Copied]:
    return SiteBuilder(cat, chart, templates).pages()


def write_pages(pages: Iterable[Page | Asset | Copied], docs_dir) -> None:
    """The pages as plain Markdown files of raw HTML: what MkDocs gets without the plugin."""
    for page in pages:
        path = Path(docs_dir) / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(page, Copied):
            path.write_bytes(page.source.read_bytes())
            continue
        content = page.document() if isinstance(page, Page) else page.content
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
