"""`powerlist notice`: the skeleton of an adjustment notice for the changes
of a branch, compared with a base as the pull-request rule compares them
(`history.review.item_changes`): each item's kind and id filled in, what a
person must decide (文号, 标题, 批准日期, 理由, 依据, the wording of each
adjustment) marked 【待填写…】, so that `check` refuses the notice until
it is filled in (PL420).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..core.records import Catalog
from ..core.vocab import RETIRED
from ..core.diagnostics import Diagnostic
from ..core.lint import PLACEHOLDER

_HINTS = 5  # changed fields named in an adjustment's hint


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str
    ident: str
    summary: str
    into: tuple[str, ...] = ()


def default_base(top: Path) -> str:
    """origin/main when the repository has it (a clone), else main."""
    from . import git

    return "origin/main" if git.resolve(top, "origin/main") is not None else "main"


def entries(cat: Catalog, base: str) -> list[Entry] | Diagnostic:
    """The entries the branch's changes call for, by item id; a PL713
    diagnostic when the base cannot be read."""
    from .review import base_state, item_changes

    state = base_state(cat, base)
    if isinstance(state, Diagnostic):
        return state
    top, commit, before, _, texts = state
    out: list[Entry] = []
    for ident, ch in item_changes(cat, top, commit, before, texts).items():
        it = cat.entries[ident].item
        if ch.before is None:
            out.append(Entry("新增", ident, f"新增{cat.entries[ident].type_name}“{it.name}”"))
        elif it.status in RETIRED and ch.status_before != it.status:
            kind = RETIRED[it.status]
            into = tuple(it.retired.successors) if it.retired is not None and kind == "合并" else ()
            out.append(Entry(kind, ident, f"{kind}“{it.name}”" + (f"，并入{'、'.join(into)}" if into else ""), into))
        elif ch.changes:  # a rename alone changes no fact: nothing to announce
            labels = list(dict.fromkeys(c.label for c in ch.changes))
            hint = "、".join(labels[:_HINTS]) + ("等" if len(labels) > _HINTS else "")
            out.append(Entry("调整", ident, f"{PLACEHOLDER}：调整内容，如 承诺时限由 7 个工作日压缩为 5 个工作日；"
                                            f"本次改动了 {hint}】"))
    return out


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def render(found: list[Entry], base: str, published: str) -> str:
    lines = [
        f"# 调整公告草稿：由 powerlist notice 按本分支与 {base} 的差异生成。",
        "# 把每个“【待填写…】”换成实际内容，填完之前 powerlist check 会报告 PL420。",
        "# 只改错别字的条目，类型改为 勘误；只更新办事指南（service）的，改为 指南更新（全是这两种的记录可删去文号和批准日期）。",
        f"doc_number: {_q(PLACEHOLDER + '：文号，如 解科工〔2026〕15号】')}",
        f"title: {_q(PLACEHOLDER + '：标题，如 关于调整权责清单的公告】')}",
        f"approved: {_q(PLACEHOLDER + '：批准日期，如 2026-12-01】')}",
        f"published: {_q(published)}",
        f"reason: {_q(PLACEHOLDER + '：调整理由】')}",
        "entries:",
    ]
    for e in found:
        lines += [f"  - kind: {e.kind}", f"    items: [{e.ident}]"]
        if e.into:
            lines.append(f"    into: [{', '.join(e.into)}]")
        lines += [f"    summary: {_q(e.summary)}", "    basis:",
                  f"      - title: {_q(PLACEHOLDER + '：调整依据的法规或文件名称，没有的删去 basis】')}"]
    return "\n".join(lines) + "\n"


def today() -> str:
    from ..core.dates import TZ

    return dt.datetime.now(TZ).date().isoformat()
