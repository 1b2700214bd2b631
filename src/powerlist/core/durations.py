"""Time limits with explicit units: 即办, 当天, N 个工作日, N 日.

行政许可法 counts its short limits in working days and others in calendar
days; a limit without its unit cannot be checked, so the unit is required.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

from .rules import say


class Unit(str, enum.Enum):
    INSTANT = "即办"
    SAME_DAY = "当天"
    WORKDAY = "个工作日"
    DAY = "日"
    UNKNOWN = "未载明"  # a step whose time the source does not state: never read as 即办


_RE = re.compile(r"^\s*(?:(即办|当场办结|当场)|(当天|当日)|(-?\d+)\s*(个工作日|工作日|日|天|自然日|个月|月)?|(未载明|时限未载明))\s*$")
PATTERN = r"^(即办|当天|[1-9][0-9]* ?(个工作日|日))$"
STEP_PATTERN = r"^(即办|当天|未载明|[1-9][0-9]* ?(个工作日|日))$"

# The longest a working day count can stretch in calendar days: whole weeks
# plus the longest public-holiday break (Spring Festival, 8 days plus
# weekend swaps). Used only to prove that a mixed-unit comparison is safe.
_HOLIDAY_SLACK = 10


@dataclass(frozen=True, slots=True, order=False)
class Duration:
    amount: int
    unit: Unit

    def __str__(self) -> str:
        if self.unit in (Unit.INSTANT, Unit.SAME_DAY, Unit.UNKNOWN):
            return str(self.unit.value)  # str(): mypy types a narrowed member's value as Any
        return f"{self.amount} {self.unit.value}"

    @property
    def is_instant(self) -> bool:
        return self.unit is Unit.INSTANT

    def calendar_bounds(self) -> tuple[int, int]:
        """The least and most calendar days this limit can span (当天 = 0)."""
        if self.unit in (Unit.INSTANT, Unit.SAME_DAY):
            return 0, 0
        if self.unit is Unit.DAY:
            return self.amount, self.amount
        weeks = -(-self.amount // 5)
        return self.amount, weeks * 7 + _HOLIDAY_SLACK


def parse(value: object) -> Duration:
    """Parse staff text; raise ValueError with a Chinese explanation."""
    if isinstance(value, Duration):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(say("PL207", "not-text"))
    m = _RE.match(str(value))
    if not m:
        raise ValueError(say("PL207", value=value))
    if m.group(1):
        return Duration(0, Unit.INSTANT)
    if m.group(5):
        raise ValueError(say("PL207", "unknown"))
    if m.group(2):
        return Duration(0, Unit.SAME_DAY)
    n, unit = int(m.group(3)), m.group(4)
    if n < 0:
        raise ValueError(say("PL207", "negative", value=value))
    if unit is None:
        raise ValueError(say("PL207", "no-unit", value=value, n=n))
    if unit in ("天", "自然日"):
        raise ValueError(say("PL207", "which-days", value=value, n=n))
    if unit in ("个月", "月"):
        raise ValueError(say("PL207", "months", value=value, days=n * 30))
    if n == 0:
        raise ValueError(say("PL207", "zero"))
    return Duration(n, Unit.WORKDAY if "工作日" in unit else Unit.DAY)


@dataclass(frozen=True, slots=True)
class Span:
    """A sum of step durations: working days and calendar days kept apart,
    because neither converts exactly into the other."""

    workdays: int = 0
    days: int = 0
    same_day: bool = False  # contains a 当天 step
    unknown: int = 0  # steps whose time is not stated (未载明): the sum is a least value

    @classmethod
    def of(cls, d: Duration) -> "Span":
        return cls() + d

    def __add__(self, d: Duration) -> "Span":
        if d.unit is Unit.WORKDAY:
            return Span(self.workdays + d.amount, self.days, self.same_day, self.unknown)
        if d.unit is Unit.DAY:
            return Span(self.workdays, self.days + d.amount, self.same_day, self.unknown)
        if d.unit is Unit.UNKNOWN:
            return Span(self.workdays, self.days, self.same_day, self.unknown + 1)
        return Span(self.workdays, self.days, self.same_day or d.unit is Unit.SAME_DAY, self.unknown)

    @property
    def is_instant(self) -> bool:
        return self.workdays == 0 and self.days == 0 and not self.same_day and not self.unknown

    def __str__(self) -> str:
        parts = [f"{self.workdays} 个工作日"] * bool(self.workdays) + [f"{self.days} 日"] * bool(self.days)
        parts += ["未载明"] * bool(self.unknown)
        if parts:
            return " + ".join(parts)
        return "当天" if self.same_day else "即办"

    def calendar_bounds(self) -> tuple[int, int]:
        """The least and most calendar days this sum can span."""
        hi = Duration(self.workdays, Unit.WORKDAY).calendar_bounds()[1] if self.workdays else 0
        return self.workdays + self.days, hi + self.days

    def sort_key(self) -> tuple[int, int, int]:
        """For picking the worst case: latest calendar end, then most days."""
        lo, hi = self.calendar_bounds()
        return hi, lo, int(self.same_day)


def fits(span: Span, limit: Duration) -> str:
    """'ok' when `span` surely fits in `limit`, 'over' when it surely does
    not, 'unknown' when mixed units leave it open, 'untimed' when a step's
    time is not stated and the rest fits."""
    if span.unknown:
        known = fits(Span(span.workdays, span.days, span.same_day), limit)
        return "over" if known == "over" else "untimed"
    w, d = span.workdays, span.days
    if limit.unit is Unit.INSTANT:
        return "ok" if span.is_instant else "over"
    if limit.unit is Unit.SAME_DAY:
        return "ok" if w == 0 and d == 0 else "over"
    if limit.unit is Unit.WORKDAY:
        # D calendar days never hold more than D working days.
        if w + d <= limit.amount:
            return "ok"
        if w > limit.amount or w + d > limit.calendar_bounds()[1]:
            return "over"
        return "unknown"
    lo, hi = span.calendar_bounds()
    if hi <= limit.amount:
        return "ok"
    return "over" if lo > limit.amount else "unknown"


def compare(promised: Duration, limit: Duration) -> str:
    """Whether one limit fits in another: see `fits`."""
    return fits(Span.of(promised), limit)


UNSTATED = "未载明"


def parse_step(value: object) -> Duration:
    """A step's time: as `parse`, and “未载明” where the source states none."""
    if isinstance(value, str) and value.strip() in ("未载明", "时限未载明"):
        return Duration(0, Unit.UNKNOWN)
    return parse(value)


StepDurationField = Annotated[
    Duration,
    PlainValidator(parse_step),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({
        "type": "string",
        "pattern": STEP_PATTERN,
        "examples": ["即办", "当天", "3 个工作日", "5 日", "未载明"],
        "description": "本步骤用时：“即办”“当天”“N 个工作日”或“N 日”（自然日）；来源没有写明的写“未载明”，不要写成即办。",
    }),
]

DurationField = Annotated[
    Duration,
    PlainValidator(parse),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({
        "type": "string",
        "pattern": PATTERN,
        "examples": ["即办", "当天", "10 个工作日", "30 日"],
        "description": "时限：“即办”“当天”“N 个工作日”或“N 日”（自然日），必须写明单位。",
    }),
]
