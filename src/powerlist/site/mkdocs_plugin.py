"""The MkDocs adapter: check the list before anything is built, then add
the generated pages and assets to the site. All the work is in the core
(catalog, flowchart, pages); this file only speaks MkDocs.

    plugins:
      - powerlist:
          powers: powers      # relative to mkdocs.yml
          flows: flows
          cache_dir: .cache/powerlist
          templates: overrides/powerlist   # a site's own templates, tried first
          workers: 0          # processes for a large build: 0 one per core, 1 none (see buildcache)

Generated pages never go through Markdown: MkDocs gets an empty source,
the body rendered by our templates replaces the (empty) rendered content,
and the page title and description, which the theme prints without
escaping, are escaped here, in `_theme_text`, the one place where plain
text is handed to the theme.
"""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, cast
from urllib.parse import urlsplit

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from ..core.catalog import gc_paused, load_catalog
from ..core.records import Catalog, Entry
from ..core.diagnostics import format_text
from ..core.layout import changes_dir
from ..outputs.chart import ChartCache, header_for, render
from ..history import read as read_history
from ..history.repo import GitRepository, epoch_of

from ..core.bodies import is_multi
from ..core.changes import is_current
from ..core.flow.shape import drawable
from .pages import BODIES, DOWNLOADS, Asset, Copied, Page, Planned, SiteBuilder
from .urls import ITEM_STANDARD_FILES
from .buildcache import MIN_PARALLEL, Ahead, Forked, Job, MadeCache, Written, can_fork, workers, write_asset
from .render import Templates
from .editions import Edition, editions_of, head_links, switch_html
from .shards import Merge, Shard, ShardError
from ..view.item import ItemView

ROOT_MARK = "<pl-root>"  # where footer.html links to the site's root: made relative per page
INDEX_MARK = "<pl-index>"  # what footer.html's page links end with: "" or index.html (see pages.Here)
_SKIP_LINK = re.compile(r'<a href="(#[^"]*)" class="md-skip">\s*[^<]*?\s*</a>')
log = logging.getLogger("mkdocs.plugins.powerlist")
ASSETS = Path(__file__).parent.parent / "assets"
THEME = Path(__file__).parent.parent / "theme"
CSS, JS = "assets/powerlist/powerlist.css", "assets/powerlist/powerlist.js"


class PowerlistConfig(Config):
    powers = c.Type(str, default="powers")
    flows = c.Type(str, default="flows")
    cache_dir = c.Type(str, default=".cache/powerlist")
    templates = c.Type(str, default="overrides/powerlist")
    # the site in other languages, each built into its own folder (see editions.py): en: {site_name: …}
    editions = c.Type(dict, default={})
    workers = c.Type(int, default=0)  # layout processes: 0 one per core (large lists only), 1 none


class _Serving:
    """What `mkdocs serve` keeps between rebuilds (MkDocs makes a new plugin
    for each): the last results of unchanged item files, and the generated
    files by fingerprint, written once under `serve/` in the cache. A page
    MkDocs is given has an empty Markdown stub there as its source; a page
    whose fingerprint is unchanged has a stub older than the page MkDocs
    wrote from it, so a rebuild with `--dirty` skips it, and only what
    changed is rendered again."""

    def __init__(self) -> None:
        self.memo: dict = {}
        self.made: dict[str, tuple[_Spooled, ...]] = {}


_SERVING: _Serving | None = None  # set while `mkdocs serve` runs


class PowerlistPlugin(BasePlugin[PowerlistConfig]):
    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.root = Path.cwd()
        self.generated: dict[str, _Pending] = {}  # src_uri → a page waiting to be rendered
        # A build keeps page bodies compressed in memory (a tenth of their size) until MkDocs renders
        # the page; an asset is written to the site as soon as it is made (MkDocs has cleaned the site
        # folder before `on_files`): no copy through the disk, nothing held.
        self.held: dict[str, bytes] = {}
        self._site_dir: Path | None = None
        self._written: set[str] = set()  # the assets this build wrote to the site
        self._skip_text: str | None = None  # the skip link's words, in the site's language
        self._language: str | None = None
        # this build's edition and all of the site's; an edition's build is given them by the main one
        self.editions: list[Edition] = []
        self.edition: Edition | None = None
        self._inner = False
        # a sharded build (`powerlist shard build|merge`, see `shards`): a shard's part or the merge; None: the whole site
        self.role: Shard | Merge | None = None
        self._files: Files | None = None  # the merge writes MkDocs' sitemap.xml again, with every page
        self._env = self._nav = None

    def _path(self, value: str) -> Path:
        return (self.root / value).resolve()

    def on_startup(self, *, command, dirty):
        global _SERVING
        _SERVING = _Serving() if command == "serve" else None
        # A date given from outside is kept; one the plugin took from git is
        # taken again at each rebuild, so that a commit made while serving
        # shows (清单版本, history) without restarting the server.
        self._own_date = "SOURCE_DATE_EPOCH" not in os.environ

    def on_config(self, config):
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self._language, self._skip_text = _language(config), None
        if not self._inner:
            try:
                self.editions = editions_of(self._language, self.config.editions)
            except ValueError as exc:
                raise PluginError(str(exc)) from None
            if _SERVING is not None:  # a preview shows the main edition: no links to pages it does not serve
                self.editions = self.editions[:1]
            self.edition = self.editions[0]
        else:
            _edition_config(config, self.edition, Templates(None, self._language).gettext)
        if getattr(self, "_own_date", "SOURCE_DATE_EPOCH" not in os.environ):
            os.environ["SOURCE_DATE_EPOCH"] = _source_date(self.root)
        # read once, here: MkDocs reads it itself (the sitemap's dates); the pages get it as a value
        self.epoch = epoch_of(os.environ.get("SOURCE_DATE_EPOCH"))
        memo = _SERVING.memo if _SERVING is not None else None
        cat = load_catalog(self._path(self.config.powers), self._path(self.config.flows), memo,
                           Path(config.docs_dir), GitRepository(self._path(self.config.powers), self.epoch))
        warnings = [d for d in cat.diagnostics if not d.is_error]
        for d in warnings:
            log.info("powerlist 警告：%s", d.text())
        if not cat.ok:
            raise PluginError("权责清单检查未通过，网站未生成：\n" + format_text(cat.diagnostics))
        docs = Path(config.docs_dir)
        tops = set(os.listdir(docs)) if docs.is_dir() else set()  # a path under none of these cannot be there
        clashes = [p for p in SiteBuilder(cat, _no_chart).paths() if p.split("/", 1)[0] in tops and (docs / p).exists()]
        if clashes:  # found before MkDocs cleans site/: the last good site stays
            raise PluginError("以下文件与生成的页面重名，网站未生成；请删除或改名：\n"
                              + "\n".join(f"  {os.path.relpath(config.docs_dir, self.root)}/{p}" for p in clashes))
        self.catalog = cat
        if is_multi(cat) and len({e.body for e in cat.entries.values() if is_current(e.item)}) > 1:
            _nav_bodies(config)  # more than one body: 按部门 in the navigation
        _theme_overrides(config)
        for lst, path in ((config.extra_css, CSS), (config.extra_javascript, JS)):
            if path not in [str(x) for x in lst]:
                lst.append(path)
        footer = cat.site.footer if cat.site else None
        if footer is not None and not config.copyright:
            # rendered by our templates (autoescaped): the theme prints it as it is
            config.copyright = Templates(self._path(self.config.templates), _language(config)).render(
                ["footer.html"], footer=footer).strip()
        return config

    def on_files(self, files: Files, config) -> Files:
        cat = self.catalog
        if cat is None:  # `mkdocs serve` rebuilds call on_config first; nothing to do otherwise
            return files
        self._site_dir = Path(config.site_dir)
        docs_rel = os.path.relpath(config.docs_dir, self.root).replace(os.sep, "/")
        for f in files:
            if f.is_documentation_page():
                f.edit_uri = f"{docs_rel}/{f.src_uri}"
        templates = Templates(self._path(self.config.templates), language=_language(config))
        cache = ChartCache(self._path(self.config.cache_dir) / "charts", templates.words)

        def chart(x: Entry, v: ItemView) -> str:
            assert x.flow is not None  # a chart is made of an item's flow
            return render(x.flow, header_for(v), cache)[0]

        cwd_rel = os.path.relpath(Path.cwd(), self.root)  # data paths are shown relative to the cwd
        self.generated = {}
        cache_dir = _mkdir(self._path(self.config.cache_dir))
        _drop_dead_spools(cache_dir)  # what builds of older versions, killed, left on disk
        with gc_paused():  # many live objects, no cycles: see catalog.gc_paused
            history = read_history(cat, cache_dir / "history")
            builder = SiteBuilder(cat, chart, templates, preview=_SERVING is not None, store=cache_dir / "standards",
                                  history=history, site_url=config.site_url,
                                  directory_urls=config.use_directory_urls, epoch=self.epoch)
            made_cache = MadeCache(cache_dir / "made", _salt(builder, config))
            self._written = set()
            if self.role is None and _SERVING is None:
                # the downloads' zips take the items' files as this build wrote them (the items come
                # first in the plan): no second copy of each in a store, and none made twice
                builder.provided = self._from_site
            made_files = (self._made(builder, cache_dir, made_cache, cache) if self.role is None
                          else self._role_made(builder, config))
            for made in made_files:
                for page in made:
                    if files.get_file_from_path(page.path) is not None:
                        raise PluginError(f"docs/{page.path} 与生成的页面重名；请删除或改名")
                    made_file = self._file(page, config, cwd_rel)
                    if made_file is not None:
                        files.append(made_file)
        self.catalog = None  # not needed any more: let MkDocs have the memory
        self._files = files
        for name, uri in (("powerlist.css", CSS), ("powerlist.js", JS)):
            files.append(File.generated(config, uri, abs_src_path=str(ASSETS / name)))
        if "search" not in config.plugins:  # the theme's search engine and its workers: nothing loads them
            for f in [f for f in files if f.src_uri.startswith(("assets/javascripts/lunr/", "assets/javascripts/workers/"))]:
                files.remove(f)
        return files

    def _from_site(self, x: Entry, fmt: str) -> bytes | None:
        path = f"items/{x.id}/{ITEM_STANDARD_FILES[fmt]}"
        if path not in self._written or self._site_dir is None:
            return None  # not written by this build (a --dirty build's site may hold older files)
        return (self._site_dir / path).read_bytes()

    def _role_made(self, builder: SiteBuilder, config) -> Iterator[tuple[_Spooled, ...]]:
        """The files of a shard, or of the merge (see `shards`)."""
        assert self.role is not None
        try:
            for made in self.role.made(builder, config):
                yield tuple(self._spooled(page) for page in made)
        except ShardError as exc:
            self.role.error = str(exc)
            raise PluginError(str(exc)) from None

    def on_nav(self, nav, config, files):
        self._nav = nav
        return nav

    def on_env(self, env, config, files):
        self._env = env
        return env

    def _made(self, builder: SiteBuilder, cache_dir: Path, made_cache: MadeCache,
              charts: ChartCache) -> Iterator[tuple[_Spooled, ...]]:
        """Every generated file, waiting on disk or in memory: as an earlier
        build made it when nothing it is made from changed (see buildcache),
        else made now, its layouts made ahead in worker processes; when
        serving, an unchanged one as it was made last time."""
        plan = list(builder.plan())
        served = _SERVING.made if _SERVING is not None else {}
        cached = [planned.key in served or made_cache.has(planned.key) for planned in plan]
        # The downloads (made from every item's standard files, which `SiteBuilder.standard_file` finds
        # in its store or makes) are read back and checked first, so that a bad entry is known before any item.
        ready: dict[int, tuple] = {}
        for i, planned in enumerate(plan):
            if DOWNLOADS in planned.paths and cached[i] and planned.key not in served:
                got = made_cache.get(planned.key, planned.paths)
                if got is not None:
                    ready[i] = got
                cached[i] = got is not None
        missed = [i for i, (p, hit) in enumerate(zip(plan, cached)) if not hit and p.entry is not None]
        setting = self.config.workers
        count = workers(setting)
        forked = None
        if _SERVING is None and can_fork() and count > 1 and (setting > 0 or len(missed) >= MIN_PARALLEL):
            forked = Forked(builder, plan, missed, made_cache, count, self._site_dir)  # the items, layouts and all
            ahead = Ahead([], "", 0, None)
        else:
            ahead = self._ahead(builder, charts, cast("list[Entry]", [plan[i].entry for i in missed]))  # missed: items' plans
        try:
            if _SERVING is None:
                sheets_first = forked is not None and not any(DOWNLOADS in p.paths for i, p in enumerate(plan)
                                                                  if i in ready)
                for i, planned in enumerate(plan):
                    if i in ready:
                        files = ready.pop(i)
                    elif forked is not None and i in forked:
                        if sheets_first:  # the main process makes the sheet downloads while the workers make items
                            sheets_first = False
                            _ = builder.sheet_downloads
                        files = forked.take(i)
                    else:
                        files = self._make(planned, builder, made_cache, ahead, charts)
                    yield tuple(self._spooled(page) for page in files)
                return
            made: dict[str, tuple[_Spooled, ...]] = {}
            store = cache_dir / "serve"
            if not _SERVING.made:  # the first build of this server: what an earlier one left is stale
                shutil.rmtree(store, ignore_errors=True)
            _mkdir(store)
            for k, planned in enumerate(plan):
                hit = _SERVING.made.get(planned.key)
                if hit is None:
                    files = ready.pop(k) if k in ready else self._make(planned, builder, made_cache, ahead, charts)
                    hit = tuple(_spool_at(store / f"{planned.key}-{i}", page) for i, page in enumerate(files))
                made[planned.key] = hit
                yield hit
        finally:
            ahead.close()
            if forked is not None:
                forked.close()
        for gone in set(_SERVING.made) - set(made):  # nothing is made from these any more
            for page in _SERVING.made[gone]:
                for path in (page.spooled, page.stub):
                    if path:
                        Path(path).unlink(missing_ok=True)
        _SERVING.made = made

    @staticmethod
    def _make(planned: Planned, builder: SiteBuilder, made_cache: MadeCache, ahead: Ahead,
              charts: ChartCache) -> tuple[Page | Asset | Copied, ...]:
        made = made_cache.get(planned.key, planned.paths)
        x = planned.entry
        if made is None:
            if x is not None and x.flow is not None:
                ahead.wait((charts.for_flow(x.flow)[0],))
            made = planned.make()
            made_cache.put(planned.key, made)
        return made

    def _ahead(self, builder: SiteBuilder, charts: ChartCache, entries: list[Entry]) -> Ahead:
        """The chart layouts the items to be made will need, started in worker
        processes (none for a few: starting workers costs more)."""
        jobs: list[Job] = []
        seen: set[str] = set()
        for x in entries:
            if x.flow is None or not drawable(x.flow):
                continue
            ck = charts.for_flow(x.flow)[0]
            if ck not in seen and not charts.has(ck):
                jobs.append(Job(ck, list(x.flow.steps)))
            seen.add(ck)
        setting = self.config.workers
        count = workers(setting)
        if count <= 1 or (setting <= 0 and len(jobs) < MIN_PARALLEL):
            jobs = []

        def install(ck, body) -> None:
            charts.put(ck, body)

        return Ahead(jobs, charts.words.language, count, install)

    def _spooled(self, page: Page | Asset | Copied | Written) -> _Spooled:
        if isinstance(page, Copied):  # MkDocs copies it from the data, checked not to be a link
            return _Spooled(page.path, str(page.source))
        if isinstance(page, (Asset, Written)):  # written to the site now, or by a worker already
            if isinstance(page, Asset):
                assert self._site_dir is not None
                page = write_asset(self._site_dir, page)
            self._written.add(page.path)
            return _Spooled(page.path, "", held=True)
        self.held[page.path] = zlib.compress(page.html.encode("utf-8"), 1)
        return _Spooled(page.path, page.path, None, page.title, page.description, page.toc, page.source, held=True)

    def _file(self, page: _Spooled, config, cwd_rel: str) -> File | None:
        if page.title is None:  # an asset: held ones are in the site already
            return None if page.held else File.generated(config, page.path, abs_src_path=page.spooled)
        if page.stub is not None:  # serving: the stub's age tells a dirty rebuild whether to render the page
            f = File.generated(config, page.path, abs_src_path=page.stub)
        else:
            f = File.generated(config, page.path, content="")
        self.generated[f.src_uri] = _Pending(page.title, page.description, page.toc,
                                             page.spooled if page.held else Path(page.spooled))
        if page.source is not None:
            src = page.source if os.path.isabs(page.source) else os.path.join(cwd_rel, page.source)
            f.edit_uri = os.path.relpath(src, self.root) if os.path.isabs(src) else os.path.normpath(src)
            f.edit_uri = f.edit_uri.replace(os.sep, "/")
        return f

    def on_page_markdown(self, markdown, page, config, files):
        gen = self.generated.get(page.file.src_uri)
        if gen is None:
            return markdown
        if not (page.is_homepage and gen.title == config.site_name):  # else the tab says the name twice
            page.meta["title"] = _theme_text(gen.title)
        if gen.description:
            page.meta["description"] = _theme_text(gen.description)
        # The width goes to the content (issue 26): a page without sections has no table of contents
        # to show beside it, and an item page (in no navigation) has its sections beside it instead of
        # the site's navigation, which its crumbs and the header lead back to.
        if page.file.src_uri.startswith("items/"):
            page.meta["hide"] = ["navigation"]
        elif not gen.toc:
            page.meta["hide"] = ["toc"]
        return ""  # nothing of ours is ever read as Markdown

    def on_page_content(self, html, page, config, files):
        gen = self.generated.pop(page.file.src_uri, None)
        if gen is None:
            return html
        page.toc = get_toc([{"level": 2, "id": anchor, "name": title, "children": []} for anchor, title in gen.toc])
        if isinstance(gen.body, Path):
            return gen.body.read_text(encoding="utf-8")
        return zlib.decompress(self.held.pop(gen.body)).decode("utf-8")

    def on_post_template(self, output_content, template_name, config):
        """The theme's 404 page in the site's language, with ways back."""
        heading = "<h1>404 - Not found</h1>"
        if template_name != "404.html" or heading not in output_content:
            return output_content
        root = urlsplit(config.site_url or "").path or "/"
        body = Templates(self._path(self.config.templates), _language(config)).render(["404.html"], root=root)
        return (output_content.replace(heading, body.strip()).replace(ROOT_MARK, root)
                .replace(INDEX_MARK, "" if config.use_directory_urls else "index.html"))

    def on_post_page(self, output, page, config):
        page.content = None  # written: nothing later reads it, and 10,000 of them are 220 MB
        if len(self.editions) > 1 and self.edition is not None:
            output = self._link_editions(output, page.url, config)
        # the footer's links, relative to this page (data never holds the mark: its "<" is escaped)
        output = output.replace(ROOT_MARK, "../" * page.url.count("/") or "./")
        output = output.replace(INDEX_MARK, "" if config.use_directory_urls else "index.html")
        return _SKIP_LINK.sub(lambda m: self._skip_link(m, output), output, count=1)

    def _skip_link(self, m: re.Match, output: str) -> str:
        """Material's skip link says only 跳转至 and leads to the first h2,
        past the page's start: it says where it goes and goes to the heading."""
        if self._skip_text is None:
            self._skip_text = html.escape(Templates(self._path(self.config.templates), self._language).gettext("跳到正文"))
        href = "#top" if 'id="top"' in output else m.group(1)
        return f'<a href="{href}" class="md-skip">{self._skip_text}</a>'


    def _link_editions(self, output: str, url: str, config) -> str:
        """This page's links to itself in the other editions: hreflang in the
        head, a switch in the header."""
        assert self.edition is not None
        root = config.site_url
        if root and self.edition.prefix and root.rstrip("/").endswith(self.edition.prefix.rstrip("/")):
            root = root.rstrip("/")[: -len(self.edition.prefix.rstrip("/"))]  # the main edition's URL
        head = head_links(url, self.edition, self.editions, root)
        if head and "</head>" in output:
            output = output.replace("</head>", head + "</head>", 1)
        at = output.find('<header class="md-header')
        end = output.find("</nav>", at) if at >= 0 else -1
        if end >= 0:
            label = Templates(None, self._language).gettext("其他语言版本")
            output = output[:end] + switch_html(url, self.edition, self.editions, label) + output[end:]
        return output

    def on_post_build(self, config):
        site = Path(config.site_dir)
        self.held = {}
        if isinstance(self.role, Merge):
            try:
                self.role.copy(site)
            except ShardError as exc:
                self.role.error = str(exc)
                raise PluginError(str(exc)) from None
            _sitemap(self.role.pages, self._files, self._env, self._nav, config)
        if not self._inner and _SERVING is None:
            for e in self.editions[1:]:
                self._build_edition(e, config)

    def _build_edition(self, e: Edition, config) -> None:
        """Another edition of the site, into its folder in this one: the same
        mkdocs.yml and data in that edition's language."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        log.info("powerlist: 生成 %s 版本（%s）", e.language, e.prefix)
        inner = load_config(config.config_file_path, site_dir=str(Path(config.site_dir) / e.prefix),
                            strict=config.strict or None)
        inner.theme["language"] = e.language
        inner.use_directory_urls = config.use_directory_urls  # as the command line set it (a preview: --no-directory-urls)
        if config.site_url:
            inner.site_url = config.site_url.rstrip("/") + "/" + e.prefix
        plugin = inner.plugins["powerlist"]
        assert isinstance(plugin, PowerlistPlugin)
        plugin._inner, plugin.edition, plugin.editions = True, e, self.editions
        plugin._own_date = False  # the date of this build, already taken
        if self.role is not None:  # a sharded build: the edition's part, or its merge, beside the main one's
            plugin.role = self.role.edition(e.prefix)
            if isinstance(self.role, Shard):  # as `shards.build` does for the main edition
                inner.validation.links.not_found = logging.DEBUG
        build(inner)

    def on_build_error(self, error):
        self.held = {}

    def on_serve(self, server, config, builder):
        """Rebuild on a save of anything the site is made from (items, flow
        templates, notices, template overrides) and after a commit, which
        changes the history and the list's version."""
        powers = self._path(self.config.powers)
        watched = [powers, self._path(self.config.flows), changes_dir(powers),
                   self._path(self.config.templates), _git_head_log(self.root)]
        for path in watched:
            if path is not None and path.exists():
                server.watch(str(path))
        return server


@dataclass(frozen=True, slots=True)
class _Spooled:
    """A generated file whose content waits on disk."""

    path: str
    spooled: str  # the body (a page) or the whole file (an asset)
    stub: str | None = None  # serving only: a page's empty Markdown source, as old as its content
    title: str | None = None  # None: an asset
    description: str | None = None
    toc: tuple = ()
    source: str | None = None
    held: bool = False  # a page: kept in the plugin's memory, compressed; an asset: in the site already


def _spool_at(base: Path, page: Page | Asset | Copied) -> _Spooled:
    """A file made for `mkdocs serve`, kept under its fingerprint."""
    if isinstance(page, Copied):  # a copy of its own: what the server drops later is never the data
        out = base.with_suffix(Path(page.path).suffix)
        shutil.copyfile(page.source, out)
        return _Spooled(page.path, str(out))
    if isinstance(page, Asset):
        out = base.with_suffix(Path(page.path).suffix)
        out.write_bytes(page.content if isinstance(page.content, bytes) else page.content.encode("utf-8"))
        return _Spooled(page.path, str(out))
    body, stub = base.with_suffix(".html"), base.with_suffix(".md")
    body.write_text(page.html, encoding="utf-8")
    stub.write_text("", encoding="utf-8")
    return _Spooled(page.path, str(body), str(stub), page.title, page.description, page.toc, page.source)


@dataclass(frozen=True, slots=True)
class _Pending:
    """A generated page MkDocs has not rendered yet: its body waits on disk
    (a Path) or, compressed, in the plugin's memory (its key in `held`)."""

    title: str
    description: str | None
    toc: tuple[tuple[str, str], ...]
    body: Path | str


def _sitemap(pages: list[str], files: Files, env, nav, config) -> None:
    """MkDocs' sitemap.xml (and .gz) again, by MkDocs' own code, with every
    generated page where one build has it: after the docs' own pages, in
    the order the plugin adds them, the parts' item pages among them."""
    from mkdocs.commands.build import _build_theme_template
    from mkdocs.structure.files import set_exclusions
    from mkdocs.structure.pages import Page as MkPage

    ours = set(pages)
    known = {f.src_uri: f for f in files.documentation_pages()}
    added = []
    for path in pages:
        if path not in known:
            f = known[path] = File.generated(config, path, content="")
            added.append(f)
    set_exclusions(Files(added), config)
    for f in added:
        MkPage(None, f, config)
    whole = Files([f for f in files.documentation_pages() if f.src_uri not in ours] + [known[p] for p in pages])
    _build_theme_template("sitemap.xml", env, whole, config, nav)


def _drop_dead_spools(cache_dir: Path) -> None:
    """Spool folders of builds that were killed (MkDocs runs no plugin event
    on Ctrl-C): their process is gone."""
    for d in cache_dir.glob("build-*-*"):
        pid = d.name.split("-")[1]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(d, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's, or cannot tell: leave it
    return True


def _salt(builder: SiteBuilder, config) -> str:
    """What every generated file depends on besides its group's own
    fingerprint: this code, Graphviz, the language and the site's settings."""
    import pygraphviz

    from ..core.cache import code_fingerprint

    attached = sorted((ident, a.name, a.stamp) for ident, files in builder.cat.attachments.items()
                      for a in files.values())  # the downloads page lists them
    return "\0".join(map(repr, (code_fingerprint(), pygraphviz.__version__, builder.t.language, builder.t.fingerprint,
                                 config.site_url, config.use_directory_urls, builder.preview, attached)))


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _language(config) -> str:
    """The UI language: the theme's (Material: `theme.language`)."""
    try:
        return str(config.theme["language"] or "zh")
    except KeyError:
        return "zh"


def _theme_overrides(config) -> None:
    """The package's overrides of the theme (theme/main.html: what a page
    loads), after a site's own custom_dir and before the theme."""
    dirs = config.theme.dirs
    if str(THEME) in dirs:
        return
    custom = config.theme.custom_dir
    at = 1 if custom and dirs and os.path.abspath(dirs[0]) == os.path.abspath(custom) else 0
    dirs.insert(at, str(THEME))


def _edition_config(config, e: Edition | None, gettext) -> None:
    """An edition's own site name and description, and its navigation's
    titles through the catalog (a title the catalog lacks stays as written)."""
    if e is None:
        return
    if e.site_name:
        config.site_name = e.site_name
    if e.site_description:
        config.site_description = e.site_description

    def walk(nav):
        if isinstance(nav, list):
            return [walk(x) for x in nav]
        if isinstance(nav, dict):
            return {gettext(k) if isinstance(k, str) else k: walk(v) for k, v in nav.items()}
        return nav

    if isinstance(config.nav, list):
        config.nav = walk(config.nav)


def _nav_bodies(config) -> None:
    """A list of several bodies: 按部门 in the site's navigation, after the
    list, unless the site's `nav` has it already (or has no list)."""
    nav = config.nav
    if not isinstance(nav, list) or any(_nav_target(x) == BODIES for x in nav):
        return
    at = next((i for i, x in enumerate(nav) if _nav_target(x) == "list/index.md"), None)
    if at is None:
        return
    title = Templates(None, _language(config)).gettext("按部门")
    nav.insert(at + 1, {title: BODIES})


def _nav_target(entry) -> str | None:
    if isinstance(entry, dict) and len(entry) == 1:
        value = next(iter(entry.values()))
        return value if isinstance(value, str) else None
    return entry if isinstance(entry, str) else None


def _theme_text(text: str) -> str:
    """Plain text for a theme value that the theme prints unescaped (MkDocs'
    Jinja environment has no autoescape; Material prints `page.meta.title`
    as it is)."""
    return html.escape(text)


def _no_chart(_: Entry, __: ItemView) -> str:
    raise AssertionError("paths() draws nothing")


def _git_head_log(root: Path) -> Path | None:
    """The file git appends to at every commit, checkout or reset of the
    repository holding `root`, if there is one."""
    from ..history import git

    out = git.git(root, "rev-parse", "--absolute-git-dir")
    return Path(out.decode("utf-8", "surrogateescape").strip()) / "logs" / "HEAD" if out else None


def _source_date(root: Path) -> str:
    """The date a build states (sitemap): the last commit's, so that the same
    input builds the same bytes on any day."""
    from ..history import git

    return str(git.commit_time(root) or 0)
