"""Flows written to make a path-enumerating analysis explode, for the tests
and the benchmark: sequential two-way decisions ("diamonds"), each of which
doubles the number of routes, long chains, and loop-backs over them.

The item is the real 国家秘密技术出口审查 (promised 4 个工作日, one visit)
with its template flow replaced by the generated inline steps.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
ITEM = "guojia-mimi-jishu-chukou-shencha"


def diamonds(k: int, *, chain: int = 0, loop_over: int | None = None, slow: tuple[int, int] | None = None,
             gate: bool = True) -> list[dict]:
    """`k` sequential decisions whose 是 branch takes 1 个工作日 and whose 否
    branch is instant (即办), then `chain` instant steps, then a review. With
    `loop_over`, the review can send the case back over the last
    `loop_over` diamonds (0: back to the gate). With `slow=(i, days)`, the
    是 branch of diamond i takes `days` working days instead."""
    steps: list[dict] = [{"id": "s", "kind": "start", "label": "提交申请", "next": "gate" if gate else "d0" if k else "c0"}]
    first = "d0" if k else ("c0" if chain else "review")
    if gate:
        steps.append({"id": "gate", "kind": "decision", "label": "材料齐全？",
                      "exits": [{"to": first, "label": "是"}, {"to": "reject", "label": "否"}]})
    for i in range(k):
        after = f"d{i + 1}" if i + 1 < k else ("c0" if chain else "review")
        days = slow[1] if slow and slow[0] == i else 1
        steps += [
            {"id": f"d{i}", "kind": "decision", "label": f"第 {i + 1} 项是否需要核查？",
             "exits": [{"to": f"a{i}", "label": "是"}, {"to": f"b{i}", "label": "否"}]},
            {"id": f"a{i}", "label": f"核查第 {i + 1} 项", "duration": f"{days} 个工作日", "next": after},
            {"id": f"b{i}", "label": f"登记第 {i + 1} 项", "duration": "即办", "next": after},
        ]
    for j in range(chain):
        steps.append({"id": f"c{j}", "label": f"流转 {j + 1}", "duration": "即办", "next": f"c{j + 1}" if j + 1 < chain else "review"})
    exits = [{"to": "ok", "label": "通过"}]
    if loop_over is not None:
        back = f"d{k - loop_over}" if loop_over else ("gate" if gate else "s")
        exits.append({"to": back, "label": "退回重新核查", "loop": True})
    else:
        exits.append({"to": "reject", "label": "不通过"})
    steps += [
        {"id": "review", "kind": "decision", "label": "审查通过？", "exits": exits},
        {"id": "ok", "kind": "end", "label": "办结", "outcome": "准予"},
        {"id": "reject", "kind": "end", "label": "不予受理", "outcome": "不予受理"},
    ]
    return steps


def write_item(powers: Path, steps: list[dict], ident: str = ITEM) -> Path:
    """Replace the flow of the example item in `powers` with `steps`."""
    path = powers / f"{ident}.yaml"
    text = (ROOT / "powers" / f"{ITEM}.yaml").read_text(encoding="utf-8")
    flow = yaml.safe_dump({"flow": {"steps": steps}}, allow_unicode=True, sort_keys=False, width=1000)
    text = re.sub(r"(?ms)^flow:\n.*?(?=^service:)", lambda _: flow, text)
    path.write_text(text, encoding="utf-8")
    return path


def allow_large_files(powers: Path) -> None:
    """A long flow is larger than the default file cap: raise it to the most
    a site may configure, as an attacker would."""
    site = powers / "_site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "max_file_bytes: 4194304\n", encoding="utf-8")


CASES = {
    "60 sequential diamonds": dict(k=60),
    "11 diamonds, then a 6,000-step chain": dict(k=11, chain=6000),
    "a loop back over 15 diamonds": dict(k=15, loop_over=15),
}
