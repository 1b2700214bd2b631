"""Read one YAML file safely and fast, keeping where every value came from.

Uses libyaml's composer (PyYAML `CSafeLoader`) to get a node tree with
positions, then builds plain Python values from it in one pass that also
refuses what staff files must not contain: duplicate keys, anchors and
aliases, merge keys and tags. Positions are looked up lazily, only for
values a diagnostic points at.
"""

from __future__ import annotations

import bisect
import errno
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, Finding

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

# What YAML does not allow in a file and staff must not publish in any text:
# C0 controls other than tab, LF and CR; DEL; C1 controls (NEL included);
# the noncharacters U+FFFE and U+FFFF. Vertical tab and form feed arrive by
# pasting from Word.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_CONTROL_NAMES = {
    "\x00": "空字符", "\x07": "响铃符", "\x08": "退格符", "\x0b": "垂直制表符", "\x0c": "换页符",
    "\x1b": "转义符", "\x7f": "删除符", "\x85": "下一行符", "\ufffe": "非字符", "\uffff": "非字符",
}
_MAX_CONTROL_REPORTS = 20
# libyaml also breaks lines at NEL, LS and PS; an editor only at these:
_EDITOR_BREAK = re.compile("\r\n|[\r\n]")
# Staff data nests five levels deep, templates seven; anything much deeper is
# a mistake or an attack, and must not reach recursive code.
MAX_DEPTH = 30
# An unquoted number longer than this is no count, time or size: refuse it
# before Python's int-str conversion limit or a huge message does.
_MAX_NUMBER_CHARS = 64

# libyaml's problems, in Chinese for staff; anything else gets a generic Chinese message.
_PROBLEMS = [
    ("found character '\\t' that cannot start any token", "此处有制表符（Tab），YAML 只能用空格缩进"),
    ("tab character", "此处有制表符（Tab），YAML 只能用空格缩进"),
    ("mapping values are not allowed here", "此处不能出现“键: 值”；含冒号的文字请加引号，或检查缩进"),
    ("mapping values are not allowed in this context", "此处不能出现“键: 值”；含冒号的文字请加引号，或检查缩进"),
    ("block sequence entries are not allowed", "此处不能开始“- ”列表；列表项请另起一行并缩进，或给含“- ”的文字加引号"),
    ("mapping keys are not allowed", "此处不能出现“? ”字段名；请检查缩进"),
    ("could not find expected ':'", "缺少冒号“:”，或上一行的引号没有闭合"),
    ("did not find expected key", "缩进没有对齐，或列表项“- ”与字段混在同一层"),
    ("did not find expected '-' indicator", "列表项缩进没有对齐"),
    ("found unexpected end of stream", "文件意外结束：引号或括号没有闭合"),
    ("found undefined tag handle", "使用了未定义的标签"),
    ("expected a single document", "一个文件只能有一个文档，请删除多余的“---”"),
    ("but found another document", "一个文件只能有一个文档，请删除多余的“---”"),
    ("did not find expected <document start>", "一个文件只能有一个文档，请删除“...”之后的内容"),
    ("found unexpected document indicator", "文字中出现了“---”或“...”；请给这段文字加引号"),
    ("found unexpected ':'", "此处的冒号需要放在引号内"),
    ("found character that cannot start any token", "此字符不能出现在值的开头（如 @ 或 `），请给整个值加引号"),
    ("did not find expected node content", "缺少内容，或列表、字段组的括号没有闭合"),
    ("did not find expected ',' or ']'", "方括号列表没有闭合，或元素之间缺少逗号"),
    ("did not find expected ',' or '}'", "花括号字段组没有闭合，或字段之间缺少逗号"),
    ("found unknown escape character", "双引号内的反斜杠转义无效；请改用单引号或写成 \\\\"),
    ("hexdecimal number", "双引号内的 \\x、\\u 转义写得不完整；请改用单引号或写成 \\\\"),
    ("invalid Unicode character escape", "双引号内的 \\u 转义不是有效字符；请删除该转义"),
    ("did not find expected alphabetic or numeric character", "& 或 * 后面缺少名称；含 & 或 * 的文字请加引号"),
    ("did not find expected whitespace or line break", "此处缺少空格或换行；含特殊符号的文字请加引号"),
    ("did not find expected comment or line break", "此处缺少空格或换行；含特殊符号的文字请加引号"),
    ("indentation indicator equal to 0", "多行文字“|”或“>”后的缩进数字不能为 0"),
    ("directive", "以 % 开头的指令不允许使用；含 % 的文字请加引号"),
    ("incompatible YAML document", "以 % 开头的指令不允许使用；含 % 的文字请加引号"),
    ("tag", "标签写法不对；请删除标签，文本直接加引号"),
    ("URI", "标签写法不对；请删除标签，文本直接加引号"),
    ("exceeded maximum nesting depth", "列表或字段组嵌套过深；请检查括号是否成对"),
    ("control characters are not allowed", "含有不可见的控制字符，请删除"),
    ("special characters are not allowed", "含有不可见的特殊字符，请删除"),
    ("UTF-8", "文件含有无效的 UTF-8 字节；请另存为 UTF-8"),
]
_GENERIC_PROBLEM = "YAML 语法错误，无法解析此处；请检查引号、冒号、括号和缩进"


def _problem_zh(problem: str | None, context: str | None = None) -> str:
    said = f"{problem or ''} {context or ''}"
    for en, zh in _PROBLEMS:
        if en in said:
            return zh
    return _GENERIC_PROBLEM


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


class Source:
    """A parsed YAML file: its plain data, and positions on demand.

    The node tree is kept while its file is being checked, then dropped
    with `release()` (a retained tree costs ~28 KB per item and makes the
    garbage collector quadratic over a large list); it is composed again
    from the kept text only when a later diagnostic needs a position.

    `refused` holds the character index of every node the builder already
    reported and left out: validation errors there would only repeat it.
    """

    __slots__ = ("file", "data", "text", "_root", "_where", "refused")

    def __init__(self, file: str, data: Any, text: str, root: Node | None = None,
                 refused: frozenset[int] = frozenset()) -> None:
        self.file = file
        self.data = data
        self.text = text
        self._root = root
        self._where: Where | None = None
        self.refused = refused

    def release(self) -> None:
        """Drop the node tree: the file's own checks are done."""
        self._root = None

    @property
    def root(self) -> Node:
        if self._root is None:
            self._root = yaml.compose(self.text, Loader=yaml.CSafeLoader)
        return self._root

    @property
    def where(self) -> Where:
        if self._where is None:
            self._where = Where(self.text)
        return self._where

    def node_at(self, loc: tuple, key: bool = False) -> Node:
        """The deepest node along `loc` (a path of keys and list indexes).

        Steps that do not match (missing keys) are skipped, so the result is
        the closest existing ancestor. With `key=True` the key node of the
        last mapping step is returned instead of its value, for diagnostics
        about the key itself.
        """
        node = self.root
        found_key: Node | None = None
        for step in loc:
            if isinstance(node, MappingNode) and isinstance(step, str):
                for k, v in node.value:
                    if k.value == step and isinstance(k, ScalarNode):
                        found_key, node = k, v
                        break
            elif isinstance(node, SequenceNode) and isinstance(step, int):
                if 0 <= step < len(node.value):
                    node, found_key = node.value[step], None
        return found_key if key and found_key is not None else node

    def is_refused(self, loc: tuple) -> bool:
        return bool(self.refused) and self.node_at(loc).start_mark.index in self.refused

    def pos(self, loc: tuple, key: bool = False) -> tuple[int, int]:
        return self.where.mark(self.node_at(loc, key).start_mark)

    def place(self, f: Finding) -> Diagnostic:
        """A rule's finding at its line and column in this file."""
        return self.diag(f.rule, f.loc, f.message, f.key)

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


# --- reading a file ---------------------------------------------------------

_KINDS = [(stat.S_ISLNK, "符号链接"), (stat.S_ISDIR, "目录"), (stat.S_ISFIFO, "命名管道"),
          (stat.S_ISSOCK, "套接字"), (stat.S_ISCHR, "设备文件"), (stat.S_ISBLK, "设备文件")]


def _not_regular(mode: int) -> str | None:
    """What a non-regular file is, in Chinese; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "特殊文件")


def not_a_file(file: str, kind: str) -> Diagnostic:
    if kind == "符号链接":
        advice = "事项、模板和站点配置须是仓库中的普通文件，不能链接到别处；请删除链接，把内容复制进来"
    elif kind == "目录":
        advice = "目录名不能以 .yaml 或 .yml 结尾；请改名"
    else:
        advice = "请删除它，或换成普通文件"
    return Diagnostic("PL114", file, 1, 1, "", f"不是普通文件（是{kind}）；{advice}")


def _unreadable(file: str, exc: OSError) -> Diagnostic:
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        reason = "文件在检查过程中被删除或移动"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        reason = "没有读取权限"
    else:
        reason = f"读取时出错（系统错误码 {exc.errno}）" if exc.errno else "读取时出错"
    return Diagnostic("PL113", file, 1, 1, "", f"文件无法读取：{reason}；请检查文件后重新运行")


def refuse_special(path: Path, file: str) -> Diagnostic | None:
    """A diagnostic if `path` is anything but a regular file; links are not
    followed and nothing is opened."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return _unreadable(file, exc)
    kind = _not_regular(mode)
    return not_a_file(file, kind) if kind else None


_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
               | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))


def read(path: Path, file: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of a regular file, never following a link or waiting on a
    pipe; a Chinese diagnostic for anything else."""
    refused = refuse_special(path, file)
    if refused is not None:
        return None, [refused]
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # replaced by a link since
            return None, [not_a_file(file, "符号链接")]
        return None, [_unreadable(file, exc)]
    try:
        info = os.fstat(fd)
        kind = _not_regular(info.st_mode)
        if kind:
            return None, [not_a_file(file, kind)]
        if info.st_size > max_bytes:
            return None, [_too_large(file, info.st_size, max_bytes)]
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, max_bytes + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:  # grew while being read
            return None, [_too_large(file, size, max_bytes)]
        return b"".join(chunks), []
    except OSError as exc:
        return None, [_unreadable(file, exc)]
    finally:
        os.close(fd)


def _too_large(file: str, size: int, max_bytes: int) -> Diagnostic:
    return Diagnostic("PL103", file, 1, 1, "", f"文件大小 {size:,} 字节，超过上限 {max_bytes:,} 字节")


def load(path: Path, file: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Source | None, list[Diagnostic]]:
    """Read `path` (reported as `file`). Returns the source, or None with errors."""
    raw, diags = read(path, file, max_bytes)
    if raw is None:
        return None, diags
    return parse(raw, file)


# --- parsing ----------------------------------------------------------------

def parse(raw: bytes, file: str) -> tuple[Source | None, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    text = _decode(raw, file, diags)
    if text is None:
        return None, diags
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return None, diags + [Diagnostic("PL104", file, 1, 1, "", "文件为空（只有空白或注释）")]
    where = Where(text)
    controls: list[re.Match] = []
    blank = None
    if CONTROL.search(text):
        # Report each, then read on with a stand-in of the same length that
        # YAML accepts and the builder removes again, so that positions stay
        # and the rest of the file is still checked.
        controls = list(CONTROL.finditer(text))
        blank = _stand_in(text)
        text = CONTROL.sub(blank, text)
        where = Where(text)  # NEL no longer breaks a line for libyaml
    if _MAYBE_MARKUP.search(text):
        markup = _scan_markup(text, file, where)
        if markup is None:  # a syntax error: composing will report it
            pass
        elif markup:
            return None, diags + _controls(controls, where, file, None, blank) + markup
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as exc:
        return None, diags + _controls(controls, where, file, None, blank) + _syntax_errors(exc, text, file, where)
    except yaml.YAMLError:  # pragma: no cover - libyaml marks all its errors
        return None, diags + _controls(controls, where, file, None, blank) + [
            Diagnostic("PL105", file, 1, 1, "", _GENERIC_PROBLEM)]
    diags += _controls(controls, where, file, root, blank)
    if root is None:
        return None, diags + [Diagnostic("PL104", file, 1, 1, "", "文件为空（只有空白或注释）")]
    builder = _Builder(file, root, where, blank)
    data = builder.build(root, 1)  # refused pieces are left out, so checking goes on
    src = Source(file, data, text, root, refused=frozenset(builder.refused))
    src._where = where
    return src, diags + builder.diags


def _stand_in(text: str) -> str:
    """A private-use character the text does not contain."""
    for code in range(0xF8FF, 0xE000, -1):
        if chr(code) not in text:
            return chr(code)
    return " "  # pragma: no cover - a file using all 6,400 of them


def control_name(ch: str) -> str:
    name = _CONTROL_NAMES.get(ch)
    return f"U+{ord(ch):04X}（{name}）" if name else f"U+{ord(ch):04X}"


def _controls(found: list[re.Match], where: Where, file: str, root: Node | None,
              blank: str | None) -> list[Diagnostic]:
    """One diagnostic per line with raw control characters, at the first."""
    out: list[Diagnostic] = []
    lines: set[int] = set()
    for m in found:
        line, col = where.offset(m.start())
        if line in lines:
            continue
        lines.add(line)
        if len(out) == _MAX_CONTROL_REPORTS:
            more = len({where.offset(x.start())[0] for x in found}) - _MAX_CONTROL_REPORTS
            last = out[-1]
            out[-1] = Diagnostic(last.rule, last.file, last.line, last.col, last.path,
                                 last.message + f"（另有 {more} 行也含有控制字符，未一一列出）")
            break
        loc = _loc_at(root, m.start(), blank) if root is not None else ()
        out.append(Diagnostic("PL115", file, line, col, dotted(loc),
                              f"含有不可见的控制字符 {control_name(m.group())}；"
                              "多见于从 Word 等处粘贴的文字，请删除该字符"))
    return out


def _loc_at(root: Node, index: int, blank: str | None) -> tuple:
    """The path of the deepest value that holds character `index`; a key
    belongs to its mapping."""
    loc: tuple = ()
    node = root
    while True:
        if isinstance(node, MappingNode):
            for k, v in node.value:
                if k.start_mark.index <= index < k.end_mark.index:
                    return loc
                if v.start_mark.index <= index < v.end_mark.index:
                    step = k.value if isinstance(k, ScalarNode) else "?"
                    loc += (step.replace(blank, "") if blank else step,)
                    node = v
                    break
            else:
                return loc
        elif isinstance(node, SequenceNode):
            for i, child in enumerate(node.value):
                if child.start_mark.index <= index < child.end_mark.index:
                    loc += (i,)
                    node = child
                    break
            else:
                return loc
        else:
            return loc


def _loc_of(root: Node, target: Node) -> tuple:
    """The path of `target` (a key: of its mapping) in the tree; errors are
    rare, so a search beats tracking the path while building."""
    stack: list[tuple[Node, tuple]] = [(root, ())]
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
        before = raw[: exc.start].decode("utf-8", "replace")
        line, col = Where(before).offset(len(before))
        bad = raw[exc.start: exc.start + 2].hex(" ").upper()
        diags.append(Diagnostic(
            "PL101", file, line, col, "",
            f"第 {line} 行有非 UTF-8 字节（{bad}），文件可能是 GBK 编码；请另存为 UTF-8"))
        return None


def _scan_markup(text: str, file: str, where: Where) -> list[Diagnostic] | None:
    """Find anchors, aliases and explicit tags from libyaml's event stream."""
    out: list[Diagnostic] = []
    try:
        for ev in yaml.parse(text, Loader=yaml.CSafeLoader):
            m = ev.start_mark
            anchor = getattr(ev, "anchor", None)
            if isinstance(ev, yaml.AliasEvent):
                out.append(Diagnostic("PL108", file, *where.mark(m), "",
                                      f"使用了别名 *{anchor}；请直接写出内容"))
            elif anchor is not None:
                out.append(Diagnostic("PL108", file, *where.mark(m), "",
                                      f"使用了锚点 &{anchor}；请删除"))
            tag = getattr(ev, "tag", None)
            if tag is not None:  # libyaml reports only tags written in the file
                shown = tag.replace(_T, "!!")
                out.append(Diagnostic("PL109", file, *where.mark(m), "",
                                      f"使用了标签 {shown}；请删除标签，文本直接加引号"))
    except yaml.YAMLError:
        return None
    return out


def _syntax_errors(exc: yaml.MarkedYAMLError, text: str, file: str, where: Where) -> list[Diagnostic]:
    out = []
    for m in _TAB_INDENT.finditer(text):
        line, col = where.offset(m.end() - 1)
        out.append(Diagnostic("PL106", file, line, col, "", "此行用制表符（Tab）缩进；YAML 只能用空格缩进"))
    mark = exc.problem_mark or exc.context_mark
    line, col = where.mark(mark) if mark else (1, 1)
    if not any(d.line == line for d in out):
        if "nesting depth" in (exc.problem or ""):
            return out + [Diagnostic("PL112", file, line, col, "",
                                     f"列表或字段组嵌套过深（超过 {MAX_DEPTH} 层）；请检查括号是否成对、缩进是否正确")]
        msg = _problem_zh(exc.problem, exc.context)
        if exc.context_mark is not None and exc.context:
            context_line = where.mark(exc.context_mark)[0]
            if context_line != line:
                msg += f"（与第 {context_line} 行相关）"
        out.append(Diagnostic("PL105", file, line, col, "", msg))
    return out


_YAML_READ_AS = {INT: "整数", FLOAT: "小数", BOOL: "布尔值", TIMESTAMP: "日期", NULL: "空值"}


def _shown(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else f"{text[:limit]}…（共 {len(text)} 个字符）"


class _Builder:
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
                        self._err("PL115", node,
                                  f"含有不可见的控制字符 {control_name(m.group())}，由双引号内的转义写成；请删除该转义",
                                  path=True)
                        value = CONTROL.sub("", value)
                return value
            build = _SCALAR_BUILDERS.get(tag)
            if build is None:  # explicit tag the event scan did not see
                self._err("PL109", node, f"使用了标签 {tag}；请删除标签")
                return None
            if tag == INT and len(node.value) > _MAX_NUMBER_CHARS:
                return self._refuse(node, f"未加引号的 {_short(node.value)} 被 YAML 读成了整数，但位数太多；"
                                          f"如果是编码等文字，请加英文引号；如果是数量，请核对")
            try:
                return build(node)
            except (ValueError, OverflowError, TypeError):
                return self._refuse(node, f"未加引号的 {_short(node.value)} 被 YAML 当作{_YAML_READ_AS.get(tag, '数字')}，"
                                          f"但不是有效的{_YAML_READ_AS.get(tag, '数字')}；如果是文字，请加英文引号写成 "
                                          f"\"{_short(node.value)}\"")
        if depth > MAX_DEPTH:
            self._err("PL112", node, f"列表或字段组嵌套超过 {MAX_DEPTH} 层；请检查括号是否成对、缩进是否正确",
                      path=True)
            self.refused.add(node.start_mark.index)
            return None
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                self._err("PL109", node, f"使用了标签 {node.tag}；请删除标签")
            return [self.build(child, depth + 1) for child in node.value]
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                self._err("PL109", node, f"使用了标签 {node.tag}；请删除标签")
            out: dict[Any, Any] = {}
            seen: dict[Any, Node] = {}
            for knode, vnode in node.value:
                if knode.tag == MERGE:
                    self._err("PL110", knode, "使用了合并键 <<；请直接写出各字段")
                    continue
                if not isinstance(knode, ScalarNode):
                    self._err("PL203", knode, "字段名必须是简单的文字")
                    continue
                if knode.tag != STR:
                    self._key_not_text(knode)
                    continue
                key = self.build(knode, depth)
                if key in seen:
                    first = self.where.mark(seen[key].start_mark)[0]
                    self._err("PL107", knode,
                              f"字段 {key} 重复，第 {first} 行已写过；YAML 会悄悄丢弃前一个值")
                    continue
                seen[key] = knode
                out[key] = self.build(vnode, depth + 1)
            return out
        raise TypeError(node)  # pragma: no cover - libyaml makes only these three

    def _key_not_text(self, knode: ScalarNode) -> None:
        read_as = _YAML_READ_AS.get(knode.tag)
        if read_as is None:  # an explicit tag: reported by the event scan
            return
        shown = ""
        if knode.tag != NULL:
            try:
                shown = " " + _shown(_SCALAR_BUILDERS[knode.tag](knode))
            except (ValueError, OverflowError, TypeError):
                shown = ""
            if len(shown) > 40:
                shown = ""
        written = _short(knode.value)
        self._err("PL204", knode,
                  f"未加引号的字段名 {written} 被 YAML 读成了{read_as}{shown}；字段名须是文字，请加英文引号写成 \"{written}\"",
                  path=True)

    def _refuse(self, node: Node, message: str) -> None:
        self._err("PL204", node, message, path=True)
        self.refused.add(node.start_mark.index)
        return None

    def _err(self, rule: str, node: Node, message: str, path: bool = False) -> None:
        line, col = self.where.mark(node.start_mark)
        loc = _loc_of(self.root, node) if path else ()
        if self.blank is not None:
            loc = tuple(s.replace(self.blank, "") if isinstance(s, str) else s for s in loc)
        self.diags.append(Diagnostic(rule, self.file, line, col, dotted(loc), message))
