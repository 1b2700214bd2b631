"""`powerlist walk`: every path of an item's flow, step by step, with its
time, its trips and the verdict on each promise — the "走流程、查问题" of
the report, done by the machine."""

from __future__ import annotations

import json

from .catalog import Entry
from .commitments import promises


def report(e: Entry) -> dict:
    a = e.analysis
    assert a is not None and e.flow is not None
    svc = e.item.service
    worst = a.worst
    paths = []
    for n, p in enumerate(a.paths, 1):
        steps = []
        for (_, via, loop), s in zip(p.route, p.steps):
            steps.append({
                "id": s.id, "label": s.label, "kind": s.kind, "lane": s.lane,
                "duration": str(s.duration) if s.duration else "即办", "counts": s.counts,
                "in_person": s.in_person, "via": via, "loop": loop,
            })
        paths.append({"n": n, "outcome": p.outcome, "duration": str(p.span), "visits": p.visits,
                      "worst": p is worst, "steps": steps})
    return {
        "id": e.id, "file": e.file, "name": e.item.name, "code": e.item.code, "template": e.flow.template_id,
        "promised": str(svc.time_limit.promised) if svc else None,
        "statutory": str(svc.time_limit.statutory) if svc and svc.time_limit.statutory else None,
        "visits_promised": svc.visits if svc else None,
        "truncated": a.truncated,
        "paths": paths,
        "promises": [{"title": p.title, "holds": p.holds, "detail": p.detail} for p in promises(a, e.item)],
    }


def holds(rep: dict) -> bool:
    return all(p["holds"] is True for p in rep["promises"])


def format_json(rep: dict) -> str:
    return json.dumps(rep, ensure_ascii=False, indent=2) + "\n"


_MARK = {True: "【符合】", False: "【不符合】", None: "【无法确定】"}


def format_text(rep: dict) -> str:
    lines = [f"{rep['name']}（{rep['code']}）"]
    facts = [f"共 {len(rep['paths'])} 条路径"]
    if rep["template"]:
        facts.insert(0, f"流程模板 {rep['template']}")
    if rep["promised"]:
        facts.append(f"承诺时限 {rep['promised']}")
    if rep["statutory"]:
        facts.append(f"法定时限 {rep['statutory']}")
    if rep["visits_promised"] is not None:
        facts.append(f"承诺到现场 {rep['visits_promised']} 次")
    lines.append(" · ".join(facts))
    for p in rep["paths"]:
        head = f"路径 {p['n']} · 结果：{p['outcome']} · 用时 {p['duration']} · 到现场 {p['visits']} 次"
        lines += ["", head + (" · 最长" if p["worst"] else "")]
        for i, s in enumerate(p["steps"], 1):
            via = ""
            if s["via"]:
                via = f"〔{s['via']}{' ↺ 回退' if s['loop'] else ''}〕"
            extra = [s["lane"] or "—", s["duration"]]
            if not s["counts"]:
                extra.append("不计入时限")
            if s["in_person"]:
                extra.append("须到现场")
            lines.append(f"  {i:>2}. {via}{s['label']}（{'，'.join(extra)}）")
    if rep["truncated"]:
        lines += ["", "注意：路径过多，只列出了一部分。"]
    if rep["promises"]:
        lines += ["", "承诺核验："]
        lines += [f"  {_MARK[p['holds']]} {p['title']}：{p['detail']}" for p in rep["promises"]]
    return "\n".join(lines) + "\n"
