"""Turn what staff wrote (an inline flow, or a template with parameters and
overrides) into one concrete list of steps, remembering for every field
where it was written, so that a problem is reported where it can be fixed:
in the item, in its `flow.with`, or in the template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from .diagnostics import Diagnostic
from .flowmodel import FlowSpec, FlowTemplate, Step
from .validate import explain
from .yamlsource import Source

_PARAM = re.compile(r"\{([a-z][a-z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class Origin:
    source: Source
    loc: tuple
    key: bool = False  # point at the key rather than its value


@dataclass(slots=True)
class Flow:
    """A concrete flow: its steps in order, and where each field came from."""

    steps: list[Step]
    origins: dict[tuple[str, str | None], Origin] = field(default_factory=dict)
    template: str | None = None
    by_id: dict[str, Step] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {}
        for s in self.steps:
            self.by_id.setdefault(s.id, s)

    @property
    def start(self) -> Step | None:
        return next((s for s in self.steps if s.kind == "start"), None)

    def origin(self, step_id: str, fld: str | None = None) -> Origin:
        return self.origins.get((step_id, fld)) or self.origins[(step_id, None)]

    def diag(self, rule: str, step_id: str, fld: str | None, message: str) -> Diagnostic:
        o = self.origin(step_id, fld)
        return o.source.diag(rule, o.loc, message, key=o.key)


def inline_flow(spec: FlowSpec, src: Source) -> Flow:
    assert spec.steps is not None
    origins: dict[tuple[str, str | None], Origin] = {}
    for i, step in enumerate(spec.steps):
        base = ("flow", "steps", i)
        origins.setdefault((step.id, None), Origin(src, base + ("id",)))
        for name in Step.model_fields:
            origins.setdefault((step.id, name), Origin(src, base + (name,)))
    return Flow(list(spec.steps), origins)


def _substitute(value: Any, values: dict[str, Any]) -> tuple[Any, str | None]:
    """Fill `{param}` in a string; return the result and the single param
    the whole value came from (None when it mixes text or params)."""
    if not isinstance(value, str) or "{" not in value:
        return value, None
    whole = _PARAM.fullmatch(value)
    if whole and whole.group(1) in values:
        return values[whole.group(1)], whole.group(1)
    return _PARAM.sub(lambda m: str(values.get(m.group(1), m.group(0))), value), None


def template_shape(tpl: FlowTemplate, src: Source) -> tuple[Flow | None, list[Diagnostic]]:
    """The template's own steps, filled with parameter defaults, for the
    checks that do not depend on an item (shape, literal lanes)."""
    defaults = {k: p.default for k, p in tpl.params.items() if p.default is not None}
    diags: list[Diagnostic] = []
    for i, raw in enumerate(tpl.steps):
        for key, value in raw.items():
            for name in _PARAM.findall(value) if isinstance(value, str) else ():
                if name not in tpl.params:
                    diags.append(src.diag("PL512", ("steps", i, key),
                                          f"模板中用了参数 {{{name}}}，但 params 中没有定义"))
    steps, origins, d = _build(src, tpl, defaults, {}, None)
    return (Flow(steps, origins) if steps is not None else None), diags + d


def template_flow(spec: FlowSpec, item_src: Source, tpl: FlowTemplate, tpl_src: Source,
                  tpl_id: str) -> tuple[Flow | None, list[Diagnostic]]:
    """An item's flow from a template, with its parameters and overrides."""
    diags: list[Diagnostic] = []
    for key in spec.with_:
        if key not in tpl.params:
            known = "、".join(tpl.params) or "无"
            diags.append(item_src.diag("PL512", ("flow", "with", key),
                                       f"模板 {tpl_id} 没有参数 {key}；可用的参数：{known}", key=True))
    missing = [k for k, p in tpl.params.items() if p.default is None and k not in spec.with_]
    if missing:
        told = "；".join(f"{k}（{tpl.params[k].description}）" for k in missing)
        diags.append(item_src.diag("PL512", ("flow", "use"), f"模板 {tpl_id} 缺少参数：{told}；请写在 flow.with 中"))
    ids = {raw.get("id") for raw in tpl.steps}
    for sid in spec.override:
        if sid not in ids:
            diags.append(item_src.diag("PL513", ("flow", "override", sid),
                                       f"模板 {tpl_id} 中没有步骤 {sid}；可调整的步骤：{'、'.join(map(str, ids))}", key=True))
    if diags:
        return None, diags
    values = {k: p.default for k, p in tpl.params.items() if p.default is not None}
    values.update(spec.with_)
    steps, origins, d = _build(tpl_src, tpl, values, spec.with_, (item_src, spec))
    if steps is None:
        return None, d
    return Flow(steps, origins, template=tpl_id), d


def _build(tpl_src: Source, tpl: FlowTemplate, values: dict[str, Any], given: dict[str, Any],
           item: tuple[Source, FlowSpec] | None):
    steps: list[Step] = []
    origins: dict[tuple[str, str | None], Origin] = {}
    diags: list[Diagnostic] = []
    for i, raw in enumerate(tpl.steps):
        data: dict[str, Any] = {}
        where: dict[str, Origin] = {}
        for key, value in raw.items():
            filled, param = _substitute(value, values)
            if isinstance(filled, str) and _PARAM.fullmatch(filled):
                continue  # a parameter without a value: checked per item
            data[key] = filled
            if param is not None and item is not None and param in given:
                where[key] = Origin(item[0], ("flow", "with", param))
            elif param is not None:
                where[key] = Origin(tpl_src, ("params", param, "default"))
            else:
                where[key] = Origin(tpl_src, ("steps", i, key))
        sid = data.get("id")
        if item is not None and isinstance(sid, str) and sid in item[1].override:
            patch = item[1].override[sid]
            for key in patch.model_fields_set:
                data[key] = getattr(patch, key)
                where[key] = Origin(item[0], ("flow", "override", sid, key))
        try:
            step = Step.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                head = err["loc"][0] if err["loc"] else None
                o = where.get(head) if isinstance(head, str) else None
                if o is None:
                    diags.append(explain(Step, tpl_src, ("steps", i), err))
                else:
                    diags.append(explain(Step, o.source, o.loc, {**err, "loc": tuple(err["loc"][1:])}))
            continue
        origins.setdefault((step.id, None), Origin(tpl_src, ("steps", i, "id")))
        for key, o in where.items():
            origins.setdefault((step.id, key), o)
        for name in Step.model_fields:
            origins.setdefault((step.id, name), Origin(tpl_src, ("steps", i), key=False))
        steps.append(step)
    if diags:
        return None, {}, diags
    return steps, origins, diags
