"""What the site shows of the history: each item's versions with their
field changes, the notices, the list version, and the notices' Atom feed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.dates import TZ, day
from . import History
from .diff import char_diff

if TYPE_CHECKING:
    from ..core.records import NoticeRecord

SHOWN = 30  # field changes shown per version; the rest are counted


@dataclass(frozen=True, slots=True)
class ChangeView:
    label: str
    old: str | None
    new: str | None
    runs: tuple[tuple[str, str], ...] | None  # a long text's character diff (see diff.char_diff)


@dataclass(frozen=True, slots=True)
class VersionView:
    date: str
    commit: str  # short
    kind: str  # added, changed, renamed, unreadable, incomparable, earliest
    notice: "NoticeRecord | None"
    changes: tuple[ChangeView, ...]
    more: int  # changes not shown


def versions(h: History, ident: str, notices: dict, chinese: bool = True) -> list[VersionView]:
    """The item's versions, newest first. A change is named by the form's
    Chinese field titles; in another language, by its path in the file
    (`service.time_limit.promised`), which is what the data calls it."""
    out = []
    for v in h.of(ident):
        shown = []
        for c in v.changes[:SHOWN]:
            runs = char_diff(c.old, c.new) if c.old is not None and c.new is not None else None
            shown.append(ChangeView(c.label if chinese else c.path, c.old, c.new, tuple(runs) if runs else None))
        out.append(VersionView(day(v.time), v.commit[:7], v.kind, notices.get(v.notice) if v.notice else None,
                               tuple(shown), max(0, len(v.changes) - SHOWN)))
    return out


def list_version(h: History) -> tuple[str, str] | None:
    """The list version: the date and short commit the site is built from."""
    if not h.available or not h.head:
        return None
    return day(h.head_time), h.head[:7]


def newest_first(notices: dict) -> list["NoticeRecord"]:
    return sorted(notices.values(), key=lambda r: (r.notice.published, r.notice.doc_number or "", r.id), reverse=True)


def atom(records: list["NoticeRecord"], title: str, site_url: str | None, href, text,
         author: str = "powerlist") -> bytes:
    """The notices as an Atom feed, newest first. `href(record)` is a notice
    page's path from the site root; `text(record)` its summary. Dates come
    from the notices, never from the clock: the same notices, the same bytes."""
    from feedgen.feed import FeedGenerator

    def when(date: str) -> dt.datetime:
        return dt.datetime.fromisoformat(date).replace(tzinfo=TZ)

    base = (site_url or "").rstrip("/") + "/" if site_url else None
    fg = FeedGenerator()
    fg.id(f"{base}changes/" if base else "tag:powerlist,2026:changes")
    fg.title(title)
    fg.author(name=author)  # RFC 4287 4.1.1: a feed names its author (here: the body that publishes the notices)
    fg.language("zh-CN")
    fg.updated(when(records[0].notice.published) if records else when("2000-01-01"))
    if base:
        fg.link(href=f"{base}changes/feed.xml", rel="self")
        fg.link(href=f"{base}changes/", rel="alternate")
    fg.generator("powerlist")
    for r in reversed(records):  # feedgen puts each new entry first
        fe = fg.add_entry()
        url = f"{base}{href(r)}" if base else None
        fe.id(url or f"tag:powerlist,{r.notice.published}:{r.id}")
        fe.title(f"{r.notice.doc_number} {r.notice.title}" if r.notice.doc_number else r.notice.title)
        fe.published(when(r.notice.published))
        fe.updated(when(r.notice.published))
        if url:
            fe.link(href=url)
        fe.content(text(r), type="text")
    return fg.atom_str(pretty=True)
