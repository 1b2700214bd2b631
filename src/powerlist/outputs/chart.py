"""Draw an item's flow as an SVG flowchart with Graphviz (pygraphviz,
in-process), in the shapes Chinese departments publish: ellipse for start
and end, rectangle for a step, diamond for a decision; each step shows who
does it and how long it takes; the chart carries the item's name, code,
committed limit, promised visits and supervision phone.

All text from YAML goes into HTML-like labels, escaped, so nothing a staff
member types can change the DOT or the SVG.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.cache import Recent
from ..core.durations import Duration
from .textfit import FONT_TOKEN as _FONT_TOKEN, char_width as _width, esc_label as _esc, label_lines as _lines, \
    label_rows as _rows, wrap
from ..core.flow.model import Step
from ..core.flow.shape import drawable
from ..view.words import Words
from ..core.flow.expand import Flow

RENDER_VERSION = "2"  # bump when the drawing changes, to invalidate caches
FONT_STACK = ("'Noto Sans SC','Noto Sans CJK SC','Source Han Sans SC','PingFang SC',"
              "'Microsoft YaHei','WenQuanYi Micro Hei',sans-serif")

INK, MUTED, EDGE, LOOP = "#1b1b1b", "#4a5560", "#37474f", "#b34700"
FILL = {
    "start": "#eceff1", "end": "#eceff1", "decision": "#fff4d6", "task": "#ffffff",
    "applicant": "#e3f0fc", "end-good": "#e3f4e4", "end-bad": "#fde7e9",
}
APPLICANT_LANES = ("申请人", "当事人")
_NEGATIVE = re.compile(r"不予|不属|未予|退回|驳回|取消|撤销|终止")


@dataclass(frozen=True, slots=True)
class Header:
    """What the chart says about its item, from the item and the site."""

    name: str
    code: str | None
    promised: Duration | None = None  # 承诺时限
    visits: int | None = None  # promised visits
    phone: str | None = None  # 监督电话


# --- text ---------------------------------------------------------------------

def _small(text: str) -> str:
    return f'<FONT POINT-SIZE="11" COLOR="{MUTED}">{text}</FONT>'


# --- the graph ----------------------------------------------------------------

def _time(step: Step, w: Words) -> str:
    parts = []
    if step.duration is not None and step.kind not in ("start", "end"):
        parts.append(w.duration(step.duration))
    if not step.counts:
        parts.append(w.gettext("不计入时限"))
    if step.deadline:
        parts.append(w.gettext("%(date)s前") % {"date": w.month_day(step.deadline)})
    if step.extension:
        parts.append(w.gettext("经批准延长期限后"))
    if step.in_person:
        parts.append(w.gettext("须到现场"))
    return " · ".join(parts)


def _pack(parts: list[str], width: float) -> list[str]:
    """Facts joined with " · " into lines of at most `width`, a fact broken
    only when it is longer than a line by itself."""
    lines: list[str] = []
    for part in parts:
        joined = f"{lines[-1]} · {part}" if lines else part
        if lines and sum(_width(c) for c in joined) <= width:
            lines[-1] = joined
        else:
            lines.append(part)
    return lines


def _who(step: Step, w: Words) -> str:
    """The step's 责任人 and phone, as published on county charts."""
    parts = []
    if step.owner:
        parts.append(w.gettext("责任人：%(owner)s") % {"owner": step.owner})
    if step.phone:
        parts.append(w.gettext("电话：%(phone)s") % {"phone": step.phone})
    return " · ".join(parts)


def _node_label(step: Step, w: Words) -> str:
    width = 8 if step.kind == "decision" else 10
    rows = []
    if step.lane:
        rows.append(_small(_esc(step.lane)))
    text = step.label
    if step.kind == "end" and step.outcome and step.outcome not in step.label:
        text = f"{step.label}{w.gettext('：')}{step.outcome}"
    rows += _lines(text, width)
    for extra in (_time(step, w), _who(step, w)):
        rows += [_small(x) for part in _pack(extra.split(" · "), 14) if extra for x in _lines(part, 14)]
    return "<" + _rows(*rows) + ">"


def _fill(step: Step) -> str:
    if step.kind == "end":
        return FILL["end-bad"] if _NEGATIVE.search(step.outcome or step.label) else FILL["end-good"]
    if step.kind in ("start", "decision"):
        return FILL[step.kind]
    return FILL["applicant"] if step.lane in APPLICANT_LANES else FILL["task"]


def graph(flow: Flow, w: Words | None = None):
    """The flow as a pygraphviz graph, ready for layout. The header is not
    part of it: items that share a flow share one layout."""
    import pygraphviz as pgv

    w = w or Words()
    g = pgv.AGraph(directed=True, strict=False, id="flowchart")
    g.graph_attr.update(
        rankdir="TB", nodesep="0.3", ranksep="0.35", pad="0.15", bgcolor="white",
        fontname=_FONT_TOKEN, fontsize="13", fontcolor=INK,
    )
    g.node_attr.update(fontname=_FONT_TOKEN, fontsize="13", fontcolor=INK, color=EDGE, penwidth="1.2",
                       style="filled", margin="0.14,0.07")
    g.edge_attr.update(fontname=_FONT_TOKEN, fontsize="11", fontcolor=INK, color=EDGE, arrowsize="0.7",
                       penwidth="1.1")
    shapes = {"start": "ellipse", "end": "ellipse", "decision": "diamond", "task": "box"}
    for step in flow.steps:
        g.add_node(step.id, id=f"step-{step.id}", label=_node_label(step, w), shape=shapes[step.kind],
                   fillcolor=_fill(step), style="filled" if step.counts else "filled,dashed")
    for step in flow.steps:
        for j, e in enumerate(step.targets):
            attrs = {"id": f"edge-{step.id}-{j}"}
            if e.label:
                text = ("↺ " if e.loop else "") + e.label
                attrs["label"] = f"<{_rows(*_lines(text, 7))}>"
            if e.loop:
                attrs.update(style="dashed", color=LOOP, fontcolor=LOOP, constraint="false", penwidth="1.4")
            g.add_edge(step.id, e.to, key=str(j), **attrs)
    return g


# --- SVG ----------------------------------------------------------------------

def _describe_steps(flow: Flow, w: Words) -> str:
    ends = dict.fromkeys(s.outcome or s.label for s in flow.steps if s.kind == "end")
    steps = w.gettext("；").join(
        w.gettext("%(n)d. %(label)s（%(facts)s）") % {
            "n": i, "label": s.label, "facts": w.gettext("，").join([s.lane or "—"] + ([_time(s, w)] if _time(s, w) else []))}
        for i, s in enumerate(flow.steps, 1))
    return w.ngettext("共 %(num)d 个步骤，办理结果有：%(ends)s。各步骤：%(steps)s。",
                      "共 %(num)d 个步骤，办理结果有：%(ends)s。各步骤：%(steps)s。", len(flow.steps)) % {
        "num": len(flow.steps), "ends": w.gettext("、").join(ends), "steps": steps}


def _describe(flow: Flow, header: Header, w: Words, steps_text: str | None = None) -> str:
    return w.gettext("%(name)s的运行流程图，%(steps)s") % {"name": header.name,
                                                           "steps": steps_text or _describe_steps(flow, w)}


_COMMENT = re.compile(r"<!--.*?-->\n?", re.S)
_TITLE = re.compile(r"<title>.*?</title>\n?", re.S)
_FONT_ATTR = re.compile(r' font-family="[^"]*"')
_TAG = re.compile(r"<[^>]+>")
_NUMBER = re.compile(r"-?\d+\.\d+")


def _one_decimal(m: re.Match) -> str:
    """Coordinates to 0.1 pt: a tenth of a point is below what any screen shows."""
    text = f"{float(m.group(0)):.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


_VIEWBOX = re.compile(r'viewBox="0\.00 0\.00 ([0-9.]+) ([0-9.]+)"')


@dataclass(frozen=True, slots=True)
class Body:
    """A laid-out flow: its size in points and its drawing (a `<g>`)."""

    width: float
    height: float
    svg: str
    drawn: bool = True  # False: `too_large`'s line, no boxes to explain

    def dump(self) -> str:
        digest = hashlib.sha256(self.svg.encode("utf-8", "surrogatepass")).hexdigest()
        return f"{self.width} {self.height} {digest}\n{self.svg}"

    @classmethod
    def load(cls, text: str) -> "Body":
        """A dumped body; ValueError when the text is not one whole (a
        cut or altered file is never drawn)."""
        head, svg = text.split("\n", 1)
        w, h, digest = head.split()
        if hashlib.sha256(svg.encode("utf-8", "surrogatepass")).hexdigest() != digest:
            raise ValueError("chart cache entry does not match its digest")
        return cls(float(w), float(h), svg)


def lay_out(flow: Flow, w: Words | None = None) -> Body:
    """Run Graphviz and keep only the drawing: no generator comment, no
    internal names as tooltips, no per-text font (the chart sets one)."""
    raw = graph(flow, w).draw(format="svg", prog="dot").decode("utf-8")
    m = _VIEWBOX.search(raw)
    assert m, "Graphviz SVG without a viewBox"
    start = raw.index('<g id="flowchart"')
    end = raw.rindex("</svg>")
    body = raw[start:end]
    body = _TITLE.sub("", _COMMENT.sub("", body))
    body = _FONT_ATTR.sub("", body)
    # what the root <svg> already says, or SVG's defaults, need not be repeated
    body = body.replace(' xml:space="preserve"', "").replace(' text-anchor="start"', "")
    body = body.replace(f' font-size="13.00" fill="{INK}"', "")
    body = _TAG.sub(lambda t: _NUMBER.sub(_one_decimal, t.group(0)), body)  # in markup only, never in text
    return Body(float(m.group(1)), float(m.group(2)), body.strip() + "\n")


def _text_width(text: str, size: float) -> float:
    return sum(_width(c) for c in text) * size


def compose(body: Body, flow: Flow, header: Header, steps_text: str | None = None, w: Words | None = None) -> str:
    """The published chart: a title block with the item's name, code and
    promises above the laid-out flow, plus a title and a description for
    screen readers. Cheap: no layout."""
    w = w or Words()
    facts = [w.gettext("事项编码 %(code)s") % {"code": header.code}] if header.code else []
    if header.promised:
        facts.append(w.gettext("承诺时限 %(limit)s") % {"limit": w.duration(header.promised)})
    if header.visits is not None:
        facts.append(w.ngettext("到现场 %(num)d 次", "到现场 %(num)d 次", header.visits) % {"num": header.visits}
                     if header.visits else w.gettext("零跑腿"))
    if header.phone:
        facts.append(w.gettext("监督电话 %(phone)s") % {"phone": header.phone})
    if body.drawn and any(not s.counts and s.kind in ("task", "decision") for s in flow.steps):
        facts.append(w.gettext("虚线框：不计入办理时限的环节"))
    names = wrap(header.name, 24)
    fact_lines = [" · ".join(facts[i:i + 2]) for i in range(0, len(facts), 2)]
    head_h = 12 + 22 * len(names) + 17 * len(fact_lines) + 6
    width = max(body.width, *(_text_width(n, 16) + 24 for n in names),
                *(_text_width(f, 11) + 24 for f in fact_lines))
    width = round(width, 2)
    height = round(body.height + head_h, 2)
    cx = round(width / 2, 2)
    title = w.gettext("%(name)s 运行流程图") % {"name": header.name}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="powerlist-flowchart" role="img" '
        f'aria-labelledby="flowchart-title flowchart-desc" width="{width}pt" height="{height}pt" '
        f'viewBox="0 0 {width} {height}" style="--pl-w:{round(width)}" font-family="{FONT_STACK}" font-size="13" fill="{INK}">',
        f'<title id="flowchart-title">{html.escape(title)}</title>',
        f'<desc id="flowchart-desc">{html.escape(_describe(flow, header, w, steps_text))}</desc>',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        '<g id="flowchart-header">',
    ]
    y = 12.0
    for n in names:
        y += 22
        out.append(f'<text x="{cx}" y="{y:.2f}" text-anchor="middle" font-size="16" font-weight="bold" '
                   f'fill="{INK}">{html.escape(n)}</text>')
    for f in fact_lines:
        y += 17
        out.append(f'<text x="{cx}" y="{y:.2f}" text-anchor="middle" font-size="11" fill="{MUTED}">'
                   f'{html.escape(f)}</text>')
    out.append("</g>")
    out.append(f'<g transform="translate({round((width - body.width) / 2, 2)} {head_h})">')
    out.append(body.svg.rstrip("\n"))
    out.append("</g>\n</svg>\n")
    return "\n".join(out)


def flow_key(flow: Flow, language: str = "zh") -> str:
    """What a layout depends on: the steps, the language, this renderer and Graphviz."""
    import pygraphviz

    doc = [RENDER_VERSION, pygraphviz.__version__, language, [s.model_dump(mode="json") for s in flow.steps]]
    return hashlib.sha256(json.dumps(doc, ensure_ascii=False).encode("utf-8")).hexdigest()


class ChartCache:
    """Layouts on disk by `flow_key`: a flow that did not change is never
    laid out again, and items that share a flow share its layout."""

    def __init__(self, directory: Path, words: Words | None = None) -> None:
        self.dir = Path(directory)
        self.words = words or Words()
        self.memory: Recent[str, Body] = Recent(512)
        # per steps list (items that use a template alike share one list): its key and description
        self.by_steps: Recent[int, tuple[list, str, str]] = Recent(512)

    def for_flow(self, flow: Flow) -> tuple[str, str]:
        hit = self.by_steps.get(id(flow.steps))
        if hit is None or hit[0] is not flow.steps:
            w = self.words
            hit = self.by_steps[id(flow.steps)] = (flow.steps, flow_key(flow, w.language), _describe_steps(flow, w))
        return hit[1], hit[2]

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.svgpart"

    def has(self, key: str) -> bool:
        return key in self.memory or self._path(key).is_file()

    def get(self, key: str) -> Body | None:
        body = self.memory.get(key)
        if body is None:
            try:
                body = self.memory[key] = Body.load(self._path(key).read_text(encoding="utf-8"))
            except FileNotFoundError:
                return None
            except (OSError, ValueError):  # cut, altered or of an older format: laid out again
                return None
        return body

    def put(self, key: str, body: Body) -> None:
        self.memory[key] = body
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(body.dump(), encoding="utf-8")
        tmp.replace(path)  # atomic: a parallel build never reads half a file


def too_large(flow: Flow, w: Words) -> Body:
    """What stands for the drawing of a flow above the layout bound
    (flow.shape.MAX_DRAWN_STEPS): a line saying where its steps are. No
    layout is run, whatever the size of the flow."""
    text = w.ngettext("本流程步骤较多（共 %(num)d 个步骤），流程图以步骤列表显示，见事项页面的“流程步骤”",
                      "本流程步骤较多（共 %(num)d 个步骤），流程图以步骤列表显示，见事项页面的“流程步骤”",
                      len(flow.steps)) % {"num": len(flow.steps)}
    width = round(_text_width(text, 13) + 24, 2)
    svg = (f'<g id="flowchart"><text x="{round(width / 2, 2)}" y="26" text-anchor="middle" fill="{MUTED}">'
           f'{html.escape(text)}</text></g>\n')
    return Body(width, 40.0, svg, drawn=False)


def render(flow: Flow, header: Header, cache: ChartCache | None = None) -> tuple[str, bool]:
    """The finished SVG of an item's flow, and whether a layout was run.
    The wording is the cache's (its `Words`), Chinese without a cache.
    A flow too large to lay out gets a chart that says so (`too_large`)."""
    w = cache.words if cache is not None else Words()
    if not drawable(flow):
        return compose(too_large(flow, w), flow, header, None, w), False
    key, steps_text = cache.for_flow(flow) if cache is not None else ("", None)
    body = cache.get(key) if cache is not None else None
    drawn = body is None
    if body is None:
        body = lay_out(flow, w)
        if cache is not None:
            cache.put(key, body)
    return compose(body, flow, header, steps_text, w), drawn


def header_for(v) -> Header:
    """The chart header of an item, from its view (see view.ItemView)."""
    return Header(name=v.name, code=v.code, promised=v.promised, visits=v.visits, phone=v.phones.supervision)


# --- print -----------------------------------------------------------------------

PRINT_WIDTH, PRINT_HEIGHT = 520.0, 680.0  # points of an A4 page (15 mm × 12 mm margins) a chart part may take
_NODE = re.compile(r'<g id="[^"]*" class="(node|edge)">(.*?)</g>', re.S)
_POINTS = re.compile(r'points="([^"]+)"')
_ELLIPSE = re.compile(r'cy="(-?[0-9.]+)" rx="[0-9.]+" ry="([0-9.]+)"')
_TEXT_Y = re.compile(r'<text [^>]*?y="(-?[0-9.]+)"')


@dataclass(frozen=True, slots=True)
class PrintParts:
    """How a chart prints on A4 at a legible size: at `scale` (never
    enlarged; shrunk only to the page's width), in `parts` (top, height in
    the chart's points), each fitting a page, cut only between shapes."""

    scale: float
    width: float  # the chart's width, in its points
    parts: tuple[tuple[float, float], ...]


def print_parts(svg: str) -> PrintParts:
    """Where a composed chart (`compose`) is cut to print legibly: text of
    11 points shrunk at most to the page width (8 points or more for a chart
    up to 715 points wide), the cuts in the gaps between nodes and edge labels."""
    m = re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', svg)
    assert m, "chart without a viewBox"
    width, height = float(m.group(1)), float(m.group(2))
    scale = min(1.0, PRINT_WIDTH / width)
    budget = PRINT_HEIGHT / scale
    head = re.search(r'</g>\n<g transform="translate\(-?[0-9.]+ ([0-9.]+)\)">', svg)
    graph = re.search(r'class="graph" transform="[^"]*translate\((-?[0-9.]+) (-?[0-9.]+)\)"', svg)
    busy: list[tuple[float, float]] = []
    if head and graph:
        dy = float(head.group(1)) + float(graph.group(2))
        busy.append((0.0, float(head.group(1))))
        for kind, inner in _NODE.findall(svg):
            ys: list[float] = []
            if kind == "node":
                for pts in _POINTS.findall(inner):
                    ys += [float(p.split(",")[1]) for p in pts.split() if "," in p]
                for cy, ry in _ELLIPSE.findall(inner):
                    ys += [float(cy) - float(ry), float(cy) + float(ry)]
                ys += [float(y) for y in _TEXT_Y.findall(inner)]
            else:  # an edge's label: the line of text above its baseline
                for y in _TEXT_Y.findall(inner):
                    ys += [float(y) - 12, float(y) + 4]
            if ys:
                busy.append((min(ys) + dy - 2, max(ys) + dy + 2))
    busy.sort()
    parts: list[tuple[float, float]] = []
    top = 0.0
    while height - top > budget:
        limit = top + budget
        # the lowest point above the limit that no shape covers
        cut = None
        for a, b in busy:
            if a > limit:
                break
            if b <= limit and b > top and not any(x < b + 0.5 < y for x, y in busy):
                cut = b + 0.5
        if cut is None or cut <= top + budget / 4:
            cut = limit  # a shape taller than a page: cut it where the page ends
        parts.append((round(top, 1), round(cut - top, 1)))
        top = cut
    parts.append((round(top, 1), round(height - top, 1)))
    return PrintParts(round(scale, 4), width, tuple(parts))
