"""The list's search index: what it holds for each item, how it is split,
its size, and that the same list makes the same bytes. (What the list page
finds with it is tested in Chromium, in test_site.py.)"""

from __future__ import annotations

import gzip
import json

from conftest import ROOT
from powerlist.core.catalog import load_catalog
from powerlist.outputs.search import CHUNK, files, index, letters, pinyin, syllable
from powerlist.view.item import in_site_order


def _doc(raw: bytes) -> dict:
    text = raw.decode("utf-8")
    assert text.startswith("powerlistIndex(") and text.endswith(");\n")
    return json.loads(text.removeprefix("powerlistIndex(").removesuffix(");\n"))


def _unrun(runs: list[int]) -> list[int]:
    return [v for v, n in zip(runs[::2], runs[1::2]) for _ in range(n)]


def _names(made: dict[str, bytes], total: int) -> list[str]:
    """Every name's letters, put back together from the shards alone."""
    at: dict[tuple[int, int], str] = {}
    for name, raw in made.items():
        if name.startswith("s/"):
            doc = _doc(raw)
            for ch, flat in doc["c"].items():
                assert name == f"s/{syllable(ch)}.js"
                item = 0
                for delta, pos in zip(flat[::2], flat[1::2]):
                    item += delta
                    assert (item, pos) not in at
                    at[item, pos] = ch
    return ["".join(at[i, p] for p in range(sum(1 for (j, _) in at if j == i))) for i in range(total)]


def test_each_item_with_its_row_its_letters_and_the_traditional_forms_of_its_characters() -> None:
    entries = in_site_order(load_catalog(ROOT / "powers", ROOT / "flows"))
    made = index(entries, lambda basis: f"{len(basis)} 项依据")
    assert made == index(entries, lambda basis: f"{len(basis)} 项依据")  # the same list, the same bytes
    assert list(made) == files(entries) and list(made)[:2] == ["index.js", "codes.js"]
    head = _doc(made["index.js"])
    assert (head["total"], head["chunk"], head["f"]) == (17, CHUNK, "index.js") and "r/0.js" in made and "r/1.js" not in made
    i = next(k for k, x in enumerate(entries) if x.id == "keji-tepaiyuan-shenbao")
    assert _doc(made["r/0.js"])["rows"][i] == ["keji-tepaiyuan-shenbao", "科技特派员申报（选认）", "410802-QT-001", "2 项依据"]
    assert head["types"][_unrun(head["trun"])[i]] == "其他行政权力"
    assert [head["units"][u] for u in head["combos"][_unrun(head["urun"])[i]]] == ["科技创新股"]
    assert _doc(made["codes.js"])["codes"][i] == "410802-qt-001"
    # the shards hold every letter of every name, and nothing else: punctuation is not a letter
    assert _names(made, 17) == [letters(x.item.name) for x in entries]
    assert letters("科技特派员申报（选认）") == "科技特派员申报选认" and pinyin("科技特派员申报（选认）")[1] == "kjtpysbxr"
    assert "科" in head["py"]["ke"] and "技" in head["py"]["ji"]
    pairs = dict(zip(head["t2s"][::2], head["t2s"][1::2]))
    assert pairs["術"] == "术" and pairs["報"] == "报" and all(t != s for t, s in pairs.items())


def test_the_index_is_split_by_syllable_and_rows_and_stays_small(tmp_path) -> None:
    from benchmarks.run import generate

    generate(tmp_path / "gen", 300)
    entries = in_site_order(load_catalog(tmp_path / "gen/powers", tmp_path / "gen/flows"))
    made = index(entries, chunk=40)
    assert list(made) == files(entries, chunk=40)
    rows = [_doc(made[f"r/{k}.js"])["rows"] for k in range(8)]
    assert [len(r) for r in rows] == [40] * 7 + [20] and "r/8.js" not in made
    assert [r[0] for chunk in rows for r in chunk] == [x.id for x in entries]
    assert _names(made, 300) == [letters(x.item.name) for x in entries]
    # a query of two characters needs two shards: a small part of the whole
    head = _doc(made["index.js"])
    size = {name: len(gzip.compress(raw, 9)) for name, raw in made.items()}
    assert size["s/ke.js"] + size["s/ji.js"] < sum(size.values()) / 20
    assert sum(size.values()) / len(entries) <= 150  # bytes per item, gzip: issue 13's budget (the bench measures 10,000)
    assert len(_unrun(head["trun"])) == len(_unrun(head["urun"])) == 300
