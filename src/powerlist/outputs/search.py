"""The list's search index, made once per build and read by the list page's
script (assets/powerlist.js). It is split by what a query looks up, so that a
query loads only what it needs, whatever the size of the list:

- `index.js`, the head: how many items, their types and units (as runs, in
  the site's order: the filters need them for every item), the traditional forms of the characters the names use (so that “科學技術獎”
  finds 科学技术奖), and every character of the names grouped by its pinyin
  syllable (so that a query knows which shard holds a character);
- `s/<syllable>.js`, one shard per pinyin syllable: for each character read
  so (an ASCII letter or digit is its own syllable), where it stands in which
  names (item, position). A query of Chinese characters loads the shards of
  its characters; one of pinyin or initials, the shards of the syllables it
  can spell. From positions alone the script tells a name that starts with the
  query from one that contains it or holds its characters in order;
- `codes.js`, every item's code, for queries that may be a code;
- `r/<k>.js`, the rows themselves, CHUNK items each in the site's order: only
  those of the results on screen are loaded.

A name is indexed as its *letters*: NFKC-normalised, lower-cased, and only
its ASCII letters and digits and its CJK characters (punctuation and spaces
do not separate words of a query from the name). Each file is a script that
calls `powerlistIndex(doc)` (a site opened from disk may load scripts, not
fetch files); compact (arrays of numbers, not objects) and deterministic:
the same list, the same bytes.

>>> pinyin("科技特派员申报")
('kejitepaiyuanshenbao', 'kjtpysb')
>>> pinyin("ISO 9001 认证")
('iso9001renzheng', 'iso9001rz')
>>> letters("ＩＳＯ 9001（认证）")
'iso9001认证'
"""

from __future__ import annotations

import functools
import json
import unicodedata
from typing import Callable, Iterable

from ..core.records import Entry

VERSION = 2
CHUNK = 20  # rows per record file: the first results load a few of them, however long the list
NO_SYLLABLE = "_"  # the shard of CJK characters without a known reading

_PAIRS: dict[str, tuple[str, str]] = {}  # character → (its pinyin, its initial)


def _cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _pair(ch: str) -> tuple[str, str]:
    """A character's pinyin and initial (its most common reading: names are
    matched character by character, which is fast and good enough to find
    them); an ASCII letter or digit as itself; nothing for anything else."""
    got = _PAIRS.get(ch)
    if got is None:
        if ch.isascii():
            got = (ch.lower(), ch.lower()) if ch.isalnum() else ("", "")
        elif _cjk(ch):
            from pypinyin import Style, lazy_pinyin

            s = (lazy_pinyin(ch, style=Style.NORMAL, errors="ignore") or [""])[0]
            got = (s, s[:1])
        else:
            got = ("", "")
        _PAIRS[ch] = got
    return got


def pinyin(name: str) -> tuple[str, str]:
    """The name's pinyin run together, and its initials (ASCII kept whole)."""
    pairs = [_PAIRS.get(ch) or _pair(ch) for ch in letters(name)]
    return "".join([p[0] for p in pairs]), "".join([p[1] for p in pairs])


def letters(text: str) -> str:
    """What of a name (or query) is matched: NFKC, lower case, ASCII letters
    and digits and CJK characters only (the script's `letters` is the same)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower()
                   if (ch.isascii() and ch.isalnum()) or _cjk(ch))


def syllable(ch: str) -> str:
    """The shard a letter is in: its pinyin syllable (an ASCII letter or digit
    is its own), or NO_SYLLABLE for a CJK character without a known reading."""
    return (_PAIRS.get(ch) or _pair(ch))[0] or NO_SYLLABLE


@functools.lru_cache(maxsize=1)
def _converters() -> tuple:
    import opencc

    return tuple(opencc.OpenCC(f"{c}.json") for c in ("s2t", "s2tw", "s2hk"))


def traditional(chars: Iterable[str]) -> dict[str, str]:
    """Traditional form → simplified, for the given simplified characters
    (only those whose forms differ): what a query is normalised with."""
    out: dict[str, str] = {}
    todo = sorted(c for c in set(chars) if _cjk(c))
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


def _shards(names: list[str]) -> dict[str, dict[str, list[int]]]:
    """syllable → character → [item delta, position, …]: every place of
    every letter of every name, items in order (delta 0: the same item)."""
    places: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    for i, name in enumerate(names):
        for p, ch in enumerate(name):
            flat = places.get(ch)
            if flat is None:
                flat = places[ch] = []
                last[ch] = 0
            flat += (i - last[ch], p)
            last[ch] = i
    out: dict[str, dict[str, list[int]]] = {}
    for ch in sorted(places):
        out.setdefault(syllable(ch), {})[ch] = places[ch]
    return dict(sorted(out.items()))


def shard_name(syl: str) -> str:
    return f"s/{syl}.js"


def chunk_name(k: int) -> str:
    return f"r/{k}.js"


def files(entries: list[Entry], chunk: int = CHUNK) -> list[str]:
    """The index's files (relative to its folder, the head first), without making them."""
    syllables = sorted({syllable(ch) for x in entries for ch in letters(x.item.name)})
    return (["index.js", "codes.js"] + [shard_name(s) for s in syllables]
            + [chunk_name(k) for k in range(max(1, -(-len(entries) // chunk)))])


def _script(doc: dict) -> bytes:
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"powerlistIndex({text});\n".encode("utf-8")


def _runs(values: list[int]) -> list[int]:
    """[value, how many times, …] of consecutive equal values."""
    out: list[int] = []
    for v in values:
        if out and out[-2] == v:
            out[-1] += 1
        else:
            out += (v, 1)
    return out


def index(entries: list[Entry], basis: Callable[[list], str] = lambda b: "", chunk: int = CHUNK,
          bodies: dict[str, tuple[str, str]] | None = None) -> dict[str, bytes]:
    """The index of `entries`, in the site's order, with each item's legal
    basis as the list shows it (`basis`): file name (see `files`) → bytes.
    A list of several bodies gives `bodies` (body id → its slug and name, in
    order): the head then says each item's body, as runs (the list is in
    body order, so about one run a body)."""
    types = list(dict.fromkeys(x.type_name for x in entries))
    units = list(dict.fromkeys(u for x in entries for u in x.item.units))
    t_at = {t: i for i, t in enumerate(types)}
    u_at = {u: i for i, u in enumerate(units)}
    combos = list(dict.fromkeys(tuple(u_at[u] for u in x.item.units) for x in entries))  # the sets of units items have
    c_at = {c: i for i, c in enumerate(combos)}
    names = [letters(x.item.name) for x in entries]
    shards = _shards(names)
    codes = [(x.item.code or "").lower() for x in entries]
    head = {"v": VERSION, "f": "index.js", "total": len(entries), "chunk": chunk, "types": types,
            "trun": _runs([t_at[x.type_name] for x in entries]), "units": units, "combos": [list(c) for c in combos],
            "urun": _runs([c_at[tuple(u_at[u] for u in x.item.units)] for x in entries]),
            "t2s": "".join(t + s for t, s in traditional({ch for n in names for ch in n}).items()),
            "py": {syl: "".join(chars) for syl, chars in shards.items()},
            "codes": int(any(codes)), "codecjk": int(any(not c.isascii() for c in codes))}
    if bodies:
        b_at = {b: i for i, b in enumerate(bodies)}
        head["bodies"] = [slug for slug, _ in bodies.values()]
        head["bnames"] = [name for _, name in bodies.values()]
        head["brun"] = _runs([b_at[x.body] for x in entries])
    out = {"index.js": _script(head), "codes.js": _script({"v": VERSION, "f": "codes.js", "codes": codes})}
    for syl, chars in shards.items():
        out[shard_name(syl)] = _script({"v": VERSION, "f": shard_name(syl), "c": chars})
    for k in range(max(1, -(-len(entries) // chunk))):
        rows = [[x.id, x.item.name, x.item.code or "", basis(x.item.basis)]
                for x in entries[k * chunk:(k + 1) * chunk]]
        out[chunk_name(k)] = _script({"v": VERSION, "f": chunk_name(k), "rows": rows})
    return out
