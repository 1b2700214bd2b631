"""Make the example data's attached files (powers/files/<item id>/): the
result samples and a filled-in sample as small PDFs printed by Chromium
(CJK glyphs embedded, so they open anywhere), and a blank form as an XLSX.

    .venv/bin/python scripts/sample-files.py

Run once; the files are committed. Rerunning rewrites them (Chromium stamps
a creation date into each PDF, so the bytes differ from run to run).
"""

from __future__ import annotations

import datetime
import html
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = ROOT / "powers/files"
AUTHORITY = "焦作市解放区科学技术和工业信息化局"

# item id → file name → (title, [(field, value)], note)
PDFS = {
    "jishu-hetong-dengji": {
        "技术合同登记证明（样本）.pdf": ("技术合同登记证明", [
            ("登记编号", "41080220××××××××"), ("合同名称", "××××技术开发合同"), ("合同类别", "技术开发"),
            ("卖方（技术开发方）", "××××有限公司"), ("买方（委托方）", "××××有限公司"),
            ("合同成交额", "××× 万元"), ("核定技术性收入额", "××× 万元"), ("登记日期", "××××年××月××日")],
            "经审查，该合同符合技术合同登记条件，准予登记。"),
        "法人授权证明（示例）.pdf": ("法人授权证明", [
            ("授权单位", "××××有限公司（盖章）"), ("被授权机构", "××××有限公司研发中心"),
            ("授权事项", "以本单位名义签订技术开发合同"), ("授权期限", "××××年××月××日至××××年××月××日"),
            ("法定代表人", "×××（签字）"), ("日期", "××××年××月××日")],
            "合同由法人的内设机构签订的，提交本证明原件。"),
    },
    "guandao-baohu-shigong-xuke": {
        "施工作业许可决定书（样本）.pdf": ("施工作业许可决定书", [
            ("文号", "解科工许〔××××〕××号"), ("申请人", "××××有限公司"),
            ("施工作业内容", "在××管道保护范围内进行××施工"), ("施工地点", "××路××段"),
            ("作业期限", "××××年××月××日至××××年××月××日")],
            "经审查，你单位的申请符合法定条件，准予施工作业。请按许可的方案施工，并接受管道企业的现场指导。"),
    },
    "jishu-gaizao-xiangmu-beian": {
        "企业投资项目备案证明（样本）.pdf": ("企业投资项目备案证明", [
            ("项目代码", "××××-410802-××-××-××××××"), ("项目名称", "××××技术改造项目"),
            ("项目单位", "××××有限公司"), ("建设地点", "焦作市解放区××路××号"), ("总投资", "××× 万元")],
            "该项目已完成备案。备案不代替其他法定审批手续。"),
    },
    "keji-chengguo-dengji": {
        "科技成果登记证书（样本）.pdf": ("科技成果登记证书", [
            ("登记号", "××××××××"), ("成果名称", "××××技术"), ("第一完成单位", "××××有限公司"),
            ("成果类别", "应用技术"), ("登记日期", "××××年××月××日")],
            "经审核，该成果符合科技成果登记要求，予以登记。"),
    },
    "keji-tepaiyuan-shenbao": {
        "科技特派员认定文件（样本）.pdf": ("关于认定××××年度科技特派员的通知", [
            ("文号", "解科工〔××××〕××号"), ("认定人员", "×××等××名同志"),
            ("服务期限", "三年"), ("服务领域", "××产业技术服务")],
            "经个人申请、单位推荐、审核和公示，认定上述同志为××××年度科技特派员。"),
    },
}

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 25mm 22mm; }}
body {{ font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; color: #111; font-size: 12pt; }}
h1 {{ text-align: center; font-size: 20pt; letter-spacing: 2pt; margin: 0 0 10mm; }}
.mark {{ position: fixed; top: 95mm; left: 0; right: 0; text-align: center; font-size: 90pt;
         color: rgba(200, 0, 0, .14); transform: rotate(-30deg); letter-spacing: 30pt; }}
table {{ width: 100%; border-collapse: collapse; }}
th, td {{ border: 1px solid #333; padding: 3mm 4mm; text-align: left; vertical-align: top; }}
th {{ width: 36%; background: #f2f2f2; font-weight: normal; }}
p {{ line-height: 1.8; margin: 8mm 0; }}
.sign {{ text-align: right; margin-top: 18mm; line-height: 2; }}
</style></head><body>
<div class="mark">样本</div>
<h1>{title}</h1>
<table>{rows}</table>
<p>{note}</p>
<div class="sign">{authority}（印章）<br>××××年××月××日</div>
</body></html>"""


def pdfs() -> None:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("POWERLIST_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium is needed (scripts/test installs it)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        for item, files in PDFS.items():
            for name, (title, fields, note) in files.items():
                rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in fields)
                page.set_content(PAGE.format(title=html.escape(title), rows=rows, note=html.escape(note),
                                             authority=AUTHORITY))
                out = FILES / item / name
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(page.pdf(format="A4", print_background=True, tagged=True))
                print(out.relative_to(ROOT), out.stat().st_size)
        browser.close()


def blank_form() -> None:
    import xlsxwriter

    out = FILES / "jishu-hetong-dengji/技术性收入核定表.xlsx"
    book = xlsxwriter.Workbook(str(out))
    book.set_properties({"title": "技术性收入核定表", "author": AUTHORITY,
                         "created": datetime.datetime(2025, 1, 1)})
    ws = book.add_worksheet("技术性收入核定表")
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#F2F2F2", "text_wrap": True, "valign": "vcenter"})
    cell = book.add_format({"border": 1})
    title = book.add_format({"bold": True, "font_size": 16, "align": "center"})
    ws.merge_range(0, 0, 0, 5, "技术性收入核定表", title)
    columns = ["合同登记编号", "合同名称", "合同成交额（万元）", "已履行金额（万元）", "技术性收入（万元）", "备注"]
    for i, c in enumerate(columns):
        ws.set_column(i, i, 18)
        ws.write_string(2, i, c, head)
    for r in range(3, 13):
        for i in range(len(columns)):
            ws.write_blank(r, i, None, cell)
    ws.write_string(14, 0, "填报单位（盖章）：")
    ws.write_string(15, 0, "填报日期：")
    book.close()
    print(out.relative_to(ROOT), out.stat().st_size)


if __name__ == "__main__":
    pdfs()
    blank_form()
