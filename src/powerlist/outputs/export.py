"""`powerlist export`: the checked list in the forms others read — XLSX with
the standard 权责清单 columns (and the 办事指南 facts on a second sheet), CSV
(UTF-8 with BOM, so that Excel reads Chinese), and JSON of every item as
validated. The same data gives the same bytes: dates come from the data's
last commit (SOURCE_DATE_EPOCH), never from the clock.

The cells are written as `powerlist import` reads them, so that
export → import → export gives the same file: what an item writes 未载明
is written 未载明; the columns an import kept as the source wrote them
(`original`) follow the standard columns, under their own headers.

Excel holds at most 32,767 characters in a cell. A longer text is never cut:
the cell holds its first part and the rest goes, in order, into
continuation columns at the right end of the sheet, headed “<列名>（续1）”,
“（续2）” …; `import` joins them back, and `export` says which cells it split.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Sequence

from ..core.bodies import is_multi
from ..core.cache import Recent
from ..core.records import Catalog, Entry
from ..core.models import NOT_STATED, Citation
from ..core.safefile import write_whole
from ..core.changes import is_current
from ..view.item import ItemView, derived, in_site_order, item_view, retired_in_order, verdict_words, visit_label, ways

FORMATS = ("xlsx", "csv", "json")


def N_(text: str) -> str:
    """Marks a text for the UI's message catalog; translated where it is shown."""
    return text

JSON_SCHEMA_VERSION = 2  # 2: items exactly as their files (with, 未载明, no defaults filled in)
LIST_SHEET, GUIDE_SHEET, FLOW_SHEET = "权责清单", "办事指南", "运行流程"


@dataclass(frozen=True)
class Column:
    header: str
    width: int  # in characters, for the sheet
    meaning: str  # for the 数据下载 page


LIST_COLUMNS = (
    Column("序号", 6, N_("清单中的顺序")),
    Column("事项编码", 18, N_("本地职权编码，按文字保存（保留前导零）")),
    Column("事项名称", 30, N_("权力事项的名称；有子项的为主项名称")),
    Column("子项", 24, N_("子项名称；没有子项的为空")),
    Column("权力类型", 12, N_("行政许可、行政处罚等")),
    Column("实施依据", 50, N_("设定和实施依据：每条一行，《法规名称》（文号）条款：条文")),
    Column("实施主体", 20, N_("行使该权力的机关或组织")),
    Column("实施主体性质", 12, N_("法定机关、授权组织或受委托组织")),
    Column("承办机构", 16, N_("承办的内设科室，多个以“、”分隔")),
    Column("行使层级", 12, N_("国家级、省级、市级、县级、乡镇级、村级，多个以“、”分隔")),
    Column("权力来源", 12, N_("法定本级行使、上级下放、上级授权、同级授权、上级委托、同级委托")),
    Column("责任事项", 50, N_("每个责任环节一行：序号. 环节：应当履行的职责")),
    Column("追责情形", 40, N_("每种情形一行")),
    Column("追责依据", 30, N_("格式同实施依据")),
    Column("监督电话", 16, N_("监督投诉电话；该事项没有单列的为本机关监督电话")),
    Column("备注", 20, N_("其他说明")),
    Column("状态", 8, N_("在用或暂停")),
)
ORIGINAL_ID = Column("来源编号", 24, N_("来源清单（如政务服务平台）给这一事项的编号，照录"))
ORIGINAL_MEANING = N_("来源清单中的原列，导入时照录，导出时原样写回")
CELL_LIMIT = 32_767  # characters (UTF-16 code units) an Excel cell holds
CONTINUED = "{header}（续{n}）"
CODE_COLUMNS = (Column("基本编码", 18, N_("全国统一的基本编码")), Column("实施编码", 24, N_("实施编码")))
GUIDE_COLUMNS = (
    Column("事项编码", 18, N_("同权责清单")), Column("事项名称", 30, N_("同权责清单")),
    Column("服务对象", 16, N_("自然人、企业法人等")), Column("受理条件", 40, N_("每条一行")),
    Column("申请材料", 40, N_("每种材料一行：名称（形式，份数）")), Column("收费", 20, N_("不收费，或收费项目、标准和依据")),
    Column("法定办结时限", 14, N_("法律法规规定的期限")), Column("承诺办结时限", 14, N_("本单位承诺的期限")),
    Column("办件类型", 10, N_("即办件或承诺件")), Column("到办事现场次数", 10, N_("申请人最多到现场的次数")),
    Column("办理形式", 20, N_("窗口、网上、邮寄")), Column("办理地点", 30, N_("办理的地址")), Column("办理时间", 24, N_("可以办理的时间")),
    Column("咨询电话", 16, N_("办理咨询的电话")), Column("监督投诉电话", 16, N_("对办理有意见时的投诉电话")), Column("办理结果", 20, N_("审批结果名称")),
    # what portals' guides also show (issue 25): empty where the item does not state it
    Column("送达方式和时限", 24, N_("结果领取方式；送达时限")),
    Column("受理和审查标准", 40, N_("每条一行")), Column("数量限制", 16, N_("申请的数量限制")),
    Column("中介服务", 24, N_("每项一行：名称（服务机构；收费；依据）；没有中介服务的为“无”")),
    Column("特殊环节", 30, N_("每个一行：环节名称（时限，不计入办结时限；依据）")),
    Column("容缺受理", 20, N_("实行或不实行：说明")), Column("告知承诺制", 20, N_("实行或不实行：说明")),
    Column("申请人权利和义务", 40, N_("权利：…，义务：…，每条一行")),
    Column("救济途径", 40, N_("行政复议、行政诉讼的受理机关和期限")),
    Column("服务承诺", 12, N_("按到现场次数得出：0 次为零跑腿，1 次为最多跑一次")),
    Column("时限核验", 30, N_("承诺办结时限是否按办理流程核验，以及核验所用的步骤时限取自何处")),
)
RETIRED_SHEET = "已取消事项"
RETIRED_COLUMNS = (
    Column("事项编码", 18, N_("同权责清单")), Column("事项名称", 30, N_("同权责清单")), Column("状态", 8, N_("已取消或已合并")),
    Column("日期", 12, N_("自何日起取消或合并")), Column("依据", 30, N_("取消或合并的调整公告：文号和标题")),
    Column("现由哪个机关行使", 20, N_("公告载明的现行使机关；没有载明的为空")),
    Column("承接后的事项", 30, N_("承接后的事项名称或并入的事项；没有载明的为空")),
    Column("承接后的事项网址", 30, N_("承接后事项的网页")),
)


FLOW_COLUMNS = (Column("事项编码", 18, N_("同权责清单")), Column("事项名称", 30, N_("同权责清单")),
                Column("运行流程", 80, N_("事项的运行流程，写法同事项文件中的 flow（YAML）")))


def source_date(epoch: int | None = 0) -> dt.datetime:
    """The data's date (the last commit's, as the site states it): `epoch`,
    seconds since the epoch, as the adapters read it (SOURCE_DATE_EPOCH)."""
    try:
        return dt.datetime.fromtimestamp(epoch or 0, dt.timezone.utc).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):  # beyond the calendar: no date rather than a crash
        return dt.datetime(1970, 1, 1)


# --- cells -------------------------------------------------------------------------

def citation_text(c: Citation) -> str:
    out = f"《{c.title}》" if c.title else (c.doc_number or "")
    if c.title and c.doc_number:
        out += f"（{c.doc_number}）"
    if c.article:
        out += c.article
    if c.text:
        out += f"：{c.text}"
    return out


def _lines(items) -> str:
    return "\n".join(items)


def _stated(items, text: str) -> str:
    """A list's cell, or 未载明 when the item says the source does not publish it."""
    return text if items else NOT_STATED


def list_row(n: int, x: Entry, v: ItemView, parent: Entry | None) -> list[str]:
    it = x.item
    sup = it.supervision
    phones = [v.phones.supervision] + [ch.removeprefix("监督电话：") for ch in (sup.channels if sup else [])
                                        if ch.startswith("监督电话：")]
    row = [
        str(n), it.code or "", parent.item.name if parent else it.name, it.name if parent else "", x.type_name,
        _stated(it.basis, _lines(citation_text(c) for c in it.basis)), v.subject, v.nature,
        _stated(it.units, "、".join(it.units)), _stated(it.levels, "、".join(it.levels)), it.source,
        _stated(it.responsibilities, _lines(f"{i}. {r.stage}：{r.content}" for i, r in enumerate(it.responsibilities, 1))),
        _stated(it.accountability.cases, _lines(f"{i}. {c}" for i, c in enumerate(it.accountability.cases, 1))),
        _lines(citation_text(c) for c in it.accountability.basis), "；".join(p for p in phones if p),
        it.remark or "", it.status,
    ]
    return row


def guide_row(x: Entry, v: ItemView, extra: Sequence[str] = ()) -> list[str] | None:
    """The item's 办事指南 row: from its guide; else the row an import kept
    as the source wrote it (original.guide); else none."""
    svc = x.item.service
    if svc is None:
        kept = x.item.original.guide if x.item.original else {}
        if not kept:
            return None
        return [x.item.code or "", x.item.name] + [kept.get(c.header, "") for c in GUIDE_COLUMNS[2:]] \
            + [kept.get(h, "") for h in extra]
    fee = "不收费" if not svc.fee.charged else _lines(f"{f.name}：{f.standard}（依据：{f.basis}）" for f in svc.fee.items)
    materials = _lines(f"{m.name}（{m.form}" + (f"，{m.copies} 份" if m.copies else "") + "）" for m in svc.materials)
    return [
        x.item.code or "", x.item.name, "、".join(svc.audience), _lines(svc.conditions), materials, fee,
        str(svc.time_limit.statutory) if svc.time_limit.statutory else "", str(svc.time_limit.promised),
        svc.case_type, str(svc.visits), "、".join(ways(svc)), svc.location, svc.hours, svc.consult.phone,
        v.phones.complaint or "", svc.result.name if svc.result else "",
    ] + guide_terms(svc) + [visit_label(svc.visits) or "", verdict_words(v)] + [""] * len(extra)


def _allowance(a) -> str:
    return "" if a is None else ("实行" if a.applies else "不实行") + (f"：{a.note}" if a.note else "")


def _remedy(kind: str, r, verb: str) -> str:
    return f"{kind}：向 {r.body} {verb}" + (f"，期限：{r.limit}" if r.limit else "")


def guide_terms(svc) -> list[str]:
    """The guide sheet's cells for the portals' fields (GUIDE_COLUMNS from
    送达方式和时限 on): each empty where the item does not state it."""
    r = svc.result
    delivery = "；".join(x for x in (("、".join(r.delivery) if r else ""), (f"送达时限：{r.delivery_limit}" if r and r.delivery_limit else "")) if x)
    middle = "" if svc.intermediaries is None else ("无" if not svc.intermediaries else _lines(
        m.name + (f"（{'；'.join(x for x in (m.provider, m.fee and f'收费：{m.fee}', m.basis and f'依据：{m.basis}') if x)}）"
                  if m.provider or m.fee or m.basis else "") for m in svc.intermediaries))
    special = _lines(f"{x.name}（{x.duration or '时限未载明'}，不计入办结时限" + (f"；依据：{x.basis}" if x.basis else "") + "）"
                     for x in svc.special_steps)
    rights = _lines([f"权利：{x}" for x in svc.rights] + [f"义务：{x}" for x in svc.duties])
    rm = svc.remedies
    remedies = "" if rm is None else _lines(
        ([_remedy("行政复议", rm.review, "申请")] if rm.review else []) + ([_remedy("行政诉讼", rm.litigation, "提起")] if rm.litigation else [])
        + ([rm.note] if rm.note else []))
    return [delivery, _lines(svc.standards), svc.quantity_limit or "", middle, special,
            _allowance(svc.tolerance), _allowance(svc.pledge), rights, remedies]


def retired_row(x: Entry, v: ItemView, cat: Catalog) -> list[str]:
    """A cancelled or merged item: when, by which notice, and where its matter went."""
    su = v.successor
    assert su is not None
    record = cat.notices.get(su.notice)
    notice = " ".join(t for t in (su.doc_number, record.notice.title if record else su.notice) if t)
    return [x.item.code or "", x.item.name, x.item.status, su.date, notice, su.handled_by or "",
            su.name or "、".join(i.name for i in su.items), su.url or ""]


@dataclass
class Sheets:
    list_columns: tuple[Column, ...]
    rows: list[list[str]]
    guide: list[list[str]]
    guide_columns: tuple[Column, ...] = GUIDE_COLUMNS
    flows: list[list[str]] = dataclasses.field(default_factory=list)
    retired: list[list[str]] = dataclasses.field(default_factory=list)


def sheets(cat: Catalog, entries: list[Entry] | None = None) -> Sheets:
    """Every item's row, in the site's order (type, then code); or those of
    `entries` (one body's, say), numbered from 1."""
    wanted = None if entries is None else {x.body for x in entries}  # one body's export: its retired items only
    entries = in_site_order(cat) if entries is None else entries
    children: dict[str, list[Entry]] = {}
    for x in entries:
        if x.item.parent:
            children.setdefault(x.item.parent, []).append(x)
    rows, guide, flows = [], [], []
    with_codes = any(x.item.basic_code or x.item.implementation_code for x in entries)
    with_ids = any(x.item.original and x.item.original.id for x in entries)
    kept = list(dict.fromkeys(h for x in entries if x.item.original for h in x.item.original.columns))
    standard = {c.header for c in GUIDE_COLUMNS}
    guide_extra = list(dict.fromkeys(h for x in entries if x.item.original for h in x.item.original.guide
                                     if h not in standard))
    for n, x in enumerate(entries, 1):
        v = item_view(x, cat, children.get(x.id, []), ())
        parent = cat.entries.get(x.item.parent) if x.item.parent else None
        row = list_row(n, x, v, parent)
        if with_codes:
            row += [x.item.basic_code or "", x.item.implementation_code or ""]
        o = x.item.original
        if with_ids:
            row.append(o.id or "" if o else "")
        row += [o.columns.get(h, "") if o else "" for h in kept]
        rows.append(row)
        g = guide_row(x, v, guide_extra)
        if g is not None:
            guide.append(g)
        if x.item.flow is not None:
            flows.append([x.item.code or "", x.item.name, flow_text(x)])
    columns = LIST_COLUMNS + (CODE_COLUMNS if with_codes else ()) + ((ORIGINAL_ID,) if with_ids else ()) \
        + tuple(Column(h, 16, ORIGINAL_MEANING) for h in kept)
    retired = [retired_row(x, item_view(x, cat, [], ()), cat) for x in retired_in_order(cat)
               if x.item.retired is not None and (wanted is None or x.body in wanted)]
    return Sheets(columns, rows, guide, GUIDE_COLUMNS + tuple(Column(h, 16, ORIGINAL_MEANING) for h in guide_extra), flows,
                  retired)


_FLOW_TEXTS: Recent[str, str] = Recent(200_000)  # by the item file's fingerprint: the whole list and each body's sheets share it


def flow_text(x: Entry) -> str:
    """The item's flow as its file writes it (YAML): what `import` reads back into `flow`."""
    from ..core.yamlout import dump

    assert x.item.flow is not None
    got = _FLOW_TEXTS.get(x.version) if x.version else None
    if got is None:
        got = dump(x.item.flow.model_dump(mode="json", by_alias=True, exclude_unset=True)).rstrip("\n")
        if x.version:
            _FLOW_TEXTS[x.version] = got
    return got


def _utf16(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def split_cell(text: str, limit: int = CELL_LIMIT) -> list[str]:
    """`text` in parts of at most `limit` UTF-16 code units (what Excel
    counts), never splitting a character; one part when it fits."""
    if len(text) <= limit // 2 or _utf16(text) <= limit:
        return [text]
    parts, start, size = [], 0, 0
    for i, ch in enumerate(text):
        w = 2 if ord(ch) > 0xFFFF else 1
        if size + w > limit:
            parts.append(text[start:i])
            start, size = i, 0
        size += w
    parts.append(text[start:])
    return parts


def _continued(columns: tuple[Column, ...], rows: list[list[str]]) -> tuple[list[str], list[list[str]], list[tuple[int, str]]]:
    """The headers and rows with over-long cells split into continuation
    columns at the right end, and (row, header) of every cell split."""
    headers = [c.header for c in columns]
    extra: dict[int, int] = {}  # column → continuation columns it needs
    cut: dict[tuple[int, int], list[str]] = {}
    for r, row in enumerate(rows):
        for i, value in enumerate(row):
            if len(value) > CELL_LIMIT // 2:
                parts = split_cell(value)
                if len(parts) > 1:
                    cut[r, i] = parts
                    extra[i] = max(extra.get(i, 0), len(parts) - 1)
    if not cut:
        return headers, rows, []
    places = [(i, n) for i in sorted(extra) for n in range(1, extra[i] + 1)]
    headers = headers + [CONTINUED.format(header=columns[i].header, n=n) for i, n in places]
    where = {place: len(columns) + k for k, place in enumerate(places)}  # (column, n) → its column
    by_row: dict[int, list[tuple[int, list[str]]]] = {}
    for (r, i), parts in cut.items():
        by_row.setdefault(r, []).append((i, parts))
    out = []
    for r, row in enumerate(rows):
        row = list(row) + [""] * len(places)
        for i, parts in by_row.get(r, ()):
            row[i] = parts[0]
            for n in range(1, len(parts)):
                row[where[i, n]] = parts[n]
        out.append(row)
    return headers, out, [(r + 1, columns[i].header) for r, i in sorted(cut)]


# --- files --------------------------------------------------------------------------

def xlsx_bytes(cat: Catalog, s: Sheets | None = None, split: list | None = None, epoch: int | None = 0) -> bytes:
    """The workbook; `split`, when given, receives (sheet, row, header) of
    every cell too long for Excel, written on in continuation columns."""
    import xlsxwriter

    s = s or sheets(cat)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    when = source_date(epoch)
    assert cat.site is not None
    book.set_properties({"title": f"{cat.site.authority.name}权责清单", "author": cat.site.authority.name,
                         "created": when, "comments": "powerlist export"})
    head = book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center",
                            "bg_color": "#F2F2F2", "border": 1})
    cell = book.add_format({"text_wrap": True, "valign": "top", "border": 1, "num_format": "@"})
    for name, columns, rows in ((LIST_SHEET, s.list_columns, s.rows), (GUIDE_SHEET, s.guide_columns, s.guide),
                                (FLOW_SHEET, FLOW_COLUMNS, s.flows), (RETIRED_SHEET, RETIRED_COLUMNS, s.retired)):
        ws = book.add_worksheet(name)
        ws.freeze_panes(1, 0)
        headers, rows, cut = _continued(columns, rows)
        if split is not None:
            split += [(name, r, h) for r, h in cut]
        for i, header in enumerate(headers):
            ws.set_column(i, i, columns[i].width if i < len(columns) else 16)
            ws.write_string(0, i, header, head)
        for r, row in enumerate(rows, 1):
            for i, value in enumerate(row):
                if ws.write_string(r, i, value, cell) == -2:  # text, always: codes keep their leading zeros
                    raise AssertionError(f"cell {name}!{r},{i} cut by XlsxWriter")  # split_cell forbids it
        if rows:
            ws.autofilter(0, 0, len(rows), len(headers) - 1)
    book.close()
    return out.getvalue()


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """A cell a spreadsheet will not run: text that would start a formula
    (=HYPERLINK(…) in an item's name, say) gets the apostrophe that marks
    text, which `import` removes again."""
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_bytes(cat: Catalog, s: Sheets | None = None, epoch: int | None = 0) -> bytes:
    s = s or sheets(cat)
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([c.header for c in s.list_columns])
    w.writerows([csv_cell(v) for v in row] for row in s.rows)
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def json_bytes(cat: Catalog, s: Sheets | None = None, epoch: int | None = 0) -> bytes:
    assert cat.site is not None
    doc = {
        "format": "powerlist-export",  # the items as in docs/schema/power-item.schema.json
        "version": JSON_SCHEMA_VERSION,
        "authority": cat.site.authority.model_dump(mode="json", exclude_none=True),
        "date": source_date(epoch).date().isoformat(),
        "items": [{"id": x.id, "type_name": x.type_name, **({"body": x.body} if x.body else {}), **item_data(x),
                   "derived": derived(item_view(x, cat, [], ()), x.item)}
                  for x in sorted(cat.entries.values(), key=lambda x: x.id) if is_current(x.item)],
        # cancelled and merged items: no longer on the list, kept on the record
        "retired": [{"id": x.id, "type_name": x.type_name, **({"body": x.body} if x.body else {}), **item_data(x),
                     "derived": derived(item_view(x, cat, [], ()), x.item)}
                    for x in sorted(cat.entries.values(), key=lambda x: x.id) if not is_current(x.item)],
    }
    if is_multi(cat):  # a list of several bodies: each body as its _body.yaml declares it, by id
        doc["bodies"] = {b.id: b.config.model_dump(mode="json", exclude_none=True, by_alias=True)
                         for b in cat.bodies.values() if b.id and b.config is not None}
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def item_data(x: Entry) -> dict:
    """The item as its file says it, keys as written there (`with`, not the
    model's `with_`); what it writes 未载明 is 未载明, what it leaves out is
    left out (defaults are not the item's statement): `import` of the JSON
    export writes the very same item."""
    it = x.item
    data = it.model_dump(mode="json", exclude_none=True, by_alias=True, exclude_unset=True)
    for key in it.unstated:
        if key == "accountability.cases":
            data.setdefault("accountability", {})["cases"] = NOT_STATED
        else:
            data[key] = NOT_STATED
    return data


class _Maker(Protocol):
    def __call__(self, cat: Catalog, s: Sheets | None = None, *, epoch: int | None = 0) -> bytes: ...


MAKERS: dict[str, _Maker] = {"xlsx": xlsx_bytes, "csv": csv_bytes, "json": json_bytes}


def export(cat: Catalog, fmt: str, out: Path, epoch: int | None = 0) -> list[str]:
    """Write the file, whole or not at all, dated `epoch` (the data's date);
    returns what staff should be told (cells of the XLSX continued in further columns)."""
    split: list = []
    write_whole(out, xlsx_bytes(cat, split=split, epoch=epoch) if fmt == "xlsx" else MAKERS[fmt](cat, epoch=epoch))
    return [f"{sheet}!第 {row + 1} 行“{header}”超过 Excel 单元格上限 {CELL_LIMIT} 字，其余部分接在“{header}（续1）”等列中"
            for sheet, row, header in split]
