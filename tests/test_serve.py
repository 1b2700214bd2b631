"""`mkdocs serve --dirty` (what scripts/serve runs), for real: after a save,
the pages whose data changed are served changed, pages that depend on the
changed item (its list, its parent's and child's pages) follow, and every
other page is left as it was written — not rendered again."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, edit, serve_root

CHILD, PARENT, OTHER = "gaoxin-qiye-gengming-zhuanbao", "gaoxin-qiye-tuijian", "keji-chengguo-dengji"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return ""


def _wait(predicate, what: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"not served within {seconds} s: {what}")


@pytest.fixture
def served(project: Path):
    yield from _serve(project)


def _serve(project: Path):
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    port = _port()
    log = (project / "serve.log").open("w")
    (project / "tmp").mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--livereload",
                             "-a", f"127.0.0.1:{port}"], cwd=project, stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(project / "tmp")})
    base = f"http://127.0.0.1:{port}{serve_root()}"
    try:
        _wait(lambda: "权责清单" in _get(f"{base}/list/"), "the first build", 180)
        yield base, project
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()


def _site_dir(project: Path) -> Path:
    """Where the server writes: MkDocs serves from a temporary folder, here
    made in the project's own `tmp/`."""
    (site,) = (project / "tmp").glob("mkdocs_*")
    return site


def test_a_save_renders_what_changed_and_leaves_the_rest(served) -> None:
    base, project = served
    site = _site_dir(project)
    other = site / "items" / OTHER / "index.html"
    assert other.is_file()
    before = other.stat().st_mtime_ns
    time.sleep(1.1)  # a rewrite would show in the file's time

    edit(project / "powers" / f"{PARENT}.yaml", "name: 高新技术企业认定申报初审推荐", "name: 高新技术企业认定初审推荐（改）")
    _wait(lambda: "高新技术企业认定初审推荐（改）" in _get(f"{base}/items/{PARENT}/"), "the changed item")
    # pages that show the item's name follow: the list, its type's page, its child's page
    assert "高新技术企业认定初审推荐（改）" in _get(f"{base}/list/")
    assert "高新技术企业认定初审推荐（改）" in _get(f"{base}/items/{CHILD}/")
    # an unrelated item's page was not rendered again
    assert other.stat().st_mtime_ns == before
    # the downloads are made when the server starts, and the page says so
    assert "本地预览：下载文件是启动预览时的数据" in _get(f"{base}/downloads/")
    log = (project / "serve.log").read_text(encoding="utf-8")
    assert "Traceback" not in log


def test_a_broken_save_says_why_and_a_repair_is_served(served) -> None:
    base, project = served
    edit(project / "powers" / f"{OTHER}.yaml", "type: 公共服务", "type: 公共服物")
    _wait(lambda: "未知的权力类型" in (project / "serve.log").read_text(encoding="utf-8"), "the error in the log")
    # (MkDocs holds requests while a rebuild has failed: nothing half-built is served)
    edit(project / "powers" / f"{OTHER}.yaml", "type: 公共服物", "type: 公共服务")
    edit(project / "powers" / f"{OTHER}.yaml", "name: 科技成果登记", "name: 科技成果登记（再改）")
    _wait(lambda: "科技成果登记（再改）" in _get(f"{base}/items/{OTHER}/"), "the repaired item")


def _git(project: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": "2026-12-10T10:00:00+08:00",
           "GIT_COMMITTER_DATE": "2026-12-10T10:00:00+08:00"}
    return subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def served_repo(project: Path):
    """The example served from a git repository of its own, as staff have it."""
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "the list")
    yield from _serve(project)


def test_a_new_notice_and_a_commit_are_served_without_a_restart(served_repo) -> None:
    base, project = served_repo
    first = _git(project, "rev-parse", "--short", "HEAD").strip()
    assert first in _get(f"{base}/list/")
    notice = (project / "changes" / "2026-11-26-zhinan.yaml").read_text(encoding="utf-8")
    (project / "changes" / "2026-11-30-zhinan.yaml").write_text(
        notice.replace("2026-11-26", "2026-11-30").replace("完善技术合同认定登记办事指南", "补充技术合同认定登记办事指南（预览）"),
        encoding="utf-8")
    _wait(lambda: "补充技术合同认定登记办事指南（预览）" in _get(f"{base}/changes/"), "the new notice (changes/ watched)")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "a notice")
    second = _git(project, "rev-parse", "--short", "HEAD").strip()
    _wait(lambda: second in _get(f"{base}/list/"), "the new commit as the list's version")
    assert "Traceback" not in (project / "serve.log").read_text(encoding="utf-8")
