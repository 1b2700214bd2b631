"""Hostile pull requests: input built to crash the checker, to slip wrong facts
past it, or to make it report at the wrong place.

Every case runs the real `powerlist check` on a copy of the example data and
asserts the exact `file:line:col` of a Chinese diagnostic, exit 1, no
traceback and no other file affected.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT, edit, line_of
from powerlist.core.catalog import load_catalog

TECH = "powers/jishu-hetong-dengji.yaml"      # uses the yishenqing template
OTHER = "powers/keji-chengguo-dengji.yaml"    # uses it too
TPY = "powers/keji-tepaiyuan-shenbao.yaml"    # inline flow
TPL = "flows/yishenqing.yaml"

DIAG = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<rest>.*) \[(?P<rule>PL\d{3})\]$")
# English that pydantic or libyaml would say; a Chinese message never contains a run of Latin words
ENGLISH = re.compile(r"[A-Za-z]{3,}(?: [A-Za-z]{2,}){2,}")


def diags(run) -> list[str]:
    return [ln for ln in run.lines if DIAG.match(ln)]


def rules(run) -> list[str]:
    return [DIAG.match(ln)["rule"] for ln in diags(run)]


def assert_exactly(run, *expected: str) -> None:
    """Exit 1 and exactly these diagnostics (each matched as a prefix, in order)."""
    lines = diags(run)
    assert run.code == 1, run.out
    assert len(lines) == len(expected), run.out
    for line, prefix in zip(lines, expected):
        assert line.startswith(prefix), f"{line!r} does not start with {prefix!r}\n{run.out}"
    assert "Traceback" not in run.out + run.err


def row(path: Path, needle: str) -> int:
    """1-based line of `needle` as an editor counts lines (LF only; unlike
    str.splitlines, which also breaks at VT, FF, NEL, LS and PS)."""
    for no, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if needle in line:
            return no
    raise AssertionError(f"{needle!r} not in {path}")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def insert(path: Path, anchor: str, new: str) -> Path:
    return write(path, path.read_text(encoding="utf-8").replace(anchor, new, 1))


# --- 3. tracebacks instead of diagnostics ---------------------------------------

CONTROL = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1b", "\x1f", "\x7f", "\x80", "\x85", "\x9f", "\ufffe", "\uffff"]


@pytest.mark.parametrize("ch", CONTROL, ids=[f"U+{ord(c):04X}" for c in CONTROL])
def test_raw_control_character_is_reported_at_its_place(project: Path, check, ch: str) -> None:
    f = insert(project / TECH, "name: 技术合同认定登记", f"name: 技术合同{ch}认定登记")
    run = check("powers")
    assert_exactly(run, f"{TECH}:4:11: error: name: 含有不可见的控制字符 U+{ord(ch):04X}")
    assert "[PL115]" in run.out
    assert f.read_text(encoding="utf-8").count("\n") > 100  # the rest of the file is intact


def test_raw_control_characters_from_word_everywhere(project: Path, check) -> None:
    """Vertical tab and form feed pasted into a template, a key and a comment:
    each reported once at its line, and the file is still checked."""
    f = insert(project / TPL, "name: 依申请办理", "name: 依申请\x0c办理")
    f = insert(f, "params:\n", "# 说明\x0b\nparams:\n")
    f = insert(f, "  review_lane:", "  review\x0b_lane:")
    run = check("powers")
    lines = diags(run)
    assert run.code == 1
    assert [DIAG.match(ln)["rule"] for ln in lines].count("PL115") == 3, run.out
    assert f"{TPL}:2:10: error: name: 含有不可见的控制字符 U+000C" in run.out
    assert f"{TPL}:{row(f, '# 说明')}:5: error: " in run.out
    assert f"{TPL}:{row(f, '  review')}:9: error: params: 含有不可见的控制字符 U+000B" in run.out


@pytest.mark.parametrize("text,rule", [
    ("units: " + "[" * 300 + "科技创新股" + "]" * 300, "PL112"),
    ("units: " + "[" * 5000 + "科技创新股" + "]" * 5000, "PL112"),
    ("units: " + "[" * 5000, "PL112"),
    ("units: " + "{a: " * 2000 + "1" + "}" * 2000, "PL112"),
    ("units:\n" + "".join("  " * i + "- \n" for i in range(1, 40)) + "  " * 40 + "- 科技创新股", "PL112"),
    ("units: " + "- " * 3000 + "x", "PL105"),
])
def test_deep_nesting_is_bounded(project: Path, check, text: str, rule: str) -> None:
    f = edit(project / TECH, "units: [科技创新股]", text)
    run = check("powers")
    line = line_of(f, "units:")
    lines = diags(run)
    assert run.code == 1 and lines, run.out
    assert all(ln.startswith(f"{TECH}:") for ln in lines), run.out
    assert rule in rules(run), run.out
    assert all(int(DIAG.match(ln)["line"]) >= line for ln in lines), run.out
    assert not ENGLISH.search(run.out), run.out
    assert "nesting" not in run.out


def test_deep_nesting_in_a_template(project: Path, check) -> None:
    f = edit(project / TPL, "    lane: 申请人\n", "    lane: " + "[" * 2000 + "]" * 2000 + "\n")
    run = check("powers")
    assert f"{TPL}:{line_of(f, 'lane: [[[')}:" in run.out and "[PL112]" in run.out
    assert run.code == 1 and not ENGLISH.search(run.out)


@pytest.mark.parametrize("number", ["9" * 5000, "-" + "1" * 4400, "0x" + "f" * 20000, "0b_", "1" * 70],
                         ids=["5000-digits", "negative-4400", "hex-20000", "empty-binary", "70-digits"])
def test_huge_or_broken_integers(project: Path, check, number: str) -> None:
    f = edit(project / TECH, "  visits: 1\n", f"  visits: {number}\n")
    run = check("powers")
    assert_exactly(run, f"{TECH}:{line_of(f, '  visits: ')}:11: error: service.visits: ")
    assert "[PL204]" in run.out and len(run.out) < 2000, run.out


def test_impossible_date(project: Path, check) -> None:
    f = edit(project / TECH, "  hours: 工作日", "  schedule: 2026-02-30\n  hours: 工作日")
    run = check("powers")
    assert_exactly(run, f"{TECH}:{line_of(f, 'schedule:')}:13: error: service.schedule: 未加引号的 2026-02-30")
    assert "[PL204]" in run.out


PY_NAMES = ["str", "int", "list", "dict", "bool", "none", "float", "function-after", "constrained-str",
            "a[0]", '"[key]"', '"list[str]"', "'[0]'"]


@pytest.mark.parametrize("key", PY_NAMES)
def test_unknown_key_named_like_a_python_type_at_the_top(project: Path, check, key: str) -> None:
    f = edit(project / TECH, "type: 行政确认\n", f"type: 行政确认\n{key}: x\n")
    shown = key.strip("'\"")
    run = check("powers")
    assert_exactly(run, f"{TECH}:{line_of(f, key + ': x')}:1: error: {shown}: 未知字段 {shown}；")
    assert "[PL201]" in run.out


@pytest.mark.parametrize("key", PY_NAMES)
def test_unknown_key_named_like_a_python_type_deeper(project: Path, check, key: str) -> None:
    f = edit(project / TECH, "  hours:", f"  {key}: x\n  hours:")
    shown = key.strip("'\"")
    run = check("powers")
    assert_exactly(run, f"{TECH}:{line_of(f, '  ' + key + ': x')}:3: error: service.{shown}: 未知字段 {shown}；")


@pytest.mark.parametrize("key", ["str", "int", "none", "constrained-str", '"[key]"', "a[0]"])
def test_keys_named_like_python_types_in_template_parameters(project: Path, check, key: str) -> None:
    """`flow.with` is a dict of str | int: pydantic puts its union tags and
    `[key]` right after the user's key; neither may be mistaken for the other."""
    shown = key.strip("'\"")
    f = edit(project / TECH, "    result: 技术合同登记证明\n", f"    result: 技术合同登记证明\n    {key}: [1]\n")
    run = check("powers")
    line = line_of(f, f"    {key}: [1]")
    lines = diags(run)
    assert run.code == 1 and lines, run.out
    assert all(ln.startswith(f"{TECH}:{line}:") for ln in lines), run.out
    assert len(lines) == len(set(lines))
    assert any(f"flow.with.{shown}: " in ln for ln in lines), run.out


def test_union_value_of_the_wrong_type_is_one_diagnostic(project: Path, check) -> None:
    f = edit(project / TECH, "    result: 技术合同登记证明\n", "    result: [技术合同登记证明]\n")
    run = check("powers")
    assert_exactly(run, f"{TECH}:{line_of(f, '    result: [')}:13: error: flow.with.result: 应为文字或整数，实际写的是列表 [PL203]")


def test_unknown_key_under_an_override_named_like_a_tag(project: Path, check) -> None:
    f = edit(project / TECH, "      label: 退还合同文本\n", "      label: 退还合同文本\n      '[key]': 1\n      str: 2\n")
    run = check("powers")
    assert_exactly(run,
                   f"{TECH}:{line_of(f, chr(39) + '[key]')}:7: error: flow.override.deliver-deny.[key]: 未知字段 [key]",
                   f"{TECH}:{line_of(f, '      str: 2')}:7: error: flow.override.deliver-deny.str: 未知字段 str")


def test_bad_key_of_a_dict_is_reported_at_the_key(project: Path, check) -> None:
    f = edit(project / TECH, "    deliver-deny:\n", "    Deliver-Deny:\n")
    run = check("powers")
    assert_exactly(run, f"{TECH}:{line_of(f, 'Deliver-Deny:')}:5: error: flow.override.Deliver-Deny: 字段名“Deliver-Deny”格式不对：步骤 id")


def test_unreadable_file(project: Path, check, monkeypatch: pytest.MonkeyPatch) -> None:
    import powerlist.core.safefile as ys

    real_open = os.open

    def deny(path, flags, *args, **kwargs):
        if str(path).endswith("jishu-hetong-dengji.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(ys.os, "open", deny)
    run = check("powers")
    assert_exactly(run, f"{TECH}:1:1: error: 文件无法读取：没有读取权限")
    assert "[PL113]" in run.out and "Permission" not in run.out


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_for_real(project: Path, check) -> None:
    (project / TECH).chmod(0)
    run = check("powers")
    assert_exactly(run, f"{TECH}:1:1: error: 文件无法读取")


def test_file_that_vanishes_during_the_check(project: Path, check, monkeypatch: pytest.MonkeyPatch) -> None:
    import powerlist.core.catalog as catalog

    def then_delete(find, path):
        def found(folder):
            out = find(folder)
            (project / path).unlink()
            return out
        return found

    monkeypatch.setattr(catalog, "item_files", then_delete(catalog.item_files, TECH))
    monkeypatch.setattr(catalog, "template_files", then_delete(catalog.template_files, TPL))
    run = check("powers")
    lines = diags(run)
    assert f"{TECH}:1:1: error: 文件无法读取：文件在检查过程中被删除或移动" in run.out, run.out
    assert run.code == 1 and "Traceback" not in run.out + run.err
    assert f"{TPL}:1:1: error: 文件无法读取：文件在检查过程中被删除或移动" in run.out, run.out
    assert all(DIAG.match(ln)["rule"] == "PL113" for ln in lines), run.out  # and no "template does not exist"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_named_yaml_does_not_hang(project: Path) -> None:
    os.mkfifo(project / "flows/pipe.yaml")
    os.mkfifo(project / "powers/pipe.yaml")
    os.mkfifo(project / "powers/_pipe.yaml")
    proc = subprocess.run([sys.executable, "-m", "powerlist", "check", "powers"], cwd=project,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    out = proc.stdout
    assert "flows/pipe.yaml:1:1: error: 不是普通文件（是命名管道）" in out
    assert "powers/pipe.yaml:1:1: error: 不是普通文件（是命名管道）" in out
    assert len([ln for ln in out.splitlines() if DIAG.match(ln)]) == 2, out


def test_fifo_as_site_config_does_not_hang(project: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    (project / "powers/_site.yaml").unlink()
    os.mkfifo(project / "powers/_site.yaml")
    proc = subprocess.run([sys.executable, "-m", "powerlist", "check", "powers"], cwd=project,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "powers/_site.yaml:1:1: error: 不是普通文件（是命名管道）" in proc.stdout


def test_directory_named_yaml(project: Path, check) -> None:
    (project / "flows/dir.yaml").mkdir()
    (project / "powers/dir.yml").mkdir()
    run = check("powers")
    assert_exactly(run, "flows/dir.yaml:1:1: error: 不是普通文件（是目录）", "powers/dir.yml:1:1: error: 不是普通文件（是目录）")
    assert rules(run) == ["PL114", "PL114"]


def test_every_libyaml_problem_is_explained_in_chinese() -> None:
    from powerlist.core.yamlsource import _problem_zh

    for problem in ["exceeded maximum nesting depth", "found a tab character that violates indentation",
                    "some problem libyaml will add next year", None]:
        msg = _problem_zh(problem)
        assert not ENGLISH.search(msg) and "nesting" not in msg and "libyaml" not in msg, msg


@pytest.mark.parametrize("typ,msg", [
    ("recursion_loop", "Recursion error - cyclic reference detected"),
    ("some_future_error", "Some future error text"),
    ("int_parsing_size", "Unable to parse input string as an integer, exceeded maximum size"),
    ("dict_type", "Input should be a valid dictionary"),
    ("value_error", "Value error, something English"),
])
def test_explain_never_leaks_english(typ: str, msg: str) -> None:
    from powerlist.core.models import PowerItem
    from powerlist.core.validate import explain
    from powerlist.core.yamlsource import parse

    src, _ = parse((ROOT / TECH).read_bytes(), TECH)
    err = {"type": typ, "loc": ("service", "visits"), "msg": msg, "input": 3,
           "ctx": {"error": ValueError(msg)} if typ == "value_error" else {}}
    d = explain(PowerItem, src, (), err)
    assert not ENGLISH.search(d.message) and "error" not in d.message.lower(), d.message
    assert d.line == line_of(ROOT / TECH, "  visits:")


# --- 4. wrong facts accepted silently, or reported at the wrong place -----------

@pytest.mark.parametrize("old,new,path,col", [
    ("  visits: 1\n", "  visits: yes\n", "service.visits", 11),
    ("  visits: 1\n", "  visits: off\n", "service.visits", 11),
    ("      copies: 2\n", "      copies: y\n", "service.materials[0].copies", 15),
    ("      copies: 2\n", "      copies: on\n", "service.materials[0].copies", 15),
    ("      depth: 2\n", "      depth: no\n", "service.channels.online.depth", 14),
    ("      depth: 2\n", "      depth: true\n", "service.channels.online.depth", 14),
])
def test_booleans_never_become_integers(project: Path, check, old, new, path, col) -> None:
    f = edit(project / TECH, old, new)
    run = check("powers")
    word = new.split(": ")[1].strip()
    assert_exactly(run, f"{TECH}:{line_of(f, new.rstrip())}:{col}: error: {path}: 应为整数，实际写的是")
    assert word in run.out and "[PL203]" in run.out


@pytest.mark.parametrize("old,new,path", [
    ("  visits: 1\n", "  visits: '1'\n", "service.visits"),
    ("  visits: 1\n", "  visits: 1.0\n", "service.visits"),
    ("    charged: false\n", "    charged: 0\n", "service.fee.charged"),
    ("    charged: false\n", "    charged: 'false'\n", "service.fee.charged"),
    ("    window: true\n", "    window: 1\n", "service.channels.window"),
])
def test_no_silent_conversion_between_numbers_text_and_booleans(project: Path, check, old, new, path) -> None:
    f = edit(project / TECH, old, new)
    run = check("powers")
    assert_exactly(run, f"{TECH}:{line_of(f, new.rstrip())}:")
    assert f": error: {path}: 应为" in run.out and "[PL203]" in run.out


def test_strict_integer_in_the_site_config(project: Path, check) -> None:
    f = edit(project / "powers/_site.yaml", "promise: 最多跑一次\n", "promise: 最多跑一次\nmax_file_bytes: yes\n")
    run = check("powers")
    assert f"powers/_site.yaml:{line_of(f, 'max_file_bytes')}:17: error: max_file_bytes: 应为整数" in run.out


@pytest.mark.parametrize("key,read_as", [
    ("on", "布尔值 true"), ("no", "布尔值 false"), ("Yes", "布尔值 true"), ("1", "整数 1"), ("007", "整数 7"),
    ("1.5", "小数 1.5"), ("null", "空值"), ("~", "空值"), ("2026-01-01", "日期 2026-01-01"),
])
def test_key_read_as_a_non_string_is_reported_at_the_key(project: Path, check, key: str, read_as: str) -> None:
    f = edit(project / TECH, "  hours:", f"  {key}: x\n  hours:")
    run = check("powers")
    assert_exactly(run, f"{TECH}:{line_of(f, '  ' + key + ': x')}:3: error: service: 未加引号的字段名 {key} 被 YAML 读成了{read_as}")
    assert "[PL204]" in run.out


def test_key_read_as_a_boolean_at_the_top(project: Path, check) -> None:
    f = edit(project / TECH, "levels: [县级]\n", "levels: [县级]\non: x\n")
    run = check("powers")
    assert_exactly(run, f"{TECH}:{line_of(f, 'on: x')}:1: error: 未加引号的字段名 on 被 YAML 读成了布尔值 true")


@pytest.mark.parametrize("length", [2, 3, 5])
def test_cycle_in_the_parent_chain(project: Path, check, length: int) -> None:
    items = sorted(p.name for p in (project / "powers").glob("[!_]*.yaml"))[:length]
    ids = [n[:-5] for n in items]
    for i, name in enumerate(items):
        f = project / "powers" / name
        text = f.read_text(encoding="utf-8")
        text = re.sub(r"^parent: .*\n", "", text, flags=re.M)
        write(f, text.replace("\nname: ", f"\nparent: {ids[(i + 1) % length]}\nname: ", 1))
    run = check("powers")
    lines = [ln for ln in diags(run) if ln.endswith("[PL307]")]
    assert run.code == 1
    assert len(lines) == length, run.out
    for name, ident, line in zip(items, ids, lines):
        cycle = " → ".join(ids[ids.index(ident):] + ids[:ids.index(ident)] + [ident])
        assert line.startswith(f"powers/{name}:{line_of(project / 'powers' / name, 'parent:')}:9: error: parent: "
                               f"上级事项形成循环：{cycle}"), line


def test_parent_chain_into_a_cycle_is_not_itself_a_cycle(project: Path, check) -> None:
    f = edit(project / TECH, "\nname: ", "\nparent: keji-chengguo-dengji\nname: ")
    edit(project / OTHER, "\nname: ", "\nparent: keji-tepaiyuan-shenbao\nname: ")
    edit(project / TPY, "\nname: ", "\nparent: keji-chengguo-dengji\nname: ")
    run = check("powers")
    assert [ln.split(":")[0] for ln in diags(run) if ln.endswith("[PL307]")] == [OTHER, TPY]
    assert TECH not in run.out
    assert f


@pytest.mark.parametrize("escape,code", [
    ("\\x0b", "U+000B"), ("\\0", "U+0000"), ("\\a", "U+0007"), ("\\e", "U+001B"), ("\\x7f", "U+007F"),
    ("\\N", "U+0085"), ("\\x9b", "U+009B"), ("\\uFFFE", "U+FFFE"), ("\\v", "U+000B"), ("\\f", "U+000C"),
])
def test_escaped_control_character_in_a_value(project: Path, check, escape: str, code: str) -> None:
    f = edit(project / TECH, "name: 技术合同认定登记", f'name: "技术合同{escape}认定登记"')
    run = check("powers")
    assert_exactly(run, f"{TECH}:{line_of(f, 'name:')}:7: error: name: 含有不可见的控制字符 {code}")
    assert "[PL115]" in run.out


def test_escaped_control_character_in_a_key_and_a_template(project: Path, check) -> None:
    f = edit(project / TECH, "  hours:", '  "hou\\0rs":')
    t = edit(project / TPL, "    label: 提交申请材料\n", '    label: "提交\\x0b申请材料"\n')
    run = check("powers")
    assert f"{TECH}:{line_of(f, 'hou')}:3: error: service: 含有不可见的控制字符 U+0000" in run.out
    assert f"{TPL}:{line_of(t, 'label: ' + chr(34) + '提交')}:12: error: steps[0].label: 含有不可见的控制字符 U+000B" in run.out
    assert run.code == 1


def test_escaped_control_character_never_reaches_a_chart(project: Path, check, capsys) -> None:
    from powerlist.cli.main import main

    edit(project / TPY, "      label: 个人申请，所在单位签署意见\n", '      label: "个人申请\\0，所在单位\\x0b签署意见"\n')
    assert check("powers").code == 1
    code = main(["draw", "keji-tepaiyuan-shenbao", "-o", "out.svg"])
    capsys.readouterr()
    if code == 0:  # drawing an item with errors may be refused; if drawn, it is valid XML
        data = (project / "out.svg").read_bytes()
        assert b"\x00" not in data and b"\x0b" not in data
        ET.fromstring(data)


LS, PS = "\u2028", "\u2029"


def test_unicode_line_separators_do_not_shift_lines(project: Path, check) -> None:
    f = edit(project / TECH, "  - title: 中华人民共和国民法典\n", f'  - title: "中华人民共和国{LS}民法典{PS}"\n')
    f = edit(f, "type: 行政确认", "type: 行政确定")
    run = check("powers")
    line = f.read_text(encoding="utf-8").split("\n").index("type: 行政确定") + 1
    assert line == 5
    title = line_of(f, "  - title: ")
    assert_exactly(run, f"{TECH}:{line}:7: error: type: 未知的权力类型“行政确定”",
                   # a line separator in a name is an invisible character too (issue 21), told where it is
                   f"{TECH}:{title}:20: error: basis[0].title: 含有不可见字符 U+2028（行分隔符）")
    f = edit(f, "type: 行政确定", "type: 行政确认")
    f = edit(f, f'  - title: "中华人民共和国{LS}民法典{PS}"\n', "  - title: 中华人民共和国民法典\n")
    f = edit(f, "  fee:\n    charged: false\n", f"  fee:\n    charged: false\n  # {LS}{LS}{PS}\n")
    edit(f, "  visits: 1\n", "  visits: 9\n")
    run = check("powers")
    visits = f.read_text(encoding="utf-8").split("\n").index("  visits: 9") + 1
    assert any(ln.startswith(f"{TECH}:{visits}:11: error: service.visits: ") for ln in diags(run)), run.out


def test_unicode_line_separator_mid_line_keeps_the_column(project: Path, check) -> None:
    f = edit(project / TECH, "subject:\n  name: 焦作市解放区科学技术和工业信息化局\n  nature: 受委托组织\n",
             f'subject: {{name: "焦作{LS}市", nature: 受托组织}}\n')
    run = check("powers")
    line = line_of(f, "subject:")
    col = f.read_text(encoding="utf-8").split("\n")[line - 1].index("受托组织") + 1
    name = f.read_text(encoding="utf-8").split("\n")[line - 1].index(LS) + 1
    assert_exactly(run, f"{TECH}:{line}:{name}: error: subject.name: 含有不可见字符 U+2028（行分隔符）",  # issue 21
                   f"{TECH}:{line}:{col}: error: subject.nature: “受托组织”不是允许的取值")


def test_line_separator_before_a_syntax_error(project: Path, check) -> None:
    f = edit(project / TECH, "# yaml-language-server", f"# {LS}{LS}{LS}\n# yaml-language-server")
    f = edit(f, "name: 技术合同认定登记", "name: [技术合同认定登记")
    run = check("powers")
    rows = f.read_text(encoding="utf-8").split("\n")
    line = next(i for i, r in enumerate(rows, 1) if r.startswith("type:"))
    assert DIAG.match(diags(run)[-1])["line"] == str(line), run.out


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_values_cannot_forge_diagnostic_lines(project: Path, check, fmt: str) -> None:
    forged = "powers/keji-chengguo-dengji.yaml:1:1: error: 伪造 [PL101]"
    edit(project / TECH, "type: 行政确认", f'type: "行政\\n{forged}\\r\\n{forged}{LS}{forged}"')
    run = check("powers", "--format", fmt)
    assert run.code == 1
    out_lines = run.out.split("\n")
    assert not any(ln.startswith("powers/keji-chengguo-dengji.yaml") for ln in out_lines), run.out
    assert not any(ln.startswith("::") and "keji-chengguo" in ln.split("::")[1] for ln in out_lines)
    # two diagnostics (an unknown type, and the invisible U+2028 in it: issue 21) and the summary
    assert len([ln for ln in out_lines if ln]) == 3
    assert LS not in run.out and "\r" not in run.out
    if fmt == "text":
        assert "行政\\n" + forged in run.out  # a newline is shown as \n


def test_text_output_escapes_the_file_name_and_key(project: Path, check) -> None:
    edit(project / TECH, "  hours:", '  "ho\\nurs\\u2028x":')
    run = check("powers")
    lines = [ln for ln in run.out.split("\n") if ln]
    assert len(lines) == len(diags(run)) + 1, run.out
    assert "ho\\nurs\\u2028x" in run.out


def test_symlinked_item_is_refused_without_reading_it(project: Path, check, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("outside")
    secret = outside / "secret.yaml"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    good = outside / "good.yaml"
    good.write_text((project / TECH).read_text(encoding="utf-8").replace('"410802-QR-001"', '"410802-QR-099"'),
                    encoding="utf-8")
    (project / "powers/secret.yaml").symlink_to(secret)
    (project / "powers/borrowed.yaml").symlink_to(good)
    (project / "powers/linked-dir").symlink_to(outside, target_is_directory=True)
    run = check("powers")
    assert_exactly(run,
                   "powers/borrowed.yaml:1:1: error: 不是普通文件（是符号链接）",
                   "powers/linked-dir:1:1: error: 不是普通文件（是符号链接）",
                   "powers/secret.yaml:1:1: error: 不是普通文件（是符号链接）")
    assert "root" not in run.out
    cat = load_catalog(project / "powers")
    assert "borrowed" not in cat.entries and "good" not in cat.entries and "secret" not in cat.entries


def test_symlinked_template_and_site_config(project: Path, check) -> None:
    (project / "flows/copy.yaml").symlink_to(project / TPL)
    site = project / "powers/_site.yaml"
    site.rename(project / "site.yaml")
    site.symlink_to(project / "site.yaml")
    run = check("powers")
    assert "flows/copy.yaml:1:1: error: 不是普通文件（是符号链接）" in run.out
    assert "powers/_site.yaml:1:1: error: 不是普通文件（是符号链接）" in run.out
    assert run.code == 1 and "Traceback" not in run.out


def test_items_in_subfolders_per_unit(project: Path, check, capsys) -> None:
    from powerlist.cli.main import main

    sub = project / "powers/科技创新股"
    sub.mkdir()
    (project / TECH).rename(sub / "jishu-hetong-dengji.yaml")
    (project / OTHER).rename(sub / "keji-chengguo-dengji.yaml")
    assert check("powers").code == 0
    cat = load_catalog(project / "powers")
    assert cat.entries["jishu-hetong-dengji"].file == "powers/科技创新股/jishu-hetong-dengji.yaml"
    edit(sub / "jishu-hetong-dengji.yaml", "type: 行政确认", "type: 行政确定")
    run = check("powers")
    assert_exactly(run, "powers/科技创新股/jishu-hetong-dengji.yaml:5:7: error: type: 未知的权力类型")
    assert check("powers/科技创新股/keji-chengguo-dengji.yaml").code == 0
    assert main(["walk", "keji-chengguo-dengji"]) == 0
    capsys.readouterr()


def test_same_id_in_two_subfolders(project: Path, check) -> None:
    for unit in ("办公室", "科技创新股"):
        (project / "powers" / unit).mkdir()
    (project / "powers/办公室/jishu-hetong-dengji.yaml").write_text(
        (project / TECH).read_text(encoding="utf-8").replace('"410802-QR-001"', '"410802-QR-098"'), encoding="utf-8")
    (project / TECH).rename(project / "powers/科技创新股/jishu-hetong-dengji.yaml")
    run = check("powers")
    assert_exactly(run, "powers/科技创新股/jishu-hetong-dengji.yaml:1:1: error: 标识 jishu-hetong-dengji 与 "
                        "powers/办公室/jishu-hetong-dengji.yaml 重复 [PL301]")


def test_broken_template_is_reported_once_not_per_item(project: Path, check) -> None:
    f = edit(project / TPL, "params:", "parms:")
    run = check("powers")
    assert_exactly(run, f"{TPL}:{line_of(f, 'parms:')}:1: error: parms: 未知字段 parms")
    edit(f, "parms:", "params:")
    f = edit(f, "name: 依申请办理", "name: [依申请办理")
    run = check("powers")
    assert rules(run) == ["PL105"], run.out


def test_template_problem_that_depends_on_the_item_is_reported_once(project: Path, check) -> None:
    long = "一次性告知需要补正的全部内容" * 8
    f = edit(project / TPL, "    label: 一次性告知需要补正的全部内容\n", f'    label: "{{review_lane}}{long}"\n')
    edit(project / OTHER, "    review_lane: 科技创新股\n", "    review_lane: 工业和信息化股\n")  # another length
    run = check("powers")
    lines = [ln for ln in diags(run) if ln.startswith(TPL)]
    assert len(lines) == 1, run.out
    assert lines[0].startswith(f"{TPL}:{line_of(f, long)}:12: error: steps[2].label: 太长")


def test_a_fault_of_the_program_is_said_in_chinese_without_traceback(project: Path, check, monkeypatch) -> None:
    import powerlist.cli.main as cli

    def broken(*args, **kwargs):
        raise RuntimeError("internal bug")

    monkeypatch.setattr(cli, "load_catalog", broken)
    run = check("powers")
    assert run.code == 3
    assert "Traceback" not in run.err and "internal bug" not in run.err and "内部错误" in run.err
    monkeypatch.setenv("POWERLIST_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli.main(["check", "powers"])


def test_end_of_a_file_without_a_final_line_break_is_inside_the_file(project: Path, check) -> None:
    f = project / TECH
    text = f.read_text(encoding="utf-8").rstrip("\n") + "\n  hours"
    write(f, text)
    run = check("powers")
    last = text.count("\n") + 1
    assert_exactly(run, f"{TECH}:{last}:8: error: 缺少冒号")


@pytest.mark.parametrize("args", [["--format", "xml"], ["--flows"], ["--bogus"]])
def test_usage_errors_are_said_in_chinese(project: Path, check, args: list[str]) -> None:
    run = check("powers", *args)
    assert run.code == 2 and "用法错误" in run.err
    assert not ENGLISH.search(run.err.replace("usage", "")), run.err
    assert "invalid choice" not in run.err and "expected one argument" not in run.err and "unrecognized" not in run.err


def test_new_reads_no_link_and_waits_on_no_pipe(project: Path, capsys) -> None:
    import os as _os
    from powerlist.cli.main import main as cli_main

    outside = project.parent / "outside.yaml"
    outside.write_text('code: "410802-XK-900"\n', encoding="utf-8")
    (project / "powers/link.yaml").symlink_to(outside)
    _os.mkfifo(project / "powers/pipe.yaml")
    code = cli_main(["new", "--type", "行政许可", "--name", "新事项", "--unit", "科技创新股", "--id", "xin-shixiang"])
    assert code == 0, capsys.readouterr()
    text = (project / "powers/xin-shixiang.yaml").read_text(encoding="utf-8")
    assert '"410802-XK-900"' not in text and "410802-XK-9" not in text  # the link's code was not read


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.mark.parametrize("ident", ["../../evil", "../flows/x", "/tmp/powerlist-evil", "a/b", "..", "A-B", "xk 001",
                                   "x" * 101, "x-", "x--y", "x.yaml"])
def test_new_accepts_only_the_documented_id_form(project: Path, capsys, ident: str) -> None:
    """Issue 21: `new --id ../../evil` (or an absolute path, or ../flows/x)
    wrote outside powers/. Only the id form the loader accepts passes; any
    other is a Chinese usage error (exit 2) and nothing is written anywhere."""
    from powerlist.cli.main import main as cli_main

    root = project.parent
    before = _tree(root)
    code = cli_main(["new", "--type", "行政许可", "--name", "新事项", "--unit", "科技创新股", "--id", ident])
    out = capsys.readouterr()
    assert code == 2, out
    assert "不能作为事项标识" in out.err and "小写英文字母、数字和连字符" in out.err and "没有写入任何文件" in out.err
    assert "\n" not in out.err.rstrip("\n")
    assert _tree(root) == before
    assert not Path("/tmp/powerlist-evil.yaml").exists()
    # the documented form still works
    assert cli_main(["new", "--type", "行政许可", "--name", "新事项", "--id", "xin-shixiang-2"]) == 0
    assert (project / "powers/xin-shixiang-2.yaml").is_file()
