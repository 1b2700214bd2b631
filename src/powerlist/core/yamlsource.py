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
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, Finding
from .rules import say
from .safefile import DEFAULT_MAX_BYTES, read
from .textrules import REORDERING, char_name
from .yamlbuild import CONTROL, MAX_DEPTH, Builder, Where, control_name, dotted, tag_shown

_TAB_INDENT = re.compile(r"^[ ]*\t", re.M)
_MAYBE_MARKUP = re.compile(r"[&*!]")

_MAX_CONTROL_REPORTS = 20
# What the reader refuses wherever it is written (values, keys, comments), each told
# and replaced by a stand-in so that reading goes on: control characters; the line
# and paragraph separators, which libyaml takes for line breaks (a plain scalar, or
# a comment, would end there) and an editor does not; and the bidi controls and tag
# characters (textrules.REORDERING), which make text, a comment in a review too,
# show other than it is.
_SEPARATORS = "\u2028\u2029"
_REFUSED = re.compile("[" + CONTROL.pattern[1:-1] + _SEPARATORS + REORDERING.pattern[1:-1] + "]")
# libyaml also breaks lines at NEL, LS and PS; an editor only at these:
# libyaml's problems, each told in Chinese by a PL105 message; anything else
# gets the generic one.
_PROBLEMS = [
    ("found character '\\t' that cannot start any token", "tab"),
    ("tab character", "tab"),
    ("mapping values are not allowed here", "colon"),
    ("mapping values are not allowed in this context", "colon"),
    ("block sequence entries are not allowed", "dash"),
    ("mapping keys are not allowed", "question"),
    ("could not find expected ':'", "no-colon"),
    ("did not find expected key", "no-key"),
    ("did not find expected '-' indicator", "list-indent"),
    ("found unexpected end of stream", "end"),
    ("found undefined tag handle", "tag-handle"),
    ("expected a single document", "documents"),
    ("but found another document", "documents"),
    ("did not find expected <document start>", "after-end"),
    ("found unexpected document indicator", "doc-marker"),
    ("found unexpected ':'", "stray-colon"),
    ("found character that cannot start any token", "bad-start"),
    ("did not find expected node content", "no-content"),
    ("did not find expected ',' or ']'", "bracket"),
    ("did not find expected ',' or '}'", "brace"),
    ("found unknown escape character", "escape"),
    ("hexdecimal number", "short-escape"),
    ("invalid Unicode character escape", "unicode-escape"),
    ("did not find expected alphabetic or numeric character", "no-name"),
    ("did not find expected whitespace or line break", "no-space"),
    ("did not find expected comment or line break", "no-space"),
    ("indentation indicator equal to 0", "zero-indent"),
    ("directive", "directive"),
    ("incompatible YAML document", "directive"),
    ("tag", "bad-tag"),
    ("URI", "bad-tag"),
    ("exceeded maximum nesting depth", "too-deep"),
    ("control characters are not allowed", "control"),
    ("special characters are not allowed", "special"),
    ("UTF-8", "bytes"),
]


def _problem_zh(problem: str | None, context: str | None = None) -> str:
    said = f"{problem or ''} {context or ''}"
    for en, variant in _PROBLEMS:
        if en in said:
            return say("PL105", variant)
    return say("PL105")


_DROPPED: Any = object()  # a Source's plain data, let go (see Source.release)


class Source:
    """A parsed YAML file: its plain data, and positions on demand.

    The node tree is kept while its file is being checked, then dropped
    with `release()` (a retained tree costs ~28 KB per item and makes the
    garbage collector quadratic over a large list); it is composed again
    from the kept text only when a later diagnostic needs a position.

    `refused` holds the character index of every node the builder already
    reported and left out: validation errors there would only repeat it.

    An item's plain data, once its model is made, is dropped too
    (`release(data=True)`: about a quarter of a loaded list's memory) and
    built again from the text if anything asks for it later (the gate's
    comparisons of versions).
    """

    __slots__ = ("file", "_data", "text", "_root", "_where", "refused", "_blank")

    def __init__(self, file: str, data: Any, text: str, root: Node | None = None,
                 refused: frozenset[int] = frozenset(), blank: str | None = None) -> None:
        self.file = file
        self._data = data
        self.text = text
        self._root = root
        self._where: Where | None = None
        self.refused = refused
        self._blank = blank  # the stand-in parse put for refused control characters, if any

    @property
    def data(self) -> Any:
        if self._data is _DROPPED:
            self._data = Builder(self.file, self.root, self.where, self._blank).build(self.root, 1)
        return self._data

    @data.setter
    def data(self, value: Any) -> None:
        self._data = value

    def release(self, data: bool = False) -> None:
        """Drop the node tree: the file's own checks are done; with `data`,
        the plain data too, when it can be built again from the text (a
        parsed file's, not plain data given as such)."""
        self._root = None
        if data and type(self) is Source:
            self._data = _DROPPED

    @property
    def root(self) -> Node:
        if self._root is None:
            self._root = yaml.compose(self.text, Loader=yaml.CSafeLoader)
            assert self._root is not None  # a Source's text holds a document: parsed as one, or written from data
        return self._root

    @property
    def where(self) -> Where:
        if self._where is None:
            self._where = Where(self.text)
        return self._where

    def node_at(self, loc: tuple[str | int, ...], key: bool = False) -> Node:
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

    def is_refused(self, loc: tuple[str | int, ...]) -> bool:
        return bool(self.refused) and self.node_at(loc).start_mark.index in self.refused

    def pos(self, loc: tuple[str | int, ...], key: bool = False) -> tuple[int, int]:
        return self.where.mark(self.node_at(loc, key).start_mark)

    def place(self, f: Finding) -> Diagnostic:
        """A rule's finding at its line and column in this file."""
        return self.diag(f.rule, f.loc, f.message, f.key)

    def diag(self, rule: str, loc: tuple[str | int, ...], message: str, key: bool = False) -> Diagnostic:
        line, col = self.pos(loc, key)
        return Diagnostic(rule, self.file, line, col, dotted(loc), message)


class Unplaced(Source):
    """The plain data (text, lists and mappings) of a file not written yet,
    checked where no position is wanted: `import` names the cell of the list
    a value came from, not a line of the file it would write. Every
    diagnostic is at line 1, column 1, and no node tree is composed."""

    __slots__ = ()

    def node_at(self, loc: tuple[str | int, ...], key: bool = False) -> Node:
        return _TEXT  # every value of plain data is text, as the file would read back

    def pos(self, loc: tuple[str | int, ...], key: bool = False) -> tuple[int, int]:
        return 1, 1


_TEXT = ScalarNode("tag:yaml.org,2002:str", "")


# --- reading a file ---------------------------------------------------------

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
        return None, diags + [Diagnostic("PL104", file, 1, 1, "", say("PL104"))]
    where = Where(text)
    controls: list[re.Match[str]] = []
    blank = None
    if _REFUSED.search(text):
        # Report each, then read on with a stand-in of the same length that
        # YAML accepts and the builder removes again, so that positions stay
        # and the rest of the file is still checked.
        controls = list(_REFUSED.finditer(text))
        blank = _stand_in(text)
        text = _REFUSED.sub(blank, text)
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
            Diagnostic("PL105", file, 1, 1, "", say("PL105"))]
    diags += _controls(controls, where, file, root, blank)
    if root is None:
        return None, diags + [Diagnostic("PL104", file, 1, 1, "", say("PL104"))]
    builder = Builder(file, root, where, blank)
    data = builder.build(root, 1)  # refused pieces are left out, so checking goes on
    src = Source(file, data, text, root, refused=frozenset(builder.refused), blank=blank)
    src._where = where
    return src, diags + builder.diags


def _stand_in(text: str) -> str:
    """A private-use character the text does not contain."""
    for code in range(0xF8FF, 0xE000, -1):
        if chr(code) not in text:
            return chr(code)
    return " "  # pragma: no cover - a file using all 6,400 of them


def _controls(found: list[re.Match[str]], where: Where, file: str, root: Node | None,
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
                                 say("PL115", "more", message=last.message, lines=more))
            break
        loc = _loc_at(root, m.start(), blank) if root is not None else ()
        ch = m.group()
        if ch in _SEPARATORS:
            out.append(Diagnostic("PL116", file, line, col, dotted(loc), say("PL116", "separator", char=char_name(ch))))
        elif REORDERING.match(ch):
            out.append(Diagnostic("PL116", file, line, col, dotted(loc), say("PL116", "reorder", char=char_name(ch))))
        else:
            out.append(Diagnostic("PL115", file, line, col, dotted(loc), say("PL115", char=control_name(ch))))
    return out


def _loc_at(root: Node, index: int, blank: str | None) -> tuple[str | int, ...]:
    """The path of the deepest value that holds character `index`; a key
    belongs to its mapping."""
    loc: tuple[str | int, ...] = ()
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


def _decode(raw: bytes, file: str, diags: list[Diagnostic]) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        diags.append(Diagnostic("PL101", file, 1, 1, "", say("PL101", "utf16")))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        diags.append(Diagnostic("PL102", file, 1, 1, "", say("PL102")))
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", "replace")
        line, col = Where(before).offset(len(before))
        bad = raw[exc.start: exc.start + 2].hex(" ").upper()
        diags.append(Diagnostic("PL101", file, line, col, "", say("PL101", line=line, bytes=bad)))
        return None


def _scan_markup(text: str, file: str, where: Where) -> list[Diagnostic] | None:
    """Find anchors, aliases and explicit tags from libyaml's event stream."""
    out: list[Diagnostic] = []
    try:
        for ev in yaml.parse(text, Loader=yaml.CSafeLoader):
            m = ev.start_mark
            anchor = getattr(ev, "anchor", None)
            if isinstance(ev, yaml.AliasEvent):
                out.append(Diagnostic("PL108", file, *where.mark(m), "", say("PL108", "alias", name=anchor)))
            elif anchor is not None:
                out.append(Diagnostic("PL108", file, *where.mark(m), "", say("PL108", "anchor", name=anchor)))
            tag = getattr(ev, "tag", None)
            if tag is not None:  # libyaml reports only tags written in the file
                out.append(Diagnostic("PL109", file, *where.mark(m), "", say("PL109", tag=tag_shown(tag))))
    except yaml.YAMLError:
        return None
    return out


# a key (the model's keys are plain English words) followed by a full-width colon
_FULLWIDTH_COLON = re.compile(r"^([ ]*(?:-[ ]+)?)([A-Za-z_][A-Za-z0-9_]*)[ ]*(：)", re.M)


def _fullwidth_colons(text: str, file: str, where: Where) -> list[Diagnostic]:
    """Each line whose key is followed by a full-width colon “：”, which
    YAML does not read as one: told at the colon, with the fix."""
    out = []
    for m in _FULLWIDTH_COLON.finditer(text):
        line, col = where.offset(m.start(3))
        out.append(Diagnostic("PL105", file, line, col, "", say("PL105", "fullwidth-colon", key=m.group(2))))
    return out


def _syntax_errors(exc: yaml.MarkedYAMLError, text: str, file: str, where: Where) -> list[Diagnostic]:
    out = []
    for m in _TAB_INDENT.finditer(text):
        line, col = where.offset(m.end() - 1)
        out.append(Diagnostic("PL106", file, line, col, "", say("PL106")))
    mark = exc.problem_mark or exc.context_mark
    line, col = where.mark(mark) if mark else (1, 1)
    colons = _fullwidth_colons(text, file, where)
    out += colons
    near = {n for d in colons for n in (d.line, d.line + 1)}  # libyaml finds such a line's mistake on the next
    context_line = where.mark(exc.context_mark)[0] if exc.context_mark is not None else None
    if line in near or context_line in near:
        return out
    if not any(d.line == line for d in out):
        if "nesting depth" in (exc.problem or ""):
            return out + [Diagnostic("PL112", file, line, col, "", say("PL112", depth=MAX_DEPTH))]
        msg = _problem_zh(exc.problem, exc.context)
        if exc.context_mark is not None and exc.context:
            context_line = where.mark(exc.context_mark)[0]
            if context_line != line:
                msg = say("PL105", "related", problem=msg, line=context_line)
        out.append(Diagnostic("PL105", file, line, col, "", msg))
    return out


