"""Issue 24, part A: a published item renamed by a documented path
(`renamed_from`), recognised by the pull-request rule as a rename, followed
by its history, and its former address kept on the site as a page that
sends the reader on. On the fixture repository of test_history."""

from __future__ import annotations

import shutil
import subprocess
import sys
import os
from pathlib import Path

from conftest import ROOT, cli, edit
from powerlist.core.catalog import load_catalog
from powerlist.history import read
from test_history import commit, git, repo  # noqa: F401 - the fixture repository

OLD = "powers/keji/jishu-hetong-dengji.yaml"
NEW = "powers/keji/jishu-hetong-rending-dengji.yaml"


def rename(r: Path) -> Path:
    """The staff's steps: move the file (and its attached files), write the former id."""
    git(r, "mv", OLD, NEW)
    git(r, "mv", "powers/files/jishu-hetong-dengji", "powers/files/jishu-hetong-rending-dengji")
    edit(r / NEW, "name: 技术合同认定登记\n", "name: 技术合同认定登记\nrenamed_from: [jishu-hetong-dengji]\n")
    return r / NEW


def test_a_renamed_item_is_a_rename_to_the_pull_request_rule_not_a_deletion_and_a_new_item(repo: Path, capsys) -> None:
    git(repo, "mv", OLD, NEW)
    git(repo, "mv", "powers/files/jishu-hetong-dengji", "powers/files/jishu-hetong-rending-dengji")
    code, out = cli(capsys, "check", "--base", "main", "powers")
    assert code == 1 and "[PL710]" in out and "这是新增的事项" in out  # without renamed_from: what it looks like
    edit(repo / NEW, "name: 技术合同认定登记\n", "name: 技术合同认定登记\nrenamed_from: [jishu-hetong-dengji]\n")
    # the address changed, no public fact did: no record needed
    assert cli(capsys, "check", "--base", "main", "powers") == (0, "检查通过：没有发现问题。\n")
    # a real change made with the rename is compared with the file under its former name
    edit(repo / NEW, "promised: 8 个工作日", "promised: 9 个工作日")
    code, out = cli(capsys, "check", "--base", "main", "powers")
    assert code == 1 and out.count("error:") == 1, out
    assert f"{NEW}:" in out and "办事指南 › 办结时限 › 承诺办结时限 有改动" in out and "“jishu-hetong-rending-dengji”" in out
    # a notice may list the item by its new id or its former one
    (repo / "changes/2025-09-01-tiaozheng.yaml").write_text(
        "doc_number: 解科工〔2025〕12号\ntitle: 关于调整技术合同认定登记承诺时限的公告\napproved: \"2025-08-28\"\n"
        "published: \"2025-09-01\"\nentries:\n  - kind: 调整\n    items: [jishu-hetong-dengji]\n"
        "    summary: 承诺时限由 8 个工作日调整为 9 个工作日\n", encoding="utf-8")
    assert cli(capsys, "check", "--base", "main", "powers")[0] == 0


def test_the_history_follows_the_rename_and_shows_no_field_change_for_it(repo: Path, tmp_path: Path) -> None:
    rename(repo)
    commit(repo, "a clearer file name", "2025-09-01T09:00:00+08:00")
    cat = load_catalog(repo / "powers")
    assert cat.ok, cat.diagnostics
    assert cat.renamed == {"jishu-hetong-dengji": "jishu-hetong-rending-dengji"}
    h = read(cat, tmp_path / "cache")
    versions = h.of("jishu-hetong-rending-dengji")
    assert [v.kind for v in versions] == ["renamed", "changed", "renamed", "changed", "added"]
    assert versions[0].changes == ()  # renamed_from is no public fact
    assert versions[-1].notice == "2025-03-01-xinzeng"


def test_the_history_follows_a_rename_git_does_not_see_through_renamed_from(repo: Path, tmp_path: Path) -> None:
    """Renamed and rewritten in one commit (less than half of it the same):
    git sees a deletion and a new file; renamed_from joins them."""
    import yaml

    text = (repo / OLD).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    (repo / OLD).unlink()
    git(repo, "mv", "powers/files/jishu-hetong-dengji", "powers/files/jishu-hetong-rending-dengji")
    data = {"name": data["name"], "renamed_from": ["jishu-hetong-dengji"], **data}
    (repo / NEW).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=40), encoding="utf-8")
    commit(repo, "renamed and rewritten", "2025-09-01T09:00:00+08:00")
    raw = git(repo, "log", "-1", "-M", "--name-status", "--format=")
    assert "D\tpowers/keji/jishu-hetong-dengji.yaml" in raw  # git does not see the rename
    cat = load_catalog(repo / "powers")
    assert cat.ok, cat.diagnostics
    versions = read(cat, tmp_path / "cache").of("jishu-hetong-rending-dengji")
    assert [v.kind for v in versions] == ["renamed", "changed", "renamed", "changed", "added"]
    assert versions[-1].notice == "2025-03-01-xinzeng"


def test_renamed_from_is_checked(repo: Path, capsys) -> None:
    f = rename(repo)
    # an id a file has now
    edit(f, "renamed_from: [jishu-hetong-dengji]", "renamed_from: [jishu-hetong-dengji, kexue-jishu-jiang]")
    # a second item claiming the same former id
    edit(repo / "powers/keji-chengguo-dengji.yaml", "name: ", "renamed_from: [jishu-hetong-dengji]\nname: ")
    # its own id
    edit(repo / "powers/kexue-jishu-jiang.yaml", "name: ", "renamed_from: [kexue-jishu-jiang]\nname: ")
    code, out = cli(capsys, "check", "powers")
    assert code == 1 and out.count("error:") == 3, out
    assert "renamed_from[1]: 曾用标识 kexue-jishu-jiang 是现有事项文件 powers/kexue-jishu-jiang.yaml 的标识" in out
    assert ("powers/keji-chengguo-dengji.yaml:3:16: error: renamed_from[0]: 曾用标识 jishu-hetong-dengji 已由 "
            "powers/keji/jishu-hetong-rending-dengji.yaml 写明；一个旧标识只能转到一个事项 [PL309]") in out
    assert "powers/kexue-jishu-jiang.yaml:3:16: error: renamed_from[0]: 曾用标识 kexue-jishu-jiang 就是本事项自己的标识" in out


def _build(project: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | {"NO_MKDOCS_2_WARNING": "1"}  # the commit's date
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
                          cwd=project, env=env, capture_output=True, text=True)


def test_the_former_address_sends_the_reader_to_the_renamed_items_page(repo: Path, browser) -> None:
    rename(repo)
    shutil.copytree(ROOT / "docs", repo / "docs")
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    commit(repo, "renamed", "2025-09-01T09:00:00+08:00")
    proc = _build(repo)
    assert proc.returncode == 0, proc.stderr
    site = repo / "site"
    moved = (site / "items/jishu-hetong-dengji/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../jishu-hetong-rending-dengji/">' in moved
    assert '<link rel="canonical" href="https://jiefangqu-kegongju.github.io/powerlist/items/jishu-hetong-rending-dengji/">' in moved
    assert '<meta name="robots" content="noindex">' in moved
    assert '<a href="../jishu-hetong-rending-dengji/">技术合同认定登记</a>' in moved
    assert (site / "items/jishu-hetong-rending-dengji/index.html").is_file()
    # left out of the sitemap and the search
    assert "items/jishu-hetong-dengji/" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "items/jishu-hetong-rending-dengji/" in (site / "sitemap.xml").read_text(encoding="utf-8")
    index = "".join(p.read_text(encoding="utf-8") for p in (site / "search").rglob("*") if p.is_file())
    assert "jishu-hetong-rending-dengji" in index and "jishu-hetong-dengji" not in index
    # a browser at the former address (served as the published site is) ends on the item's page
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_port}/items/jishu-hetong-dengji/")
        page.wait_for_url("**/items/jishu-hetong-rending-dengji/", timeout=10000)
        assert page.locator("h1").first.inner_text().strip().startswith("技术合同认定登记")
    finally:
        page.close()
        server.shutdown()
        server.server_close()
