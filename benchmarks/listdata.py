"""A synthetic 权责清单 as departments keep them: several hundred rows with
every kind of dirt seen in published lists (domain.md §7 and the import
issue), written as XLSX (title rows, merged cells), CSV in UTF-8 with BOM
and in GB18030, and JSONL. Each row is built from a `Pattern` that knows
what the import must make of it."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

HEADER = ["序号", "事项编码", "事项名称", "子项", "权力类型", "实施依据", "行驶主体", "承办机构", "行使层级",
          "权力来源", "责任事项", "追责情形", "监督电话", "备注", "承诺时限", "联系人员"]
TITLE = ["焦作市解放区科学技术和工业信息化局权责清单（2025 年版）"]
NOTE = ["说明：本清单按《河南省权责清单管理办法》编制"]
SITE_PHONE = "0391-2921000"


@dataclass
class Pattern:
    """One kind of row: how it is written, and what must come out."""

    name: str
    cells: dict[str, str]
    error: str | None = None  # the rule the row must be refused with
    expect: dict = field(default_factory=dict)  # key path → value in the written YAML
    warn: str | None = None


def _base(n: int) -> dict[str, str]:
    return {
        "序号": str(n), "事项编码": f"410802-XK-{n:04d}", "事项名称": f"科技项目第{n}号审核", "子项": "",
        "权力类型": "行政许可", "实施依据": "《中华人民共和国行政许可法》第十二条：下列事项可以设定行政许可……",
        "行驶主体": "解放区科工局", "承办机构": "科技创新股", "行使层级": "县级", "权力来源": "法定本级行使",
        "责任事项": "1.受理责任：依法受理申请。2.审查责任：审查材料。3.决定责任：作出决定。4.送达责任：送达决定。",
        "追责情形": "1.对符合条件的申请不予受理的；2.其他违法情形", "监督电话": SITE_PHONE, "备注": "",
        "承诺时限": "", "联系人员": "",
    }


def patterns(n: int) -> Pattern:
    """The n-th row's pattern (rows cycle through them)."""
    b = _base(n)
    kinds = [
        lambda: Pattern("clean", b, expect={"code": b["事项编码"], "responsibilities.0.stage": "受理"}),
        lambda: Pattern("dup-code", {**b, "事项编码": f"410802-XK-{n - 1:04d}"}, error="PL605"),  # the row before's
        lambda: Pattern("entities", {**b, "事项名称": f"科技&ldquo;成果&rdquo;第{n}号&#40;登记&#41;",
                                     "实施依据": "《科学技术进步法》&nbsp;第十条：&amp;ldquo;国家&amp;rdquo;"},
                        expect={"name": f"科技“成果”第{n}号(登记)", "basis.0.text": "“国家”"}),
        lambda: Pattern("spaces", {**b, "事项名称": f"科技　项目  第{n}号\u00a0审核"},
                        expect={"name": f"科技 项目 第{n}号 审核"}),
        lambda: Pattern("stages-dun", {**b, "责任事项": "1、受理：收件\n2、审核：审核材料\n3、上报：报市局"},
                        expect={"responsibilities.1.stage": "审核", "responsibilities.2.content": "报市局"}),
        lambda: Pattern("stages-circled", {**b, "责任事项": "①立案：立案 ②调查：取证 ③决定：决定"},
                        expect={"responsibilities.1.stage": "调查", "responsibilities.1.standard": "调查取证"}),
        lambda: Pattern("stages-paren", {**b, "责任事项": "(1)受理责任：收件。(2)审查责任：审查。"},
                        expect={"responsibilities.1.stage": "审查"}),
        lambda: Pattern("stages-chinese", {**b, "责任事项": "（一）受理：收件。\n（二）决定：决定。\n（三）送达：送达。"},
                        expect={"responsibilities.2.stage": "送达"}),
        lambda: Pattern("stages-run-together", {**b, "责任事项": "受理责任：收件。审查责任：审查。决定责任：决定。"},
                        expect={"responsibilities.2.stage": "决定"}),
        lambda: Pattern("two-phones", {**b, "监督电话": "0391-2925809、0391-2925810"},
                        expect={"supervision.phone": "0391-2925809", "supervision.channels.0": "监督电话：0391-2925810"}),
        lambda: Pattern("phones-newline", {**b, "监督电话": "0391-2925809\n0391-2925811"},
                        expect={"supervision.phone": "0391-2925809"}),
        lambda: Pattern("phone-no-hyphen", {**b, "监督电话": "03912925812"}, expect={"supervision.phone": "0391-2925812"}),
        lambda: Pattern("phone-bracket", {**b, "监督电话": "(0391)2925813"}, expect={"supervision.phone": "0391-2925813"}),
        lambda: Pattern("phone-site", b, expect={"supervision": None}),
        lambda: Pattern("units", {**b, "承办机构": "科技创新股；办公室，政策法规股"},
                        expect={"units": ["科技创新股", "办公室", "政策法规股"]}),
        lambda: Pattern("type-alias", {**b, "权力类型": "其他权力类型", "事项编码": f"410802-QT-{n:04d}"},
                        expect={"type": "其他行政权力"}),
        lambda: Pattern("type-unknown", {**b, "权力类型": "行政许诺"}, error="PL206"),
        lambda: Pattern("level-zhou", {**b, "行使层级": "市(州)级"}, expect={"levels": ["市级"]}),
        lambda: Pattern("level-note", {**b, "行使层级": "市级权限（初审上报）"},
                        expect={"levels": ["市级"], "remark": "行使层级原文：市级权限（初审上报）"}),
        lambda: Pattern("levels-many", {**b, "行使层级": "省、市、县级"}, expect={"levels": ["省级", "市级", "县级"]}),
        lambda: Pattern("subject-level", {**b, "行驶主体": "市级"}, warn="PL606",
                        expect={"subject": {"name": "未载明", "nature": "未载明"}}),
        lambda: Pattern("subject-other", {**b, "行驶主体": "焦作市科学技术局"}, expect={"subject.name": "焦作市科学技术局"}),
        lambda: Pattern("basis-free", {**b, "实施依据": "依据省科技厅有关文件执行"},
                        expect={"basis.0.title": "依据省科技厅有关文件执行"}),
        lambda: Pattern("basis-two", {**b, "实施依据": "《行政许可法》第二十九条：申请。\n《技术合同认定登记管理办法》（国科发政字〔2000〕063号）第六条"},
                        expect={"basis.1.doc_number": "国科发政字〔2000〕063号", "basis.1.article": "第六条"}),
        lambda: Pattern("leading-zeros", {**b, "事项编码": f"000{n:05d}"}, expect={"code": f"000{n:05d}"}),
        lambda: Pattern("no-code", {**b, "事项编码": "", "事项名称": f"科技特派员第{n}批申报"},
                        expect={"code": None}),
        lambda: Pattern("units-empty", {**b, "承办机构": ""}, warn="PL421", expect={"units": "未载明", "flow": None}),
        lambda: Pattern("unit-unknown", {**b, "承办机构": "科技创新科"}, error="PL305"),
        lambda: Pattern("long-name", {**b, "事项名称": "对" + "违反节约能源法规定的行为" * 40 + f"的处罚（第{n}项）"}, warn="PL422",
                        expect={"name": "对" + "违反节约能源法规定的行为" * 40 + f"的处罚（第{n}项）"}),
        lambda: Pattern("no-cases", {**b, "追责情形": ""}, warn="PL421", expect={"accountability.cases": "未载明"}),
        lambda: Pattern("source-alias", {**b, "权力来源": "下放"}, expect={"source": "上级下放"}),
        lambda: Pattern("remark", {**b, "备注": "备注  原文\n第二行"}, expect={"remark": "备注 原文\n第二行"}),
        lambda: Pattern("guide-column", {**b, "承诺时限": "30 日（30个工作日）"},
                        expect={"service": None, "original.columns.承诺时限": "30 日（30个工作日）"}),
    ]
    return kinds[n % len(kinds)]()


def rows(count: int = 330, bodies: int = 1) -> list[Pattern]:
    """`count` rows; with `bodies` > 1, the clean rows of a government's list
    name one of that many bodies as their 实施主体 in turn (1: the rows of one
    department, as before)."""
    out = [patterns(n) for n in range(count)]
    if bodies > 1:
        from .run import BODY_NAMES

        for n, p in enumerate(out):
            if p.name == "clean":
                k = n % bodies
                p.cells["行驶主体"] = "市" + BODY_NAMES[k % len(BODY_NAMES)] + (f"（{k // len(BODY_NAMES) + 1}）" if k >= len(BODY_NAMES) else "")
                p.expect.pop("subject", None)
    return out


def table(ps: list[Pattern]) -> list[list[str]]:
    out = [[p.cells[h] for h in HEADER] for p in ps]
    # a page break repeats the header, and a section title sits between the rows
    out.insert(len(out) // 2, list(HEADER))
    out.insert(len(out) // 3, ["二、行政处罚（续）"] + [""] * (len(HEADER) - 1))
    return out


def write_xlsx(path: Path, ps: list[Pattern]) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Sheet1")
    ws.merge_range(0, 0, 0, len(HEADER) - 1, TITLE[0])  # a title over a merged row
    ws.write_row(1, 0, NOTE)
    ws.write_row(3, 0, HEADER)
    for r, cells in enumerate(table(ps), 4):
        for c, value in enumerate(cells):
            ws.write_string(r, c, value)
    book.close()


def write_csv(path: Path, ps: list[Pattern], encoding: str) -> None:
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(TITLE)
    w.writerow(HEADER)
    w.writerows(table(ps))
    data = buf.getvalue().encode(encoding)
    path.write_bytes(data)


def write_jsonl(path: Path, ps: list[Pattern]) -> None:
    lines = [json.dumps({h: p.cells[h] for h in HEADER if p.cells[h]}, ensure_ascii=False) for p in ps]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def value_at(data: dict, path: str):
    cur = data
    for part in path.split("."):
        if cur is None:
            return None
        if isinstance(cur, list):
            i = int(part)
            cur = cur[i] if i < len(cur) else None
        else:
            cur = cur.get(part)
    return cur
