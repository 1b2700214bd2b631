"""The dates a list states: China time, from seconds since the epoch."""

from __future__ import annotations

import datetime as dt

TZ = dt.timezone(dt.timedelta(hours=8))  # the dates a Chinese list states


def day(ts: int) -> str:
    return dt.datetime.fromtimestamp(ts, TZ).date().isoformat()
