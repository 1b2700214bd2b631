"""Validate parsed YAML against the models; explain every error in Chinese
at the line and column of the offending key or value."""

from __future__ import annotations

import datetime
import difflib
import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from yaml.nodes import ScalarNode

from .diagnostics import Diagnostic
from .yamlbuild import INT, NULL, TIMESTAMP, YAML_READ_AS, dotted, shown
from .yamlsource import Source

M = TypeVar("M", bound=BaseModel)

_KIND = {
    "string_type": "文字", "int_type": "整数", "int_parsing": "整数", "int_from_float": "整数",
    "bool_type": "true 或 false", "bool_parsing": "true 或 false", "float_type": "数字",
    "float_parsing": "数字", "list_type": "列表（每项以“- ”开头）",
    "dict_type": "字段组（键: 值）", "model_type": "字段组（键: 值）", "model_attributes_type": "字段组（键: 值）",
}
_TEXT_ERRORS = ("string_type", "literal_error", "enum", "string_pattern_mismatch")
# pydantic error types without a message of their own below, in Chinese
_OTHER = {
    "recursion_loop": "结构嵌套过深",
    "int_parsing_size": "数字位数太多",
    "finite_number": "应为有限的数字",
    "multiple_of": "不是规定的倍数",
    "string_unicode": "文字中有无效的字符",
    "string_sub_type": "应为文字",
    "frozen_instance": "不能修改",
    "frozen_field": "不能修改",
    "assertion_error": "取值不合规",
    "dict_attributes_type": "应为字段组（键: 值）",
    "set_type": "应为列表（每项以“- ”开头）",
    "tuple_type": "应为列表（每项以“- ”开头）",
    "iterable_type": "应为列表（每项以“- ”开头）",
    "none_required": "此处应为空",
    "is_instance_of": "取值的类型不对",
}
_CJK = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")
_KEY = "[key]"  # pydantic's step after a dict key whose key (not value) is wrong


def validate(model: type[M], source: Source, data: Any = None, base: tuple = ()) -> tuple[M | None, list[Diagnostic]]:
    """Validate `data` (default: the whole file) located at `base` in `source`."""
    try:
        return model.model_validate(source.data if data is None else data), []
    except ValidationError as exc:
        return None, explain_all(model, source, base, exc.errors(include_url=False))


def explain_all(model: Any, source: Source, base: tuple, errors: list[dict]) -> list[Diagnostic]:
    out = []
    for err in merge_unions(model, errors):
        d = explain(model, source, base, err)
        if d is not None:
            out.append(d)
    return out


def merge_unions(model: Any, errors: list[dict]) -> list[dict]:
    """pydantic reports a value that fits no branch of a union once per
    branch; staff get one message. A branch whose type fit and whose value
    did not (a text too long) is the message; otherwise one "应为文字或整数"."""
    out: list[dict] = []
    groups: dict[tuple, list[dict]] = {}
    for err in errors:
        data_loc, is_key, union = split_loc(model, tuple(err["loc"]), err["type"])
        err = {**err, "_split": (data_loc, is_key, union)}
        if union and not is_key:
            group = groups.get(data_loc)
            if group is None:
                groups[data_loc] = group = []
                out.append({"_group": data_loc})
            group.append(err)
        else:
            out.append(err)
    merged: list[dict] = []
    for err in out:
        if "_group" not in err:
            merged.append(err)
            continue
        group = groups[err["_group"]]
        fits = [e for e in group if e["type"] not in _KIND]
        if fits:
            merged += fits
            continue
        kinds = list(dict.fromkeys(_KIND[e["type"]] for e in group))
        merged.append({**group[0], "type": "union_type", "ctx": {"kinds": kinds}})
    return merged


def explain(model: Any, source: Source, base: tuple, err: dict) -> Diagnostic | None:
    """One pydantic error as a Chinese diagnostic; `base` is where the
    validated data sits in `source`, `model` the type validated there.
    None when the builder already reported and left out the value."""
    data_loc, is_key, _ = err.get("_split") or split_loc(model, tuple(err["loc"]), err["type"])
    loc = base + data_loc
    typ, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    if source.is_refused(loc):
        return None

    if typ == "extra_forbidden" and data_loc:
        key = data_loc[-1]
        known = _fields_at(model, data_loc[:-1])
        near = difflib.get_close_matches(str(key), known, n=1, cutoff=0.5)
        hint = f"是否要写 {near[0]}？" if near else f"此处可用的字段：{'、'.join(known)}"
        return source.diag("PL201", loc, f"未知字段 {_short(str(key), 40)}；{hint}", key=True)

    if typ == "missing" and data_loc:
        key = data_loc[-1]
        title = _title_at(model, data_loc)
        parent = loc[:-1]
        d = source.diag("PL202", parent, f"缺少必填字段 {key}（{title}）", key=bool(parent))
        return Diagnostic(d.rule, d.file, d.line, d.col, dotted(loc), d.message)

    def diag(rule: str, message: str) -> Diagnostic:
        return source.diag(rule, loc, message, key=is_key)

    if is_key:
        what = "字段名"
    else:
        what = None
        node = source.node_at(loc)
        if isinstance(node, ScalarNode) and not node.style and node.tag in YAML_READ_AS:
            read_as = YAML_READ_AS[node.tag]
            written = _short(node.value)
            if node.tag == NULL:
                return diag("PL202", "值为空，请填写内容")
            if typ in _TEXT_ERRORS or (typ == "union_type" and "文字" in ctx["kinds"]):
                as_read = _short(shown(value))
                lost = "（前导零已丢失）" if node.tag == INT and node.value.lstrip("+-").startswith("0") and node.value not in ("0",) else ""
                return diag("PL204", f"未加引号的 {written} 被 YAML 读成了{read_as} {as_read}{lost}；请加英文引号写成 \"{written}\"")
            if typ in _KIND or typ == "union_type":
                kinds = _KIND[typ] if typ in _KIND else "或".join(ctx["kinds"])
                as_read = "" if node.tag == TIMESTAMP and written == shown(value) else f" {_short(shown(value))}"
                return diag("PL203", f"应为{kinds}，实际写的是未加引号的 {written}（YAML 读成了{read_as}{as_read}）")

    if typ in _KIND:
        return diag("PL203", f"应为{_KIND[typ]}，实际写的是{_describe(value)}")
    if typ == "union_type":
        return diag("PL203", f"应为{'或'.join(ctx['kinds'])}，实际写的是{_describe(value)}")
    if typ == "literal_error":
        return diag("PL205", f"“{_short(shown(value))}”不是允许的取值；可选：{_choices(str(ctx.get('expected', '')))}")
    if typ == "too_short":
        if isinstance(value, str):
            return diag("PL202", "不能为空")
        return diag("PL205", f"至少需要 {ctx.get('min_length')} 项")
    if typ == "too_long":
        return diag("PL205", f"最多 {ctx.get('max_length')} 项")
    if typ == "string_too_short":
        return diag("PL202", "不能为空" if ctx.get("min_length", 1) <= 1 else f"至少 {ctx['min_length']} 个字")
    if typ == "string_too_long":
        return diag("PL205", f"太长：最多 {ctx.get('max_length')} 个字，实际 {len(str(value))} 个字")
    if typ == "string_pattern_mismatch":
        hint = _key_hint(data_loc) if is_key else _pattern_hint(data_loc)
        return diag("PL205", f"{what or ''}“{_short(str(value), 40)}”格式不对：{hint}")
    if typ in ("greater_than_equal", "greater_than"):
        return diag("PL205", f"不能小于 {ctx.get('ge', ctx.get('gt'))}，实际是 {_short(shown(value))}")
    if typ in ("less_than_equal", "less_than"):
        return diag("PL205", f"不能大于 {ctx.get('le', ctx.get('lt'))}，实际是 {_short(shown(value))}")
    if typ == "value_error":
        msg = str(ctx.get("error", ""))
        if not _CJK.search(msg):  # only our own validators speak Chinese
            return diag("PL205", f"取值不合规：{_describe(value)}")
        rule = "PL207" if "时限" in msg or "工作日" in msg else "PL205"
        return diag(rule, msg)
    if typ in _OTHER:
        return diag("PL205", f"{_OTHER[typ]}：{_describe(value)}")
    return diag("PL205", f"取值不合规：{_describe(value)}")


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


_KEY_HINTS = {
    "with": "参数名只能用小写英文字母开头，含小写字母、数字和下划线",
    "params": "参数名只能用小写英文字母开头，含小写字母、数字和下划线",
    "override": "步骤 id 只能用小写英文字母开头，含小写字母、数字、-、_",
}


def _pattern_hint(loc: tuple) -> str:
    for step in reversed(loc):
        if isinstance(step, str):
            return _PATTERN_HINTS.get(step, "不符合规定格式")
    return "不符合规定格式"


def _key_hint(loc: tuple) -> str:
    parent = loc[-2] if len(loc) >= 2 else None
    return _KEY_HINTS.get(parent, "不符合规定格式") if isinstance(parent, str) else "不符合规定格式"


def _choices(expected: str) -> str:
    return expected.replace("'", "").replace(" or ", "、").replace(", ", "、")


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"布尔值 {shown(value)}"
    if isinstance(value, (int, float)):
        return f"数字 {_short(str(value))}"
    if isinstance(value, str):
        return f"文字“{_short(value)}”"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "字段组"
    if value is None:
        return "空值"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"日期 {value}"
    return "其他内容"


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


def _members(cands: list[Any]) -> list[Any]:
    out: list[Any] = []
    for tp in cands:
        out += [m for m in _unwrap(tp) if m is not type(None)]
    return out


def _step(cands: list[Any], step: Any) -> list[Any] | None:
    """The annotations `step` leads to from any of `cands`; None when the
    structure below is not described (plain dict or list, Any)."""
    for cand in cands:
        origin = typing.get_origin(cand)
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            if isinstance(step, str):
                for name, f in cand.model_fields.items():
                    if (f.alias or name) == step:
                        return [f.annotation]
        elif origin is list and isinstance(step, int):
            return [typing.get_args(cand)[0]]
        elif origin is dict and isinstance(step, str):
            return [typing.get_args(cand)[1]]
    return None


def _is_dict(cands: list[Any]) -> bool:
    return any(typing.get_origin(c) is dict for c in cands)


def split_loc(model: Any, loc: tuple, typ: str = "") -> tuple[tuple, bool, bool]:
    """Separate pydantic's own steps from the path in the data.

    pydantic names the branch of a union it tried (`str`, `int`,
    `constrained-str`, `function-after[...]`) and marks a wrong dict key
    with `[key]`; a staff member may write keys with exactly those names.
    Which step is which follows from the model's structure, never from the
    name. Returns the data path, whether the error is about a dict key, and
    whether a union branch was named.
    """
    data: list[Any] = []
    cands: list[Any] | None = [model]
    union = consumed = False
    i = 0
    while i < len(loc):
        step = loc[i]
        if cands is None:  # not described below here: all the rest is data
            data.append(step)
            i += 1
            continue
        members = _members(cands)
        if len(members) > 1 and not consumed:  # this step names the branch
            union = consumed = True
            cands = members
            i += 1
            continue
        if (_is_dict(members) and isinstance(step, str) and i + 2 == len(loc) and loc[i + 1] == _KEY
                and typ != "extra_forbidden"):
            return tuple(data) + (step,), True, union
        data.append(step)
        cands = _step(members, step)
        consumed = False
        i += 1
    return tuple(data), False, union


def _resolve(model: Any, loc: tuple) -> list[Any] | None:
    """The annotations at a data path."""
    cands: list[Any] | None = [model]
    for step in loc:
        if cands is None:
            return None
        cands = _step(_members(cands), step)
    return cands


def _fields_at(model: Any, loc: tuple) -> list[str]:
    for cand in _members(_resolve(model, loc) or []):
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            return [f.alias or n for n, f in cand.model_fields.items()]
    return []


def _title_at(model: Any, loc: tuple) -> str:
    for cand in _members(_resolve(model, loc[:-1]) or []):
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            for name, f in cand.model_fields.items():
                if (f.alias or name) == loc[-1]:
                    return f.title or name
    return str(loc[-1])
