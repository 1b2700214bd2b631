"""Validate parsed YAML against the models; explain every error in Chinese
at the line and column of the offending key or value."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from yaml.nodes import ScalarNode

from .diagnostics import Diagnostic
from .yamlsource import BOOL, FLOAT, INT, NULL, TIMESTAMP, Source, dotted

M = TypeVar("M", bound=BaseModel)

_KIND = {
    "string_type": "文字", "int_type": "整数", "int_parsing": "整数", "int_from_float": "整数",
    "bool_type": "true 或 false", "bool_parsing": "true 或 false", "float_type": "数字",
    "float_parsing": "数字", "list_type": "列表（每项以“- ”开头）",
    "dict_type": "字段组（键: 值）", "model_type": "字段组（键: 值）", "model_attributes_type": "字段组（键: 值）",
}
_YAML_READ_AS = {INT: "整数", FLOAT: "小数", BOOL: "布尔值", TIMESTAMP: "日期", NULL: "空值"}


def validate(model: type[M], source: Source, data: Any = None, base: tuple = ()) -> tuple[M | None, list[Diagnostic]]:
    """Validate `data` (default: the whole file) located at `base` in `source`."""
    try:
        return model.model_validate(source.data if data is None else data), []
    except ValidationError as exc:
        return None, [explain(model, source, base, err) for err in exc.errors(include_url=False)]


def explain(model: type[BaseModel], source: Source, base: tuple, err: dict) -> Diagnostic:
    """One pydantic error as a Chinese diagnostic; `base` is where the
    validated data sits in `source`."""
    loc = base + tuple(err["loc"])
    typ, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    field_loc = tuple(s for s in loc if not (isinstance(s, str) and ("[" in s or s in _UNION_TAGS)))

    if typ == "extra_forbidden":
        key = field_loc[-1]
        known = _fields_at(model, tuple(err["loc"])[:-1])
        near = difflib.get_close_matches(str(key), known, n=1, cutoff=0.5)
        hint = f"是否要写 {near[0]}？" if near else f"此处可用的字段：{'、'.join(known)}"
        return source.diag("PL201", field_loc, f"未知字段 {key}；{hint}", key=True)

    if typ == "missing":
        key = field_loc[-1]
        title = _title_at(model, tuple(err["loc"]))
        parent = field_loc[:-1]
        d = source.diag("PL202", parent, f"缺少必填字段 {key}（{title}）", key=bool(parent))
        return Diagnostic(d.rule, d.file, d.line, d.col, dotted(field_loc), d.message)

    node = source.node_at(field_loc)
    if isinstance(node, ScalarNode) and not node.style and node.tag in _YAML_READ_AS:
        read_as = _YAML_READ_AS[node.tag]
        if node.tag == NULL:
            return source.diag("PL202", field_loc, "值为空，请填写内容")
        if typ in ("string_type", "literal_error", "enum", "string_pattern_mismatch") or (
            typ.endswith("_type") and node.tag != INT
        ):
            shown = _py_show(value)
            lost = "（前导零已丢失）" if node.tag == INT and node.value.lstrip("+-").startswith("0") and node.value not in ("0",) else ""
            return source.diag(
                "PL204", field_loc,
                f"未加引号的 {node.value} 被 YAML 读成了{read_as} {shown}{lost}；请加英文引号写成 \"{node.value}\"")

    if typ in _KIND:
        return source.diag("PL203", field_loc, f"应为{_KIND[typ]}，实际写的是{_describe(value)}")
    if typ == "literal_error":
        return source.diag("PL205", field_loc, f"“{_py_show(value)}”不是允许的取值；可选：{_choices(ctx.get('expected', ''))}")
    if typ == "too_short":
        if isinstance(value, str):
            return source.diag("PL202", field_loc, "不能为空")
        return source.diag("PL205", field_loc, f"至少需要 {ctx.get('min_length')} 项")
    if typ == "too_long":
        return source.diag("PL205", field_loc, f"最多 {ctx.get('max_length')} 项")
    if typ == "string_too_short":
        return source.diag("PL202", field_loc, "不能为空" if ctx.get("min_length", 1) <= 1 else f"至少 {ctx['min_length']} 个字")
    if typ == "string_too_long":
        return source.diag("PL205", field_loc, f"太长：最多 {ctx.get('max_length')} 个字，实际 {len(str(value))} 个字")
    if typ == "string_pattern_mismatch":
        return source.diag("PL205", field_loc, f"“{value}”格式不对：{_pattern_hint(field_loc)}")
    if typ in ("greater_than_equal", "greater_than"):
        return source.diag("PL205", field_loc, f"不能小于 {ctx.get('ge', ctx.get('gt'))}，实际是 {value}")
    if typ in ("less_than_equal", "less_than"):
        return source.diag("PL205", field_loc, f"不能大于 {ctx.get('le', ctx.get('lt'))}，实际是 {value}")
    if typ == "value_error":
        msg = str(ctx.get("error", err["msg"]))
        rule = "PL207" if "时限" in msg or "工作日" in msg else "PL205"
        return source.diag(rule, field_loc, msg)
    return source.diag("PL205", field_loc, f"取值不合规（{err['msg']}）")


_UNION_TAGS = {"str", "int", "list", "dict", "bool", "none", "function-after", "function-plain"}

_PATTERN_HINTS = {
    "code": "编码只能包含英文字母、数字、点、下划线和连字符，且以字母或数字开头",
    "basic_code": "编码只能包含英文字母、数字、点、下划线和连字符",
    "implementation_code": "编码只能包含英文字母、数字、点、下划线和连字符",
    "credit_code": "统一社会信用代码应为 18 位数字或大写字母",
    "region_code": "区划代码应为 12 位数字",
    "id": "步骤 id 只能用小写英文字母开头，含小写字母、数字、-、_",
    "to": "应填写某个步骤的 id",
    "next": "应填写某个步骤的 id",
    "use": "模板名只能用小写英文字母、数字和连字符",
    "email": "电子邮箱格式不对",
    "abbr": "简码应为两个大写字母",
}


def _pattern_hint(loc: tuple) -> str:
    for step in reversed(loc):
        if isinstance(step, str):
            return _PATTERN_HINTS.get(step, "不符合规定格式")
    return "不符合规定格式"


def _choices(expected: str) -> str:
    return expected.replace("'", "").replace(" or ", "、").replace(", ", "、")


def _py_show(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"布尔值 {_py_show(value)}"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    if isinstance(value, str):
        short = value if len(value) <= 20 else value[:20] + "…"
        return f"文字“{short}”"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "字段组"
    if value is None:
        return "空值"
    return type(value).__name__


# --- walking the model classes along a loc -----------------------------------

def _unwrap(tp: Any) -> list[Any]:
    """The model classes or containers an annotation may hold."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        out = []
        for arg in typing.get_args(tp):
            out += _unwrap(arg)
        return out
    return [tp]


def _step(tp: Any, step: Any) -> Any:
    for cand in _unwrap(tp):
        origin = typing.get_origin(cand)
        if isinstance(cand, type) and issubclass(cand, BaseModel) and isinstance(step, str):
            for name, f in cand.model_fields.items():
                if (f.alias or name) == step:
                    return f.annotation
        elif origin is list and isinstance(step, int):
            return typing.get_args(cand)[0]
        elif origin is dict and isinstance(step, str):
            return typing.get_args(cand)[1]
    return None


def _resolve(model: type[BaseModel], loc: tuple) -> Any:
    tp: Any = model
    for step in loc:
        if isinstance(step, str) and ("[" in step or step in _UNION_TAGS):
            continue
        nxt = _step(tp, step)
        if nxt is None:
            return None
        tp = nxt
    return tp


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    tp = _resolve(model, loc)
    for cand in _unwrap(tp) if tp is not None else []:
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            return [f.alias or n for n, f in cand.model_fields.items()]
    return []


def _title_at(model: type[BaseModel], loc: tuple) -> str:
    parent = _resolve(model, loc[:-1])
    for cand in _unwrap(parent) if parent is not None else []:
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            for name, f in cand.model_fields.items():
                if (f.alias or name) == loc[-1]:
                    return f.title or name
    return str(loc[-1])

