"""What an import tells staff: the file as read, what would have been
overwritten, every problem (as `check` prints them), every cleaning step,
and a summary."""

from __future__ import annotations

from collections import Counter

from ..core.diagnostics import format_text, one_line
from . import Outcome
from .columns import SYNONYMS
from .read import column_letter
from .rows import Change

# what each cleaning step did, for staff
CHANGES = {
    "entities": "解码 HTML 实体：{before} → {after}",
    "spaces": "规范空格和换行：{before} → {after}",
    "stages": "按编号或环节名拆成责任环节：{after}",
    "cases-split": "拆成 {after} 条追责情形",
    "phones-split": "一格中有多个电话，已拆开：{after}",
    "phone-hyphen": "电话补上区号后的连字符：{before} → {after}",
    "units-split": "拆成多个承办机构：{after}",
    "type-alias": "权力类型“{before}”按站点配置的别名记为“{after}”",
    "levels": "行使层级“{before}”记为“{after}”（原文保留在备注中）",
    "not-stated": "来源没有公布，记为“未载明”",
    "level-codes": "行使层级代码“{before}”按站点配置的 level_codes 记为“{after}”",
    "vocabulary": "“{before}”记为规范用语“{after}”",
    "citations": "实施依据按书名号和条款拆成 {after} 条引用",
    "row-skipped": "跳过这一行（标题行或重复的表头）：{before}",
}
NAMES = {"entities": "HTML 实体", "spaces": "空格", "stages": "责任环节", "cases-split": "追责情形", "phones-split": "多个电话",
         "phone-hyphen": "电话格式", "units-split": "多个承办机构", "type-alias": "权力类型别名", "levels": "行使层级",
         "not-stated": "未载明", "level-codes": "层级代码", "vocabulary": "规范用语", "citations": "实施依据", "row-skipped": "跳过的行",
         "merged": "合并单元格"}
SHORT = 60


def _short(text: str) -> str:
    text = one_line(text)
    return text if len(text) <= SHORT else text[:SHORT] + "…"


def render(outcome: Outcome, dry_run: bool = False) -> str:
    t, cols = outcome.table, outcome.columns
    lines: list[str] = []
    if t is not None and cols is not None:
        how = f"编码 {t.encoding}；" if t.encoding else ""
        sheet = f"工作表“{one_line(t.sheet)}”；" if t.sheet else ""
        header = "" if t.keys is not None else f"第 {(t.lines[cols.row] if t.lines else cols.row + 1)} 行是表头；"
        lines.append(f"读取 {one_line(t.file)}（{sheet}{how}{header}"
                     f"识别 {len(cols.fields)} 列：{'、'.join(SYNONYMS[f][0] for f in cols.fields)}）")
    for _file, diff in outcome.kept:  # each line of the diff on a line of its own, whatever the files hold
        lines += [one_line(line) for line in diff.rstrip("\n").split("\n")]
    if outcome.diagnostics:
        lines.append(format_text(outcome.diagnostics).rstrip("\n").rsplit("\n", 1)[0])
    cleaned = list(outcome.changes)
    if t is not None:
        for r0, c0, r1, c1 in t.filled:
            lines_ = f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
            cleaned.append(Change(r0, c0, "", "merged", lines_, ""))
    if cleaned and t is not None:
        lines.append(f"清理记录（{len(cleaned)} 处）：")
        for c in sorted(cleaned, key=lambda c: (c.row, c.col, c.kind)):
            if c.kind == "merged":
                lines.append(f"  {one_line(t.file)}:{one_line(t.sheet or '')}!{c.before}: 合并单元格，值已填入其中每一行")
                continue
            where = one_line(f"{t.file}:{t.cell(c.row, c.col)}")
            lines.append(f"  {where}: " + CHANGES[c.kind].format(before=_short(c.before), after=_short(c.after)))
        counts = Counter(c.kind for c in cleaned)
        lines.append("  合计：" + "，".join(f"{NAMES[k]} {n} 处" for k, n in sorted(counts.items())))
    for name, folder, n in outcome.bodies:  # a list of several bodies: each body the import created
        lines.append(f"{'将新建' if dry_run else '新建'}部门 {one_line(name)}（{n} 项）：{one_line(folder)}_body.yaml")
    verb = "将写入" if dry_run else "写入"
    lines.append(f"共 {outcome.rows} 行：{verb} {len(outcome.written)} 个文件，未变 {len(outcome.unchanged)} 个，"
                 f"因内容不同未覆盖 {len(outcome.kept)} 个，无法导入 {outcome.failed_rows} 行"
                 + (f"；跳过 {outcome.skipped_rows} 行" if outcome.skipped_rows else "")
                 + ("。（试运行：没有写入任何文件）" if dry_run else "。"))
    return "\n".join(lines) + "\n"
