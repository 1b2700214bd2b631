"""Hostile inputs for the outputs and the text, configuration and CLI rules
(issue 21): a flow too large to lay out, invisible characters in a name, a
missing 党政机关网站标识 image, and `new --id` pointing out of `powers/`."""

from __future__ import annotations

from pathlib import Path

from . import Case
from ..adversarial import ITEM, allow_large_files, diamonds, write_item

BIG_CHAIN = 6000  # steps of the chain: a 259 KB item of 6,038 steps


def big_flow(project: Path) -> Path:
    """The example item with 11 diamonds and a 6,000-step chain, its promise
    raised to cover the diamonds so that the item is valid: `check` passes
    with a warning, and every output must still be made within the bound."""
    powers = project / "powers"
    allow_large_files(powers)
    path = write_item(powers, diamonds(k=11, chain=BIG_CHAIN))
    text = path.read_text(encoding="utf-8").replace("promised: 4 个工作日", "promised: 15 个工作日", 1)
    path.write_text(text, encoding="utf-8")
    return path


def invisible_name(project: Path) -> Path:
    """A name that looks like a real item's: a right-to-left override and a
    zero-width space inside it."""
    path = project / "powers" / "jishu-hetong-dengji.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: 技术合同认定登记", "name: 技术\u200b合同认定\u202e登记", 1), encoding="utf-8")
    return path


def missing_gov_mark(project: Path) -> Path:
    site = project / "powers" / "_site.yaml"
    text = site.read_text(encoding="utf-8")
    if "gov_mark_image" in text:
        import re

        text = re.sub(r"gov_mark_image: .*", "gov_mark_image: images/no-such-mark.png", text, count=1)
    else:
        text = text.replace("footer:\n", "footer:\n  gov_mark_image: images/no-such-mark.png\n", 1)
    site.write_text(text, encoding="utf-8")
    return site


def _bpmn(project: Path) -> list[str]:
    big_flow(project)
    return ["export", "--format", "bpmn", "--item", ITEM, "-o", str(project / "big.bpmn")]


def _check(project: Path) -> list[str]:
    big_flow(project)
    return ["check", "powers"]


def _build(project: Path) -> list[str]:
    """The site with the 6,038-step item: its page shows the steps list, no
    Graphviz layout (which took 105 s)."""
    import shutil

    from ..adversarial import ROOT

    big_flow(project)
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return ["mkdocs", "build", "-q", "--strict", "-d", "site"]


def _invisible(project: Path) -> list[str]:
    invisible_name(project)
    return ["check", "powers"]


def _gov_mark(project: Path) -> list[str]:
    missing_gov_mark(project)
    return ["check", "powers"]


def _new_out_of_powers(project: Path) -> list[str]:
    return ["new", "--type", "行政许可", "--name", "测试事项", "--id", "../../evil"]


CASES = [
    Case("outputs: BPMN export of a 6,038-step flow", _bpmn, expect="ok"),
    Case("outputs: check of a 6,038-step flow", _check, expect="ok"),
    Case("outputs: mkdocs build with a 6,038-step flow (both editions)", _build, expect="ok", seconds=60.0, megabytes=1024),
    Case("outputs: invisible characters in a name", _invisible, expect="refused"),
    Case("outputs: a missing 党政机关网站标识 image", _gov_mark, expect="refused"),
    Case("outputs: new --id ../../evil", _new_out_of_powers, expect="refused"),
]
