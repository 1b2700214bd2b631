"""`powerlist walk`: the paths of an item's flow, step by step, with their
time, their trips and the verdict on each promise — the "走流程、查问题" of
the report, done by the machine.

Paths are listed lazily, up to a limit, with the total count stated; the
route behind each promise's verdict is always shown, listed or not.
"""

from __future__ import annotations

import json

from ..core.records import Entry
from ..core.flow.paths import LAYERS, Route, iter_routes, measure, unroll

DEFAULT_LIMIT = 50
HOP_BUDGET = 20_000  # steps listed in all: long routes are listed fewer, so output stays small


def _listed(e: Entry, limit: int) -> list[Route]:
    """The first `limit` routes, fewer when they are long (at least one)."""
    assert e.flow is not None  # as `report` asserted
    out: list[Route] = []
    hops = 0
    for h in iter_routes(unroll(e.flow)):
        if len(out) >= limit or (out and hops + len(h) > HOP_BUDGET):
            break
        out.append(measure(e.flow, h))
        hops += len(h)
    return out


def _step(s) -> dict:
    return {"label": s.label, "kind": s.kind, "lane": s.lane, "duration": str(s.duration) if s.duration else None,
            "counts": s.counts, "in_person": s.in_person, "extension": s.extension}


def _route(n: int | None, r: Route, worst: bool) -> dict:
    """A route as its hops `[step id, exit label, loop-back]`; the facts of
    each step are given once, in the report's `steps`."""
    return {"n": n, "outcome": r.outcome, "duration": str(r.span), "visits": r.visits, "worst": worst,
            "hops": r.hops}


def report(e: Entry, limit: int = DEFAULT_LIMIT) -> dict:
    a = e.analysis
    assert a is not None and e.flow is not None
    terms = e.item.terms
    tl = terms.time_limit if terms else None
    facts = a.facts
    worst = facts.worst
    listed = _listed(e, limit)
    # mark as the longest the first listed route as long as the worst one
    mark = next((i for i, r in enumerate(listed) if worst is not None and r.span == worst.span), None)
    paths = [_route(n, r, n - 1 == mark) for n, r in enumerate(listed, 1)]
    checks = a.promises
    return {
        "id": e.id, "file": e.file, "name": e.item.name, "code": e.item.code, "template": e.flow.template_id,
        "promised": str(tl.promised) if tl else None,
        "statutory": str(tl.statutory) if tl and tl.statutory else None,
        "extended": str(tl.extended_promised) if tl and tl.extended_promised else None,
        "visits_promised": terms.visits if terms else None,
        "steps": {s.id: _step(s) for s in e.flow.steps},
        "total_paths": facts.count,
        "returns_counted": LAYERS - 1 if any(t.loop for st in e.flow.steps for t in st.targets) else 0,
        "listed": len(paths),
        "paths": paths,
        "longest": _route(None, worst, True) if worst is not None else None,
        "promises": [{"title": p.title, "holds": p.holds, "detail": p.detail,
                      "route": _route(None, p.route, False) if p.route is not None else None} for p in checks],
    }


def holds(rep: dict, strict: bool = False) -> bool:
    """No promise broken; with `strict`, none that could not be verified either
    (the exit status of `walk`, for CI and pre-commit hooks)."""
    return all(p["holds"] is True if strict else p["holds"] is not False for p in rep["promises"])


def format_json(rep: dict) -> str:
    """Compact: a route of thousands of hops stays a few bytes per hop."""
    return json.dumps(rep, ensure_ascii=False, separators=(",", ":")) + "\n"


_MARK = {True: "【符合】", False: "【不符合】", None: "【无法核验】"}


def _steps_text(rep: dict, p: dict) -> list[str]:
    lines = []
    for i, (sid, via, loop) in enumerate(p["hops"], 1):
        s = rep["steps"][sid]
        shown = f"〔{via}{' ↺ 回退' if loop else ''}〕" if via else ""
        extra = [s["lane"] or "—"] + [s["duration"]] * bool(s["duration"])
        if not s["counts"]:
            extra.append("不计入时限")
        if s["extension"]:
            extra.append("经批准延长后")
        if s["in_person"]:
            extra.append("须到现场")
        lines.append(f"  {i:>2}. {shown}{s['label']}（{'，'.join(extra)}）")
    return lines


def format_text(rep: dict) -> str:
    lines = [rep["name"] + (f"（{rep['code']}）" if rep["code"] else "")]
    total, listed = rep["total_paths"], rep["listed"]
    count = f"共 {total} 条路径" + (f"，列出前 {listed} 条" if listed < total else "")
    facts = [count]
    if rep["template"]:
        facts.insert(0, f"流程模板 {rep['template']}")
    if rep["promised"]:
        facts.append(f"承诺时限 {rep['promised']}")
    if rep["statutory"]:
        facts.append(f"法定时限 {rep['statutory']}")
    if rep["extended"]:
        facts.append(f"经批准延长后承诺 {rep['extended']}")
    if rep["visits_promised"] is not None:
        facts.append(f"承诺到现场 {rep['visits_promised']} 次")
    lines.append(" · ".join(facts))
    if rep["returns_counted"]:
        lines.append(f"每条路径最多回退 {rep['returns_counted']} 次（补正、退回修改按一次计，即一次性告知）")
    for p in rep["paths"]:
        head = f"路径 {p['n']} · 结果：{p['outcome']} · 用时 {p['duration']} · 到现场 {p['visits']} 次"
        lines += ["", head + (" · 最长" if p["worst"] else "")]
        lines += _steps_text(rep, p)
    shown = {str(p["hops"]) for p in rep["paths"]}
    if rep["promises"]:
        lines += ["", "承诺核验："]
        for p in rep["promises"]:
            lines.append(f"  {_MARK[p['holds']]} {p['title']}：{p['detail']}")
        for p in rep["promises"]:  # the route behind a verdict, when not listed above
            r = p["route"]
            if r is not None and str(r["hops"]) not in shown:
                shown.add(str(r["hops"]))
                lines += ["", f"{p['title']}所依据的路径 · 结果：{r['outcome']} · 用时 {r['duration']} · 到现场 {r['visits']} 次"]
                lines += _steps_text(rep, r)
    return "\n".join(lines) + "\n"
