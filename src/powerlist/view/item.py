"""What the public is shown of an item, every derived fact computed once.

An `ItemView` is immutable and knows nothing of HTML or of a language: the
effective subject, phones and supervision channels, the steps with their
facts, the promises with verdicts as enums. The item page, the chart
header, the JSON-LD and the exports read it; wording is theirs.

>>> from powerlist.core.catalog import load_catalog
>>> cat = load_catalog("powers")                      # doctest: +SKIP
>>> v = item_view(cat.entries["jishu-hetong-dengji"], cat)  # doctest: +SKIP
>>> v.phones.consult, v.promises[0].kept             # doctest: +SKIP
('0391-2925801', <Kept.YES: 'kept'>)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..core.changes import is_current
from ..core.records import Catalog, Entry
from ..core.flow.promises import Kept, Kind, Promise
from ..core.bodies import OWN, Body, foreign_subject, in_body_order, own_body
from ..core.durations import Duration, Unit
from ..core.models import PowerItem, Service, Site, Supervision


@dataclass(frozen=True, slots=True)
class Link:
    """Another item, by id and name."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Successor:
    """Where a cancelled or merged item's matter went, as its record
    states it: the body that now handles it (linked when it is a body of
    this list), the new item's name and web address where stated, and the
    items of this list it was merged into. Nothing here is inferred."""

    date: str
    notice: str  # the notice's id (changes/<id>.yaml)
    doc_number: str | None  # the notice's 文号, when it has one
    handled_by: str | None = None
    body: str | None = None  # the id of that body, when it is one of this list's
    name: str | None = None
    url: str | None = None
    items: tuple[Link, ...] = ()

    @property
    def text(self) -> str:
        """One line, in Chinese, for the search index and the exports."""
        parts = [f"现由{self.handled_by}行使"] if self.handled_by else []
        if self.name:
            parts.append(f"事项名称：{self.name}")
        if self.items:
            parts.append("并入" + "、".join(x.name for x in self.items))
        return "；".join(parts)


@dataclass(frozen=True, slots=True)
class ExitView:
    label: str
    number: int  # the target's 1-based place in the step list
    target: str  # the target's label
    loop: bool


@dataclass(frozen=True, slots=True)
class StepView:
    id: str
    kind: str
    label: str
    outcome: str | None  # an end step's result, when its label does not say it
    lane: str | None
    duration: Duration | None  # None: not stated
    timed: bool  # a step whose time is shown (tasks and decisions)
    counts: bool
    in_person: bool
    note: str | None
    exits: tuple[ExitView, ...]  # shown for decisions and loop-backs
    stages: tuple[str, ...] = ()
    owner: str | None = None  # 责任人
    phone: str | None = None  # 责任人电话
    deadline: str | None = None  # MM-DD: done before this day of the year
    extension: bool = False  # taken only after an approved extension


@dataclass(frozen=True, slots=True)
class Phones:
    consult: str | None
    complaint: str  # the item's own, else the supervision phone
    supervision: str  # the item's own, else the site's


@dataclass(frozen=True, slots=True)
class ItemView:
    id: str
    file: str
    name: str
    code: str | None  # lists without local codes exist
    type_name: str
    subject: str
    nature: str
    parent: Link | None
    children: tuple[Link, ...]
    phones: Phones
    promised: Duration | None  # 承诺时限
    visits: int | None  # promised visits
    supervision_channels: tuple[str, ...]
    steps: tuple[StepView, ...]
    promises: tuple[Promise, ...]
    other_body: bool = False  # the 实施主体 is not the item's body: its own contacts apply
    has_flow: bool = True  # False: no flow is published yet (an imported item): no chart, no verdict from it
    address: str | None = None  # the 实施主体's address
    body: str = OWN  # the id of the body (部门) the item belongs to
    body_title: str = ""  # its full name (else its name): the notice's head
    supervision: Supervision | None = None  # its body's channels (the government's where the body gives none)
    website: str | None = None  # the 实施主体's website
    region: str = ""  # where the body acts: the body's region, else the government's
    status: str = "在用"  # 在用, 暂停, 已取消, 已合并
    successor: Successor | None = None  # a cancelled or merged item: where its matter went

    @property
    def time_promise(self) -> Promise | None:
        """The verdict on the promised time limit, if one was computed."""
        return next((p for p in self.promises if p.kind is Kind.TIME), None)

    @property
    def calendar_conflicts(self) -> tuple[Promise, ...]:
        """Steps whose deadline the window and the step times rule out
        (PL523): while one stands, no time verdict reads as verified."""
        return tuple(p for p in self.promises if p.kind is Kind.CALENDAR)

    @property
    def time_verdict(self) -> str:
        """The time promise's verdict in one word for exports and cards:
        verified (on the item's own times), verified-template (on times
        inherited from a flow template), broken, conflict (PL523),
        unknown (could not be computed: no flow, untimed steps, mixed units)."""
        p = self.time_promise
        if self.calendar_conflicts:
            return "conflict"
        if p is None or p.kept is Kept.UNKNOWN:
            return "unknown"
        if p.kept is Kept.NO:
            return "broken"
        return "verified-template" if p.basis.inherited else "verified"

    @property
    def paused(self) -> tuple[StepView, ...]:
        """The steps whose time does not count toward the limit (不计入时限)."""
        return tuple(s for s in self.steps if not s.counts and s.kind != "end" and s.kind != "start")


# How an applicant can have a matter handled, in words that claim no more
# than the data: from the online depth, the visits and the channels, by one
# rule (`ways`) that every page uses.
WAYS = ("全程网办", "网上可办", "网上预审", "网上咨询", "邮寄办理", "窗口办理")


def ways(svc: Service | None) -> tuple[str, ...]:
    """The ways a service guide offers, most online first. 全程网办 only for
    depth 4 with no visit; 网上可办 for an application accepted and handled
    online (depth 3 or more); depth 2 is a pre-review, 1 a consultation —
    neither is 网上可办, whatever the visits.

    >>> from powerlist.core.models import Channels, Online
    >>> class S:  # a guide's channels and visits
    ...     def __init__(self, depth, visits, window=True, mail=False):
    ...         self.channels = Channels(window=window, mail=mail, online=Online(url="https://a.cn/", depth=depth) if depth else None)
    ...         self.visits = visits
    >>> ways(S(4, 0, window=False)), ways(S(2, 1)), ways(S(3, 1, mail=True)), ways(S(None, 1))
    (('全程网办',), ('网上预审', '窗口办理'), ('网上可办', '邮寄办理', '窗口办理'), ('窗口办理',))
    """
    if svc is None:
        return ()
    ch, out = svc.channels, []
    if ch.online is not None:
        depth = ch.online.depth
        out.append("全程网办" if depth == 4 and svc.visits == 0 else "网上可办" if depth >= 3
                   else "网上预审" if depth == 2 else "网上咨询")
    if ch.mail:
        out.append("邮寄办理")
    if ch.window:
        out.append("窗口办理")
    return tuple(out)


def visit_label(visits: int | None) -> str | None:
    """零跑腿 for no visit, 最多跑一次 for at most one; no label for more,
    nor for visits not stated (unknown is not zero).

    >>> visit_label(0), visit_label(1), visit_label(2), visit_label(None)
    ('零跑腿', '最多跑一次', None, None)
    """
    return {0: "零跑腿", 1: "最多跑一次"}.get(visits) if visits is not None else None


def labels(svc: Service | None) -> tuple[str, ...]:
    """Every derived label of a guide: its ways (`ways`), then its visit
    label (`visit_label`). The home page, the card, the exports and the
    JSON-LD all read these, so they cannot disagree."""
    if svc is None:
        return ()
    v = visit_label(svc.visits)
    return ways(svc) + ((v,) if v else ())


def derived(v: ItemView, item: PowerItem) -> dict:
    """The facts a rule derives for an item, with their provenance, for
    the JSON export: the labels, the time verdict and whose step times it
    rests on, and where a cancelled item's matter went."""
    p = v.time_promise
    out: dict = {"ways": list(ways(item.service)), "labels": list(labels(item.service)),
                 "time_verdict": {"verdict": "none" if v.promised is None else v.time_verdict,
                                  **({"basis": p.basis.as_dict()} if p is not None else {})}}
    su = v.successor
    if su is not None:
        out["successor"] = {k: val for k, val in (
            ("handled_by", su.handled_by), ("body", su.body), ("name", su.name), ("url", su.url),
            ("items", [x.id for x in su.items] or None), ("notice", su.notice), ("doc_number", su.doc_number),
            ("date", su.date)) if val}
    return out


def verdict_words(v: ItemView) -> str:
    """The time verdict in Chinese, with its provenance, for a spreadsheet cell."""
    p = v.time_promise
    if not v.has_flow or p is None:
        return "无法核验（流程图尚未公布）" if not v.has_flow else ""
    word = {"verified": "已按办理流程核验", "verified-template": "按本局通用流程核验", "broken": "与办理流程不符",
            "conflict": "与申报期或截止日期矛盾，无法核验", "unknown": "无法核验"}[v.time_verdict]
    if p.basis.inherited:
        word += f"（{'、'.join(p.basis.fields)}的时限取自通用流程“{p.basis.source}”）"
    return word


def type_ranks(site: Site) -> dict[str, int]:
    """Each type name's place in the site's list of types (the first, if listed twice)."""
    rank: dict[str, int] = {}
    for i, t in enumerate(site.types):
        rank.setdefault(t.name, i)
    return rank


def in_site_order(cat: Catalog) -> list[Entry]:
    """The current list as the site shows it (cancelled and merged items
    left out): by the site's order of types, then by code (items without
    one last), then by id."""
    assert cat.site is not None
    rank = type_ranks(cat.site)
    bodies = in_body_order(cat)  # a list of several bodies, body by body (one body: no change)
    return sorted((x for x in cat.entries.values() if is_current(x.item)),
                  key=lambda x: (bodies.get(x.body, 0), rank.get(x.type_name, 99), x.item.code is None,
                                 x.item.code or "", x.id))


def retired_in_order(cat: Catalog) -> list[Entry]:
    """The cancelled and merged items, the latest first."""
    out = [x for x in cat.entries.values() if not is_current(x.item)]
    return sorted(out, key=lambda x: (x.item.retired.date if x.item.retired else "", x.id), reverse=True)


def steps_view(x: Entry) -> tuple[StepView, ...]:
    assert x.flow is not None
    flow = x.flow
    out = []
    for s in flow.steps:
        outcome = s.outcome if s.kind == "end" and s.outcome and s.outcome not in s.label else None
        exits: tuple[ExitView, ...] = ()
        if s.kind == "decision" or any(t.loop for t in s.targets):
            exits = tuple(ExitView(t.label or "", flow.index[t.to] + 1, flow.by_id[t.to].label, t.loop)
                          for t in s.targets)
        out.append(StepView(s.id, s.kind, s.label, outcome, s.lane, s.duration, s.duration is not None and s.kind != "end", s.counts,
                            s.in_person, s.note, exits, s.stages, s.owner, s.phone, s.deadline, s.extension))
    return tuple(out)


def successor_of(it: PowerItem, cat: Catalog) -> Successor | None:
    r = it.retired
    if r is None:
        return None
    record = cat.notices.get(r.notice)
    body = None
    if r.handled_by:
        body = next((b.id for b in cat.bodies.values() if r.handled_by in (b.name, b.full_name)), None)
    items = tuple(Link(i, cat.entries[i].item.name) for i in r.successors if i in cat.entries)
    return Successor(r.date, r.notice, record.notice.doc_number if record else None, r.handled_by, body,
                     r.successor_name, r.successor_url, items)


def item_view(x: Entry, cat: Catalog, children: list[Entry] | None = None,
              steps: tuple[StepView, ...] | None = None) -> ItemView:
    """`children` and `steps` may be given when the caller has them at hand
    (a site build shares one step list among the items that use a template
    alike)."""
    site = cat.site
    assert site is not None
    it = x.item
    svc = it.service
    terms = it.terms
    sup = it.supervision
    # a body whose _body.yaml did not load fails the check (nothing is published): `draw` still draws
    body: Body = cat.bodies.get(x.body) or cat.bodies.get(OWN) or own_body(site)
    other = foreign_subject(it, body)
    supervision_phone = (sup.phone if sup and sup.phone else
                         other.supervision_phone if other and other.supervision_phone else (body.supervision.phone or ""))
    consult = svc.consult.phone if svc else (other.phone if other else body.phone)
    parent = cat.entries.get(it.parent) if it.parent else None
    if children is None:
        children = [c for c in cat.entries.values() if c.item.parent == x.id]
    return ItemView(
        id=x.id, file=x.file, name=it.name, code=it.code, type_name=x.type_name,
        subject=it.subject.name if it.subject else body.title,
        nature=it.subject.nature if it.subject else body.nature,
        parent=Link(parent.id, parent.item.name) if parent else None,
        children=tuple(Link(c.id, c.item.name) for c in children),
        phones=Phones(consult=consult,
                      complaint=svc.complaint.phone if svc and svc.complaint else supervision_phone,
                      supervision=supervision_phone),
        promised=terms.time_limit.promised if terms else None,
        visits=terms.visits if terms else None,
        supervision_channels=tuple(sup.channels if sup and sup.channels else body.supervision.channels),
        steps=steps if steps is not None else (steps_view(x) if x.flow else ()),
        promises=x.analysis.promises if x.analysis else (),
        other_body=other is not None,
        has_flow=x.flow is not None,
        address=(other.address if other else body.address),
        body=x.body, body_title=body.title, supervision=body.supervision,
        website=other.website if other else body.website, region=body.region,
        status=it.status, successor=successor_of(it, cat),
    )


def schema_org(v: ItemView, item: PowerItem, site: Site, language: str = "zh-CN",
               gettext: Callable[[str], str] = str) -> dict:
    """The item as a schema.org GovernmentService (JSON-LD), from its view,
    in an edition's language (the data's own words stay as they are)."""
    a = site.authority
    doc: dict = {
        "@context": "https://schema.org", "@type": "GovernmentService", "inLanguage": language,
        "name": v.name, **({"identifier": v.code} if v.code else {}), "serviceType": gettext(v.type_name),
        "provider": {"@type": "GovernmentOrganization", "name": v.subject,
                     **({"address": v.address} if v.address else {})},
        "areaServed": {"@type": "AdministrativeArea", "name": v.region or a.region},
    }
    svc = item.service
    if svc:
        doc["audience"] = [{"@type": "Audience", "audienceType": t} for t in svc.audience]
        channel: dict = {"@type": "ServiceChannel",
                         "serviceLocation": {"@type": "Place", "name": svc.location},
                         "servicePhone": {"@type": "ContactPoint", "telephone": v.phones.consult}}
        if svc.channels.online:
            channel["serviceUrl"] = svc.channels.online.url
        p = v.promised
        if p is not None and p.unit is Unit.DAY:
            channel["processingTime"] = f"P{p.amount}D"  # working days have no ISO 8601 form: left out
        elif p is not None and p.is_instant:
            channel["processingTime"] = "PT0S"
        # booking a visit and following an application: channels of their own, by their web address
        extra = [{"@type": "ServiceChannel", "name": gettext(name), "serviceUrl": url}
                 for name, url in (("网上预约", svc.channels.appointment), ("办理进度查询", svc.channels.progress)) if url]
        doc["availableChannel"] = [channel, *extra] if extra else channel
        if svc.result:
            doc["serviceOutput"] = {"@type": "Thing", "name": svc.result.name}
        # the derived labels (办理方式, 最多跑一次): schema.org's Service.category, by the one rule the pages use
        if labels(svc):
            doc["category"] = list(labels(svc))
    if v.status != "在用":
        # schema.org has no status for a service: the CPSV-AP property (adms:status) and its label
        doc[ADMS_STATUS] = v.status
    su = v.successor
    if su is not None and (su.handled_by or su.name or su.url or su.items):
        # where the matter went: Dublin Core's isReplacedBy (the resource that supplants this one),
        # a GovernmentService operated by the body that now handles it
        nxt: dict = {"@type": "GovernmentService"}
        if su.name or su.items:
            nxt["name"] = su.name or "、".join(x.name for x in su.items)
        if su.url:
            nxt["url"] = su.url
        if su.handled_by:
            nxt["serviceOperator"] = {"@type": "GovernmentOrganization", "name": su.handled_by}
        doc[DCT_REPLACED_BY] = nxt
    return doc


ADMS_STATUS = "http://www.w3.org/ns/adms#status"
DCT_REPLACED_BY = "http://purl.org/dc/terms/isReplacedBy"


def website_ld(site: Site, site_url: str, list_path: str = "list/", language: str = "zh-CN") -> dict:
    """The site as a schema.org WebSite whose search is the list's (JSON-LD)."""
    a = site.authority
    return {"@context": "https://schema.org", "@type": "WebSite", "url": site_url,
            "name": a.full_name or a.name, "inLanguage": language,
            "publisher": {"@type": "GovernmentOrganization", "name": a.full_name or a.name},
            "potentialAction": {"@type": "SearchAction", "target": f"{site_url}{list_path}?q={{search_term_string}}",
                                "query-input": "required name=search_term_string"}}


def item_list_ld(rows: list[tuple[str, str]], start: int, total: int) -> dict:
    """One page of the list as a schema.org ItemList: (absolute URL, name) per row."""
    return {"@context": "https://schema.org", "@type": "ItemList", "numberOfItems": total,
            "itemListElement": [{"@type": "ListItem", "position": start + i + 1, "url": url, "name": name}
                                for i, (url, name) in enumerate(rows)]}
