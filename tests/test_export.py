"""`powerlist export` and the 数据下载 page, for real: files written by
XlsxWriter and the csv module, read back by python-calamine and by the
import; the page built by a real `mkdocs build` and opened in Chromium."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, cli, current_ids
from benchmarks.listdata import rows, write_xlsx


run = cli


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("powers", "flows", "changes"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760000000")
    return tmp_path


def _fresh(site: Path, name: str) -> Path:
    """An empty list of the site's configuration, in a project of its own (no notices)."""
    d = site / name / "powers"
    d.mkdir(parents=True)
    text = (site / "powers/_site.yaml").read_text(encoding="utf-8")  # without require: all (no flow is imported)
    (d / "_site.yaml").write_text("".join(ln for ln in text.splitlines(True) if not ln.startswith("require:")),
                                  encoding="utf-8")
    return d


def test_xlsx_has_the_standard_columns_a_frozen_header_and_wrapped_text(site: Path, capsys) -> None:
    from python_calamine import CalamineWorkbook

    code, out = run(capsys, "export", "--format", "xlsx", "-o", "l.xlsx")
    assert code == 0, out
    book = CalamineWorkbook.from_path("l.xlsx")
    assert book.sheet_names == ["权责清单", "办事指南", "运行流程", "已取消事项"]
    table = book.get_sheet_by_name("权责清单").to_python()
    assert table[0][:16] == ["序号", "事项编码", "事项名称", "子项", "权力类型", "实施依据", "实施主体", "实施主体性质",
                             "承办机构", "行使层级", "权力来源", "责任事项", "追责情形", "追责依据", "监督电话", "备注"]
    assert len(table) == 1 + len(current_ids(site / "powers"))
    codes = [r[1] for r in table[1:]]
    assert all(isinstance(c, str) for c in codes)  # text cells: no code turned into a number
    with zipfile.ZipFile("l.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        styles = z.read("xl/styles.xml").decode()
        core = z.read("docProps/core.xml").decode()
    assert 'state="frozen"' in sheet and "<cols>" in sheet and 'wrapText="1"' in styles
    assert "2025-10-09" in core  # the data's date (SOURCE_DATE_EPOCH), not today's
    guide = book.get_sheet_by_name("办事指南").to_python()
    assert guide[0][0] == "事项编码" and len(guide) > 1


def test_the_same_data_exports_the_same_bytes(site: Path, capsys) -> None:
    for fmt in ("xlsx", "csv", "json"):
        run(capsys, "export", "--format", fmt, "-o", f"a.{fmt}")
        run(capsys, "export", "--format", fmt, "-o", f"b.{fmt}")
        assert Path(f"a.{fmt}").read_bytes() == Path(f"b.{fmt}").read_bytes(), fmt
    assert Path("a.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    doc = json.loads(Path("a.json").read_text(encoding="utf-8"))
    assert doc["format"] == "powerlist-export" and doc["version"] == 2
    assert {x["id"] for x in doc["items"]} == current_ids(site / "powers")
    # a cancelled item is not on the list, but kept on the record with its status
    assert [(x["id"], x["status"]) for x in doc["retired"]] == [("buhe-jieneng-biaozhun-xiangmu-chufa", "已取消")]


def test_a_list_that_fails_check_is_not_exported(site: Path, capsys) -> None:
    item = site / "powers/jishu-hetong-dengji.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("type: 行政确认", "type: 行政确人"), encoding="utf-8")
    code, out = run(capsys, "export", "--format", "csv", "-o", "x.csv")
    assert code == 1 and "[PL206]" in out and not Path("x.csv").exists()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_round_trips(site: Path, tmp_path: Path, capsys, fmt: str) -> None:
    """import → export → import gives the same YAML; export → import → export the same file."""
    src = tmp_path / "src.xlsx"
    write_xlsx(src, rows(120))
    first = _fresh(site, "p1")
    run(capsys, "import", str(src), "--out", str(first), "--flows", "flows")
    code, out = run(capsys, "export", "--format", fmt, "-o", f"one.{fmt}", "--powers", str(first), "--flows", "flows")
    assert code == 0, out
    second = _fresh(site, "p2")
    code, out = run(capsys, "import", f"one.{fmt}", "--out", str(second), "--flows", "flows")
    assert code == 0, out
    a = {p.name: p.read_bytes() for p in first.glob("*.yaml")}
    b = {p.name: p.read_bytes() for p in second.glob("*.yaml")}
    assert a == b
    run(capsys, "export", "--format", fmt, "-o", f"two.{fmt}", "--powers", str(second), "--flows", "flows")
    assert Path(f"one.{fmt}").read_bytes() == Path(f"two.{fmt}").read_bytes()


def test_the_example_list_survives_a_round_trip_through_csv(site: Path, capsys) -> None:
    """The hand-written example items: the list's facts come back the same."""
    run(capsys, "export", "--format", "csv", "-o", "a.csv")
    back = _fresh(site, "back")
    code, out = run(capsys, "import", "a.csv", "--out", str(back), "--flows", "flows")
    assert code == 0, out
    run(capsys, "export", "--format", "csv", "-o", "b.csv", "--powers", str(back), "--flows", "flows")
    assert Path("a.csv").read_bytes() == Path("b.csv").read_bytes()


def test_csv_cells_never_start_a_formula_and_come_back_as_written(site: Path, capsys) -> None:
    """A hostile name such as =HYPERLINK(…) is text in the CSV (Excel runs a
    cell starting with = + - @ as a formula) and imports back unchanged."""
    item = site / "powers/jishu-hetong-dengji.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("name: 技术合同认定登记",
                    "name: '=HYPERLINK(\"http://evil.example/\",\"技术合同认定登记\")'"), encoding="utf-8")
    code, out = run(capsys, "export", "--format", "csv", "-o", "a.csv")
    assert code == 0, out
    text = Path("a.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(" in text
    import csv as _csv
    assert not any(c.startswith(("=", "+", "-", "@")) for row in _csv.reader(text.splitlines()) for c in row)
    back = _fresh(site, "back")
    code, out = run(capsys, "import", "a.csv", "--out", str(back), "--flows", "flows")
    assert code == 0, out
    names = [yaml_name(p) for p in back.glob("[!_]*.yaml")]
    assert '=HYPERLINK("http://evil.example/","技术合同认定登记")' in names


def yaml_name(path: Path) -> str:
    import yaml
    return yaml.safe_load(path.read_text(encoding="utf-8"))["name"]


def test_importing_an_export_keeps_its_guide_sheet(site: Path, capsys) -> None:
    """The 办事指南 sheet of an export comes back with its items (original.guide), not dropped, not said to be."""
    run(capsys, "export", "--format", "xlsx", "-o", "a.xlsx")
    back = _fresh(site, "back")
    code, out = run(capsys, "import", "a.xlsx", "--out", str(back), "--flows", "flows")
    assert code == 0, out
    assert "工作表“办事指南”未导入" not in out
    assert any("guide:" in p.read_text(encoding="utf-8") for p in back.glob("[!_]*.yaml"))
    code, out = run(capsys, "import", "a.xlsx", "--sheet", "办事指南", "--out", str(back), "--flows", "flows", "--dry-run")
    assert code == 1 and "是否指“承诺时限”" not in out and "“办理结果”列是办事指南信息" in out
