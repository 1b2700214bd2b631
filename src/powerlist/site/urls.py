"""Where every generated file goes, and links between them: the site's
URLs in one place, for the build plan, the pages and the templates."""

from __future__ import annotations

import functools
import hashlib
import posixpath
from dataclasses import dataclass

from ..core.bodies import OWN, body_slug
from ..core.models import Site
from ..core.records import Entry

DOWNLOADS = "downloads/index.md"
CHANGES = "changes/index.md"
RETIRED = "changes/retired/index.md"
FEED = "changes/feed.xml"
DOWNLOAD_FILES = (("xlsx", "quanze-qingdan.xlsx"), ("csv", "quanze-qingdan.csv"), ("json", "quanze-qingdan.json"))
# the flows and services in international standards (see `standards`): each item's beside its page, all on 数据下载
ITEM_STANDARD_FILES = {"bpmn": "flow.bpmn", "cpsv": "service.jsonld"}
STANDARD_FILES = (("bpmn", "liucheng-bpmn.zip"), ("cpsv", "fuwu-cpsv-ap.zip"))


def _dir(path: str) -> str:
    return posixpath.dirname(path)


@functools.lru_cache(maxsize=65536)
def href(from_path: str, to_path: str, index: str = "") -> str:
    """Relative link between two generated pages: to the page's folder
    (directory URLs), or to `index` in it (`index.html`: a site opened from
    disk, where a folder link shows a file listing).

    >>> href("items/a/index.md", "list/index.md")
    '../../list/'
    >>> href("index.md", "list/index.md", "index.html")
    'list/index.html'
    """
    here = [p for p in _dir(from_path).split("/") if p]
    there = [p for p in _dir(to_path).split("/") if p]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    rel = [".."] * (len(here) - common) + there[common:]
    return ("/".join(rel) + "/" if rel else "./") + index


def past_path(ident: str) -> str:
    return f"downloads/history/qingdan-{ident}.xlsx"


def notice_path(ident: str) -> str:
    return f"changes/{ident}/index.md"


def item_path(ident: str) -> str:
    return f"items/{ident}/index.md"


def redirect_path(ident: str) -> str:
    """Where a renamed item's former address is kept: a file, not a page."""
    return f"items/{ident}/index.html"


def type_slug(site: Site, name: str) -> str:
    t = next((t for t in site.types if t.name == name), None)
    if t is not None and t.abbr:
        return t.abbr.lower()
    return "t-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def unit_slug(name: str, body: str = OWN) -> str:
    """A unit's page name; a body's unit is told apart from another body's of the same name (办公室)."""
    key = name if body == OWN else f"{body}/{name}"
    return "u-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def type_path(site: Site, name: str) -> str:
    return f"types/{type_slug(site, name)}/index.md"


def unit_path(name: str, body: str = OWN) -> str:
    return f"units/{unit_slug(name, body)}/index.md"


BODIES = "bodies/index.md"  # 按部门: only in a list of several bodies


def body_path(body: str) -> str:
    return f"bodies/{body_slug(body)}/index.md"


def body_files(body: str) -> tuple[str, str]:
    """The body's own downloads (XLSX and CSV), beside the whole list's."""
    return f"downloads/bodies/{body_slug(body)}.xlsx", f"downloads/bodies/{body_slug(body)}.csv"


@dataclass(frozen=True, slots=True)
class Here:
    """Where a page is, for its templates: links relative to it."""

    path: str
    index: str = ""  # what a link to a page ends with: "" (directory URLs) or "index.html"

    def link(self, to: "Entry | str") -> str:
        return href(self.path, item_path(to.id) if isinstance(to, Entry) else to, self.index)

    def folder(self, to: "Entry | str") -> str:
        """Relative link to a page's folder, for the files in it (an item's
        attachments) and for links made in the browser."""
        return href(self.path, item_path(to.id) if isinstance(to, Entry) else to)

    def file(self, to: str) -> str:
        """Relative link to a generated file (not a page), such as search/index.js."""
        folder, _, name = to.rpartition("/")
        return href(self.path, f"{folder}/index.md" if folder else "index.md") + name


PAGE_SIZE = 100  # rows of a list page: the first page works without JavaScript, the rest are linked
SEARCH_INDEX = "search/index.js"  # the head of the index; it names the other files (see `search`)


def page_count(rows: int, size: int = PAGE_SIZE) -> int:
    """How many pages (or index parts) `rows` fill; an empty list still has one."""
    return max(1, -(-rows // size))


def paged_path(first: str, n: int) -> str:
    """Page n (1-based) of a list whose first page is `first` (…/index.md)."""
    return first if n == 1 else f"{first.removesuffix('index.md')}{n}/index.md"


@dataclass(frozen=True, slots=True)
class Pager:
    """Where one page of a long list is among its pages."""

    first: str  # the first page's path
    n: int  # this page, 1-based
    count: int  # how many pages
    start: int  # the number of rows before this page

    def path(self, n: int) -> str:
        return paged_path(self.first, n)

    @property
    def shown(self) -> list[int | None]:
        """The page numbers to link: the first, the last and those around
        this one; None where numbers are left out."""
        keep = sorted({1, self.count, *range(max(1, self.n - 2), min(self.count, self.n + 2) + 1)})
        out: list[int | None] = []
        for i, k in enumerate(keep):
            if i and k - keep[i - 1] > 1:
                out.append(None)
            out.append(k)
        return out
