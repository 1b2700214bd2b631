"""Validate parsed YAML against the models; explain every error in Chinese
at the line and column of the offending key or value."""

from __future__ import annotations

import datetime
import difflib
import re
import types
import typing
from typing import Any, Mapping, Sequence, TypeVar

from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .diagnostics import Diagnostic
from .rules import say
from .textrules import ERROR_TYPE
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
# pydantic error types without a message of their own below: their PL205 message
_OTHER = {
    "recursion_loop": "recursion_loop",
    "int_parsing_size": "int_parsing_size",
    "finite_number": "finite_number",
    "multiple_of": "multiple_of",
    "string_unicode": "string_unicode",
    "string_sub_type": "string_sub_type",
    "frozen_instance": "frozen",
    "frozen_field": "frozen",
    "assertion_error": "",
    "dict_attributes_type": "dict_attributes_type",
    "set_type": "list_like",
    "tuple_type": "list_like",
    "iterable_type": "list_like",
    "none_required": "none_required",
    "is_instance_of": "is_instance_of",
}
_CJK = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")
_KEY = "[key]"  # pydantic's step after a dict key whose key (not value) is wrong


def validate(model: type[M], source: Source, data: Any = None, base: tuple[str | int, ...] = ()) -> tuple[M | None, list[Diagnostic]]:
    """Validate `data` (default: the whole file) located at `base` in `source`."""
    try:
        return model.model_validate(source.data if data is None else data), []
    except ValidationError as exc:
        return None, explain_all(model, source, base, exc.errors(include_url=False))


def explain_all(model: Any, source: Source, base: tuple[str | int, ...],
                errors: Sequence[Mapping[str, Any]]) -> list[Diagnostic]:
    out = []
    errors = merge_unions(model, errors)
    # a key indented to the wrong level is told so once (PL201 "indent"): not also as missing where it belongs
    moved = set()
    for err in errors:
        data_loc = err["_split"][0] if "_split" in err else tuple(err["loc"])
        if err["type"] == "extra_forbidden" and data_loc:
            there = _belongs(model, data_loc)
            if there is not None:
                moved.add(there + (data_loc[-1],))
    for err in errors:
        if err["type"] == "missing" and (err["_split"][0] if "_split" in err else tuple(err["loc"])) in moved:
            continue
        d = explain(model, source, base, err)
        if d is not None:
            out.append(d)
    return out


def merge_unions(model: Any, errors: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """pydantic reports a value that fits no branch of a union once per
    branch; staff get one message. A branch whose type fit and whose value
    did not (a text too long) is the message; otherwise one "应为文字或整数"."""
    out: list[dict[str, Any]] = []
    groups: dict[tuple[str | int, ...], list[dict[str, Any]]] = {}
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
    merged: list[dict[str, Any]] = []
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


def explain(model: Any, source: Source, base: tuple[str | int, ...], err: Mapping[str, Any]) -> Diagnostic | None:
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
        shown_key = _short(str(key), 40)
        there = _belongs(model, data_loc)
        if there is not None:  # the right key at the wrong level: its indentation
            return source.diag("PL201", loc, say("PL201", "indent", key=shown_key, here=dotted(data_loc[:-1]),
                                                 there=dotted(there) or say("PL201", "top"),
                                                 spaces=_indent_of(source, base + there)), key=True)
        near = difflib.get_close_matches(str(key), known, n=1, cutoff=0.5)
        message = (say("PL201", "near", key=shown_key, near=near[0]) if near
                   else say("PL201", key=shown_key, fields="、".join(known)))
        return source.diag("PL201", loc, message, key=True)

    if typ == "missing" and data_loc:
        key = data_loc[-1]
        title = _title_at(model, data_loc)
        parent = loc[:-1]
        d = source.diag("PL202", parent, say("PL202", key=key, title=title), key=bool(parent))
        return Diagnostic(d.rule, d.file, d.line, d.col, dotted(loc), d.message)

    def diag(rule: str, message: str) -> Diagnostic:
        return source.diag(rule, loc, message, key=is_key)

    if not is_key:
        node = source.node_at(loc)
        if isinstance(node, ScalarNode) and not node.style and node.tag in YAML_READ_AS:
            read_as = YAML_READ_AS[node.tag]
            written = _short(node.value)
            if node.tag == NULL:
                return diag("PL202", say("PL202", "null"))
            if typ in _TEXT_ERRORS or (typ == "union_type" and "文字" in ctx["kinds"]):
                lost = node.tag == INT and node.value.lstrip("+-").startswith("0") and node.value not in ("0",)
                return diag("PL204", say("PL204", "leading-zero" if lost else "",
                                         written=written, read_as=read_as, value=_short(shown(value))))
            if typ in _KIND or typ == "union_type":
                kinds = _KIND[typ] if typ in _KIND else "或".join(ctx["kinds"])
                if node.tag == TIMESTAMP and written == shown(value):
                    return diag("PL203", say("PL203", "unquoted-same", kinds=kinds, written=written, read_as=read_as))
                return diag("PL203", say("PL203", "unquoted", kinds=kinds, written=written, read_as=read_as,
                                         value=_short(shown(value))))

    if typ in _KIND:
        return diag("PL203", say("PL203", kinds=_KIND[typ], value=_describe(value)))
    if typ == "union_type":
        return diag("PL203", say("PL203", kinds="或".join(ctx["kinds"]), value=_describe(value)))
    if typ == "literal_error":
        comma = _list_comma(source, loc, value)
        if comma is not None:
            return comma
        return diag("PL205", say("PL205", "choice", value=_short(shown(value)),
                                 choices=_choices(str(ctx.get("expected", "")))))
    if typ == "too_short":
        if isinstance(value, str):
            return diag("PL202", say("PL202", "empty"))
        return diag("PL205", say("PL205", "min-items", min=ctx.get("min_length")))
    if typ == "too_long":
        return diag("PL205", say("PL205", "max-items", max=ctx.get("max_length")))
    if typ == "string_too_short":
        if ctx.get("min_length", 1) <= 1:
            return diag("PL202", say("PL202", "empty"))
        return diag("PL202", say("PL202", "min-chars", min=ctx["min_length"]))
    if typ == "string_too_long":
        return diag("PL205", say("PL205", "max-chars", max=ctx.get("max_length"), length=len(str(value))))
    if typ == "string_pattern_mismatch":
        if is_key:
            return diag("PL205", say("PL205", "key-pattern", value=_short(str(value), 40), hint=_key_hint(data_loc)))
        if data_loc[-2:] == ("retired", "notice"):
            return diag("PL205", _notice_hint(source, str(value)))
        return diag("PL205", say("PL205", "pattern", value=_short(str(value), 40), hint=_pattern_hint(data_loc)))
    if typ in ("greater_than_equal", "greater_than"):
        return diag("PL205", say("PL205", "min", min=ctx.get("ge", ctx.get("gt")), value=_short(shown(value))))
    if typ in ("less_than_equal", "less_than"):
        return diag("PL205", say("PL205", "max", max=ctx.get("le", ctx.get("lt")), value=_short(shown(value))))
    if typ == ERROR_TYPE:  # an invisible character (textrules): at the character itself where it is written
        d = diag("PL116", err["msg"])
        at = _char_at(source, loc, (ctx or {}).get("char"))
        return Diagnostic(d.rule, d.file, *at, d.path, d.message) if at else d
    if typ == "value_error":
        msg = str(ctx.get("error", ""))
        if not _CJK.search(msg):  # only our own validators speak Chinese, through `say`
            return diag("PL205", say("PL205", value=_describe(value)))
        rule = "PL207" if "时限" in msg or "工作日" in msg else "PL205"
        return diag(rule, msg)
    if typ in _OTHER:
        return diag("PL205", say("PL205", _OTHER[typ], value=_describe(value)))
    return diag("PL205", say("PL205", value=_describe(value)))


_LIST_COMMAS = {"，": "comma", "、": "enumeration"}  # what is written between items of a list by mistake


def _list_comma(source: Source, loc: tuple[str | int, ...], value: Any) -> Diagnostic | None:
    """A list item that is not one of the choices because a Chinese comma
    joined two of them (`[纸质，电子]` is one item): at the comma, with the fix."""
    if not isinstance(value, str) or not loc or not isinstance(loc[-1], int):
        return None
    ch = next((c for c in _LIST_COMMAS if c in value), None)
    parent = source.node_at(loc[:-1])
    if ch is None or not isinstance(parent, SequenceNode):
        return None
    parts = [p.strip() for p in value.split(ch)]
    if parent.flow_style:
        message = say("PL205", "list-comma", value=_short(value), char=say("PL205", _LIST_COMMAS[ch]),
                      fixed=", ".join(parts))
    else:
        message = say("PL205", "list-comma-block", value=_short(value), char=say("PL205", _LIST_COMMAS[ch]))
    d = source.diag("PL205", loc, message)
    at = _char_at(source, loc, ch)
    return Diagnostic(d.rule, d.file, *at, d.path, d.message) if at else d


def _notice_hint(source: Source, value: str) -> str:
    """What retired.notice asks for (a notice's file name in changes/, no
    folder, no .yaml), with the notice nearest to what is written."""
    from pathlib import Path

    from .layout import SITE_FILE, changes_dir, yaml_in

    stem = value.strip().replace("\\", "/").rsplit("/", 1)[-1]
    for suffix in (".yaml", ".yml"):
        stem = stem.removesuffix(suffix)
    names: list[str] = []
    for folder in Path(source.file).resolve().parents:
        if (folder / SITE_FILE).is_file():
            names = [p.stem for p in yaml_in(changes_dir(folder))]
            break
    near = stem if stem in names else next(iter(difflib.get_close_matches(stem, names, n=1, cutoff=0)), None)
    if near is None:
        return say("PL205", "notice", value=_short(value, 40))
    return say("PL205", "notice-near", value=_short(value, 40), near=near)


def _belongs(model: Any, data_loc: tuple[str | int, ...]) -> tuple[str | int, ...] | None:
    """Where an unknown key is a field after all: a level above its own
    (indented too far) or a field group just below it (not far enough);
    None when it is no field there either."""
    key, here = data_loc[-1], data_loc[:-1]
    if not isinstance(key, str):
        return None
    for n in range(len(here) - 1, max(-1, len(here) - 3), -1):  # one or two levels up: a slip, not a guess
        if key in _fields_at(model, here[:n]):
            return here[:n]
    for name in _fields_at(model, here):
        if key in _fields_at(model, here + (name,)):
            return here + (name,)
    return None


def _indent_of(source: Source, loc: tuple[str | int, ...]) -> int:
    """How many spaces the keys of the mapping at `loc` are indented by in
    the file (the fields of a group not written yet: two more than its key)."""
    node = source.node_at(loc)
    if isinstance(node, MappingNode) and node.value and source.node_at(loc) is not source.node_at(loc[:-1]):
        return source.where.mark(node.value[0][0].start_mark)[1] - 1
    if not loc:
        return 0
    parent = source.node_at(loc[:-1])
    if isinstance(parent, MappingNode) and parent.value:
        return source.where.mark(parent.value[0][0].start_mark)[1] - 1 + 2
    return 0


def _char_at(source: Source, loc: tuple[str | int, ...], ch: str | None) -> tuple[int, int] | None:
    """Line and column of `ch` in the value at `loc`, when the file holds it
    as it is (not written as an escape)."""
    node = source.node_at(loc)
    if not ch or not isinstance(node, ScalarNode) or node.start_mark is None or node.end_mark is None:
        return None
    i = source.text.find(ch, node.start_mark.index, node.end_mark.index)
    return source.where.offset(i) if i >= 0 else None


# the PL205 message that says what a value's pattern asks for, by its key
_PATTERN_HINTS = {
    "code": "hint-code",
    "basic_code": "hint-other-code",
    "implementation_code": "hint-other-code",
    "credit_code": "hint-credit-code",
    "region_code": "hint-region-code",
    "id": "hint-step-id",
    "to": "hint-step-ref",
    "next": "hint-step-ref",
    "use": "hint-template",
    "email": "hint-email",
    "abbr": "hint-abbr",
}


# ... and a key's, by the key of its mapping
_KEY_HINTS = {
    "with": "hint-param",
    "params": "hint-param",
    "override": "hint-step-id",
}


def _pattern_hint(loc: tuple[str | int, ...]) -> str:
    for step in reversed(loc):
        if isinstance(step, str):
            return say("PL205", _PATTERN_HINTS.get(step, "hint"))
    return say("PL205", "hint")


def _key_hint(loc: tuple[str | int, ...]) -> str:
    parent = loc[-2] if len(loc) >= 2 else None
    return say("PL205", _KEY_HINTS.get(parent, "hint") if isinstance(parent, str) else "hint")


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


def union_members(cands: list[Any]) -> list[Any]:
    out: list[Any] = []
    for tp in cands:
        out += [m for m in _unwrap(tp) if m is not type(None)]
    return out


def step_into(cands: list[Any], step: Any) -> list[Any] | None:
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


def split_loc(model: Any, loc: tuple[str | int, ...], typ: str = "") -> tuple[tuple[str | int, ...], bool, bool]:
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
        members = union_members(cands)
        if len(members) > 1 and not consumed:  # this step names the branch
            union = consumed = True
            cands = members
            i += 1
            continue
        if (_is_dict(members) and isinstance(step, str) and i + 2 == len(loc) and loc[i + 1] == _KEY
                and typ != "extra_forbidden"):
            return tuple(data) + (step,), True, union
        data.append(step)
        cands = step_into(members, step)
        consumed = False
        i += 1
    return tuple(data), False, union


def _resolve(model: Any, loc: tuple[str | int, ...]) -> list[Any] | None:
    """The annotations at a data path."""
    cands: list[Any] | None = [model]
    for step in loc:
        if cands is None:
            return None
        cands = step_into(union_members(cands), step)
    return cands


def _fields_at(model: Any, loc: tuple[str | int, ...]) -> list[str]:
    for cand in union_members(_resolve(model, loc) or []):
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            return [f.alias or n for n, f in cand.model_fields.items()]
    return []


def _title_at(model: Any, loc: tuple[str | int, ...]) -> str:
    for cand in union_members(_resolve(model, loc[:-1]) or []):
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            for name, f in cand.model_fields.items():
                if (f.alias or name) == loc[-1]:
                    return f.title or name
    return str(loc[-1])
