"""An item's flow as BPMN 2.0 XML with a drawing (BPMN DI), for process
tools: bpmn.io, Camunda Modeler, SpiffWorkflow.

The flow maps one to one: the start step is the startEvent, a task a
task, a decision an exclusiveGateway whose outgoing sequence flows carry
the exits' labels, every end step an endEvent (one per outcome), and a
declared loop-back a sequence flow back. The steps' posts (岗位) become the
lanes of one pool. A step that several flows lead to is entered through a
joining exclusiveGateway, so that no task joins implicitly and no gateway
both joins and forks (what bpmnlint's recommended rules ask).

Times stay what the data says: each step's time limit, whether it counts
toward the promised limit (a clock pause when not) and whether the
applicant must come, in a `<documentation>` for people and a `pl:step`
extension element for programs; a time not stated is said so, never 0.

A decision's flows are conditional on a process variable of its own,
`choice_<step id>` (`-` written `_`), which names the sequence flow taken
(`choice_check == "Flow_check_1"`): the answer a form gives to the
decision's question, with the flow ids as the form's values and the exits'
labels as their words (`<pl:step variable=…>`, `<pl:exit value=…>`). An
engine such as SpiffWorkflow runs the process in its standard loop with
the answers supplied as data, each decision reading its own. No text from
the data is ever part of an expression.

Every node is in the lane it is drawn in: a step of a post in that post's
lane, and an end, a join or a step without a post in the lane the drawing
places it in (the node's neighbour's).

The drawing is placed on a grid in time linear in the flow (`place`), as
bpmn.io's own auto-layout does, whatever the flow's size: from left to
right a column per step of the longest forward path, each lane a band
across the pool, flows as right-angled elbows. (It was laid out by
Graphviz once: a second layout of every flow beside the chart's, the
largest cost of a site build, for a drawing no easier to read.) The same
flow gives the same bytes.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from ..core.records import Entry
from .textfit import char_width as _width, wrap
from ..core.durations import Duration, Unit
from ..core.flow.expand import Flow
from ..core.flow.model import Step

__all__ = ["document", "place", "step_element_id", "NS"]

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "pl": "urn:powerlist:bpmn:1",  # the extension elements: see README.md, Standards
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)
EXPRESSION_LANGUAGE = "https://docs.python.org/3/reference/expressions.html"
CHOICE = "choice"  # the prefix of the process variable each decision's conditions read


def decision_variables(steps) -> dict[str, str]:
    """Each decision step's process variable, by step id: `choice_` and the
    id with `-` as `_` (a Python name, never a keyword), made unique."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for s in steps:
        if s.kind != "decision":
            continue
        name = base = f"{CHOICE}_{s.id.replace('-', '_')}"
        n = 2
        while name in taken:
            name, n = f"{base}_{n}", n + 1
        taken.add(name)
        out[s.id] = name
    return out

UNIT_NAMES = {Unit.INSTANT: "instant", Unit.SAME_DAY: "same-day", Unit.WORKDAY: "workday", Unit.DAY: "day",
              Unit.UNKNOWN: "unknown"}
_KINDS = {"start": "startEvent", "task": "task", "decision": "exclusiveGateway", "end": "endEvent"}

# sizes in points, which the drawing uses as BPMN's pixels: BPMN's usual ones
EVENT, GATEWAY, TASK_W, TASK_H = 36.0, 50.0, 100.0, 80.0
POOL_HEADER, MARGIN, LABEL_FONT = 30.0, 20.0, 12


def _q(prefix: str, tag: str) -> str:
    return f"{{{NS[prefix]}}}{tag}"


def _sub(parent: ET.Element, prefix: str, tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, _q(prefix, tag), attrs or {})
    if text is not None:
        el.text = text  # ElementTree escapes it: data is always text, never markup
    return el


def step_element_id(step_id: str) -> str:
    """The BPMN element of a step (step ids are NCNames already)."""
    return f"Step_{step_id}"


def _join_id(step_id: str) -> str:
    return f"Join_{step_id}"


def _flow_id(step_id: str, j: int) -> str:
    return f"Flow_{step_id}_{j}"


def _join_flow_id(step_id: str) -> str:
    return f"JoinFlow_{step_id}"


# --- the process as a graph of BPMN elements ------------------------------------

@dataclass(frozen=True, slots=True)
class Edge:
    id: str
    source: str  # element ids
    target: str
    label: str | None  # shown: the exit's label out of a decision
    loop: bool
    note: str | None  # an exit's label that is not a decision's (a loop-back's, say): documentation


@dataclass(frozen=True, slots=True)
class Graph:
    """The elements of one flow: nodes (element id → its step; None for
    a join, and for the start event of a flow that returns to its first
    step), their BPMN kinds and names, edges, and each element's lane
    (index into `lanes`) as data gives it and as the drawing places it."""

    nodes: dict[str, Step | None]
    kinds: dict[str, str]  # element id → BPMN element (startEvent, task, exclusiveGateway, endEvent)
    names: dict[str, str]  # none for a join
    edges: tuple[Edge, ...]
    lanes: tuple[str, ...]
    lane_of: dict[str, int]  # only what the data says
    placed: dict[str, int]  # every node, for the drawing


def _graph(flow: Flow) -> Graph:
    incoming: dict[str, int] = {}
    for s in flow.steps:
        for t in s.targets:
            incoming[t.to] = incoming.get(t.to, 0) + 1
    start = flow.start
    assert start is not None
    reentered = start.id in incoming  # a flow back to the first step: a start event cannot be entered
    if reentered:
        incoming[start.id] += 1
    joined = {sid for sid, n in incoming.items() if n > 1}
    nodes: dict[str, Step | None] = {}
    kinds: dict[str, str] = {}
    names: dict[str, str] = {}
    edges: list[Edge] = []
    if reentered:
        first = f"Start_{start.id}"
        nodes[first], kinds[first], names[first] = None, "startEvent", _name(start)
        edges.append(Edge(f"StartFlow_{start.id}", first, _join_id(start.id), None, False, None))
    for s in flow.steps:
        if s.id in joined:
            nodes[_join_id(s.id)], kinds[_join_id(s.id)] = None, "exclusiveGateway"
            edges.append(Edge(_join_flow_id(s.id), _join_id(s.id), step_element_id(s.id), None, False, None))
        n = step_element_id(s.id)
        nodes[n], kinds[n], names[n] = s, "task" if reentered and s is start else _KINDS[s.kind], _name(s)
    for s in flow.steps:
        fork = s.kind == "decision"
        for j, t in enumerate(s.targets):
            target = _join_id(t.to) if t.to in joined else step_element_id(t.to)
            edges.append(Edge(_flow_id(s.id, j), step_element_id(s.id), target, t.label if fork else None, t.loop,
                              None if fork else t.label))
    lanes = tuple(dict.fromkeys(s.lane for s in flow.steps if s.lane))
    index = {name: i for i, name in enumerate(lanes)}
    lane_of = {step_element_id(s.id): index[s.lane] for s in flow.steps if s.lane}
    placed = dict(lane_of)
    if lanes:  # a node without a post is drawn in the lane of the node before it (or after it)
        before: dict[str, list[str]] = {}
        after: dict[str, list[str]] = {}
        for e in edges:
            if not e.loop:
                before.setdefault(e.target, []).append(e.source)
                after.setdefault(e.source, []).append(e.target)
        for _ in range(2):
            for n in nodes:
                if n not in placed:
                    near = [placed[m] for m in before.get(n, []) + after.get(n, []) if m in placed]
                    if near:
                        placed[n] = near[0]
        for n in nodes:
            placed.setdefault(n, 0)
    return Graph(nodes, kinds, names, tuple(edges), lanes, lane_of, placed)


# --- the drawing ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True, slots=True)
class Drawing:
    pool: Box
    lanes: tuple[Box, ...]
    shapes: dict[str, Box]
    labels: dict[str, Box]  # external labels: of events, gateways and sequence flows
    waypoints: dict[str, tuple[tuple[float, float], ...]]


def _name(step: Step) -> str:
    if step.kind == "end" and step.outcome and step.outcome not in step.label:
        return f"{step.label}：{step.outcome}"
    return step.label


def _text_box(text: str, cx: float, cy: float, width: float) -> Box:
    """Where an external label of `text` centred at (cx, cy) goes, wrapped as drawn."""
    rows = wrap(text, width)
    w = max(sum(_width(c) for c in r) for r in rows) * LABEL_FONT + 4
    h = len(rows) * LABEL_FONT * 1.25 + 2
    return Box(round(cx - w / 2, 1), round(cy - h / 2, 1), round(w, 1), round(h, 1))


COLUMN, ROW = TASK_W + 60.0, TASK_H + 50.0  # the grid of `place`


def place(g: Graph) -> Drawing:
    """The drawing, in time linear in the flow (a grid, as bpmn.io's own
    auto-layout makes): each element in the column of its longest path from
    the start (forward flows only, in topological order), in its lane's
    band, stacked in rows where a column holds several; sequence flows as
    elbows from the right side of their source to the left side of their
    target, turning in the gap between columns; a flow back runs along the
    bottom of its lane's band, below every element in it."""
    ins = {n: 0 for n in g.nodes}
    outs: dict[str, list[str]] = {}
    for e in g.edges:
        if not e.loop:
            ins[e.target] += 1
            outs.setdefault(e.source, []).append(e.target)
    column = {n: 0 for n in g.nodes}
    ready = [n for n, k in ins.items() if k == 0]
    while ready:  # Kahn's order: the forward flows form a DAG (PL509)
        n = ready.pop()
        for m in outs.get(n, []):
            column[m] = max(column[m], column[n] + 1)
            ins[m] -= 1
            if ins[m] == 0:
                ready.append(m)
    lanes = max(len(g.lanes), 1)
    row: dict[str, int] = {}
    used: dict[tuple[int, int], int] = {}
    rows = [1] * lanes
    for n in g.nodes:  # file order within a cell
        cell = (column[n], g.placed.get(n, 0))
        row[n] = used.get(cell, 0)
        used[cell] = row[n] + 1
        rows[cell[1]] = max(rows[cell[1]], used[cell])
    tops = [0.0] * lanes
    for i in range(1, lanes):
        tops[i] = tops[i - 1] + rows[i - 1] * ROW
    width = POOL_HEADER + 2 * MARGIN + (max(column.values(), default=0) + 1) * COLUMN
    pool = Box(0.0, 0.0, round(width, 1), round(tops[-1] + rows[-1] * ROW, 1))
    bands = tuple(Box(POOL_HEADER, tops[i], round(width - POOL_HEADER, 1), rows[i] * ROW)
                  for i in range(len(g.lanes)))
    shapes: dict[str, Box] = {}
    labels: dict[str, Box] = {}
    for n, kind in g.kinds.items():
        w = h = GATEWAY if kind == "exclusiveGateway" else EVENT
        if kind == "task":
            w, h = TASK_W, TASK_H
        cx = POOL_HEADER + MARGIN + column[n] * COLUMN + COLUMN / 2
        cy = tops[g.placed.get(n, 0)] + row[n] * ROW + ROW / 2
        shapes[n] = Box(round(cx - w / 2, 1), round(cy - h / 2, 1), w, h)
        if kind != "task" and n in g.names:
            labels[n] = _text_box(g.names[n], cx, cy + h / 2 + LABEL_FONT, 8)
    waypoints: dict[str, tuple[tuple[float, float], ...]] = {}
    for e in g.edges:
        s, t = shapes[e.source], shapes[e.target]
        sy, ty = round(s.y + s.h / 2, 1), round(t.y + t.h / 2, 1)
        route: tuple[tuple[float, float], ...]
        if e.loop or t.x <= s.x:  # back, along the bottom of the lower one's band: under every element of both
            lane = max(g.placed.get(e.source, 0), g.placed.get(e.target, 0)) if g.lanes else 0
            bottom = tops[lane] + rows[lane] * ROW if g.lanes else pool.h
            below = round(max(s.y + s.h, t.y + t.h, bottom - 12), 1)
            sx, tx = round(s.x + s.w / 2, 1), round(t.x + t.w / 2, 1)
            route = ((sx, round(s.y + s.h, 1)), (sx, below), (tx, below), (tx, round(t.y + t.h, 1)))
        else:
            sx, tx = round(s.x + s.w, 1), t.x
            mid = round(tx - 20, 1)
            route = ((sx, sy), (tx, ty)) if sy == ty else ((sx, sy), (mid, sy), (mid, ty), (tx, ty))
        waypoints[e.id] = route
        if e.label:
            (x0, y0), (x1, _) = route[0], route[1]
            labels[e.id] = _text_box(e.label, (x0 + x1) / 2, y0 - LABEL_FONT, 6)
    return Drawing(pool, bands, shapes, labels, waypoints)


# --- the document -----------------------------------------------------------------

@functools.lru_cache(maxsize=8192)  # a drawing repeats its coordinates: a grid, equal sizes
def _num(v: float) -> str:
    text = f"{v:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _bounds(parent: ET.Element, b: Box) -> None:
    _sub(parent, "dc", "Bounds", {"x": _num(b.x), "y": _num(b.y), "width": _num(b.w), "height": _num(b.h)})


def _duration_attrs(prefix: str, d: Duration | None) -> dict[str, str]:
    """A time as written, with its unit and amount for programs; none
    stated, none given."""
    if d is None:
        return {}
    out = {prefix: str(d), f"{prefix}Unit": UNIT_NAMES[d.unit]}
    if d.unit in (Unit.WORKDAY, Unit.DAY):
        out[f"{prefix}Amount"] = str(d.amount)
    return out


def _step_words(step: Step) -> str:
    """The step's facts in words, as the item page lists them."""
    facts = []
    if step.lane:
        facts.append(f"岗位：{step.lane}")
    if step.duration is not None:
        facts.append(f"时限：{step.duration}")
    elif step.kind in ("task", "decision"):
        facts.append("时限：即办")
    if not step.counts:
        facts.append("不计入办结时限")
    if step.in_person:
        facts.append("申请人须到现场")
    if step.stages:
        facts.append(f"责任环节：{'、'.join(step.stages)}")
    if step.extension:
        facts.append("经批准延长期限后")
    if step.deadline:
        facts.append(f"每年 {step.deadline} 前")
    if step.outcome:
        facts.append(f"办理结果：{step.outcome}")
    if step.note:
        facts.append(f"说明：{step.note}")
    return "；".join(facts)


def document(e: Entry) -> bytes:
    """The item's flow as a BPMN 2.0 file (UTF-8 XML)."""
    assert e.flow is not None
    g = _graph(e.flow)
    d = place(g)
    it = e.item
    terms = it.terms  # the guide's promises, or a commitment made without a guide
    pid, cid, part = f"Process_{e.id}", f"Collaboration_{e.id}", f"Participant_{e.id}"
    root = ET.Element(_q("bpmn", "definitions"), {
        "id": f"Definitions_{e.id}", "targetNamespace": f"urn:powerlist:item:{e.id}",
        "expressionLanguage": EXPRESSION_LANGUAGE, "exporter": "powerlist", "exporterVersion": "1",
    })
    collab = _sub(root, "bpmn", "collaboration", {"id": cid})
    _sub(collab, "bpmn", "participant", {"id": part, "name": it.name, "processRef": pid})
    process = _sub(root, "bpmn", "process", {"id": pid, "name": it.name, "isExecutable": "true"})
    facts = [f"权力类型：{e.type_name}"] + ([f"事项编码：{it.code}"] if it.code else [])
    item_attrs = {"id": e.id, "type": e.type_name, **({"code": it.code} if it.code else {})}
    if terms is not None:
        tl = terms.time_limit
        facts.append(f"承诺办结时限：{tl.promised}")
        if tl.statutory is not None:
            facts.append(f"法定办结时限：{tl.statutory}")
        if tl.extended_promised is not None:
            facts.append(f"经批准延长后的承诺时限：{tl.extended_promised}")
            item_attrs.update(_duration_attrs("extended", tl.extended_promised))
        item_attrs.update(_duration_attrs("promised", tl.promised))
        item_attrs.update(_duration_attrs("statutory", tl.statutory))
        if terms.visits is not None:
            facts.append(f"到办事现场次数：{terms.visits}")
            item_attrs["visits"] = str(terms.visits)
    _sub(process, "bpmn", "documentation", text="；".join(facts))
    ext = _sub(process, "bpmn", "extensionElements")
    _sub(ext, "pl", "item", item_attrs)
    if g.lanes:
        lane_set = _sub(process, "bpmn", "laneSet", {"id": f"LaneSet_{e.id}"})
        members: dict[int, list[str]] = {}
        for n in g.nodes:  # every node in the lane it is drawn in (the data's lane, where it gives one)
            members.setdefault(g.placed[n], []).append(n)
        for i, name in enumerate(g.lanes):
            lane = _sub(lane_set, "bpmn", "lane", {"id": f"Lane_{i + 1}", "name": name})
            for n in members.get(i, []):
                _sub(lane, "bpmn", "flowNodeRef", text=n)
    ins: dict[str, list[str]] = {}
    outs: dict[str, list[str]] = {}
    for edge in g.edges:
        outs.setdefault(edge.source, []).append(edge.id)
        ins.setdefault(edge.target, []).append(edge.id)
    variables = decision_variables(e.flow.steps)
    for n, step in g.nodes.items():
        kind = g.kinds[n]
        attrs = {"id": n, **({"name": g.names[n]} if n in g.names else {})}
        if kind == "exclusiveGateway":
            attrs["gatewayDirection"] = "Diverging" if step is not None else "Converging"
        el = _sub(process, "bpmn", kind, attrs)
        if step is not None:
            _sub(el, "bpmn", "documentation", text=_step_words(step) or None)
            step_attrs = {"id": step.id, "kind": step.kind, **({"lane": step.lane} if step.lane else {}),
                          **_duration_attrs("duration", step.duration), "counts": _bool(step.counts),
                          "inPerson": _bool(step.in_person), **({"stage": "、".join(step.stages)} if step.stages else {}),
                          **({"extension": "true"} if step.extension else {}),
                          **({"deadline": step.deadline} if step.deadline else {}),
                          **({"outcome": step.outcome} if step.outcome else {}),
                          **({"variable": variables[step.id]} if step.id in variables else {})}
            _sub(_sub(el, "bpmn", "extensionElements"), "pl", "step", step_attrs)
        for f in ins.get(n, []):
            _sub(el, "bpmn", "incoming", text=f)
        for f in outs.get(n, []):
            _sub(el, "bpmn", "outgoing", text=f)
    for edge in g.edges:
        attrs = {"id": edge.id, **({"name": edge.label} if edge.label else {}), "sourceRef": edge.source,
                 "targetRef": edge.target}
        el = _sub(process, "bpmn", "sequenceFlow", attrs)
        if edge.note:
            _sub(el, "bpmn", "documentation", text=edge.note)
        exit_attrs = {**({"loop": "true"} if edge.loop else {}), **({"value": edge.id} if edge.label is not None else {})}
        if exit_attrs:
            _sub(_sub(el, "bpmn", "extensionElements"), "pl", "exit", exit_attrs)
        if edge.label is not None:
            expr = _sub(el, "bpmn", "conditionExpression", {_q("xsi", "type"): "bpmn:tFormalExpression"})
            decision = g.nodes[edge.source]
            assert decision is not None  # a labelled flow leaves a decision: a step, never a join
            variable = variables[decision.id]
            expr.text = f"{variable} == {json.dumps(edge.id)}"  # ids only: nothing from the text is evaluated
    _diagram(root, e.id, cid, part, g, d)
    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode")  # (to text, then bytes: several times faster)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")


def _bool(v: bool) -> str:
    return "true" if v else "false"


def _diagram(root: ET.Element, ident: str, cid: str, part: str, g: Graph, d: Drawing) -> None:
    diagram = _sub(root, "bpmndi", "BPMNDiagram", {"id": f"Diagram_{ident}"})
    plane = _sub(diagram, "bpmndi", "BPMNPlane", {"id": f"Plane_{ident}", "bpmnElement": cid})
    _bounds(_sub(plane, "bpmndi", "BPMNShape", {"id": f"{part}_di", "bpmnElement": part, "isHorizontal": "true"}), d.pool)
    for i, box in enumerate(d.lanes):
        lane = f"Lane_{i + 1}"
        _bounds(_sub(plane, "bpmndi", "BPMNShape", {"id": f"{lane}_di", "bpmnElement": lane, "isHorizontal": "true"}), box)
    for n in g.nodes:
        shape = _sub(plane, "bpmndi", "BPMNShape", {"id": f"{n}_di", "bpmnElement": n})
        _bounds(shape, d.shapes[n])
        if n in d.labels:
            _bounds(_sub(shape, "bpmndi", "BPMNLabel"), d.labels[n])
    for edge in g.edges:
        el = _sub(plane, "bpmndi", "BPMNEdge", {"id": f"{edge.id}_di", "bpmnElement": edge.id})
        for x, y in d.waypoints[edge.id]:
            _sub(el, "di", "waypoint", {"x": _num(x), "y": _num(y)})
        if edge.id in d.labels:
            _bounds(_sub(el, "bpmndi", "BPMNLabel"), d.labels[edge.id])

