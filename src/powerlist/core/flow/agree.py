"""Whether a flow agrees with the rest of its item: what its steps say
about mail, online service and delivery matches the guide's channels and
result, its extension steps match a declared extension, and the units
that handle the item appear in it. Each problem is reported where the
step (or the field) is written.

>>> re.search(_MAIL, "不接受邮寄") is None, re.search(_MAIL, "可邮寄或网上提交") is not None
(True, True)
"""

from __future__ import annotations

import re

from ..diagnostics import Diagnostic
from ..lint import phone_problem
from ..models import PowerItem
from ..rules import say
from .expand import Flow
from .model import Step

# a word not negated just before it (不接受邮寄, 无需快递, 不支持网上办理 are no claims)
_NOT = r"(?<!不)(?<!无)(?<!非)(?<!勿)(?<!不接受)(?<!不支持)(?<!无需)(?<!不得)(?<!不能)"
_MAIL = _NOT + r"(邮寄|快递|寄送|邮政)"
_ONLINE = _NOT + r"(网上|在线|网办|线上|网络平台|政务服务网)"
_DELIVERY_WORDS = ("送达", "领取", "发放", "颁发", "寄送结果")


def _text(s: Step) -> tuple[tuple[str, str], ...]:
    """The step's texts a claim can be read from, by field."""
    return tuple((f, v) for f, v in (("label", s.label), ("note", s.note)) if v)


def _says(s: Step, pattern: str) -> str | None:
    """The field of the step that says `pattern`, if any."""
    return next((f for f, v in _text(s) if re.search(pattern, v)), None)


def _delivers(s: Step) -> bool:
    return "送达" in s.stages or any(w in s.label for w in _DELIVERY_WORDS)


def agreement(flow: Flow, item: PowerItem, site_units: set[str], own: bool = True) -> list[Diagnostic]:
    """`own`: the item is done by the site's own authority (whose units
    the site lists)."""
    out: list[Diagnostic] = []
    terms = item.terms
    if terms is not None and terms.time_limit.extension is None:
        for i, s in enumerate(flow.steps):
            if s.extension:
                out.append(flow.diag("PL521", i, "extension", say("PL521", step=s.label)))
    svc = item.service
    if svc is not None:
        delivery_steps = [(i, s) for i, s in enumerate(flow.steps) if _delivers(s)]
        for i, s in enumerate(flow.steps):
            if _delivers(s):
                continue
            f = _says(s, _MAIL)
            if f and not svc.channels.mail:
                out.append(flow.diag("PL530", i, f, say("PL530", step=s.label)))
            f = _says(s, _ONLINE)
            if f and svc.channels.online is None:
                out.append(flow.diag("PL531", i, f, say("PL531", step=s.label)))
        if svc.result is not None and delivery_steps:
            by_mail = any(re.search(_MAIL, d) for d in svc.result.delivery)
            mailing = [(i, s, f) for i, s in delivery_steps if (f := _says(s, _MAIL))]
            if mailing and not by_mail:
                i, s, f = mailing[0]
                out.append(flow.diag("PL533", i, f, say("PL533", "flow-mail", step=s.label,
                                                          delivery="、".join(svc.result.delivery) or "—")))
            elif by_mail and not mailing:
                out.append(_item_diag(flow, "PL533", ("service", "result", "delivery"), say("PL533", "result-mail")))
    for i, s in enumerate(flow.steps):
        problem = phone_problem(s.phone) if s.phone else None
        if problem:
            out.append(flow.diag("PL409", i, "phone", problem))
    lanes = {s.lane for s in flow.steps if s.lane}
    handling = sorted(lanes & site_units)
    if own and handling and not lanes & set(item.units):
        out.append(_item_diag(flow, "PL534", ("units",),
                              say("PL534", units="、".join(item.units), lanes="、".join(handling))))
    return out


def _item_diag(flow: Flow, rule: str, loc: tuple, message: str) -> Diagnostic:
    """A finding about the item's own fields, in the item's file."""
    source = flow.use.source if flow.use is not None else flow.source
    return source.diag(rule, loc, message)
