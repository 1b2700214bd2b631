"""The `powerlist` command: a thin adapter around the core.

Exit status: 0 no errors, 1 errors found, 2 wrong usage, 3 a fault of the
program itself (said in Chinese; the traceback only with POWERLIST_DEBUG=1).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import NoReturn

from .. import __version__
from ..core.bodies import BODY_FILE, OWN, modeline
from ..core.catalog import load_catalog
from ..core.layout import SITE_FILE
from ..core.diagnostics import FORMATTERS
from ..core.layout import changes_dir, flows_dir
from ..core.rules import say
from ..site.shards import AUTO_FROM, AUTO_SIZE
from ..history.repo import epoch_of
from ..view.walk import DEFAULT_LIMIT


# argparse's own messages, in Chinese (Python 3.11 wording)
_USAGE_ZH = [
    (re.compile(r"^argument (\S+): (.*)$", re.S), lambda m: f"参数 {m[1]}：{_usage_zh(m[2])}"),
    (re.compile(r"^the following arguments are required: (.*)$"), lambda m: f"缺少参数：{m[1]}"),
    (re.compile(r"^unrecognized arguments: (.*)$"), lambda m: f"无法识别的参数：{m[1]}"),
    (re.compile(r"^invalid choice: (.*) \(choose from (.*)\)$"),
     lambda m: f"无效的取值 {m[1]}；可选：{m[2].replace(', ', '、')}"),
    (re.compile(r"^expected one argument$"), lambda m: "后面需要一个值"),
    (re.compile(r"^expected at most one argument$"), lambda m: "后面最多一个值"),
    (re.compile(r"^expected at least one argument$"), lambda m: "后面至少需要一个值"),
    (re.compile(r"^invalid (\S+) value: (.*)$"), lambda m: f"无效的值 {m[2]}"),
    (re.compile(r"^ambiguous option: (\S+) could match (.*)$"), lambda m: f"选项 {m[1]} 不明确，可能是 {m[2]}"),
    (re.compile(r"^not allowed with argument (.*)$"), lambda m: f"不能与 {m[1]} 同时使用"),
    (re.compile(r"^one of the arguments (.*) is required$"), lambda m: f"须给出 {m[1]} 之一"),
]


def _usage_zh(message: str) -> str:
    for pattern, word in _USAGE_ZH:
        m = pattern.match(message)
        if m:
            return word(m)
    return message


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors exit 2, in Chinese
        sys.stderr.write(f"用法：{self.format_usage().removeprefix('usage: ')}")
        sys.stderr.write(f"powerlist: 用法错误：{_usage_zh(message)}；运行 powerlist --help 查看说明\n")
        raise SystemExit(2)


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"应为非负整数：{text}")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="powerlist", description="权责清单的检查、流程分析与发布工具")
    p.add_argument("--version", action="version", version=f"powerlist {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    c = sub.add_parser("check", help="检查事项文件，报告全部错误和警告")
    c.add_argument("paths", nargs="*", default=["powers"], help="事项目录或文件（默认 powers）")
    c.add_argument("--flows", type=Path, default=None, help="流程模板目录（默认与事项目录同级的 flows）")
    c.add_argument("--format", choices=sorted(FORMATTERS), default="text", help="输出格式")
    c.add_argument("--base", default=None, metavar="REF",
                   help="与这个 git 提交或分支（如 origin/main）比较：改动了公开内容的事项须有调整公告条目，事项文件不能删除")

    w = sub.add_parser("walk", help="列出事项流程的每条路径，核验时限和到现场次数承诺")
    w.add_argument("item", help="事项标识（文件名，不含 .yaml）或事项文件路径")
    w.add_argument("--powers", type=Path, default=Path("powers"), help="事项目录（默认 powers）")
    w.add_argument("--flows", type=Path, default=None, help="流程模板目录（默认与事项目录同级的 flows）")
    w.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
    w.add_argument("--limit", type=_count, default=DEFAULT_LIMIT,
                   help=f"最多列出多少条路径（默认 {DEFAULT_LIMIT}；各项承诺所依据的路径总会列出）")
    w.add_argument("--strict", action="store_true",
                   help="无法核验的承诺（如时限未载明、单位不同）也按不符合处理，退出码为 1")

    d = sub.add_parser("draw", help="把事项的运行流程画成 SVG 流程图")
    d.add_argument("item", help="事项标识（文件名，不含 .yaml）或事项文件路径")
    d.add_argument("-o", "--output", type=Path, default=None, help="输出文件（默认 <事项标识>.svg）")
    d.add_argument("--powers", type=Path, default=Path("powers"), help="事项目录（默认 powers）")
    d.add_argument("--flows", type=Path, default=None, help="流程模板目录（默认与事项目录同级的 flows）")
    d.add_argument("--cache", type=Path, default=None, help="流程图缓存目录（不写则不缓存）")

    n = sub.add_parser("new", help="新建一个事项文件（按权力类型生成带中文说明的模板）")
    n.add_argument("--type", dest="type_name", help="权力类型，如 行政许可（不写则逐项询问）")
    n.add_argument("--name", help="事项名称")
    n.add_argument("--unit", help="承办科室（所属部门 units 中的一项；没有部门的清单为站点配置 units 中的一项）")
    n.add_argument("--body", help="所属部门的标识，即 powers/ 中部门文件夹的名称（清单有多个部门时不写则询问）")
    n.add_argument("--id", dest="ident", help="事项标识即文件名（不写则自动取一个未用的）")
    n.add_argument("--powers", type=Path, default=Path("powers"), help="事项目录（默认 powers）")

    o = sub.add_parser("notice", help="按本分支与基准版本的差异生成调整公告草稿（changes/<日期>-<简称>.yaml）")
    o.add_argument("--base", default=None, metavar="REF",
                   help="与这个 git 提交或分支比较（默认 origin/main，没有则 main）")
    o.add_argument("--name", default="tiaozheng", help="公告文件名中的简称：小写英文字母、数字和连字符（默认 tiaozheng）")
    o.add_argument("--powers", type=Path, default=Path("powers"), help="事项目录（默认 powers）")

    i = sub.add_parser("import", help="从已有的权责清单（xlsx、xls、ods、csv、json、jsonl）导入事项文件")
    i.add_argument("file", type=Path, help="要导入的清单文件")
    i.add_argument("--sheet", default=None, help="工作表名称（默认第一个可见的工作表）")
    i.add_argument("--profile", type=Path, default=None,
                   help="导入配置：表头的其他写法（columns: {字段: [表头, …]}）；powers/_import.yaml 总会读取")
    i.add_argument("--out", type=Path, default=Path("powers"), help="事项目录（默认 powers，须有 _site.yaml）")
    i.add_argument("--flows", type=Path, default=None, help="流程模板目录（默认与事项目录同级的 flows）")
    i.add_argument("--dry-run", action="store_true", help="只检查和报告，不写入任何文件")
    i.add_argument("--force", action="store_true", help="覆盖与导入结果不同的现有文件（先看差异！）")

    e = sub.add_parser("export", help="把检查通过的清单导出为 xlsx、csv、json，或 BPMN 2.0 流程、CPSV-AP 3.2 服务描述")
    e.add_argument("--format", choices=["xlsx", "csv", "json", "bpmn", "cpsv"], required=True,
                   help="导出格式：bpmn 为 BPMN 2.0 流程图（含图形信息）；cpsv 为 CPSV-AP 3.2 的 JSON-LD（文件名以 .ttl 结尾则为 Turtle）")
    e.add_argument("-o", "--output", type=Path, required=True,
                   help="输出文件；--format bpmn 导出全部事项时为输出目录（每个事项一个 .bpmn 文件）")
    e.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", type=_day,
                   help="导出那一天的清单（按 git 历史重建：当天结束前的最后一次提交）；用于 xlsx、csv、json")
    e.add_argument("--item", default=None, help="只导出这一个事项（事项标识，即文件名，不含 .yaml）；用于 bpmn 和 cpsv")
    e.add_argument("--body", default=None, help="只导出这一个部门的事项（部门标识，即 powers/ 中部门文件夹的名称）；用于 xlsx 和 csv")
    e.add_argument("--powers", type=Path, default=Path("powers"), help="事项目录（默认 powers）")
    e.add_argument("--flows", type=Path, default=None, help="流程模板目录（默认与事项目录同级的 flows）")

    r = sub.add_parser("doctor", help="检查仓库的审核和发布设置（工作流、CODEOWNERS、Pull request 模板），列出需在 GitHub 上确认的设置")
    r.add_argument("--root", type=Path, default=Path("."), help="仓库目录（默认当前目录）")

    h = sub.add_parser("shard", help="分片生成很大的清单（如全省）：分配部门、生成一个分片、合并成一个网站（在 CI 的矩阵任务中运行）")
    hs = h.add_subparsers(dest="shard_command", required=True, parser_class=_Parser)
    hp = hs.add_parser("plan", help="把各部门分到分片中（按事项数均衡，结果确定）；--json 输出给 CI 的矩阵")
    hp.add_argument("--shards", default="auto", type=_shards,
                    help=f"分片数；auto（默认）：不足 {AUTO_FROM} 项为 1（不分片），否则约每 {AUTO_SIZE} 项一个")
    hp.add_argument("--json", action="store_true", help="输出 JSON（shards、matrix、各分片事项数、各部门所在分片）")
    hp.add_argument("--powers", type=Path, default=Path("powers"), help="事项目录（默认 powers）")
    hp.add_argument("--flows", type=Path, default=None, help="流程模板目录（默认与事项目录同级的 flows）")
    hb = hs.add_parser("build", help="生成第 K 个分片（共 N 个）：只生成其中各部门事项的页面和文件")
    hb.add_argument("shard", type=_k_of_n, metavar="K/N", help="第几个分片/分片数，如 2/8")
    hb.add_argument("--out", type=Path, required=True, help="分片的输出目录（交给 merge）")
    hb.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="MkDocs 配置文件（默认 mkdocs.yml）")
    hm = hs.add_parser("merge", help="把全部分片合成一个网站，与一次生成的完全相同")
    hm.add_argument("parts", type=Path, nargs="+", help="各分片的输出目录")
    hm.add_argument("--out", type=Path, required=True, help="网站的输出目录")
    hm.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="MkDocs 配置文件（默认 mkdocs.yml）")

    s = sub.add_parser("schema", help="由数据模型生成 JSON Schema（供编辑器补全）")
    s.add_argument("--out", type=Path, default=Path("docs/schema"), help="输出目录")
    return p


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a console that cannot show a character gets an escape
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass
    try:
        return _main(argv)
    except KeyboardInterrupt:
        sys.stderr.write("powerlist: 已中断\n")
        return 130
    except BrokenPipeError:  # output cut short, as by `| head`: nothing left to say
        try:
            sys.stdout = open(os.devnull, "w", encoding="utf-8")
        except OSError:
            pass
        return 1
    except Exception:
        if os.environ.get("POWERLIST_DEBUG"):
            raise
        sys.stderr.write("powerlist: 内部错误：程序自身出了问题，不是所检查文件的问题。"
                         "请把所运行的命令和相关文件报告给维护人员；设置环境变量 POWERLIST_DEBUG=1 后重新运行可看到详细信息。\n")
        return 3


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    # The data's date a build or a CI job gives (the last commit's), read once, here, and handed
    # down as a value; without it each command takes the last commit's date from git.
    args.epoch = epoch_of(os.environ.get("SOURCE_DATE_EPOCH"))
    if args.command == "check":
        return _check(args)
    if args.command == "walk":
        return _walk(args)
    if args.command == "draw":
        return _draw(args)
    if args.command == "new":
        return _new(args)
    if args.command == "notice":
        return _notice(args)
    if args.command == "import":
        return _import(args)
    if args.command == "export":
        return _export(args)
    if args.command == "doctor":
        from .doctor import report

        text, ok = report(args.root)
        sys.stdout.write(text)
        return 0 if ok else 1
    if args.command == "shard":
        return _shard(args)
    if args.command == "schema":
        from ..outputs.schemagen import write_all

        for path in write_all(args.out):
            print(path)
        return 0
    return 2  # pragma: no cover - argparse requires a command


def _shards(text: str) -> int | None:
    if text == "auto":
        return None
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"应为 auto 或正整数：{text}")
    return int(text)


def _k_of_n(text: str) -> tuple[int, int]:
    k, _, n = text.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise argparse.ArgumentTypeError(f"应为 K/N，1 ≤ K ≤ N，如 2/8：{text}")
    return int(k), int(n)


def _shard(args: argparse.Namespace) -> int:
    """`powerlist shard plan|build|merge` (see `shards`)."""
    import json
    import shutil

    from ..site import shards

    if args.shard_command == "plan":
        cat = load_catalog(args.powers, args.flows)
        if not cat.ok:
            sys.stdout.write(FORMATTERS["text"](cat.diagnostics))
            return 1
        plan = shards.plan(cat, args.shards)
        if args.json:
            print(json.dumps(plan.to_json(), ensure_ascii=False, separators=(",", ":")))
            return 0
        print(f"{plan.shards} 个分片，共 {sum(plan.items)} 项")
        for k in range(1, plan.shards + 1):
            bodies = [b or "（本级）" for b in sorted(plan.of_body) if plan.of_body[b] == k]
            print(f"  分片 {k}/{plan.shards}：{plan.items[k - 1]} 项，{len(bodies)} 个部门：{'、'.join(bodies)}")
        return 0
    try:
        if args.shard_command == "build":
            k, n = args.shard
            role = shards.Shard(k, n)
            work = args.out.parent / f".{args.out.name}.build-{os.getpid()}"
            try:
                shards.build(args.config_file, work.resolve(), role)
                role.keep(work, args.out)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            print(f"分片 {k}/{n} 已生成：{args.out}（{len(role.files)} 个文件）")
            return 0
        shards.build(args.config_file, args.out.resolve(), shards.Merge([p.resolve() for p in args.parts]))
        print(f"网站已合并生成：{args.out}")
        return 0
    except shards.ShardError as exc:
        sys.stderr.write(f"powerlist: {exc}\n")
        return 1


def _powers_dir(path: Path) -> Path | None:
    """The item directory a path belongs to (the folder holding _site.yaml);
    for a flow template, the item directory beside its folder."""
    start = path if path.is_dir() else path.parent
    for cand in (start, *start.parents):
        if (cand / SITE_FILE).is_file():
            return cand
        if (cand.parent / "powers" / SITE_FILE).is_file() and cand.name == "flows":
            return cand.parent / "powers"
    return start if path.is_dir() else None


def _check(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        sys.stderr.write(f"powerlist: 用法错误：找不到 {'、'.join(missing)}\n")
        return 2
    roots = {d for d in map(_powers_dir, paths) if d is not None}
    if len(roots) != 1:
        sys.stderr.write("powerlist: 用法错误：请给出一个事项目录（含 _site.yaml），或其中的文件\n")
        return 2
    root = roots.pop()
    cat = load_catalog(root, args.flows, repo=_repo(args, root))
    diags = cat.diagnostics
    if args.base is not None:
        from ..core.diagnostics import sort
        from ..history.review import against

        diags = sort(diags + against(cat, args.base, args.flows))
    only = {p.resolve() for p in paths if p.is_file()}
    if only:  # files given (e.g. by pre-commit): report just those
        diags = [d for d in diags if Path(d.file).resolve() in only]
    sys.stdout.write(FORMATTERS[args.format](diags))
    return 1 if any(d.is_error for d in diags) else 0


def _one_item(args: argparse.Namespace, doing: str):
    """The checked entry named on the command line, or the exit status."""
    item = Path(args.item)
    is_file = item.suffix in (".yaml", ".yml") and item.exists()
    powers = _powers_dir(item) if is_file else args.powers
    ident = item.stem if item.suffix in (".yaml", ".yml") else args.item
    if powers is None or not Path(powers).is_dir():
        sys.stderr.write(f"powerlist: 用法错误：找不到事项目录 {powers}\n")
        return None, None, 2
    cat = load_catalog(Path(powers), args.flows, repo=_repo(args, Path(powers)))
    entry = cat.entries.get(ident)
    if entry is not None and entry.analysis is not None and cat.site is not None:
        return entry, cat, 0
    mine = [d for d in cat.diagnostics if Path(d.file).stem == ident]
    if entry is not None and entry.item.flow is None and not any(d.is_error for d in mine):
        sys.stderr.write(f"powerlist: 事项 {ident} 的运行流程尚未公布（没有 flow），无法{doing}\n")
        return None, None, 1
    if entry is None and not mine:
        sys.stderr.write(f"powerlist: 用法错误：没有事项 {ident}\n")
        return None, None, 2
    sys.stdout.write(FORMATTERS["text"](mine))
    sys.stdout.write(f"事项或其流程有错误，无法{doing}；请先修正上面的问题。\n")
    return None, None, 1


def _walk(args: argparse.Namespace) -> int:
    from ..view import walk

    entry, _, status = _one_item(args, "走查")
    if entry is None:
        return status
    rep = walk.report(entry, args.limit)
    sys.stdout.write(walk.format_json(rep) if args.format == "json" else walk.format_text(rep))
    return 0 if walk.holds(rep, strict=args.strict) else 1


def _draw(args: argparse.Namespace) -> int:
    from ..outputs.chart import ChartCache, header_for, render
    from ..view.item import item_view

    entry, cat, status = _one_item(args, "画图")
    if entry is None:
        return status
    cache = ChartCache(args.cache) if args.cache else None
    svg, _ = render(entry.flow, header_for(item_view(entry, cat)), cache)
    out = args.output or Path(f"{entry.id}.svg")
    out.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + svg, encoding="utf-8")
    print(f"已生成 {out}")
    return 0


def _ask(prompt: str, choices: list[str] | None = None) -> str:
    if choices:
        for i, c in enumerate(choices, 1):
            print(f"  {i}. {c}")
    while True:
        answer = input(prompt).strip()
        if choices and answer.isdigit() and 1 <= int(answer) <= len(choices):
            return choices[int(answer) - 1]
        if answer and (not choices or answer in choices):
            return answer


def _new(args: argparse.Namespace) -> int:
    from ..core.diagnostics import one_line
    from .newitem import free_code, free_id, id_problem, render

    problem = id_problem(args.ident) if args.ident is not None else None
    if problem is not None:  # before anything is read or written: the id names the file
        sys.stderr.write(f"powerlist: 用法错误：{one_line(problem)}\n")
        return 2
    if not (args.powers / SITE_FILE).is_file():
        sys.stderr.write(f"powerlist: 用法错误：{args.powers} 中没有站点配置 {SITE_FILE}\n")
        return 2
    cat = load_catalog(args.powers, repo=_repo(args, args.powers))
    site = cat.site
    if site is None:
        sys.stdout.write(FORMATTERS["text"](cat.errors))
        return 1
    types = [t.name for t in site.types]
    aliases = {a: t.name for t in site.types for a in [t.name, *t.aliases]}
    interactive = sys.stdin.isatty()
    body_id = args.body
    others = sorted(b for b in cat.bodies if b)
    if body_id is None and others and interactive:
        names = {f"{cat.bodies[b].name}（{b}）": b for b in [OWN, *others]}
        body_id = names[_ask("所属部门（填序号）：", list(names))]
    body_id = body_id or OWN
    if body_id not in cat.bodies:
        known = "、".join(others) or "无（powers/ 中没有含 _body.yaml 的部门文件夹）"
        sys.stderr.write(f"powerlist: 用法错误：没有部门 {body_id}（powers/{body_id}/{BODY_FILE}）；可选：{known}\n")
        return 2
    body = cat.bodies[body_id]
    type_name = args.type_name
    if type_name is None and interactive:
        type_name = _ask("权力类型（填序号）：", types)
    name = args.name or (_ask("事项名称：") if interactive else None)
    unit = args.unit
    if unit is None and interactive:
        unit = _ask("承办科室（填序号）：", list(body.units))
    if type_name is None or name is None:
        sys.stderr.write("powerlist: 用法错误：请用 --type 和 --name 给出权力类型和事项名称\n")
        return 2
    if type_name not in aliases:
        sys.stderr.write(f"powerlist: 用法错误：未知的权力类型 {type_name}；可选：{'、'.join(types)}\n")
        return 2
    type_name = aliases[type_name]
    if unit is not None and unit not in body.units:
        where = f"{body.name}的 units（{body.file}）" if body_id else "站点配置的 units"
        sys.stderr.write(f"powerlist: 用法错误：{unit} 不在{where}中；可选：{'、'.join(body.units)}\n")
        return 2
    abbr = next(t.abbr for t in site.types if t.name == type_name) or "QT"
    ident = args.ident or free_id(cat, abbr)
    folder = args.powers / body_id if body_id else args.powers
    path = folder / f"{ident}.yaml"
    if path.exists():
        sys.stderr.write(f"powerlist: 用法错误：{path} 已存在\n")
        return 2
    text = render(site, type_name, name, free_code(cat, site, abbr), unit, ident)
    if body_id:  # one folder deeper; the units are the body's
        text = modeline(text, body_id).replace("站点配置 units 中的", f"本部门 {BODY_FILE} 的 units 中的")
    path.write_text(text, encoding="utf-8")
    print(f"已新建 {path}：把其中的“【待填写：…】”换成实际内容，然后运行 powerlist check {args.powers}")
    return 0


def _notice(args: argparse.Namespace) -> int:
    from ..core.layout import ID_RE
    from ..history import git
    from ..history.noticegen import default_base, entries, render, today

    if not ID_RE.match(args.name):
        sys.stderr.write(f"powerlist: 用法错误：--name“{args.name}”只能用小写英文字母、数字和连字符，如 tiaozheng\n")
        return 2
    if not (args.powers / SITE_FILE).is_file():
        sys.stderr.write(f"powerlist: 用法错误：{args.powers} 中没有站点配置 {SITE_FILE}\n")
        return 2
    top = git.toplevel(args.powers)
    base = args.base or (default_base(top) if top is not None else "main")
    day = today()
    out = changes_dir(args.powers) / f"{day}-{args.name}.yaml"
    if out.exists():
        sys.stderr.write(f"powerlist: 用法错误：{out} 已存在；请用 --name 另取一个简称\n")
        return 2
    cat = load_catalog(args.powers, repo=_repo(args, args.powers))
    found = entries(cat, base)
    if not isinstance(found, list):
        sys.stdout.write(FORMATTERS["text"]([found]))
        return 1
    broken = sorted({d.file for d in cat.errors if Path(d.file).stem in cat.item_ids - set(cat.entries)})
    if not found:
        print(f"与 {base} 相比，事项的公开内容没有改动（只改文件名的不需要公告）；没有生成公告。")
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render(found, base, day), encoding="utf-8")
        print(f"已生成 {out}（{len(found)} 条）：把其中的“【待填写…】”换成实际内容，"
              f"然后运行 powerlist check --base {base} {args.powers}")
    if broken:
        print(f"注意：以下文件有错误，未能比较，草稿中没有它们：{'、'.join(broken[:10])}"
              f"{'等' if len(broken) > 10 else ''}；运行 powerlist check {args.powers} 查看")
    return 0


def _import(args: argparse.Namespace) -> int:
    from ..importing import import_list
    from ..importing.report import render

    if not (args.out / SITE_FILE).is_file():
        sys.stderr.write(f"powerlist: {args.out}/{SITE_FILE} 不存在：导入需要站点配置（权力类型、内设科室、岗位）\n")
        return 2
    flows = args.flows if args.flows is not None else flows_dir(args.out)
    outcome = import_list(args.file, args.out, flows, sheet=args.sheet, profile=args.profile,
                          dry_run=args.dry_run, force=args.force, repo=_repo(args, args.out))
    sys.stdout.write(render(outcome, args.dry_run))
    return 0 if outcome.ok else 1


def _day(text: str) -> str:
    import datetime

    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期；写 年-月-日，如 2025-06-30") from None
    if len(text) != 10:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期；写 年-月-日，如 2025-06-30")
    return text


def _export_as_of(args: argparse.Namespace) -> int:
    from ..history.asof import AsOfError
    from ..outputs.asof import export_as_of
    from ..core.dates import day
    from ..core.safefile import write_whole

    if args.format not in ("xlsx", "csv", "json") or args.item is not None:
        sys.stderr.write("powerlist: 用法错误：--as-of 只用于 --format xlsx、csv 或 json\n")
        return 2
    try:
        data, sha, time = export_as_of(args.powers, args.flows, args.as_of, args.format)
        write_whole(args.output, data)
    except AsOfError as exc:
        sys.stderr.write(f"powerlist: {exc}\n")
        return 1
    except OSError as exc:
        sys.stderr.write(f"powerlist: {say('PL601', 'write', file=args.output, reason=exc.strerror or str(exc))}\n")
        return 1
    print(f"已导出 {args.as_of} 的清单：{args.output}（版本 {sha[:7]}，{day(time)} 提交）")
    return 0


def _export(args: argparse.Namespace) -> int:
    from ..core.changes import is_current
    from ..core.diagnostics import format_text
    from ..outputs.export import export, source_date

    if args.body is not None and (args.format not in ("xlsx", "csv") or args.as_of is not None):
        sys.stderr.write("powerlist: 用法错误：--body 只用于 --format xlsx 或 csv（不与 --as-of 同用）\n")
        return 2
    if args.as_of is not None:
        return _export_as_of(args)
    cat = load_catalog(args.powers, args.flows, repo=_repo(args, args.powers))
    if not cat.ok:
        sys.stdout.write(format_text(cat.diagnostics))
        sys.stderr.write("powerlist: 清单检查未通过，没有导出\n")
        return 1
    epoch = args.epoch if args.epoch is not None else _commit_date(args.powers)
    out: Path = args.output
    standard = args.format in ("bpmn", "cpsv")
    if args.item is not None and (not standard or args.item not in cat.entries):
        why = f"没有事项 {args.item}" if standard else "--item 只用于 --format bpmn 或 cpsv"
        sys.stderr.write(f"powerlist: 用法错误：{why}\n")
        return 2
    if args.body is not None and (not args.body or args.body not in cat.bodies):
        known = "、".join(sorted(b for b in cat.bodies if b)) or "无"
        sys.stderr.write(f"powerlist: 用法错误：没有部门 {args.body}；可选：{known}\n")
        return 2
    if args.format == "bpmn" and args.item is not None and cat.entries[args.item].flow is None:
        sys.stderr.write(f"powerlist: 事项 {args.item} 的运行流程尚未公布（没有 flow），没有可导出的 BPMN 流程\n")
        return 1
    folder = args.format == "bpmn" and args.item is None
    if os.path.lexists(out) and (out.is_symlink() or (not out.is_dir() if folder else not out.is_file())):
        sys.stderr.write(f"powerlist: {say('PL601', 'not-folder' if folder else 'not-file', file=out)}\n")
        return 1
    try:
        if standard:
            from ..outputs.standards import write

            count = write(cat, args.format, out, args.item)
        elif args.body is not None:  # one body's items, numbered from 1, as on the site's 数据下载
            from ..outputs.export import MAKERS, sheets
            from ..core.safefile import write_whole
            from ..view.item import in_site_order

            entries = [x for x in in_site_order(cat) if x.body == args.body]
            write_whole(out, MAKERS[args.format](cat, sheets(cat, entries), epoch=epoch))
            count = len(entries)
        else:
            for warning in export(cat, args.format, out, epoch):
                sys.stderr.write(f"powerlist: 提示：{warning}\n")
            count = len(cat.entries)
    except OSError as exc:
        sys.stderr.write(f"powerlist: {say('PL601', 'write', file=out, reason=exc.strerror or str(exc))}\n")
        return 1
    print(f"已导出 {count} 个事项：{args.output}（数据日期 {source_date(epoch).date()}）")
    if args.format == "bpmn" and args.item is None:
        unpublished = sum(1 for x in cat.entries.values() if x.flow is None and is_current(x.item))
        if unpublished:
            print(f"另有 {unpublished} 个事项的运行流程尚未公布，没有 BPMN 文件")
    return 0


def _commit_date(path: Path) -> int:
    """The last commit's time, so that the same data exports the same bytes."""
    from ..history import git

    return git.commit_time(path, ".") or 0


def _repo(args: argparse.Namespace, powers: Path):
    """What loading asks of version control, for the list in `powers`."""
    from ..history.repo import GitRepository

    return GitRepository(Path(powers), args.epoch)
