"""Issue 24: the pull-request rule (`check --base`) judges the public effect
of a change. On the fixture repository of test_history (real dated
commits), through the real CLI."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import cli, edit
from powerlist.history.diff import compare
from test_history import commit, git, notice, repo  # noqa: F401  (repo: the fixture)

ITEM = "powers/keji/jishu-hetong-dengji.yaml"
ID = "jishu-hetong-dengji"
USERS = ("jishu-hetong-dengji", "keji-chengguo-dengji")  # the items whose flow.use is yishenqing


def record(repo: Path, name: str, kind: str, items: str = f"[{ID}]", extra: str = "", number: bool = False) -> None:
    """A notice (number=True: with 文号) or a minor record added by this change."""
    head = "doc_number: 解科工〔2025〕30号\n" if number else ""
    day = name[:10]
    notice(repo, name, f"{head}title: 本次改动\npublished: \"{day}\"\nentries:\n  - kind: {kind}\n"
           + (f"    items: {items}\n" if items else "") + extra + "    summary: 说明本次改动\n")


def base_check(capsys) -> tuple[int, str]:
    return cli(capsys, "check", "--base", "main", "powers")


def test_an_item_that_does_not_load_is_reported_as_itself_not_as_deleted(repo: Path, capsys) -> None:
    edit(repo / ITEM, "  visits: 1", "  visits: 一次")
    code, out = base_check(capsys)
    assert code == 1
    assert "PL710" not in out and "被删除了" not in out
    assert f"{ITEM}:" in out and "visits" in out  # its own error, at its own line
    # a file that is really gone is still a deletion
    (repo / ITEM).unlink()
    code, out = base_check(capsys)
    assert code == 1 and f"事项文件 {ITEM} 被删除了" in out and "[PL710]" in out


def test_a_correction_record_covers_wording_only(repo: Path, capsys) -> None:
    record(repo, "2025-09-01-kanwu", "勘误")
    # a wording fix that changes no fact or number: covered
    edit(repo / ITEM, "符合条件的当天登记", "符合条件的，当天登记")
    assert base_check(capsys) == (0, "检查通过：没有发现问题。\n")
    # the 权力类型 is a fact
    edit(repo / ITEM, "type: 行政确认", "type: 行政许可")
    code, out = base_check(capsys)
    assert code == 1 and "“jishu-hetong-dengji”的 权力类型 由“行政确认”改为“行政许可”：这是事实内容，不是文字错误，" \
        "“勘误”记录不能涵盖（勘误只更正不改变事实的文字）；须有带文号的调整公告条目 [PL711]" in out
    edit(repo / ITEM, "type: 行政许可", "type: 行政确认")
    edit(repo / ITEM, "符合条件的，当天登记", "符合条件的当天登记")
    # a number inside a text is a fact too
    edit(repo / ITEM, "材料齐全、符合条件的当天登记", "材料齐全、符合条件的 3 日内登记")
    code, out = base_check(capsys)
    assert code == 1 and "文字中的数字有变化" in out and "承诺时限说明" in out
    # a numbered notice covers it
    record(repo, "2025-09-01-kanwu", "调整", number=True)
    assert base_check(capsys)[0] == 0


def test_a_guide_update_makes_no_promise_less_favourable(repo: Path, capsys) -> None:
    record(repo, "2025-09-01-zhinan", "指南更新")
    f = repo / ITEM
    # a shorter promise is a guide update
    edit(f, "promised: 8 个工作日", "promised: 7 个工作日")
    assert base_check(capsys)[0] == 0
    commit(repo, "7 个工作日", "2025-09-01T10:00:00+08:00")
    # 7 个工作日 → 10 日 may be longer: a numbered notice is needed, and the message names the field
    record(repo, "2025-09-02-zhinan", "指南更新")
    edit(f, "promised: 7 个工作日", "promised: 10 日")
    code, out = base_check(capsys)
    assert code == 1 and "“jishu-hetong-dengji”的 办事指南 › 办结时限 › 承诺办结时限 由“7 个工作日”改为“10 日”：" \
        "承诺的时限变长（或无法判断是否缩短），对申请人不利，“指南更新”记录不能涵盖；须有带文号的调整公告条目 [PL711]" in out
    edit(f, "promised: 10 日", "promised: 7 个工作日")
    # 不收费 → 收费
    edit(f, "    charged: false", "    charged: true\n    items:\n      - name: 登记费\n        standard: 每件 100 元\n"
         "        basis: 某某文件")
    code, out = base_check(capsys)
    assert code == 1 and "办事指南 › 收费 › 是否收费 由“否”改为“是”：开始收费或收费有变化，对申请人不利" in out
    # fewer people may apply
    edit(f, "    charged: true\n    items:\n      - name: 登记费\n        standard: 每件 100 元\n        basis: 某某文件",
         "    charged: false")
    assert base_check(capsys)[0] == 0
    edit(f, "audience: [自然人, 企业法人,", "audience: [企业法人,")
    code, out = base_check(capsys)
    assert code == 1 and "办事指南 › 服务对象 由" in out and "服务对象减少，对申请人不利" in out
    # a numbered 调整 notice covers all of it
    edit(f, "promised: 7 个工作日", "promised: 10 日")
    record(repo, "2025-09-02-zhinan", "调整", number=True)
    code, out = base_check(capsys)
    assert "PL711" not in out


def test_a_new_notice_names_items_of_the_base_or_of_the_change(repo: Path, capsys) -> None:
    """An id that was once on the branch's own line (added then deleted there)
    is no item of the base list, nor of the change."""
    git(repo, "checkout", "-q", "-b", "feature")
    shutil.copy(repo / "powers/kexue-jishu-jiang.yaml", repo / "powers/linshi-shixiang.yaml")
    edit(repo / "powers/linshi-shixiang.yaml", "name: ", "name: 临时", 1)
    commit(repo, "an item, for a while", "2025-09-01T09:00:00+08:00")
    (repo / "powers/linshi-shixiang.yaml").unlink()
    commit(repo, "gone again", "2025-09-01T10:00:00+08:00")
    record(repo, "2025-09-02-tiaozheng", "调整", items="[linshi-shixiang, jishu-hetong-dengji]", number=True)
    code, out = base_check(capsys)
    assert code == 1 and "changes/2025-09-02-tiaozheng.yaml:6:" in out
    assert "与 main 相比，清单中没有标识为“linshi-shixiang”的事项，本次改动也没有新增这个事项文件 [PL702]" in out
    edit(repo / "changes/2025-09-02-tiaozheng.yaml", "linshi-shixiang, ", "")
    assert base_check(capsys)[0] == 0


def test_a_flow_template_change_is_a_change_of_every_item_using_it(repo: Path, capsys) -> None:
    edit(repo / "flows/yishenqing.yaml", "  deliver_time:\n    description: 送达时限\n    default: 1 个工作日",
         "  deliver_time:\n    description: 送达时限\n    default: 当天")
    code, out = base_check(capsys)
    assert code == 1
    for ident in USERS:
        assert f"“{ident}”的条目" in out
    assert "运行流程（流程模板“yishenqing”）" in out and out.count("[PL711]") == len(USERS)
    record(repo, "2025-09-01-tiaozheng", "调整", items=f"[{', '.join(USERS)}]", number=True)
    assert base_check(capsys)[0] == 0
    # merged: each item using the template has the change in its history, named by the template's name
    from powerlist.core.catalog import load_catalog
    from powerlist.history import read

    commit(repo, "the template's delivery", "2025-09-01T09:00:00+08:00")
    history = read(load_catalog(repo / "powers"))
    for ident in USERS:
        newest = history.of(ident)[0]
        assert newest.kind == "changed" and newest.notice == "2025-09-01-tiaozheng"
        assert [(c.old, c.new) for c in newest.changes] == [("1 个工作日", "当天")]
        assert newest.changes[0].label.startswith("运行流程（流程模板“依申请办理（受理—审查—决定—送达）”） › ")
        assert "yishenqing" not in newest.changes[0].label
    assert history.of("guojia-mimi-jishu-chukou-shencha")[0].commit != newest.commit  # another template's user


def test_an_attachment_replaced_is_a_change_of_its_item(repo: Path, capsys) -> None:
    files = repo / "powers/files/jishu-hetong-dengji"
    (files / "法人授权证明（示例）.pdf").write_bytes((files / "技术合同登记证明（样本）.pdf").read_bytes())
    code, out = base_check(capsys)
    assert code == 1 and f"{ITEM}:" in out and "附件“法人授权证明（示例）.pdf”" in out and "[PL711]" in out
    record(repo, "2025-09-01-kanwu", "勘误")
    code, out = base_check(capsys)
    assert code == 1 and "附件的内容无法判断是否只改了文字" in out
    record(repo, "2025-09-01-kanwu", "指南更新")  # a new form is guide material
    assert base_check(capsys)[0] == 0
    # merged: the item's history shows the replaced attachment, covered by that record
    from powerlist.core.catalog import load_catalog
    from powerlist.history import read

    commit(repo, "a new sample", "2025-09-01T09:00:00+08:00")
    newest = read(load_catalog(repo / "powers")).of(ID)[0]
    assert newest.kind == "changed" and newest.notice == "2025-09-01-kanwu"
    assert [(c.label, c.old is not None, c.new is not None) for c in newest.changes] == [
        ("附件“法人授权证明（示例）.pdf”", True, True)]


def test_the_site_configuration_and_template_overrides_are_changes_of_every_page(repo: Path, capsys) -> None:
    # a limit only the check reads changes no page
    edit(repo / "powers/_site.yaml", "units:\n", "max_file_bytes: 300000\nunits:\n")
    assert base_check(capsys)[0] == 0
    # nor does what check requires, or how an import reads level codes
    edit(repo / "powers/_site.yaml", "require: all\n", "require: [units]\nlevel_codes: {\"3\": 县级}\n")
    code, out = base_check(capsys)
    assert code == 0, out
    edit(repo / "powers/_site.yaml", "phone: 0391-2921000", "phone: 0391-2921999")
    code, out = base_check(capsys)
    assert code == 1 and "powers/_site.yaml:" in out and "站点配置的 监督方式 › 监督电话 有改动，显示在每个事项的页面上，" \
        "但本次改动的公告中没有 scope: 全部事项 的条目 [PL711]" in out
    # a correction record cannot change a number; a site-wide 调整 entry covers it without listing every id
    record(repo, "2025-09-01-jiandu", "勘误", items="", extra="    scope: 全部事项\n")
    code, out = base_check(capsys)
    assert code == 1 and "文字中的数字有变化" in out
    record(repo, "2025-09-01-jiandu", "指南更新", items="", extra="    scope: 全部事项\n")
    assert base_check(capsys)[0] == 0  # the contacts for complaints are guide material
    # but the site's promise is not
    edit(repo / "powers/_site.yaml", "promise: 最多跑一次\n", "")
    code, out = base_check(capsys)
    assert code == 1 and "站点配置的 服务承诺 有改动：不是监督投诉方式（supervision）或页脚（footer），“指南更新”记录不能涵盖" in out
    record(repo, "2025-09-01-jiandu", "调整", items="", extra="    scope: 全部事项\n", number=True)
    assert base_check(capsys)[0] == 0
    edit(repo / "powers/_site.yaml", "units:\n", "promise: 最多跑一次\nunits:\n")
    # a template override shows on every page
    (repo / "changes/2025-09-01-jiandu.yaml").unlink()
    edit(repo / "powers/_site.yaml", "phone: 0391-2921999", "phone: 0391-2921000")
    (repo / "overrides/powerlist").mkdir(parents=True)
    (repo / "overrides/powerlist/footer.html").write_text("<p>另一个电话</p>\n", encoding="utf-8")
    code, out = base_check(capsys)
    assert code == 1 and "页面模板 overrides/powerlist/footer.html 有改动" in out
    record(repo, "2025-09-01-yemian", "勘误", items="", extra="    scope: 全部事项\n")
    code, out = base_check(capsys)
    assert code == 1 and "页面模板 overrides/powerlist/footer.html 有改动" in out
    record(repo, "2025-09-01-yemian", "指南更新", items="", extra="    scope: 全部事项\n")
    assert base_check(capsys)[0] == 0
    # an entry with neither items nor scope says so
    record(repo, "2025-09-01-yemian", "指南更新", items="")
    code, out = base_check(capsys)
    assert code == 1 and "条目既没有写事项（items），也没有写 scope: 全部事项 [PL702]" in out


def test_published_notices_are_append_only(repo: Path, capsys) -> None:
    old = repo / "changes/2025-06-20-tiaozheng.yaml"
    # deleted: an error, not a pass
    text = old.read_text(encoding="utf-8")
    old.unlink()
    code, out = base_check(capsys)
    assert code == 1 and "error: 与 main 相比，已公布的调整公告 changes/2025-06-20-tiaozheng.yaml 被删除（或改名）了" in out
    # renamed with a new date, to "cover" an unrelated change made with it
    notice(repo, "2025-09-01-tiaozheng", text.replace("2025-06-20", "2025-09-01").replace("2025-06-18", "2025-08-30"))
    edit(repo / ITEM, "promised: 8 个工作日", "promised: 9 个工作日")
    code, out = base_check(capsys)
    assert code == 1 and "被删除（或改名）了" in out and "[PL712]" in out
    # edited: an error too
    (repo / "changes/2025-09-01-tiaozheng.yaml").unlink()
    edit(repo / ITEM, "promised: 9 个工作日", "promised: 8 个工作日")
    old.write_text(text.replace("调整为 8 个工作日", "调整为 9 个工作日"), encoding="utf-8")
    code, out = base_check(capsys)
    assert code == 1 and "error: 与 main 相比，已公布的调整公告 changes/2025-06-20-tiaozheng.yaml 被修改了" in out
    old.write_text(text, encoding="utf-8")
    assert base_check(capsys)[0] == 0


def test_entries_of_the_same_name_are_told_apart(repo: Path, capsys) -> None:
    """Two citations titled alike: a change to the first is seen by the
    history's comparison and by the rule."""
    one = {"basis": [{"title": "条例", "article": "第一条"}, {"title": "条例", "article": "第九条"}]}
    two = {"basis": [{"title": "条例", "article": "第二条"}, {"title": "条例", "article": "第九条"}]}
    assert [(c.path, c.label, c.old, c.new) for c in compare(one, two)] == [
        ("basis[条例].article", "设定和实施依据 “条例” › 条款", "第一条", "第二条")]
    three = {"basis": [{"title": "条例", "article": "第一条"}, {"title": "条例", "article": "第十条"}]}
    assert [(c.path, c.label) for c in compare(one, three)] == [
        ("basis[条例#2].article", "设定和实施依据 第 2 个“条例” › 条款")]
    f = repo / ITEM
    edit(f, "  - title: 中华人民共和国民法典\n    article: 第三编 合同 第二十章 技术合同\n",
         "  - title: 技术合同认定登记管理办法\n    article: 第三条\n")
    commit(repo, "two citations of one title", "2025-09-01T09:00:00+08:00")
    edit(f, "    article: 第三条\n", "    article: 第四条\n")
    code, out = base_check(capsys)
    line = next(i for i, s in enumerate(f.read_text(encoding="utf-8").splitlines(), 1) if "第四条" in s)
    assert code == 1 and f"{ITEM}:{line}:" in out and "设定和实施依据 “技术合同认定登记管理办法” › 条款" in out
    # and the item's history shows it
    from powerlist.core.catalog import load_catalog
    from powerlist.history import read

    commit(repo, "the first of the two changed", "2025-09-02T09:00:00+08:00")
    newest = read(load_catalog(repo / "powers")).of(ID)[0]
    assert [(c.path, c.old, c.new) for c in newest.changes] == [
        ("basis[技术合同认定登记管理办法].article", "第三条", "第四条")]


def _github_glob(pattern: str) -> "re.Pattern[str]":
    """A workflow path filter as GitHub reads it: `**` any characters, `*`
    and `?` any but `/`."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


def test_the_guides_web_editor_path_from_a_branch_to_the_publish_workflow(repo: Path) -> None:
    """在 GitHub 网页上修改, walked in a real repository: a branch from main,
    the item edited, the check workflow's own step failing without a notice
    and passing with one, the merge, and every file the merge brought to
    main triggering the publish workflow."""
    import os
    import subprocess

    import yaml

    from conftest import ROOT

    guide = (ROOT / "docs/guide/index.md").read_text(encoding="utf-8")
    web = guide[guide.index("## 在 GitHub 网页上修改"):guide.index("## 在自己的电脑上检查和预览")]
    assert "建分支" in web and "changes/" in web and "Pull request" in web and "合并" in web
    check = yaml.safe_load((ROOT / ".github/workflows/check.yml").read_text(encoding="utf-8"))
    step = next(s for s in check["jobs"]["check"]["steps"] if "powerlist check" in s.get("run", ""))
    publish = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    push = publish[True]["push"] if True in publish else publish["on"]["push"]  # YAML 1.1 reads `on` as true
    (repo / ".venv").symlink_to(ROOT / ".venv")
    (repo / ".gitignore").write_text(".venv\n", encoding="utf-8")
    commit(repo, "ignore the environment", "2025-08-02T09:00:00+08:00")

    def run_check() -> subprocess.CompletedProcess:
        """The check step as the runner runs it on a pull request into main
        (actions/checkout with fetch-depth: 0 has fetched origin/main)."""
        git(repo, "update-ref", "refs/remotes/origin/main", "main")
        return subprocess.run(["bash", "-c", step["run"]], cwd=repo, capture_output=True, text=True,
                              env={**os.environ, **{k: v.replace("${{ github.base_ref }}", "main")
                                                    for k, v in step["env"].items()}})

    # 1. a branch; 2. the item edited and committed to it
    git(repo, "checkout", "-q", "-b", "yasuo-chengnuo-shixian")
    edit(repo / ITEM, "promised: 8 个工作日", "promised: 7 个工作日")
    commit(repo, "Update jishu-hetong-dengji.yaml", "2025-09-01T09:00:00+08:00")
    # 5. without a notice the check fails at the changed line
    proc = run_check()
    assert proc.returncode == 1 and f"::error file={ITEM},line=" in proc.stdout and "PL711" in proc.stdout
    # 3. the notice, created in changes/ on the same branch
    notice(repo, "2025-09-01-tiaozheng", """doc_number: 解科工〔2025〕21号
title: 关于压缩技术合同认定登记承诺时限的公告
approved: "2025-08-30"
published: "2025-09-01"
reason: 优化营商环境
entries:
  - kind: 调整
    items: [jishu-hetong-dengji]
    summary: 承诺时限由 8 个工作日压缩为 7 个工作日
""")
    commit(repo, "Create 2025-09-01-tiaozheng.yaml", "2025-09-01T09:10:00+08:00")
    proc = run_check()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # 7. merged into main (GitHub's merge commit)
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge pull request #1 from yasuo-chengnuo-shixian",
        "yasuo-chengnuo-shixian", date="2025-09-01T10:00:00+08:00")
    merged = git(repo, "diff", "--name-only", "HEAD^1", "HEAD").split()
    assert sorted(merged) == ["changes/2025-09-01-tiaozheng.yaml", ITEM]
    # 8. every file the merge changed triggers the publish workflow on main
    assert push["branches"] == ["main"]
    ignored = [p for p in merged if any(_github_glob(g).match(p) for g in push.get("paths-ignore", []))]
    assert ignored == []
    if "paths" in push:
        assert all(any(_github_glob(g).match(p) for g in push["paths"]) for p in merged)
    # and on main after the merge, the list passes its own check (what publish runs first)
    assert subprocess.run([str(ROOT / ".venv/bin/powerlist"), "check", "powers"], cwd=repo,
                          capture_output=True).returncode == 0


def test_a_site_wide_entry_is_shown_on_its_notice_page(repo: Path) -> None:
    from powerlist.core.catalog import load_catalog
    from powerlist.site.pages import Page, SiteBuilder

    record(repo, "2025-09-01-jiandu", "调整", items="", extra="    scope: 全部事项\n", number=True)
    commit(repo, "a site-wide notice", "2025-09-01T09:00:00+08:00")
    cat = load_catalog(repo / "powers")
    assert cat.ok, cat.diagnostics
    pages = {p.path: p for p in SiteBuilder(cat, lambda x, v: "<svg></svg>").changes_pages() if isinstance(p, Page)}
    page = next(p for path, p in pages.items() if "2025-09-01-jiandu" in path)
    assert "事项：全部事项</p>" in page.html
