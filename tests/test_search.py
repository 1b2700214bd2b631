"""The list's search index: what it holds for each item, how it is split,
its size, and that the same list makes the same bytes. (What the list page
finds with it is tested in Chromium, in test_site.py.)"""

from __future__ import annotations

import gzip
import json

from conftest import ROOT
from powerlist.core.catalog import load_catalog
from powerlist.outputs.search import CHUNK, files, index, letters, others, pinyin, readings, syllable, synonym_groups
from powerlist.view.item import in_site_order, retired_in_order


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
            for ch, flat in doc.get("c", {}).items():
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
    # the readings of every CJK character are the same files whatever the list: a fixed cost
    fixed = sum(v for k, v in size.items() if k.startswith("y/"))
    assert fixed <= 60 * 1024
    # bytes per item, gzip: names, initials, results and forms, rows (the bench measures 10,000)
    assert (sum(size.values()) - fixed) / len(entries) <= 330  # small files: at 10,000 about half
    assert len(_unrun(head["trun"])) == len(_unrun(head["urun"])) == 300


def _unflat(flat: list[int]) -> list[tuple[int, int]]:
    out, item = [], 0
    for delta, pos in zip(flat[::2], flat[1::2]):
        item += delta
        out.append((item, pos))
    return out


def test_results_forms_cancelled_items_initials_and_readings_are_indexed() -> None:
    cat = load_catalog(ROOT / "powers", ROOT / "flows")
    entries, retired = in_site_order(cat), retired_in_order(cat)
    made = index(entries, retired=retired, synonyms=synonym_groups([["技术合同", "技术协议"]]))
    assert list(made) == files(entries, retired=retired)
    head = _doc(made["index.js"])
    assert (head["total"], head["retired"]) == (17, 1) and len(retired) == 1
    # the cancelled item comes after the current list, its row with its status
    row = _doc(made["r/0.js"])["rows"][17]
    assert row[0] == retired[0].id and row[4] == "已取消" and row[5] == []
    # the result and the forms of 技术合同认定登记, in the shards' second field
    i = next(k for k, x in enumerate(entries) if x.id == "jishu-hetong-dengji")
    assert others(entries[i])[0] == "技术合同登记证明" and "技术合同登记表" in others(entries[i])
    zheng = _doc(made[f"s/{syllable('证')}.js"])["o"]["证"]
    assert any(item == i for item, _ in _unflat(zheng))
    # initials: the pair jh (技术合同: j s h t) stands where 术合 does
    assert (i, 1) in _unflat(_doc(made["i/sh.js"])["p"])
    assert "sh" in [head["ini"][k:k + 2] for k in range(0, len(head["ini"]), 2)]
    # readings: every character, heteronyms too, in the file of its code point block
    first, block = head["block"]
    for ch in "排员行":
        doc = _doc(made[f"y/{(ord(ch) - first) // block}.js"])
        assert doc["r"].split(" ")[(ord(ch) - first) % block].split(",") == list(readings(ch))
    assert readings("员") == ("yuan", "yun") and "hang" in readings("行")
    # the package's synonyms and the site's, a group sharing a word joined to another
    assert ["补贴", "补助", "资助", "奖补", "扶持资金"] in head["syn"]
    assert any({"技术合同", "技术协议"} <= set(g) for g in head["syn"])
    assert any({"合同", "协议", "契约"} <= set(g) for g in synonym_groups([["合同", "契约"]]))
