"""`powerlist doctor`: the repository settings the review process relies on,
checked on the real repository and on copies with one thing broken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, cli, edit


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / ".github", tmp_path / ".github")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def test_this_repository_is_set_up_and_the_github_settings_are_listed(capsys) -> None:
    code, out = cli(capsys, "doctor", "--root", str(ROOT))
    assert code == 0, out
    assert "✗" not in out
    # what only GitHub holds is listed for a person to confirm
    for setting in ("GitHub Actions", "检查清单并预览网站", "Code Owners", "force push"):
        assert setting in out


def test_a_publish_workflow_that_lists_paths_is_reported(repo: Path, capsys) -> None:
    edit(repo / ".github/workflows/publish.yml", "    paths-ignore:\n", "    paths:\n")
    code, out = cli(capsys, "doctor", "--root", str(repo))
    assert code == 1
    assert "✗ publish.yml 只在列出的路径改动时运行" in out


def test_missing_review_files_are_reported(repo: Path, capsys) -> None:
    (repo / ".github/CODEOWNERS").write_text("/src/  @org/maintainers\n", encoding="utf-8")
    edit(repo / ".github/pull_request_template.md", "指南更新", "指南", count=-1)
    (repo / ".github/workflows/check.yml").unlink()
    code, out = cli(capsys, "doctor", "--root", str(repo))
    assert code == 1
    assert "CODEOWNERS 没有为这些路径指定审核人：powers/、flows/、changes/、.github/" in out
    assert "Pull request 模板没有列出这些调整类型或记录：指南更新" in out
    assert "缺少或无法读取 .github/workflows/check.yml" in out


def test_a_check_that_does_not_compare_with_the_base_is_reported(repo: Path, capsys) -> None:
    edit(repo / ".github/workflows/check.yml", '${BASE:+--base "origin/$BASE"} ', "")
    code, out = cli(capsys, "doctor", "--root", str(repo))
    assert code == 1 and "没有用 powerlist check --base 与目标分支比较" in out
