"""The wording of every diagnostic lives in the rule registry (`rules.py`):
rule sites call `say(code, variant, **fields)` and never write Chinese
themselves. These tests read the source (AST) to keep it so."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from powerlist.core.rules import RULES, say, template_fields

SRC = Path(__file__).resolve().parent.parent / "src/powerlist"
CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
RULE_CODE = re.compile(r"^PL\d{3}$")
_FIELD = re.compile(r"\{[^{}]*\}")

# The modules of the checker's rules: Chinese in them is wording of a
# message unless VOCABULARY says otherwise. (Other modules that make
# diagnostics are held to the call-site check.)
RULE_MODULES = {"core/validate.py", "core/lint.py", "core/catalog.py", "core/yamlsource.py", "core/yamlbuild.py", "core/safefile.py",
                "core/flow/shape.py", "core/flow/expand.py", "core/flow/promises.py", "core/flow/agree.py", "core/attachments.py"}
# Calls that make a diagnostic (or a finding, placed later) from a message.
DIAGNOSTIC_CALLS = {"Diagnostic", "Finding", "diag", "_err", "_refuse"}
# Modules whose pydantic validators raise ValueError: pydantic makes their
# message a diagnostic (PL205, PL207).
VALIDATOR_MODULES = {"core/models.py", "core/durations.py", "core/flow/model.py", "core/base.py"}
# What reads a list in Chinese, not what a message says.
CONNECTIVES = {"、", "；", "或", "无"}
# Chinese that rule modules may hold outside the registry: vocabulary (how a
# value, character or kind reads inside a message) and domain data the
# rules compare against, never a sentence of a message.
VOCABULARY = {
    ("core/validate.py", "_KIND"): "what kind of value pydantic expected: 文字, 整数, 列表…",
    ("core/validate.py", "_describe"): "how a value reads: 数字 3, 文字“…”",
    ("core/validate.py", "_LIST_COMMAS"): "the Chinese commas written between list items by mistake",
    ("core/yamlsource.py", "_FULLWIDTH_COLON"): "a key followed by a full-width colon",
    ("core/yamlbuild.py", "_CONTROL_NAMES"): "names of control characters",
    ("core/yamlbuild.py", "YAML_READ_AS"): "what YAML read an unquoted value as",
    ("core/yamlbuild.py", "_short"): "a shortened value, with its length",
    ("core/lint.py", "PLACEHOLDER"): "what `powerlist new` leaves to fill in",
    ("core/lint.py", "_SEVERAL"): "separators of several phone numbers",
    ("core/lint.py", "LICENSING_STAGES"): "the stages a licence needs",
    ("core/lint.py", "_PROMISED_VISITS"): "the site promises and the visits they allow",
    ("core/lint.py", "_ENTRUSTED"): "the sources of an entrusted power",
    ("core/lint.py", "_DELEGATED"): "the sources of a delegated power",
    ("core/lint.py", "_delegation"): "the sources a delegation block belongs to",
    ("core/flow/agree.py", "_NOT"): "words that negate a claim",
    ("core/flow/agree.py", "_MAIL"): "words that claim mail",
    ("core/flow/agree.py", "_ONLINE"): "words that claim online service",
    ("core/flow/agree.py", "_DELIVERY_WORDS"): "words of a delivery step",
    ("core/flow/agree.py", "_WINDOW"): "words that claim a visit to the window",
    ("core/flow/agree.py", "_WINDOW_RESULT"): "words of a result collected in person",
    ("core/flow/agree.py", "_delivers"): "the delivery stage",
    ("core/flow/shape.py", "EXCLUDED_STAGES"): "stages no step carries out",
    ("core/flow/shape.py", "_split"): "how a stage name joins several stages",
    ("core/flow/promises.py", "_TITLES"): "the names of the promises (walk, pages)",
    ("core/flow/promises.py", "_VISIT_WORDS"): "the names of the visit promises",
    ("core/attachments.py", "KIND_NAMES"): "what a kind of file is called inside a message",
    ("core/attachments.py", "TYPES_SHOWN"): "the kinds of file that may be attached, listed in a message",
}


def _modules() -> dict[str, ast.Module]:
    return {p.relative_to(SRC).as_posix(): ast.parse(p.read_text(encoding="utf-8"), str(p))
            for p in sorted(SRC.rglob("*.py")) if p.name != "rules.py"}


MODULES = _modules()


def _name(func: ast.expr) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _cjk_constants(node: ast.AST) -> list[ast.Constant]:
    return [n for n in ast.walk(node)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and CJK.search(n.value)]


def _where(module: str, node: ast.AST) -> str:
    return f"src/powerlist/{module}:{node.lineno}"  # type: ignore[attr-defined]


def _is_diagnostic_call(module: str, call: ast.Call) -> bool:
    name = _name(call.func)
    if name == "say":
        return False
    if name in DIAGNOSTIC_CALLS:
        return True
    if name == "ValueError" and module in VALIDATOR_MODULES:
        return True
    return any(isinstance(a, ast.Constant) and isinstance(a.value, str) and RULE_CODE.match(a.value)
               for a in call.args)  # a wrapper given the rule's code


def message_composed_at_call(module: str, tree: ast.Module) -> list[str]:
    """Chinese written into the arguments of a call that makes a diagnostic."""
    out = []
    for call in ast.walk(tree):
        if isinstance(call, ast.Call) and _is_diagnostic_call(module, call):
            for arg in [*call.args, *(k.value for k in call.keywords)]:
                out += [f"{_where(module, c)}: {c.value!r}" for c in _cjk_constants(arg) if c.value not in CONNECTIVES]
    return out


def _top_name(stmt: ast.stmt) -> str | None:
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return stmt.name
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
        return stmt.targets[0].id
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return stmt.target.id
    return None


def wording_outside_registry(module: str, tree: ast.Module) -> list[str]:
    """Chinese anywhere in a rule module, other than docstrings,
    comparisons with data, connectives and VOCABULARY."""
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):  # docstrings
            allowed.add(id(node.value))
        elif isinstance(node, ast.Compare):  # `svc.case_type == "即办件"`: data, not wording
            allowed.update(id(c) for c in [node.left, *node.comparators] if isinstance(c, ast.Constant))
    out = []
    for stmt in tree.body:
        if (module, _top_name(stmt)) in VOCABULARY:
            continue
        for c in _cjk_constants(stmt):
            if id(c) not in allowed and c.value not in CONNECTIVES:
                out.append(f"{_where(module, c)}: {c.value!r}")
    return out


def test_no_message_is_composed_outside_the_registry() -> None:
    assert RULE_MODULES <= MODULES.keys()
    found = []
    for module, tree in MODULES.items():
        found += message_composed_at_call(module, tree)
        if module in RULE_MODULES:
            found += wording_outside_registry(module, tree)
    assert found == [], "write the wording in rules.py and call say(...):\n" + "\n".join(sorted(set(found)))


@pytest.mark.parametrize("source", [
    'Finding("PL405", loc, "到现场 0 次")',
    'src.diag("PL303", ("parent",), f"上级事项 {parent} 不存在")',
    'flow.diag("PL508", i, None, say("PL508", label=s.label) + "；请改用判断步骤")',
    'Diagnostic("PL113", file, 1, 1, "", message="文件无法读取")',
    'self._refuse(node, "未加引号的数字")',
    'out.append(x.diag("PL201", loc, f"未知字段 {key}" if near else say("PL201")))',
    '_at(row, "name", "PL608", "", message=f"{file} 已存在")',
])
def test_a_message_written_at_its_rule_site_is_caught(source: str) -> None:
    tree = ast.parse(f"def rule(src, flow, loc, x, i, s, file, node, parent, key, near, out, row, self):\n    {source}\n")
    assert message_composed_at_call("core/lint.py", tree)


def test_a_message_made_before_its_call_is_caught() -> None:
    tree = ast.parse('def rule(src, loc, v):\n    m = f"时限 {v} 不对"\n    return src.diag("PL207", loc, m)\n')
    assert not message_composed_at_call("core/lint.py", tree)  # the call alone looks clean...
    assert wording_outside_registry("core/lint.py", tree)  # ...the module does not
    raised = ast.parse('def parse(v):\n    raise ValueError(f"无法识别的时限“{v}”")\n')
    assert message_composed_at_call("core/durations.py", raised)


def test_every_rule_has_chinese_messages_that_format_with_their_fields() -> None:
    for rule in RULES.values():
        assert rule.messages, f"{rule.code} has no message"
        for variant, template in rule.messages.items():
            fields = template_fields(template)
            text = say(rule.code, variant, **{f: 1234 for f in fields})
            assert text == template.format(**{f: 1234 for f in fields})
            assert CJK.search(_FIELD.sub("", template)), f"{rule.code} {variant!r} is not Chinese"


def test_say_refuses_anything_but_a_whole_message() -> None:
    assert say("PL301", id="a", other="b.yaml") == "标识 a 与 b.yaml 重复"
    with pytest.raises(KeyError):
        say("PL999")
    with pytest.raises(KeyError):
        say("PL301", "nosuch", id="a", other="b")
    with pytest.raises(TypeError):
        say("PL301", id="a")  # a field missing
    with pytest.raises(TypeError):
        say("PL301", id="a", other="b", extra="c")  # a field the message does not show
    with pytest.raises(ValueError):
        template_fields("{value.__class__}")


def _imports_say(tree: ast.Module) -> bool:
    return any(isinstance(n, ast.ImportFrom) and (n.module or "").endswith("rules") and any(a.name == "say" for a in n.names)
               for n in ast.walk(tree))


def _says() -> list[tuple[str, ast.Call]]:
    return [(m, n) for m, tree in MODULES.items() if _imports_say(tree) for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "say"]


def _variants(arg: ast.expr | None) -> list[str] | None:
    """The variants a say() argument can be; None when computed (a table)."""
    if arg is None:
        return [""]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return [arg.value]
    if isinstance(arg, ast.IfExp):
        a, b = _variants(arg.body), _variants(arg.orelse)
        return None if a is None or b is None else a + b
    return None


def test_every_say_names_a_message_of_the_registry_with_its_fields() -> None:
    """Each say() with its code and variant written out names a message and
    gives exactly its fields; one that computes them (a table, a wrapper,
    an exception carrying them) is checked by say() when it runs. Every
    message is said somewhere: as written, or named by text in the source
    where some say() computes which one."""
    said: set[tuple[str, str]] = set()
    computed: set[str] = set()  # codes whose variant some say() computes; "*": codes computed too
    problems = []
    for module, call in _says():
        where = _where(module, call)
        code = call.args[0] if call.args else None
        if not (isinstance(code, ast.Constant) and isinstance(code.value, str)):
            computed.add("*")
            continue
        if code.value not in RULES:
            problems.append(f"{where}: no rule {code.value}")
            continue
        rule = RULES[code.value]
        if len(call.args) > 2:
            problems.append(f"{where}: say(code, variant, name=value) only")
            continue
        given = {k.arg for k in call.keywords}
        spread = None in given  # **fields: checked when it runs
        variants = _variants(call.args[1] if len(call.args) > 1 else None)
        if variants is None:
            computed.add(rule.code)
            if not spread and not any(template_fields(t) == given for t in rule.messages.values()):
                problems.append(f"{where}: no message of {rule.code} has the fields {sorted(given)}")
            continue
        for variant in variants:
            said.add((rule.code, variant))
            if variant not in rule.messages:
                problems.append(f"{where}: {rule.code} has no message {variant!r}")
            elif not spread and template_fields(rule.messages[variant]) != given:
                problems.append(f"{where}: {rule.code} {variant!r} takes {sorted(template_fields(rule.messages[variant]))},"
                                f" given {sorted(given)}")
    texts = {c.value for tree in MODULES.values() for c in ast.walk(tree)
             if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    for rule in RULES.values():
        for variant in rule.messages:
            named = variant in texts and (rule.code in computed or ("*" in computed and rule.code in texts))
            if (rule.code, variant) not in said and not named:
                problems.append(f"{rule.code} {variant!r} is said nowhere")
    assert problems == [], "\n".join(problems)


def test_tables_of_variants_name_registered_messages() -> None:
    from powerlist.core import safefile, validate, yamlsource

    tables = {
        "PL105": [v for _, v in yamlsource._PROBLEMS],
        "PL114": [v for _, v in safefile._KINDS] + ["special"],
        "PL205": [*validate._OTHER.values(), *validate._PATTERN_HINTS.values(), *validate._KEY_HINTS.values()],
    }
    for code, variants in tables.items():
        assert set(variants) <= set(RULES[code].messages), code


# --- line and paragraph separators (issue 21) ---------------------------------------------------

def _check_text(tmp_path: Path, text: str):
    """`powerlist check` of the example list with jishu-hetong-dengji.yaml replaced by `text`."""
    import shutil

    from conftest import ROOT
    from powerlist.core.catalog import load_catalog

    for name in ("powers", "flows", "changes"):
        shutil.copytree(ROOT / name, tmp_path / name)
    (tmp_path / "powers/jishu-hetong-dengji.yaml").write_text(text, encoding="utf-8")
    return [d for d in load_catalog(tmp_path / "powers").diagnostics if d.is_error]


def _example() -> str:
    from conftest import ROOT

    return (ROOT / "powers/jishu-hetong-dengji.yaml").read_text(encoding="utf-8")


def test_a_line_separator_in_a_plain_scalar_is_named_at_its_own_line_and_column(tmp_path: Path) -> None:
    """It was "缺少冒号" one line below, never naming the character."""
    text = _example().replace("name: 技术合同认定登记", "name: 技术\u2028合同认定登记", 1)
    line = text.split("\n").index("name: 技术\u2028合同认定登记") + 1
    errors = _check_text(tmp_path, text)
    assert [(d.rule, d.line, d.col, d.path) for d in errors] == [("PL116", line, 9, "name")]
    assert errors[0].message.startswith("含有不可见字符 U+2028（行分隔符）：编辑器不把它当作换行，YAML 却把它当作换行")


@pytest.mark.parametrize("ch, rule, name", [("\u0085", "PL115", "U+0085（下一行符）"), ("\u2028", "PL116", "U+2028（行分隔符）"),
                                            ("\u2029", "PL116", "U+2029（段分隔符）")])
def test_a_separator_in_a_comment_is_named_and_nothing_else_is_said(tmp_path: Path, ch: str, rule: str, name: str) -> None:
    """In a comment it added a spurious "一个文件只能有一个文档"."""
    text = _example().replace("type: 行政确认", f"# 注释{ch}---\ntype: 行政确认  # 说明{ch}后面: x", 1)
    rows = text.split("\n")  # as an editor counts lines: only \n
    line = next(i for i, r in enumerate(rows, 1) if r.startswith("# 注释"))
    errors = _check_text(tmp_path, text)
    assert [(d.rule, d.line, d.col) for d in errors] == [(rule, line, 5), (rule, line + 1, 17)], [d.text() for d in errors]
    assert all(name in d.message for d in errors)
    assert not any("一个文件只能有一个文档" in d.message for d in errors)
