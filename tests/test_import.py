"""`powerlist import`, for real: a synthetic list of several hundred dirty
rows (tests/listdata.py) in XLSX, CSV (UTF-8 with BOM, GB18030) and JSONL,
read by python-calamine and the csv module, written as item files that the
real `check` then reads."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import cli
from benchmarks.listdata import HEADER, rows, value_at, write_csv, write_jsonl, write_xlsx

PATTERNS = rows()


@pytest.fixture
def site(empty_list: Path) -> Path:
    return empty_list


run = cli


def written(site: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((site / "powers").glob("[!_]*.yaml"))}


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("lists")
    out = {"xlsx": d / "清单.xlsx", "utf8": d / "清单-utf8.csv", "gbk": d / "清单-gbk.csv", "jsonl": d / "清单.jsonl"}
    write_xlsx(out["xlsx"], PATTERNS)
    write_csv(out["utf8"], PATTERNS, "utf-8-sig")
    write_csv(out["gbk"], PATTERNS, "gb18030")
    write_jsonl(out["jsonl"], PATTERNS)
    return out


def test_every_dirt_pattern_from_a_spreadsheet(site: Path, files, capsys) -> None:
    code, out = run(capsys, "import", str(files["xlsx"]))
    assert code == 1, out  # some rows cannot be imported ...
    items = {yaml.safe_load(t)["name"]: yaml.safe_load(t) for t in written(site).values()}
    good = [p for p in PATTERNS if p.error is None]
    assert len(items) == len(good), out  # ... and every other row is written
    by_code = {d["code"]: d for d in items.values() if d.get("code")}
    for p in good:
        data = by_code.get(p.cells["事项编码"]) or items[p.expect.get("name", p.cells["事项名称"])]
        for path, want in p.expect.items():
            assert value_at(data, path) == want, (p.name, path, data)
    # errors name the sheet and the cell, in Chinese, each with its rule
    for p in PATTERNS:
        if p.error:
            assert f"[{p.error}]" in out, p.name
    assert "清单.xlsx:Sheet1!E" in out  # 权力类型 is column E
    assert "未知的权力类型“行政许诺”" in out
    assert "不认识的列“联系人员”" in out
    assert "“承诺时限”列是办事指南信息，照录在 original.columns 中" in out
    assert "Traceback" not in out
    # what `check` says of what was written: nothing
    code, check_out = run(capsys, "check", "powers")
    assert code == 0, check_out


def test_the_same_items_from_every_format(site: Path, files, capsys) -> None:
    seen = {}
    for kind in ("xlsx", "utf8", "gbk", "jsonl"):
        for p in (site / "powers").glob("[!_]*.yaml"):
            p.unlink()
        code, out = run(capsys, "import", str(files[kind]))
        assert code == 1 and "Traceback" not in out
        seen[kind] = written(site)
        if kind == "gbk":
            assert "编码 GB18030" in out
        if kind == "utf8":
            assert "编码 UTF-8 BOM" in out
    assert seen["xlsx"] == seen["utf8"] == seen["gbk"] == seen["jsonl"]
    assert len(seen["xlsx"]) > 250


def test_header_found_under_title_rows_and_repeats_skipped(site: Path, files, capsys) -> None:
    code, out = run(capsys, "import", str(files["xlsx"]), "--dry-run")
    assert "第 4 行是表头" in out
    assert "跳过这一行（标题行或重复的表头）" in out
    assert "试运行：没有写入任何文件" in out
    assert written(site) == {}


def test_reimport_keeps_hand_edits_unless_forced(site: Path, files, capsys) -> None:
    run(capsys, "import", str(files["xlsx"]))
    before = written(site)
    code, out = run(capsys, "import", str(files["xlsx"]))
    assert f"未变 {len(before)} 个" in out
    name, text = next(iter(before.items()))
    edited = text.replace("levels:", "# 手工修改\nlevels:")
    (site / "powers" / name).write_text(edited, encoding="utf-8")
    code, out = run(capsys, "import", str(files["xlsx"]))
    assert code == 1 and "[PL608]" in out and "+++ powers/" in out and "-# 手工修改" in out
    assert (site / "powers" / name).read_text(encoding="utf-8") == edited
    run(capsys, "import", str(files["xlsx"]), "--force")
    assert (site / "powers" / name).read_text(encoding="utf-8") == text


def test_ids_do_not_depend_on_row_order(site: Path, tmp_path: Path, capsys) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    write_csv(a, PATTERNS[:60], "utf-8")
    write_csv(b, list(reversed(PATTERNS[:60])), "utf-8")
    run(capsys, "import", str(a))
    first = written(site)
    for p in (site / "powers").glob("[!_]*.yaml"):
        p.unlink()
    run(capsys, "import", str(b))
    assert written(site).keys() == first.keys()
    assert any(not name[0].isdigit() for name in first)  # ids from pinyin where there is no code


def test_unreadable_inputs_are_told_not_crashed(site: Path, tmp_path: Path, capsys) -> None:
    cases = {"x.txt": b"hello", "x.xlsx": b"not a zip", "x.json": b"{\"a\": ", "x.csv": b"\xff\xfe\x00a\x00",
             "y.json": b"[1, 2]"}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        code, out = run(capsys, "import", str(tmp_path / name))
        assert code == 1, (name, out)
        assert "[PL601]" in out and "Traceback" not in out, (name, out)
    (tmp_path / "h.csv").write_text("甲,乙\n1,2\n", encoding="utf-8")
    code, out = run(capsys, "import", str(tmp_path / "h.csv"))
    assert code == 1 and "[PL604]" in out


def test_profile_adds_headers(site: Path, tmp_path: Path, capsys) -> None:
    src = tmp_path / "l.csv"
    lines = [",".join(["办件名称" if h == "事项名称" else h for h in HEADER])]
    lines += [",".join(f'"{PATTERNS[0].cells[h]}"' for h in HEADER)]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = run(capsys, "import", str(src))
    assert "[PL604]" in out
    (site / "powers/_import.yaml").write_text("columns:\n  name: [办件名称]\n", encoding="utf-8")
    code, out = run(capsys, "import", str(src))
    assert code == 0, out
    assert len(written(site)) == 1


def test_item_text_is_what_yaml_dump_writes(site: Path, files, capsys) -> None:
    """Item files go to libyaml's emitter as events, without PyYAML's
    representer: the text must be PyYAML's own, for the written items and
    for values YAML reads as something else unless quoted."""
    from powerlist.core import yamlout

    def dumped(data) -> str:
        return yaml.dump(data, Dumper=yamlout._Dumper, sort_keys=False, default_flow_style=False, **yamlout.OPTIONS)

    run(capsys, "import", str(files["xlsx"]))
    items = [yaml.safe_load(t) for t in written(site).values()]
    assert len(items) > 250
    tricky = ["yes", "No", "0012", "1:30", "2026-01-01", "~", "", "null", "- x", "a: b", "#x", "&a", "*a", "!t", "%x",
              "@x", "'q'", '"d"', "1e5", ".inf", "-.5", "0x1F", "x\x07y", "x\u2028y", "x\x85y", "\ufeffx", "a\nb",
              "a \nb", "a\n\n", " a", "a ", "中　文", "|", ">", "?", "[1]", "{a: 1}", "x" * 150, "长" * 150]
    items.append({"name": tricky, "nested": [{t: [t, {t: t}]} for t in tricky]})
    for data in items:
        assert yamlout.dump(data) == dumped(data), data
    shared = ["x"]
    data = {"a": shared, "b": shared, "n": 1, "z": None}  # not plain: PyYAML's anchors, its numbers
    assert yamlout.dump(data) == dumped(data) and "&id001" in yamlout.dump(data)
    # whether the text reads back as the data, with nothing for check's reader to refuse
    assert yamlout.item_text(items[0])[1] and not yamlout.item_text(data)[1]
    assert not yamlout.item_text({"name": ["a", "x\x07y"]})[1] and not yamlout.item_text({"x\x0cy": "a"})[1]
    deep: dict = {"a": "b"}
    for _ in range(40):
        deep = {"a": [deep]}
    assert not yamlout.item_text(deep)[1] and yamlout.dump(deep) == dumped(deep)


def test_checking_the_data_says_what_checking_the_text_says(site: Path, files, capsys) -> None:
    """The import checks the data it has just written as text, without
    reading the text again: every diagnostic must be the one `check` gives
    for the text, at the same line and column (or at none: the import names
    the cell)."""
    from powerlist.core.catalog import check_item_text, load_catalog
    from powerlist.core.yamlout import item_text

    run(capsys, "import", str(files["xlsx"]))
    cat = load_catalog(site / "powers", site / "flows")
    items = [yaml.safe_load(t) for t in written(site).values()]
    broken = []  # what rows can hold: every kind of finding of the file's own rules
    for i, data in enumerate(items[:40]):
        d = dict(data)
        change = i % 8
        if change == 0:
            d.pop("basis")
        elif change == 1:
            d["type"] = "行政许诺"
        elif change == 2:
            d["units"] = ["不存在的股"]
        elif change == 3:
            d["code"] = "编码 有空格"
        elif change == 4:
            d["name"] = "【待填写：事项名称】"
        elif change == 5:
            d["responsibilities"] = [{"stage": "受理", "content": ""}]
        elif change == 6:
            d["flow"] = {"use": "yishenqing", "with": {"nope": "x"}}
        else:
            d["levels"] = ["银河级"]
        broken.append(d)
    said: set[str] = set()
    for data in items + broken:
        text, exact = item_text(data)
        assert exact
        want = check_item_text(cat, "x", "powers/x.yaml", text)[1]
        got = check_item_text(cat, "x", "powers/x.yaml", text, data)[1]
        assert got == want, data
        unplaced = check_item_text(cat, "x", "powers/x.yaml", text, data, positions=False)[1]  # as import asks
        assert [(d.rule, d.path, d.message) for d in unplaced] == [(d.rule, d.path, d.message) for d in want]
        said |= {x.rule for x in want}
    assert {"PL202", "PL205", "PL206", "PL411", "PL420", "PL421", "PL512", "PL518"} <= said, said
