"""Domain rules for one valid item: the quality rules real provincial
checkers apply to a 办事指南 (domain.md §3.1)."""

from __future__ import annotations

import re
from typing import Iterator

from .diagnostics import Finding
from .durations import Unit, compare
from .models import PowerItem, Site, TimeLimit
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


LONG_NAME = 200  # characters: real names reach 500 and more; kept whole, and said


def not_stated(item: PowerItem) -> Iterator[Finding]:
    """Required contents written 未载明, or not written at all: warnings,
    which a site's `require:` makes errors (catalog.required)."""
    for key in item.unstated:
        yield Finding("PL421", tuple(key.split(".")), say("PL421", title=say("PL421", key)))
    for key in item.unfilled:
        yield Finding("PL421", tuple(key.split(".")),
                      say("PL421", "unfilled", title=say("PL421", key), key=key), key=True)


def lint_item(item: PowerItem, type_name: str, site: Site, supervision_phone: str | None = None) -> Iterator[Finding]:
    """`supervision_phone`: the item's body's (see `bodies`), when not the site's."""
    yield from not_stated(item)
    if len(item.name) > LONG_NAME:
        yield Finding("PL422", ("name",), say("PL422", length=len(item.name), limit=LONG_NAME))
    for loc, phone in _phones(item):
        problem = phone_problem(phone)
        if problem:
            yield Finding("PL409", loc, problem)

    if type_name == "行政许可" and item.responsibilities:  # 未载明: said above
        stages = {r.stage for r in item.responsibilities} | {r.standard for r in item.responsibilities if r.standard}
        missing = [s for s in LICENSING_STAGES if not any(s in st for st in stages)]
        if missing:
            yield Finding("PL411", ("responsibilities",), say("PL411", stages="、".join(missing)), key=True)

    yield from _delegation(item)
    if item.service is not None and item.commitment is not None:
        yield Finding("PL414", ("commitment",), say("PL414"), key=True)
    terms, key = item.terms, item.terms_key
    if terms is None:
        return
    tl = terms.time_limit
    if tl.statutory is not None:
        verdict = compare(tl.promised, tl.statutory)
        if verdict == "over":
            yield Finding("PL401", (key, "time_limit", "promised"),
                          say("PL401", promised=tl.promised, statutory=tl.statutory))
        elif verdict == "unknown":
            yield Finding("PL402", (key, "time_limit", "promised"),
                          say("PL402", promised=tl.promised, statutory=tl.statutory))
    yield from _extension(tl, (key, "time_limit", "extension"))
    if terms.case_type is not None and tl.promised.is_instant != (terms.case_type == "即办件"):
        yield Finding("PL403", (key, "case_type"),
                      say("PL403", "instant" if tl.promised.is_instant else "promised", promised=tl.promised))
    if terms.visits is not None and terms.visits > 0 and not terms.visits_reason and item.service is not None:
        yield Finding("PL404", (key, "visits"), say("PL404", visits=terms.visits))
    limit = _PROMISED_VISITS.get(site.promise or "")
    if limit is not None and terms.visits is not None and terms.visits > limit:
        yield Finding("PL412", (key, "visits"), say("PL412", promise=site.promise, visits=terms.visits))

    svc = item.service
    if svc is None:
        return
    online = svc.channels.online
    if svc.visits == 0 and online is None and not svc.channels.mail:
        yield Finding("PL405", ("service", "channels"), say("PL405"), key=True)
    if online is not None and online.depth == 4 and svc.visits > 0:
        yield Finding("PL406", ("service", "visits"), say("PL406", visits=svc.visits))
    for i, m in enumerate(svc.materials):
        if m.form != "电子" and m.copies is None:
            yield Finding("PL417", ("service", "materials", i, "form"), say("PL417", material=m.name, form=m.form))
        if m.condition and m.necessity == "必要":
            yield Finding("PL532", ("service", "materials", i, "necessity"),
                          say("PL532", material=m.name, condition=m.condition))

    if svc.tolerance is not None and not svc.tolerance.applies:
        for i, m in enumerate(svc.materials):
            if m.necessity == "容缺后补":
                yield Finding("PL538", ("service", "materials", i, "necessity"), say("PL538", material=m.name))

    if svc.fee.charged and not svc.fee.items:
        yield Finding("PL407", ("service", "fee", "charged"), say("PL407"))

    complaint = svc.complaint.phone if svc.complaint else (
        item.supervision.phone if item.supervision and item.supervision.phone
        else supervision_phone or site.supervision.phone)
    if complaint and _digits(complaint) == _digits(svc.consult.phone):
        yield Finding("PL408", ("service", "consult", "phone"), say("PL408", phone=svc.consult.phone))

    if svc.result is not None and not svc.result.sample:
        yield Finding("PL410", ("service", "result"), say("PL410", result=svc.result.name), key=True)


_ENTRUSTED = ("上级委托", "同级委托")  # 权力来源 of an entrusted power
_DELEGATED = _ENTRUSTED + ("上级下放",)  # … and of one whose delegation document should be cited


def _delegation(item: PowerItem) -> Iterator[Finding]:
    """权力来源, 实施主体性质 and the delegation block agree."""
    nature = item.subject.nature if item.subject and item.subject.nature != "未载明" else None
    if item.source in _ENTRUSTED and nature is not None and nature != "受委托组织":
        yield Finding("PL415", ("subject", "nature"), say("PL415", "entrusted-nature", source=item.source, nature=nature))
    if nature == "受委托组织" and item.source not in _ENTRUSTED + ("未载明",):
        yield Finding("PL415", ("source",), say("PL415", "nature-source", source=item.source))
    d = item.delegation
    if d is None and item.source in _DELEGATED:
        yield Finding("PL416", ("source",), say("PL416", source=item.source))
    if d is not None and item.source not in _DELEGATED + ("上级授权", "同级授权"):
        yield Finding("PL415", ("delegation",), say("PL415", "own-power"), key=True)
    if d is not None and d.start and d.end and d.end < d.start:
        yield Finding("PL415", ("delegation", "end"), say("PL415", "dates", start=d.start, end=d.end))


def _extension(tl: TimeLimit, loc: tuple[str | int, ...]) -> Iterator[Finding]:
    e = tl.extension
    if e is None:
        return
    if tl.statutory is None:
        yield Finding("PL413", loc, say("PL413", "no-statutory"), key=True)
        return
    given = e.by if e.by is not None else e.to
    assert given is not None  # Extension's validator requires one of the two
    where = loc + ("by" if e.by is not None else "to",)
    if given.unit is not tl.statutory.unit or given.unit not in (Unit.WORKDAY, Unit.DAY):
        yield Finding("PL413", where, say("PL413", "unit-statutory", extension=given, limit=tl.statutory))
    elif e.to is not None and e.to.amount <= tl.statutory.amount:
        yield Finding("PL413", where, say("PL413", "not-longer", to=e.to, statutory=tl.statutory))
    elif tl.promised.unit in (Unit.INSTANT, Unit.SAME_DAY):
        yield Finding("PL413", loc[:-1] + ("promised",), say("PL413", "instant", promised=tl.promised))
    elif tl.promised.unit is not given.unit:
        yield Finding("PL413", loc[:-1] + ("promised",),
                      say("PL413", "unit-promised", extension=given, limit=tl.promised))


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


def _phones(item: PowerItem) -> Iterator[tuple[tuple[str, ...], str]]:
    if item.supervision and item.supervision.phone:
        yield ("supervision", "phone"), item.supervision.phone
    if item.supervision and item.supervision.hotline:
        yield ("supervision", "hotline"), item.supervision.hotline
    if item.subject is not None:
        for f in ("phone", "supervision_phone"):
            if getattr(item.subject, f):
                yield ("subject", f), getattr(item.subject, f)
    if item.service:
        yield ("service", "consult", "phone"), item.service.consult.phone
        if item.service.complaint:
            yield ("service", "complaint", "phone"), item.service.complaint.phone


def placeholders(value: object, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
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
