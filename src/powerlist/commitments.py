"""Walk every path of a flow and check the promises made to the public:
the worst-case time fits the committed limit, the applicant's trips fit the
promised visits, and an instant item (即办件) can be finished on the spot."""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Diagnostic
from .durations import Duration, Span, Unit, compare, fits
from .flowmodel import Step
from .flows import Flow
from .models import PowerItem
from .yamlsource import Source

MAX_PATHS = 2000

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
    out.sort(key=lambda r: sum(loop for _, _, loop in r))  # plain routes first
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
    workdays = days = visits = 0
    same_day = False
    for s in steps:
        d = s.duration
        if s.counts and d is not None:
            if d.unit is Unit.WORKDAY:
                workdays += d.amount
            elif d.unit is Unit.DAY:
                days += d.amount
            else:
                same_day = same_day or d.unit is Unit.SAME_DAY
        visits += s.in_person
    return Path(route, steps, Span(workdays, days, same_day), visits)


def measure_all(flow: Flow, routes: list[Route]) -> list[Path]:
    return [measure(flow, r) for r in routes]


def analyse(paths: list[Path], truncated: bool, item: PowerItem) -> Analysis:
    svc = item.service
    promised = svc.time_limit.promised if svc else None
    worst = max(paths, key=lambda p: p.span.sort_key(), default=None)
    verdict = None
    if promised is not None and paths:
        verdicts = [fits(p.span, promised) for p in paths]
        over = [p for p, v in zip(paths, verdicts) if v == "over"]
        unknown = [p for p, v in zip(paths, verdicts) if v == "unknown"]
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


@dataclass(frozen=True, slots=True)
class Promise:
    """One promise made to the public and whether the flow keeps it."""

    title: str
    holds: bool | None  # None: cannot be told (mixed units)
    detail: str
    rule: str | None = None  # raised by `check` when it does not hold
    loc: tuple = ()


_VISIT_WORDS = {0: "零跑腿", 1: "最多跑一次"}


def promises(a: Analysis, item: PowerItem) -> list[Promise]:
    svc = item.service
    if svc is None or a.worst is None:
        return []
    out = []
    tl = svc.time_limit
    worst = a.worst
    if a.verdict == "over":
        out.append(Promise("承诺时限", False, f"最长用时 {worst.span}，超过承诺时限 {tl.promised}：{route_text(worst)}",
                           "PL514", ("service", "time_limit", "promised")))
    elif a.verdict == "unknown":
        out.append(Promise("承诺时限", None, f"用时 {worst.span} 混用工作日和自然日，无法确定是否超过承诺时限 "
                                            f"{tl.promised}：{route_text(worst)}", "PL515", ("service", "time_limit", "promised")))
    else:
        out.append(Promise("承诺时限", True, f"最长用时 {worst.span}，未超过承诺时限 {tl.promised}"))
    if tl.statutory is not None:
        v = compare(tl.promised, tl.statutory)
        word = {"ok": "未超过", "over": "超过了", "unknown": "单位不同，无法确定是否超过"}[v]
        out.append(Promise("法定时限", {"ok": True, "over": False}.get(v), f"承诺时限 {tl.promised} {word}法定时限 {tl.statutory}"))
    most = max(a.paths, key=lambda p: p.visits)
    trips = "、".join(s.label for s in most.steps if s.in_person) or "无"
    promise_word = _VISIT_WORDS.get(svc.visits, f"最多 {svc.visits} 次")
    if a.max_visits > svc.visits:
        out.append(Promise("到现场次数", False, f"申请人最多要到现场 {a.max_visits} 次（{trips}），超过承诺的 {svc.visits} 次",
                           "PL516", ("service", "visits")))
    else:
        out.append(Promise("到现场次数", True, f"申请人最多到现场 {a.max_visits} 次（{trips}），符合承诺“{promise_word}”"))
    if svc.case_type == "即办件":
        out.append(Promise("即办件", a.instant_path,
                           "有当场办结的路径" if a.instant_path else "办件类型为即办件，但流程中没有一条全部即办的路径",
                           "PL517", ("service", "case_type")))
    return out


def check(a: Analysis, item: PowerItem, src: Source) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    if a.truncated:
        out.append(src.diag("PL519", ("flow",), f"流程路径超过 {MAX_PATHS} 条，只检查了前 {MAX_PATHS} 条", key=True))
    for p in promises(a, item):
        if p.holds is not True and p.rule is not None:
            out.append(src.diag(p.rule, p.loc, p.detail))
    return out
