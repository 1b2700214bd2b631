"""One list, many departments (bodies): a list of three bodies written as
real YAML (tests/bodies_data.py), checked by the real `powerlist check`,
built by a real `mkdocs build --strict`, its downloads read back with
python-calamine, its list filtered in real headless Chromium; and a real
CSV import that meets several 实施主体."""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from pathlib import Path

import pytest

from bodies_data import NAMES, PHONES, site_files, three_bodies
from conftest import ROOT, cli, edit
from test_site import Visit, _QuietHandler, copy_project, mkdocs_build


def _text(html: str) -> str:
    """The page's visible text, roughly: tags dropped."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _json_ld(html: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


@pytest.fixture
def bodies_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    three_bodies(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = site_files(three_bodies(tmp_path_factory.mktemp("bodies")))
    proc = mkdocs_build(project)
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr
    return project / "site"


# --- check ---------------------------------------------------------------------------

def test_a_list_of_three_bodies_passes_check(bodies_list: Path, capsys) -> None:
    code, out = cli(capsys, "check", "powers")
    assert code == 0, out
    from powerlist.core.catalog import load_catalog

    cat = load_catalog(bodies_list / "powers")
    assert {e.id: e.body for e in cat.entries.values()} == {
        "taotai-yongneng-shebei-chufa": "fgw", "zhongdian-yongneng-danwei-jiancha": "fgw",
        "tezhong-shebei-jiancha": "scjgj",  # in a subfolder of the body's folder
        "gongjijin-jiaocun-jiancha": "gjj"}
    gjj, fgw = cat.bodies["gjj"], cat.bodies["fgw"]
    assert gjj.kind == "法律法规授权组织" and gjj.nature == "授权组织" and gjj.region == "河南省焦作市（含所辖县市）"
    # what a body does not give: the government's supervision channels, never its address or consult phone
    assert fgw.supervision.phone == PHONES["fgw"] == cat.site.supervision.phone
    assert fgw.region == "河南省焦作市" and fgw.region_code == "410800000000"
    assert fgw.address == "焦作市人民路 2 号" and fgw.phone is None
    # a body with its own phone gets its own hours only, never the government's hours for another phone
    assert cat.bodies["gjj"].supervision.hours is None
    assert cat.bodies["scjgj"].supervision.hotline == cat.site.supervision.hotline


def test_a_unit_of_another_body_is_an_error_naming_both(bodies_list: Path, capsys) -> None:
    path = edit(bodies_list / "powers/fgw/zhongdian-yongneng-danwei-jiancha.yaml",
                "units: [节能监察股]", "units: [节能监察股, 归集管理科]")
    code, out = cli(capsys, "check", "powers")
    assert code == 1
    line = next(x for x in out.splitlines() if "[PL305]" in x)
    assert line.startswith("powers/fgw/zhongdian-yongneng-danwei-jiancha.yaml:5:")
    assert "units[1]" in line and "归集管理科" in line
    assert "市住房公积金管理中心" in line and "市发展和改革委员会" in line and "powers/fgw/_body.yaml" in line
    assert path.exists()


def test_a_unit_no_body_has_is_an_error_listing_the_bodys_units(bodies_list: Path, capsys) -> None:
    edit(bodies_list / "powers/scjgj/tezhongke/tezhong-shebei-jiancha.yaml",
         "units: [特种设备安全监察科]", "units: [特种设备安全监查科]")
    code, out = cli(capsys, "check", "powers")
    assert code == 1
    line = next(x for x in out.splitlines() if "[PL305]" in x)
    assert "不在市市场监督管理局的内设科室中" in line and "是否要写 特种设备安全监察科" in line


def test_a_post_not_among_the_bodys_lanes_is_an_error_naming_the_body(bodies_list: Path, capsys) -> None:
    edit(bodies_list / "powers/gjj/gongjijin-jiaocun-jiancha.yaml", "lane: 归集管理科", "lane: 节能监察股")
    code, out = cli(capsys, "check", "powers")
    assert code == 1
    line = next(x for x in out.splitlines() if "[PL510]" in x)
    assert line.startswith("powers/gjj/gongjijin-jiaocun-jiancha.yaml:29:11:")
    assert "岗位“节能监察股”不在市住房公积金管理中心的 lanes 中（powers/gjj/_body.yaml）" in line


def test_a_duplicate_id_across_body_folders_is_an_error(bodies_list: Path, capsys) -> None:
    shutil.copy(bodies_list / "powers/fgw/zhongdian-yongneng-danwei-jiancha.yaml",
                bodies_list / "powers/gjj/zhongdian-yongneng-danwei-jiancha.yaml")
    code, out = cli(capsys, "check", "powers")
    assert code == 1
    dup = [x for x in out.splitlines() if "[PL301]" in x]
    assert len(dup) == 1 and "zhongdian-yongneng-danwei-jiancha" in dup[0]
    assert "powers/fgw/zhongdian-yongneng-danwei-jiancha.yaml" in dup[0]
    assert dup[0].startswith("powers/gjj/")


def test_an_item_naming_another_body_as_its_subject_is_told_where_it_belongs(bodies_list: Path, capsys) -> None:
    edit(bodies_list / "powers/fgw/zhongdian-yongneng-danwei-jiancha.yaml",
         "units: [节能监察股]", "subject:\n  name: 市市场监督管理局\nunits: [节能监察股]")
    code, out = cli(capsys, "check", "powers")
    assert code == 1
    line = next(x for x in out.splitlines() if "[PL321]" in x)
    assert line.startswith("powers/fgw/zhongdian-yongneng-danwei-jiancha.yaml:6:") and "powers/scjgj/" in line


def test_a_broken_body_file_is_reported_at_its_line_and_column_and_nothing_is_built(bodies_list: Path, capsys) -> None:
    edit(bodies_list / "powers/gjj/_body.yaml", "kind: 法律法规授权组织", "kind: 事业单位\nemail: x")
    (bodies_list / "powers/scjgj/tezhongke/_body.yaml").write_text("name: 特种设备科\n", encoding="utf-8")
    (bodies_list / "powers/fgw2").mkdir()
    (bodies_list / "powers/fgw2/_body.yaml").write_text("name: 焦作市发展和改革委员会\n", encoding="utf-8")
    code, out = cli(capsys, "check", "powers")
    assert code == 1
    lines = out.splitlines()
    assert any(x.startswith("powers/gjj/_body.yaml:3:7: error: kind:") and "[PL205]" in x for x in lines), out
    assert any(x.startswith("powers/gjj/_body.yaml:4:1: error: email:") and "[PL201]" in x for x in lines), out
    assert any(x.startswith("powers/scjgj/tezhongke/_body.yaml:1:1:") and "[PL320]" in x for x in lines), out
    assert any(x.startswith("powers/fgw2/_body.yaml:1:") and "powers/fgw/_body.yaml" in x and "[PL320]" in x
               for x in lines), out
    assert "Traceback" not in out
    proc = mkdocs_build(site_files(bodies_list))
    assert proc.returncode != 0 and "PL320" in proc.stderr and not (bodies_list / "site/index.html").exists()


def test_new_asks_for_the_body_and_writes_into_its_folder(bodies_list: Path, capsys) -> None:
    code, out = cli(capsys, "new", "--body", "scjgj", "--type", "行政检查", "--name", "对计量器具的监督检查",
                    "--unit", "质量发展科", "--id", "jiliang-qiju-jiancha")
    assert code == 0, out
    text = (bodies_list / "powers/scjgj/jiliang-qiju-jiancha.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../docs/schema/power-item.schema.json\n")
    assert 'units: ["质量发展科"]' in text
    code, out = cli(capsys, "new", "--body", "gjj", "--type", "行政检查", "--name", "x", "--unit", "质量发展科")
    assert code == 2 and "不在市住房公积金管理中心的 units" in out and "归集管理科" in out
    code, out = cli(capsys, "new", "--body", "nope", "--type", "行政检查", "--name", "x")
    assert code == 2 and "没有部门 nope" in out and "fgw、gjj、scjgj" in out


# --- the site --------------------------------------------------------------------------

def test_the_bodies_index_lists_each_body_with_its_count_and_is_in_the_navigation(built: Path) -> None:
    html = (built / "bodies/index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr><td data-label="部门"><a href="([^"]+)">([^<]+)</a></td><td[^>]*>([^<]+)</td>'
                      r'<td[^>]*>(\d+)</td><td[^>]*>(?:<a href="tel:[^"]+">)?([^<]+)', html)
    assert [(href, name, kind, int(n), phone) for href, name, kind, n, phone in rows] == [
        ("fgw/", "市发展和改革委员会", "行政机关", 2, PHONES["fgw"]),
        ("gjj/", "市住房公积金管理中心", "法律法规授权组织", 1, PHONES["gjj"]),
        ("scjgj/", "市市场监督管理局", "行政机关", 1, PHONES["scjgj"])]
    home = (built / "index.html").read_text(encoding="utf-8")
    nav = re.findall(r'<a href="([^"]+)" class="md-nav__link">', home)
    assert "bodies/" in nav and nav.index("bodies/") == nav.index("list/") + 1
    assert "本清单包括 3 个部门的权力事项" in _text(home)
    supervision = (built / "supervision/index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<a href="../bodies/([a-z]+)/">[^<]+</a></td><td[^>]*><a href="tel:([^"]+)"', supervision)
    assert rows == [("fgw", PHONES["fgw"]), ("gjj", PHONES["gjj"]), ("scjgj", PHONES["scjgj"])]


@pytest.mark.parametrize("body", ["fgw", "scjgj", "gjj"])
def test_each_body_page_shows_its_items_phones_and_downloads(built: Path, body: str) -> None:
    html = (built / f"bodies/{body}/index.html").read_text(encoding="utf-8")
    text = _text(html)
    assert f'href="tel:{PHONES[body]}"' in html
    for other, phone in PHONES.items():
        if phone != PHONES[body]:
            assert phone not in html, (body, other)
    from bodies_data import ITEMS

    items = re.findall(r'class="pl-name"><a href="../../items/([^/]+)/"', html)
    assert sorted(items) == sorted(ITEMS[body])
    assert f'href="../../downloads/bodies/{body}.xlsx"' in html and f'href="../../downloads/bodies/{body}.csv"' in html
    assert NAMES[body] in text


@pytest.mark.parametrize("item, body", [("taotai-yongneng-shebei-chufa", "fgw"),
                                        ("tezhong-shebei-jiancha", "scjgj"),
                                        ("gongjijin-jiaocun-jiancha", "gjj")])
def test_each_item_page_shows_its_own_bodys_name_phones_and_supervision_only(built: Path, item: str, body: str) -> None:
    html = (built / f"items/{item}/index.html").read_text(encoding="utf-8")
    for other, phone in PHONES.items():
        if phone != PHONES[body]:
            assert phone not in html, f"{item} shows {other}'s phone {phone}"
    full = {"fgw": "焦作市发展和改革委员会", "scjgj": "焦作市市场监督管理局", "gjj": "焦作市住房公积金管理中心"}[body]
    summary = re.search(r'<div class="pl-block pl-summary".*?</dl>', html, re.S).group(0)
    assert f'<dt>监督电话</dt><dd><a href="tel:{PHONES[body]}">' in summary
    duties = html[html.index('<h2 id="supervision">'):]
    assert f'href="tel:{PHONES[body]}"' in duties.split("</table>")[0]
    assert re.search(r'<div class="pl-print-head"><p><strong>' + full + "</strong>", html)
    assert f'<th scope="row">实施主体</th><td>{full}（' in html
    crumbs = re.search(r'<nav class="pl-crumbs".*?</nav>', html, re.S).group(0)
    assert f'href="../../bodies/{body}/">{NAMES[body]}</a>' in crumbs
    ld = next(d for d in _json_ld(html) if d.get("@type") == "GovernmentService")
    assert ld["provider"]["name"] == full
    others = [n for b, n in NAMES.items() if b != body]
    assert not any(n in html for n in others)
    svg = (built / f"items/{item}/flowchart.svg").read_text(encoding="utf-8")
    assert PHONES[body] in svg and not any(p in svg for p in PHONES.values() if p != PHONES[body])
    if body == "scjgj":  # its own channel, the hours of its own phone; the government's hotline still applies
        assert "市市场监督管理局督查科" in duties and "12345" in duties
        phone_row = re.search(r'<th scope="row">监督电话</th><td>(.*?)</td>', duties).group(1)
        hotline_row = re.search(r'<th scope="row">政务服务便民热线</th><td>(.*?)</td>', duties).group(1)
        assert "工作日 9:00—17:00" in phone_row and "工作日 9:00—17:00" not in hotline_row
        assert "区纪委监委派驻纪检监察组" not in html
    if body == "fgw":  # nothing of its own: the government's channels, said as the government's
        assert "区纪委监委派驻纪检监察组" in duties
    if body == "gjj":  # no guide: the body's own consult phone; its own kind
        assert 'href="tel:0391-3912329"' in html and "授权组织" in html
        assert "监督电话工作日 8:30" not in html  # the government's hours belong to the government's phone


def test_the_competent_authority_in_cpsv_is_the_body_in_its_region(built: Path) -> None:
    doc = json.loads((built / "items/gongjijin-jiaocun-jiancha/service.jsonld").read_text(encoding="utf-8"))
    graph = {n["@id"]: n for n in doc["@graph"]}
    service = next(n for n in graph.values() if "cpsv:PublicService" in n["@type"])
    org = graph[service["cv:hasCompetentAuthority"][0]["@id"]]
    assert org["skos:prefLabel"][0]["@value"] == "焦作市住房公积金管理中心"
    assert graph[org["dct:spatial"][0]["@id"]]["locn:geographicName"][0]["@value"] == "河南省焦作市（含所辖县市）"
    assert service["dct:spatial"] == org["dct:spatial"]
    fgw = json.loads((built / "items/taotai-yongneng-shebei-chufa/service.jsonld").read_text(encoding="utf-8"))
    text = json.dumps(fgw, ensure_ascii=False)
    assert "焦作市发展和改革委员会" in text and "河南省焦作市" in text and "住房公积金" not in text


def test_the_per_body_download_holds_only_that_bodys_rows(built: Path) -> None:
    from python_calamine import CalamineWorkbook

    for body, items in (("fgw", 2), ("scjgj", 1), ("gjj", 1)):
        book = CalamineWorkbook.from_path(str(built / f"downloads/bodies/{body}.xlsx"))
        rows = book.get_sheet_by_name("权责清单").to_python()
        head, data = rows[0], rows[1:]
        assert len(data) == items
        at = head.index("实施主体")
        assert {r[at] for r in data} == {{"fgw": "焦作市发展和改革委员会", "scjgj": "焦作市市场监督管理局",
                                          "gjj": "焦作市住房公积金管理中心"}[body]}
        assert [r[0] for r in data] == [str(n) for n in range(1, items + 1)]
        csv_text = (built / f"downloads/bodies/{body}.csv").read_bytes().decode("utf-8-sig")
        assert len(csv_text.strip().splitlines()[1:]) >= items and all(
            n not in csv_text for b, n in NAMES.items() if b != body)
    whole = CalamineWorkbook.from_path(str(built / "downloads/quanze-qingdan.xlsx")).get_sheet_by_name("权责清单").to_python()
    assert len(whole) - 1 == 4
    page = (built / "downloads/index.html").read_text(encoding="utf-8")
    assert 'href="bodies/scjgj.xlsx"' in page and 'href="bodies/gjj.csv"' in page
    doc = json.loads((built / "downloads/quanze-qingdan.json").read_text(encoding="utf-8"))
    assert {x["id"]: x["body"] for x in doc["items"]} == {
        "taotai-yongneng-shebei-chufa": "fgw", "zhongdian-yongneng-danwei-jiancha": "fgw",
        "tezhong-shebei-jiancha": "scjgj", "gongjijin-jiaocun-jiancha": "gjj"}
    assert doc["bodies"]["gjj"]["kind"] == "法律法规授权组织" and doc["bodies"]["scjgj"]["name"] == NAMES["scjgj"]


def test_units_are_each_bodys_own(built: Path) -> None:
    html = (built / "units/index.html").read_text(encoding="utf-8")
    assert [h for h in re.findall(r'<h2 id="b\d+">([^<]+)</h2>', html)] == [NAMES["fgw"], NAMES["gjj"], NAMES["scjgj"]]
    unit = re.search(r'<a href="([^"]+)">归集管理科</a>', html).group(1)
    page = (built / "units" / unit / "index.html").read_text(encoding="utf-8")
    assert "gongjijin-jiaocun-jiancha" in page and "taotai" not in page


def test_the_example_list_of_one_department_has_no_body_pages(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    proc = mkdocs_build(project)
    assert proc.returncode == 0, proc.stderr
    site = project / "site"
    assert not (site / "bodies").exists() and not (site / "downloads/bodies").exists()
    listing = (site / "list/index.html").read_text(encoding="utf-8")
    assert 'id="pl-body"' not in listing and "data-body" not in listing
    assert 'href="bodies/"' not in (site / "index.html").read_text(encoding="utf-8")
    head = (site / "search/index.js").read_text(encoding="utf-8")
    assert '"brun"' not in head
    # the authority's own facts, as before: its print head, its phone
    item = (site / "items/jishu-hetong-dengji/index.html").read_text(encoding="utf-8")
    assert "<strong>焦作市解放区科学技术和工业信息化局</strong>　办事一次告知单" in item
    assert 'href="tel:0391-2921000"' in item


@pytest.fixture(scope="module")
def origin(built: Path):
    handler = functools.partial(_QuietHandler, directory=str(built))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_filtering_the_list_by_body_works_on_a_phone(browser, origin: str) -> None:
    v = Visit(browser, origin, "list/", width=375)
    rows = v.page.locator("table.pl-list tbody tr")
    assert rows.count() == 4
    v.page.select_option("#pl-body", "fgw")
    v.page.wait_for_function("document.getElementById('pl-filter').getAttribute('data-drawn') !== null")
    assert v.page.locator("#pl-count").inner_text() == "找到 2 项（共 4 项）"
    shown = [r.inner_text() for r in rows.all() if r.is_visible()]
    assert len(shown) == 2 and all("市发展和改革委员会" in r for r in shown)
    assert "body=fgw" in v.page.url
    assert "本清单全部 4 项权力事项，来自 3 个部门" in v.page.inner_text("article")
    v.page.select_option("#pl-type", "行政检查")
    v.page.wait_for_function("document.getElementById('pl-count').textContent === '找到 1 项（共 4 项）'")
    names = [r.locator("td.pl-name").inner_text() for r in rows.all() if r.is_visible()]
    assert names == ["对重点用能单位节能管理工作的监督检查"]
    v.page.select_option("#pl-body", "gjj")
    v.page.wait_for_function("document.getElementById('pl-count').textContent === '找到 1 项（共 4 项）'")
    assert "住房公积金" in rows.first.inner_text()
    assert v.page.evaluate("document.documentElement.scrollWidth") <= 375
    v.page.reload()
    v.page.wait_for_function("document.getElementById('pl-count').textContent === '找到 1 项（共 4 项）'")
    assert v.page.locator("#pl-body").input_value() == "gjj"
    assert v.errors == [] and v.foreign(origin) == []
    v.page.close()


# --- import ------------------------------------------------------------------------------

CSV = """序号,事项编码,事项名称,权力类型,实施主体,实施主体性质,承办机构,行使层级,实施依据,责任事项,追责情形
1,410800-CF-001,对未取得营业执照从事经营活动的处罚,行政处罚,市市场监督管理局,行政机关,执法稽查科,市级,《无证无照经营查处办法》第十三条,1.立案：对违法线索予以立案。2.调查取证：调查取证。3.审查：审查案件。4.告知：告知当事人权利。5.决定：作出决定。6.送达：依法送达。7.执行：监督执行。,1.违法实施处罚的；2.其他违法情形。
2,410800-JC-001,对特种设备生产单位的监督检查,行政检查,市市场监督管理局,行政机关,特种设备安全监察科,市级,《中华人民共和国特种设备安全法》第五十七条,1.制定方案：制定检查计划。2.实施检查：现场检查。3.处置移送：依法处置。4.事后监管：复查。,1.未依法检查的
3,410800-QR-001,住房公积金缴存基数确认,行政确认,市住房公积金管理中心,法律法规授权组织,归集管理科,市级,《住房公积金管理条例》第十六条,1.受理：受理申请。2.审查和决定：审查。3.送达：送达。4.事后监管：监管。,1.不予受理的
4,410800-JC-002,对区级科技计划项目的监督检查,行政检查,市级,,科技创新股,市级,《中华人民共和国科学技术进步法》第九十条,1.制定方案：制定计划。2.实施检查：检查。3.处置移送：处置。4.事后监管：复查。,1.未依法检查的
5,410800-JC-003,对重点用能单位的节能监察,行政检查,市发展和改革委员会,,节能监察科,市级,《中华人民共和国节约能源法》第十二条,1.制定方案：制定计划。2.实施检查：检查。3.处置移送：处置。4.事后监管：复查。,1.未依法检查的
"""


def test_import_creates_the_bodies_it_meets_and_a_level_is_no_body(empty_list: Path, capsys) -> None:
    (empty_list / "list.csv").write_text(CSV, encoding="utf-8")
    code, out = cli(capsys, "import", "list.csv")
    assert code == 0, out
    assert "新建部门 市市场监督管理局（2 项）：powers/sscjdglj/_body.yaml" in out
    assert "新建部门 市住房公积金管理中心（1 项）：powers/szfgjjglzx/_body.yaml" in out
    assert "新建部门 市发展和改革委员会（1 项）：powers/sfzhggwyh/_body.yaml" in out
    warning = next(x for x in out.splitlines() if "[PL606]" in x)
    assert warning.startswith("list.csv:5:5: warning:") and "市级" in warning
    powers = empty_list / "powers"
    assert sorted(p.name for p in powers.iterdir() if p.is_dir()) == ["sfzhggwyh", "sscjdglj", "szfgjjglzx"]
    import yaml

    body = yaml.safe_load((powers / "sscjdglj/_body.yaml").read_text(encoding="utf-8"))
    assert body["name"] == "市市场监督管理局" and body["kind"] == "行政机关"
    assert body["units"] == ["执法稽查科", "特种设备安全监察科"]
    gjj = yaml.safe_load((powers / "szfgjjglzx/_body.yaml").read_text(encoding="utf-8"))
    assert gjj["kind"] == "法律法规授权组织" and gjj["units"] == ["归集管理科"]
    item = yaml.safe_load((powers / "sscjdglj/410800-jc-001.yaml").read_text(encoding="utf-8"))
    assert "subject" not in item and item["units"] == ["特种设备安全监察科"]  # the folder says the body
    assert (powers / "sscjdglj/410800-cf-001.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../docs/schema/power-item.schema.json")
    level = yaml.safe_load((powers / "410800-jc-002.yaml").read_text(encoding="utf-8"))
    assert level["subject"] == {"name": "未载明", "nature": "未载明"}  # 市级 is said, never made a body: not stated
    code, out = cli(capsys, "check", "powers")
    assert code == 0, out
    from powerlist.core.catalog import load_catalog

    cat = load_catalog(powers)
    assert cat.entries["410800-qr-001"].body == "szfgjjglzx" and cat.entries["410800-jc-002"].body == ""
    # a second import finds the bodies by name: nothing new, nothing changed
    code, out = cli(capsys, "import", "list.csv")
    assert code == 0 and "新建部门" not in out and "未变 5 个" in out


def test_a_hostile_body_name_shows_literally_everywhere(tmp_path: Path) -> None:
    project = site_files(three_bodies(tmp_path))
    hostile = '市<img src=x onerror=alert(1)>局&amp;"'
    edit(project / "powers/scjgj/_body.yaml", "name: 市市场监督管理局", f"name: '{hostile}'")
    proc = mkdocs_build(project)
    assert proc.returncode == 0, proc.stderr
    site = project / "site"
    for page in ("bodies/index.html", "bodies/scjgj/index.html", "list/index.html", "items/tezhong-shebei-jiancha/index.html",
                 "units/index.html", "supervision/index.html", "downloads/index.html", "sitemap/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "<img src=x" not in html, page
        assert "市&lt;img src=x onerror=alert(1)&gt;局&amp;amp;&#34;" in html, page
    head = (site / "search/index.js").read_text(encoding="utf-8")
    assert json.dumps(hostile, ensure_ascii=False) in head  # data for textContent, never markup


def test_a_list_of_bodies_builds_byte_identical_output(built: Path, tmp_path: Path) -> None:
    from test_site import tree_digest

    project = site_files(three_bodies(tmp_path))
    proc = mkdocs_build(project)
    assert proc.returncode == 0, proc.stderr
    assert tree_digest(project / "site") == tree_digest(built)


def test_a_consult_phone_equal_to_its_bodys_supervision_phone_is_told(bodies_list: Path, capsys) -> None:
    """PL408 compares the consultation phone with the supervision phone the page shows: the body's."""
    text = (ROOT / "powers/jishu-hetong-dengji.yaml").read_text(encoding="utf-8")
    text = text.replace("phone: 0391-2925801", f"phone: {PHONES['scjgj']}").replace("$schema=../docs", "$schema=../../docs")
    (bodies_list / "powers/scjgj/jishu-hetong-dengji.yaml").write_text(text, encoding="utf-8")
    (bodies_list / "powers/fgw/jishu-hetong-dengji-2.yaml").write_text(
        text.replace('code: "410802-QR-001"', 'code: "410802-QR-901"'), encoding="utf-8")
    code, out = cli(capsys, "check", "powers")
    warned = [x for x in out.splitlines() if "[PL408]" in x]
    assert [x.split(":")[0] for x in warned] == ["powers/scjgj/jishu-hetong-dengji.yaml"], out


def test_the_governments_own_items_beside_its_bodies(tmp_path: Path) -> None:
    """Items outside any body folder are the government's (_site.yaml): a body of the list like the others."""
    project = site_files(three_bodies(tmp_path))
    shutil.copy(ROOT / "powers/kexue-jishu-jiang.yaml", project / "powers/kexue-jishu-jiang.yaml")
    proc = mkdocs_build(project)
    assert proc.returncode == 0, proc.stderr
    site = project / "site"
    index = _text((site / "bodies/index.html").read_text(encoding="utf-8"))
    assert "由以下 4 个部门实施" in index and "焦作市人民政府 行政机关 1 0391-2921000" in index
    item = (site / "items/kexue-jishu-jiang/index.html").read_text(encoding="utf-8")
    assert 'href="../../bodies/_self/">焦作市人民政府</a>' in item and "<strong>焦作市人民政府</strong>" in item
    own = (site / "bodies/_self/index.html").read_text(encoding="utf-8")
    assert re.findall(r'class="pl-name"><a href="../../items/([^/]+)/"', own) == ["kexue-jishu-jiang"]
    assert (site / "downloads/bodies/_self.xlsx").is_file()


def test_export_of_one_body_from_the_command_line(bodies_list: Path, capsys) -> None:
    from python_calamine import CalamineWorkbook

    code, out = cli(capsys, "export", "--format", "xlsx", "--body", "fgw", "-o", "fgw.xlsx")
    assert code == 0, out
    rows = CalamineWorkbook.from_path("fgw.xlsx").get_sheet_by_name("权责清单").to_python()
    at = rows[0].index("实施主体")
    assert [r[at] for r in rows[1:]] == ["焦作市发展和改革委员会"] * 2
    code, out = cli(capsys, "export", "--format", "json", "--body", "fgw", "-o", "x.json")
    assert code == 2 and "--body 只用于" in out
    code, out = cli(capsys, "export", "--format", "csv", "--body", "nope", "-o", "x.csv")
    assert code == 2 and "没有部门 nope" in out and not Path("x.csv").exists()


def test_the_json_export_of_several_bodies_imports_back_into_an_empty_list(bodies_list: Path, capsys,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """export → import into a list holding only the government's configuration → export: the same bytes;
    each body's folder and _body.yaml come back as the export declares them, each item in its body's folder."""
    import json

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760000000")
    assert cli(capsys, "export", "--format", "json", "-o", "a.json")[0] == 0
    back = bodies_list / "back"
    back.mkdir()
    shutil.copy(bodies_list / "powers/_site.yaml", back / "_site.yaml")
    code, out = cli(capsys, "import", "a.json", "--out", str(back), "--flows", "flows")
    assert code == 0, out
    assert "新建部门 市市场监督管理局（1 项）" in out
    assert (back / "scjgj/tezhong-shebei-jiancha.yaml").is_file() and (back / "fgw/taotai-yongneng-shebei-chufa.yaml").is_file()
    import yaml

    assert yaml.safe_load((back / "gjj/_body.yaml").read_text(encoding="utf-8"))["kind"] == "法律法规授权组织"
    code, out = cli(capsys, "export", "--format", "json", "-o", "b.json", "--powers", str(back), "--flows", "flows")
    assert code == 0, out
    assert json.loads(Path("a.json").read_text(encoding="utf-8")) == json.loads(Path("b.json").read_text(encoding="utf-8"))
    assert Path("a.json").read_bytes() == Path("b.json").read_bytes()
    # ids (and bodies) never change on re-import
    code, out = cli(capsys, "import", "a.json", "--out", str(back), "--flows", "flows")
    assert code == 0 and "写入 0 个文件" in out, out
