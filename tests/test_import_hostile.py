"""Hostile and odd files given to `powerlist import` and `export` (found by
a review): never a crash, a hang or a file outside the list; every row
refused is said, and what is written passes `check`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from benchmarks.hostile import reading as hostile
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
    assert code == 1 and "[PL601]" in out and "工作表“Sheet1”范围过大" in out and "1048576 行 × 16384 列" in out


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


# --- hostile files: bounded cost, refused before opening, the cause in Chinese (issue 21) ---------


# Starts the command and reports the peak memory of it and of what it waited for. It runs as a fresh program
# between the test and the command: a process forked from the test runner would count the runner's memory as
# its own (the peak survives exec).
_LAUNCHER = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
open(sys.argv[1], "w").write(str(usage.ru_maxrss * 1024))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_apart(site: Path, *args: str, timeout: float = 60) -> tuple[int, str, int]:
    """`powerlist` in its own process, as staff run it: exit status, what it
    printed, and the peak memory (bytes) of it and of the processes it
    waited for (the sheet reader). A run that outlasts `timeout` is killed
    and fails the test: it would have hung."""
    import signal
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        out_path, peak_path = Path(tmp) / "out", Path(tmp) / "peak"
        with out_path.open("wb") as out:
            proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(peak_path), sys.executable, "-m", "powerlist",
                                     *args], cwd=site, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
            try:
                code = proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                pytest.fail(f"powerlist {' '.join(args)} still ran after {timeout} s")
        return code, out_path.read_text(encoding="utf-8", errors="replace"), int(peak_path.read_text())


def refused(out: str, file: str, message: str) -> bool:
    return f"{file}:1:1: error: {message}" in out and "[PL601]" in out and "Traceback" not in out


def test_overlapping_merged_ranges_are_refused_at_once_naming_both(site: Path, capsys) -> None:
    """20,000 ranges over one 1,000-row table (5 KB): each cell is visited once, the overlap said."""
    src = hostile.merged_xlsx(site / "m.xlsx", ranges=20_000, rows=1000)
    assert src.stat().st_size < 10_000
    code, out = run(capsys, "import", "m.xlsx")
    assert code == 1 and refused(out, "m.xlsx", "合并单元格 A3:G1000 与 A3:G1000 重叠（在 A3）"), out
    assert not list((site / "powers").glob("[!_]*.yaml"))


def test_many_merged_ranges_that_do_not_overlap_are_each_filled(site: Path, capsys) -> None:
    """21,000 ranges, each column of each pair of rows merged: every second row takes its values from the row above."""
    body = hostile.sheet_rows([hostile.HEADER] + [[f"X-{i // 2}", f"事项{i // 2}", "行政许可", "《某法》第一条", "科技创新股",
                                                  "受理", "不受理的"] if i % 2 == 0 else [""] * 7 for i in range(6000)])
    merges = "".join(f'<mergeCell ref="{c}{r}:{c}{r + 1}"/>' for r in range(2, 6002, 2) for c in "ABCDEFG")
    hostile.write_xlsx(site / "m.xlsx", hostile.SHEET_HEAD + body + f'</sheetData><mergeCells count="21000">{merges}'
                       "</mergeCells></worksheet>")
    from powerlist.importing.read import read_table
    table = read_table(site / "m.xlsx", "m.xlsx")
    assert len(table.filled) == 21_000
    assert table.rows[2] == table.rows[1] and table.rows[5998] == table.rows[5997] != table.rows[1]


def test_an_xlsx_inflating_past_the_bound_is_refused_while_it_streams(site: Path) -> None:
    """160 MiB of zeros in one cell, 160 KB on disk: refused after 100 MB inflated, memory never near it."""
    hostile.inflating_xlsx(site / "bomb.xlsx", gib=160 / 1024)
    assert (site / "bomb.xlsx").stat().st_size < 250_000
    code, out, peak = run_apart(site, "import", "bomb.xlsx")
    assert code == 1 and refused(out, "bomb.xlsx", "解压后超过 100.0 MB（在 xl/worksheets/sheet1.xml 处）"), out
    assert peak < 300 * 2**20


@pytest.mark.parametrize("ref", ["r = 'CV100000'", 'r="cv100000"', "\tr=\"CV100000\""])
def test_a_far_cell_is_found_however_its_position_is_written(site: Path, ref: str) -> None:
    """White space around "=", single quotes, small letters: the position still counts."""
    body = hostile.sheet_rows([hostile.HEADER]) + f'<row r="100000"><c {ref} t="inlineStr"><is><t>x</t></is></c></row>'
    hostile.write_xlsx(site / "far.xlsx", hostile.SHEET_HEAD + body + "</sheetData></worksheet>")
    code, out, peak = run_apart(site, "import", "far.xlsx")
    assert code == 1 and "[PL601]" in out and "范围过大" in out and "Traceback" not in out, out
    assert peak < 300 * 2**20


def test_a_bound_tripped_in_another_sheet_names_that_sheet(site: Path, capsys) -> None:
    import xlsxwriter
    book = xlsxwriter.Workbook(str(site / "two.xlsx"))
    book.add_worksheet("清单").write_row(0, 0, HEADER)
    book.add_worksheet("附表 & 说明").write_string(1048575, 16383, "x")
    book.close()
    code, out = run(capsys, "import", "two.xlsx")
    assert code == 1 and refused(out, "two.xlsx", "工作表“附表 & 说明”范围过大：有内容的单元格跨越 1048576 行 × 16384 列"), out


def test_a_bomb_behind_other_bytes_and_another_name_is_still_measured(site: Path) -> None:
    """ZIP readers find an archive from its end: an OLE header in front and an .xls name change nothing."""
    bomb = hostile.inflating_xlsx(site / "bomb.xlsx", gib=160 / 1024).read_bytes()
    (site / "disguised.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + bomb)
    code, out, peak = run_apart(site, "import", "disguised.xls")
    assert code == 1 and refused(out, "disguised.xls", "解压后超过 100.0 MB"), out
    assert peak < 300 * 2**20


def test_a_directory_that_lies_about_a_part_size_is_not_trusted(site: Path) -> None:
    """The archive's directory says the sheet is 100 bytes; it inflates to 160 MiB."""
    import struct
    path = hostile.inflating_xlsx(site / "lie.xlsx", gib=160 / 1024, zip64=False)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for sig, header, size_at in ((b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)):  # local header, directory entry
        at = data.find(sig)
        while data[at + header:at + header + len(name)] != name:
            at = data.find(sig, at + 4)
        struct.pack_into("<I", data, at + size_at, 100)
    path.write_bytes(bytes(data))
    code, out, _ = run_apart(site, "import", "lie.xlsx")
    assert code == 1 and "[PL601]" in out and "Traceback" not in out, out
    assert "解压后超过 100.0 MB（在 xl/worksheets/sheet1.xml 处）" in out, out


def test_a_sheet_of_millions_of_cells_is_refused_by_count(site: Path) -> None:
    """2 million empty cells (8 MB inflated, a few KB on disk): refused at the millionth, before calamine."""
    hostile.many_cells_xlsx(site / "cells.xlsx", cells=2_000_000)
    code, out, peak = run_apart(site, "import", "cells.xlsx")
    assert code == 1 and refused(out, "cells.xlsx", "工作表“Sheet1”过大：超过 1000000 个单元格（设置了格式的空白单元格也算在内）"), out
    assert peak < 300 * 2**20


_ods, _ods_cell = hostile.ods, hostile.ods_cell  # the bench's writer of hostile ODS files


def test_an_ods_repeating_a_cell_a_billion_times_is_refused(site: Path) -> None:
    header = "<table:table-row>" + "".join(_ods_cell(h) for h in hostile.HEADER) + "</table:table-row>"
    _ods(site / "rep.ods", header + '<table:table-row table:number-rows-repeated="1000000">' + _ods_cell("x", 1000)
         + "</table:table-row>")
    code, out, peak = run_apart(site, "import", "rep.ods")
    assert code == 1 and refused(out, "rep.ods", "工作表“Sheet1”范围过大：有内容的单元格跨越 1000001 行 × 1000 列"), out
    assert peak < 300 * 2**20


def test_an_ods_with_empty_repeats_to_the_sheet_end_is_read(site: Path) -> None:
    """What LibreOffice writes after the last row and column: empty cells repeated to the sheet's end."""
    row = "".join(_ods_cell(v) for v in ["X-1", "甲事项", "行政许可", "《某法》第一条", "科技创新股", "受理", "不受理的"])
    _ods(site / "lo.ods", "<table:table-row>" + "".join(_ods_cell(h) for h in hostile.HEADER)
         + '<table:table-cell table:number-columns-repeated="16377"/></table:table-row><table:table-row>' + row
         + '<table:table-cell table:number-columns-repeated="16377"/></table:table-row>'
         '<table:table-row table:number-rows-repeated="1048574"><table:table-cell '
         'table:number-columns-repeated="16384"/></table:table-row>')
    from powerlist.importing.read import read_table
    table = read_table(site / "lo.ods", "lo.ods")
    assert len(table.rows) == 2 and table.rows[1][:2] == ["X-1", "甲事项"]


@pytest.mark.parametrize("name", ["list.csv", "list.xlsx", "list.json"])
def test_a_named_pipe_is_refused_without_waiting(site: Path, name: str) -> None:
    os.mkfifo(site / name)
    code, out, _ = run_apart(site, "import", name, timeout=30)
    assert code == 1 and refused(out, name, "不是普通文件（是命名管道）"), out


def test_a_link_to_a_device_is_refused_unread(site: Path) -> None:
    os.symlink("/dev/zero", site / "zero.csv")
    code, out, peak = run_apart(site, "import", "zero.csv", timeout=30)
    assert code == 1 and refused(out, "zero.csv", "不是普通文件（是设备文件）"), out
    assert peak < 300 * 2**20


def test_a_folder_is_said_in_chinese(site: Path, capsys) -> None:
    (site / "d.csv").mkdir()
    code, out = run(capsys, "import", "d.csv")
    assert code == 1 and refused(out, "d.csv", "不是普通文件（是文件夹）") and "directory" not in out, out


def test_a_link_to_a_real_list_is_read(site: Path, capsys) -> None:
    csv_of(site / "real.csv", ROW)
    os.symlink("real.csv", site / "l.csv")
    code, out = run(capsys, "import", "l.csv")
    assert code == 0 and names(site) == [ROW["事项名称"]], out


def test_a_file_over_the_input_bound_is_refused_unread(site: Path, capsys) -> None:
    with (site / "big.csv").open("wb") as f:
        f.truncate(33 * 2**20)  # a sparse file: the bound is told from its size, before it is read
    code, out = run(capsys, "import", "big.csv")
    assert code == 1 and refused(out, "big.csv", "文件大小 33.0 MB，超过导入上限 32.0 MB"), out


@pytest.mark.parametrize("name, content, message", [
    ("b.xlsx", b"PK\x03\x04 not a zip at all", "无法读取电子表格：文件已损坏，或内容不是扩展名所说的格式"),
    ("b.xlsx", b"<?xml version='1.0'?><x>&foo;</x>", "无法读取电子表格：文件已损坏，或内容不是扩展名所说的格式"),
    ("b.ods", b"PK\x05\x06" + bytes(18), "无法读取电子表格："),
    ("b.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "无法读取电子表格：文件已损坏，或内容不是扩展名所说的格式"),
    ("b.xls", "事项名称,权力类型\n".encode(), "无法读取电子表格："),
])
def test_a_broken_workbook_is_said_in_chinese(site: Path, capsys, name: str, content: bytes, message: str) -> None:
    (site / name).write_bytes(content)
    code, out = run(capsys, "import", name)
    assert code == 1 and refused(out, name, message), out
    assert not any(word in out for word in ("Zip", "zip error", "EOCD", "entity", "Error"))


def test_a_broken_entity_inside_a_workbook_is_said_in_chinese(site: Path, capsys) -> None:
    hostile.write_xlsx(site / "e.xlsx", hostile.SHEET_HEAD + '<row r="1"><c r="A1" t="inlineStr"><is><t>&bogus;</t>'
                       "</is></c></row></sheetData></worksheet>")
    code, out = run(capsys, "import", "e.xlsx")
    assert code == 1 and "[PL601]" in out and "unrecognized" not in out and "entity" not in out, out
    assert "无法读取电子表格：" in out


@pytest.mark.parametrize("text, message", [
    ("[" * 100_000 + "]" * 100_000, "JSON 格式错误：列表或对象嵌套过深"),
    ('[{"事项名称": ' + "9" * 5000 + "}]", "JSON 格式错误：数字过长"),
    ('[{"事项名称": "a",}]', "第 1 行 JSON 格式错误：键名须用双引号括起"),
])
def test_json_errors_are_said_in_chinese(site: Path, capsys, text: str, message: str) -> None:
    (site / "l.json").write_text(text, encoding="utf-8")
    code, out = run(capsys, "import", "l.json")
    assert code == 1 and message in out and "RecursionError" not in out and "Expecting" not in out, out


def test_a_control_character_in_a_cell_is_named_as_the_cells(site: Path, capsys) -> None:
    import xlsxwriter
    book = xlsxwriter.Workbook(str(site / "c.xlsx"))
    ws = book.add_worksheet("Sheet1")
    ws.write_row(0, 0, HEADER)
    ws.write_row(1, 0, [{**ROW, "事项名称": "甲\x07事项", "备注": "乙\x1b丙"}[h] for h in HEADER])
    book.close()
    code, out = run(capsys, "import", "c.xlsx")
    col = HEADER.index("事项名称")
    assert code == 1 and "请删除该转义" not in out, out
    assert (f"c.xlsx:Sheet1!{chr(65 + col)}2: error: name: 单元格含有不可见的控制字符 U+0007（响铃符）；"
            "多见于从 Word 等处粘贴的文字，请在表格中删除该字符后重新导入 [PL115]") in out, out
    assert "U+001B（转义符）" in out


def test_json_that_would_parse_into_millions_of_objects_is_refused_before_parsing(site: Path) -> None:
    """4 million one-key objects in 32 MB would take 1.3 GB once parsed."""
    (site / "big.json").write_text("[" + ",".join(['{"a":1}'] * 4_000_000) + "]", encoding="utf-8")
    code, out, peak = run_apart(site, "import", "big.json")
    assert code == 1 and refused(out, "big.json", "JSON 中的值过多（超过 1000000 个）"), out
    assert peak < 300 * 2**20


@pytest.mark.parametrize("end", ["\r", "\n", "\r\n"])
def test_a_csv_is_split_into_lines_as_spreadsheets_write_them(site: Path, end: str) -> None:
    """Lines ended by CR (Excel for Mac), LF or CRLF; a quoted cell keeps its own line breaks and U+2028."""
    from powerlist.importing.read import read_table
    (site / "l.csv").write_bytes(end.join(["事项名称,备注", '甲,"一\r\n二\u2028三"', "乙,四", ""]).encode("utf-8"))
    table = read_table(site / "l.csv", "l.csv")
    assert table.rows == [["事项名称", "备注"], ["甲", "一\r\n二\u2028三"], ["乙", "四"]]
    assert table.lines == [1, 2, 4]


def test_a_sheet_of_millions_of_merged_ranges_is_refused_before_they_are_read(site: Path) -> None:
    """3 million one-row ranges in about 100 KB: 20 s and 1 GB before."""
    hostile.many_merges_xlsx(site / "merges.xlsx", ranges=3_000_000)
    code, out, peak = run_apart(site, "import", "merges.xlsx")
    assert code == 1 and refused(out, "merges.xlsx", "工作表“Sheet1”中的合并单元格超过 250000 处"), out
    assert peak < 300 * 2**20


def test_a_table_of_millions_of_shared_strings_is_refused_before_it_is_read(site: Path) -> None:
    """5.5 million one-letter strings in about 230 KB: 287 MB once read."""
    hostile.many_strings_xlsx(site / "strings.xlsx")
    code, out, peak = run_apart(site, "import", "strings.xlsx")
    assert code == 1 and refused(out, "strings.xlsx", "工作簿中的不同文字超过 1000000 条"), out
    assert peak < 200 * 2**20


def test_a_workbook_listing_a_million_sheets_is_refused_before_it_is_read(site: Path) -> None:
    """Its workbook.xml (60 MB) is also read for the sheets' names, past its 4 MB bound: said, not a CRC error."""
    hostile.many_sheets_xlsx(site / "sheets.xlsx")
    code, out, peak = run_apart(site, "import", "sheets.xlsx")
    assert code == 1 and refused(out, "sheets.xlsx", "工作簿中的工作表超过 10000 个"), out
    assert peak < 200 * 2**20

