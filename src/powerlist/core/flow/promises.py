"""The promises an item makes to the public, checked against its flow:
the worst-case time fits the promised limit (and the promise the law),
the applicant's trips fit the promised visits, and an instant item
(即办件) can be finished on the spot. Facts only, computed once: the
wording is the reader's (templates for the public, `detail` for staff).
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass

from ..diagnostics import Finding
from ..durations import Duration, compare
from ..models import PowerItem
from ..provenance import STATED, Provenance
from ..rules import say
from .calendar import Conflict
from .expand import Flow
from .paths import FlowFacts, Route, time_fit

class Kind(enum.Enum):
    """The promises a flow is checked against."""

    TIME = "time"  # 承诺时限 (on the routes without an approved extension)
    EXTENDED = "extended"  # 延长后的承诺时限 (on every route, extension steps included)
    STATUTORY = "statutory"  # 法定时限 (the promise against the law)
    VISITS = "visits"  # 到现场次数
    INSTANT = "instant"  # 即办件
    CALENDAR = "calendar"  # 申报期、步骤截止日期与时限一致 (only a conflict is one)


class Kept(enum.Enum):
    YES = "kept"
    NO = "broken"
    UNKNOWN = "unknown"  # could not be computed: never shown as kept


_KEPT = {"ok": Kept.YES, "over": Kept.NO, "unknown": Kept.UNKNOWN, "untimed": Kept.UNKNOWN}
_TITLES = {Kind.TIME: "承诺时限", Kind.EXTENDED: "延长后的承诺时限", Kind.STATUTORY: "法定时限",
           Kind.VISITS: "到现场次数", Kind.INSTANT: "即办件", Kind.CALENDAR: "申报期与截止日期"}
# where in the item's guide (or commitment) each promise is made
_RULES = {Kind.TIME: ("time_limit", "promised"), Kind.EXTENDED: ("time_limit", "extension"), Kind.VISITS: ("visits",),
          Kind.INSTANT: ("case_type",)}
_TIMED = (Kind.TIME, Kind.EXTENDED)


@dataclass(frozen=True, slots=True)
class Promise:
    """One promise made to the public, whether the flow keeps it and what
    shows it. Facts only: wording is the reader's (templates, diagnostics)."""

    kind: Kind
    kept: Kept
    promised: Duration | int | None = None  # the promised limit or number of visits
    limit: Duration | None = None  # STATUTORY: the statutory limit
    route: Route | None = None  # the route that shows it
    # who states the facts the verdict is built on: the item's own step
    # times (or trips), or those inherited from a named flow template
    basis: Provenance = STATED
    calendar: Conflict | None = None  # CALENDAR: the step whose deadline the window and times rule out

    @property
    def title(self) -> str:
        return _TITLES[self.kind]

    @property
    def holds(self) -> bool | None:
        return {Kept.YES: True, Kept.NO: False, Kept.UNKNOWN: None}[self.kept]

    @property
    def rule(self) -> str | None:
        """Raised by `check` when the promise is not kept."""
        if self.kind in _TIMED:
            if self.kept is Kept.NO:
                return "PL514"
            return "PL520" if self.untimed else "PL515"
        return {Kind.VISITS: "PL516", Kind.INSTANT: "PL517"}.get(self.kind)

    @property
    def untimed(self) -> list[str]:
        """The steps on the route whose time is not stated (TIME only)."""
        if self.kind not in _TIMED or self.route is None or not self.route.span.unknown:
            return []
        return [s.label for s in self.route.steps
                if s.counts and s.duration is not None and s.duration.unit.name == "UNKNOWN"]

    @property
    def trips(self) -> list[str]:
        return [s.label for s in self.route.steps if s.in_person] if self.route else []

    @property
    def detail(self) -> str:
        """In Chinese, for staff (diagnostics and `walk`): the message of
        the rule that checks the promise, or its "kept" wording."""
        r, kept = self.route, self.kept
        if self.kind in _TIMED:
            assert r is not None
            ext = self.kind is Kind.EXTENDED
            if kept is Kept.NO:
                return say("PL514", "extended" if ext else "", span=r.span, promised=self.promised, route=r.text)
            if kept is Kept.UNKNOWN and self.untimed:
                return say("PL520", steps="、".join(f"“{x}”" for x in self.untimed), promised=self.promised, route=r.text)
            if kept is Kept.UNKNOWN:
                return say("PL515", span=r.span, promised=self.promised, route=r.text)
            return say("PL514", "extended-kept" if ext else "kept", span=r.span, promised=self.promised)
        if self.kind is Kind.STATUTORY:
            if kept is Kept.UNKNOWN:
                return say("PL402", "walk", promised=self.promised, statutory=self.limit)
            return say("PL401", "kept" if kept is Kept.YES else "", promised=self.promised, statutory=self.limit)
        if self.kind is Kind.VISITS:
            assert r is not None
            trips = "、".join(self.trips) or "无"
            if kept is Kept.NO:
                return say("PL516", visits=r.visits, trips=trips, promised=self.promised)
            word = _VISIT_WORDS.get(self.promised)  # type: ignore[arg-type]
            if word is None:
                return say("PL516", "kept-count", visits=r.visits, trips=trips, promised=self.promised)
            return say("PL516", "kept", visits=r.visits, trips=trips, promise=word)
        if self.kind is Kind.CALENDAR:
            c = self.calendar
            assert c is not None
            return say("PL523", "walk", step=c.step, deadline=c.deadline, end=c.end, span=c.span, earliest=c.earliest)
        return say("PL517", "kept" if kept is Kept.YES else "")


_VISIT_WORDS = {0: "零跑腿", 1: "最多跑一次"}


@dataclass(frozen=True, slots=True)
class Analysis:
    facts: FlowFacts
    promises: tuple[Promise, ...]  # computed once, read by check, walk and the pages
    root: str = "service"  # where the item writes its promises: service or commitment


def analyse(facts: FlowFacts, item: PowerItem, flow: Flow | None = None) -> Analysis:
    """`flow`: the item's concrete flow, to say who states the step times
    and trips each verdict is built on (without it: the item)."""
    promises = _promises(facts, item)
    if flow is not None:
        promises = [_with_basis(p, flow) for p in promises]
    return Analysis(facts, tuple(promises), item.terms_key)


def _with_basis(p: Promise, flow: Flow) -> Promise:
    """The promise, with who states the facts its verdict rests on: the
    counted step times for a time promise (on its route first: the one a
    reader is shown; else anywhere in the flow), the trips for visits."""
    if p.kind in _TIMED:
        fld = "duration"
        timed = [i for i, s in enumerate(flow.steps) if s.counts and s.duration is not None and s.kind != "end"]
    elif p.kind is Kind.VISITS:
        fld = "in_person"
        timed = [i for i, s in enumerate(flow.steps) if s.in_person]
    else:
        return p
    on_route = {s.id for s in p.route.steps} if p.route is not None else set()
    first = flow.provenance([i for i in timed if flow.steps[i].id in on_route], fld)
    basis = first if first.inherited else flow.provenance(timed, fld)
    return dataclasses.replace(p, basis=basis)


def _promises(f: FlowFacts, item: PowerItem) -> list[Promise]:
    terms = item.terms
    if terms is None or f.worst is None:
        return []
    tl = terms.time_limit
    out = []
    # the base limit holds on the routes that take no extension step
    fit = time_fit(f.base if f.base is not None else f, tl.promised)
    if fit is not None:
        out.append(Promise(Kind.TIME, _KEPT[fit.result], tl.promised, route=fit.route))
    extended = tl.extended_promised
    if f.base is not None and extended is not None:
        fit = time_fit(f, extended)
        assert fit is not None
        out.append(Promise(Kind.EXTENDED, _KEPT[fit.result], extended, route=fit.route))
    if tl.statutory is not None:
        out.append(Promise(Kind.STATUTORY, _KEPT[compare(tl.promised, tl.statutory)], tl.promised, tl.statutory))
    most = f.most_visits
    assert most is not None
    if terms.visits is not None:
        out.append(Promise(Kind.VISITS, Kept.NO if most.visits > terms.visits else Kept.YES, terms.visits, route=most))
    if terms.case_type == "即办件":
        out.append(Promise(Kind.INSTANT, Kept.YES if f.instant else Kept.NO))
    return out


def findings(a: Analysis) -> list[Finding]:
    """Every promise not kept, where in the item it was made."""
    return [Finding(p.rule, (a.root,) + _RULES[p.kind], p.detail)
            for p in a.promises if p.kept is not Kept.YES and p.rule is not None]
