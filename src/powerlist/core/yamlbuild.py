"""Building plain values from a libyaml node tree, one pass, refusing what
staff files must not hold: duplicate, merge and non-text keys, tags,
control characters, nesting too deep and numbers Python cannot or should
not convert. Every refusal is a Chinese diagnostic at the node."""

from __future__ import annotations

import bisect
import re
from typing import Any

from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic
from .rules import say

_EDITOR_BREAK = re.compile("\r\n|[\r\n]")


class Where:
    """Positions as an editor shows them.

    libyaml also starts a new line at NEL, LS and PS (U+0085, U+2028,
    U+2029), and puts the end of a file without a final line break on a
    line of its own; an editor breaks lines only at LF, CR LF and CR. So
    marks are mapped through their character index, never taken as they are.
    """

    __slots__ = ("text", "_starts")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    def mark(self, mark: Any) -> tuple[int, int]:
        return self.offset(min(mark.index, len(self.text)))

    def offset(self, index: int) -> tuple[int, int]:
        """1-based editor line and column of a character index."""
        if self._starts is None:
            self._starts = [0] + [m.end() for m in _EDITOR_BREAK.finditer(self.text)]
        line = bisect.bisect_right(self._starts, index) - 1
        return line + 1, index - self._starts[line] + 1


_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, MERGE = (
    _T + "str", _T + "int", _T + "float", _T + "bool", _T + "null", _T + "timestamp", _T + "merge",
)
_SEQ, _MAP = _T + "seq", _T + "map"


def tag_shown(tag: str) -> str:
    """A tag as staff would have written it (`!!str`)."""
    return tag.replace(_T, "!!")


_CONSTRUCTOR = SafeConstructor()
_SCALAR_BUILDERS = {
    INT: _CONSTRUCTOR.construct_yaml_int,
    FLOAT: _CONSTRUCTOR.construct_yaml_float,
    BOOL: _CONSTRUCTOR.construct_yaml_bool,
    NULL: lambda node: None,
    TIMESTAMP: _CONSTRUCTOR.construct_yaml_timestamp,
}
# What YAML does not allow in a file and staff must not publish in any text:
# C0 controls other than tab, LF and CR; DEL; C1 controls (NEL included);
# the noncharacters U+FFFE and U+FFFF. Vertical tab and form feed arrive by
# pasting from Word.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_CONTROL_NAMES = {
    "\x00": "空字符", "\x07": "响铃符", "\x08": "退格符", "\x0b": "垂直制表符", "\x0c": "换页符",
    "\x1b": "转义符", "\x7f": "删除符", "\x85": "下一行符", "\ufffe": "非字符", "\uffff": "非字符",
}
# Staff data nests five levels deep, templates seven; anything much deeper is
# a mistake or an attack, and must not reach recursive code.
MAX_DEPTH = 30
# An unquoted number longer than this is no count, time or size: refuse it
# before Python's int-str conversion limit or a huge message does.
_MAX_NUMBER_CHARS = 64


def control_name(ch: str) -> str:
    name = _CONTROL_NAMES.get(ch)
    return say("PL115", "char", code=ord(ch), name=name) if name else f"U+{ord(ch):04X}"


def dotted(loc: tuple[str | int, ...]) -> str:
    out = ""
    for step in loc:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += ("." if out else "") + str(step)
    return out


def loc_of(root: Node, target: Node) -> tuple[str | int, ...]:
    """The path of `target` (a key: of its mapping) in the tree; errors are
    rare, so a search beats tracking the path while building."""
    stack: list[tuple[Node, tuple[str | int, ...]]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if node is target:
            return loc
        if isinstance(node, MappingNode):
            for k, v in node.value:
                if k is target:
                    return loc
                stack.append((v, loc + ((k.value if isinstance(k, ScalarNode) else "?"),)))
        elif isinstance(node, SequenceNode):
            stack.extend((child, loc + (i,)) for i, child in enumerate(node.value))
    return ()


YAML_READ_AS = {INT: "整数", FLOAT: "小数", BOOL: "布尔值", TIMESTAMP: "日期", NULL: "空值"}


def shown(value: Any) -> str:
    """A value as YAML would write it (true, not True)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else f"{text[:limit]}…（共 {len(text)} 个字符）"


class Builder:
    """Node tree → plain values, refusing what staff files must not hold:
    duplicate, merge and non-text keys, control characters, nesting deeper
    than MAX_DEPTH and numbers Python cannot or should not convert."""

    __slots__ = ("file", "root", "where", "blank", "diags", "refused")

    def __init__(self, file: str, root: Node, where: Where, blank: str | None) -> None:
        self.file = file
        self.root = root
        self.where = where
        self.blank = blank  # the stand-in for raw control characters
        self.diags: list[Diagnostic] = []
        self.refused: set[int] = set()

    def build(self, node: Node, depth: int) -> Any:
        if isinstance(node, ScalarNode):
            tag = node.tag
            if tag == STR:
                value = node.value
                if self.blank is not None and self.blank in value:
                    value = value.replace(self.blank, "")  # reported already
                if node.style == '"':  # escapes may have written control characters
                    m = CONTROL.search(value)
                    if m:
                        self._err("PL115", node, say("PL115", "escape", char=control_name(m.group())), path=True)
                        value = CONTROL.sub("", value)
                return value
            build = _SCALAR_BUILDERS.get(tag)
            if build is None:  # explicit tag the event scan did not see
                self._err("PL109", node, say("PL109", "node", tag=tag))
                return None
            if tag == INT and len(node.value) > _MAX_NUMBER_CHARS:
                return self._refuse(node, say("PL204", "too-long", written=_short(node.value)))
            try:
                return build(node)
            except (ValueError, OverflowError, TypeError):
                return self._refuse(node, say("PL204", "invalid", written=_short(node.value), read_as=YAML_READ_AS[tag]))
        if depth > MAX_DEPTH:
            self._err("PL112", node, say("PL112", "node", depth=MAX_DEPTH), path=True)
            self.refused.add(node.start_mark.index)
            return None
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                self._err("PL109", node, say("PL109", "node", tag=node.tag))
            return [self.build(child, depth + 1) for child in node.value]
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                self._err("PL109", node, say("PL109", "node", tag=node.tag))
            out: dict[Any, Any] = {}
            seen: dict[Any, Node] = {}
            for knode, vnode in node.value:
                if knode.tag == MERGE:
                    self._err("PL110", knode, say("PL110"))
                    continue
                if not isinstance(knode, ScalarNode):
                    self._err("PL203", knode, say("PL203", "key"))
                    continue
                if knode.tag != STR:
                    self._key_not_text(knode)
                    continue
                key = self.build(knode, depth)
                if key in seen:
                    first = self.where.mark(seen[key].start_mark)[0]
                    self._err("PL107", knode, say("PL107", key=key, line=first))
                    continue
                seen[key] = knode
                out[key] = self.build(vnode, depth + 1)
            return out
        raise TypeError(node)  # pragma: no cover - libyaml makes only these three

    def _key_not_text(self, knode: ScalarNode) -> None:
        read_as = YAML_READ_AS.get(knode.tag)
        if read_as is None:  # an explicit tag: reported by the event scan
            return
        as_read: str | None = None
        if knode.tag != NULL:
            try:
                as_read = shown(_SCALAR_BUILDERS[knode.tag](knode))
            except (ValueError, OverflowError, TypeError):
                as_read = None
            if as_read is not None and len(as_read) > 39:
                as_read = None
        written = _short(knode.value)
        message = (say("PL204", "key", written=written, read_as=read_as, value=as_read) if as_read is not None
                   else say("PL204", "key-unread", written=written, read_as=read_as))
        self._err("PL204", knode, message, path=True)

    def _refuse(self, node: Node, message: str) -> None:
        self._err("PL204", node, message, path=True)
        self.refused.add(node.start_mark.index)
        return None

    def _err(self, rule: str, node: Node, message: str, path: bool = False) -> None:
        line, col = self.where.mark(node.start_mark)
        loc = loc_of(self.root, node) if path else ()
        if self.blank is not None:
            loc = tuple(s.replace(self.blank, "") if isinstance(s, str) else s for s in loc)
        self.diags.append(Diagnostic(rule, self.file, line, col, dotted(loc), message))
