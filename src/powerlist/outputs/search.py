"""The list's search index, made once per build and read by the list page's
script (assets/powerlist.js). It is split by what a query looks up, so that a
query loads only what it needs, whatever the size of the list:

- `index.js`, the head: how many items (the current list, then the cancelled
  and merged ones), their types and units (as runs, in the site's order: the
  filters need them for every item), the traditional forms of the characters
  the names use (so that “科學技術獎” finds 科学技术奖), every character of the
  names grouped by its pinyin syllable (so that a query knows which shard
  holds a character) and the other readings of those that have several, the
  synonym groups (search_terms.yaml and the site's `search:` setting), the
  initials pairs that occur, and in an edition in another language than
  Chinese, what its words stand for in the Chinese data;
- `s/<syllable>.js`, one shard per pinyin syllable: for each character read
  so (an ASCII letter or digit is its own syllable), where it stands in which
  names (item, position), and where in the names of the item's results and
  forms (`o`); a character of the names that has other readings is in their
  shards too (`h`), so that a query read so finds it without the shard of
  its usual reading. A query of Chinese characters loads the shards of its
  characters (and of their homophones and synonyms); one of pinyin, the
  shards of the syllables it can spell. From positions alone the script tells
  a name that starts with the query from one that contains it, holds its
  characters in order, or sounds like it;
- `i/<ab>.js`, the initials index: where each pair of consecutive initials
  stands in which names (`i/<a>.js`: which names have the initial at all). A
  query of initials loads a pair for every two of its letters, so `jshtrddj`
  needs four small files, not the shards of every syllable its letters begin;
- `y/<k>.js`, the readings of every CJK character in a block of BLOCK code
  points (heteronyms too): a query's characters, whether the names use them or
  not, are matched by their sound as well (科技特排员 finds 科技特派员);
- `codes.js`, every item's code, for queries that may be a code;
- `r/<k>.js`, the rows themselves, CHUNK items each in the site's order (the
  cancelled and merged items last, with their status and successors): only
  those of the results on screen are loaded.

Every per-item part is a list in item order: an index of several builds
merges by concatenating them and renumbering items, nothing else.

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
>>> readings("员"), readings("行")
(('yuan', 'yun'), ('xing', 'hang', 'heng'))
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Callable, Iterable, Mapping

from ..core.records import Entry
from ..core.textrules import is_cjk, letters

VERSION = 3
CHUNK = 20  # rows per record file: the first results load a few of them, however long the list
NO_SYLLABLE = "_"  # the shard of CJK characters without a known reading
BLOCK = 512  # code points per readings file
CJK_FIRST, CJK_LAST = 0x4E00, 0x9FFF  # the readings files cover the CJK Unified Ideographs
READING_BLOCKS = -(-(CJK_LAST + 1 - CJK_FIRST) // BLOCK)  # readings files
TERMS = Path(__file__).parent.parent / "search_terms.yaml"

_PAIRS: dict[str, tuple[str, str]] = {}  # character → (its pinyin, its initial)


def _pair(ch: str) -> tuple[str, str]:
    """A character's pinyin and initial (its most common reading: names are
    matched character by character, which is fast and good enough to find
    them); an ASCII letter or digit as itself; nothing for anything else."""
    got = _PAIRS.get(ch)
    if got is None:
        if ch.isascii():
            got = (ch.lower(), ch.lower()) if ch.isalnum() else ("", "")
        elif is_cjk(ch):
            from pypinyin import Style, lazy_pinyin

            s = (lazy_pinyin(ch, style=Style.NORMAL, errors="ignore") or [""])[0]
            got = (s, s[:1])
        else:
            got = ("", "")
        _PAIRS[ch] = got
    return got


@functools.lru_cache(maxsize=None)
def readings(ch: str) -> tuple[str, ...]:
    """Every reading of a CJK character, toneless, the most common first
    (its `syllable`); () for one without a known reading."""
    if not is_cjk(ch):
        return ()
    from pypinyin import Style, pinyin as _pinyin

    got = _pinyin(ch, style=Style.NORMAL, heteronym=True, errors=lambda x: [[""]])  # type: ignore[arg-type, return-value]  # pypinyin's stub wants text; a list is allowed
    first = _pair(ch)[0]
    out = [first] if first else []
    for r in (got[0] if got else []):
        if r and r.isascii() and r.isalpha() and r not in out:
            out.append(r)
    return tuple(out)


def pinyin(name: str) -> tuple[str, str]:
    """The name's pinyin run together, and its initials (ASCII kept whole)."""
    pairs = [_PAIRS.get(ch) or _pair(ch) for ch in letters(name)]
    return "".join([p[0] for p in pairs]), "".join([p[1] for p in pairs])


def syllable(ch: str) -> str:
    """The shard a letter is in: its pinyin syllable (an ASCII letter or digit
    is its own), or NO_SYLLABLE for a CJK character without a known reading."""
    return (_PAIRS.get(ch) or _pair(ch))[0] or NO_SYLLABLE


def initial(ch: str) -> str:
    """The letter a letter's syllable starts with ("" for none)."""
    return (_PAIRS.get(ch) or _pair(ch))[1]


@functools.lru_cache(maxsize=1)
def _converters() -> tuple:
    import opencc

    return tuple(opencc.OpenCC(f"{c}.json") for c in ("s2t", "s2tw", "s2hk"))


def traditional(chars: Iterable[str]) -> dict[str, str]:
    """Traditional form → simplified, for the given simplified characters
    (only those whose forms differ): what a query is normalised with."""
    out: dict[str, str] = {}
    todo = sorted(c for c in set(chars) if is_cjk(c))
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


# --- the vocabulary: synonyms and English words ------------------------------------

@functools.lru_cache(maxsize=1)
def _package_terms() -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    import yaml

    doc = yaml.safe_load(TERMS.read_text(encoding="utf-8"))
    return (tuple(tuple(g) for g in doc["synonyms"]),
            tuple((k, tuple(v)) for k, v in doc["english"].items()))


def synonym_groups(extra: Iterable[Iterable[str]] = ()) -> list[list[str]]:
    """The synonym groups a site searches with: the package's and the site's
    (`extra`), each as letters, a group sharing a word with another joined to
    it, every group of two words or more, in a fixed order."""
    groups: list[list[str]] = []
    for g in [*_package_terms()[0], *extra]:
        words = list(dict.fromkeys(w for w in (letters(t) for t in g) if w))
        joined = [h for h in groups if set(h) & set(words)]
        for h in joined:
            groups.remove(h)
            words = list(dict.fromkeys([*h, *words]))
        groups.append(words)
    return sorted((g for g in groups if len(g) > 1), key=lambda g: g[0])


def english_words(extra: Mapping[str, Iterable[str]] | None = None) -> dict[str, list[str]]:
    """English word or phrase (lower case, spaces between words) → the
    Chinese words it stands for: the package's and the site's (`extra`, added
    to the package's meanings of a word)."""
    out: dict[str, list[str]] = {}
    for k, v in [*_package_terms()[1], *(extra or {}).items()]:
        key = " ".join(k.lower().split())
        if key:
            out[key] = list(dict.fromkeys([*out.get(key, []), *(w for w in (letters(t) for t in v) if w)]))
    return dict(sorted((k, v) for k, v in out.items() if v))


# --- what is indexed of an item -----------------------------------------------------

def others(x: Entry) -> list[str]:
    """The names of the item's results and forms, as letters: the result of
    its service guide, its materials, and the blank forms and samples given
    as files (their names without the extension)."""
    svc = x.item.service
    if svc is None:
        return []
    out = [svc.result.name] if svc.result else []
    for m in svc.materials:
        out.append(m.name)
        for doc in (m.blank_form, m.sample):
            if doc and "://" not in doc:
                out.append(doc.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    return list(dict.fromkeys(w for w in map(letters, out) if w))


def _other_text(texts: list[str]) -> list[tuple[int, str]]:
    """(position, letter) of the other texts laid end to end, one position
    left between two (a match never runs from one into the next)."""
    out, at = [], 0
    for t in texts:
        out += [(at + p, ch) for p, ch in enumerate(t)]
        at += len(t) + 1
    return out


def _shards(names: list[str], other: list[list[str]]) -> dict[str, dict[str, dict[str, list[int]]]]:
    """syllable → {"c": names, "o": other texts} → character → [item delta,
    position, …]: every place of every letter, items in order (delta 0: the
    same item)."""
    out: dict[str, dict[str, dict[str, list[int]]]] = {}
    for key, texts in (("c", [list(enumerate(n)) for n in names]), ("o", [_other_text(o) for o in other])):
        places: dict[str, list[int]] = {}
        last: dict[str, int] = {}
        for i, text in enumerate(texts):
            for p, ch in text:
                flat = places.get(ch)
                if flat is None:
                    flat = places[ch] = []
                    last[ch] = 0
                flat += (i - last[ch], p)
                last[ch] = i
        for ch in sorted(places):
            out.setdefault(syllable(ch), {}).setdefault(key, {})[ch] = places[ch]
            if key == "c":  # a character of the names with other readings: its places in those shards too
                for r in readings(ch)[1:]:
                    out.setdefault(r, {}).setdefault("h", {})[ch] = places[ch]
    return {s: out[s] for s in sorted(out)}


def _initials(names: list[str]) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """pair of initials → [item delta, position, …] (where the pair starts),
    and initial → [item delta, …] (the names that have it)."""
    pairs: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    single: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        ini = [initial(ch) for ch in name]
        for p in range(len(ini) - 1):
            if ini[p] and ini[p + 1]:
                key = ini[p] + ini[p + 1]
                flat = pairs.setdefault(key, [])
                flat += (i - last.get(key, 0), p)
                last[key] = i
        for a in sorted(set(filter(None, ini))):
            single.setdefault(a, []).append(i)
    return ({k: pairs[k] for k in sorted(pairs)},
            {a: [v - (items[k - 1] if k else 0) for k, v in enumerate(items)] for a, items in sorted(single.items())})


@functools.lru_cache(maxsize=1)
def _reading_blocks() -> dict[int, str]:
    """Block → the readings of its code points, space-separated (heteronyms
    comma-separated, the most common first; empty for none)."""
    out: dict[int, str] = {}
    for k in range(READING_BLOCKS):
        first = CJK_FIRST + k * BLOCK
        out[k] = " ".join(",".join(readings(chr(cp))) for cp in range(first, min(first + BLOCK, CJK_LAST + 1)))
    return out


def shard_name(syl: str) -> str:
    return f"s/{syl}.js"


def chunk_name(k: int) -> str:
    return f"r/{k}.js"


def initials_name(key: str) -> str:
    return f"i/{key}.js"


def readings_name(k: int) -> str:
    return f"y/{k}.js"


def _all(entries: list[Entry], retired: list[Entry]) -> list[Entry]:
    return list(entries) + list(retired)


def files(entries: list[Entry], chunk: int = CHUNK, retired: list[Entry] = ()) -> list[str]:  # type: ignore[assignment]
    """The index's files (relative to its folder, the head first), without making them."""
    everyone = _all(entries, retired)
    names = [letters(x.item.name) for x in everyone]
    syllables = sorted({r for n in names for ch in n for r in (syllable(ch), *readings(ch)[1:])}
                       | {syllable(ch) for x in everyone for o in others(x) for ch in o})
    pairs, single = _initials(names)
    return (["index.js", "codes.js"] + [shard_name(s) for s in syllables]
            + [initials_name(k) for k in [*pairs, *single]]
            + [readings_name(k) for k in range(READING_BLOCKS)]  # (named without reading 20,992 characters)
            + [chunk_name(k) for k in range(max(1, -(-len(everyone) // chunk)))])


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
          bodies: dict[str, tuple[str, str]] | None = None, retired: list[Entry] = (),  # type: ignore[assignment]
          synonyms: list[list[str]] | None = None, english: dict[str, list[str]] | None = None) -> dict[str, bytes]:
    """The index of `entries`, in the site's order, then of the `retired`
    (cancelled and merged) items, with each item's legal basis as the list
    shows it (`basis`): file name (see `files`) → bytes. A list of several
    bodies gives `bodies` (body id → its slug and name, in order): the head
    then says each item's body, as runs (the list is in body order, so about
    one run a body). `synonyms` are the groups a query expands with (see
    `synonym_groups`); `english`, given for an edition in English, what its
    words stand for (see `english_words`)."""
    everyone = _all(entries, retired)
    types = list(dict.fromkeys(x.type_name for x in entries))
    units = list(dict.fromkeys(u for x in entries for u in x.item.units))
    t_at = {t: i for i, t in enumerate(types)}
    u_at = {u: i for i, u in enumerate(units)}
    combos = list(dict.fromkeys(tuple(u_at[u] for u in x.item.units) for x in entries))  # the sets of units items have
    c_at = {c: i for i, c in enumerate(combos)}
    names = [letters(x.item.name) for x in everyone]
    other = [others(x) for x in everyone]
    shards = _shards(names, other)
    pairs, single = _initials(names)
    codes = [(x.item.code or "").lower() for x in everyone]
    chars = {ch for n in names for ch in n}
    het: dict[str, str] = {}
    for ch in sorted(chars):
        more = readings(ch)[1:]
        if more:
            het[ch] = ",".join(more)
    head = {"v": VERSION, "f": "index.js", "total": len(entries), "retired": len(retired), "chunk": chunk,
            "types": types, "trun": _runs([t_at[x.type_name] for x in entries]), "units": units,
            "combos": [list(c) for c in combos],
            "urun": _runs([c_at[tuple(u_at[u] for u in x.item.units)] for x in entries]),
            "t2s": "".join(t + s for t, s in traditional(chars | {ch for o in other for t in o for ch in t}).items()),
            "py": {syl: "".join(sorted(set(doc.get("c", {})) | set(doc.get("o", {})))) for syl, doc in shards.items()},
            "het": het, "ini": "".join(pairs), "ini1": "".join(single), "block": [CJK_FIRST, BLOCK],
            "syn": synonyms if synonyms is not None else synonym_groups(),
            "codes": int(any(codes)), "codecjk": int(any(not c.isascii() for c in codes))}
    if english:
        head["en"] = english
    if bodies:
        b_at = {b: i for i, b in enumerate(bodies)}
        head["bodies"] = [slug for slug, _ in bodies.values()]
        head["bnames"] = [name for _, name in bodies.values()]
        head["brun"] = _runs([b_at[x.body] for x in entries])
    out = {"index.js": _script(head), "codes.js": _script({"v": VERSION, "f": "codes.js", "codes": codes})}
    for syl, doc in shards.items():
        out[shard_name(syl)] = _script({"v": VERSION, "f": shard_name(syl), **doc})
    for key, flat in pairs.items():
        out[initials_name(key)] = _script({"v": VERSION, "f": initials_name(key), "p": flat})
    for key, items in single.items():
        out[initials_name(key)] = _script({"v": VERSION, "f": initials_name(key), "i": items})
    for k, text in _reading_blocks().items():
        out[readings_name(k)] = _script({"v": VERSION, "f": readings_name(k), "k": k, "r": text})
    by_id = {x.id: x for x in everyone}
    for k in range(max(1, -(-len(everyone) // chunk))):
        rows = []
        for x in everyone[k * chunk:(k + 1) * chunk]:
            row: list[str | list[list[str]]] = [x.id, x.item.name, x.item.code or "", basis(x.item.basis)]
            if x.item.retired is not None or x.item.status in ("已取消", "已合并"):
                successors = x.item.retired.successors if x.item.retired else []
                handled_by = x.item.retired.handled_by if x.item.retired else None
                row += [x.item.status, [[s, by_id[s].item.name if s in by_id else s] for s in successors]]
                if handled_by:  # the body that now handles a cancelled matter, as its record says
                    row.append(handled_by)
            rows.append(row)
        out[chunk_name(k)] = _script({"v": VERSION, "f": chunk_name(k), "rows": rows})
    return out
