"""Domain rules for one valid item: the quality rules real provincial
checkers apply to a 办事指南 (domain.md §3.1)."""

from __future__ import annotations

import re
from typing import Iterator

from .diagnostics import Finding
from .durations import compare
from .models import PowerItem, Site

PLACEHOLDER = "【待填写"  # what `powerlist new` leaves for staff to fill in

_LANDLINE = re.compile(r"^0\d{2,3}-\d{7,8}(-\d{1,6})?$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_HOTLINE = re.compile(r"^(12\d{3}|95\d{3,4}|400-?\d{3}-?\d{4})$")
_SEVERAL = re.compile(r"[、,，;；/]|\s\d|\d\s+\d")

LICENSING_STAGES = ("受理", "审查", "决定", "送达")


def phone_problem(phone: str) -> str | None:
    if _SEVERAL.search(phone):
        return f"“{phone}”像是写了多个号码；一个字段只写一个号码"
    if _LANDLINE.match(phone) or _MOBILE.match(phone) or _HOTLINE.match(phone):
        return None
    if re.fullmatch(r"\d{7,8}", phone):
        return f"固定电话“{phone}”缺少区号，应写成如 0373-{phone}"
    if re.fullmatch(r"0\d{9,11}", phone):
        return f"“{phone}”请在区号后加连字符，如 {phone[:4]}-{phone[4:]}"
    return f"“{phone}”不是有效的电话号码；固定电话写成 0373-1234567，手机写 11 位"


def lint_item(item: PowerItem, type_name: str, site: Site) -> Iterator[Finding]:
    for loc, phone in _phones(item):
        problem = phone_problem(phone)
        if problem:
            yield Finding("PL409", loc, problem)

    if type_name == "行政许可":
        stages = {r.stage for r in item.responsibilities}
        missing = [s for s in LICENSING_STAGES if not any(s in st for st in stages)]
        if missing:
            yield Finding("PL411", ("responsibilities",), f"行政许可的责任事项缺少：{'、'.join(missing)}", key=True)

    svc = item.service
    if svc is None:
        return
    tl = svc.time_limit
    if tl.statutory is not None:
        verdict = compare(tl.promised, tl.statutory)
        if verdict == "over":
            yield Finding("PL401", ("service", "time_limit", "promised"),
                           f"承诺时限 {tl.promised} 超过了法定时限 {tl.statutory}")
        elif verdict == "unknown":
            yield Finding("PL402", ("service", "time_limit", "promised"),
                           f"承诺时限 {tl.promised} 与法定时限 {tl.statutory} 单位不同，无法确定是否超期；请统一按工作日或自然日写")
    if tl.promised.is_instant != (svc.case_type == "即办件"):
        yield Finding("PL403", ("service", "case_type"),
                       f"承诺时限为 {tl.promised}，办件类型应为{'即办件' if tl.promised.is_instant else '承诺件'}")

    if svc.visits > 0 and not svc.visits_reason:
        yield Finding("PL404", ("service", "visits"),
                       f"到现场 {svc.visits} 次，须在 visits_reason 中说明必须到现场办理的原因")
    online = svc.channels.online
    if svc.visits == 0 and online is None and not svc.channels.mail:
        yield Finding("PL405", ("service", "channels"), "到现场 0 次，但既不能网上办理也不能邮寄申请", key=True)
    if online is not None and online.depth == 4 and svc.visits > 0:
        yield Finding("PL406", ("service", "visits"), f"网上办理深度为 4（全程网办），到现场次数应为 0，实际为 {svc.visits}")
    limit = {"最多跑一次": 1, "零跑腿": 0}.get(site.promise or "")
    if limit is not None and svc.visits > limit:
        yield Finding("PL412", ("service", "visits"), f"本机关承诺“{site.promise}”，但该事项到现场 {svc.visits} 次")

    if svc.fee.charged and not svc.fee.items:
        yield Finding("PL407", ("service", "fee", "charged"), "收费事项须在 fee.items 中写明收费项目、标准和依据")

    complaint = svc.complaint.phone if svc.complaint else (
        item.supervision.phone if item.supervision and item.supervision.phone else site.supervision.phone)
    if complaint and _digits(complaint) == _digits(svc.consult.phone):
        yield Finding("PL408", ("service", "consult", "phone"),
                       f"咨询电话与投诉电话都是 {svc.consult.phone}；投诉应由监督部门受理")

    if svc.result is not None and not svc.result.sample:
        yield Finding("PL410", ("service", "result"), f"办理结果“{svc.result.name}”缺少结果样本（result.sample）", key=True)


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
