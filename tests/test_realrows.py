"""Real published lists, as they come (issue 22): a city's 权责清单 export
with 24 departments and no 承办机构/责任事项/追责情形 columns, numeric type and
level codes, a platform unid and columns of its own; a province's 职权目录
crawl; written as XLSX (XlsxWriter), CSV, JSON and JSONL. Every row must be
written, field by field as the source says it, 未载明 where it says nothing,
no flow invented; the pages a real `mkdocs build` makes of them must claim
nothing the source does not say; and export → import → export gives every
cell back."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, cli

run = cli

DEPARTMENTS = ["市发展和改革委员会", "市教育局", "市科学技术局", "市工业和信息化局", "市公安局", "市民政局", "市司法局",
               "市财政局", "市人力资源和社会保障局", "市自然资源和规划局", "市生态环境局", "市住房和城乡建设局", "市交通运输局",
               "市水利局", "市农业农村局", "市商务局", "市文化广电和旅游局", "市卫生健康委员会", "市应急管理局",
               "市审计局", "市市场监督管理局", "市统计局", "市医疗保障局", "市住房公积金管理中心"]
QUOTED = ("1.《融资担保公司监督管理条例》第十条：设立融资担保公司，应当经监督管理部门批准。融资担保公司的名称中应当标明融资担保字样，"
          "依照《中华人民共和国公司法》的规定办理登记。第十一条：融资担保公司合并、分立或者减少注册资本，应当经监督管理部门批准。"
          "2《中华人民共和国公司法》第六条：设立公司，应当依法向公司登记机关申请设立登记。")
LONG_NAME = "对" + "未按照规定报送统计资料、提供不真实或者不完整的统计资料、拒绝或者妨碍统计调查" * 14 + "等行为的行政处罚"
TYPES = ["01", "02", "02", "06", "10", "07", "20", "03"]  # national numeric codes, as the portal exports them


def city_rows() -> list[dict[str, str]]:
    """60 rows of a city's export: one key per column, as the portal's JSONL has them."""
    out = []
    for n in range(60):
        dept = DEPARTMENTS[n % len(DEPARTMENTS)]
        row = {
            "unid": f"8a8c{n:04d}7e5f4b1d9c0e2a6b3f18d{n:04d}",
            "事项名称": f"{dept}第{n}项事项的核准",
            "事项类型": TYPES[n % len(TYPES)],
            "实施主体": dept,
            "实施依据": f"《中华人民共和国行政许可法》第{n % 9 + 12}条：下列事项可以设定行政许可。",
            "实施层级": "2,3",
            "所属领域": ["金融", "教育", "科技", "工业"][n % 4],
            "办理时限": "" if n % 3 else "20个工作日",
        }
        out.append(row)
    out[0].update({"事项名称": "融资担保公司设立、变更审批", "实施依据": QUOTED, "实施主体": "市财政局"})
    out[1].update({"事项名称": LONG_NAME, "事项类型": "02", "实施主体": "市统计局"})
    out[2].update({"实施主体": "市级"})  # a level, not a body
    out[3].update({"事项名称": "对&ldquo;科技型中小企业&rdquo;的评价&nbsp;入库"})
    out[4].update({"实施依据": "", "实施层级": ""})  # the source says nothing
    return out


def province_rows() -> list[dict[str, str]]:
    """The province's 职权目录 crawl: other keys, a 责任事项 with stage names of its own, no 追责情形."""
    return [{"职权编码": f"330000-QT-{n:03d}", "职权名称": f"对全省第{n}类统计调查项目的审批", "职权类别": "其他行政权力",
             "行使主体": "省统计局", "设定依据": "《中华人民共和国统计法》第十五条：统计调查项目由国家统计局制定。",
             "责任事项": "1.发现和受理责任：依法受理。2.法制审核：对合法性进行审核。3.决定责任：作出决定。"}
            for n in range(7)]


KEYS = list(city_rows()[0])


def write_xlsx(path: Path, rows: list[dict[str, str]], keys: list[str]) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("事项清单")
    ws.write_row(0, 0, ["某市权责清单（2026 年版）"])  # a title row above the header
    ws.write_row(1, 0, keys)
    for r, row in enumerate(rows, 2):
        for c, k in enumerate(keys):
            ws.write_string(r, c, row.get(k, ""))
    book.close()


def write_csv(path: Path, rows: list[dict[str, str]], keys: list[str]) -> None:
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(keys)
    w.writerows([row.get(k, "") for k in keys] for row in rows)
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))


def write_json(path: Path, rows: list[dict[str, str]]) -> None:
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


def write_jsonl(path: Path, rows: list[dict[str, str]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture
def site(empty_list: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760000000")
    return empty_list


def items(site: Path) -> dict[str, dict]:
    """Every written item of `site`'s list (see `items_in`)."""
    return items_in(site / "powers")


def item_files(powers: Path) -> list[Path]:
    """Every item file, in body folders too (a list of several departments)."""
    return sorted(p for p in powers.rglob("[!_]*.yaml") if p.relative_to(powers).parts[0] != "files")


def items_in(powers: Path) -> dict[str, dict]:
    """Every written item by its source id (original.id), else its name;
    `_body`: the name its body folder's _body.yaml gives (None: the site's own)."""
    out = {}
    for p in item_files(powers):
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        key = (data.get("original") or {}).get("id") or data["name"]
        body = p.parent / "_body.yaml"
        out[key] = {**data, "_id": p.stem,
                    "_body": yaml.safe_load(body.read_text(encoding="utf-8"))["name"] if body.is_file() else None}
    return out


def test_a_city_list_without_the_columns_it_does_not_publish_is_imported_whole(site: Path, capsys) -> None:
    src = site / "city.jsonl"
    write_jsonl(src, city_rows())
    code, out = run(capsys, "import", str(src))
    assert code == 0, out  # warnings only: nothing refused
    got = items(site)
    assert len(got) == 60, out
    first = got[city_rows()[0]["unid"]]
    # the fields, one by one, as the source says them
    assert first["name"] == "融资担保公司设立、变更审批"
    assert first["type"] == "行政许可"  # "01" through _site.yaml's types[].code
    assert first["levels"] == ["市级", "县级"]  # "2,3" through the site's level_codes
    # its department is a body of the list, made by the import; the list does not say it is a 行政机关
    assert first["_body"] == "市财政局" and "subject" not in first
    body = yaml.safe_load((site / "powers" / "sczj" / "_body.yaml").read_text(encoding="utf-8"))
    assert body["name"] == "市财政局" and body["kind"] == "未载明"
    assert first["units"] == "未载明" and first["responsibilities"] == "未载明"
    assert first["accountability"] == {"cases": "未载明"}
    assert "flow" not in first and "commitment" not in first and "service" not in first
    assert first["original"] == {"id": city_rows()[0]["unid"], "columns": {"所属领域": "金融", "办理时限": "20个工作日"}}
    # a law named inside an article's text opens no citation; the next entry's number stays out of the text
    assert [c["title"] for c in first["basis"]] == ["融资担保公司监督管理条例", "中华人民共和国公司法"]
    assert first["basis"][0]["article"] == "第十条"
    assert "依照《中华人民共和国公司法》的规定办理登记。第十一条：融资担保公司合并" in first["basis"][0]["text"]
    assert first["basis"][0]["text"].endswith("应当经监督管理部门批准。")  # no “2” left at its end
    assert first["basis"][1] == {"title": "中华人民共和国公司法", "article": "第六条",
                                 "text": "设立公司，应当依法向公司登记机关申请设立登记。"}
    long = got[city_rows()[1]["unid"]]
    assert long["name"] == LONG_NAME and len(LONG_NAME) > 500 and long["type"] == "行政处罚"
    assert "[PL422]" in out  # said, not refused or cut
    level = got[city_rows()[2]["unid"]]
    assert level["subject"] == {"name": "未载明", "nature": "未载明"} and "[PL606]" in out  # a level, never a body
    assert got[city_rows()[3]["unid"]]["name"] == "对“科技型中小企业”的评价 入库"
    bare = got[city_rows()[4]["unid"]]
    assert bare["basis"] == "未载明" and bare["levels"] == "未载明"  # not the site's own level
    assert {d["type"] for d in got.values()} == {"行政许可", "行政处罚", "行政检查", "其他行政权力", "行政确认", "公共服务",
                                                "行政强制"}
    assert len({d["_body"] for d in got.values()} - {None}) == 24  # every department a body, none of them 市级
    assert "新建部门 市财政局" in out
    # check passes on day one, with the warnings that say what is still missing
    code, checked = run(capsys, "check", "powers")
    assert code == 0, checked
    assert "承办机构未载明（来源没有公布）" in checked and "[PL518]" in checked and "error:" not in checked


def test_a_province_crawl_keeps_its_stage_names(site: Path, capsys) -> None:
    src = site / "province.json"
    write_json(src, province_rows())
    code, out = run(capsys, "import", str(src))
    assert code == 0, out
    got = items(site)
    assert len(got) == 7
    one = next(d for d in got.values() if d["code"] == "330000-QT-001")
    assert one["_id"] == "330000-qt-001"
    assert one["responsibilities"] == [
        {"stage": "发现和受理", "content": "依法受理。", "standard": "受理"},
        {"stage": "法制审核", "content": "对合法性进行审核。", "standard": "审核"},
        {"stage": "决定", "content": "作出决定。"}]
    assert one["accountability"] == {"cases": "未载明"} and one["units"] == "未载明"


def test_every_format_writes_the_same_files(site: Path, capsys) -> None:
    rows = city_rows()
    made = {}
    for name, write in (("x.xlsx", lambda p: write_xlsx(p, rows, KEYS)), ("x.csv", lambda p: write_csv(p, rows, KEYS)),
                        ("x.json", lambda p: write_json(p, rows)), ("x.jsonl", lambda p: write_jsonl(p, rows))):
        for p in (site / "powers").iterdir():
            if p.is_dir():
                shutil.rmtree(p)
            elif p.name != "_site.yaml":
                p.unlink()
        write(site / name)
        code, out = run(capsys, "import", name)
        assert code == 0, out
        made[name] = {p.relative_to(site / "powers").as_posix(): p.read_text(encoding="utf-8")
                      for p in sorted((site / "powers").rglob("*.yaml"))}
    assert made["x.xlsx"] == made["x.csv"] == made["x.json"] == made["x.jsonl"]
    assert len([p for p in made["x.xlsx"] if not p.endswith(("_body.yaml", "_site.yaml"))]) == 60


def test_a_row_reports_every_problem_each_at_its_own_cell(site: Path, capsys) -> None:
    keys = ["事项名称", "权力类型", "承办机构", "行使层级", "实施依据"]
    rows = [{"事项名称": "对某行为的处罚", "权力类型": "", "承办机构": "", "行使层级": "银河级", "实施依据": ""}]
    write_xlsx(site / "bad.xlsx", rows, keys)
    code, out = run(capsys, "import", "bad.xlsx")
    assert code == 1 and "Traceback" not in out
    assert "bad.xlsx:事项清单!B3: error: 权力类型为空 [PL602]" in out
    assert "bad.xlsx:事项清单!D3: error: levels[0]:" in out and "[PL205]" in out
    assert "bad.xlsx:事项清单!C3: warning: units: 承办机构未载明（来源没有公布） [PL421]" in out
    assert "bad.xlsx:事项清单!E3: warning: basis: 设定和实施依据未载明（来源没有公布） [PL421]" in out
    assert list((site / "powers").glob("[!_]*.yaml")) == []


def test_a_site_that_requires_content_refuses_what_is_not_stated(site: Path, capsys) -> None:
    cfg = site / "powers/_site.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "require: [units, flow]\n", encoding="utf-8")
    write_jsonl(site / "city.jsonl", city_rows()[:3])
    code, out = run(capsys, "import", "city.jsonl")
    assert code == 1
    assert "error: units: 承办机构未载明" in out and "warning: responsibilities: 责任事项未载明" in out
    assert "error: name: 事项还没有运行流程" in out
    assert list((site / "powers").glob("[!_]*.yaml")) == []


def test_an_id_held_by_another_item_is_never_overwritten(site: Path, capsys) -> None:
    hand = (ROOT / "powers/jishu-hetong-dengji.yaml").read_text(encoding="utf-8")
    target = site / "powers/330000-qt-001.yaml"
    target.write_text(hand, encoding="utf-8")
    lines = len(hand.splitlines())
    assert lines > 100
    write_json(site / "province.json", province_rows())
    for extra in ((), ("--force",)):
        code, out = run(capsys, "import", "province.json", *extra)
        assert "[PL610]" in out and "标识 330000-qt-001 已是 powers/330000-qt-001.yaml（“技术合同认定登记”）" in out
        assert "--force" not in out.split("共")[0], out
        assert target.read_text(encoding="utf-8") == hand
    moved = [d for d in items(site).values() if d.get("code") == "330000-QT-001" and d["_id"] != "330000-qt-001"]
    assert len(moved) == 1 and moved[0]["_id"].startswith("330000-qt-001-")
    # the same rows again: the same ids, nothing rewritten
    before = {p.name: p.read_text(encoding="utf-8") for p in (site / "powers").glob("*.yaml")}
    code, out = run(capsys, "import", "province.json")
    assert {p.name: p.read_text(encoding="utf-8") for p in (site / "powers").glob("*.yaml")} == before


def _fresh(site: Path, name: str) -> Path:
    d = site / name / "powers"
    d.mkdir(parents=True)
    shutil.copy(site / "powers/_site.yaml", d / "_site.yaml")
    return d


def test_xlsx_round_trip_gives_every_cell_back_and_never_truncates(site: Path, capsys) -> None:
    from python_calamine import CalamineWorkbook

    rows = city_rows()
    huge = "《某省科技条例》第一条：" + "为了促进科技成果转化，规定本条例。" * 2500  # 42,500 characters
    rows[5]["实施依据"] = huge  # more than a sheet's cell can hold: the portal's JSONL has it whole
    write_jsonl(site / "src.jsonl", rows)
    code, out = run(capsys, "import", "src.jsonl")
    assert code == 0, out
    first = items(site)
    code, out = run(capsys, "export", "--format", "xlsx", "-o", "a.xlsx")
    assert code == 0 and "超过 Excel 单元格上限 32767 字" in out, out
    table = CalamineWorkbook.from_path("a.xlsx").get_sheet_by_name("权责清单").to_python()
    head = table[0]
    assert "实施依据（续1）" in head and "来源编号" in head and "所属领域" in head and "办理时限" in head
    by_unid = {r[head.index("来源编号")]: r for r in table[1:]}
    for src in rows:  # every source cell of the kept columns, under its own header
        cells = by_unid[src["unid"]]
        for k in ("所属领域", "办理时限"):
            assert cells[head.index(k)] == src[k]
    cell = by_unid[rows[5]["unid"]]
    assert len(cell[head.index("实施依据")]) <= 32767
    assert cell[head.index("实施依据")] + cell[head.index("实施依据（续1）")] == huge
    back = _fresh(site, "back")
    code, out = run(capsys, "import", "a.xlsx", "--out", str(back), "--flows", "flows")
    assert code == 0, out
    again = items_in(back)
    assert again[rows[5]["unid"]]["basis"] == first[rows[5]["unid"]]["basis"]  # restored exactly
    assert first == again  # same ids, same bodies, same files
    run(capsys, "export", "--format", "xlsx", "-o", "b.xlsx", "--powers", str(back), "--flows", "flows")
    assert Path("a.xlsx").read_bytes() == Path("b.xlsx").read_bytes()


def test_the_json_export_imports_back_as_the_same_files(tmp_path: Path, capsys, monkeypatch) -> None:
    for name in ("powers", "flows", "changes"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760000000")
    code, out = run(capsys, "export", "--format", "json", "-o", "a.json")
    assert code == 0, out
    doc = json.loads(Path("a.json").read_text(encoding="utf-8"))
    flows = [x["flow"] for x in doc["items"] if "use" in x.get("flow", {})]
    assert flows and all("with_" not in f for f in flows) and any("with" in f for f in flows)
    back = tmp_path / "back"
    shutil.copytree(ROOT / "changes", back / "changes")
    (back / "powers").mkdir()
    shutil.copy(ROOT / "powers/_site.yaml", back / "powers/_site.yaml")
    shutil.copytree(ROOT / "powers/files", back / "powers/files")
    code, out = run(capsys, "import", "a.json", "--out", str(back / "powers"), "--flows", "flows")
    assert code == 0, out
    assert sorted(p.name for p in back.glob("powers/*.yaml")) == sorted(p.name for p in (ROOT / "powers").glob("*.yaml"))
    code, out = run(capsys, "export", "--format", "json", "-o", "b.json", "--powers", str(back / "powers"), "--flows", "flows")
    assert code == 0, out
    assert Path("a.json").read_bytes() == Path("b.json").read_bytes()
    code, out = run(capsys, "import", "a.json", "--out", str(back / "powers"), "--flows", "flows")
    assert "未变 18 个" in out  # ids never change on re-import


FORBIDDEN = ("即办", "已按办理流程核验", "申请人须到现场", "免费邮寄", "5 日", "当天", "综合窗口", "flowchart.svg", "flow.bpmn",
             "最多跑", "法定本级行使", "法定机关")


def test_imported_pages_claim_nothing_the_source_does_not_say(site: Path, capsys) -> None:
    write_jsonl(site / "city.jsonl", city_rows())
    code, out = run(capsys, "import", "city.jsonl")
    assert code == 0, out
    shutil.copytree(ROOT / "docs", site / "docs")
    shutil.copy(ROOT / "mkdocs.yml", site / "mkdocs.yml")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=site, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    for ident, data in {d["_id"]: d for d in items(site).values()}.items():
        folder = site / "site/items" / ident
        page = (folder / "index.html").read_text(encoding="utf-8")
        main = page.split('<article', 1)[1]
        assert "流程图尚未公布" in main and "未载明" in main, ident
        for word in FORBIDDEN:
            assert word not in main, (ident, word)
        assert not (folder / "flowchart.svg").exists() and not (folder / "flow.bpmn").exists()
        assert (folder / "service.jsonld").exists()
        assert data["original"]["id"] in main  # the source's own id, shown as such
        duties = main.split('id="duties"', 1)[1].split("<h2", 1)[0]
        assert "<table" not in duties and "未载明" in duties  # said in words, not as an empty row of a table
    bare = (site / "site/items" / items(site)[city_rows()[4]["unid"]]["_id"] / "index.html").read_text(encoding="utf-8")
    assert "县级" not in bare.split("<article", 1)[1]  # no level the source does not give
    # the time a source gives is shown as the source's words, never checked against a flow it has none of
    first = (site / "site/items" / items(site)[city_rows()[0]["unid"]]["_id"] / "index.html").read_text(encoding="utf-8")
    assert "20个工作日" in first and "照录来源清单" in first
    index = "".join(p.read_text(encoding="utf-8") for p in (site / "site/search").rglob("*.js*"))
    assert "融资担保公司设立" in index or "\\u878d" in index  # in the search's rows


def test_the_example_workbook_comes_back_whole_with_its_guide_sheet(tmp_path: Path, capsys, monkeypatch) -> None:
    """export (all sheets) → import → export: the same bytes; each 办事指南 row is kept with its item, each flow comes back."""
    from python_calamine import CalamineWorkbook

    for name in ("powers", "flows", "changes"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760000000")
    assert run(capsys, "export", "--format", "xlsx", "-o", "a.xlsx")[0] == 0
    back = tmp_path / "back/powers"
    back.mkdir(parents=True)
    text = (ROOT / "powers/_site.yaml").read_text(encoding="utf-8")
    (back / "_site.yaml").write_text("".join(ln for ln in text.splitlines(True) if not ln.startswith("require:")),
                                     encoding="utf-8")
    code, out = run(capsys, "import", "a.xlsx", "--out", str(back), "--flows", "flows")
    assert code == 0, out
    assert "工作表“办事指南”未导入" not in out
    guide = CalamineWorkbook.from_path("a.xlsx").get_sheet_by_name("办事指南").to_python()
    head = guide[0]
    tech = next(r for r in guide[1:] if r[1] == "技术合同认定登记")
    kept = next(yaml.safe_load(p.read_text(encoding="utf-8")) for p in back.glob("*.yaml")
                if yaml.safe_load(p.read_text(encoding="utf-8")).get("name") == "技术合同认定登记")
    assert kept["original"]["guide"] == {h: v for h, v in zip(head[2:], tech[2:]) if v}
    # the flows come back from the 运行流程 sheet, as the files wrote them
    example = yaml.safe_load((ROOT / "powers/jishu-hetong-dengji.yaml").read_text(encoding="utf-8"))
    assert kept["flow"] == example["flow"]
    assert "[PL518]" not in out
    # the cancelled items' sheet is said not to be imported, and why (they are off the list)
    assert "工作表“已取消事项”列出已取消、已合并的事项，未导入" in out
    code, out = run(capsys, "export", "--format", "xlsx", "-o", "b.xlsx", "--powers", str(back), "--flows", "flows")
    assert code == 0, out
    a, b = CalamineWorkbook.from_path("a.xlsx"), CalamineWorkbook.from_path("b.xlsx")
    assert a.sheet_names == b.sheet_names
    for sheet in a.sheet_names:  # every cell of the list comes back; the cancelled items stay behind, as said
        rows = b.get_sheet_by_name(sheet).to_python()
        if sheet == "已取消事项":
            assert len(rows) == 1 and len(a.get_sheet_by_name(sheet).to_python()) == 2
        else:
            assert a.get_sheet_by_name(sheet).to_python() == rows, sheet


def test_items_without_a_flow_export_and_walk_say_so(site: Path, capsys) -> None:
    write_jsonl(site / "city.jsonl", city_rows()[:4])
    assert run(capsys, "import", "city.jsonl")[0] == 0
    ident = next(p.stem for p in (site / "powers").glob("[!_]*.yaml"))
    code, out = run(capsys, "export", "--format", "bpmn", "-o", "flows-out")
    assert code == 0 and "另有 4 个事项的运行流程尚未公布，没有 BPMN 文件" in out
    assert list((site / "flows-out").iterdir()) == []
    code, out = run(capsys, "export", "--format", "bpmn", "--item", ident, "-o", "x.bpmn")
    assert code == 1 and "运行流程尚未公布" in out and not (site / "x.bpmn").exists()
    code, out = run(capsys, "export", "--format", "cpsv", "-o", "s.jsonld")
    assert code == 0
    doc = Path("s.jsonld").read_text(encoding="utf-8")
    assert "承办机构：未载明" in doc and "pl:hasProcedure" not in doc and "hasProcedure" not in doc
    code, out = run(capsys, "walk", ident)
    assert code == 1 and "运行流程尚未公布" in out and "Traceback" not in out


def test_a_portal_api_with_english_keys(site: Path, capsys) -> None:
    rows = [{"id": "u-77f1", "name": "对建设工程消防验收的备案抽查", "type": "06", "deptName": "市住房和城乡建设局",
             "basis": "《中华人民共和国消防法》第十三条", "useLevel": "2", "extra": {"area": "全市"}}]
    write_json(site / "api.json", rows)
    code, out = run(capsys, "import", "api.json")
    assert code == 0, out
    (data,) = items(site).values()
    assert data["name"] == "对建设工程消防验收的备案抽查" and data["type"] == "行政检查" and data["levels"] == ["市级"]
    assert data["subject"] == {"name": "市住房和城乡建设局", "nature": "未载明"}
    assert data["basis"] == [{"title": "中华人民共和国消防法", "article": "第十三条"}]
    assert data["original"] == {"id": "u-77f1", "columns": {"extra": '{"area": "全市"}'}}


def test_a_type_with_a_note_in_brackets_keeps_the_note(site: Path, capsys) -> None:
    rows = [{"事项名称": "高新技术企业认定推荐", "权力类型": "其他行政权力（审核转报）", "实施依据": "《高新技术企业认定管理办法》"},
            {"事项名称": "某事项", "权力类型": "行政备案", "实施依据": "《某办法》"}]
    write_csv(site / "t.csv", rows, ["事项名称", "权力类型", "实施依据"])
    code, out = run(capsys, "import", "t.csv")
    assert code == 1 and "未知的权力类型“行政备案”" in out  # not guessed: the site's types decide
    (data,) = items(site).values()
    assert data["type"] == "其他行政权力" and data["remark"] == "权力类型原文：其他行政权力（审核转报）"


@pytest.mark.parametrize("text, want", [
    ("《A条例》第十条：设立公司。《中华人民共和国公司法》另有规定的，从其规定。\n《B办法》第二条：乙。",
     [{"title": "A条例", "article": "第十条", "text": "设立公司。《中华人民共和国公司法》另有规定的，从其规定。"},
      {"title": "B办法", "article": "第二条", "text": "乙。"}]),
    ("（一）《甲法》第一条：甲。（二）《乙法》第二条：乙。",
     [{"title": "甲法", "article": "第一条", "text": "甲。"}, {"title": "乙法", "article": "第二条", "text": "乙。"}]),
    ("1.《甲法》第一条：甲的规定；3.《乙法》第二条", [{"title": "甲法", "article": "第一条", "text": "甲的规定"},
                                                   {"title": "乙法", "article": "第二条"}]),
    ("《A条例》和《B办法》第三条：内容。", [{"title": "A条例"}, {"title": "B办法", "article": "第三条", "text": "内容。"}]),
    ("依据省科技厅有关文件执行", [{"title": "依据省科技厅有关文件执行"}]),  # no title: the whole text, one citation
])
def test_citations_split_only_where_a_title_opens_one(text: str, want: list) -> None:
    from powerlist.importing.clean import citations

    assert citations(text) == want


def test_not_stated_is_told_apart_from_not_filled_in_and_require_raises_it(tmp_path: Path, capsys, monkeypatch) -> None:
    """In the example (require: all) 未载明 is an error at its line; without require: a warning, exit 0.
    A key left out is “缺少”, a key written 未载明 is “未载明”: staff see which is which."""
    for name in ("powers", "flows", "changes"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    item = tmp_path / "powers/kexue-jishu-jiang.yaml"
    text = item.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    lines = text.splitlines(True)
    start = next(i for i, ln in enumerate(lines) if ln.startswith("units:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith((" ", "-")))
    lines[start:end] = ["units: 未载明\n"]
    cut = "".join(lines)
    lstart = next(i for i, ln in enumerate(lines) if ln.startswith("levels:"))
    lend = next(i for i in range(lstart + 1, len(lines)) if not lines[i].startswith((" ", "-")))
    del lines[lstart:lend]
    item.write_text("".join(lines), encoding="utf-8")
    assert data["units"] and cut != text
    code, out = run(capsys, "check", "powers")
    line = "".join(lines).splitlines().index("units: 未载明") + 1
    assert code == 1
    assert f"powers/kexue-jishu-jiang.yaml:{line}:8: error: units: 承办机构未载明（来源没有公布） [PL421]" in out
    assert "error: levels: 缺少行使层级（levels）；来源没有公布的请写 levels: 未载明 [PL421]" in out
    cfg = tmp_path / "powers/_site.yaml"
    cfg.write_text("".join(ln for ln in cfg.read_text(encoding="utf-8").splitlines(True)
                           if not ln.startswith("require:")), encoding="utf-8")
    code, out = run(capsys, "check", "powers")
    assert code == 0 and "warning: units: 承办机构未载明" in out and "warning: levels: 缺少行使层级" in out
    # an empty list is neither: a mistake, told so
    item.write_text("".join(lines).replace("units: 未载明", "units: []"), encoding="utf-8")
    code, out = run(capsys, "check", "powers")
    assert code == 1 and "列表不能为空；来源没有公布的请写 未载明" in out
