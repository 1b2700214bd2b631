"""Hostile and odd files given to `powerlist import` and `export` (found by
a review): never a crash, a hang or a file outside the list; every row
refused is said, and what is written passes `check`."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from benchmarks.listdata import HEADER, rows
from conftest import ROOT, cli

ROW = rows(1)[0].cells


@pytest.fixture
def site(empty_list: Path) -> Path:
    return empty_list


run = cli


def csv_of(path: Path, *records: dict, header=HEADER) -> Path:
    import csv
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in records:
            w.writerow([r.get(h, "") for h in header])
    return path


def names(site: Path) -> list[str]:
    return sorted(yaml.safe_load(p.read_text(encoding="utf-8"))["name"] for p in (site / "powers").glob("[!_]*.yaml"))


def test_a_cancelled_row_is_not_written(site: Path, capsys) -> None:
    src = csv_of(site / "l.csv", ROW, header=HEADER + ["状态"])
    src = csv_of(site / "l.csv", {**ROW, "状态": "取消"}, {**ROW, "事项编码": "X-2", "事项名称": "另一事项", "状态": "在用"},
                 header=HEADER + ["状态"])
    code, out = run(capsys, "import", str(src))
    assert "[PL607]" in out and names(site) == ["另一事项"]


def test_a_sheet_declaring_billions_of_cells_is_refused_not_crashed(site: Path, capsys) -> None:
    import xlsxwriter
    book = xlsxwriter.Workbook(str(site / "bomb.xlsx"))
    ws = book.add_worksheet("Sheet1")
    ws.write_string(0, 0, "事项名称")
    ws.write_string(1048575, 16383, "x")
    book.close()
    assert (site / "bomb.xlsx").stat().st_size < 10_000
    code, out = run(capsys, "import", "bomb.xlsx")
    assert code == 1 and "[PL601]" in out and "表格过大" in out


def test_a_csv_widening_late_is_refused(site: Path, capsys) -> None:
    (site / "w.csv").write_text("事项名称" + "," * 100_000 + "\n" + "x\n" * 100, encoding="utf-8")
    code, out = run(capsys, "import", "w.csv")
    assert code == 1 and "表格过大" in out


def test_the_temporary_file_never_follows_a_link(site: Path, tmp_path_factory, capsys) -> None:
    outside = tmp_path_factory.mktemp("outside") / "victim.txt"
    outside.write_text("keep", encoding="utf-8")
    code, out = run(capsys, "import", str(csv_of(site / "l.csv", ROW)))
    written = next((site / "powers").glob("[!_]*.yaml"))
    for name in (f".{written.name}.import-tmp", f".{written.name}.tmp"):
        os.symlink(outside, site / "powers" / name)
    written.unlink()
    run(capsys, "import", "l.csv")
    assert outside.read_text(encoding="utf-8") == "keep"
    assert written.is_file() and not written.is_symlink()


@pytest.mark.parametrize("text, expect", [
    ('[{"事项名称": "\\ud800", "权力类型": "行政许可"}]', "孤立的代理项"),
    ('[{"事项名称": ' + "9" * 5000 + '}]', "JSON 格式错误"),
    ('[{"事项名称": "a", "事项名称": "b"}]', "出现了两次"),
    ('[{"事项名称": "a"} {"事项名称": "b"}]', "JSON 格式错误"),
    ('[{"事项名称": "a"}] [{"x": 1}]', "JSON 格式错误"),
    ("[" * 100_000 + "]" * 100_000, "JSON 格式错误"),
])
def test_broken_json_is_told(site: Path, capsys, text: str, expect: str) -> None:
    (site / "l.json").write_text(text, encoding="utf-8")
    code, out = run(capsys, "import", "l.json")
    assert code == 1 and expect in out and "Traceback" not in out


def test_each_json_record_is_named_in_its_errors(site: Path, capsys) -> None:
    # an empty 实施依据 is 未载明: a warning at its own cell (issue 22), no longer a refusal
    records = [{**ROW, "事项编码": f"X-{i}", "事项名称": f"事项{i}", "实施依据": ""} for i in range(3)]
    (site / "l.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")  # one line
    code, out = run(capsys, "import", "l.json")
    for i in range(3):
        assert f"l.json:[{i}].实施依据: warning:" in out


def test_a_json_string_may_hold_a_line_separator(site: Path, capsys) -> None:
    (site / "l.jsonl").write_text(json.dumps({**ROW, "备注": "甲\u2028乙"}, ensure_ascii=False) + "\n", encoding="utf-8")
    code, out = run(capsys, "import", "l.jsonl")
    assert code == 0, out


def test_a_merged_section_title_is_skipped(site: Path, capsys) -> None:
    import xlsxwriter
    book = xlsxwriter.Workbook(str(site / "t.xlsx"))
    ws = book.add_worksheet("Sheet1")
    ws.write_row(0, 0, HEADER)
    ws.merge_range(1, 0, 1, len(HEADER) - 1, "一、行政许可（1 项）")
    ws.write_row(2, 0, [ROW[h] for h in HEADER])
    book.close()
    code, out = run(capsys, "import", "t.xlsx")
    assert code == 0, out
    assert names(site) == [ROW["事项名称"]]


def test_the_report_cannot_be_forged_by_a_sheet_name(site: Path, capsys) -> None:
    import xlsxwriter
    book = xlsxwriter.Workbook(str(site / "f.xlsx"))
    ws = book.add_worksheet("A\x1bB\nC")
    ws.write_row(0, 0, HEADER)
    ws.write_row(1, 0, [ROW[h] for h in HEADER])
    book.close()
    code, out = run(capsys, "import", "f.xlsx")
    assert "\x1b" not in out and "A\\x1bB\\nC" in out


def test_what_is_written_passes_check_across_rows(site: Path, capsys) -> None:
    """Codes shared between rows' 实施编码, a 子项 whose 主项 is refused, an id taken in a subfolder."""
    header = HEADER + ["实施编码"]
    (site / "powers/sub").mkdir()
    code, _ = run(capsys, "import", str(csv_of(site / "a.csv", {**ROW, "事项编码": "TAKEN-1"})), "--out", "powers")
    taken = next((site / "powers").glob("[!_]*.yaml"))
    taken.rename(site / "powers/sub" / taken.name)
    src = csv_of(site / "l.csv",
                 {**ROW, "事项编码": "A-1", "事项名称": "甲事项", "实施编码": "IMP-1"},
                 {**ROW, "事项编码": "A-2", "事项名称": "乙事项", "实施编码": "IMP-1"},
                 {**ROW, "事项编码": "A-3", "事项名称": "丙事项", "实施编码": "A-1"},
                 {**ROW, "事项编码": "A-4", "事项名称": "主项", "实施依据": ""},
                 {**ROW, "事项编码": "A-5", "事项名称": "主项", "子项": "子项一"},
                 {**ROW, "事项编码": "TAKEN-1"},
                 header=header)
    code, out = run(capsys, "import", str(src))
    assert code == 1 and "[PL605]" in out and "[PL301]" in out
    code, check = run(capsys, "check", "powers")
    assert code == 0, check


def test_export_refuses_to_write_over_a_device_or_a_folder(site: Path, capsys) -> None:
    for name in ("jishu-hetong-dengji.yaml",):
        shutil.copy(ROOT / "powers" / name, site / "powers" / name)
    shutil.copytree(ROOT / "powers/files/jishu-hetong-dengji", site / "powers/files/jishu-hetong-dengji")
    (site / "out").mkdir()
    code, out = run(capsys, "export", "--format", "csv", "-o", "out")
    assert code == 1 and "不是普通文件" in out


def test_rows_with_the_same_text_are_written_alike_and_apart(site: Path, capsys) -> None:
    """What a cell's text makes is worked out once per import: rows that
    share it are written alike, each with its own values (two cells of one
    row alike must not come out as a YAML anchor and alias)."""
    basis = "《中华人民共和国行政许可法》第十二条：下列事项可以设定行政许可"
    header = HEADER + ["追责依据"]
    src = csv_of(site / "l.csv", *({**ROW, "事项编码": f"S-{i}", "事项名称": f"同文事项{i}", "实施依据": basis,
                                    "追责依据": basis, "监督电话": "0391-2925809、0391-2925810"} for i in range(3)),
                 header=header)
    code, out = run(capsys, "import", str(src))
    assert code == 0, out
    texts = [p.read_text(encoding="utf-8") for p in sorted((site / "powers").glob("[!_]*.yaml"))]
    assert len(texts) == 3 and not any("&id" in t or "*id" in t for t in texts)
    assert len({t.replace(f"S-{i}", "").replace(f"同文事项{i}", "").replace(f"s-{i}", "")
                for i, t in enumerate(texts)}) == 1
    data = yaml.safe_load(texts[0])
    assert data["basis"] == data["accountability"]["basis"] == [
        {"title": "中华人民共和国行政许可法", "article": "第十二条", "text": "下列事项可以设定行政许可"}]


def test_a_link_or_a_folder_where_an_item_goes_is_left_alone(site: Path, tmp_path_factory, capsys) -> None:
    outside = tmp_path_factory.mktemp("outside") / "victim.yaml"
    outside.write_text("keep", encoding="utf-8")
    src = csv_of(site / "l.csv", {**ROW, "事项编码": "L-1", "事项名称": "甲事项"}, {**ROW, "事项编码": "D-1", "事项名称": "乙事项"},
                 {**ROW, "事项编码": "F-1", "事项名称": "丙事项"})
    os.symlink(outside, site / "powers/l-1.yaml")
    (site / "powers/d-1.yaml").mkdir()
    code, out = run(capsys, "import", str(src))
    assert code == 1 and out.count("[PL114]") == 2 and "Traceback" not in out, out
    assert outside.read_text(encoding="utf-8") == "keep" and (site / "powers/l-1.yaml").is_symlink()
    assert (site / "powers/d-1.yaml").is_dir() and (site / "powers/f-1.yaml").is_file()
    assert "写入 1 个文件" in out
