"""Fitting text into boxes, for the chart and the BPMN diagram alike: the
width of a character in em, lines broken evenly, and HTML-like DOT labels."""

from __future__ import annotations

import html
import re
import unicodedata

FONT_TOKEN = "Noto Sans CJK SC"  # measured by pango; replaced by the chart's FONT_STACK in the SVG
CLOSING = set("，。、；：？！）》」』”’,.;:?!)")  # no line starts with these


def char_width(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55


def wrap(text: str, width: float) -> list[str]:
    """Break text into lines of at most `width` em, evenly filled (no
    orphan character on the last line): CJK may break between any two
    characters, Latin words and numbers stay whole, and no line starts with
    closing punctuation."""
    lines = _greedy(text, width)
    if len(lines) > 1:
        total = sum(char_width(c) for c in text.strip())
        even = total / len(lines)
        for slack in (0.5, 1.0, 1.5, 2.0):
            balanced = _greedy(text, min(width, even + slack))
            if len(balanced) == len(lines):
                return balanced
    return lines


def _greedy(text: str, width: float) -> list[str]:
    tokens = re.findall(r"[A-Za-z0-9.%/_-]+|\s+|.", text.strip())
    lines: list[str] = []
    line, w = "", 0.0
    for tok in tokens:
        tw = sum(char_width(c) for c in tok)
        if line and w + tw > width and not (tok[0] in CLOSING and len(tok) == 1):
            lines.append(line.rstrip())
            line, w = "", 0.0
            if tok.isspace():
                continue
        while tw > width and not line:  # one token longer than a line
            cut, cw = "", 0.0
            for c in tok:
                if cw + char_width(c) > width:
                    break
                cut, cw = cut + c, cw + char_width(c)
            lines.append(cut)
            tok = tok[len(cut):]
            tw = sum(char_width(c) for c in tok)
        line, w = line + tok, w + tw
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def esc_label(text: str) -> str:
    """Text for an HTML-like DOT label: XML-escaped, and backslashes doubled
    because Graphviz expands \\N, \\G, \\E … even inside HTML labels."""
    return html.escape(text, quote=True).replace("\\", "\\\\")


def label_rows(*rows: str) -> str:
    """Lines as table rows: Graphviz spaces <BR/> lines by the layout font's
    metrics, tighter than CJK fonts draw; a row with padding leaves room."""
    cells = "".join(f"<TR><TD>{r}</TD></TR>" for r in rows)
    return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{cells}</TABLE>'


def label_lines(text: str, width: float) -> list[str]:
    return [esc_label(ln) for ln in wrap(text, width)]
