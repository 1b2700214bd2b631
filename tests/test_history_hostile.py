"""Issue 21: a bad past commit must never stop publishing. Whatever the
history holds (a version today's loader refuses, a file name with control
characters, a link out of the tree, a notice naming thousands of unknown
ids, absurd notice dates), `check`, the history and the site build end
with a clear result: a past version that cannot be read is shown as such,
never a traceback and never raw. On real scratch repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, cli, edit
from powerlist.core.catalog import load_catalog
from powerlist.history import read
from test_history import ADDED, commit, git, notice, repo  # noqa: F401  (repo: the fixture)

TECH = "powers/keji/jishu-hetong-dengji.yaml"


@pytest.fixture(autouse=True)
def _data_date_from_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """The data's date comes from the scratch repository, not from a build run before."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


DEEP = "x: " + "[" * 990 + "]" * 990 + "\n"
DEEP_MAP = "x:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 400)) + " " * 400 + "v: 1\n"


def _index_info(repo: Path, entries: list[tuple[str, bytes, bytes]]) -> None:
    """`git update-index -z --index-info`: mode, blob, name (any bytes but NUL)."""
    lines = b""
    for mode, blob, name in entries:
        lines += mode.encode() + b" " + blob + b"\t" + name + b"\0"
    subprocess.run(["git", "-C", str(repo), "update-index", "-z", "--index-info"], input=lines,
                   capture_output=True, check=True)


def _blob(repo: Path, content: bytes) -> bytes:
    return subprocess.run(["git", "-C", str(repo), "hash-object", "-w", "--stdin"], input=content,
                          capture_output=True, check=True).stdout.strip()


def add_and_remove(repo: Path, name: bytes, date: str, content: bytes = b"name: x\n") -> None:
    """A commit that adds a file of this name (any bytes but NUL), the next one removes it."""
    blob = _blob(repo, content)
    _index_info(repo, [("100644", blob, name)])
    git(repo, "commit", "-q", "-m", "odd name", date=date)
    _index_info(repo, [("0", b"0" * 40, name)])
    git(repo, "commit", "-q", "-m", "odd name gone", date=date.replace("T09", "T10"))
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "--", "."], check=True)


def past_version(repo: Path, text: str, date: str) -> str:
    """The item file holds `text` in one commit and is restored in the next."""
    f = repo / TECH
    good = f.read_text(encoding="utf-8")
    f.write_text(text, encoding="utf-8")
    sha = commit(repo, "bad past version", date)
    f.write_text(good, encoding="utf-8")
    commit(repo, "restored", date.replace("T09", "T10"))
    return sha


def build(repo: Path) -> subprocess.CompletedProcess:
    """The real site build of the repository's working tree (with the example's pages and configuration)."""
    shutil.copytree(ROOT / "docs", repo / "docs")
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d", "site"], cwd=repo,
                          capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                          timeout=600)


# --- 1-3: past versions today's loader refuses --------------------------------------------


@pytest.mark.parametrize("text", [DEEP, DEEP_MAP, 'name: "技术合同\\0认定登记"\n', "name: a\x01b\n",
                                  "name: a\nname: b\n", "name: [unclosed\n", "- just\n- a list\n"],
                         ids=["deep-lists", "deep-maps", "nul-escape", "raw-control", "duplicate-key",
                              "syntax", "not-a-mapping"])
def test_a_past_version_todays_loader_refuses_is_unreadable(repo: Path, tmp_path: Path, text: str) -> None:
    past_version(repo, text, "2025-10-01T09:00:00+08:00")
    h = read(load_catalog(repo / "powers"), tmp_path / "cache")
    versions = h.of("jishu-hetong-dengji")
    # the restore and the bad version: both compared with a version that cannot be read
    assert [v.kind for v in versions[:2]] == ["incomparable", "unreadable"]
    assert all("\0" not in (c.old or "") + (c.new or "") for v in versions for c in v.changes)
    # the versions before are compared as before
    assert [v.kind for v in versions[2:]] == ["changed", "renamed", "changed", "added"]


def test_odd_file_names_in_the_history_are_read_whole(repo: Path, tmp_path: Path) -> None:
    """Git output is read NUL-separated: a name with \\x01, \\x02, a newline,
    a tab, quotes, a colon or bytes that are not UTF-8 never splits a record."""
    for k, name in enumerate([b"powers/a\x01b.yaml", b"powers/c\x02d.yaml", b"powers/e\nf.yaml", b"powers/g\th.yaml",
                              b'powers/"q\\uote".yaml', b"powers/:1 2 3 M.yaml", b"powers/\xff\xfe.yaml",
                              b"changes/a\x01b.yaml"]):
        add_and_remove(repo, name, f"2025-10-{k + 1:02d}T09:00:00+08:00")
    # and a real item edited after them: still followed through the odd commits
    edit(repo / TECH, "promised: 8 个工作日", "promised: 6 个工作日")
    commit(repo, "shorter", "2025-11-01T09:00:00+08:00")
    h = read(load_catalog(repo / "powers"), tmp_path / "cache")
    versions = h.of("jishu-hetong-dengji")
    assert [v.kind for v in versions] == ["changed", "changed", "renamed", "changed", "added"]
    assert [(c.old, c.new) for c in versions[0].changes] == [("8 个工作日", "6 个工作日")]


def test_a_site_builds_whatever_the_history_holds(repo: Path) -> None:
    """Finding 1-3 end to end: the deep past version, the \\x01 name and the
    NUL escape in the history; `mkdocs build --strict` succeeds, the item's
    page says a version could not be read and holds no NUL."""
    past_version(repo, DEEP, "2025-10-01T09:00:00+08:00")
    add_and_remove(repo, b"powers/a\x01b.yaml", "2025-10-02T09:00:00+08:00")
    past_version(repo, 'name: "技术合同\\0认定登记"\n', "2025-10-03T09:00:00+08:00")
    proc = build(repo)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    page = (repo / "site/items/jishu-hetong-dengji/index.html").read_bytes()
    assert b"\0" not in page and "该版本无法读取".encode() in page


# --- 4: a link out of the tree in a past commit ------------------------------------------


@pytest.mark.parametrize("target", [b"/etc/passwd", b"../../secret", b"../../../../../../etc/hostname"])
def test_a_past_link_out_of_the_tree_is_refused_clearly(repo: Path, capsys, target: bytes) -> None:
    (repo.parent / "secret").write_text("name: 机密\n", encoding="utf-8")
    blob = _blob(repo, target)
    _index_info(repo, [("120000", blob, b"powers/x.yaml")])
    git(repo, "commit", "-q", "-m", "a link", date="2025-10-01T09:00:00+08:00")
    code, out = cli(capsys, "export", "--as-of", "2025-10-01", "--format", "json", "-o", "old.json")
    assert code == 1, out
    assert "powers/x.yaml" in out and "链接" in out and "Traceback" not in out
    assert not Path("old.json").exists()
    # the day before: exported as it was
    assert cli(capsys, "export", "--as-of", "2025-09-30", "--format", "json", "-o", "old.json")[0] == 0


# --- 5: notices naming ids that never existed --------------------------------------------


def test_thousands_of_unknown_ids_are_checked_with_one_history_read(repo: Path, capsys) -> None:
    ids = ", ".join(f"no-such-item-{i}" for i in range(13000))
    notice(repo, "2025-09-02-tiaozheng", ADDED.replace("kind: 新增", "kind: 调整").replace("[jishu-hetong-dengji]", f"[{ids}]")
           .replace("2025-03-01", "2025-09-02").replace("2025-02-26", "2025-09-01"))
    commit(repo, "a notice of unknown ids", "2025-09-02T09:00:00+08:00")
    code, out = cli(capsys, "check", "powers")  # its time (was 110 s, now about 0.3 s) is the hostile bench's
    assert code == 1 and out.count("[PL702]") == 13000


def test_an_id_counts_only_if_it_existed_in_the_lists_own_history(repo: Path, capsys) -> None:
    """An item file on another branch, in a stash or in an abandoned commit
    is not the list's history: a notice cannot name it."""
    git(repo, "checkout", "-q", "-b", "other")
    shutil.copy(repo / "powers/kexue-jishu-jiang.yaml", repo / "powers/only-on-a-branch.yaml")
    commit(repo, "elsewhere", "2025-09-01T09:00:00+08:00")
    git(repo, "checkout", "-q", "main")
    shutil.copy(repo / "powers/kexue-jishu-jiang.yaml", repo / "powers/only-in-a-stash.yaml")
    git(repo, "add", "-A")
    git(repo, "stash", "-q")
    body = (ADDED.replace("kind: 新增", "kind: 调整").replace("2025-03-01", "2025-09-02").replace("2025-02-26", "2025-09-01"))
    for ident in ("only-on-a-branch", "only-in-a-stash"):
        notice(repo, "2025-09-02-tiaozheng", body.replace("[jishu-hetong-dengji]", f"[{ident}]"))
        code, out = cli(capsys, "check", "powers")
        assert code == 1 and f"没有标识为“{ident}”的事项" in out, out


# --- 6: notice dates ---------------------------------------------------------------------


@pytest.mark.parametrize("field, value", [("published", "9999-12-31"), ("published", "0001-01-01"),
                                          ("approved", "0001-01-01"), ("published", "2099-01-01")])
def test_notice_dates_lie_between_the_earliest_date_and_the_datas_date(repo: Path, capsys, field: str, value: str) -> None:
    body = ADDED.replace("kind: 新增", "kind: 调整").replace("2025-03-01", "2025-09-02").replace("2025-02-26", "2025-09-01")
    name = f"{value}-tiaozheng" if field == "published" else "2025-09-02-tiaozheng"
    body = body.replace('published: "2025-09-02"', f'published: "{value}"') if field == "published" else \
        body.replace('approved: "2025-09-01"', f'approved: "{value}"')
    notice(repo, name, body)
    commit(repo, "a notice", "2025-09-02T09:00:00+08:00")
    code, out = cli(capsys, "check", "powers")
    line = 1 + next(i for i, s in enumerate(body.splitlines()) if s.startswith(f"{field}:"))
    assert code == 1, out
    hit = [x for x in out.splitlines() if x.startswith(f"changes/{name}.yaml:{line}:")]
    assert hit and f": {field}: " in hit[0] and "[PL707]" in hit[0], out


def test_the_earliest_notice_date_is_a_site_setting(repo: Path, capsys) -> None:
    body = ADDED.replace("kind: 新增", "kind: 调整").replace("2025-03-01", "1999-09-02").replace("2025-02-26", "1999-09-01")
    notice(repo, "1999-09-02-tiaozheng", body)
    commit(repo, "an old notice", "2025-09-02T09:00:00+08:00")
    code, out = cli(capsys, "check", "powers")
    assert code == 1 and "[PL707]" in out and "2000-01-01" in out, out
    with (repo / "powers/_site.yaml").open("a", encoding="utf-8") as f:
        f.write('notices_since: "1990-01-01"\n')
    commit(repo, "older notices are kept", "2025-09-03T09:00:00+08:00")
    code, out = cli(capsys, "check", "powers")
    assert "[PL707]" not in out, out


def test_a_notice_not_yet_committed_may_bear_todays_date(repo: Path, capsys) -> None:
    """Staff check a new notice before committing it: the data's date is
    the last commit's, but a notice not committed yet may be dated today."""
    import datetime as dt

    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date().isoformat()
    body = ADDED.replace("kind: 新增", "kind: 调整").replace("2025-03-01", today).replace("2025-02-26", today)
    notice(repo, f"{today}-tiaozheng", body)
    code, out = cli(capsys, "check", "powers")
    assert "[PL707]" not in out, out
    # but not tomorrow's, committed or not
    later = (dt.date.fromisoformat(today) + dt.timedelta(days=2)).isoformat()
    notice(repo, f"{later}-tiaozheng", body.replace(today, later))
    code, out = cli(capsys, "check", "powers")
    assert code == 1 and f"日期 {later} 晚于今天 {today}" in out and "[PL707]" in out, out
