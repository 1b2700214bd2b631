"""Domain rules for one valid item: the quality rules real provincial
checkers apply to a 办事指南 (domain.md §3.1)."""

from __future__ import annotations

import re
from typing import Iterator

from .diagnostics import Finding
from .durations import compare
from .models import PowerItem, Site
from .rules import say

PLACEHOLDER = "【待填写"  # what `powerlist new` leaves for staff to fill in

_LANDLINE = re.compile(r"^0\d{2,3}-\d{7,8}(-\d{1,6})?$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# 12345 and other service hotlines, with an area code or a name: “12345”, “0391-12345”, “12345 政务服务便民热线”
_HOTLINE = re.compile(r"^(0\d{2,3}-)?(12\d{3}|95\d{3,4}|400-?\d{3}-?\d{4})( ?[\u4e00-\u9fff\uff08\uff09()]{2,24})?$")
_SEVERAL = re.compile(r"[、,，;；/]|\s\d|\d\s+\d")

LICENSING_STAGES = ("受理", "审查", "决定", "送达")
# a site's promise (Site.promise) → the visits it allows an item
_PROMISED_VISITS = {"最多跑一次": 1, "零跑腿": 0}


def phone_problem(phone: str) -> str | None:
    if _SEVERAL.search(phone) and not _HOTLINE.match(phone):
        return say("PL409", "several", phone=phone)
    if _LANDLINE.match(phone) or _MOBILE.match(phone) or _HOTLINE.match(phone):
        return None
    if re.fullmatch(r"\d{7,8}", phone):
        return say("PL409", "no-area", phone=phone)
    if re.fullmatch(r"0\d{9,11}", phone):
        return say("PL409", "no-hyphen", phone=phone, area=phone[:4], number=phone[4:])
    return say("PL409", phone=phone)


def lint_item(item: PowerItem, type_name: str, site: Site) -> Iterator[Finding]:
    for loc, phone in _phones(item):
        problem = phone_problem(phone)
        if problem:
            yield Finding("PL409", loc, problem)

    if type_name == "行政许可":
        stages = {r.stage for r in item.responsibilities}
        missing = [s for s in LICENSING_STAGES if not any(s in st for st in stages)]
        if missing:
            yield Finding("PL411", ("responsibilities",), say("PL411", stages="、".join(missing)), key=True)

    svc = item.service
    if svc is None:
        return
    tl = svc.time_limit
    if tl.statutory is not None:
        verdict = compare(tl.promised, tl.statutory)
        if verdict == "over":
            yield Finding("PL401", ("service", "time_limit", "promised"),
                          say("PL401", promised=tl.promised, statutory=tl.statutory))
        elif verdict == "unknown":
            yield Finding("PL402", ("service", "time_limit", "promised"),
                          say("PL402", promised=tl.promised, statutory=tl.statutory))
    if tl.promised.is_instant != (svc.case_type == "即办件"):
        yield Finding("PL403", ("service", "case_type"),
                      say("PL403", "instant" if tl.promised.is_instant else "promised", promised=tl.promised))

    if svc.visits > 0 and not svc.visits_reason:
        yield Finding("PL404", ("service", "visits"), say("PL404", visits=svc.visits))
    online = svc.channels.online
    if svc.visits == 0 and online is None and not svc.channels.mail:
        yield Finding("PL405", ("service", "channels"), say("PL405"), key=True)
    if online is not None and online.depth == 4 and svc.visits > 0:
        yield Finding("PL406", ("service", "visits"), say("PL406", visits=svc.visits))
    limit = _PROMISED_VISITS.get(site.promise or "")
    if limit is not None and svc.visits > limit:
        yield Finding("PL412", ("service", "visits"), say("PL412", promise=site.promise, visits=svc.visits))

    if svc.fee.charged and not svc.fee.items:
        yield Finding("PL407", ("service", "fee", "charged"), say("PL407"))

    complaint = svc.complaint.phone if svc.complaint else (
        item.supervision.phone if item.supervision and item.supervision.phone else site.supervision.phone)
    if complaint and _digits(complaint) == _digits(svc.consult.phone):
        yield Finding("PL408", ("service", "consult", "phone"), say("PL408", phone=svc.consult.phone))

    if svc.result is not None and not svc.result.sample:
        yield Finding("PL410", ("service", "result"), say("PL410", result=svc.result.name), key=True)


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


def _phones(item: PowerItem) -> Iterator[tuple[tuple, str]]:
    if item.supervision and item.supervision.phone:
        yield ("supervision", "phone"), item.supervision.phone
    if item.service:
        yield ("service", "consult", "phone"), item.service.consult.phone
        if item.service.complaint:
            yield ("service", "complaint", "phone"), item.service.complaint.phone


def placeholders(value, loc: tuple = ()):
    """(loc, text) of every string still holding a placeholder."""
    if isinstance(value, str):
        if PLACEHOLDER in value:
            yield loc, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from placeholders(v, loc + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from placeholders(v, loc + (i,))
