"""The shape of a flow, checked as a networkx graph: one start, an end,
targets that exist, every step reachable and able to finish, labelled
decisions, and no cycle except through declared loop-backs."""

from __future__ import annotations

import difflib
from collections import Counter

import networkx as nx

from ..diagnostics import Diagnostic
from ..rules import say
from .expand import Flow

EXCLUDED_STAGES = ("事后监管", "其他")

# The most a flow may have to be laid out by Graphviz, for the chart and the
# BPMN drawing. Layout cost grows faster than the flow (measured here: 300
# steps 0.35 s, 1,000 steps 3.6 s, 6,000 steps 70 s and 841 MB); a real
# flow has 5 to 40 steps. Above either bound the page shows the steps list
# instead of a chart, and the BPMN drawing is placed step by step in linear
# time (bpmn.place). The PL522 help in rules.py says these numbers.
MAX_DRAWN_STEPS = 200
MAX_DRAWN_EXITS = 400


def exit_count(flow: Flow) -> int:
    return sum(len(s.targets) for s in flow.steps)


def drawable(flow: Flow) -> bool:
    """Whether the flow is small enough for a Graphviz layout."""
    return len(flow.steps) <= MAX_DRAWN_STEPS and exit_count(flow) <= MAX_DRAWN_EXITS


def check_size(flow: Flow) -> list[Diagnostic]:
    """A warning for a flow too large to draw, at the item's `flow.steps`
    (or `flow.use` for a template's flow): it is still published, as a list."""
    if drawable(flow):
        return []
    source = flow.use.source if flow.use is not None else flow.source
    loc = ("flow", "use") if flow.use is not None else flow.base
    return [source.diag("PL522", loc, say("PL522", steps=len(flow.steps), exits=exit_count(flow),
                                           max_steps=MAX_DRAWN_STEPS, max_exits=MAX_DRAWN_EXITS), key=True)]


def graph(flow: Flow, with_loops: bool = True) -> nx.DiGraph:
    g = nx.DiGraph()
    for step in flow.steps:
        g.add_node(step.id)
    for step in flow.steps:
        for e in step.targets:
            if e.to in flow.by_id and (with_loops or not e.loop):
                g.add_edge(step.id, e.to, label=e.label, loop=e.loop)
    return g


def check_shape(flow: Flow) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    counts = Counter(s.id for s in flow.steps)
    seen: set[str] = set()
    for i, s in enumerate(flow.steps):
        if counts[s.id] > 1 and s.id in seen:
            out.append(flow.diag("PL504", i, "id", say("PL504", step=s.id)))
        seen.add(s.id)

    starts = [i for i, s in enumerate(flow.steps) if s.kind == "start"]
    ends = [s for s in flow.steps if s.kind == "end"]
    if not starts:
        out.append(flow.diag("PL501", 0, None, say("PL501")))
    for i in starts[1:]:
        s = flow.steps[i]
        out.append(flow.diag("PL501", i, "kind", say("PL501", "many", first=flow.steps[starts[0]].id, step=s.id)))
    if not ends:
        out.append(flow.diag("PL502", len(flow.steps) - 1, None, say("PL502")))

    for i, s in enumerate(flow.steps):
        exits = s.targets
        for j, e in enumerate(exits):
            if e.to not in flow.by_id:
                fld = "next" if s.next is not None else "exits"
                o = flow.origin(i, fld)
                loc = o.loc + ((j, "to") if fld == "exits" else ())
                out.append(o.source.diag("PL503", loc, say("PL503", step=s.id, target=e.to)))
        if s.kind == "decision":
            labels = [e.label for e in exits]
            if len(exits) < 2:
                out.append(flow.diag("PL507", i, "exits", say("PL507", "few", label=s.label, count=len(exits)), key=True))
            elif any(not lb for lb in labels):
                out.append(flow.diag("PL507", i, "exits", say("PL507", "unlabelled", label=s.label), key=True))
            elif len(set(labels)) != len(labels):
                out.append(flow.diag("PL507", i, "exits", say("PL507", "same", label=s.label), key=True))
        elif s.kind == "end":
            if exits:
                out.append(flow.diag("PL508", i, "next" if s.next else "exits", say("PL508", "end", label=s.label), key=True))
        elif len(exits) != 1:
            message = say("PL508", "start" if s.kind == "start" else "", label=s.label, count=len(exits))
            out.append(flow.diag("PL508", i, "exits" if exits else None, message, key=True))
    if out:  # the graph questions below assume a well-formed graph
        return out

    g = graph(flow)
    start = flow.steps[starts[0]].id
    reachable = nx.descendants(g, start) | {start}
    for i, s in enumerate(flow.steps):
        if s.id not in reachable:
            out.append(flow.diag("PL505", i, None, say("PL505", label=s.label, step=s.id)))
    finishing = set()
    for end in ends:
        finishing |= nx.ancestors(g, end.id) | {end.id}
    for i, s in enumerate(flow.steps):
        if s.id in reachable and s.id not in finishing:
            out.append(flow.diag("PL506", i, None, say("PL506", label=s.label, step=s.id)))

    forward = graph(flow, with_loops=False)
    cycle = None
    if not nx.is_directed_acyclic_graph(forward):  # one linear pass; a cycle is looked for only when there is one
        try:
            cycle = nx.find_cycle(forward, source=start)
        except nx.NetworkXNoCycle:
            cycle = nx.find_cycle(forward)
    if cycle:
        a, b = cycle[-1][0], cycle[-1][1]
        names = " → ".join(flow.by_id[u].label for u, _ in cycle) + f" → {flow.by_id[cycle[0][0]].label}"
        step = flow.by_id[a]
        fld = "next" if step.next is not None else "exits"
        o = flow.origin(flow.index[a], fld)
        j = next(i for i, e in enumerate(step.targets) if e.to == b)
        loc = o.loc + ((j, "to") if fld == "exits" else ())
        out.append(o.source.diag("PL509", loc, say("PL509", cycle=names)))
    return out


def check_lanes(flow: Flow, lanes: set[str], body: tuple[str, str] | None = None) -> list[Diagnostic]:
    """Every step's lane among `lanes`: the site's, or those of `body` (its
    name and its _body.yaml) when the body lists lanes of its own."""
    if not lanes:
        return []
    out = []
    for i, s in enumerate(flow.steps):
        if s.lane is not None and s.lane not in lanes:
            near = difflib.get_close_matches(s.lane, sorted(lanes), n=1, cutoff=0.4)
            where = {"body": body[0], "file": body[1]} if body else {}
            if near:
                message = say("PL510", "body-near" if body else "near", lane=s.lane, near=near[0], **where)
            else:
                message = say("PL510", "body" if body else "", lane=s.lane, lanes="、".join(sorted(lanes)), **where)
            out.append(flow.diag("PL510", i, "lane", message))
    return out


def missing_stages(flow: Flow, stages: list[str]) -> list[tuple[int, str]]:
    """Responsibility stages (by index) that no step carries out."""
    carried = {st for s in flow.steps for st in s.stages}
    out = []
    for i, stage in enumerate(stages):
        if stage in EXCLUDED_STAGES or stage in carried:
            continue
        parts = [p for p in _split(stage) if p]
        if parts and all(p in carried for p in parts):
            continue
        out.append((i, stage))
    return out


def _split(stage: str) -> list[str]:
    for sep in ("和", "与", "及", "、", "/"):
        stage = stage.replace(sep, " ")
    return stage.split()
