"""Issue 24, part C: the messages for the ordinary mistakes a new staff
member makes, each at its place, naming what is wrong and the fix; and the
mistakes that were not reported at all. Real YAML, the real CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import cli, edit, line_of
from test_history import commit, git, repo  # noqa: F401 - the fixture repository

TECH = "powers/jishu-hetong-dengji.yaml"


@pytest.fixture
def tech(project: Path) -> Path:
    return project / TECH


def test_a_full_width_colon_is_named_at_its_place_with_the_fix(tech: Path, capsys) -> None:
    edit(tech, "  visits: 1\n", "  visits：1\n")
    code, out = cli(capsys, "check", "powers")
    line = line_of(tech, "visits：1")
    assert code == 1 and out.splitlines() == [
        f"{TECH}:{line}:9: error: 字段名 visits 后面是全角冒号“：”，YAML 只认半角冒号；请改为“visits: ”（半角冒号，后面加一个空格） [PL105]",
        "发现 1 个错误，0 个警告。"]


def test_a_full_width_comma_in_a_flow_list_is_named_at_the_comma_with_the_list_written_right(tech: Path, capsys) -> None:
    edit(tech, "audience: [自然人, 企业法人,", "audience: [自然人，企业法人,")
    code, out = cli(capsys, "check", "powers")
    line = line_of(tech, "audience:")
    col = tech.read_text(encoding="utf-8").splitlines()[line - 1].index("，") + 1
    assert code == 1 and f"{TECH}:{line}:{col}: error: service.audience[0]: “自然人，企业法人”中的全角逗号“，”把两项连成了一项；" \
        "列表各项之间用半角逗号“,”分隔，写成 [自然人, 企业法人] [PL205]" in out, out
    # in a block list, each item on its own line; an enumeration comma is named as such
    edit(tech, "audience: [自然人，企业法人,", "audience:\n    - 自然人、企业法人\n    - 事业法人\n  audience_x: [")
    edit(tech, "  audience_x: [ 事业法人, 社会组织法人, 非法人企业, 其他组织]\n", "")
    code, out = cli(capsys, "check", "powers")
    assert "“自然人、企业法人”中的顿号“、”把两项连成了一项；每项单独写一行，以“- ”开头 [PL205]" in out, out


def test_a_key_at_the_wrong_level_is_told_as_indentation_not_a_guess(tech: Path, capsys) -> None:
    edit(tech, "\n  case_type: 承诺件\n", "\n    case_type: 承诺件\n")  # into time_limit, above it
    code, out = cli(capsys, "check", "powers")
    line = line_of(tech, "    case_type: 承诺件")
    assert code == 1 and out.splitlines() == [
        f"{TECH}:{line}:5: error: service.time_limit.case_type: 字段 case_type 缩进不对：它不是 service.time_limit 的字段，"
        "而是 service 的字段；请与 service 的其他字段对齐（行首 2 个空格） [PL201]",
        "发现 1 个错误，0 个警告。"], out  # and no "缺少必填字段 case_type" beside it
    assert "是否要写" not in out
    # not far enough: the last field of a group written at the level of the group
    edit(tech, "\n    case_type: 承诺件\n", "\n  case_type: 承诺件\n")
    edit(tech, "    promised_note: 享受税收优惠", "  promised_note: 享受税收优惠")
    code, out = cli(capsys, "check", "powers")
    line = line_of(tech, "  promised_note: ")
    assert out.splitlines() == [
        f"{TECH}:{line}:3: error: service.promised_note: 字段 promised_note 缩进不对：它不是 service 的字段，"
        "而是 service.time_limit 的字段；请与 service.time_limit 的其他字段对齐（行首 4 个空格） [PL201]",
        "发现 1 个错误，0 个警告。"], out


def test_a_retired_notice_written_as_a_file_is_given_the_expected_form_and_the_nearest_notice(project: Path, capsys) -> None:
    f = project / "powers/buhe-jieneng-biaozhun-xiangmu-chufa.yaml"
    edit(f, "  notice: 2026-11-26-quxiao", "  notice: x.yaml")
    code, out = cli(capsys, "check", "powers")
    assert code == 1 and "retired.notice: “x.yaml”格式不对：retired.notice 写 changes/ 中公告的文件名，不带文件夹和 .yaml，" \
        "如 2026-11-26-quxiao（即 changes/2026-11-26-quxiao.yaml）；最接近的现有公告是 2026-11-26-quxiao [PL205]" in out, out
    edit(f, "  notice: x.yaml", "  notice: changes/2026-11-26-tiaozheng.yaml")
    assert "最接近的现有公告是 2026-11-26-tiaozheng [PL205]" in cli(capsys, "check", "powers")[1]


def test_a_paper_material_without_copies_is_a_warning(tech: Path, capsys) -> None:
    edit(tech, "      form: 纸质\n      copies: 2\n", "      form: 纸质\n")
    code, out = cli(capsys, "check", "powers")
    line = line_of(tech, "    - name: 技术合同文本") + 1
    assert code == 0 and f"{TECH}:{line}:13: warning: service.materials[0].form: 材料“技术合同文本”的形式是纸质，" \
        "但没有写份数；请加上 copies（如 copies: 1） [PL417]" in out, out


def test_a_new_item_named_as_a_current_one_is_an_error_naming_the_other_file(project: Path, capsys) -> None:
    new = project / "powers/keji-chengguo-dengji-2.yaml"
    shutil.copy(project / "powers/keji-chengguo-dengji.yaml", new)
    edit(new, 'code: "410802-GG-001"', 'code: "410802-GG-091"')
    code, out = cli(capsys, "check", "powers")
    line = line_of(new, "name: ")
    assert code == 1
    assert f"powers/keji-chengguo-dengji-2.yaml:{line}:7: error: name: 事项名称“科技成果登记”与 " \
        f"powers/keji-chengguo-dengji.yaml:{line} 相同；请核对是否重复新增了同一事项 [PL310]" in out, out
    # a cancelled item's name may be taken again
    f = project / "powers/buhe-jieneng-biaozhun-xiangmu-chufa.yaml"
    name = next(s for s in f.read_text(encoding="utf-8").splitlines() if s.startswith("name: "))
    edit(new, "name: 科技成果登记", name)
    assert "[PL310]" not in cli(capsys, "check", "powers")[1]


def test_a_new_item_very_close_to_a_current_one_is_a_warning_for_the_reviewer(repo: Path, capsys) -> None:
    new = repo / "powers/keji-xing-zhongxiao-qiye-ruku.yaml"
    shutil.copy(repo / "powers/keji-xing-zhongxiao-qiye-pingjia.yaml", new)
    edit(new, 'code: "410802-QT-003"', 'code: "410802-QT-093"')
    edit(new, "name: 科技型中小企业评价信息审核", "name: 科技型中小企业评价入库")
    (repo / "changes").mkdir(exist_ok=True)
    (repo / "changes/2025-09-01-xinzeng.yaml").write_text(
        "doc_number: 解科工〔2025〕12号\ntitle: 关于新增事项的公告\napproved: \"2025-08-28\"\npublished: \"2025-09-01\"\n"
        "entries:\n  - kind: 新增\n    items: [keji-xing-zhongxiao-qiye-ruku]\n    summary: 新增科技型中小企业评价入库\n",
        encoding="utf-8")
    code, out = cli(capsys, "check", "--base", "main", "powers")
    assert code == 0 and "powers/keji-xing-zhongxiao-qiye-ruku.yaml:3:7: warning: name: 新增事项“科技型中小企业评价入库”与现有事项" \
        "“科技型中小企业评价信息审核”（powers/keji-xing-zhongxiao-qiye-pingjia.yaml）名称很接近；请核对是否重复新增了同一事项 [PL311]" in out, out
    assert out.count("[PL311]") == 1  # told of the new item only, not of the one already there
    # a new item of a name unlike any other: nothing said
    edit(new, "name: 科技型中小企业评价入库", "name: 首台（套）重大技术装备认定推荐")
    assert "[PL311]" not in cli(capsys, "check", "--base", "main", "powers")[1]


def test_near_names_are_found_in_blocks_in_near_linear_time() -> None:

    from powerlist.core.names import similar

    words = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土日月星辰山川"
    names = [(f"i{n}", "".join(words[(n // len(words) ** k) % len(words)] for k in range(3)) + "事项的认定登记审核")
             for n in range(10_000)]
    found = similar(names[:5000], names)  # (its time at 10,000 names is the check bench's)
    assert found  # names that differ by one character of twelve are near
    assert similar([("n", "科技型中小企业评价入库")], [("o", "科技型中小企业评价信息审核")]) == [
        ("n", "o", pytest.approx(0.727, abs=0.001))]
    assert similar([("n", "技术合同认定登记")], [("o", "科技成果登记")]) == []
