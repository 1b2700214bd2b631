"""Item files as `powerlist new` lays them out: the schema modeline, then
the fields in the model's order. PyYAML writes every value so that it reads
back as the same value (a code with leading zeros is quoted, "yes" is
quoted); text with line breaks is written as a literal block.

The data of an item is plain (mappings, lists and text), so it goes to
libyaml's emitter as events straight away: PyYAML's representer and
serializer would build a node for every value and ask the resolver about
each twice, in Python, to send libyaml the very same events (two thirds of
the time of `yaml.dump` here). Anything else — another kind of value, or a
list or mapping that appears twice (PyYAML writes an anchor) — goes through
`yaml.dump` itself. Both give the same text; tests/test_import.py compares
them.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any, TypedDict

import yaml
from yaml.events import (DocumentEndEvent, DocumentStartEvent, Event, MappingEndEvent, MappingStartEvent, ScalarEvent,
                         SequenceEndEvent, SequenceStartEvent, StreamEndEvent, StreamStartEvent)
from yaml.nodes import ScalarNode

from .yamlbuild import CONTROL, MAX_DEPTH

MODELINE = "# yaml-language-server: $schema=../docs/schema/power-item.schema.json\n"


class _Options(TypedDict):
    allow_unicode: bool
    width: int
    indent: int


OPTIONS: _Options = {"allow_unicode": True, "width": 100, "indent": 2}

if TYPE_CHECKING:  # the checker knows the Python dumper; libyaml's has the same methods
    _DumperBase = yaml.SafeDumper
else:
    _DumperBase = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_DumperBase):  # libyaml's emitter: the same text, 20× sooner
    pass


def _literal(value: str) -> bool:
    return "\n" in value and not any(line != line.rstrip() for line in value.split("\n"))


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _literal(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)

_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_RESOLVER = _Dumper.__new__(_Dumper)  # the dumper's own resolver (which text reads back as a number, a date…),
yaml.resolver.BaseResolver.__init__(_RESOLVER)  # without an emitter


class _NotPlain(Exception):
    """The data holds something `yaml.dump` writes in its own way."""


_PLAIN, _QUOTED = (True, True), (False, True)  # a scalar event's `implicit`: plain allowed, or quoted only
_MAP_START, _MAP_END = MappingStartEvent(None, _MAP, True, flow_style=False), MappingEndEvent()
_SEQ_START, _SEQ_END = SequenceStartEvent(None, _SEQ, True, flow_style=False), SequenceEndEvent()

Scalars = dict[str, tuple[ScalarEvent, bool]]  # text → (its event, whether it holds no control character): kept by the caller for many items


def _scalar(value: str) -> tuple[ScalarEvent, bool]:
    resolvers = _Dumper.yaml_implicit_resolvers  # by the first character they look at
    if value and value[0] not in resolvers and None not in resolvers and not _Dumper.yaml_path_resolvers:
        implicit = _PLAIN  # no resolver looks at text starting so
    else:  # what PyYAML's serializer asks the resolver of each value: would it read back as text unquoted?
        implicit = _PLAIN if _RESOLVER.resolve(ScalarNode, value, (True, False)) == _STR else _QUOTED  # type: ignore[no-untyped-call]  # untyped in the stubs
    return (ScalarEvent(None, _STR, implicit, value, style="|" if _literal(value) else None),
            CONTROL.search(value) is None)


def _events(data: Any, out: list[Event], seen: set[int], scalars: Scalars, depth: int = 1) -> bool:
    """The events PyYAML's serializer would send for `data` (a list or a
    mapping); whether `check`'s reader takes the text back whole (no control
    character, which is written escaped and removed when read; not nested
    too deep)."""
    kind = type(data)
    if (kind is not dict and kind is not list) or id(data) in seen:  # shared: PyYAML writes an anchor and an alias
        raise _NotPlain
    seen.add(id(data))
    whole = depth <= MAX_DEPTH
    append = out.append
    if kind is dict:
        append(_MAP_START)
        items = data.items()
    else:
        append(_SEQ_START)
        items = enumerate(data)
    for key, value in items:
        if kind is dict:
            if type(key) is not str:
                raise _NotPlain
            made = scalars.get(key)
            if made is None:
                made = scalars[key] = _scalar(key)
            append(made[0])
            whole = whole and made[1]
        if type(value) is str:
            made = scalars.get(value)
            if made is None:
                made = scalars[value] = _scalar(value)
            append(made[0])
            whole = whole and made[1]
        else:
            whole = _events(value, out, seen, scalars, depth + 1) and whole
    append(_MAP_END if kind is dict else _SEQ_END)
    return whole


def dump(data: dict[str, Any]) -> str:
    """`yaml.dump(data, Dumper=_Dumper, sort_keys=False, default_flow_style=False, **OPTIONS)`."""
    return _dump(data, {})[0]


def _dump(data: dict[str, Any], scalars: Scalars) -> tuple[str, bool]:
    events: list[Event] = [StreamStartEvent(), DocumentStartEvent(explicit=False)]
    try:
        whole = _events(data, events, set(), scalars)
    except _NotPlain:
        return yaml.dump(data, Dumper=_Dumper, sort_keys=False, default_flow_style=False, **OPTIONS), False
    events += [DocumentEndEvent(explicit=False), StreamEndEvent()]
    stream = io.StringIO()
    emitter = _Dumper(stream, **OPTIONS)
    try:
        for event in events:
            emitter.emit(event)
    finally:
        emitter.dispose()
    return stream.getvalue(), whole


def item_text(data: dict[str, Any], scalars: Scalars | None = None) -> tuple[str, bool]:
    """One item file's text, and whether it reads back as exactly `data`
    with nothing for `check`'s reader to refuse: plain text, lists and
    mappings, each written once (no anchors), no control character, not
    nested too deep. `scalars`, kept by the caller from item to item, saves
    making the event of a text again: a list repeats much of its text."""
    text, exact = _dump(data, {} if scalars is None else scalars)
    return MODELINE + "\n" + text, exact
