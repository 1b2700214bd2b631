"""Which column is which: the headers published lists use for each field
(domain.md §2), their common misspellings, and a site's or a profile's own.

A header is compared after normalising what varies between lists and means
nothing: spaces and line breaks, full-width brackets, a trailing colon, and
the asterisk that marks a required column.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Mapping, Sequence

# field → headers seen in published lists. The first is the standard header (the export's).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "顺序号", "排序"),
    "code": ("事项编码", "项目编码", "职权编码", "权力编码", "权责事项编码", "权力事项编码", "编码", "事项代码",
             "权责编码", "本地编码", "code", "itemCode", "item_code", "sxbm", "SXBM", "qlbm", "QLBM"),
    "basic_code": ("基本编码", "事项基本编码"),
    "implementation_code": ("实施编码", "事项实施编码"),
    "name": ("事项名称", "权责事项名称", "职权名称", "服务事项", "权力事项名称", "权力名称", "事项名称(主项)",
             "主项名称", "职权名称(主项)", "项目名称", "权责事项", "权力事项",
             # portal APIs' keys: English, or the pinyin initials of 事项名称 / 权力名称
             "name", "itemName", "item_name", "sxmc", "SXMC", "qlmc", "QLMC"),
    "subitem": ("子项", "子项名称", "事项名称(子项)", "职权名称(子项)", "子项名称(如有)"),
    "type": ("权力类型", "职权类型", "事项类型", "权力类别", "职权类别", "类别", "事项类别", "类型", "type", "itemType",
             "item_type", "qllx", "QLLX", "sxlx", "SXLX"),
    "basis": ("实施依据", "设定依据", "设定和实施依据", "设定依据及实施依据", "法律依据", "职权依据", "依据",
              "设定依据和实施依据", "法定依据", "basis", "legalBasis", "ssyj", "SSYJ", "sdyj", "SDYJ"),
    "subject": ("实施主体", "行使主体", "审批部门", "实施机关", "实施部门", "责任主体", "实施主体名称", "行驶主体",
                "实施单位", "行使部门", "deptName", "dept_name", "orgName", "sszt", "SSZT"),
    "nature": ("实施主体性质", "主体性质"),
    "units": ("承办机构", "承办科室", "内设机构", "承办股室", "责任科室", "具体承办机构", "承办单位", "承办处室",
              "责任股室"),
    "levels": ("行使层级", "实施层级", "层级", "行使层次", "行权层级", "useLevel", "xscj", "XSCJ", "sscj", "SSCJ"),
    "source": ("权力来源", "来源", "职权来源"),
    "responsibilities": ("责任事项", "责任事项内容", "职责", "责任内容"),
    "responsibility_basis": ("责任事项依据",),
    "cases": ("追责情形", "问责情形", "责任追究情形", "追责情形及依据"),
    "case_basis": ("追责依据", "问责依据", "责任追究依据"),
    "supervision": ("监督电话", "监督方式", "监督投诉电话", "投诉电话", "监督方式/监督电话", "监督举报电话"),
    "remark": ("备注", "说明"),
    # the source's own id of the row (a platform's unid): kept as original.id
    "source_id": ("来源编号", "unid", "UNID", "rowguid", "RowGuid", "ROWGUID", "事项ID", "事项id", "uuid", "UUID", "id", "ID"),
    "status": ("状态", "事项状态"),
    # recognised, kept as the source wrote them (original.columns): powerlist draws the chart from the flow
    "flowchart": ("流程图", "运行流程图", "行政权力运行流程图"),
    # 办事指南 columns: recognised, kept as written (original.columns): a guide needs more than a list row
    "guide": ("承诺时限", "承诺办结时限", "法定时限", "法定办结时限", "到现场次数", "到办事现场次数", "咨询电话",
              "收费标准", "是否收费", "收费", "办理地点", "办理时间", "申请材料", "受理条件", "办理时限", "服务对象",
              "办件类型", "办理形式", "办理结果", "监督投诉电话", "必须现场办理原因", "网上办理深度"),
}
FIELDS = tuple(SYNONYMS)
REQUIRED = ("name", "type")
HEADER_SCAN = 30  # rows searched for the header: title rows and notes above it are common

_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "［": "(", "］": ")", "／": "/"})


def normal(header: str) -> str:
    text = unicodedata.normalize("NFKC", header).translate(_BRACKETS)
    text = re.sub(r"\s+", "", text).strip("*＊:：")
    return text


@dataclass(frozen=True)
class Columns:
    """The header row and which column holds which field."""

    row: int  # 0-based index of the header row
    fields: dict[str, int]  # field → column
    unknown: dict[int, str]  # column → header text that matched no field
    more: dict[str, list[int]]  # field → further columns with a header of the same field
    headers: tuple[str, ...] = ()  # the header row as written


def index(extra: Mapping[str, Sequence[str]] | None = None) -> dict[str, str]:
    """normalised header → field, with a site's or profile's own headers first."""
    out: dict[str, str] = {}
    for name, headers in (extra or {}).items():
        for h in headers:
            out[normal(h)] = name
    for name, headers in SYNONYMS.items():
        for h in headers:
            out.setdefault(normal(h), name)
    return out


def find_header(rows: list[list[str]], names: dict[str, str]) -> Columns | None:
    """The row among the first ones whose cells name the most fields, the
    name column among them."""
    best: tuple[int, int] | None = None
    for r, row in enumerate(rows[:HEADER_SCAN]):
        hits = {names[normal(c)] for c in row if c and normal(c) in names}
        if "name" in hits and len(hits) >= 2 and (best is None or len(hits) > best[1]):
            best = (r, len(hits))
    if best is None:
        return None
    r = best[0]
    fields: dict[str, int] = {}
    more: dict[str, list[int]] = {}
    unknown: dict[int, str] = {}
    for c, cell in enumerate(rows[r]):
        if not cell.strip():
            continue
        name = names.get(normal(cell))
        if name is None:
            unknown[c] = cell
        elif name in fields:
            more.setdefault(name, []).append(c)
        else:
            fields[name] = c
    return Columns(r, fields, unknown, more, tuple(rows[r]))


def near(header: str, names: dict[str, str]) -> str | None:
    """The known header closest to an unknown one, for a “did you mean”."""
    found = difflib.get_close_matches(normal(header), list(names), n=1, cutoff=0.5)
    return found[0] if found else None


# fields whose columns are kept as written rather than read into a field; 序号 is the list's order, made anew
KEPT_FIELDS = ("flowchart", "guide")


def kept_columns(cols: Columns) -> list[tuple[int, str]]:
    """(column, header) of every column no field takes — unknown ones, 办事指南
    and 流程图 columns, a second column of a field — in the source's order,
    each header once (a repeated one gets “（2）”)."""
    taken = {c for name, c in cols.fields.items() if name not in KEPT_FIELDS}
    out: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    headers = dict(cols.unknown)
    for name in KEPT_FIELDS:
        if name in cols.fields:
            headers[cols.fields[name]] = cols.headers[cols.fields[name]]
    for name, more in cols.more.items():
        if name == "seq":
            continue
        for c in more:
            headers[c] = cols.headers[c]
    for c in sorted(headers):
        if c in taken:
            continue
        h = headers[c].strip()
        seen[h] = seen.get(h, 0) + 1
        out.append((c, h if seen[h] == 1 else f"{h}（{seen[h]}）"))
    return out


_CONTINUED = re.compile(r"^(.+)（续([1-9][0-9]*)）$")  # export.CONTINUED: a cell too long for Excel, continued


def continuations(cols: Columns) -> dict[int, list[int]]:
    """column → the columns that continue its cells, in order (an export
    splits a cell over Excel's limit so: “实施依据（续1）” …)."""
    by_header = {h.strip(): c for c, h in enumerate(cols.headers) if h.strip()}
    out: dict[int, list[tuple[int, int]]] = {}
    for c, h in enumerate(cols.headers):
        m = _CONTINUED.match(h.strip())
        if m and m.group(1) in by_header:
            out.setdefault(by_header[m.group(1)], []).append((int(m.group(2)), c))
    return {base: [c for _, c in sorted(parts)] for base, parts in out.items()}


def without(cols: Columns, joins: dict[int, list[int]]) -> Columns:
    """The columns with the continuation columns taken out of every field and of the unknown ones."""
    gone = {c for parts in joins.values() for c in parts}
    return Columns(cols.row, {k: c for k, c in cols.fields.items() if c not in gone},
                   {c: h for c, h in cols.unknown.items() if c not in gone},
                   {k: [c for c in v if c not in gone] for k, v in cols.more.items()}, cols.headers)


def joined(cells: list[str], joins: dict[int, list[int]]) -> list[str]:
    out = list(cells)
    for base, parts in joins.items():
        if base < len(out):
            out[base] = out[base] + "".join(cells[c] for c in parts if c < len(cells))
        for c in parts:
            if c < len(out):
                out[c] = ""
    return out
