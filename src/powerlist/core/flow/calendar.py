"""Calendar consistency: an application window (申报期), the calendar
deadlines of steps ("每年 8月13日前完成") and the step times a flow allows
are checked against each other with the site's working-day calendar.

The last applicant may apply on the window's closing day. From that day,
the flow allows each step its stated time; if the longest counted time to
a step with a deadline lands after that deadline, the flow, the window and
the deadline cannot all be true (in every year: the verdict does not hang
on where the weekends fall).

>>> from powerlist.core.models import WorkCalendar
>>> add_workdays(date(2026, 8, 7), 1, WorkCalendar())   # a Friday: the next working day is Monday
datetime.date(2026, 8, 10)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

from ..durations import Span, Unit
from ..models import PowerItem, WorkCalendar
from .expand import Flow
from .model import Step

YEARS = range(2024, 2036)  # a verdict must hold in each of these years


def is_workday(d: date, cal: WorkCalendar) -> bool:
    iso = d.isoformat()
    if iso in cal.workdays:
        return True
    if iso in cal.holidays:
        return False
    return d.weekday() < 5


def add_workdays(d: date, n: int, cal: WorkCalendar) -> date:
    """The day `n` working days after `d` (`d` itself not counted)."""
    while n > 0:
        d += timedelta(days=1)
        n -= is_workday(d, cal)
    return d


def after(d: date, span: Span, cal: WorkCalendar) -> date:
    return add_workdays(d, span.workdays, cal) + timedelta(days=span.days)


@dataclass(frozen=True, slots=True)
class Conflict:
    """A step that cannot meet its deadline when the window closes as written."""

    index: int  # the step's place in the flow
    step: str  # its label
    deadline: str  # MM-DD
    end: str  # the window's closing day, MM-DD or YYYY-MM-DD
    span: Span  # the longest counted time from an application to the end of that step
    earliest: str  # MM-DD: the latest day the flow allows for that step, in the kindest year


def _time(s: Step) -> Span:
    d = s.duration
    if d is None or not s.counts or d.unit in (Unit.UNKNOWN, Unit.INSTANT, Unit.SAME_DAY):
        return Span()
    return Span.of(d)


def _longest_to(flow: Flow) -> dict[str, Span]:
    """The longest counted time from the start to the end of each step,
    over forward exits (a loop-back adds no time a deadline could rely on)."""
    best: dict[str, Span] = {}
    start = flow.start
    if start is None:
        return best
    best[start.id] = _time(start)
    # forward exits form a DAG (checked by shape): relax in a topological order
    indeg: dict[str, int] = {s.id: 0 for s in flow.steps}
    for s in flow.steps:
        for e in s.targets:
            if not e.loop and e.to in indeg:
                indeg[e.to] += 1
    queue = [s.id for s in flow.steps if indeg[s.id] == 0]
    order: list[str] = []
    while queue:
        sid = queue.pop(0)
        order.append(sid)
        for e in flow.by_id[sid].targets:
            if not e.loop and e.to in indeg:
                indeg[e.to] -= 1
                if indeg[e.to] == 0:
                    queue.append(e.to)
    key: Callable[[Span], tuple[int, int]] = lambda sp: (sp.workdays * 7 + sp.days * 5, sp.workdays)  # noqa: E731 - longer in calendar time
    for sid in order:
        if sid not in best:
            continue
        for e in flow.by_id[sid].targets:
            if e.loop or e.to not in flow.by_id:
                continue
            t = best[sid]
            got = Span(t.workdays + _time(flow.by_id[e.to]).workdays, t.days + _time(flow.by_id[e.to]).days)
            if e.to not in best or key(got) > key(best[e.to]):
                best[e.to] = got
    return best


def _md(d: date) -> str:
    return f"{d.month:02d}-{d.day:02d}"


def conflicts(flow: Flow, item: PowerItem, cal: WorkCalendar) -> list[Conflict]:
    w = item.window
    deadlines = [(i, s) for i, s in enumerate(flow.steps) if s.deadline]
    if w is None or w.end is None or w.start is None or not deadlines:
        return []
    longest = _longest_to(flow)
    out = []
    for i, s in deadlines:
        span = longest.get(s.id)
        if span is None:
            continue
        assert s.deadline is not None
        dm, dd = int(s.deadline[:2]), int(s.deadline[3:])
        if w.yearly:
            years = list(YEARS)
            em, ed = int(w.end[:2]), int(w.end[3:])
        else:
            years = [int(w.end[:4])]
            em, ed = int(w.end[5:7]), int(w.end[8:])
        start_md = w.start[-5:]
        kindest: tuple[int, date] | None = None
        for y in years:
            closes = date(y, em, ed)
            due = date(y if s.deadline >= start_md else y + 1, dm, dd)
            lands = after(closes, span, cal)
            late = (lands - due).days
            if late <= 0:
                kindest = None
                break
            if kindest is None or late < kindest[0]:
                kindest = (late, lands)
        if kindest is not None:
            out.append(Conflict(i, s.label, s.deadline, w.end, span, _md(kindest[1])))
    return out

