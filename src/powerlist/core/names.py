"""Names that are nearly the same: a new item very close to an existing one
(科技型中小企业评价入库 beside 科技型中小企业评价信息审核) is often the same
item added twice, or a name written two ways; a reviewer should decide.

Compared by the character pairs (bigrams) names share, within blocks:
each name is compared only with names sharing one of its rarer bigrams,
never with all, so a list of 10,000 names takes near-linear time.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from .diagnostics import Diagnostic
    from .records import Catalog

THRESHOLD = 0.7  # Dice coefficient of the two names' bigram sets
MIN_SHARED = 4  # bigrams in common, at least: short names differ by little and are still different
BLOCK = 64  # a bigram shared by more names than this (企业, 行政) is too common to block on
_NOISE = re.compile(r"[\s\u3000（）()《》“”\"'、，,。.·—-]+")


def bigrams(name: str) -> frozenset[str]:
    text = _NOISE.sub("", name)
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def similar(new: Iterable[tuple[str, str]], known: Iterable[tuple[str, str]]) -> list[tuple[str, str, float]]:
    """For each (id, name) of `new`, the closest (id, name) of `known` (other
    ids) whose name is nearly the same but not equal: (new id, known id,
    similarity), best first per new id."""
    grams: dict[str, frozenset[str]] = {}
    names: dict[str, str] = {}
    postings: dict[str, list[str]] = {}
    for ident, name in known:
        names[ident] = name
        grams[ident] = g = bigrams(name)
        for b in g:
            postings.setdefault(b, []).append(ident)
    out: list[tuple[str, str, float]] = []
    for ident, name in new:
        mine = bigrams(name)
        shared: dict[str, int] = {}
        for b in mine:
            block = postings.get(b, ())
            if len(block) > BLOCK:
                continue
            for other in block:
                shared[other] = shared.get(other, 0) + 1
        best: tuple[float, str] | None = None
        for other, _ in shared.items():
            if other == ident or names[other].strip() == name.strip():
                continue
            common = len(mine & grams[other])  # the common bigrams skipped as blocks count too
            score = 2 * common / (len(mine) + len(grams[other])) if mine else 0.0
            if common >= MIN_SHARED and score >= THRESHOLD and (best is None or (score, other) > best):
                best = (score, other)
        if best is not None:
            out.append((ident, best[1], best[0]))
    return out


def similar_new(cat: Catalog, new_ids: Iterable[str]) -> list[Diagnostic]:
    """PL311 warnings: each new item (of `new_ids`) whose name is nearly that
    of a current item of `cat`, told at its name, naming the other's file."""
    from .changes import is_current
    from .rules import say

    current = [(e.id, e.item.name) for e in cat.entries.values() if is_current(e.item)]
    new = [(i, cat.entries[i].item.name) for i in new_ids if i in cat.entries]
    out = []
    for ident, other, _ in similar(new, current):
        e, o = cat.entries[ident], cat.entries[other]
        out.append(e.source.diag("PL311", ("name",), say("PL311", name=e.item.name, other=o.item.name, file=o.file)))
    return out
