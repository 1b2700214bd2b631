"""The portals' 办事指南 fields (issue 25): 救济途径, 中介服务, 数量限制, 特殊环节,
送达时限, 容缺受理 / 告知承诺制, 受理和审查标准, 申请人权利和义务. Each optional,
checked, shown only when stated, printed, exported (guide sheet, JSON,
CPSV-AP where a property fits). Real YAML, the real commands and pages."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import rdflib

from conftest import cli, edit
from powerlist.core.catalog import load_catalog
from powerlist.site.pages import Page, SiteBuilder
from powerlist.site.render import Templates

TECH = "powers/jishu-hetong-dengji.yaml"
TPY = "powers/keji-tepaiyuan-shenbao.yaml"
SHAPES = Path(__file__).parent / "data/cpsv-ap-3.2.0/cpsv-ap-SHACL.ttl"

# every new field, as a guide writes it (test data: the example states only what its sources support)
ALL_FIELDS = """  quantity_limit: 同一合同只能登记一次
  intermediaries:
    - name: 技术合同评估
      provider: 依法设立的技术评估机构
      fee: 按市场价格收费
  special_steps:
    - name: 专家论证
      duration: 5 个工作日
      basis: 《技术合同认定规则》
  tolerance:
    applies: true
    note: 卖方首次登记信息表可容缺后补，5 个工作日内补齐
  pledge:
    applies: false
  rights:
    - 对不予登记的决定有权要求说明理由
  duties:
    - 如实提交合同文本，对材料的真实性负责
  remedies:
    review:
      body: 焦作市解放区人民政府
      limit: 自知道该行政行为之日起 60 日内
    litigation:
      body: 焦作市解放区人民法院
      limit: 自知道该行政行为之日起 6 个月内
  faq:
"""


def _all_fields(project: Path) -> None:
    edit(project / TECH, "  faq:\n", ALL_FIELDS)
    edit(project / TECH, "    delivery: [窗口领取, 免费邮寄送达]", "    delivery: [窗口领取, 免费邮寄送达]\n    delivery_limit: 登记完成后 1 个工作日内")


def _pages(project: Path) -> dict[str, str]:
    cat = load_catalog(project / "powers", project / "flows")
    assert cat.ok, [str(d) for d in cat.diagnostics if d.severity.value == "error"]
    builder = SiteBuilder(cat, lambda x, v: '<svg viewBox="0 0 300 600"></svg>', Templates())
    return {p.path: p.html for p in builder.pages() if isinstance(p, Page)}


def _sections(page: str) -> dict[str, str]:
    parts = re.split(r'(<h2 id="[^"]+">)', page)
    return {re.search(r'id="([^"]+)"', parts[i]).group(1): _text(parts[i + 1]) for i in range(1, len(parts), 2)}


def _text(fragment: str) -> str:
    fragment = re.sub(r"</?(?:span|strong|a|code|b)\b[^>]*>", "", fragment)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))).strip()


# --- check ------------------------------------------------------------------------------------

def test_every_field_passes_check_and_a_special_step_is_counted_out_of_the_limit(project: Path, check) -> None:
    _all_fields(project)
    run = check("powers")
    assert run.code == 0, run.out
    # 公示 in 科技特派员申报 is the guide's special step: its 5 days are not counted even if the step says so
    edit(project / TPY, "      duration: 5 个工作日\n      counts: false\n", "      duration: 5 个工作日\n")
    run = check("powers")
    assert run.code == 0, run.out
    # … and without the special step, the same flow breaks its 15-day promise
    edit(project / TPY, "  special_steps:\n    - name: 公示推荐人选\n      duration: 5 个工作日\n      step: publicize\n", "")
    run = check("powers")
    assert run.code == 1 and "[PL514]" in run.out, run.out


def test_a_special_step_must_be_a_step_of_the_flow_with_its_time(project: Path, check) -> None:
    edit(project / TPY, "      step: publicize", "      step: gongshi")
    run = check("powers")
    assert run.code == 1
    line = next(x for x in run.out.splitlines() if "[PL537]" in x)
    assert line.startswith(f"{TPY}:") and "special_steps[0].step" in line and "gongshi" in line and "publicize" in line
    edit(project / TPY, "      step: gongshi", "      step: publicize")
    edit(project / TPY, "  special_steps:\n    - name: 公示推荐人选\n      duration: 5 个工作日",
         "  special_steps:\n    - name: 公示推荐人选\n      duration: 7 个工作日")
    run = check("powers")
    line = next(x for x in run.out.splitlines() if "[PL537]" in x)
    assert "special_steps[0].duration" in line and "7 个工作日" in line and "5 个工作日" in line


def test_no_tolerance_and_a_material_to_come_later_contradict(project: Path, check) -> None:
    edit(project / TECH, "  faq:\n", "  tolerance:\n    applies: false\n  faq:\n")
    edit(project / TECH, "      necessity: 非必要\n      condition: 卖方首次", "      necessity: 容缺后补\n      condition: 卖方首次")
    run = check("powers")
    assert run.code == 1
    line = next(x for x in run.out.splitlines() if "[PL538]" in x)
    assert line.startswith(f"{TECH}:") and "materials[2].necessity" in line and "卖方首次登记信息表" in line


def test_an_empty_list_of_intermediaries_is_a_mistake_and_none_is_said_as_such(project: Path, check) -> None:
    edit(project / TECH, "  faq:\n", "  intermediaries: []\n  faq:\n")
    run = check("powers")
    assert run.code == 1 and "service.intermediaries: 列表不能为空；没有的写 无" in run.out, run.out
    edit(project / TECH, "  intermediaries: []\n", "  intermediaries: 无\n")
    assert check("powers").code == 0
    terms = _sections(_pages(project)["items/jishu-hetong-dengji/index.md"])["terms"]
    assert "中介服务 无" in terms


# --- the page and the printed notice ---------------------------------------------------------

def test_each_field_is_shown_only_when_stated(project: Path) -> None:
    pages = _pages(project)
    plain = _sections(pages["items/guandao-baohu-shigong-xuke/index.md"])  # states none of them
    assert "terms" not in plain and "remedies" not in plain and "送达时限" not in plain.get("result", "")
    example = _sections(pages["items/jishu-hetong-dengji/index.md"])  # the example states its standards only
    assert example["terms"].startswith("办理须知 受理和审查标准 只受理书面技术合同，口头合同不予受理")
    for unstated in ("数量限制", "中介服务", "特殊环节", "容缺受理", "告知承诺制", "申请人权利"):
        assert unstated not in example["terms"], unstated
    assert "remedies" not in example
    tpy = _sections(pages["items/keji-tepaiyuan-shenbao/index.md"])
    assert "特殊环节 公示推荐人选：5 个工作日，不计入办结时限" in tpy["terms"]

    _all_fields(project)
    s = _sections(_pages(project)["items/jishu-hetong-dengji/index.md"])
    terms = s["terms"]
    assert "数量限制 同一合同只能登记一次" in terms
    assert "中介服务 技术合同评估（服务机构：依法设立的技术评估机构；收费：按市场价格收费）" in terms
    assert "特殊环节 专家论证：5 个工作日，不计入办结时限（依据：《技术合同认定规则》）" in terms
    assert "容缺受理 实行：卖方首次登记信息表可容缺后补，5 个工作日内补齐" in terms
    assert "告知承诺制 不实行" in terms
    assert "申请人权利 对不予登记的决定有权要求说明理由" in terms and "申请人义务 如实提交合同文本" in terms
    assert s["remedies"] == ("救济途径 行政复议 向 焦作市解放区人民政府 申请，期限：自知道该行政行为之日起 60 日内 "
                             "行政诉讼 向 焦作市解放区人民法院 提起，期限：自知道该行政行为之日起 6 个月内")
    assert "送达时限 登记完成后 1 个工作日内" in s["result"]


def test_the_printed_notice_has_the_online_address_result_collection_and_forms(project: Path) -> None:
    _all_fields(project)
    page = _pages(project)["items/jishu-hetong-dengji/index.md"]
    block = _text(page.split('class="pl-block pl-print-only"', 1)[1].split("</div>", 1)[0])
    assert "办理网址 https://www.ctex.cn/" in block
    assert "结果送达和领取 技术合同登记证明：窗口领取、免费邮寄送达（送达时限：登记完成后 1 个工作日内）" in block
    assert "申请表格 技术性收入核定表（空白表格：技术性收入核定表.xlsx） 法人授权证明（示例样表：法人授权证明（示例）.pdf）" in block


# --- exports ------------------------------------------------------------------------------------

def test_the_guide_sheet_and_the_json_carry_every_stated_field(project: Path, capsys) -> None:
    from python_calamine import CalamineWorkbook

    _all_fields(project)
    assert cli(capsys, "export", "--format", "xlsx", "-o", "l.xlsx")[0] == 0
    sheet = CalamineWorkbook.from_path("l.xlsx").get_sheet_by_name("办事指南").to_python()
    rows = {r[1]: dict(zip(sheet[0], r)) for r in sheet[1:]}
    tech = rows["技术合同认定登记"]
    assert tech["送达方式和时限"] == "窗口领取、免费邮寄送达；送达时限：登记完成后 1 个工作日内"
    assert tech["受理和审查标准"].splitlines()[0] == "只受理书面技术合同，口头合同不予受理"
    assert tech["数量限制"] == "同一合同只能登记一次"
    assert tech["中介服务"] == "技术合同评估（依法设立的技术评估机构；收费：按市场价格收费）"
    assert tech["特殊环节"] == "专家论证（5 个工作日，不计入办结时限；依据：《技术合同认定规则》）"
    assert tech["容缺受理"] == "实行：卖方首次登记信息表可容缺后补，5 个工作日内补齐" and tech["告知承诺制"] == "不实行"
    assert tech["申请人权利和义务"] == "权利：对不予登记的决定有权要求说明理由\n义务：如实提交合同文本，对材料的真实性负责"
    assert tech["救济途径"].splitlines() == ["行政复议：向 焦作市解放区人民政府 申请，期限：自知道该行政行为之日起 60 日内",
                                        "行政诉讼：向 焦作市解放区人民法院 提起，期限：自知道该行政行为之日起 6 个月内"]
    # what an item does not state stays empty, never a default
    other = rows["科技成果登记"]
    assert all(other[h] == "" for h in ("受理和审查标准", "数量限制", "中介服务", "特殊环节", "容缺受理", "救济途径"))
    assert cli(capsys, "export", "--format", "json", "-o", "l.json")[0] == 0
    doc = json.loads(Path("l.json").read_text(encoding="utf-8"))
    svc = next(x for x in doc["items"] if x["id"] == "jishu-hetong-dengji")["service"]
    assert svc["remedies"]["review"]["body"] == "焦作市解放区人民政府"
    assert svc["special_steps"][0]["duration"] == "5 个工作日" and svc["result"]["delivery_limit"] == "登记完成后 1 个工作日内"


def test_cpsv_says_the_stated_fields_where_cpsv_ap_has_a_place_and_conforms(project: Path, capsys) -> None:
    import pyshacl

    _all_fields(project)
    assert cli(capsys, "export", "--format", "cpsv", "--item", "jishu-hetong-dengji", "-o", "j.jsonld")[0] == 0
    g = rdflib.Graph().parse("j.jsonld", format="json-ld")
    cpsv, cv = rdflib.Namespace("http://purl.org/vocab/cpsv#"), rdflib.Namespace("http://data.europa.eu/m8g/")
    s = next(g.subjects(rdflib.RDF.type, cpsv.PublicService))
    rules = {str(g.value(r, rdflib.DCTERMS.title)): str(g.value(r, rdflib.DCTERMS.description)) for r in g.objects(s, cpsv.follows)}
    assert rules["受理和审查标准"].startswith("只受理书面技术合同")
    assert rules["容缺受理"].startswith("实行：") and rules["告知承诺制"] == "不实行"
    assert rules["申请人权利和义务"].startswith("权利：")
    needs = {str(g.value(r, rdflib.DCTERMS.title)) for r in g.objects(s, cv.holdsRequirement)}
    assert {"数量限制", "中介服务：技术合同评估"} <= needs
    output = g.value(s, cpsv.produces)
    assert "送达时限：登记完成后 1 个工作日内" in str(g.value(output, rdflib.DCTERMS.description))
    assert "焦作市解放区人民法院" not in g.serialize(format="turtle")  # 救济途径: no CPSV-AP property, left out
    conforms, _, text = pyshacl.validate(g, shacl_graph=rdflib.Graph().parse(SHAPES), inference="none")
    assert conforms, text
