"""The checked data of a list, as the loader (`catalog.load_catalog`) makes
it and every later layer reads it: the catalog, its items (entries), flow
templates, adjustment notices and attached files. Types only: no loading,
no checking."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

from .bodies import OWN, Body
from .diagnostics import Diagnostic
from .flow.expand import Flow, UseKey
from .flow.model import FlowTemplate, Step
from .flow.paths import FlowFacts
from .flow.promises import Analysis
from .models import Notice, PowerItem, Site
from .vocab import MINOR
from .yamlsource import Source

# what a kind is called on the site: the format's own name, the same in every language
KIND_LABELS = {"pdf": "PDF", "ofd": "OFD", "doc": "Word", "docx": "Word", "xls": "Excel", "xlsx": "Excel",
               "jpg": "JPG", "png": "PNG"}


@dataclass(slots=True)
class Entry:
    """One valid item with where it came from."""

    id: str
    file: str
    item: PowerItem
    type_name: str  # the canonical 权力类型 (aliases resolved)
    source: Source
    flow: Flow | None = None
    analysis: Analysis | None = None
    version: str = ""  # a fingerprint of the file's text: what the pages made from it depend on
    body: str = OWN  # the id of the body (部门) whose folder holds the file; OWN: the site's own authority


@dataclass(slots=True)
class Template:
    id: str
    file: str
    template: FlowTemplate
    source: Source
    sound: bool = False  # the template's own shape passed its checks
    steps: dict[UseKey, list[Step]] = field(default_factory=dict)  # use_key → validated steps
    facts: dict[UseKey, FlowFacts] = field(default_factory=dict)  # use_key → what the flow says


@dataclass(slots=True)
class Catalog:
    root: Path
    site: Site | None
    entries: dict[str, Entry] = field(default_factory=dict)
    templates: dict[str, Template] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    broken_templates: set[str] = field(default_factory=set)  # present, but reported and left out
    notices: dict[str, NoticeRecord] = field(default_factory=dict)  # changes/: notice id → its record
    context: str = ""  # a fingerprint of the site configuration and the flow templates
    attachments: dict[str, dict[str, Attachment]] = field(default_factory=dict)  # item id → file name → file (published)
    item_ids: set[str] = field(default_factory=set)  # every item file's id, whether it loaded or not
    index: tuple[dict[str, str], set[str], set[str]] | None = None  # the site's types, lanes and units, as `_site_index` makes them
    renamed: dict[str, str] = field(default_factory=dict)  # an item's former id (renamed_from) → its id
    bodies: dict[str, Body] = field(default_factory=dict)  # body id → the body (OWN: the site's authority)
    broken_bodies: set[str] = field(default_factory=set)  # body folders whose _body.yaml did not load
    sets: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)  # body id → its lanes and units

    def mix(self, *parts: str) -> None:
        h = hashlib.sha1(self.context.encode())
        for part in parts:
            h.update(b"\0" + part.encode("utf-8", "surrogatepass"))
        self.context = h.hexdigest()

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(slots=True)
class NoticeRecord:
    id: str  # the file name without .yaml
    file: str
    notice: Notice
    source: Source

    @property
    def minor(self) -> bool:
        """Only entries that adjust no power (勘误: wording; 指南更新: the
        guide's forms, channels and such): a record, not a notice, and no 文号."""
        return all(e.kind in MINOR for e in self.notice.entries)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A checked file that an item references: published at `site_path`."""

    item: str  # the item's id
    name: str  # the file name as the item writes it
    path: Path  # where it is on disk
    size: int
    kind: str  # a key of KIND_LABELS
    stamp: tuple[int, int, int]  # mtime, size, inode: what a preview server compares

    @property
    def site_path(self) -> str:
        return f"items/{self.item}/files/{self.name}"

    @property
    def href(self) -> str:
        """The link from the item's own page."""
        return "files/" + quote(self.name)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


class Repository(Protocol):
    """What loading asks of the list's version control (`history.repo.GitRepository`
    answers from git); the loader is given one, or None outside a repository."""

    def data_day(self) -> str | None:
        """The data's date (China time): the date a build was given, else the
        last commit's; None without either."""

    def uncommitted(self, folder: Path) -> set[Path] | None:
        """The files of `folder` not committed as they are (new or changed
        since HEAD), resolved; None when that cannot be told."""

    def ever_named(self, powers: Path) -> set[str] | None:
        """Every file name `powers` held in HEAD's first-parent line, relative
        to `powers`, with slashes; None when that cannot be told."""
