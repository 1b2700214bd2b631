"""Walk every path of a flow and check the promises made to the public:
the worst-case time fits the committed limit, the applicant's trips fit the
promised visits, and an instant item (即办件) can be finished on the spot."""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Diagnostic
from .durations import Duration, Span, Unit, fits
from .flowmodel import Step
from .flows import Flow
from .models import PowerItem
from .yamlsource import Source

MAX_PATHS = 2000
_INSTANT = Duration(0, Unit.INSTANT)

# A route through the flow: (step id, label of the exit that led here,
# whether that exit was a loop-back) for every step from start to end.
Route = tuple[tuple[str, str | None, bool], ...]


def routes(flow: Flow, limit: int = MAX_PATHS) -> tuple[list[Route], bool]:
    """Every start→end route, each declared loop-back taken at most once.
    Assumes a well-shaped flow. Returns the routes and whether it stopped
    at `limit`."""
    start = flow.start
    if start is None:
        return [], False
    out: list[Route] = []
    stack: list[tuple[str, Route, frozenset]] = [(start.id, ((start.id, None, False),), frozenset())]
    while stack:
        sid, route, used = stack.pop()
        step = flow.by_id[sid]
        if step.kind == "end":
            out.append(route)
            if len(out) >= limit:
                return out, True
            continue
        for j, e in reversed(list(enumerate(step.targets))):
            if e.loop:
                if (sid, j) in used:
                    continue
                stack.append((e.to, route + ((e.to, e.label, True),), used | {(sid, j)}))
            else:
                stack.append((e.to, route + ((e.to, e.label, False),), used))
    return out, False


@dataclass(frozen=True, slots=True)
class Path:
    route: Route
    steps: tuple[Step, ...]
    span: Span
    visits: int

    @property
    def outcome(self) -> str:
        last = self.steps[-1]
        return last.outcome or last.label


@dataclass(slots=True)
class Analysis:
    paths: list[Path]
    truncated: bool
    worst: Path | None  # longest time
    max_visits: int
    promised: Duration | None
    verdict: str | None  # fits(worst, promised): ok / over / unknown
    visits_promised: int | None
    instant_path: bool  # some path takes no time at all


def measure(flow: Flow, route: Route) -> Path:
    steps = tuple(flow.by_id[sid] for sid, _, _ in route)
    span = Span()
    visits = 0
    for s in steps:
        if s.counts:
            span = span + (s.duration or _INSTANT)
        visits += s.in_person
    return Path(route, steps, span, visits)


def analyse(flow: Flow, item: PowerItem, found: tuple[list[Route], bool]) -> Analysis:
    rts, truncated = found
    paths = [measure(flow, r) for r in rts]
    svc = item.service
    promised = svc.time_limit.promised if svc else None
    worst = max(paths, key=lambda p: p.span.sort_key(), default=None)
    verdict = None
    if promised is not None and paths:
        verdicts = {id(p): fits(p.span, promised) for p in paths}
        over = [p for p in paths if verdicts[id(p)] == "over"]
        unknown = [p for p in paths if verdicts[id(p)] == "unknown"]
        if over:
            worst, verdict = max(over, key=lambda p: p.span.sort_key()), "over"
        elif unknown:
            worst, verdict = unknown[0], "unknown"
        else:
            verdict = "ok"
    return Analysis(
        paths=paths, truncated=truncated, worst=worst,
        max_visits=max((p.visits for p in paths), default=0),
        promised=promised, verdict=verdict,
        visits_promised=svc.visits if svc else None,
        instant_path=any(p.span.is_instant for p in paths),
    )


def route_text(path: Path) -> str:
    return " → ".join(s.label for s in path.steps)


def check(a: Analysis, item: PowerItem, src: Source) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    if a.truncated:
        out.append(src.diag("PL519", ("flow",), f"流程路径超过 {MAX_PATHS} 条，只检查了前 {MAX_PATHS} 条", key=True))
    svc = item.service
    if svc is None or a.worst is None:
        return out
    where = ("service", "time_limit", "promised")
    if a.verdict == "over":
        out.append(src.diag("PL514", where, f"流程最长用时 {a.worst.span} 超过承诺时限 {a.promised}："
                                            f"{route_text(a.worst)}"))
    elif a.verdict == "unknown":
        out.append(src.diag("PL515", where, f"流程用时 {a.worst.span} 混用工作日和自然日，无法确定是否超过承诺时限 "
                                            f"{a.promised}：{route_text(a.worst)}"))
    if a.max_visits > svc.visits:
        most = max(a.paths, key=lambda p: p.visits)
        trips = "、".join(s.label for s in most.steps if s.in_person)
        out.append(src.diag("PL516", ("service", "visits"),
                            f"流程中申请人最多要到现场 {a.max_visits} 次（{trips}），超过承诺的 {svc.visits} 次"))
    if svc.case_type == "即办件" and not a.instant_path:
        out.append(src.diag("PL517", ("service", "case_type"), "办件类型为即办件，但流程中没有一条全部即办的路径"))
    return out
