"""Turn what staff wrote (an inline flow, or a template with parameters and
overrides) into one concrete list of steps, and know for every field where
it was written, so that a problem is reported where it can be fixed: in the
item's steps, in its `flow.with` or `flow.override`, or in the template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ..diagnostics import Diagnostic
from ..provenance import STATED, Provenance, Said
from ..rules import say
from .model import FlowSpec, FlowTemplate, Step, StepPatch
from ..validate import explain, merge_unions
from ..yamlsource import Source

_PARAM = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_NONE = StepPatch()
# What makes two items' uses of a template the same (`use_key`): its parameters' values and its overrides.
UseKey = tuple[tuple[tuple[str, str | int], ...], tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]]


@dataclass(frozen=True, slots=True)
class Origin:
    source: Source
    loc: tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Use:
    """How an item uses a template: the item's file and its `flow` block."""

    source: Source
    spec: FlowSpec


@dataclass(slots=True)
class Flow:
    """A concrete flow. Steps are written at `source` under `base` (the
    item's `flow.steps`, or the template's `steps`); for a template flow,
    `use` says which fields the item filled in or changed."""

    steps: list[Step]
    source: Source
    base: tuple[str | int, ...]
    template: FlowTemplate | None = None
    template_id: str | None = None
    use: Use | None = None
    by_id: dict[str, Step] = field(init=False, repr=False)
    index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id, self.index = {}, {}
        for i, s in enumerate(self.steps):
            self.by_id.setdefault(s.id, s)
            self.index.setdefault(s.id, i)

    @property
    def start(self) -> Step | None:
        return next((s for s in self.steps if s.kind == "start"), None)

    def origin(self, i: int, fld: str | None = None) -> Origin:
        if self.template is not None and fld:
            return _template_origin(self.template, self.source, i, fld, self.use)
        return Origin(self.source, self.base + (i, fld or "id"))

    def said(self, i: int, fld: str) -> Said:
        """Who states step `i`'s field `fld`: the item (its inline steps,
        `flow.with` or `flow.override`), or the template it is taken from.
        A field no one wrote (a task's time left out) is not stated."""
        d = self.steps[i].duration if fld == "duration" else None
        if d is not None and d.unit.name == "UNKNOWN":
            return Said.UNSTATED
        if self.template is None:
            return Said.STATED if fld in self.steps[i].model_fields_set else Said.UNSTATED
        o = _template_origin(self.template, self.source, i, fld, self.use)
        if self.use is not None and o.source is self.use.source:
            return Said.STATED
        raw = self.template.steps[i]
        if fld not in raw and (self.use is None or fld not in self.use.spec.override.get(str(raw.get("id")), _NONE).model_fields_set):
            return Said.UNSTATED
        return Said.INHERITED

    def provenance(self, indexes: "list[int] | tuple[int, ...]", fld: str) -> Provenance:
        """Who states `fld` of the steps numbered `indexes`, together: the
        item when it wrote every one of them, else the template, named,
        with the inherited steps by their stage (else their label)."""
        taken: list[str] = []
        for i in indexes:
            if self.said(i, fld) is Said.INHERITED:
                s = self.steps[i]
                name = "、".join(s.stages) if s.stages else s.label
                if name not in taken:
                    taken.append(name)
        if not taken:
            return STATED
        assert self.template is not None
        return Provenance(Said.INHERITED, self.template.name, tuple(taken))

    def diag(self, rule: str, i: int, fld: str | None, message: str, key: bool = False) -> Diagnostic:
        o = self.origin(i, fld)
        return o.source.diag(rule, o.loc, message, key=key)


def _template_origin(tpl: FlowTemplate, tpl_src: Source, i: int, fld: str, use: Use | None) -> Origin:
    raw = tpl.steps[i]
    sid = raw.get("id")
    if use is not None and isinstance(sid, str):
        patch = use.spec.override.get(sid)
        if patch is not None and fld in patch.model_fields_set:
            return Origin(use.source, ("flow", "override", sid, fld))
    value = raw.get(fld)
    whole = _PARAM.fullmatch(value) if isinstance(value, str) else None
    if whole:
        param = whole.group(1)
        if use is not None and param in use.spec.with_:
            return Origin(use.source, ("flow", "with", param))
        return Origin(tpl_src, ("params", param, "default"))
    return Origin(tpl_src, ("steps", i, fld))


def inline_flow(spec: FlowSpec, src: Source) -> Flow:
    assert spec.steps is not None
    return Flow(list(spec.steps), src, ("flow", "steps"))


def _fill(value: Any, values: dict[str, Any]) -> Any:
    """Fill `{param}` in a string; a value that is one whole parameter takes
    the parameter's own value (so numbers stay numbers)."""
    if not isinstance(value, str) or "{" not in value:
        return value
    whole = _PARAM.fullmatch(value)
    if whole and whole.group(1) in values:
        return values[whole.group(1)]
    return _PARAM.sub(lambda m: str(values.get(m.group(1), m.group(0))), value)


def template_shape(tpl: FlowTemplate, src: Source, tpl_id: str) -> tuple[Flow | None, list[Diagnostic]]:
    """The template's own steps, filled with parameter defaults, for the
    checks that do not depend on an item (shape, literal lanes)."""
    diags: list[Diagnostic] = []
    for i, raw in enumerate(tpl.steps):
        for key, value in raw.items():
            for name in _PARAM.findall(value) if isinstance(value, str) else ():
                if name not in tpl.params:
                    diags.append(src.diag("PL512", ("steps", i, key), say("PL512", "undefined", param=name)))
    defaults = {k: p.default for k, p in tpl.params.items() if p.default is not None}
    steps, d = _build(tpl, src, defaults, None)
    flow = Flow(steps, src, ("steps",), tpl, tpl_id) if steps is not None else None
    return flow, diags + d


def use_key(spec: FlowSpec) -> UseKey:
    """Items whose `flow.with` and `flow.override` are equal get equal flows."""
    return (tuple(sorted(spec.with_.items())),
            tuple(sorted((sid, tuple(sorted(p.model_dump(exclude_unset=True).items())))
                         for sid, p in spec.override.items())))


def template_flow(spec: FlowSpec, item_src: Source, tpl: FlowTemplate, tpl_src: Source, tpl_id: str,
                  memo: dict[UseKey, list[Step]]) -> tuple[Flow | None, list[Diagnostic]]:
    """An item's flow from a template, with its parameters and overrides.
    `memo` keeps the validated steps per `use_key`, shared by all items
    that use the template the same way (steps are immutable)."""
    diags: list[Diagnostic] = []
    for key in spec.with_:
        if key not in tpl.params:
            known = "、".join(tpl.params) or "无"
            diags.append(item_src.diag("PL512", ("flow", "with", key),
                                       say("PL512", "unknown", template=tpl_id, param=key, params=known), key=True))
    missing = [k for k, p in tpl.params.items() if p.default is None and k not in spec.with_]
    if missing:
        told = "；".join(say("PL512", "param", param=k, description=tpl.params[k].description) for k in missing)
        diags.append(item_src.diag("PL512", ("flow", "use"), say("PL512", "missing", template=tpl_id, params=told)))
    ids = [str(raw.get("id")) for raw in tpl.steps]
    for sid in spec.override:
        if sid not in ids:
            diags.append(item_src.diag("PL513", ("flow", "override", sid),
                                       say("PL513", template=tpl_id, step=sid, steps="、".join(ids)), key=True))
    if diags:
        return None, diags
    use = Use(item_src, spec)
    memo_key = use_key(spec)
    steps = memo.get(memo_key)
    if steps is None:
        values = {k: p.default for k, p in tpl.params.items() if p.default is not None}
        values.update(spec.with_)
        steps, diags = _build(tpl, tpl_src, values, use)
        if steps is None:
            return None, diags
        memo[memo_key] = steps
    return Flow(steps, tpl_src, ("steps",), tpl, tpl_id, use), []


def _build(tpl: FlowTemplate, tpl_src: Source, values: dict[str, Any],
           use: Use | None) -> tuple[list[Step] | None, list[Diagnostic]]:
    """Fill in and validate the template's steps."""
    steps: list[Step] = []
    diags: list[Diagnostic] = []
    for i, raw in enumerate(tpl.steps):
        data: dict[str, Any] = {}
        for key, value in raw.items():
            filled = _fill(value, values)
            if isinstance(filled, str) and _PARAM.fullmatch(filled):
                if use is None and key == "label":
                    # the template's own shape, before any item: a label that is one parameter
                    # is there, its text is the item's (an item that does not give it is told so)
                    data[key] = filled
                continue  # a parameter with no value here: checked per item
            data[key] = filled
        sid = data.get("id")
        if use is not None and isinstance(sid, str) and sid in use.spec.override:
            patch = use.spec.override[sid]
            data.update({k: getattr(patch, k) for k in patch.model_fields_set})
        try:
            steps.append(Step.model_validate(data))
        except ValidationError as exc:
            for err in merge_unions(Step, exc.errors(include_url=False)):
                data_loc, is_key, union = err["_split"]
                head = data_loc[0] if data_loc else None
                if err["type"] == "extra_forbidden" or not isinstance(head, str) or head not in data \
                        or head not in Step.model_fields:
                    d = explain(Step, tpl_src, ("steps", i), err)  # written in the template itself
                else:  # where this field's value came from: the template, a parameter or an override
                    o = _template_origin(tpl, tpl_src, i, head, use)
                    d = explain(Step.model_fields[head].annotation, o.source, o.loc,
                                {**err, "_split": (data_loc[1:], is_key, union)})
                if d is not None:
                    diags.append(d)
    return (None, diags) if diags else (steps, [])
