"""Publishing never loses the site: `scripts/build` builds beside site/ and
swaps only after success; a failed or interrupted build (SIGINT at several
points, as Ctrl-C sends it to the whole process group) leaves the previous
site byte-identical, and errors MkDocs would find late are found before it
cleans anything."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from conftest import ROOT, edit
from test_site import copy_project, mkdocs_build, tree_digest


def _project(dest: Path) -> Path:
    """A copy of the project with the real scripts/build; its set-up step
    only puts the installed environment on PATH (installing from a copy
    would repoint the editable install)."""
    project = copy_project(dest)
    (project / "scripts").mkdir()
    shutil.copy(ROOT / "scripts/build", project / "scripts/build")
    (project / "scripts/_venv.sh").write_text(
        'cd "$(dirname "${BASH_SOURCE[0]}")/.."\n'
        f'export PATH="{ROOT / ".venv/bin"}:$PATH" NO_MKDOCS_2_WARNING=1\n', encoding="utf-8")
    return project


def _build(project: Path, interrupt_after: float | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    proc = subprocess.Popen(["bash", "scripts/build"], cwd=project, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if interrupt_after is not None:
        try:
            proc.wait(timeout=interrupt_after)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the whole foreground group
    out, err = proc.communicate(timeout=300)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith((".site-next", ".site-old")))


def test_an_interrupted_build_leaves_the_last_site_intact(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    t0 = time.perf_counter()
    first = _build(project)
    took = time.perf_counter() - t0
    assert first.returncode == 0, first.stderr[-2000:]
    before = tree_digest(project / "site")
    assert "items/jishu-hetong-dengji/index.html" in before
    edit(project / "powers/jishu-hetong-dengji.yaml", "name: 技术合同认定登记", "name: 技术合同认定登记（新）")
    outcomes = []
    for fraction in (0.15, 0.4, 0.65, 0.9):
        run = _build(project, interrupt_after=took * fraction)
        after = tree_digest(project / "site")
        if run.returncode == 0:  # finished before the signal: the new site, whole
            assert after != before and set(after) == set(before)
            break
        outcomes.append(run.returncode)
        assert after == before, f"site changed after an interrupt at {fraction:.0%} of a build"
        assert _leftovers(project) == []
    assert outcomes and all(code != 0 for code in outcomes)


def test_a_failing_build_keeps_the_site_and_a_good_one_replaces_it(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    assert _build(project).returncode == 0
    before = tree_digest(project / "site")
    # a broken link in a page of docs/ fails only while MkDocs writes pages (strict mode)
    guide = project / "docs/guide/index.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n[坏链接](no-such-page.md)\n", encoding="utf-8")
    run = _build(project)
    assert run.returncode != 0 and "no-such-page.md" in run.stderr
    assert tree_digest(project / "site") == before and _leftovers(project) == []
    guide.write_text(guide.read_text(encoding="utf-8").replace("[坏链接](no-such-page.md)", ""), encoding="utf-8")
    edit(project / "powers/jishu-hetong-dengji.yaml", "name: 技术合同认定登记", "name: 技术合同认定登记（新）")
    assert _build(project).returncode == 0
    assert "技术合同认定登记（新）" in (project / "site/items/jishu-hetong-dengji/index.html").read_text(encoding="utf-8")


def test_a_page_that_clashes_with_a_generated_one_is_refused_before_mkdocs_cleans(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert mkdocs_build(project).returncode == 0
    before = tree_digest(project / "site")
    clash = project / "docs/items/jishu-hetong-dengji/index.md"
    clash.parent.mkdir(parents=True)
    clash.write_text("# 冒名页面\n", encoding="utf-8")
    run = mkdocs_build(project)  # plain `mkdocs build`, not even through scripts/build
    assert run.returncode != 0
    assert "docs/items/jishu-hetong-dengji/index.md" in run.stderr and "重名" in run.stderr
    assert tree_digest(project / "site") == before


def test_a_killed_builds_spool_folder_is_removed_by_the_next_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    stale = project / ".cache/powerlist/build-999999999-x1"  # no such process
    (stale / "items").mkdir(parents=True)
    (stale / "items/page.html").write_text("<p>old</p>", encoding="utf-8")
    assert mkdocs_build(project).returncode == 0
    assert not stale.exists()
    assert [p.name for p in (project / ".cache/powerlist").iterdir() if p.name.startswith("build-")] == []
