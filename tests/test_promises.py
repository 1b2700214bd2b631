"""Promises real lists state (issue 11): unknown step times, statutory
extensions, paused clocks, application windows, entrustment, items of
another body, promises without a full guide, and a flow that agrees with
its guide. Each example item is walked as staff would (`powerlist walk`),
each rule is provoked in a real file and reported at file:line:col."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, edit, line_of
from powerlist.cli.main import main


def walk(capsys, *args: str) -> tuple[int, dict]:
    code = main(["walk", *args, "--powers", str(ROOT / "powers"), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def verdicts(rep: dict) -> dict[str, bool | None]:
    return {p["title"]: p["holds"] for p in rep["promises"]}


def only(run, rule: str) -> list[str]:
    return [ln for ln in run.out.splitlines() if ln.endswith(f"[{rule}]")]


# --- the example items, walked --------------------------------------------------

def test_an_extension_branch_is_measured_against_the_extended_limit(capsys) -> None:
    code, rep = walk(capsys, "guandao-baohu-shigong-xuke")
    assert code == 0
    assert verdicts(rep) == {"承诺时限": True, "延长后的承诺时限": True, "法定时限": True, "到现场次数": True}
    base, extended = rep["promises"][0], rep["promises"][1]
    assert base["detail"] == "最长用时 20 个工作日，未超过承诺时限 20 个工作日"
    # the base limit holds on routes that skip the extension steps; the 30 days are on the extended route only
    assert not any(rep["steps"][sid]["extension"] for sid, _, _ in base["route"]["hops"])
    assert extended["detail"] == "经批准延长的路径最长用时 30 个工作日，未超过延长后的承诺时限 30 个工作日"
    assert any(rep["steps"][sid]["extension"] for sid, _, _ in extended["route"]["hops"])
    assert rep["extended"] == "30 个工作日"
    # 现场勘查 does not count: 5 days of it are on the base route, and not in its 20
    assert "survey" in [sid for sid, _, _ in base["route"]["hops"]] and not rep["steps"]["survey"]["counts"]


def test_a_flow_published_without_times_says_so(capsys) -> None:
    code, rep = walk(capsys, "keji-fuhuaqi-rending")
    assert code == 0 and rep["promises"] == [] and rep["promised"] is None
    assert [rep["steps"][s]["duration"] for s in ("accept", "review", "decide", "publish")] == ["未载明"] * 4
    assert rep["longest"]["duration"] == "未载明"


def test_unstated_step_times_leave_a_promise_unverified_never_kept(project, capsys) -> None:
    edit(project / "powers/keji-fuhuaqi-rending.yaml", "flow:\n",
         "commitment:\n  time_limit:\n    promised: 20 个工作日\n  visits: 1\nflow:\n")
    code = main(["walk", "keji-fuhuaqi-rending", "--powers", str(project / "powers"), "--format", "json"])
    rep = json.loads(capsys.readouterr().out)
    assert code == 0  # not verified is no broken promise …
    assert verdicts(rep) == {"承诺时限": None, "到现场次数": True}
    assert rep["promises"][0]["detail"].startswith("步骤“受理”、“审核”、“认定”、“公布认定名单”的时限未载明，无法核验承诺时限 20 个工作日")
    assert main(["walk", "keji-fuhuaqi-rending", "--powers", str(project / "powers"), "--strict"]) == 1  # … --strict fails it
    capsys.readouterr()


def test_a_commitment_without_a_guide_is_verified(capsys) -> None:
    code, rep = walk(capsys, "gongye-qiye-jishu-zhongxin-tuijian")
    assert code == 0 and rep["promised"] == "10 个工作日" and rep["visits_promised"] == 1
    assert verdicts(rep) == {"承诺时限": True, "到现场次数": True}
    assert rep["promises"][0]["detail"] == "最长用时 10 个工作日，未超过承诺时限 10 个工作日"


def test_another_bodys_item_keeps_its_own_posts_and_promise(capsys) -> None:
    code, rep = walk(capsys, "qiye-yanfa-feiyong-buzhu")
    assert code == 0 and rep["code"] is None
    # 公示 does not count; the objection branch does (15 + 5 + 10)
    assert verdicts(rep) == {"承诺时限": True, "到现场次数": True}
    assert rep["promises"][0]["detail"] == "最长用时 30 个工作日，未超过承诺时限 30 个工作日"
    assert rep["steps"]["pay"]["lane"] == "市财政局"


def test_an_entrusted_item_keeps_its_same_day_promise(capsys) -> None:
    code, rep = walk(capsys, "jishu-gaizao-xiangmu-beian")
    assert code == 0
    assert verdicts(rep) == {"承诺时限": True, "到现场次数": True}
    assert rep["promises"][1]["detail"] == "申请人最多到现场 0 次（无），符合承诺“零跑腿”"


def test_a_batch_item_with_a_deadline_step(capsys) -> None:
    code, rep = walk(capsys, "gaoxin-qiye-peiyuku-tuijian")
    assert code == 0
    assert verdicts(rep) == {"承诺时限": True, "到现场次数": True}
    assert rep["promises"][0]["detail"] == "最长用时 9 个工作日，未超过承诺时限 10 个工作日"


def test_the_example_items_model_what_they_claim() -> None:
    from powerlist.core.catalog import load_catalog
    from powerlist.core.models import other_body

    cat = load_catalog(ROOT / "powers", ROOT / "flows")
    assert cat.ok
    e = cat.entries
    assert e["gaoxin-qiye-peiyuku-tuijian"].item.window.yearly
    assert e["keji-tepaiyuan-shenbao"].item.window.start == "07-12"
    assert e["jishu-gaizao-xiangmu-beian"].item.delegation.document == "焦工信〔2022〕41号"
    assert e["jishu-gaizao-xiangmu-beian"].item.basis[1].title is None  # cited by 文号 only
    assert e["jishu-gaizao-xiangmu-beian"].flow.by_id["check"].stages == ("受理", "告知")
    assert other_body(e["qiye-yanfa-feiyong-buzhu"].item, cat.site) is not None
    assert other_body(e["jishu-hetong-dengji"].item, cat.site) is None  # the authority's full name
    assert e["gongye-qiye-jishu-zhongxin-tuijian"].item.service is None


# --- the rules, provoked --------------------------------------------------------

PIPE = "powers/guandao-baohu-shigong-xuke.yaml"
FILING = "powers/jishu-gaizao-xiangmu-beian.yaml"


def test_an_extension_step_without_a_declared_extension_fails(project, check) -> None:
    f = edit(project / PIPE, "    extension:\n      by: 10 个工作日\n      approver: 本行政机关负责人\n"
                             "      basis: 中华人民共和国行政许可法 第四十二条\n", "")
    run = check("powers")
    assert run.code == 1
    first, second = line_of(f, "      extension: true"), line_of(f, "      extension: true", 2)
    assert only(run, "PL521") == [
        f"{PIPE}:{first}:18: error: flow.steps[5].extension: 步骤“报局长批准延长 10 个工作日，书面告知申请人理由”"
        "标为延长期限后的步骤，但办结时限没有写明可以延长（time_limit.extension） [PL521]",
        f"{PIPE}:{second}:18: error: flow.steps[6].extension: 步骤“组织专家论证施工安全方案”"
        "标为延长期限后的步骤，但办结时限没有写明可以延长（time_limit.extension） [PL521]"]


def test_the_extended_route_over_its_limit_fails(project, check) -> None:
    f = edit(project / PIPE, "      duration: 9 个工作日\n", "      duration: 12 个工作日\n")
    run = check("powers")
    assert run.code == 1
    assert only(run, "PL514") == [
        f"{PIPE}:{line_of(f, '      by: 10 个工作日')}:7: error: service.time_limit.extension: 经批准延长的路径最长用时 "
        "33 个工作日，超过延长后的承诺时限 30 个工作日：提交申请和施工方案 → 材料齐全、符合法定形式？ → "
        "会同管道企业现场勘查 → 审查施工方案：能在 20 个工作日内作出决定？ → 报局长批准延长 10 个工作日，书面告知申请人理由 → "
        "组织专家论证施工安全方案 → 符合管道安全要求？ → 不予许可，书面说明理由和救济途径，送达申请人 → 办结 [PL514]"]


@pytest.mark.parametrize("extension, message", [
    ("      by: 10 日\n", "service.time_limit.extension.by: 延长期限 10 日 与法定时限 20 个工作日 的单位不同"),
    ("      to: 15 个工作日\n", "service.time_limit.extension.to: 延长至 15 个工作日 不长于法定时限 20 个工作日"),
])
def test_an_extension_that_cannot_be_computed_is_an_error(project, check, extension: str, message: str) -> None:
    edit(project / PIPE, "      by: 10 个工作日\n", extension)
    run = check("powers")
    assert run.code == 1 and len(only(run, "PL413")) == 1 and message in only(run, "PL413")[0], run.out


def test_a_guide_and_a_commitment_together_fail(project, check) -> None:
    f = edit(project / "powers/jishu-hetong-dengji.yaml", "service:\n",
             "commitment:\n  time_limit:\n    promised: 7 个工作日\nservice:\n")
    run = check("powers")
    assert only(run, "PL414") == [f"powers/jishu-hetong-dengji.yaml:{line_of(f, 'commitment:')}:1: error: commitment: "
                                  "service（办事指南）和 commitment（承诺）只能写一个；请把承诺移到 service 中，删去 commitment [PL414]"]


def test_source_and_nature_must_agree(project, check) -> None:
    f = edit(project / FILING, "  nature: 受委托组织\n", "  nature: 法定机关\n")
    run = check("powers")
    assert only(run, "PL415") == [f"{FILING}:{line_of(f, '  nature: 法定机关')}:11: error: subject.nature: "
                                  "权力来源为上级委托，实施主体性质应为受委托组织，实际是法定机关 [PL415]"]


def test_an_entrusted_item_without_its_document_is_warned(project, check) -> None:
    text = (project / FILING).read_text(encoding="utf-8")
    start = text.index("delegation:\n")
    (project / FILING).write_text(text[:start] + text[text.index("basis:\n"):], encoding="utf-8")
    run = check("powers")
    assert run.code == 0
    assert only(run, "PL416") == [f"{FILING}:{line_of(project / FILING, 'source: 上级委托')}:9: warning: source: "
                                  "权力来源为上级委托，请在 delegation 中写明委托（下放）机关和文件文号 [PL416]"]


def test_a_window_must_say_when(project, check) -> None:
    f = edit(project / "powers/gaoxin-qiye-peiyuku-tuijian.yaml", '  start: "03-01"\n  end: "04-30"\n  by_notice: true\n',
             '  start: "02-30"\n  end: "2026-04-30"\n')
    run = check("powers")
    assert run.code == 1
    assert f"powers/gaoxin-qiye-peiyuku-tuijian.yaml:{line_of(f, 'start:')}:10: error: window.start: " in run.out


def test_another_bodys_units_and_posts_need_not_be_the_sites(project, check) -> None:
    # the same item claimed by the site's own authority: its unit and post are then unknown here
    f = edit(project / "powers/qiye-yanfa-feiyong-buzhu.yaml", "  name: 焦作市科学技术局\n", "  name: 解放区科工局\n")
    run = check("powers")
    assert [ln.split(": error: ")[0] for ln in only(run, "PL305")] == [
        f"powers/qiye-yanfa-feiyong-buzhu.yaml:{line_of(f, 'units: [资源配置与管理科]')}:9"]
    assert len(only(run, "PL510")) == 5  # the five steps on the city's posts


# --- point 8: the flow agrees with the guide ----------------------------------------

def test_a_step_that_says_mail_while_the_guide_says_no_mail(project, check) -> None:
    f = edit(project / "powers/jishu-hetong-dengji.yaml", "    result: 技术合同登记证明\n",
             "    result: 技术合同登记证明\n    supplement_how: 可邮寄或提交电子版\n")
    run = check("powers")
    assert run.code == 0
    assert only(run, "PL530") == [
        f"powers/jishu-hetong-dengji.yaml:{line_of(f, 'supplement_how')}:21: warning: flow.with.supplement_how: "
        "步骤“补正材料”说可以邮寄或快递，但办理形式没有快递/邮寄申请（channels.mail 为 false） [PL530]"]


def test_a_step_that_says_online_while_the_guide_has_no_online_service(project, check) -> None:
    f = edit(project / PIPE, "      label: 会同管道企业现场勘查\n", "      label: 会同管道企业现场勘查，结果网上告知\n")
    run = check("powers")
    assert only(run, "PL531") == [
        f"{PIPE}:{line_of(f, '结果网上告知')}:14: warning: flow.steps[3].label: "
        "步骤“会同管道企业现场勘查，结果网上告知”说可以网上办理，但办理形式没有网上办理（channels.online） [PL531]"]


def test_a_negated_claim_is_no_claim(project, check) -> None:
    edit(project / PIPE, "      label: 会同管道企业现场勘查\n", "      label: 会同管道企业现场勘查（不接受邮寄材料，不支持网上提交）\n")
    run = check("powers")
    assert only(run, "PL530") == [] and only(run, "PL531") == []


def test_a_conditional_material_marked_required(project, check) -> None:
    f = edit(project / "powers/jishu-hetong-dengji.yaml", "      necessity: 非必要\n      condition: 卖方首次",
             "      necessity: 必要\n      condition: 卖方首次")
    run = check("powers")
    assert only(run, "PL532") == [
        f"powers/jishu-hetong-dengji.yaml:{line_of(f, '      necessity: 必要')}:18: warning: service.materials[2].necessity: "
        "材料“卖方首次登记信息表”只在“卖方首次在本机构办理登记的”时需要，却标为必要；只是部分申请人需要的，写 necessity: 非必要 [PL532]"]


def test_delivery_by_mail_in_the_steps_but_not_in_the_result(project, check) -> None:
    """The item's own words (an override) are a warning here; a template's
    words the item's data rules out are the error PL535 (test_trust)."""
    f = edit(project / "powers/jishu-hetong-dengji.yaml", "    delivery: [窗口领取, 免费邮寄送达]\n", "    delivery: [窗口领取]\n")
    edit(f, "  override:\n", "  override:\n    deliver-grant:\n      note: 免费邮寄送达\n")
    run = check("powers")
    assert only(run, "PL533") == [
        f"powers/jishu-hetong-dengji.yaml:{line_of(f, '      note: 免费邮寄送达')}:13: warning: "
        "flow.override.deliver-grant.note: 步骤“送达技术合同登记证明”说邮寄送达，但结果领取方式（窗口领取）没有邮寄 [PL533]"]


def test_mail_delivery_in_the_result_but_in_no_step(project, check) -> None:
    edit(project / "flows/yishenqing.yaml", "    note: 窗口领取或免费邮寄，由申请人选择\n", "    note: 窗口领取\n", count=2)
    run = check("powers")
    f = project / "powers/jishu-hetong-dengji.yaml"
    assert only(run, "PL533") == [f"powers/jishu-hetong-dengji.yaml:{line_of(f, '    delivery:')}:15: warning: "
                                  "service.result.delivery: 结果领取方式写了邮寄，但送达步骤都没有说可以邮寄 [PL533]"]


def test_units_that_never_appear_in_the_flow(project, check) -> None:
    f = edit(project / "powers/gongye-qiye-jishu-zhongxin-tuijian.yaml", "units: [工业和信息化股]\n", "units: [办公室]\n")
    run = check("powers")
    assert only(run, "PL534") == [
        f"powers/gongye-qiye-jishu-zhongxin-tuijian.yaml:{line_of(f, 'units: [办公室]')}:8: warning: units: "
        "承办机构（办公室）在流程中没有办理任何步骤，流程中办理的科室是 工业和信息化股 [PL534]"]


def test_units_that_never_appear_in_the_flow_of_an_item_with_a_guide(project, check) -> None:
    """An item whose guide names how its result is delivered, with steps
    that deliver it, is checked too (the list of steps that say so in the
    item's own words once took the place of `own`, and PL534 was skipped)."""
    f = edit(project / "powers/jishu-hetong-dengji.yaml", "units: [科技创新股]\n", "units: [办公室]\n")
    run = check("powers")
    assert only(run, "PL534") == [
        f"powers/jishu-hetong-dengji.yaml:{line_of(f, 'units: [办公室]')}:8: warning: units: "
        "承办机构（办公室）在流程中没有办理任何步骤，流程中办理的科室是 科技创新股 [PL534]"]


def test_a_step_phone_is_checked_where_it_is_written(project, check) -> None:
    f = edit(project / "powers/gongye-qiye-jishu-zhongxin-tuijian.yaml", "      phone: 0391-2925806\n", '      phone: "2925806"\n')
    run = check("powers")
    line = line_of(f, 'phone: "2925806"')
    assert only(run, "PL409") == [
        f"powers/gongye-qiye-jishu-zhongxin-tuijian.yaml:{line}:14: error: flow.steps[2].phone: "
        "固定电话“2925806”缺少区号，应写成如 0373-2925806 [PL409]"]


def test_the_rules_page_lists_the_new_rules() -> None:
    from powerlist.site.pages import rules_page

    html = rules_page().html
    for code, title in [("PL413", "延长期限写得不完整或无法计算"), ("PL414", "承诺写了两处"),
                        ("PL415", "权力来源、实施主体性质和委托信息不一致"), ("PL416", "委托或下放的事项没有写明委托机关和文件"),
                        ("PL520", "流程中有时限未载明的步骤，无法核验承诺时限"), ("PL521", "流程中有延长期限的步骤，但时限不可延长"),
                        ("PL530", "流程说可以邮寄，办理形式却不支持邮寄"), ("PL531", "流程说可以网上办理，办理形式却没有网上办理"),
                        ("PL532", "有条件的材料标为必要"), ("PL533", "流程中的送达方式与结果领取方式不一致"),
                        ("PL534", "承办机构没有出现在流程中")]:
        assert f'<code id="{code.lower()}">{code}</code>' in html and title in html, code


def test_the_standards_exports_carry_what_items_now_state() -> None:
    from powerlist.outputs.bpmn import document
    from powerlist.core.catalog import load_catalog
    from powerlist.outputs.cpsv import jsonld_bytes, nodes

    cat = load_catalog(ROOT / "powers", ROOT / "flows")
    pipe = document(cat.entries["guandao-baohu-shigong-xuke"]).decode("utf-8")
    assert pipe.count('extension="true"') == 2 and 'extendedAmount="30"' in pipe
    filing = document(cat.entries["jishu-gaizao-xiangmu-beian"]).decode("utf-8")
    assert 'stage="受理、告知"' in filing
    committed = json.loads(jsonld_bytes(nodes(cat.entries["gongye-qiye-jishu-zhongxin-tuijian"], cat.site)))
    text = json.dumps(committed, ensure_ascii=False)
    assert '"pl:promisedTime": [{"@language": "zh", "@value": "10 个工作日"}]' in text and '"pl:visits": [1]' in text
    cited = json.dumps(json.loads(jsonld_bytes(nodes(cat.entries["jishu-gaizao-xiangmu-beian"], cat.site))), ensure_ascii=False)
    assert "豫工信投资〔2021〕88号" in cited
