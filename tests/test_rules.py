"""Domain and cross-file rules, each triggered in a copy of the real data."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import edit, line_of
from powerlist.core.durations import Duration, Unit, compare, parse
from powerlist.core.lint import phone_problem
from powerlist.core.rules import RULES

TECH = "powers/jishu-hetong-dengji.yaml"
HIGH = "powers/gaoxin-qiye-tuijian.yaml"


def rule_lines(run, rule: str) -> list[str]:
    return [ln for ln in run.lines if ln.endswith(f"[{rule}]")]


@pytest.mark.parametrize("file,old,new,rule,anchor,expect", [
    (TECH, "case_type: 承诺件", "case_type: 即办件", "PL403", "case_type:", "承诺时限为 7 个工作日，办件类型应为承诺件"),
    (TECH, "  visits_reason: 须提交合同正本原件核验，并在合同文本上加盖登记专用章\n", "", "PL404", "  visits: 1",
     "到现场 1 次，须在 visits_reason 中说明必须到现场办理的原因"),
    (HIGH, "    online:\n      url: https://www.innocom.gov.cn/\n      depth: 3\n", "", "PL405", "  channels:",
     "到现场 0 次，但既不能网上办理也不能邮寄申请"),
    ("powers/keji-xing-zhongxiao-qiye-pingjia.yaml", "  visits: 0\n", "  visits: 1\n  visits_reason: 核验原件\n",
     "PL406", "  visits: 1", "网上办理深度为 4（全程网办），到现场次数应为 0，实际为 1"),
    (TECH, "    charged: false", "    charged: true", "PL407", "charged: true", "收费事项须在 fee.items 中写明收费项目、标准和依据"),
    (TECH, "phone: 0391-2925801", "phone: 0391-2921000", "PL408", "phone: 0391-2921000",
     "咨询电话与投诉电话都是 0391-2921000；投诉应由监督部门受理"),
    (TECH, "phone: 0391-2925801", "phone: '2925801'", "PL409", "phone: '2925801", "固定电话“2925801”缺少区号"),
    (TECH, "phone: 0391-2925801", "phone: 0391-2925801、0391-2925802", "PL409", "phone: 0391-2925801、",
     "像是写了多个号码"),
    (TECH, "    sample: 技术合同登记证明（样本）.pdf\n", "", "PL410", "  result:\n", "办理结果“技术合同登记证明”缺少结果样本"),
    (TECH, "  visits: 1\n", "  visits: 2\n", "PL412", "  visits: 2", "本机关承诺“最多跑一次”，但该事项到现场 2 次"),
])
def test_domain_rule(project: Path, check, file, old, new, rule, anchor, expect) -> None:
    f = edit(project / file, old, new)
    run = check("powers")
    lines = rule_lines(run, rule)
    assert len(lines) == 1, run.out
    assert lines[0].startswith(f"{file}:{line_of(f, anchor)}:"), lines[0]
    assert expect in lines[0]
    sev = RULES[rule].severity.value
    assert f": {sev}: " in lines[0]
    assert (run.code == 1) == (sev == "error")


def test_unknown_parent(project: Path, check) -> None:
    f = edit(project / TECH, "name: 技术合同认定登记", "name: 技术合同认定登记\nparent: jishu-hetong")
    run = check("powers")
    assert rule_lines(run, "PL303") == [f"{TECH}:{line_of(f, 'parent:')}:9: error: parent: 上级事项 jishu-hetong 不存在；"
                                        f"是否要写 jishu-hetong-dengji？ [PL303]"]


def test_licensing_needs_its_four_stages(project: Path, check) -> None:
    f = edit(project / TECH, "type: 行政确认", "type: 行政许可")
    edit(f, "stage: 审查和决定", "stage: 认定")
    run = check("powers")
    assert rule_lines(run, "PL411") == [
        f"{TECH}:{line_of(f, 'responsibilities:')}:1: warning: responsibilities: 行政许可的责任事项缺少：审查、决定 [PL411]"]


def test_unknown_flow_template(project: Path, check) -> None:
    f = edit(project / TECH, "use: yishenqing", "use: yishenqin")
    run = check("powers")
    lines = rule_lines(run, "PL304")
    assert len(lines) == 1 and lines[0].startswith(f"{TECH}:{line_of(f, 'use: yishenqin')}:8: error: flow.use: 流程模板 yishenqin 不存在；是否要写 yishenqing？")


def test_unknown_unit_suggests_a_known_one(project: Path, check) -> None:
    f = edit(project / TECH, "units: [科技创新股]", "units: [科技股]")
    run = check("powers")
    assert rule_lines(run, "PL305") == [
        f"{TECH}:{line_of(f, 'units:')}:9: error: units[0]: 承办机构“科技股”不在站点配置的内设科室中；是否要写 科技创新股？ [PL305]"]


def test_missing_site_config(project: Path, check) -> None:
    (project / "powers/_site.yaml").unlink()
    run = check("powers")
    assert run.code == 1
    assert "powers/_site.yaml:1:1: error: 缺少站点配置文件" in run.out


def test_invalid_site_config(project: Path, check) -> None:
    f = edit(project / "powers/_site.yaml", "promise: 最多跑一次", "promise: 跑一次")
    run = check("powers")
    assert f"powers/_site.yaml:{line_of(f, 'promise:')}:10: error: promise: “跑一次”不是允许的取值" in run.out


def test_the_sites_own_search_words_are_checked(project: Path, check) -> None:
    site = project / "powers/_site.yaml"
    text = site.read_text(encoding="utf-8")
    site.write_text(text + "search:\n  synonyms:\n    - [单独]\n", encoding="utf-8")
    run = check("powers")
    assert run.code == 1 and "search.synonyms[0]: 至少需要 2 项 [PL205]" in run.out  # a group of one word: the schema's own
    site.write_text(text + "search:\n  synonyms:\n    - [补贴, 补贴]\n    - [孵化器, \"——\"]\n"
                    "  english:\n    合同: [合同]\n    grant: [\"？\"]\n", encoding="utf-8")
    run = check("powers")
    assert run.code == 1
    lines = rule_lines(run, "PL312")
    assert [ln.split(": error: ")[1] for ln in lines] == [
        "search.synonyms[0]: 这一组同义词去掉重复后只剩“补贴”一个词，起不到作用；请至少写两个不同的词 [PL312]",
        "search.synonyms[1]: 这一组同义词去掉重复后只剩“孵化器”一个词，起不到作用；请至少写两个不同的词 [PL312]",
        "search.synonyms[1][1]: 同义词“——”去掉标点和空格后什么也不剩，查找时用不上；请写汉字、字母或数字 [PL312]",
        "search.english.合同: 英文词“合同”须只含英文字母、数字、空格和连字符 [PL312]",
        "search.english.grant[0]: 英文词“grant”对应的“？”去掉标点和空格后什么也不剩；请写清单中的中文词 [PL312]",
    ], run.out
    # good words pass
    site.write_text(site.read_text(encoding="utf-8").split("search:")[0] + "search:\n  synonyms:\n    - [孵化器, 加速器]\n"
                    "  english:\n    accelerator: [加速器]\n", encoding="utf-8")
    assert check("powers").code == 0


# --- units of time -----------------------------------------------------------

def test_duration_parsing() -> None:
    assert parse("即办") == Duration(0, Unit.INSTANT)
    assert parse("当天") == Duration(0, Unit.SAME_DAY)
    assert parse("10个工作日") == parse("10 个工作日") == parse("10 工作日") == Duration(10, Unit.WORKDAY)
    assert str(parse("30日")) == "30 日"


@pytest.mark.parametrize("promised,limit,verdict", [
    ("7 个工作日", "30 日", "ok"),       # 7 working days span at most 14 + 10 calendar days
    ("22 个工作日", "30 日", "unknown"),
    ("31 个工作日", "30 日", "over"),
    ("20 日", "20 个工作日", "ok"),
    ("35 日", "20 个工作日", "unknown"),
    ("39 日", "20 个工作日", "over"),  # 4 weeks + 10 days of holidays
    ("即办", "当天", "ok"),
    ("当天", "即办", "over"),
    ("当天", "1 日", "ok"),
    ("2 日", "当天", "over"),
    ("5 个工作日", "5 个工作日", "ok"),
])
def test_duration_comparison(promised: str, limit: str, verdict: str) -> None:
    assert compare(parse(promised), parse(limit)) == verdict


@pytest.mark.parametrize("phone,ok", [
    ("0391-2925801", True), ("010-12345678", True), ("13812345678", True), ("12345", True),
    ("2925801", False), ("03912925801", False), ("0391-2925801 0391-2925802", False), ("电话", False),
])
def test_phone_format(phone: str, ok: bool) -> None:
    assert (phone_problem(phone) is None) == ok
