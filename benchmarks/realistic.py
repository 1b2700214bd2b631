"""A list as a district government keeps it: every item with a flow of its
own, written out in the item (no shared template), and text of its own.

The shapes follow the flows published by county and city departments
(domain.md §4): an application item goes 申请 → 材料齐全? (补正 loops back,
不予受理 ends) → 受理 → one to five reviews (股室审核, 分管领导审核, 局务会研究,
专家评审 or 实地核查 that do not count toward the limit, 公示) → 决定 with two
or three outcomes → 送达; a penalty goes 立案 → 调查取证 (sometimes 抽样检测)
→ 法制审核 → 告知 → 听证? → 决定 (处罚, 不予处罚, sometimes 移送) → 送达 → 执行;
an inspection 制定方案 → 实施检查 → 发现问题? → 责令整改 / 移送 → 复查. Labels,
lanes, times and the number of steps are drawn per item, so that (almost)
no two items share a layout, as in a real list. The items are dealt among
`bodies` departments (33: 卫滨区 2021, domain.md §7).

    generate_distinct(out, 3064, bodies=33)

Every item passes `powerlist check` (the bench asserts it by building with
`--strict`)."""

from __future__ import annotations

import random
import re
from pathlib import Path


from .run import generate

_WORDS = "生产经营单位未按照规定履行安全管理职责擅自改变用途拒不整改逾期未报送虚假材料取得建设工程质量环境卫生"
_OBJECTS = ("建设项目", "企业", "经营场所", "医疗机构", "学校", "施工现场", "养殖场", "加油站", "旅馆", "网吧",
            "药品零售企业", "食品生产企业", "道路运输企业", "排污单位", "特种设备", "出版物", "林木", "水利工程",
            "民办学校", "社会组织", "建筑业企业", "燃气经营企业", "广告", "计量器具", "种子", "农药", "文物保护单位")
_ACTS = ("审核", "审查", "复核", "初审", "会审", "核实", "研究", "审定")
# lanes of the site's list (powers/_site.yaml `lanes` and `units`)
_UNITS = ("科技创新股", "工业和信息化股", "节能监察股", "政策法规股")
_LEADERS = ("分管领导", "局长", "局务会")
_UNSPOKEN = ("专家组", "上级部门")


def _days(rng: random.Random, low: int, high: int, work: bool = True) -> str:
    return f"{rng.randint(low, high)} {'个工作日' if work else '日'}"


def _words(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choice(_WORDS) for _ in range(rng.randint(low, high)))


class _Flow:
    """Steps being written, each a dict as YAML has it."""

    def __init__(self) -> None:
        self.steps: list[dict] = []

    def add(self, sid: str, label: str, **kw) -> str:
        self.steps.append({"id": sid, "label": label, **kw})
        return sid

    def chain(self) -> None:
        """Each step without a way out leads to the next one written."""
        for a, b in zip(self.steps, self.steps[1:]):
            if a.get("kind", "task") not in ("end", "decision") and "next" not in a and "exits" not in a:
                a["next"] = b["id"]


def _application(rng: random.Random, unit: str, type_name: str) -> _Flow:
    f = _Flow()
    obj = rng.choice(_OBJECTS)
    f.add("apply", rng.choice(("提交申请材料", "网上填报后提交纸质材料", "窗口提交申请", f"提交{obj}申请表及材料")),
          kind="start", lane="申请人")
    f.add("check", rng.choice(("材料齐全、符合法定形式？", "材料是否齐全？", f"{obj}申请材料齐全？")), kind="decision",
          lane="综合窗口", duration="即办",
          exits=[{"to": "accept", "label": "齐全"},
                 {"to": "apply", "label": rng.choice(("一次性告知补正", "材料不全", "需补正")), "loop": True}]
          + ([{"to": "refuse", "label": "不属受理范围"}] if rng.random() < 0.6 else []))
    f.add("accept", rng.choice(("受理", "受理并出具受理通知书", "登记受理")), lane="综合窗口",
          duration=rng.choice(("即办", "当天")), stage="受理")
    reviews = rng.choices((1, 2, 3, 4, 5), weights=(15, 35, 30, 15, 5))[0]
    lanes = [unit] + list(_LEADERS)
    for k in range(reviews):
        lane = lanes[min(k, len(lanes) - 1)] if rng.random() < 0.8 else rng.choice(lanes)
        label = f"{lane}{rng.choice(_ACTS)}" + (f"：{_words(rng, 2, 12)}" if rng.random() < 0.4 else "")
        f.add(f"review-{k + 1}", label, lane=lane, duration=_days(rng, 1, 5), stage="审查" if k == 0 else None)
        if rng.random() < 0.2:
            kind = rng.choice(("专家评审", "实地核查", "检验检测", "公示"))
            f.add(f"extra-{k + 1}", f"{kind}（{_words(rng, 2, 8)}）", lane="专家组" if kind == "专家评审" else unit,
                  duration=_days(rng, 3, 15), counts=False)
    grant = rng.choice(("准予许可", "予以登记", "予以确认", "准予备案", "予以奖励", "予以发放", "同意上报"))
    deny = rng.choice(("不予许可", "不予登记", "不予确认", "不予备案", "不予奖励", "不予发放", "不予上报"))
    exits = [{"to": "grant", "label": "符合条件"}, {"to": "deny", "label": "不符合条件"}]
    if rng.random() < 0.25:
        exits.append({"to": "review-1", "label": "退回修改", "loop": True})
    f.add("decide", rng.choice(("作出决定", "审批决定", "是否符合条件？", "研究决定")), kind="decision",
          lane=rng.choice(_LEADERS[:2]), duration=_days(rng, 1, 3), stage="决定", exits=exits)
    result = rng.choice(("证书", "批复", "登记证明", "确认书", "决定书"))
    f.add("grant", f"{grant}，制发{result}", lane=unit, duration="即办", next="deliver-grant")
    f.add("deliver-grant", rng.choice((f"送达{result}", f"窗口发放{result}", f"领取{result}")), lane="综合窗口",
          duration=_days(rng, 1, 10), stage="送达", next="end-grant")
    f.add("end-grant", "办结", kind="end", outcome=grant)
    f.add("deny", f"{deny}，书面说明理由", lane=unit, duration="即办", next="deliver-deny")
    f.add("deliver-deny", "送达不予决定书", lane="综合窗口", duration=_days(rng, 1, 10), next="end-deny")
    f.add("end-deny", "办结", kind="end", outcome=deny)
    if any(e["to"] == "refuse" for s in f.steps for e in s.get("exits", [])):
        f.add("refuse", "不予受理，告知理由", lane="综合窗口", duration="即办", next="end-refuse")
        f.add("end-refuse", "结束", kind="end", outcome="不予受理")
    f.chain()
    return f


def _penalty(rng: random.Random, unit: str) -> _Flow:
    f = _Flow()
    obj = rng.choice(_OBJECTS)
    f.add("clue", rng.choice(("发现违法线索（检查发现、投诉举报、移送）", f"发现{obj}违法线索", "接到举报或上级交办")),
          kind="start", lane=unit)
    f.add("register", rng.choice(("核查线索，报批立案", "立案审批", "登记立案")), lane=rng.choice(_LEADERS[:2]),
          duration=_days(rng, 3, 7, work=False), stage="立案")
    f.add("investigate", rng.choice(("调查取证（执法人员不少于两人）", f"对{obj}调查取证", "现场检查、询问、取证")),
          lane=unit, duration=_days(rng, 10, 60, work=False), stage="调查取证")
    if rng.random() < 0.3:
        f.add("test", rng.choice(("抽样检测", "委托鉴定", "先行登记保存证据")), lane=unit,
              duration=_days(rng, 5, 30, work=False), counts=False)
    f.add("legal-review", rng.choice(("法制审核", "案件审核", "重大执法决定法制审核")), lane="政策法规股",
          duration=_days(rng, 3, 10, work=False), stage="审查")
    if rng.random() < 0.3:
        f.add("collective", "局务会集体讨论", lane="局务会", duration=_days(rng, 1, 5, work=False))
    f.add("notify", "告知拟处罚的事实、理由、依据及陈述、申辩、听证权利", lane=unit,
          duration=_days(rng, 1, 3, work=False), stage="告知")
    f.add("hearing-asked", "当事人要求听证？", kind="decision", lane="当事人", duration="5 日",
          exits=[{"to": "hearing", "label": "要求听证"}, {"to": "decide", "label": "不要求"}])
    f.add("hearing", "组织听证", lane="政策法规股", duration=_days(rng, 10, 20, work=False), counts=False,
          next="decide")
    exits = [{"to": "penalize", "label": "应予处罚"}, {"to": "no-penalty", "label": "不予处罚"}]
    if rng.random() < 0.3:
        exits.append({"to": "transfer", "label": "涉嫌犯罪"})
    f.add("decide", rng.choice(("违法事实成立、应予处罚？", "作出处理决定", "审批处罚决定")), kind="decision",
          lane=rng.choice(_LEADERS[:2]), duration=_days(rng, 1, 5, work=False), stage="决定", exits=exits)
    f.add("penalize", rng.choice(("制作行政处罚决定书", f"对{obj}作出处罚决定")), lane=unit, duration="即办")
    f.add("deliver", "送达行政处罚决定书", lane=unit, duration=_days(rng, 3, 7, work=False), stage="送达")
    f.add("execute", rng.choice(("执行（逾期不履行的依法强制执行）", "监督履行处罚决定", "执行罚没")), lane=unit,
          duration=_days(rng, 15, 90, work=False), stage="执行", next="end-penalty")
    f.add("end-penalty", "结案归档", kind="end", outcome="处罚执行完毕")
    f.add("no-penalty", "作出不予行政处罚决定，告知当事人", lane=unit, duration=_days(rng, 1, 5, work=False),
          next="end-none")
    f.add("end-none", "结案归档", kind="end", outcome="不予处罚")
    if len(exits) == 3:
        f.add("transfer", "移送司法机关", lane=unit, duration="3 日", next="end-transfer")
        f.add("end-transfer", "结案", kind="end", outcome="移送司法机关")
    f.chain()
    return f


def _inspection(rng: random.Random, unit: str) -> _Flow:
    f = _Flow()
    obj = rng.choice(_OBJECTS)
    f.add("plan", rng.choice(("制定检查方案", f"制定{obj}年度检查计划", "随机抽取检查对象")), kind="start", lane=unit)
    f.add("approve", "检查方案报批", lane=rng.choice(_LEADERS[:2]), duration=_days(rng, 1, 5), stage="制定方案")
    f.add("inspect", rng.choice(("实施检查", f"对{obj}现场检查", "书面检查与现场核查")), lane=unit,
          duration=_days(rng, 5, 20), stage="实施检查")
    exits = [{"to": "fine", "label": "未发现问题"}, {"to": "rectify", "label": "发现问题"}]
    if rng.random() < 0.4:
        exits.append({"to": "transfer", "label": "涉嫌违法"})
    f.add("found", "发现问题？", kind="decision", lane=unit, duration="即办", exits=exits)
    f.add("fine", "出具检查结论", lane=unit, duration=_days(rng, 1, 5), next="follow")
    f.add("rectify", "责令限期整改", lane=unit, duration=_days(rng, 1, 5), stage="处置移送", next="recheck")
    f.add("recheck", "复查整改情况", lane=unit, duration=_days(rng, 5, 30, work=False), next="follow")
    if len(exits) == 3:
        f.add("transfer", "移送立案查处", lane=unit, duration="3 个工作日", next="follow")
    f.add("follow", "检查结果公示、归档", lane=unit, duration=_days(rng, 1, 7), stage="事后监管", next="end")
    f.add("end", "结束", kind="end", outcome="检查完毕")
    f.chain()
    return f


_STAGE_TEXT = {
    "受理": "公示应当提交的材料，一次性告知补正内容，依法受理或不予受理并告知理由。",
    "审查": "对申请材料进行审查，必要时实地核查，提出审查意见。",
    "决定": "作出准予或者不予的决定，不予的书面说明理由并告知救济途径。",
    "送达": "依法送达决定文书。",
    "立案": "对违法线索进行核查，符合立案条件的予以立案。",
    "调查取证": "两名以上执法人员出示证件，调查取证，制作笔录。",
    "告知": "告知当事人陈述、申辩和要求听证的权利。",
    "执行": "监督当事人履行处罚决定，逾期不履行的依法强制执行。",
    "制定方案": "制定检查方案，随机抽取检查对象和执法人员。",
    "实施检查": "依法实施检查，制作检查记录。",
    "处置移送": "对发现的问题责令整改，涉嫌违法的移送处理。",
    "事后监管": "对检查结果公示并开展后续监管。",
}


def _yaml_text(v: str) -> str:
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dump_flow(f: _Flow) -> str:
    out = ["flow:", "  steps:"]
    for s in f.steps:
        out.append(f"    - id: {s['id']}")
        for k in ("kind", "label", "lane", "duration", "counts", "stage", "outcome", "next"):
            v = s.get(k)
            if v is None:
                continue
            out.append(f"      {k}: {str(v).lower() if isinstance(v, bool) else _yaml_text(v) if k in ('label', 'outcome') else v}")
        if s.get("exits"):
            out.append("      exits:")
            for e in s["exits"]:
                out.append(f"        - to: {e['to']}")
                out.append(f"          label: {_yaml_text(e['label'])}")
                if e.get("loop"):
                    out.append("          loop: true")
    return "\n".join(out) + "\n"


def _responsibilities(f: _Flow, rng: random.Random) -> str:
    stages = list(dict.fromkeys(s["stage"] for s in f.steps if s.get("stage")))
    out = ["responsibilities:"]
    for st in stages:
        text = _STAGE_TEXT[st] + (_words(rng, 0, 30) if rng.random() < 0.5 else "")
        out += [f"  - stage: {st}", f"    content: {text}"]
    return "\n".join(out) + "\n"


def _worst(f: _Flow) -> int:
    """The longest path's counted workdays (loops not taken)."""
    by_id = {s["id"]: s for s in f.steps}
    memo: dict[str, int] = {}

    def longest(sid: str) -> int:
        if sid not in memo:
            s = by_id[sid]
            d = s.get("duration") or ""
            own = int(d.split()[0]) if d[:1].isdigit() and s.get("counts", True) else 0
            outs = [e["to"] for e in s.get("exits", []) if not e.get("loop")] + ([s["next"]] if s.get("next") else [])
            memo[sid] = own + max((longest(t) for t in outs), default=0)
        return memo[sid]

    total = longest(f.steps[0]["id"])
    for s in f.steps:  # a loop-back to an earlier review is taken once: that stretch twice
        for e in s.get("exits", []):
            if e.get("loop") and e["to"] != f.steps[0]["id"]:
                rest = max((longest(x["to"]) for x in s["exits"] if not x.get("loop")), default=0)
                total += longest(e["to"]) - rest
    return total


def generate_distinct(out: Path, n: int, seed: int = 2021, bodies: int = 33) -> Path:
    """`n` items (the §7 type mix) dealt among `bodies` bodies, each with
    its own inline flow and its own wording."""
    generate(out, n, seed=seed, bodies=bodies)
    rng = random.Random(seed * 7 + n)
    for path in sorted((out / "powers").rglob("item-*.yaml")):
        text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
        type_name = re.search(r"^type: (.*)$", text, flags=re.M).group(1)
        unit = rng.choice(_UNITS)
        if type_name in ("行政处罚", "行政强制"):
            f = _penalty(rng, unit)
        elif type_name == "行政检查":
            f = _inspection(rng, unit)
        else:
            f = _application(rng, unit, type_name)
        text = re.sub(r"^flow:\n(?:[ ].*\n)+", lambda m, f=f: _dump_flow(f), text, count=1, flags=re.M)
        text = re.sub(r"^responsibilities:\n(?:[ ].*\n)+", lambda m, f=f: _responsibilities(f, rng), text, count=1, flags=re.M)
        # a 特殊环节 names a step of the example's flow, which this flow does not have
        text = re.sub(r"^  special_steps:\n(?:    .*\n)+", "", text, count=1, flags=re.M)
        # the promise: the flow's longest counted time, or a little more (a guide's limits are in workdays)
        worst = _worst(f)
        text = re.sub(r"^    promised: .*$", f"    promised: {worst + rng.randint(0, 5)} 个工作日", text, count=1, flags=re.M)
        text = re.sub(r"^    statutory: .*$", f"    statutory: {worst + rng.randint(5, 15)} 个工作日", text, count=1, flags=re.M)
        # the units that handle it: the flow's, so that the item and its flow agree
        text = re.sub(r"^units: .*$", f"units: [{unit}]", text, count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")
    return out
