"""The list's search index: what it holds for each item, its parts, its
size, and that the same list makes the same bytes."""

from __future__ import annotations

import gzip
import json

from conftest import ROOT
from powerlist.catalog import load_catalog
from powerlist.search import index, part_name, pinyin
from powerlist.view import in_site_order


def _doc(raw: bytes) -> dict:
    text = raw.decode("utf-8")
    assert text.startswith("powerlistIndex(") and text.endswith(");\n")
    return json.loads(text.removeprefix("powerlistIndex(").removesuffix(");\n"))


def test_each_item_with_its_pinyin_and_the_traditional_forms_of_its_characters() -> None:
    entries = in_site_order(load_catalog(ROOT / "powers", ROOT / "flows"))
    parts = index(entries)
    assert parts == index(entries) and len(parts) == 1
    doc = _doc(parts[0])
    assert (doc["part"], doc["parts"], doc["total"], doc["start"]) == (0, 1, 17, 0)
    row = next(r for r in doc["items"] if r[0] == "keji-tepaiyuan-shenbao")
    assert row[1:3] == ["科技特派员申报（选认）", "410802-QT-001"]
    assert doc["types"][row[3]] == "其他行政权力" and [doc["units"][u] for u in row[4]] == ["科技创新股"]
    assert row[5:7] == list(pinyin("科技特派员申报（选认）")) == ["kejitepaiyuanshenbaoxuanren", "kjtpysbxr"]
    pairs = dict(zip(doc["t2s"][::2], doc["t2s"][1::2]))
    assert pairs["術"] == "术" and pairs["報"] == "报" and all(t != s for t, s in pairs.items())


def test_the_index_comes_in_parts_and_stays_small(tmp_path) -> None:
    from benchmarks.run import generate

    generate(tmp_path / "gen", 300)
    entries = in_site_order(load_catalog(tmp_path / "gen/powers", tmp_path / "gen/flows"))
    parts = index(entries, part=120)
    docs = [_doc(p) for p in parts]
    assert [(d["part"], d["start"], len(d["items"])) for d in docs] == [(0, 0, 120), (1, 120, 120), (2, 240, 60)]
    assert docs[0]["parts"] == 3 and "types" not in docs[1]
    assert [part_name(k) for k in range(3)] == ["index.js", "index-2.js", "index-3.js"]
    size = sum(len(gzip.compress(p, 9)) for p in parts)
    assert size / len(entries) <= 150  # bytes per item, gzip: issue 13's budget (the bench measures 10,000)
