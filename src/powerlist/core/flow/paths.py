"""The routes of a flow, measured exactly and in linear time: the longest
(in days, in working days, in calendar days), the one with the most
visits, whether one is instant, how many there are, and each of them
lazily for listing.

No path is ever enumerated behind a verdict. A flow is a DAG of forward
exits plus declared loop-backs (补正, 退回修改). It is unrolled once: layer 0
is the flow before any return, layer 1 the flow after one return, and a
loop-back leads from layer 0 to layer 1 (a path returns at most once, as a
一次性告知 requires). Every question is then a longest- or shortest-path
problem on that DAG, solved by dynamic programming in topological order:
O(steps + exits) per flow, whatever the number of paths.

>>> from powerlist.core.flow.model import Step
>>> from powerlist.core.flow.expand import Flow
>>> steps = [Step(id="s", kind="start", label="申请", next="a"),
...          Step(id="a", label="审查", duration="3 个工作日", next="e"),
...          Step(id="e", kind="end", label="办结")]
>>> facts = flow_facts(Flow(steps, None, ()))
>>> str(facts.worst.span), facts.count
('3 个工作日', 1)
"""

from __future__ import annotations

import dataclasses
import graphlib
from dataclasses import dataclass
from typing import Callable, Iterator

from ..durations import Duration, Span, Unit
from .expand import Flow
from .model import Step

# One hop of a route: (step id, label of the exit that led here, whether
# that exit was a loop-back), from the start step to an end step.
Hop = tuple[str, str | None, bool]
Hops = tuple[Hop, ...]

LAYERS = 2  # before and after the one return a path may take


@dataclass(frozen=True, slots=True)
class Route:
    """A start→end route with what it costs the applicant."""

    hops: Hops
    steps: tuple[Step, ...]
    span: Span
    visits: int

    @property
    def outcome(self) -> str:
        last = self.steps[-1]
        return last.outcome or last.label

    @property
    def text(self) -> str:
        return " → ".join(s.label for s in self.steps)


def measure(flow: Flow, hops: Hops) -> Route:
    steps = tuple(flow.by_id[sid] for sid, _, _ in hops)
    workdays = days = same_day = visits = unknown = 0
    for s in steps:
        w, d, same = _time(s)
        workdays, days, same_day = workdays + w, days + d, same_day | same
        visits += s.in_person
        unknown += _untimed(s)
    return Route(hops, steps, Span(workdays, days, bool(same_day), unknown), visits)


# --- the unrolled graph ---------------------------------------------------------

@dataclass(slots=True)
class Unrolled:
    """The flow unrolled once, as integer nodes `layer * n + index`, only
    the nodes that lie on some start→end route. `order` is topological."""

    flow: Flow
    n: int
    order: list[int]
    succ: dict[int, list[tuple[int, str | None, bool]]]
    pred: dict[int, list[tuple[int, str | None, bool]]]
    start: int | None
    ends: set[int]

    def step(self, node: int) -> Step:
        return self.flow.steps[node % self.n]


def unroll(flow: Flow, avoid: frozenset[int] = frozenset()) -> Unrolled:
    """Assumes a well-shaped flow (see flow.shape.check_shape): one start,
    targets that exist, forward exits without a cycle. Routes through the
    steps numbered in `avoid` are left out."""
    n = len(flow.steps)
    order_of: graphlib.TopologicalSorter[int] = graphlib.TopologicalSorter()
    for i, s in enumerate(flow.steps):
        order_of.add(i, *(flow.index[e.to] for e in s.targets if not e.loop))
    topo = list(order_of.static_order())[::-1]  # deterministic: steps are added in file order
    succ: dict[int, list[tuple[int, str | None, bool]]] = {}
    for layer in range(LAYERS):
        for i, s in enumerate(flow.steps):
            out = succ[layer * n + i] = []
            for e in s.targets:
                j = flow.index[e.to]
                if not e.loop:
                    out.append((layer * n + j, e.label, False))
                elif layer + 1 < LAYERS:
                    out.append(((layer + 1) * n + j, e.label, True))
    order = [layer * n + i for layer in range(LAYERS) for i in topo]
    start_step = flow.start
    start = flow.index[start_step.id] if start_step is not None else None
    ends = {layer * n + i for layer in range(LAYERS) for i, s in enumerate(flow.steps) if s.kind == "end"}
    # keep only what lies between the start and an end
    live = set()
    if start is not None:
        seen = {start} if start not in avoid else set()
        for v in order:
            if v in seen:
                seen.update(w for w, _, _ in succ[v] if w % n not in avoid)
        finishing = {v for v in ends if v % n not in avoid}
        for v in reversed(order):
            if v % n not in avoid and any(w in finishing for w, _, _ in succ[v]):
                finishing.add(v)
        live = seen & finishing
    order = [v for v in order if v in live]
    succ = {v: [t for t in succ[v] if t[0] in live] for v in order}
    pred: dict[int, list[tuple[int, str | None, bool]]] = {v: [] for v in order}
    for v in order:
        for w, label, loop in succ[v]:
            pred[w].append((v, label, loop))
    return Unrolled(flow, n, order, succ, pred, start if start in live else None, ends & live)


# --- dynamic programming over it ------------------------------------------------

Key = tuple[int, ...]


def _best(u: Unrolled, weights: list[Key], better: Callable[[Key, Key], bool]) -> tuple[Key, Hops] | None:
    """The extreme route by an additive key (compared with `better`, a total
    order compatible with addition, such as lexicographic > or <).
    `weights[i]` is the key of step i."""
    if u.start is None or not u.ends:
        return None
    n = u.n
    val: dict[int, Key] = {}
    via: dict[int, tuple[int, str | None, bool] | None] = {u.start: None}
    for v in u.order:
        if v == u.start:
            val[v] = weights[v % n]
            continue
        best = None
        top: Key | None = None
        for edge in u.pred[v]:
            got = val.get(edge[0])
            if got is not None and (top is None or better(got, top)):
                best, top = edge, got
        if top is not None:
            val[v] = tuple(a + b for a, b in zip(top, weights[v % n]))
            via[v] = best
    end = None
    for v in u.order:  # in topological order: ties go to the first end
        if v in u.ends and v in val and (end is None or better(val[v], val[end])):
            end = v
    if end is None:
        return None
    hops: list[Hop] = []
    node: int | None = end
    while node is not None:
        back = via[node]
        hops.append((u.step(node).id, back[1] if back else None, back[2] if back else False))
        node = back[0] if back else None
    hops.reverse()
    return val[end], tuple(hops)


def _gt(a: Key, b: Key) -> bool:
    return a > b


def _lt(a: Key, b: Key) -> bool:
    return a < b


def _time(s: Step) -> tuple[int, int, int]:
    """(working days, calendar days, a 当天 step) that count toward the limit."""
    d = s.duration
    if not s.counts or d is None:
        return 0, 0, 0
    if d.unit is Unit.WORKDAY:
        return d.amount, 0, 0
    if d.unit is Unit.DAY:
        return 0, d.amount, 0
    return 0, 0, int(d.unit is Unit.SAME_DAY)


def _untimed(s: Step) -> int:
    """1 for a step that counts toward the limit and whose time is not stated."""
    return int(s.counts and s.duration is not None and s.duration.unit is Unit.UNKNOWN)


def count_routes(u: Unrolled) -> int:
    """How many start→end routes there are (an exact, possibly huge, integer)."""
    if u.start is None:
        return 0
    ways = dict.fromkeys(u.order, 0)
    ways[u.start] = 1
    for v in u.order:
        for w, _, _ in u.succ[v]:
            ways[w] += ways[v]
    return sum(ways[v] for v in u.ends)


def iter_routes(u: Unrolled) -> Iterator[Hops]:
    """Every route, lazily: those without a return first, each found in
    O(its length) since every node kept lies on a route. Memory is one
    route plus one iterator per step of it."""
    if u.start is None:
        return
    n = u.n
    for returns in range(LAYERS):
        # nodes from which an end in the wanted layer is reachable
        ok = {v for v in u.ends if v // n == returns}
        for v in reversed(u.order):
            if v // n <= returns and any(w in ok for w, _, _ in u.succ[v]):
                ok.add(v)
        if u.start not in ok:
            continue
        succ = {v: [t for t in u.succ[v] if t[0] in ok] for v in ok}
        hops: list[Hop] = [(u.step(u.start).id, None, False)]
        stack = [iter(succ[u.start])]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                hops.pop()
                continue
            w, label, loop = nxt
            hops.append((u.step(w).id, label, loop))
            if w in u.ends and w // n == returns:
                yield tuple(hops)
                hops.pop()
            else:
                stack.append(iter(succ[w]))


# --- facts of a flow, verdicts of an item ---------------------------------------

@dataclass(frozen=True, slots=True)
class FlowFacts:
    """What a flow alone says, shared by every item that uses it alike."""

    worst: Route | None  # the longest: most days in all, then most working days
    most_workdays: Route | None
    most_days: Route | None
    most_visits: Route | None
    instant: bool  # some route takes no time at all
    count: int  # how many routes there are
    untimed: Route | None = None  # a route through the most steps whose time is not stated, if any
    # the same facts of the routes that take no step marked `extension` (the
    # ones the base limit applies to); None when the flow has no such step
    base: "FlowFacts | None" = None

    @property
    def extension_steps(self) -> bool:
        return self.base is not None


def flow_facts(flow: Flow) -> FlowFacts:
    """The facts of every route; with steps marked `extension` (taken only
    after an approved extension), also those of the routes avoiding them."""
    avoid = frozenset(i for i, s in enumerate(flow.steps) if s.extension)
    facts = _facts(flow, unroll(flow))
    if not avoid:
        return facts
    return dataclasses.replace(facts, base=_facts(flow, unroll(flow, avoid)))


def _facts(flow: Flow, u: Unrolled) -> FlowFacts:
    times = [_time(s) for s in flow.steps]

    def route(weights: list[Key]) -> Route | None:
        found = _best(u, weights, _gt)
        return measure(flow, found[1]) if found else None

    total: list[Key] = [(w + d, w, same) for w, d, same in times]
    unknown = [_untimed(s) for s in flow.steps]
    fastest = _best(u, [(w + d + same + k,) for (w, d, same), k in zip(times, unknown)], _lt)
    untimed = route([(k, *t) for k, t in zip(unknown, total)]) if any(unknown) else None
    return FlowFacts(
        worst=route(total),
        most_workdays=route([(w, w + d) for w, d, _ in times]),
        most_days=route([(d, w + d) for w, d, _ in times]),
        most_visits=route([(int(s.in_person), *t) for s, t in zip(flow.steps, total)]),
        instant=fastest is not None and fastest[0] == (0,),
        count=count_routes(u),
        untimed=untimed if untimed is not None and untimed.span.unknown else None,
    )


@dataclass(frozen=True, slots=True)
class Fit:
    """Whether every route fits a limit: 'ok', 'over' or 'unknown' (mixed
    units leave it open), with the route that shows it."""

    result: str
    route: Route


def time_fit(f: FlowFacts, limit: Duration) -> Fit | None:
    """Exactly what checking `durations.fits` on every route would say,
    except that a calendar-day limit over a flow that mixes working and
    calendar days on different routes may say 'unknown' where every route
    fits (the bound is then not tight): never 'ok' when a route does not.
    A route through a step whose time is not stated makes it 'untimed',
    unless the stated times alone are already over."""
    known = _known_fit(f, limit)
    if f.untimed is None or known is None or known.result == "over":
        return known
    return Fit("untimed", f.untimed)


def _known_fit(f: FlowFacts, limit: Duration) -> Fit | None:
    worst = f.worst
    if worst is None:
        return None
    span = worst.span
    total = span.workdays + span.days
    if limit.unit is Unit.INSTANT:  # steps whose time is not stated are left to time_fit
        return Fit("ok" if total == 0 and not span.same_day else "over", worst)
    if limit.unit is Unit.SAME_DAY:
        return Fit("ok" if total == 0 else "over", worst)
    if limit.unit is Unit.WORKDAY:
        if total <= limit.amount:
            return Fit("ok", worst)
        assert f.most_workdays is not None
        if f.most_workdays.span.workdays > limit.amount:
            return Fit("over", f.most_workdays)
        if total > limit.calendar_bounds()[1]:
            return Fit("over", worst)
        return Fit("unknown", worst)
    if total > limit.amount:  # calendar days: some route surely ends late
        return Fit("over", worst)
    assert f.most_workdays is not None and f.most_days is not None
    bound = Span(f.most_workdays.span.workdays, f.most_days.span.days).calendar_bounds()[1]
    if bound <= limit.amount:
        return Fit("ok", worst)
    return Fit("unknown", f.most_workdays if f.most_workdays.span.workdays else worst)
