"""The list's search index (scripts calling `powerlistIndex`), made once per
build and read by the list page's script: every item's name, code, type and units, with the name's pinyin
(whole and initials) so that 科技特派员申报 is found by “kejitepaiyuan” or
“kjtpy”, and the traditional forms of the characters the names use, so that
“科學技術獎” finds 科学技术奖. Compact (arrays, not objects) and
deterministic: the same list, the same bytes.

>>> pinyin("科技特派员申报")
('kejitepaiyuanshenbao', 'kjtpysb')
>>> pinyin("ISO 9001 认证")
('iso9001renzheng', 'iso9001rz')
"""

from __future__ import annotations

import functools
import json
from typing import Callable, Iterable

from .catalog import Entry

VERSION = 1


_PAIRS: dict[str, tuple[str, str]] = {}  # character → (its pinyin, its initial)


def _pair(ch: str) -> tuple[str, str]:
    """A character's pinyin and initial (its most common reading: names are
    matched character by character, which is fast and good enough to find
    them); an ASCII letter or digit as itself; nothing for anything else."""
    got = _PAIRS.get(ch)
    if got is None:
        if ch.isascii():
            got = (ch.lower(), ch.lower()) if ch.isalnum() else ("", "")
        elif "\u3400" <= ch <= "\u9fff":
            from pypinyin import Style, lazy_pinyin

            s = (lazy_pinyin(ch, style=Style.NORMAL, errors="ignore") or [""])[0]
            got = (s, s[:1])
        else:
            got = ("", "")
        _PAIRS[ch] = got
    return got


def pinyin(name: str) -> tuple[str, str]:
    """The name's pinyin run together, and its initials (ASCII kept whole)."""
    pairs = [_PAIRS.get(ch) or _pair(ch) for ch in name]
    return "".join([p[0] for p in pairs]), "".join([p[1] for p in pairs])


@functools.lru_cache(maxsize=1)
def _converters() -> tuple:
    import opencc

    return tuple(opencc.OpenCC(f"{c}.json") for c in ("s2t", "s2tw", "s2hk"))


def traditional(chars: Iterable[str]) -> dict[str, str]:
    """Traditional form → simplified, for the given simplified characters
    (only those whose forms differ): what a query is normalised with."""
    out: dict[str, str] = {}
    todo = sorted(c for c in set(chars) if "\u3400" <= c <= "\u9fff")
    if not todo:
        return out
    text = "".join(todo)
    for conv in _converters():
        converted = conv.convert(text)
        if len(converted) != len(text):  # never: OpenCC maps character for character here
            continue
        for s, t in zip(text, converted):
            if t != s:
                out.setdefault(t, s)
    return dict(sorted(out.items()))


PART = 1000  # items per file: the first file alone gives first results, the rest follow


def index(entries: list[Entry], basis: Callable[[list], str] = lambda b: "", part: int = PART) -> list[bytes]:
    """The index of `entries`, in the site's order, with each item's legal
    basis as the list shows it (`basis`), as scripts of `part` items each
    (search/index.js, then index-2.js …): the first page of results comes
    from the first file, before the rest has arrived. Each calls
    `powerlistIndex(part)`; the first also carries the types, units,
    traditional forms and how many parts there are."""
    types = list(dict.fromkeys(x.type_name for x in entries))
    units = list(dict.fromkeys(u for x in entries for u in x.item.units))
    t_at = {t: i for i, t in enumerate(types)}
    u_at = {u: i for i, u in enumerate(units)}
    rows = []
    chars: set[str] = set()
    for x in entries:
        name = x.item.name
        chars.update(name)
        whole, initials = pinyin(name)
        rows.append([x.id, name, x.item.code or "", t_at[x.type_name], [u_at[u] for u in x.item.units], whole, initials,
                     basis(x.item.basis)])
    t2s = traditional(chars)
    count = max(1, -(-len(rows) // part))
    out = []
    for k in range(count):
        doc: dict = {"v": VERSION, "part": k, "start": k * part}
        if k == 0:
            doc.update(parts=count, total=len(rows), types=types, units=units, t2s="".join(t + s for t, s in t2s.items()))
        doc["items"] = rows[k * part:(k + 1) * part]
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        # scripts, not JSON files: a site opened from disk (file://) may load scripts, not fetch files
        out.append(f"powerlistIndex({text});\n".encode("utf-8"))
    return out


def part_name(k: int) -> str:
    """The file of part k (0-based) of the index."""
    return "index.js" if k == 0 else f"index-{k + 1}.js"
