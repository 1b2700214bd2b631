"""Issue 14: adjustment notices as data, each item's history from git,
cancelled items kept, the pull-request rule, the list as of a date, the
feed. On a fixture repository made of real, dated git commits."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, cli, edit
from powerlist.core.catalog import load_catalog
from powerlist.history import read

TECH = "powers/jishu-hetong-dengji.yaml"
GONE = "powers/buhe-jieneng-biaozhun-xiangmu-chufa.yaml"


def git(repo: Path, *args: str, date: str = "2025-01-10T10:00:00+08:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


def commit(repo: Path, message: str, date: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD").strip()


def notice(repo: Path, name: str, body: str) -> None:
    (repo / "changes").mkdir(exist_ok=True)
    (repo / "changes" / f"{name}.yaml").write_text(body, encoding="utf-8")


ADDED = """doc_number: 解科工〔2025〕3号
title: 关于新增技术合同认定登记的公告
approved: "2025-02-26"
published: "2025-03-01"
entries:
  - kind: 新增
    items: [jishu-hetong-dengji]
    summary: 新增行政确认“技术合同认定登记”
"""
ADJUSTED = """doc_number: 解科工〔2025〕9号
title: 关于调整技术合同认定登记承诺时限的公告
approved: "2025-06-18"
published: "2025-06-20"
entries:
  - kind: 调整
    items: [jishu-hetong-dengji]
    summary: 承诺时限由 7 个工作日调整为 8 个工作日
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example list's history in five dated commits: the list without
    技术合同认定登记 and without notices; the item added with a 新增 notice;
    its promise shortened with a 调整 notice; its file moved into a folder;
    an edit of its remark with no notice."""
    r = tmp_path / "repo"
    for name in ("powers", "flows"):
        shutil.copytree(ROOT / name, r / name)
    text = (r / TECH).read_text(encoding="utf-8")
    (r / TECH).unlink()
    attached = r / "powers/files/jishu-hetong-dengji"  # its forms and samples come with it
    shutil.move(str(attached), str(tmp_path / "attached"))
    gone = (r / GONE).read_text(encoding="utf-8")
    (r / GONE).write_text(gone.split("\nstatus: 已取消")[0] + "\n", encoding="utf-8")  # still current then
    git(r, "init", "-q", "-b", "main")
    commit(r, "the list", "2025-01-10T10:00:00+08:00")
    git(r, "tag", "first")
    (r / TECH).write_text(text, encoding="utf-8")
    shutil.move(str(tmp_path / "attached"), str(attached))
    notice(r, "2025-03-01-xinzeng", ADDED)
    commit(r, "add an item", "2025-03-01T09:00:00+08:00")
    edit(r / TECH, "promised: 7 个工作日", "promised: 8 个工作日")
    notice(r, "2025-06-20-tiaozheng", ADJUSTED)
    commit(r, "shorter promise", "2025-06-20T15:00:00+08:00")
    (r / "powers/keji").mkdir()
    git(r, "mv", TECH, "powers/keji/jishu-hetong-dengji.yaml")
    commit(r, "a folder per unit", "2025-07-01T09:00:00+08:00")
    edit(r / "powers/keji/jishu-hetong-dengji.yaml", "promised_note: 享受税收优惠、急需办理的技术开发和技术转让合同，材料齐全的当天登记",
         "promised_note: 享受税收优惠、急需办理的技术开发和技术转让合同，材料齐全、符合条件的当天登记")
    commit(r, "wording", "2025-08-01T09:00:00+08:00")
    monkeypatch.chdir(r)
    return r


def test_an_items_history_follows_renames_and_names_each_fields_change_and_its_notice(repo: Path, tmp_path: Path) -> None:
    cat = load_catalog(repo / "powers")
    assert cat.ok, cat.diagnostics
    h = read(cat, tmp_path / "cache")
    assert h.available and not h.shallow
    versions = h.of("jishu-hetong-dengji")
    assert [v.kind for v in versions] == ["changed", "renamed", "changed", "added"]
    wording, moved, shorter, added = versions
    assert added.notice == "2025-03-01-xinzeng" and added.changes == ()
    assert shorter.notice == "2025-06-20-tiaozheng"
    assert [(c.path, c.label, c.old, c.new) for c in shorter.changes] == [
        ("service.time_limit.promised", "办事指南 › 办结时限 › 承诺办结时限", "7 个工作日", "8 个工作日")]
    assert moved.changes == () and moved.notice is None
    assert wording.notice is None  # no notice covers it: the page says so
    assert [c.path for c in wording.changes] == ["service.time_limit.promised_note"]
    # the other items were never changed after the first commit
    assert [v.kind for v in h.of("kexue-jishu-jiang")] == ["added"]


def test_the_history_is_cached_per_commit_and_the_cache_never_outlives_the_code(repo: Path, tmp_path: Path) -> None:
    cat = load_catalog(repo / "powers")
    first = read(cat, tmp_path / "cache")
    files = sorted((tmp_path / "cache").glob("*.json"))
    assert len(files) == 5  # one per commit that changed an item
    again = read(cat, tmp_path / "cache")
    assert again.items == first.items
    # a cache file from other code is not trusted: it is computed again
    stale = next(f for f in files if '"changed"' in f.read_text(encoding="utf-8") and "8 个工作日" in f.read_text(encoding="utf-8"))
    stale.write_text(stale.read_text(encoding="utf-8").replace("8 个工作日", "99 个工作日").replace('"code": "', '"code": "x'),
                     encoding="utf-8")
    assert read(cat, tmp_path / "cache").items == first.items


def test_no_git_no_history_claimed(tmp_path: Path) -> None:
    for name in ("powers", "flows", "changes"):
        shutil.copytree(ROOT / name, tmp_path / name)
    h = read(load_catalog(tmp_path / "powers"))
    assert not h.available and h.items == {}


def test_pull_request_rule_against_a_base(repo: Path, capsys) -> None:
    assert cli(capsys, "check", "--base", "main", "powers") == (0, "检查通过：没有发现问题。\n")
    # a comment, quoting and key order are not public facts
    f = repo / "powers/keji/jishu-hetong-dengji.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("case_type: 承诺件", "case_type: \"承诺件\"  # 注释"), encoding="utf-8")
    assert cli(capsys, "check", "--base", "main", "powers")[0] == 0
    # a public fact changed without a notice: an error at the changed line
    edit(f, "promised: 8 个工作日", "promised: 9 个工作日")
    code, out = cli(capsys, "check", "--base", "main", "powers")
    line = next(i for i, s in enumerate(f.read_text(encoding="utf-8").splitlines(), 1) if "promised: 9" in s)
    assert code == 1 and f"powers/keji/jishu-hetong-dengji.yaml:{line}:15: error: service.time_limit.promised: " \
        "与 main 相比，本事项的 办事指南 › 办结时限 › 承诺办结时限 有改动，但本次改动的调整公告中没有列出“jishu-hetong-dengji”的条目 [PL711]" in out
    # a notice added in this change lists it: accepted
    notice(repo, "2025-09-01-tiaozheng", ADJUSTED.replace("9号", "12号").replace("2025-06-20", "2025-09-01")
           .replace("2025-06-18", "2025-08-28").replace("7 个工作日调整为 8", "8 个工作日调整为 9"))
    assert cli(capsys, "check", "--base", "main", "powers")[0] == 0
    # a wording fix is declared as a 勘误 record, which reviewers see and the history keeps
    (repo / "changes/2025-09-01-tiaozheng.yaml").unlink()
    notice(repo, "2025-09-01-kanwu", "title: 更正技术合同认定登记的错字\npublished: \"2025-09-01\"\nentries:\n"
           "  - kind: 勘误\n    items: [jishu-hetong-dengji]\n    summary: 更正承诺时限说明的笔误\n")
    code, out = cli(capsys, "check", "--base", "main", "powers")  # but a promised time is a fact, not wording
    assert code == 1 and "承诺办结时限 由“8 个工作日”改为“9 个工作日”：这是事实内容，不是文字错误，“勘误”记录不能涵盖" in out
    edit(f, "promised: 9 个工作日", "promised: 8 个工作日")
    edit(f, "材料齐全、符合条件的当天登记", "材料齐全、符合条件的，当天登记")
    assert cli(capsys, "check", "--base", "main", "powers")[0] == 0
    # a deleted item file, an edited published notice, a new item without a notice
    (repo / "powers/kexue-jishu-jiang.yaml").unlink()
    edit(repo / "changes/2025-03-01-xinzeng.yaml", "新增行政确认", "新增行政确认事项")
    shutil.copy(repo / "powers/keji-chengguo-dengji.yaml", repo / "powers/keji-chengguo-dengji-2.yaml")
    edit(repo / "powers/keji-chengguo-dengji-2.yaml", "code: \"410802-GG-001\"", "code: \"410802-GG-091\"")
    code, out = cli(capsys, "check", "--base", "main", "powers")
    assert code == 1
    assert "powers/kexue-jishu-jiang.yaml:1:1: error: 与 main 相比，事项文件 powers/kexue-jishu-jiang.yaml 被删除了；已取消的事项请保留文件并写明状态 [PL710]" in out
    assert "changes/2025-03-01-xinzeng.yaml:1:1: error: 与 main 相比，已公布的调整公告 changes/2025-03-01-xinzeng.yaml 被修改了；" \
        "已公布的公告不能修改，更正请另发一份 [PL712]" in out
    assert "这是新增的事项，但本次改动的调整公告中没有列出“keji-chengguo-dengji-2”的新增（或承接、拆分、合并）条目 [PL711]" in out
    # a base that does not exist
    code, out = cli(capsys, "check", "--base", "no-such-branch", "powers")
    assert code == 1 and "无法读取基准版本“no-such-branch”" in out and "[PL713]" in out


def test_the_workflows_check_step_applies_the_rule_to_a_pull_request(repo: Path) -> None:
    """The step of .github/workflows/check.yml, run as the runner would on a
    pull request whose base branch is main."""
    import yaml

    wf = yaml.safe_load((ROOT / ".github/workflows/check.yml").read_text(encoding="utf-8"))
    step = next(s for s in wf["jobs"]["check"]["steps"] if "powerlist check" in s.get("run", ""))
    assert step["env"] == {"BASE": "${{ github.base_ref }}"}
    (repo / ".venv").symlink_to(ROOT / ".venv")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    edit(repo / "powers/keji/jishu-hetong-dengji.yaml", "promised: 8 个工作日", "promised: 9 个工作日")

    def run(base: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", "-c", step["run"]], cwd=repo, capture_output=True, text=True,
                              env={**os.environ, "BASE": base})

    proc = run("main")
    assert proc.returncode == 1
    assert "::error file=powers/keji/jishu-hetong-dengji.yaml,line=" in proc.stdout and "PL711" in proc.stdout
    assert run("").returncode == 0  # a manual run (no base): the list's own checks only


def test_the_list_as_of_a_date_is_rebuilt_from_git(repo: Path, capsys) -> None:
    import json

    code, out = cli(capsys, "export", "--as-of", "2025-02-01", "--format", "json", "-o", "a.json")
    assert code == 0, out
    doc = json.loads(Path("a.json").read_text(encoding="utf-8"))
    assert "jishu-hetong-dengji" not in {x["id"] for x in doc["items"]} and doc["date"] == "2025-01-10"
    cli(capsys, "export", "--as-of", "2025-06-30", "--format", "json", "-o", "b.json")
    doc = json.loads(Path("b.json").read_text(encoding="utf-8"))
    tech = next(x for x in doc["items"] if x["id"] == "jishu-hetong-dengji")
    assert tech["service"]["time_limit"]["promised"] == "8 个工作日" and doc["date"] == "2025-06-20"
    code, out = cli(capsys, "export", "--as-of", "2024-12-31", "--format", "xlsx", "-o", "c.xlsx")
    assert code == 1 and not Path("c.xlsx").exists()
    assert "2024-12-31 之前没有提交，那时还没有清单" in out


@pytest.mark.parametrize("body, rule, where", [
    (ADDED.replace("解科工〔2025〕3号", "解科工[2025]3号"), "PL704", "doc_number"),
    (ADDED.replace("doc_number: 解科工〔2025〕3号\n", ""), "PL704", "title"),
    (ADDED.replace("解科工〔2025〕3号", "第三号"), "PL704", "doc_number"),
    (ADDED.replace('approved: "2025-02-26"', 'approved: "2025-03-02"'), "PL703", "approved"),
    (ADDED.replace("items: [jishu-hetong-dengji]", "items: [jishu-hetong-dengj]"), "PL702", "entries[0].items[0]"),
    (ADDED.replace("kind: 新增", "kind: 废除"), "PL205", "entries[0].kind"),
    (ADDED.replace('published: "2025-03-01"', 'published: "2025-03-02"'), "PL701", "published"),
])
def test_notice_checks(project: Path, check, body: str, rule: str, where: str) -> None:
    notice(project, "2025-03-01-xinzeng", body)
    result = check()
    assert result.code == 1, result.out
    hit = [line for line in result.lines if line.startswith("changes/2025-03-01-xinzeng.yaml:") and f"[{rule}]" in line]
    assert hit and f": {where}: " in hit[0], result.out


def test_a_cancelled_item_needs_its_notice(project: Path, check) -> None:
    edit(project / "changes/2026-11-26-quxiao.yaml", "kind: 取消", "kind: 调整")
    result = check()
    assert result.code == 1
    assert any("retired.notice: 公告 2026-11-26-quxiao 中没有列出本事项的“取消”条目 [PL706]" in x for x in result.lines)
    edit(project / GONE, "status: 已取消", "status: 在用")
    result = check()
    assert any("retired: 写了 retired，但状态是“在用”" in x and "[PL705]" in x for x in result.lines), result.out
    with (project / "changes/2026-11-25-xinzeng.yaml").open("a", encoding="utf-8") as f:
        f.write("  - kind: 取消\n    items: [kexue-jishu-jiang]\n    summary: 取消\n")
    result = check()
    assert any("公告条目说“取消”事项“kexue-jishu-jiang”，但它的状态仍是“在用”" in x for x in result.lines), result.out


# --- the site, built from a repository with the example's three notices ----------------

@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project in four dated commits: the list before the
    notices; the 新增 notice; the promise of 高新技术企业更名 shortened with
    its notice; 不符合节能标准项目处罚 cancelled with its notice."""
    r = tmp_path_factory.mktemp("hist") / "p"
    for name in ("powers", "flows", "changes", "docs"):
        shutil.copytree(ROOT / name, r / name)
    shutil.copy(ROOT / "mkdocs.yml", r / "mkdocs.yml")
    gaoxin = r / "powers/gaoxin-qiye-gengming-zhuanbao.yaml"
    now = {p: p.read_text(encoding="utf-8") for p in (gaoxin, r / GONE)}
    notices = {p.name: p.read_text(encoding="utf-8") for p in (r / "changes").glob("*.yaml")}
    shutil.rmtree(r / "changes")
    gaoxin.write_text(now[gaoxin].replace("promised: 4 个工作日", "promised: 5 个工作日")
                      .replace("review_time: 2 个工作日", "review_time: 3 个工作日"), encoding="utf-8")
    (r / GONE).write_text(now[r / GONE].split("\nstatus: 已取消")[0] + "\n", encoding="utf-8")
    git(r, "init", "-q", "-b", "main")
    commit(r, "the list", "2026-11-20T10:00:00+08:00")
    (r / "changes").mkdir()
    (r / "changes/2026-11-25-xinzeng.yaml").write_text(notices["2026-11-25-xinzeng.yaml"], encoding="utf-8")
    commit(r, "notice", "2026-11-25T10:00:00+08:00")
    gaoxin.write_text(now[gaoxin], encoding="utf-8")
    (r / "changes/2026-11-26-tiaozheng.yaml").write_text(notices["2026-11-26-tiaozheng.yaml"], encoding="utf-8")
    commit(r, "promise", "2026-11-26T10:00:00+08:00")
    (r / GONE).write_text(now[r / GONE], encoding="utf-8")
    (r / "changes/2026-11-26-quxiao.yaml").write_text(notices["2026-11-26-quxiao.yaml"], encoding="utf-8")
    commit(r, "cancel", "2026-11-26T11:00:00+08:00")
    proc = subprocess.run([os.sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"], cwd=r,
                          capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return r / "site"


@pytest.fixture(scope="module")
def history_origin(history_site: Path):
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(history_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_feed_of_notices_parses_back(history_site: Path) -> None:
    import feedparser

    feed = feedparser.parse((history_site / "changes/feed.xml").read_bytes())
    assert not feed.bozo and feed.version == "atom10"
    assert [e.title for e in feed.entries] == [
        "解科工〔2026〕23号 解放区科技和工业信息化局关于取消 1 项权责清单事项的公告",
        "解科工〔2026〕22号 解放区科技和工业信息化局关于压缩高新技术企业更名审核转报办理时限的公告",
        "解科工〔2026〕21号 解放区科技和工业信息化局关于新增 6 项权责清单事项的公告"]
    first = feed.entries[0]
    assert first.link == "https://jiefangqu-kegongju.github.io/powerlist/changes/2026-11-26-quxiao/"
    assert first.published == "2026-11-26T00:00:00+08:00" and "取消：取消行政处罚" in first.content[0].value
    assert feed.feed.updated == "2026-11-26T00:00:00+08:00"
    assert feed.feed.author_detail.name == "焦作市解放区科学技术和工业信息化局"  # RFC 4287 requires an author


def test_the_downloads_offer_the_list_after_each_notice(history_site: Path) -> None:
    from python_calamine import CalamineWorkbook

    rows = {}
    for f in sorted((history_site / "downloads/history").glob("*.xlsx")):
        sheet = CalamineWorkbook.from_path(str(f)).get_sheet_by_index(0).to_python()
        rows[f.name] = len(sheet) - 1
    assert rows == {"qingdan-2026-11-25-xinzeng.xlsx": 18, "qingdan-2026-11-26-tiaozheng.xlsx": 18,
                    "qingdan-2026-11-26-quxiao.xlsx": 17}
    page = (history_site / "downloads/index.html").read_text(encoding="utf-8")
    assert page.count('href="history/qingdan-') == 3


@pytest.mark.parametrize("width", [375, 1280])
def test_adjustment_pages_in_chromium(browser, history_origin: str, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": width, "height": 900})
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    for path in ["changes/", "changes/2026-11-26-tiaozheng/", "changes/retired/",
                 "items/buhe-jieneng-biaozhun-xiangmu-chufa/", "items/gaoxin-qiye-gengming-zhuanbao/", ""]:
        page.goto(f"{history_origin}/{path}", wait_until="load")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        result = Axe().run(page)
        assert [(x["id"], x["impact"]) for x in result.response["violations"]] == [], path
        assert page.locator(".pl-list-version").inner_text().startswith("清单版本：2026-11-26（"), path
    assert all(u.startswith(history_origin) for u in seen)
    # the notices, newest first, counted by kind
    page.goto(f"{history_origin}/changes/")
    assert page.locator("#notices + .pl-block tbody tr td:nth-child(2)").all_inner_texts() == [
        "解科工〔2026〕23号", "解科工〔2026〕22号", "解科工〔2026〕21号"]
    assert page.locator("#counts + .pl-block tbody").inner_text().split() == ["5", "项", "1", "项", "1", "项", "1", "项"]
    # a notice's page shows the change it covered, old → new
    page.goto(f"{history_origin}/changes/2026-11-26-tiaozheng/")
    diff = page.locator("table.pl-diff tbody tr")
    assert diff.nth(1).locator("th").inner_text() == "办事指南 › 办结时限 › 承诺办结时限"
    assert diff.nth(1).locator("td").all_inner_texts() == ["5 个工作日", "4 个工作日"]
    # a cancelled item: its page stays with a banner, it leaves the list and the search
    page.goto(f"{history_origin}/items/buhe-jieneng-biaozhun-xiangmu-chufa/")
    banner = page.locator(".pl-retired")
    assert banner.get_attribute("role") == "note"
    assert "本事项已于 2026年11月26日 取消，现由 区发展和改革委员会 行使（依据 解科工〔2026〕23号）。" in banner.inner_text()
    page.locator(".pl-retired a").click()
    assert page.url.endswith("/changes/2026-11-26-quxiao/")
    page.goto(f"{history_origin}/items/buhe-jieneng-biaozhun-xiangmu-chufa/")
    history = page.locator("#history + .pl-block")
    assert "依据：解科工〔2026〕23号" in history.inner_text() and "已取消" in history.inner_text()
    page.goto(f"{history_origin}/list/")
    assert page.locator("#pl-count").inner_text() == "共 17 项"
    page.fill("#pl-q", "节能标准")
    page.wait_for_function("document.getElementById('pl-count').textContent.startsWith('找到')")
    assert page.locator("#pl-count").inner_text().startswith("找到 0 项")
    # the home page names the latest notice
    page.goto(f"{history_origin}/")
    assert "最新调整：2026-11-26 解科工〔2026〕23号" in page.locator(".pl-latest").inner_text()
    page.close()


def test_a_hostile_past_version_is_not_expanded(repo: Path, tmp_path: Path) -> None:
    """An alias bomb committed once and replaced later: its version is
    marked unreadable, never expanded (the careful loader refuses aliases)."""
    f = repo / "powers/keji/jishu-hetong-dengji.yaml"
    good = f.read_text(encoding="utf-8")
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(12))
    f.write_text(good + bomb, encoding="utf-8")
    commit(repo, "bomb", "2025-10-01T09:00:00+08:00")
    f.write_text(good, encoding="utf-8")
    commit(repo, "fixed", "2025-10-02T09:00:00+08:00")
    versions = read(load_catalog(repo / "powers"), tmp_path / "cache").of("jishu-hetong-dengji")
    assert [v.kind for v in versions[:2]] == ["incomparable", "unreadable"]


def test_a_notice_may_name_an_item_that_existed_before_files_were_kept(repo: Path, capsys) -> None:
    """An item file deleted in the history (before the rule) can still be
    named by a notice; an id that never existed cannot."""
    (repo / "powers/kexue-jishu-jiang.yaml").unlink()
    commit(repo, "removed before notices were kept", "2025-09-01T09:00:00+08:00")
    notice(repo, "2025-09-02-quxiao", ADDED.replace("kind: 新增", "kind: 调整").replace("jishu-hetong-dengji", "kexue-jishu-jiang")
           .replace("2025-03-01", "2025-09-02").replace("2025-02-26", "2025-09-01"))
    assert cli(capsys, "check", "powers")[0] == 0
    edit(repo / "changes/2025-09-02-quxiao.yaml", "items: [kexue-jishu-jiang]", "items: [kexue-jishu-jiangli]")
    code, out = cli(capsys, "check", "powers")
    assert code == 1 and "没有标识为“kexue-jishu-jiangli”的事项" in out


def test_a_past_list_is_exported_as_it_was_unless_an_item_cannot_be_read(repo: Path, capsys) -> None:
    """Rules change: a list that passed when published may not pass today's
    (here: a sample file it names is missing). It is exported as it was; a
    list with an item file that cannot be read at all is refused, clearly."""
    import json

    f = repo / "powers/kexue-jishu-jiang.yaml"
    good = f.read_text(encoding="utf-8")
    f.write_text(good.replace("name: ", "name: 旧名称", 1), encoding="utf-8")
    (repo / "powers/files/jishu-hetong-dengji").rename(repo / "gone")
    commit(repo, "a list that fails today's attachment rule", "2025-11-01T09:00:00+08:00")
    code, out = cli(capsys, "export", "--as-of", "2025-11-01", "--format", "json", "-o", "old.json")
    assert code == 0, out
    assert any(x["name"].startswith("旧名称") for x in json.loads(Path("old.json").read_text(encoding="utf-8"))["items"])
    f.write_text("name: [unclosed\n", encoding="utf-8")
    commit(repo, "a broken file", "2025-11-02T09:00:00+08:00")
    code, out = cli(capsys, "export", "--as-of", "2025-11-02", "--format", "json", "-o", "bad.json")
    assert code == 1 and "1 个事项文件按现在的规则无法读取，无法导出" in out and "Traceback" not in out


def test_a_shallow_clone_says_its_history_is_incomplete(repo: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True,
                   env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull})
    h = read(load_catalog(shallow / "powers"))
    assert h.available and h.shallow
    # all git knows of it here, and not said to be its first publication
    assert [v.kind for v in h.of("jishu-hetong-dengji")] == ["earliest"]


def test_a_guide_update_record_covers_the_guide_only(repo: Path, capsys) -> None:
    """指南更新 (forms, channels: the service block) needs no 文号; it does
    not cover a change outside the guide."""
    f = repo / "powers/keji/jishu-hetong-dengji.yaml"
    edit(f, "promised_note: 享受税收优惠", "promised_note: 享受税收优惠政策")
    notice(repo, "2025-09-01-zhinan", "title: 更新技术合同认定登记办事指南\npublished: \"2025-09-01\"\nentries:\n"
           "  - kind: 指南更新\n    items: [jishu-hetong-dengji]\n    summary: 更新承诺时限说明\n")
    assert cli(capsys, "check", "--base", "main", "powers")[0] == 0
    edit(f, "name: 技术合同认定登记", "name: 技术合同认定登记（改）")
    code, out = cli(capsys, "check", "--base", "main", "powers")
    assert code == 1 and "“jishu-hetong-dengji”的 事项名称 由“技术合同认定登记”改为“技术合同认定登记（改）”：不属于办事指南（service），" \
        "“指南更新”记录不能涵盖；须有带文号的调整公告条目 [PL711]" in out
