"""`powerlist doctor`: is the repository set up so that the review process
it relies on is enforced? It checks what the repository itself holds (the
two workflows, CODEOWNERS, the pull-request template, the site
configuration) and lists the settings only GitHub holds (branch protection,
Pages source), which no file can show.

Each finding is one line a person can act on; the exit status is 1 when any
check fails.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..core.models import ChangeKind

CHECK_JOB = "检查清单并预览网站"  # the job name branch protection must require (check.yml)

# What only GitHub's settings hold: a checklist for the maintainer.
SETTINGS = (
    "Settings → Pages → Build and deployment → Source：选 GitHub Actions（由“发布”工作流部署）",
    f"Settings → Branches（或 Rules → Rulesets）→ 保护 main 分支：合并前必须经 Pull request；必须通过状态检查“{CHECK_JOB}”；"
    "要求分支与 main 同步后再合并",
    "同一规则中：必须有 Code Owners 审核通过（Require review from Code Owners）；新的提交使已有批准失效",
    "同一规则中：禁止强制推送（force push）和删除 main 分支；规则对管理员同样适用",
    "Settings → Actions → General：允许运行工作流；Workflow permissions 保持只读（发布工作流自己申请 Pages 权限）",
    "Settings → Environments → github-pages：只允许 main 分支部署",
)


@dataclass(frozen=True)
class Check:
    ok: bool
    what: str  # what was checked, or what is wrong and how to fix it


def _workflow(path: Path) -> dict | None:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(doc, dict):
        return None
    doc["on"] = doc.pop(True, doc.get("on"))  # YAML 1.1 reads the key `on` as true
    return doc


def _runs(job: dict) -> str:
    return "\n".join(str(s.get("run", "")) for s in job.get("steps", []) if isinstance(s, dict))


def _check_workflow(root: Path) -> list[Check]:
    path = root / ".github/workflows/check.yml"
    wf = _workflow(path)
    if wf is None:
        return [Check(False, f"缺少或无法读取 {path.relative_to(root)}：没有它，Pull request 不经检查就能合并")]
    on = wf.get("on") or {}
    out = []
    pr = on.get("pull_request", "missing") if isinstance(on, dict) else ("missing" if "pull_request" not in on else None)
    if pr == "missing":
        out.append(Check(False, "check.yml 没有在 pull_request 时运行"))
    elif isinstance(pr, dict) and ("paths" in pr or "paths-ignore" in pr):
        out.append(Check(False, "check.yml 的 pull_request 设了路径过滤：被过滤掉的 Pull request 上，必需的检查会一直等待"))
    jobs = wf.get("jobs") or {}
    job = next((j for j in jobs.values() if isinstance(j, dict) and j.get("name") == CHECK_JOB), None)
    if job is None:
        out.append(Check(False, f"check.yml 中没有名为“{CHECK_JOB}”的作业（分支保护要求的就是它）"))
    else:
        runs = _runs(job)
        if not re.search(r"powerlist check\b.*--base", runs):
            out.append(Check(False, "check.yml 没有用 powerlist check --base 与目标分支比较：调整公告和删除事项不会被检查"))
        if "mkdocs build --strict" not in runs:
            out.append(Check(False, "check.yml 没有以严格模式生成网站（mkdocs build --strict）"))
    return out or [Check(True, "check.yml：每个 Pull request 都检查清单、比较调整公告、生成网站预览")]


def _publish_workflow(root: Path) -> list[Check]:
    path = root / ".github/workflows/publish.yml"
    wf = _workflow(path)
    if wf is None:
        return [Check(False, f"缺少或无法读取 {path.relative_to(root)}：合并后网站不会更新")]
    on = wf.get("on") or {}
    push = on.get("push") if isinstance(on, dict) else None
    out = []
    if not isinstance(push, dict) or "main" not in (push.get("branches") or []):
        out.append(Check(False, "publish.yml 没有在推送到 main 时运行"))
    elif "paths" in push:
        out.append(Check(False, "publish.yml 只在列出的路径改动时运行：没列出的（如 changes/）改动后网站不会更新；"
                                  "请改用 paths-ignore 只排除与网站无关的路径"))
    if "scripts/build" not in "\n".join(_runs(j) for j in (wf.get("jobs") or {}).values() if isinstance(j, dict)):
        out.append(Check(False, "publish.yml 没有运行 scripts/build（先检查再生成）"))
    return out or [Check(True, "publish.yml：main 上任何可能改变网站的改动都会检查并发布")]


def _codeowners(root: Path, paths: typing.Iterable[str]) -> list[Check]:
    path = root / ".github/CODEOWNERS"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return [Check(False, "缺少 .github/CODEOWNERS：没有指定谁审核哪些文件")]
    rules = []
    for line in lines:
        parts = line.split("#", 1)[0].split()
        if len(parts) >= 2 and all(p.startswith("@") or "@" in p for p in parts[1:]):
            rules.append(parts[0])
    missing = [p for p in paths if not any(_owns(rule, p) for rule in rules)]
    if missing:
        return [Check(False, "CODEOWNERS 没有为这些路径指定审核人：" + "、".join(missing))]
    return [Check(True, "CODEOWNERS：" + "、".join(paths) + " 都有指定的审核人")]


def _owns(rule: str, path: str) -> bool:
    """Whether a CODEOWNERS pattern covers a folder (simple patterns: `*`,
    `/folder/`, `folder/`).

    >>> _owns("/powers/", "powers/"), _owns("*", "changes/"), _owns("/src/", "changes/")
    (True, True, False)
    """
    if rule in ("*", "/**", "**"):
        return True
    return path.startswith(rule.lstrip("/").rstrip("*")) or path.rstrip("/") == rule.strip("/")


def _template(root: Path) -> list[Check]:
    path = root / ".github/pull_request_template.md"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return [Check(False, "缺少 .github/pull_request_template.md")]
    missing = [k for k in typing.get_args(ChangeKind) if k not in text]
    if missing:
        return [Check(False, "Pull request 模板没有列出这些调整类型或记录：" + "、".join(missing))]
    return [Check(True, "Pull request 模板列出了全部调整类型和记录")]


def _site(root: Path) -> list[Check]:
    path = root / "mkdocs.yml"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return [Check(False, "缺少 mkdocs.yml")]
    m = re.search(r"^site_url:\s*(\S+)", text, re.M)
    if not m or not m.group(1).startswith("https://"):
        return [Check(False, "mkdocs.yml 没有写 https:// 开头的 site_url（规范链接、网站地图需要它）")]
    return [Check(True, f"mkdocs.yml：网站地址 {m.group(1)}")]


def examine(root: Path) -> list[Check]:
    """Every check of the repository at `root`, in the order they are shown."""
    return (_check_workflow(root) + _publish_workflow(root)
            + _codeowners(root, ["powers/", "flows/", "changes/", ".github/"])
            + _template(root) + _site(root))


def report(root: Path) -> tuple[str, bool]:
    """The text `powerlist doctor` prints, and whether every check passed."""
    found = examine(root)
    lines = [("✓ " if f.ok else "✗ ") + f.what for f in found]
    lines += ["", "以下设置保存在 GitHub 上，本命令看不到，请在仓库设置中逐项确认："]
    lines += [f"  □ {s}" for s in SETTINGS]
    ok = all(f.ok for f in found)
    if not ok:
        lines += ["", "有未通过的项（✗）：没有它们，“有错误不能合并”“合并即发布”得不到保证。"]
    return "\n".join(lines) + "\n", ok
