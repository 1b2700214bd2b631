"""A list too large for one build, built in shards and merged into one site.

A province's list (100,000+ items, hundreds of bodies) is built as the jobs
of a CI matrix, then merged; the merged site is byte for byte the site one
build of the same data makes (tests/test_shards.py compares them):

    powerlist shard plan --shards auto       which body goes to which shard
    powerlist shard build K/N --out part-K   shard K: its bodies' item files
    powerlist shard merge part-* --out site  everything else, and the parts

What runs where, so that the merge is cheap:

- **plan** (once, before the matrix, beside `powerlist check`, which checks
  the whole list once: duplicates across bodies, notices, history): bodies
  are dealt to shards by their number of items (largest first, each to the
  shard with fewest items so far, ties to the lower shard), so the same
  list and N give the same plan on every runner. A body is never split:
  its items, units and downloads stay together.
- **shard K/N**: every job reads the whole list (reading is a small part of
  a build: a page of one body links items, parents and notices of others),
  then makes only the files of its bodies' items: chart (Graphviz), BPMN
  (Graphviz), JSON-LD, attachments, the item page through MkDocs and the
  theme, and the former addresses of renamed items. The part it leaves is
  those files and `_shard.json` (the shard, the plan and the fingerprint of
  the data and templates it was built from).
- **merge**: reads the whole list, checks that the parts are the N shards
  of this very data, and builds everything that spans the bodies: home,
  list, type, unit and body pages, 按部门, notices and feed, search index,
  sitemap page, downloads (whole list and per body; the BPMN and CPSV zips
  are filled with the parts' item files, in the order one build adds them,
  so no Graphviz runs here), then copies the parts' files in and writes
  MkDocs' sitemap.xml with every page, in one build's order.

An item page shows the site's navigation, which shows the titles of the
pages it links: a shard makes those few pages too (the downloads page
without its files) and keeps none of them.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from .. import __version__
from ..core.bodies import in_body_order

if TYPE_CHECKING:  # the pages are imported when a shard is built, not by every `powerlist` command
    from ..core.records import Catalog, Entry
    from .pages import Asset, Copied, Page, SiteBuilder

MANIFEST = "_shard.json"
AUTO_FROM = 20_000  # items: a list below this is built in one job
AUTO_SIZE = 12_500  # items per shard when the number is worked out
AUTO_MAX = 64  # shards at most when it is worked out (a matrix holds 256 jobs)


class ShardError(Exception):
    """Parts that do not make one site (the message is for staff, in Chinese)."""


@dataclass(frozen=True)
class Plan:
    shards: int
    of_body: dict[str, int]  # body id → its shard, 1-based
    items: tuple[int, ...]  # items (current and retired: each has its page) per shard

    def to_json(self) -> dict:
        return {"shards": self.shards, "matrix": list(range(1, self.shards + 1)), "items": list(self.items),
                "bodies": {b: self.of_body[b] for b in sorted(self.of_body)}}


def auto_shards(total: int) -> int:
    """How many shards a list of `total` items is built in when not told: one below AUTO_FROM."""
    if total < AUTO_FROM:
        return 1
    return min(AUTO_MAX, -(-total // AUTO_SIZE))


def plan(cat: Catalog, shards: int | None = None) -> Plan:
    """Bodies dealt to `shards` shards (None: see `auto_shards`), balanced by
    their number of items; deterministic. Never more shards than bodies with
    items (an empty shard would build nothing)."""
    sizes: dict[str, int] = {b: 0 for b in cat.bodies}
    for x in cat.entries.values():
        sizes[x.body] = sizes.get(x.body, 0) + 1
    order = in_body_order(cat)
    bodies = sorted((b for b, n in sizes.items() if n), key=lambda b: (-sizes[b], order.get(b, len(order)), b))
    n = auto_shards(sum(sizes.values())) if shards is None else shards
    n = max(1, min(n, len(bodies) or 1))
    load = [0] * n
    of_body: dict[str, int] = {}
    for b in bodies:
        k = min(range(n), key=lambda i: (load[i], i))
        of_body[b] = k + 1
        load[k] += sizes[b]
    for b in sizes:  # bodies without items: to the first shard (they have no item files)
        of_body.setdefault(b, 1)
    return Plan(n, of_body, tuple(load))


def fingerprint(builder: SiteBuilder, config) -> str:
    """What the parts and the merge must agree on: the data, templates and
    history (see `SiteBuilder.everything`), the data date, this program's
    code, and the site's MkDocs configuration (theme, navigation, links)."""
    from ..core.cache import code_fingerprint
    from .pages import content_key

    settings = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
    return content_key(builder.everything, "" if builder.epoch is None else str(builder.epoch), __version__, code_fingerprint(),
                settings, config.site_url, config.use_directory_urls)


def dest(path: str) -> str:
    """Where MkDocs writes a generated file: a page's index.md as index.html."""
    return path[:-len("index.md")] + "index.html" if path.endswith("index.md") else path


def nav_targets(nav) -> set[str]:
    """The pages the site's navigation names (their titles are on every page)."""
    out: set[str] = set()
    stack = [nav] if nav else []
    while stack:
        entry = stack.pop()
        if isinstance(entry, list):
            stack.extend(entry)
        elif isinstance(entry, dict):
            stack.extend(entry.values())
        elif isinstance(entry, str) and "://" not in entry:
            out.add(entry)
    return out


@dataclass
class Shard:
    """Build shard `k` of `n`: its bodies' item files (see the module's notes)."""

    k: int
    n: int
    plan: Plan | None = None
    fingerprint: str = ""
    files: list[str] = field(default_factory=list)  # what the part holds, relative to the site
    error: str | None = None  # why the build stopped, when it was the shard's own reason
    editions: list[tuple[str, Shard]] = field(default_factory=list)  # the site's other editions' parts

    def edition(self, prefix: str) -> Shard:
        """This shard of the site's edition in folder `prefix` (built by the
        plugin after the main one): its files go to the part's `prefix`."""
        role = Shard(self.k, self.n)
        self.editions.append((prefix, role))
        return role

    def made(self, builder: SiteBuilder, config) -> Iterator[tuple[Page | Asset | Copied, ...]]:
        from .pages import DOWNLOADS, Page

        self.plan = plan(builder.cat, self.n)
        if self.k > self.plan.shards:
            raise ShardError(_say("count", shards=self.n, bodies=self.plan.shards))
        self.fingerprint = fingerprint(builder, config)
        targets = nav_targets(config.nav)
        for planned in builder.plan():
            if planned.item is not None:
                if self.plan.of_body[builder.cat.entries[planned.item].body] == self.k:
                    self.files += [dest(p) for p in planned.paths]
                    yield planned.make()
                continue
            wanted = targets.intersection(planned.paths)
            if not wanted:
                continue
            made = builder.downloads(made=False) if DOWNLOADS in planned.paths else planned.make()
            yield tuple(p for p in made if isinstance(p, Page) and p.path in wanted)

    def keep(self, built: Path, out: Path) -> None:
        """Move the part's files from the site MkDocs built to `out`, with `_shard.json`."""
        assert self.plan is not None
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        for rel in self.files:
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(built / rel, target)
        (out / MANIFEST).write_text(json.dumps(
            {"shard": self.k, "fingerprint": self.fingerprint, "plan": self.plan.to_json(), "files": self.files},
            ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        for prefix, role in self.editions:
            role.keep(built / prefix, out / prefix)


@dataclass
class Merge:
    """Merge the parts into the whole site (see the module's notes)."""

    parts: list[Path]
    plan: Plan | None = None
    error: str | None = None
    pages: list[str] = field(default_factory=list)  # every generated page, in the order one build adds them
    _by_shard: dict[int, tuple[Path, dict]] = field(default_factory=dict)

    def edition(self, prefix: str) -> Merge:
        """The merge of the site's edition in folder `prefix`: from each part's `prefix`."""
        return Merge([p / prefix for p in self.parts])

    def read(self, builder: SiteBuilder, config) -> None:
        """The parts' manifests, checked to be every shard of this data."""
        mine = fingerprint(builder, config)
        seen: dict[int, tuple[Path, dict]] = {}
        for part in self.parts:
            try:
                m = json.loads((part / MANIFEST).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                raise ShardError(_say("no-manifest", part=part)) from None
            if m.get("fingerprint") != mine:
                raise ShardError(_say("other-data", part=part))
            if m["shard"] in seen:
                raise ShardError(_say("twice", shard=m["shard"], part=part, other=seen[m["shard"]][0]))
            seen[m["shard"]] = (part, m)
        if not seen:
            raise ShardError(_say("missing", missing=1))
        expected = plan(builder.cat, next(iter(seen.values()))[1]["plan"]["shards"])
        for part, m in seen.values():
            if m["plan"] != expected.to_json():
                raise ShardError(_say("other-data", part=part))
        missing = [str(k) for k in range(1, expected.shards + 1) if k not in seen]
        if missing:
            raise ShardError(_say("missing", missing="、".join(missing)))
        self._by_shard = seen
        self.plan = expected

    def made(self, builder: SiteBuilder, config) -> Iterator[tuple[Page | Asset | Copied, ...]]:
        from .pages import ITEM_STANDARD_FILES, item_path

        self.read(builder, config)
        builder.provided = self._provided  # the downloads' zips take the parts' files: no Graphviz here
        for planned in builder.plan():
            self.pages += [p for p in planned.paths if p.endswith("index.md")]
            if planned.item is None:
                yield planned.make()
            # an item's own files (and a former address) are the parts'

    def _provided(self, x: Entry, fmt: str) -> bytes:
        """Item `x`'s standard file `fmt`, from the part of its body's shard."""
        from .urls import ITEM_STANDARD_FILES

        assert self.plan is not None
        part = self._by_shard[self.plan.of_body[x.body]][0]
        return _read(part, f"items/{x.id}/{ITEM_STANDARD_FILES[fmt]}")

    def copy(self, site: Path) -> None:
        """The parts' files into the site."""
        for part, m in sorted(self._by_shard.values(), key=lambda pm: pm[1]["shard"]):
            for rel in m["files"]:
                target = site / rel
                if target.exists():
                    raise ShardError(_say("clash", file=rel, part=part))
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    shutil.copyfile(part / rel, target)
                except OSError:
                    raise ShardError(_say("lost", part=part, file=rel)) from None


def _read(part: Path, rel: str) -> bytes:
    try:
        return (part / rel).read_bytes()
    except OSError:
        raise ShardError(_say("lost", part=part, file=rel)) from None


def _say(variant: str, **fields) -> str:
    from ..core.rules import say

    return say("PL801", variant, **fields)


def build(config_file: Path, site_dir: Path, role: Shard | Merge) -> None:
    """A real `mkdocs build --strict` of the site in `config_file`, as `role` says."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, PluginError

    config = load_config(str(config_file), site_dir=str(site_dir), strict=True)
    plugin = config.plugins.get("powerlist")
    if plugin is None:
        raise ShardError(_say("no-plugin", file=config_file))
    plugin.role = role
    if isinstance(role, Shard):  # the docs' pages link pages that only the merge makes: checked there
        config.validation.links.not_found = logging.DEBUG
    said = logging.StreamHandler()  # MkDocs' warnings and errors, as `mkdocs build` prints them
    said.setLevel(logging.WARNING)
    said.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(said)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    except (Abort, PluginError) as exc:
        raise ShardError(role.error or _say("failed", reason=exc)) from None
    finally:
        config.plugins.on_shutdown()
        logging.getLogger("mkdocs").removeHandler(said)
