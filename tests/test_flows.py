"""Process flows: shape checks, promises and `powerlist walk`, on the real
example data and templates, each bad input at its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, edit, line_of
from powerlist.cli.main import main

TPY = "powers/keji-tepaiyuan-shenbao.yaml"   # inline flow
TECH = "powers/jishu-hetong-dengji.yaml"     # flow from the yishenqing template
SECRET = "powers/guojia-mimi-jishu-chukou-shencha.yaml"  # the real county flow (4 working days)


def walk(capsys, *args: str) -> tuple[int, str]:
    code = main(["walk", *args])
    return code, capsys.readouterr().out


def only(run, rule: str) -> list[str]:
    return [ln for ln in run.lines if ln.endswith(f"[{rule}]")]


def test_every_example_item_has_a_flow_that_passes(check) -> None:
    from powerlist.core.catalog import load_catalog

    cat = load_catalog(ROOT / "powers")
    assert cat.diagnostics == []
    assert len(cat.entries) >= 10
    for e in cat.entries.values():
        assert e.flow is not None and e.analysis is not None, e.id
        assert e.analysis.facts.count >= 1 and e.analysis.facts.worst is not None, e.id


# --- shape -------------------------------------------------------------------

@pytest.mark.parametrize("old,new,rule,anchor,message", [
    ("        - to: notify-no\n", "        - to: notify-non\n", "PL503", "to: notify-non",
     "flow.steps[2].exits[1].to: 步骤 review 指向的 notify-non 不存在"),
    ("      next: notify-yes\n", "      next: end-yes\n", "PL505", "- id: notify-yes",
     "flow.steps[6].id: 步骤“告知认定结果，签订服务协议”（notify-yes）从开始无法到达"),
    ("      stage: 推荐\n      next: publicize\n", "      stage: 推荐\n      next: select2\n    - id: select2\n"
     "      label: 复核\n      lane: 局务会\n      next: select2\n", "PL509", ("      next: select2\n", 2),
     "flow.steps[4].next: 回路 复核 → 复核 未声明"),
    ("          label: 不符合\n", "          label: 符合\n", "PL507", "      exits:\n",
     "flow.steps[2].exits: 判断步骤“资格条件和服务方案符合要求？”有相同的出口条件"),
    ("        - to: notify-no\n          label: 不符合\n", "        - to: notify-no\n", "PL507", "      exits:\n",
     "flow.steps[2].exits: 判断步骤“资格条件和服务方案符合要求？”的每个出口都要写条件（label）"),
    ("    - id: notify-no\n", "    - id: notify-no\n      kind: start\n", "PL501", ("      kind: start\n", 2),
     "flow.steps[7].kind: 流程有多个开始步骤：apply、notify-no；只能有一个"),
    ("      lane: 局务会\n", "      lane: 局委会\n", "PL510", "lane: 局委会",
     "flow.steps[3].lane: 岗位“局委会”不在站点配置的 lanes 中；是否要写 局务会？"),
    ("      duration: 5 个工作日\n      stage: 审核", "      duration: -5 个工作日\n      stage: 审核", "PL207",
     "duration: -5", "flow.steps[2].duration: 时限不能为负数（-5 个工作日）"),
    ("      duration: 5 个工作日\n      stage: 审核", "      duration: 五个工作日\n      stage: 审核", "PL207",
     "duration: 五个", "flow.steps[2].duration: 无法识别的时限“五个工作日”"),
])
def test_inline_flow_shape(project: Path, check, old, new, rule, anchor, message) -> None:
    f = edit(project / TPY, old, new)
    run = check("powers")
    lines = only(run, rule)
    assert len(lines) == 1, run.out
    needle, nth = anchor if isinstance(anchor, tuple) else (anchor, 1)
    assert lines[0].startswith(f"{TPY}:{line_of(f, needle, nth)}:"), lines[0]
    assert f": error: {message}" in lines[0]
    assert run.code == 1


def test_dead_end(project: Path, check) -> None:
    f = edit(project / TPY, "      next: end-no\n", "      next: notify-no\n      exits: []\n")
    f = edit(f, "      next: notify-no\n      exits: []\n", "      next: loop-a\n    - id: loop-a\n      label: 待定\n"
             "      exits:\n        - to: loop-a\n          loop: true\n")
    run = check("powers")
    assert [ln.split(": error: ")[1] for ln in only(run, "PL506")] == [
        "flow.steps[7].id: 步骤“告知未获推荐的理由”（notify-no）之后走不到任何结束步骤 [PL506]",
        "flow.steps[8].id: 步骤“待定”（loop-a）之后走不到任何结束步骤 [PL506]",
    ]
    assert only(run, "PL506")[0].startswith(f"{TPY}:{line_of(f, '- id: notify-no')}:")


def test_no_end(project: Path, check) -> None:
    f = edit(project / TPY, "      kind: end\n      label: 办结\n      outcome: 已推荐认定\n", "      label: 办结\n      outcome: 已推荐认定\n")
    f = edit(f, "      kind: end\n      label: 办结\n      outcome: 不予推荐\n", "      label: 办结\n      outcome: 不予推荐\n")
    run = check("powers")
    assert any(": error: flow.steps[9].id: 流程没有结束步骤（kind: end） [PL502]" in ln for ln in run.lines), run.out


def test_task_with_two_exits_must_be_a_decision(project: Path, check) -> None:
    f = edit(project / TPY, "      stage: 推荐\n      next: publicize\n",
             "      stage: 推荐\n      exits:\n        - to: publicize\n        - to: notify-no\n")
    run = check("powers")
    assert only(run, "PL508") == [f"{TPY}:{line_of(f, 'exits:', 2)}:7: error: flow.steps[3].exits: 办理步骤“局务会研究，择优确定推荐人选”"
                                  "应恰好有一个出口，现有 2 个；多个去向请改用判断步骤 [PL508]"]


# --- templates ---------------------------------------------------------------

def test_template_parameter_missing(project: Path, check) -> None:
    f = edit(project / TECH, "    result: 技术合同登记证明\n", "")
    run = check("powers")
    assert only(run, "PL512") == [f"{TECH}:{line_of(f, 'use: yishenqing')}:8: error: flow.use: 模板 yishenqing 缺少参数："
                                  "result（结果文书名称，如 技术合同登记证明）；请写在 flow.with 中 [PL512]"]


def test_template_parameter_unknown(project: Path, check) -> None:
    f = edit(project / TECH, "    result: 技术合同登记证明\n", "    result: 技术合同登记证明\n    reslt: x\n")
    run = check("powers")
    assert len(only(run, "PL512")) == 1
    assert only(run, "PL512")[0].startswith(f"{TECH}:{line_of(f, 'reslt')}:5: error: flow.with.reslt: 模板 yishenqing 没有参数 reslt")


def test_bad_parameter_value_is_reported_in_the_item(project: Path, check) -> None:
    f = edit(project / TECH, "    review_time: 5 个工作日\n", "    review_time: 5 天\n")
    run = check("powers")
    assert only(run, "PL207") == [f"{TECH}:{line_of(f, 'review_time')}:18: error: flow.with.review_time: "
                                  "“5 天”单位不明确；自然日请写“5 日”，工作日请写“5 个工作日” [PL207]"]


def test_unknown_lane_from_a_parameter_is_reported_in_the_item(project: Path, check) -> None:
    f = edit(project / TECH, "    review_lane: 科技创新股\n", "    review_lane: 科技股\n")
    run = check("powers")
    lines = only(run, "PL510")
    assert lines and all(ln.startswith(f"{TECH}:{line_of(f, 'review_lane')}:18: error: flow.with.review_lane: 岗位“科技股”")
                         for ln in lines)


def test_override_of_an_unknown_step(project: Path, check) -> None:
    f = edit(project / TECH, "    deliver-deny:\n", "    deliver-no:\n")
    run = check("powers")
    assert only(run, "PL513")[0].startswith(f"{TECH}:{line_of(f, 'deliver-no')}:5: error: flow.override.deliver-no: 模板 yishenqing 中没有步骤 deliver-no")


def test_broken_template_is_reported_once_at_the_template(project: Path, check) -> None:
    f = edit(project / "flows/yishenqing.yaml", "    next: deliver-grant\n", "    next: deliver-granted\n")
    run = check("powers")
    lines = only(run, "PL503")
    assert lines == [f"flows/yishenqing.yaml:{line_of(f, 'next: deliver-granted')}:11: error: steps[8].next: "
                     "步骤 grant 指向的 deliver-granted 不存在 [PL503]"]


def test_undeclared_loop_in_a_template(project: Path, check) -> None:
    f = edit(project / "flows/yishenqing.yaml", "        loop: true\n", "")
    run = check("powers")
    assert only(run, "PL509") == [f"flows/yishenqing.yaml:{line_of(f, '- to: check')}:13: error: steps[3].exits[0].to: "
                                  "回路 材料齐全、符合法定形式？ → 一次性告知需要补正的全部内容 → 补正材料 → "
                                  "材料齐全、符合法定形式？ 未声明；如是补正或退回修改，请在 exits 中写 loop: true [PL509]"]


def test_missing_responsibility_stage_is_a_warning(project: Path, check) -> None:
    f = edit(project / TPY, "      stage: 告知\n      next: end-yes\n", "      next: end-yes\n")
    f = edit(f, "      stage: 告知\n      next: end-no\n", "      next: end-no\n")
    run = check("powers")
    assert run.code == 0
    assert only(run, "PL511") == [f"{TPY}:{line_of(f, 'stage: 告知')}:12: warning: responsibilities[3].stage: "
                                  "责任环节“告知”在流程中没有对应步骤；请在相应步骤写 stage: 告知 [PL511]"]


def test_item_without_a_flow(project: Path, check) -> None:
    f = edit(project / "powers/kexue-jishu-jiang.yaml", "flow:\n  use: xingzheng-jiangli\n  with:\n    lane: 科技创新股\n", "")
    run = check("powers")
    assert only(run, "PL518") == [f"powers/kexue-jishu-jiang.yaml:{line_of(f, 'name:')}:1: error: name: 事项还没有运行流程（网页显示“流程图尚未公布”）；请在 flow 中引用模板或写出步骤 [PL518]"]


# --- promises ------------------------------------------------------------------

def test_real_county_flow_sums_exactly_to_its_commitment(capsys) -> None:
    code, out = walk(capsys, "guojia-mimi-jishu-chukou-shencha", "--powers", str(ROOT / "powers"), "--format", "json")
    rep = json.loads(out)
    assert code == 0
    worst = next(p for p in rep["paths"] if p["worst"])
    assert worst["duration"] == "4 个工作日" == rep["promised"]
    steps = [rep["steps"][sid] for sid, _, _ in worst["hops"]]
    assert [s["duration"] for s in steps if s["counts"]] == [
        None, "当天", "2 个工作日", "1 个工作日", "1 个工作日", "即办", "即办", None]  # start and end take no time
    first = rep["promises"][0]
    assert (first["title"], first["holds"], first["detail"]) == ("承诺时限", True, "最长用时 4 个工作日，未超过承诺时限 4 个工作日")
    assert first["route"]["hops"] == worst["hops"]


def test_one_day_overrun_is_reported(project: Path, check, capsys) -> None:
    f = edit(project / SECRET, "    upper: 市科技局\n", "    upper: 市科技局\n    meeting_time: 2 个工作日\n")
    run = check("powers")
    assert only(run, "PL514") == [
        f"{SECRET}:{line_of(f, 'promised: 4')}:15: error: service.time_limit.promised: 最长用时 5 个工作日，超过承诺时限 4 个工作日："
        "提交申请材料 → 受理 → 股室审核：符合条件？ → 分管领导审核 → 局务会研究 → 转报市科技局 → 告知申请人转报情况 → 办结 [PL514]"]
    code, out = walk(capsys, "guojia-mimi-jishu-chukou-shencha")
    assert code == 1
    assert "【不符合】 承诺时限：最长用时 5 个工作日，超过承诺时限 4 个工作日" in out


def test_mixed_units_cannot_be_compared(project: Path, check) -> None:
    f = edit(project / SECRET, "    upper: 市科技局\n", "    upper: 市科技局\n    meeting_time: 2 日\n")
    run = check("powers")
    assert only(run, "PL515") == [
        f"{SECRET}:{line_of(f, 'promised: 4')}:15: error: service.time_limit.promised: 用时 3 个工作日 + 2 日 混用工作日和自然日，"
        "无法核验是否超过承诺时限 4 个工作日：提交申请材料 → 受理 → 股室审核：符合条件？ → 分管领导审核 → 局务会研究 → 转报市科技局 → "
        "告知申请人转报情况 → 办结 [PL515]"]


def test_steps_that_do_not_count_are_left_out(project: Path, check) -> None:
    # 科技特派员: 公示 (5 working days) does not count; the rest sums to 15 = the promise
    f = edit(project / TPY, "      counts: false\n", "")
    # (the guide names 公示 a special step, which counts it out whatever the step says: see test_guide)
    f = edit(project / TPY, "  special_steps:\n    - name: 公示推荐人选\n      duration: 5 个工作日\n      step: publicize\n", "")
    run = check("powers")
    assert only(run, "PL514")[0].startswith(f"{TPY}:{line_of(f, 'promised:')}:15: error: service.time_limit.promised: 最长用时 20 个工作日")


def test_visits_over_the_promise(project: Path, check) -> None:
    f = edit(project / TECH, "    apply:\n      label: 网上填报后提交纸质合同\n",
             "    apply:\n      label: 网上填报后提交纸质合同\n    supplement:\n      in_person: true\n")
    run = check("powers")
    assert only(run, "PL516") == [f"{TECH}:{line_of(f, '  visits: 1')}:11: error: service.visits: 申请人最多要到现场 2 次"
                                  "（网上填报后提交纸质合同、补正材料），超过承诺的 1 次 [PL516]"]


def test_instant_item_needs_an_instant_path(project: Path, check) -> None:
    f = edit(project / "powers/keji-chengguo-dengji.yaml", "    promised: 5 个工作日\n", "    promised: 即办\n")
    f = edit(f, "  case_type: 承诺件\n", "  case_type: 即办件\n")
    run = check("powers")
    assert only(run, "PL517") == []  # 不予受理 is an instant path
    assert len(only(run, "PL514")) == 1


# --- walk -------------------------------------------------------------------------

def test_walk_technology_contract_shows_three_outcomes_and_the_correction_loop(capsys) -> None:
    code, out = walk(capsys, "jishu-hetong-dengji", "--powers", str(ROOT / "powers"))
    assert code == 0
    outcomes = [ln.split("结果：")[1].split(" · ")[0] for ln in out.splitlines() if ln.startswith("路径 ")]
    assert outcomes[:3] == ["予以登记", "不予登记", "不予受理"]
    assert set(outcomes) == {"予以登记", "不予登记", "不予受理"}
    assert "〔补正后重新审查 ↺ 回退〕书面技术合同、材料齐全？" in out
    assert "每条路径最多回退 1 次（补正、退回修改按一次计，即一次性告知）" in out  # the measure is stated
    assert "路径 1 · 结果：予以登记 · 用时 7 个工作日 · 到现场 1 次 · 最长" in out
    assert "【符合】 到现场次数：申请人最多到现场 1 次（网上填报后提交纸质合同），符合承诺“最多跑一次”" in out


def test_walk_json(capsys) -> None:
    code, out = walk(capsys, str(ROOT / TECH), "--format", "json")
    rep = json.loads(out)
    assert code == 0 and rep["id"] == "jishu-hetong-dengji" and rep["template"] == "yishenqing"
    loops = [p for p in rep["paths"] if any(loop for _, _, loop in p["hops"])]
    assert loops and all(p["hops"][3][0] == "supplement" for p in loops)
    assert sum(p["worst"] for p in rep["paths"]) == 1


def test_walk_unknown_item_is_a_usage_error(capsys) -> None:
    code, _ = walk(capsys, "no-such-item", "--powers", str(ROOT / "powers"))
    assert code == 2


def test_a_step_whose_time_is_not_stated_is_never_instant(project: Path, check, capsys) -> None:
    """未载明: the promise it touches cannot be verified (a warning, never 【符合】); walk exits 1 only with --strict."""
    f = edit(project / SECRET, "    upper: 市科技局\n", "    upper: 市科技局\n    meeting_time: 未载明\n")
    run = check("powers")
    assert run.code == 0
    assert only(run, "PL520") == [
        f"{SECRET}:{line_of(f, 'promised: 4')}:15: warning: service.time_limit.promised: 步骤“局务会研究”的时限未载明，"
        "无法核验承诺时限 4 个工作日：提交申请材料 → 受理 → 股室审核：符合条件？ → 分管领导审核 → 局务会研究 → 转报市科技局 → "
        "告知申请人转报情况 → 办结 [PL520]"]
    code, out = walk(capsys, "guojia-mimi-jishu-chukou-shencha")
    assert code == 0 and "【无法核验】 承诺时限" in out and "【符合】 承诺时限" not in out
    code, out = walk(capsys, "guojia-mimi-jishu-chukou-shencha", "--strict")
    assert code == 1
    # the stated times alone already over: broken, whatever the unstated one takes
    edit(project / SECRET, "    meeting_time: 未载明\n", "    meeting_time: 未载明\n    review_time: 9 个工作日\n")
    assert only(check("powers"), "PL514")
