"""Read one YAML file safely and fast, keeping where every value came from.

Uses libyaml's composer (PyYAML `CSafeLoader`) to get a node tree with
positions, then builds plain Python values from it in one pass that also
refuses what staff files must not contain: duplicate keys, anchors and
aliases, merge keys and tags. Positions are looked up lazily, only for
values a diagnostic points at.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic

DEFAULT_MAX_BYTES = 256 * 1024

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, MERGE = (
    _T + "str", _T + "int", _T + "float", _T + "bool", _T + "null", _T + "timestamp", _T + "merge",
)
_SEQ, _MAP = _T + "seq", _T + "map"
_CONSTRUCTOR = SafeConstructor()
_SCALAR_BUILDERS = {
    INT: _CONSTRUCTOR.construct_yaml_int,
    FLOAT: _CONSTRUCTOR.construct_yaml_float,
    BOOL: _CONSTRUCTOR.construct_yaml_bool,
    NULL: lambda node: None,
    TIMESTAMP: _CONSTRUCTOR.construct_yaml_timestamp,
}
_TAB_INDENT = re.compile(r"^[ ]*\t", re.M)
_MAYBE_MARKUP = re.compile(r"[&*!]")

# libyaml's problems, in Chinese for staff. Unknown ones keep the original.
_PROBLEMS = [
    ("found character '\\t' that cannot start any token", "此处有制表符（Tab），YAML 只能用空格缩进"),
    ("mapping values are not allowed here", "此处不能出现“键: 值”；含冒号的文字请加引号，或检查缩进"),
    ("could not find expected ':'", "缺少冒号“:”，或上一行的引号没有闭合"),
    ("did not find expected key", "缩进没有对齐，或列表项“- ”与字段混在同一层"),
    ("did not find expected '-' indicator", "列表项缩进没有对齐"),
    ("found unexpected end of stream", "文件意外结束：引号或括号没有闭合"),
    ("found undefined tag handle", "使用了未定义的标签"),
    ("expected a single document", "一个文件只能有一个文档，请删除多余的“---”"),
    ("found unexpected ':'", "此处的冒号需要放在引号内"),
    ("found character that cannot start any token", "此字符不能出现在值的开头（如 @ 或 `），请给整个值加引号"),
    ("did not find expected node content", "缺少内容，或列表、字段组的括号没有闭合"),
    ("did not find expected ',' or ']'", "方括号列表没有闭合，或元素之间缺少逗号"),
    ("did not find expected ',' or '}'", "花括号字段组没有闭合，或字段之间缺少逗号"),
    ("found unknown escape character", "双引号内的反斜杠转义无效；请改用单引号或写成 \\\\"),
    ("control characters are not allowed", "含有不可见的控制字符，请删除"),
    ("special characters are not allowed", "含有不可见的特殊字符，请删除"),
]


def _problem_zh(problem: str | None) -> str:
    problem = problem or ""
    for en, zh in _PROBLEMS:
        if en in problem:
            return zh
    return f"YAML 无法解析（{problem}）"


class Source:
    """A parsed YAML file: its plain data, and positions on demand.

    The node tree is dropped after the data is built (a retained tree costs
    ~28 KB per item and makes the garbage collector quadratic over a large
    list); it is composed again from the kept text only when a diagnostic
    needs a position.
    """

    __slots__ = ("file", "data", "text", "_root")

    def __init__(self, file: str, data: Any, text: str, root: Node | None = None) -> None:
        self.file = file
        self.data = data
        self.text = text
        self._root = root

    @property
    def root(self) -> Node:
        if self._root is None:
            self._root = yaml.compose(self.text, Loader=yaml.CSafeLoader)
        return self._root

    def node_at(self, loc: tuple, key: bool = False) -> Node:
        """The deepest node along `loc` (pydantic-style path).

        Steps that do not match (pydantic's union branch names, missing keys)
        are skipped, so the result is the closest existing ancestor. With
        `key=True` the key node of the last mapping step is returned instead
        of its value, for diagnostics about the key itself.
        """
        node = self.root
        found_key: Node | None = None
        for step in loc:
            if isinstance(node, MappingNode) and isinstance(step, str):
                for k, v in node.value:
                    if k.value == step:
                        found_key, node = k, v
                        break
            elif isinstance(node, SequenceNode) and isinstance(step, int):
                if 0 <= step < len(node.value):
                    node, found_key = node.value[step], None
        return found_key if key and found_key is not None else node

    def pos(self, loc: tuple, key: bool = False) -> tuple[int, int]:
        mark = self.node_at(loc, key).start_mark
        return mark.line + 1, mark.column + 1

    def diag(self, rule: str, loc: tuple, message: str, key: bool = False) -> Diagnostic:
        line, col = self.pos(loc, key)
        return Diagnostic(rule, self.file, line, col, dotted(loc), message)


def dotted(loc: tuple) -> str:
    out = ""
    for step in loc:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += ("." if out else "") + str(step)
    return out


def load(path: Path, file: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Source | None, list[Diagnostic]]:
    """Read `path` (reported as `file`). Returns the source, or None with errors."""
    size = path.stat().st_size
    if size > max_bytes:
        return None, [Diagnostic("PL103", file, 1, 1, "",
                                 f"文件大小 {size:,} 字节，超过上限 {max_bytes:,} 字节")]
    raw = path.read_bytes()
    return parse(raw, file)


def parse(raw: bytes, file: str) -> tuple[Source | None, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    text = _decode(raw, file, diags)
    if text is None:
        return None, diags
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return None, diags + [Diagnostic("PL104", file, 1, 1, "", "文件为空（只有空白或注释）")]
    if _MAYBE_MARKUP.search(text):
        markup = _scan_markup(text, file)
        if markup is None:  # a syntax error: composing will report it
            pass
        elif markup:
            return None, diags + markup
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as exc:
        return None, diags + _syntax_errors(exc, text, file)
    if root is None:
        return None, diags + [Diagnostic("PL104", file, 1, 1, "", "文件为空（只有空白或注释）")]
    builder = _Builder(file)
    data = builder.build(root)  # refused pieces are left out, so checking goes on
    return Source(file, data, text), diags + builder.diags


def _decode(raw: bytes, file: str, diags: list[Diagnostic]) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        diags.append(Diagnostic("PL101", file, 1, 1, "",
                                "文件是 UTF-16 编码；请另存为 UTF-8（无 BOM）"))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        diags.append(Diagnostic("PL102", file, 1, 1, "", "文件开头有 BOM（EF BB BF），请另存为 UTF-8（无 BOM）"))
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        bad = raw[exc.start: exc.start + 2].hex(" ").upper()
        diags.append(Diagnostic(
            "PL101", file, line, col, "",
            f"第 {line} 行有非 UTF-8 字节（{bad}），文件可能是 GBK 编码；请另存为 UTF-8"))
        return None


def _scan_markup(text: str, file: str) -> list[Diagnostic] | None:
    """Find anchors, aliases and explicit tags from libyaml's event stream."""
    out: list[Diagnostic] = []
    try:
        for ev in yaml.parse(text, Loader=yaml.CSafeLoader):
            m = ev.start_mark
            anchor = getattr(ev, "anchor", None)
            if isinstance(ev, yaml.AliasEvent):
                out.append(Diagnostic("PL108", file, m.line + 1, m.column + 1, "",
                                      f"使用了别名 *{anchor}；请直接写出内容"))
            elif anchor is not None:
                out.append(Diagnostic("PL108", file, m.line + 1, m.column + 1, "",
                                      f"使用了锚点 &{anchor}；请删除"))
            tag = getattr(ev, "tag", None)
            if tag is not None:  # libyaml reports only tags written in the file
                shown = tag.replace(_T, "!!")
                out.append(Diagnostic("PL109", file, m.line + 1, m.column + 1, "",
                                      f"使用了标签 {shown}；请删除标签，文本直接加引号"))
    except yaml.MarkedYAMLError:
        return None
    return out


def _syntax_errors(exc: yaml.MarkedYAMLError, text: str, file: str) -> list[Diagnostic]:
    out = []
    for m in _TAB_INDENT.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        col = m.end() - m.start()
        out.append(Diagnostic("PL106", file, line, col, "", "此行用制表符（Tab）缩进；YAML 只能用空格缩进"))
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if not any(d.line == line for d in out):
        msg = _problem_zh(exc.problem)
        if exc.context_mark is not None and exc.context and exc.context_mark.line + 1 != line:
            msg += f"（与第 {exc.context_mark.line + 1} 行相关）"
        out.append(Diagnostic("PL105", file, line, col, "", msg))
    return out


class _Builder:
    """Node tree → plain values, refusing duplicate and merge keys."""

    __slots__ = ("file", "diags")

    def __init__(self, file: str) -> None:
        self.file = file
        self.diags: list[Diagnostic] = []

    def build(self, node: Node) -> Any:
        if isinstance(node, ScalarNode):
            tag = node.tag
            if tag == STR:
                return node.value
            build = _SCALAR_BUILDERS.get(tag)
            if build is None:  # explicit tag the event scan did not see
                self._err("PL109", node, f"使用了标签 {tag}；请删除标签")
                return None
            return build(node)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                self._err("PL109", node, f"使用了标签 {node.tag}；请删除标签")
            return [self.build(child) for child in node.value]
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                self._err("PL109", node, f"使用了标签 {node.tag}；请删除标签")
            out: dict[Any, Any] = {}
            seen: dict[Any, Node] = {}
            for knode, vnode in node.value:
                if knode.tag == MERGE:
                    self._err("PL110", knode, "使用了合并键 <<；请直接写出各字段")
                    continue
                key = self.build(knode)
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    self._err("PL203", knode, "字段名必须是简单的文字")
                    continue
                if key in seen:
                    first = seen[key].start_mark.line + 1
                    self._err("PL107", knode,
                              f"字段 {key} 重复，第 {first} 行已写过；YAML 会悄悄丢弃前一个值")
                    continue
                seen[key] = knode
                out[key] = self.build(vnode)
            return out
        raise TypeError(node)  # pragma: no cover - libyaml makes only these three

    def _err(self, rule: str, node: Node, message: str) -> None:
        m = node.start_mark
        self.diags.append(Diagnostic(rule, self.file, m.line + 1, m.column + 1, "", message))
