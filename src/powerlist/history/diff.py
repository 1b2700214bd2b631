"""What changed between two versions of an item file, field by field, in
the words of the form (the models' field titles).

>>> old = {"name": "技术合同认定登记", "service": {"time_limit": {"promised": "7 个工作日"}}}
>>> new = {"name": "技术合同认定登记", "service": {"time_limit": {"promised": "5 个工作日"}}}
>>> [(c.label, c.old, c.new) for c in compare(old, new)]
[('办事指南 › 办结时限 › 承诺办结时限', '7 个工作日', '5 个工作日')]
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..core.models import PowerItem
from ..core.validate import step_into, union_members

LONG = 24  # texts longer than this are shown as a character diff
DIFF_LIMIT = 3000  # longer than this, old and new are shown whole (difflib is quadratic)
# the field whose value names an element of a list, so that a change is said of
# the element (材料“申请表”) rather than of its position
NAMING = ("id", "name", "title", "stage", "doc_number", "case")
# entries of a list that share a name are told apart by their place among
# them: the second 《条例》 is `basis[条例#2]`, so that no duplicate hides another
SAME = "#"
# top-level fields that are no public fact: an item's former ids (renamed_from)
# change its addresses, not what it says, so they are never a field change
NOT_FACTS = ("renamed_from",)


@dataclass(frozen=True, slots=True)
class FieldChange:
    path: str  # where in the file, dotted: service.time_limit.promised
    label: str  # what the form calls it: 办事指南 › 办结时限 › 承诺时限
    old: str | None  # None: the field was added
    new: str | None  # None: the field was removed

    def as_list(self) -> list:
        return [self.path, self.label, self.old, self.new]


def _title(cands: list[Any] | None, key: str) -> tuple[str, list[Any] | None]:
    if cands is None:
        return key, None
    memo = _TITLES.get((tuple(map(id, cands)), key))
    if memo is not None:
        return memo
    found = _TITLES[(tuple(map(id, cands)), key)] = _title_of(cands, key)
    _KEEP.append(cands)  # the ids in the memo's keys stay valid
    return found


_TITLES: dict[tuple, tuple[str, list[Any] | None]] = {}
_KEEP: list = []


def _title_of(cands: list[Any], key: str) -> tuple[str, list[Any] | None]:
    members = union_members(cands)
    for cand in members:
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            f = next((f for n, f in cand.model_fields.items() if (f.alias or n) == key), None)
            if f is not None:
                return f.title or key, step_into(members, key)
    return key, step_into(members, key)


def scalar_text(v: Any) -> str:
    if v is True:
        return "是"
    if v is False:
        return "否"
    return str(v)


def flatten(data: Any, cands: list[Any] | None = None, path: str = "", label: str = "",
            out: dict[str, tuple[str, str]] | None = None) -> dict[str, tuple[str, str]]:
    """Every leaf of an item's data: dotted path → (label, text)."""
    out = {} if out is None else out
    if cands is None and not path:
        cands = [PowerItem]
    if isinstance(data, dict):
        for k, v in data.items():
            k = str(k)
            if not path and k in NOT_FACTS:
                continue
            title, sub = _title(cands, k)
            flatten(v, sub, f"{path}.{k}" if path else k, f"{label} › {title}" if label else title, out)
    elif isinstance(data, list):
        if all(not isinstance(x, (dict, list)) for x in data):
            out[path] = (label, "、".join(scalar_text(x) for x in data))
            return out
        sub = step_into(union_members(cands), 0) if cands is not None else None
        seen: dict[str, int] = {}
        used: set[str] = set()
        for i, x in enumerate(data):
            name = next((str(x[k]) for k in NAMING if isinstance(x, dict) and isinstance(x.get(k), str)), None)
            if name is None:
                key, shown = f"[{i + 1}]", f"第 {i + 1} 项"
                while key in used:  # an entry named "2" before the unnamed second
                    key = key[:-1] + SAME + "]"
            else:  # identity: the name plus the place among entries of the same name
                n = seen[name] = seen.get(name, 0) + 1
                key = f"[{name}]" if n == 1 else f"[{name}{SAME}{n}]"
                while key in used:  # a name that itself reads `x#2`: still one key per entry
                    n += 1
                    key = f"[{name}{SAME}{n}]"
                # a step is shown by its label (its id stays its identity)
                words = x.get("label") if isinstance(x, dict) and isinstance(x.get("label"), str) and "id" in x else name
                shown = f"“{words}”" if n == 1 else f"第 {n} 个“{words}”"
            used.add(key)
            flatten(x, sub, path + key, f"{label} {shown}", out)
    elif data is not None:
        out[path] = (label, scalar_text(data))
    return out


def compare(old: Any, new: Any) -> list[FieldChange]:
    """The fields whose text differs, in the order of the new file (removed
    ones after)."""
    return compare_flat(flatten(old), flatten(new))


def compare_flat(a: dict[str, tuple[str, str]], b: dict[str, tuple[str, str]]) -> list[FieldChange]:
    """`compare` of two files already flattened."""
    out = []
    for path, (label, value) in b.items():
        before = a.get(path)
        if before is None or before[1] != value:
            out.append(FieldChange(path, label, before[1] if before else None, value))
    for path, (label, value) in a.items():
        if path not in b:
            out.append(FieldChange(path, label, value, None))
    return out


def char_diff(old: str, new: str) -> list[tuple[str, str]] | None:
    """A long text's change as runs of ("=", kept), ("-", removed) and
    ("+", added) characters; None when the texts are short (shown whole
    anyway) or too long to compare in reasonable time.

    >>> char_diff("申请人应当提交技术合同文本和技术合同认定登记申请表，以及其他有关材料一份", "申请人应当提交技术合同文本和技术合同认定登记申请表，以及其他有关证明材料两份")
    [('=', '申请人应当提交技术合同文本和技术合同认定登记申请表，以及其他有关'), ('+', '证明'), ('=', '材料'), ('-', '一'), ('+', '两'), ('=', '份')]
    """
    if max(len(old), len(new)) <= LONG or max(len(old), len(new)) > DIFF_LIMIT:
        return None
    out: list[tuple[str, str]] = []
    m = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in m.get_opcodes():
        if op == "equal":
            out.append(("=", old[i1:i2]))
        else:
            if i2 > i1:
                out.append(("-", old[i1:i2]))
            if j2 > j1:
                out.append(("+", new[j1:j2]))
    return out
