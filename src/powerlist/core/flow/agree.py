"""Whether a flow agrees with the rest of its item: what its steps say
about mail, online service and delivery matches the guide's channels and
result, its extension steps match a declared extension, and the units
that handle the item appear in it. Each problem is reported where the
step (or the field) is written.

>>> re.search(_MAIL, "不接受邮寄") is None, re.search(_MAIL, "可邮寄或网上提交") is not None
(True, True)
"""

from __future__ import annotations

import dataclasses
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
# a claim that the applicant comes to the window (to hand in, or to collect)
_WINDOW = _NOT + r"(窗口领取|窗口提交|到窗口|现场领取|到现场|当面领取|上门领取)"
_WINDOW_RESULT = r"(窗口|现场|当面|自取)"


def _text(s: Step) -> tuple[tuple[str, str], ...]:
    """The step's texts a claim can be read from, by field."""
    return tuple((f, v) for f, v in (("label", s.label), ("note", s.note)) if v)


def _says(s: Step, pattern: str, flow: Flow | None = None, i: int = 0) -> str | None:
    """The field of the step that says `pattern`, if any; with `flow`,
    only a field the item wrote itself (a template's words are PL535's)."""
    return next((f for f, v in _text(s) if re.search(pattern, v)
                 and (flow is None or flow.said(i, f).value != "inherited")), None)


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
            f = _says(s, _MAIL, flow, i)
            if f and not svc.channels.mail:
                out.append(flow.diag("PL530", i, f, say("PL530", step=s.label)))
            f = _says(s, _ONLINE, flow, i)
            if f and svc.channels.online is None:
                out.append(flow.diag("PL531", i, f, say("PL531", step=s.label)))
        if svc.result is not None and delivery_steps:
            by_mail = any(re.search(_MAIL, d) for d in svc.result.delivery)
            mailing = [(i, s, f) for i, s in delivery_steps if (f := _says(s, _MAIL))]
            own_words = [(i, s, f) for i, s, f in mailing if flow.said(i, f).value != "inherited"]
            if own_words and not by_mail:
                i, s, f = own_words[0]
                out.append(flow.diag("PL533", i, f, say("PL533", "flow-mail", step=s.label,
                                                          delivery="、".join(svc.result.delivery) or "—")))
            elif by_mail and not mailing:
                out.append(_item_diag(flow, "PL533", ("service", "result", "delivery"), say("PL533", "result-mail")))
        out += inherited_claims(flow, item)
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


def inherited_claims(flow: Flow, item: PowerItem) -> list[Diagnostic]:
    """A template's words about how the applicant comes, applies or
    collects (window, mail, online) that the item's own structured fields
    rule out: an error (PL535), because a template's default is not the
    item's statement. Only text the item did not write itself is read
    here; the item's own words are the warnings PL530, PL531, PL533.
    Reported in the item's file, where an override fixes it."""
    svc = item.service
    if svc is None or flow.template is None or flow.use is None:
        return []
    src = flow.use.source
    root = item.terms_key

    def fact(loc: tuple[str | int, ...], value: str) -> str:
        return say("PL535", "fact", value=value, line=src.pos(loc)[0], key=".".join(map(str, loc)))

    delivery = svc.result.delivery if svc.result else []
    out: list[Diagnostic] = []
    for i, s in enumerate(flow.steps):
        for fld, text in _text(s):
            if flow.said(i, fld).value != "inherited":
                continue
            against: list[str] = []
            if re.search(_WINDOW, text):
                if svc.visits == 0:
                    against.append(fact((root, "visits"), say("PL535", "visits-0")))
                if _delivers(s) and delivery and not any(re.search(_WINDOW_RESULT, d) for d in delivery):
                    against.append(fact(("service", "result", "delivery"), say("PL535", "delivery", delivery="、".join(delivery))))
                elif not _delivers(s) and not svc.channels.window:
                    against.append(fact(("service", "channels", "window"), say("PL535", "no-window")))
            if re.search(_MAIL, text):
                if _delivers(s):
                    if delivery and not any(re.search(_MAIL, d) for d in delivery):
                        against.append(fact(("service", "result", "delivery"), say("PL535", "delivery", delivery="、".join(delivery))))
                elif not svc.channels.mail:
                    against.append(fact(("service", "channels"), say("PL535", "no-mail")))
            if re.search(_ONLINE, text) and svc.channels.online is None:
                against.append(fact(("service", "channels"), say("PL535", "no-online")))
            if against:
                tpl_line = flow.source.pos(("steps", i, fld))[0] if flow.source.file else 0
                at = ("flow", "override", s.id) if s.id in flow.use.spec.override else ("flow", "use")
                out.append(src.diag("PL535", at, say(
                    "PL535", template=flow.template.name, file=flow.source.file, line=tpl_line, step=s.label,
                    field=say("PL535", fld), text=text, sid=s.id, fld=fld,
                    facts="；".join(against))))
    return out


def _item_diag(flow: Flow, rule: str, loc: tuple[str | int, ...], message: str) -> Diagnostic:
    """A finding about the item's own fields, in the item's file."""
    source = flow.use.source if flow.use is not None else flow.source
    return source.diag(rule, loc, message)


def special_steps(flow: Flow, item: PowerItem) -> tuple[Flow, list[Diagnostic]]:
    """The flow as the promise check counts it: a step the guide names as a
    特殊环节 (special_steps[].step) does not count toward the time limit,
    whatever the flow says. A special step naming no step of the flow, or
    stating another time than its step, is reported (PL537)."""
    svc = item.service
    if svc is None or not svc.special_steps:
        return flow, []
    out: list[Diagnostic] = []
    named: set[str] = set()
    for i, sp in enumerate(svc.special_steps):
        if sp.step is None:
            continue
        step = flow.by_id.get(sp.step)
        if step is None:
            out.append(_item_diag(flow, "PL537", ("service", "special_steps", i, "step"),
                                  say("PL537", "missing", name=sp.name, step=sp.step,
                                      steps="、".join(s.id for s in flow.steps))))
            continue
        named.add(step.id)
        d = step.duration
        if sp.duration is not None and d is not None and d.unit.name != "UNKNOWN" and d != sp.duration:
            out.append(_item_diag(flow, "PL537", ("service", "special_steps", i, "duration"),
                                  say("PL537", "time", name=sp.name, time=sp.duration, step=step.label, step_time=d)))
    if not any(s.counts for s in flow.steps if s.id in named):
        return flow, out
    steps = [s.model_copy(update={"counts": False}) if s.id in named and s.counts else s for s in flow.steps]
    return dataclasses.replace(flow, steps=steps), out
