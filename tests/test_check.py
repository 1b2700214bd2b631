"""`powerlist check` on the example data and on every kind of bad input.

Each bad input is placed in a copy of the real example data; the test
asserts the exact `file:line:col: error: key: message [RULE]` line, exit 1,
and that no other file is affected.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, edit, line_of

TECH = "powers/jishu-hetong-dengji.yaml"


def diag_lines(run) -> list[str]:
    return [ln for ln in run.lines if ": error: " in ln or ": warning: " in ln]


def assert_only(run, *expected_prefixes: str) -> None:
    """Exit 1, and exactly the expected diagnostics (matched by prefix and rule)."""
    lines = diag_lines(run)
    assert run.code == 1, run.out
    for prefix in expected_prefixes:
        assert any(ln.startswith(prefix) for ln in lines), f"missing {prefix!r} in:\n{run.out}"
    assert len(lines) == len(expected_prefixes), run.out


def test_example_data_is_clean(check) -> None:
    run = check(str(ROOT / "powers"))
    assert run.code == 0, run.out
    assert diag_lines(run) == []
    assert "检查通过" in run.out


def test_yaml_syntax_error(project: Path, check) -> None:
    f = edit(project / TECH, "name: 技术合同认定登记", "name: [技术合同认定登记")
    run = check("powers")
    line = line_of(f, "type: 行政确认")
    assert_only(run, f"{TECH}:{line}:5: error: ")
    assert "[PL105]" in run.out and "方括号" in run.out


def test_duplicate_key_is_reported_with_both_lines(project: Path, check) -> None:
    f = edit(project / TECH, "  visits: 1\n", "  visits: 1\n  visits: 2\n")
    run = check("powers")
    first, second = line_of(f, "  visits: 1"), line_of(f, "  visits: 2")
    assert_only(run, f"{TECH}:{second}:3: error: 字段 visits 重复，第 {first} 行已写过")
    assert "[PL107]" in run.out


def test_tab_indentation(project: Path, check) -> None:
    f = edit(project / TECH, "  audience:", "\taudience:")
    run = check("powers")
    assert_only(run, f"{TECH}:{line_of(f, 'audience:')}:1: error: 此行用制表符（Tab）缩进")


def test_unknown_key_suggests_closest(project: Path, check) -> None:
    f = edit(project / TECH, "  hours:", "  hour:")
    run = check("powers")
    assert_only(run, f"{TECH}:{line_of(f, '  hour:')}:3: error: service.hour: 未知字段 hour；是否要写 hours？ [PL201]",
                f"{TECH}:")  # plus the now-missing hours
    assert "service.hours: 缺少必填字段 hours（办理时间） [PL202]" in run.out


def test_missing_required_field(project: Path, check) -> None:
    f = edit(project / TECH, "  location: 解放区行政服务中心二楼 科工局综合窗口\n", "")
    run = check("powers")
    assert_only(run, f"{TECH}:{line_of(f, 'service:')}:1: error: service.location: 缺少必填字段 location（办理地点） [PL202]")


def test_wrong_type(project: Path, check) -> None:
    f = edit(project / TECH, "units: [科技创新股]", "units: {科技创新股: 1}")
    run = check("powers")
    assert_only(run, f"{TECH}:{line_of(f, 'units:')}:8: error: units: 应为列表（每项以“- ”开头），实际写的是字段组 [PL203]")


def test_unquoted_code_with_leading_zeros(project: Path, check) -> None:
    f = edit(project / TECH, 'basic_code: "000107021000"', "basic_code: 000107021000")
    run = check("powers")
    assert_only(run, f"{TECH}:{line_of(f, 'basic_code:')}:13: error: basic_code: 未加引号的 000107021000 "
                     f"被 YAML 读成了整数")
    assert "前导零已丢失" in run.out and '"000107021000"' in run.out and "[PL204]" in run.out


@pytest.mark.parametrize("word,read_as", [("no", "布尔值 false"), ("yes", "布尔值 true"), ("on", "布尔值 true")])
def test_yes_no_on_where_text_is_meant(project: Path, check, word: str, read_as: str) -> None:
    f = edit(project / TECH, "- 不予登记未说明理由的", f"- {word}")
    run = check("powers")
    line = line_of(f, f"    - {word}")
    assert_only(run, f"{TECH}:{line}:7: error: accountability.cases[2]: 未加引号的 {word} 被 YAML 读成了{read_as}")


def test_date_like_string(project: Path, check) -> None:
    f = edit(project / TECH, "  hours: 工作日", "  schedule: 2026-01-01\n  hours: 工作日")
    run = check("powers")
    assert_only(run, f"{TECH}:{line_of(f, 'schedule:')}:13: error: service.schedule: 未加引号的 2026-01-01 "
                     f"被 YAML 读成了日期 2026-01-01；请加英文引号")


def test_anchor_and_alias(project: Path, check) -> None:
    f = edit(project / TECH, "units: [科技创新股]\nlevels: [县级]", "units: &u [科技创新股]\nlevels: *u")
    run = check("powers")
    assert_only(run, f"{TECH}:{line_of(f, 'units:')}:8: error: 使用了锚点 &u",
                f"{TECH}:{line_of(f, 'levels:')}:9: error: 使用了别名 *u")


def test_alias_bomb_is_refused_before_expanding(project: Path, check) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    (project / "powers/bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = check("powers")
    assert run.code == 1
    assert all(ln.startswith("powers/bomb.yaml:") for ln in diag_lines(run))
    assert "powers/bomb.yaml:1:5: error: 使用了锚点 &a0" in run.out
    assert "[PL108]" in run.out


def test_merge_key(project: Path, check) -> None:
    f = edit(project / TECH, "  fee:\n    charged: false", "  fee:\n    <<: {charged: false}\n    charged: false")
    run = check("powers")
    assert_only(run, f"{TECH}:{line_of(f, '<<:')}:5: error: 使用了合并键 <<")


def test_custom_tag(project: Path, check) -> None:
    f = edit(project / TECH, "name: 技术合同认定登记", "name: !include other.yaml")
    run = check("powers")
    assert_only(run, f"{TECH}:{line_of(f, 'name:')}:7: error: 使用了标签 !include")
    assert "[PL109]" in run.out


def test_empty_file(project: Path, check) -> None:
    (project / "powers/kong.yaml").write_text("# yaml-language-server: $schema=x\n\n", encoding="utf-8")
    run = check("powers")
    assert_only(run, "powers/kong.yaml:1:1: error: 文件为空")


def test_file_over_the_cap(project: Path, check) -> None:
    f = project / TECH
    f.write_text(f.read_text(encoding="utf-8") + "# " + "很长" * 150_000 + "\n", encoding="utf-8")
    run = check("powers")
    assert_only(run, f"{TECH}:1:1: error: 文件大小")
    assert "超过上限 262,144 字节 [PL103]" in run.out


def test_non_utf8_bytes(project: Path, check) -> None:
    f = project / TECH
    text = f.read_text(encoding="utf-8")
    f.write_bytes(text.encode("utf-8").replace("name: 技术合同认定登记".encode(), "name: 技术合同".encode("gbk")))
    run = check("powers")
    assert_only(run, f"{TECH}:{text[:text.index('name:')].count(chr(10)) + 1}:7: error: 第")
    assert "非 UTF-8 字节" in run.out and "GBK" in run.out and "[PL101]" in run.out


def test_bom_is_an_error_and_the_rest_of_the_file_is_still_checked(project: Path, check) -> None:
    f = edit(project / TECH, "type: 行政确认", "type: 行政确定")
    f.write_bytes(b"\xef\xbb\xbf" + f.read_bytes())
    run = check("powers")
    assert_only(run, f"{TECH}:1:1: error: 文件开头有 BOM（EF BB BF），请另存为 UTF-8（无 BOM） [PL102]",
                f"{TECH}:{line_of(f, 'type:')}:7: error: type: 未知的权力类型“行政确定”")


def test_utf16_is_an_error(project: Path, check) -> None:
    f = project / TECH
    f.write_bytes(f.read_text(encoding="utf-8").encode("utf-16"))
    run = check("powers")
    assert_only(run, f"{TECH}:1:1: error: 文件是 UTF-16 编码")


def test_id_that_is_not_an_ascii_slug(project: Path, check) -> None:
    (project / TECH).rename(project / "powers/技术合同.yaml")
    run = check("powers")
    assert_only(run, "powers/技术合同.yaml:1:1: error: 文件名“技术合同”不能作为事项标识",
                # the item's attached files stay in a folder of the old id: no item owns it now
                "powers/files/jishu-hetong-dengji:1:1: error: 文件夹 powers/files/jishu-hetong-dengji/ 不对应任何事项",
                # and a record that names it names an id no file has now
                "changes/2026-11-26-zhinan.yaml:7:13: error: entries[0].items[0]: 没有标识为“jishu-hetong-dengji”的事项",
                "changes/2026-12-08-zhinan-biaozhun.yaml:7:13: error: entries[0].items[0]: 没有标识为“jishu-hetong-dengji”的事项")


def test_two_files_with_the_same_code(project: Path, check) -> None:
    other = "powers/keji-chengguo-dengji.yaml"
    edit(project / other, 'code: "410802-GG-001"', 'code: "410802-QR-001"')
    run = check("powers")
    # sorted: jishu-hetong-dengji comes first, so the second file carries the error
    assert_only(run, f"{other}:2:7: error: code: 编码 410802-QR-001 与 {TECH}:2 重复 [PL302]")


def test_two_files_with_the_same_id(project: Path, check) -> None:
    (project / "powers/sub").mkdir()
    (project / "powers/sub/jishu-hetong-dengji.yml").write_text((project / TECH).read_text(encoding="utf-8"), encoding="utf-8")
    run = check("powers")
    assert_only(run, f"powers/sub/jishu-hetong-dengji.yml:1:1: error: 标识 jishu-hetong-dengji 与 {TECH} 重复 [PL301]")


def test_unknown_type_suggests_from_aliases(project: Path, check) -> None:
    f = edit(project / TECH, "type: 行政确认", "type: 其它职权")
    run = check("powers")
    assert_only(run, f"{TECH}:{line_of(f, 'type:')}:7: error: type: 未知的权力类型“其它职权”；是否要写 其他职权（即 其他行政权力）？ [PL206]")


def test_type_alias_is_accepted(project: Path, check) -> None:
    edit(project / TECH, "type: 行政确认", "type: 确认")
    assert check("powers").code == 0


def test_promised_limit_above_statutory(project: Path, check) -> None:
    f = edit(project / TECH, "promised: 7 个工作日", "promised: 31 日")
    run = check("powers")
    assert_only(run, f"{TECH}:{line_of(f, 'promised:')}:15: error: service.time_limit.promised: 承诺时限 31 日 超过了法定时限 30 日 [PL401]")


def test_promised_in_working_days_that_may_exceed_calendar_days_is_a_warning(project: Path, check) -> None:
    f = edit(project / TECH, "promised: 7 个工作日", "promised: 22 个工作日")
    run = check("powers")
    assert run.code == 0
    assert diag_lines(run) == [f"{TECH}:{line_of(f, 'promised:')}:15: warning: service.time_limit.promised: "
                               "承诺时限 22 个工作日 与法定时限 30 日 单位不同，无法核验是否超期；请统一按工作日或自然日写 [PL402]"]


@pytest.mark.parametrize("text,message", [
    ("30 天", "“30 天”单位不明确；自然日请写“30 日”，工作日请写“30 个工作日”"),
    ("30", "时限“30”没有单位"),
    ("-3 日", "时限不能为负数"),
    ("一个月", "无法识别的时限"),
])
def test_bad_duration_text(project: Path, check, text: str, message: str) -> None:
    f = edit(project / TECH, "statutory: 30 日", f"statutory: '{text}'")
    run = check("powers")
    assert_only(run, f"{TECH}:{line_of(f, 'statutory:')}:16: error: service.time_limit.statutory: {message}")
    assert "[PL207]" in run.out


def test_all_errors_of_all_files_at_once(project: Path, check) -> None:
    edit(project / TECH, "type: 行政确认", "type: 行政确定")
    edit(project / TECH, "  hours:", "  hour:")
    edit(project / "powers/keji-chengguo-dengji.yaml", 'code: "410802-GG-001"', "code: 0012")
    (project / "powers/kong.yaml").write_text("", encoding="utf-8")
    run = check("powers")
    files = {ln.split(":")[0] for ln in diag_lines(run)}
    assert files == {TECH, "powers/keji-chengguo-dengji.yaml", "powers/kong.yaml"}
    assert {"PL206", "PL201", "PL202", "PL204", "PL104"} <= {ln[-6:-1] for ln in diag_lines(run)}


def test_json_and_github_formats(project: Path, check) -> None:
    f = edit(project / TECH, "promised: 7 个工作日", "promised: 31 日")
    line = line_of(f, "promised:")
    run = check("powers", "--format", "json")
    doc = json.loads(run.out)
    assert run.code == 1 and doc["warnings"] == []
    assert doc["errors"] == [{
        "file": TECH, "line": line, "col": 15, "severity": "error", "rule": "PL401",
        "path": "service.time_limit.promised", "message": "承诺时限 31 日 超过了法定时限 30 日",
    }]
    run = check("powers", "--format", "github")
    assert run.lines[0] == (f"::error file={TECH},line={line},col=15,title=PL401 承诺时限超过法定时限::"
                            "service.time_limit.promised: 承诺时限 31 日 超过了法定时限 30 日")


def test_files_given_report_only_those_files(project: Path, check) -> None:
    edit(project / TECH, "type: 行政确认", "type: 行政确定")
    assert check("powers/keji-chengguo-dengji.yaml").code == 0
    assert check(TECH).code == 1


def test_usage_errors_exit_2(project: Path, check) -> None:
    run = check("nowhere")
    assert run.code == 2 and "找不到 nowhere" in run.err
    run = check("powers", "--format", "xml")
    assert run.code == 2 and "用法错误" in run.err


def test_installed_command_runs_without_traceback(project: Path) -> None:
    (project / "powers/kong.yaml").write_bytes(b"\xff\xfe")
    proc = subprocess.run([sys.executable, "-m", "powerlist", "check", "powers"],
                          capture_output=True, text=True, cwd=project)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "powers/kong.yaml:1:1: error: 文件是 UTF-16 编码" in proc.stdout


@pytest.mark.parametrize("phone", ["12345", "0391-12345", "12345 政务服务便民热线"])
def test_hotlines_are_phones(project: Path, check, phone: str) -> None:
    f = project / "powers/jishu-hetong-dengji.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("supervision:\n", f"supervision:\n  phone: \"{phone}\"\n", 1) if "supervision:\n" in text
                 else text + f"supervision:\n  phone: \"{phone}\"\n", encoding="utf-8")
    run = check("powers")
    assert "[PL409]" not in run.out, run.out


def test_published_level_variants_are_read_as_the_level(project: Path, check) -> None:
    f = project / "powers/jishu-hetong-dengji.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("levels: [县级]", "levels: [市(州)级, 县（市、区）级]"), encoding="utf-8")
    run = check("powers")
    assert run.code == 0, run.out
    from powerlist.core.catalog import load_catalog
    assert load_catalog(project / "powers").entries["jishu-hetong-dengji"].item.levels == ["市级", "县级"]


# --- files the site configuration names (issue 21) ----------------------------------------------

_PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
        b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


def _gov_mark(project: Path, value: str) -> Path:
    site = project / "powers/_site.yaml"
    edit(site, "  organizer: 焦作市解放区科学技术和工业信息化局",
         f"  organizer: 焦作市解放区科学技术和工业信息化局\n  gov_mark_image: {value}")
    return site


@pytest.mark.parametrize("case, message", [
    ("missing", "文件 docs/assets/dangzheng.png 不存在"),
    ("text", "文件 docs/assets/dangzheng.png 的内容不是PNG 图片"),
    ("empty", "文件 docs/assets/dangzheng.png 是空文件"),
    ("link", "docs/assets/dangzheng.png 是符号链接"),
    ("folder-link", "docs/assets/dangzheng.png 是符号链接"),
    ("dir", "docs/assets/dangzheng.png 不是普通文件"),
    ("svg", "docs/assets/dangzheng.svg 是 SVG 文件"),
])
def test_site_file_references_are_checked_like_attachments(project: Path, check, case: str, message: str) -> None:
    """Issue 21: a missing footer.gov_mark_image passed check and the strict
    build, and every page showed a broken 党政机关网站标识. Every problem is an
    error at the key, naming the file."""
    outside = project / "elsewhere"  # out of docs/
    outside.mkdir()
    (outside / "dangzheng.png").write_bytes(_PNG)
    assets = project / "docs/assets"
    if case == "folder-link":
        assets.parent.mkdir(exist_ok=True)
        assets.symlink_to(outside)
    else:
        assets.mkdir(parents=True)
    name = "dangzheng.svg" if case == "svg" else "dangzheng.png"
    if case == "text":
        (assets / name).write_text("不是图片", encoding="utf-8")
    elif case == "empty":
        (assets / name).write_bytes(b"")
    elif case == "link":
        (assets / name).symlink_to(outside / "dangzheng.png")
    elif case == "dir":
        (assets / name).mkdir()
    elif case == "svg":
        (assets / name).write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    site = _gov_mark(project, f"assets/{name}")
    run = check("powers")
    assert run.code == 1
    line = line_of(site, "gov_mark_image:")
    assert_only(run, f"powers/_site.yaml:{line}:19: error: footer.gov_mark_image: {message}")
    assert "[PL308]" in run.out


def test_a_site_file_that_is_an_image_passes_and_the_build_refuses_a_missing_one(project: Path, check) -> None:
    from test_site import mkdocs_build

    (project / "docs/assets").mkdir(parents=True)
    (project / "docs/assets/dangzheng.png").write_bytes(_PNG)
    site = _gov_mark(project, "assets/dangzheng.png")
    assert check("powers").code == 0
    edit(site, "gov_mark_image: assets/dangzheng.png", "gov_mark_image: assets/no-such.png")
    import shutil

    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("guide", "schema"):
        shutil.copytree(ROOT / "docs" / name, project / "docs" / name)
    proc = mkdocs_build(project)
    assert proc.returncode == 1 and "文件 docs/assets/no-such.png 不存在" in proc.stderr
    assert not (project / "site/index.html").exists()


def test_a_label_that_is_only_a_parameter_is_told_only_to_an_item_that_does_not_give_it(project: Path, check) -> None:
    """Issue 21: a template step whose label is one parameter (`"{deny}"`),
    given by every item that uses the template, was reported as a missing
    label. It is fine; only an item that does not give it is told, at the item."""
    tpl = edit(project / "flows/yishenqing.yaml", 'label: "{deny}，书面说明理由和救济途径"', 'label: "{deny}"')
    edit(project / "powers/jishu-hetong-dengji.yaml", "    deny:\n      label: 在合同文本上注明“未予登记”，书面说明理由\n", "")
    run = check("powers")
    assert run.code == 0, run.out
    assert "flows/yishenqing.yaml" not in run.out
    # an item that does not give it: told at its own flow.use, naming the parameter
    item = edit(project / "powers/keji-chengguo-dengji.yaml", "    deny: 不予登记\n", "")
    run = check("powers")
    assert_only(run, f"powers/keji-chengguo-dengji.yaml:{line_of(item, 'use: yishenqing')}:8: error: flow.use: "
                     "模板 yishenqing 缺少参数：deny（")
    assert "flows/yishenqing.yaml" not in run.out and str(tpl)


# --- invisible characters (issue 21) ------------------------------------------------------------

@pytest.mark.parametrize("ch, name", [
    ("\u202e", "U+202E（从右至左覆盖）"), ("\u200b", "U+200B（零宽空格）"), ("\u2066", "U+2066（从左至右隔离）"),
    ("\U000e0041", "U+E0041（标签字符）"), ("\ue000", "U+E000（私用区字符）"), ("\ufeff", "U+FEFF（零宽不换行空格（BOM）"),
    ("\u00ad", "U+00AD（软连字符）"), ("\u200d", "U+200D（零宽连字）"), ("\u3164", "U+3164（韩文填充符）"),
    ("\u200f", "U+200F（从右至左标记）"), ("\u0378", "U+0378（未分配的码位）"),
])
def test_an_invisible_character_in_a_name_is_refused_and_named_where_it_is(project: Path, check, ch: str, name: str) -> None:
    """Issue 21: a name holding invisible format characters passed check; the
    page showed a name identical to a real item's, which search did not find."""
    item = edit(project / "powers/jishu-hetong-dengji.yaml", "name: 技术合同认定登记", f"name: 技术{ch}合同认定登记")
    run = check("powers")
    assert_only(run, f"powers/jishu-hetong-dengji.yaml:{line_of(item, 'name: 技术')}:9: error: name: 含有不可见字符 {name}")
    assert "[PL116]" in run.out


def test_invisible_characters_in_short_fields_labels_and_templates_are_refused(project: Path, check) -> None:
    item = edit(project / "powers/jishu-hetong-dengji.yaml", "review_lane: 科技创新股", 'review_lane: "科技\\u200b创新股"')
    tpl = edit(project / "flows/yishenqing.yaml", 'label: "送达{result}"', 'label: "送\u2060达{result}"')
    edit(item, "    content: 公示应当提交的材料", "    content: 公示应当\u202e提交的材料")
    run = check("powers")
    SEND = 'label: "送'
    assert_only(run,
                # written as an escape: at the value
                f"powers/jishu-hetong-dengji.yaml:{line_of(item, 'review_lane: ')}:18: error: flow.with.review_lane: "
                "含有不可见字符 U+200B（零宽空格）",
                # a long text: a bidi control anywhere is refused, at the character
                f"powers/jishu-hetong-dengji.yaml:{line_of(item, '公示应当')}:18: error: responsibilities[0].content: "
                "含有不可见字符 U+202E（从右至左覆盖）；它会改变文字的显示顺序",
                f"flows/yishenqing.yaml:{line_of(tpl, SEND)}:14: error: steps[10].label: 含有不可见字符 U+2060（字连接符）")


def test_what_chinese_text_needs_passes_and_long_texts_keep_pasted_zero_width_spaces(project: Path, check) -> None:
    """Allowed in names: CJK punctuation, full-width forms, the middle dots,
    the ideographic space. A zero-width space pasted into a long text (a
    duty, a note) changes nothing a reader is told and passes; only what
    reorders or hides text is refused there."""
    item = edit(project / "powers/jishu-hetong-dengji.yaml", "name: 技术合同认定登记", "name: 技术合同认定登记（含“技术·服务”合同）　ＡＢ・１")
    edit(item, "    content: 公示应当提交的材料", "    content: 公示应当\u200b提交的材料\u00ad")
    run = check("powers")
    assert run.code == 0, run.out


def test_a_bidi_control_in_a_comment_is_refused_where_it_is(project: Path, check) -> None:
    """A right-to-left override makes a line of a pull request read other than
    it is, a comment too: refused wherever it is written, at the character."""
    item = edit(project / "powers/jishu-hetong-dengji.yaml", "type: 行政确认\n", "type: 行政确认  # 审核人：\u202e张三\n")
    run = check("powers")
    assert_only(run, f"powers/jishu-hetong-dengji.yaml:{line_of(item, '# 审核人')}:19: error: 含有不可见字符 U+202E（从右至左覆盖）")
