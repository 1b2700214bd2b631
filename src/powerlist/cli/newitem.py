"""`powerlist new`: a new item file, with every field present and explained
in Chinese, a flow from the template that fits its 权力类型, a free id and a
free code. What only staff can know is left as 【待填写：…，如 …】, which
`check` refuses until it is filled in."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from ..core.models import Site

if TYPE_CHECKING:
    from ..core.records import Catalog


# 责任事项 stages by type (domain.md §2.2)
STAGES = {
    "行政许可": ["受理", "审查", "决定", "送达", "事后监管"],
    "行政确认": ["受理", "审查", "决定", "送达", "事后监管"],
    "行政处罚": ["立案", "调查取证", "审查", "告知", "决定", "送达", "执行"],
    "行政强制": ["立案", "调查取证", "审查", "告知", "决定", "送达", "执行"],
    "行政检查": ["制定方案", "实施检查", "处置移送", "事后监管"],
    "行政奖励": ["制定方案", "审核", "公示", "决定", "兑现"],
    "其他行政权力": ["受理", "审核", "上报", "告知"],
}
FLOW = {  # template and its parameters, by type
    "行政处罚": ("xingzheng-chufa", {"case_lane": "{unit}"}),
    "行政强制": ("xingzheng-chufa", {"case_lane": "{unit}"}),
    "行政检查": ("xingzheng-jiancha", {"lane": "{unit}"}),
    "行政奖励": ("xingzheng-jiangli", {"lane": "{unit}"}),
    "其他行政权力": ("shenhe-zhuanbao", {"review_lane": "{unit}", "upper": "【待填写：接收转报的上级部门，如 市科技局】"}),
}
DEFAULT_FLOW = ("yishenqing", {
    "review_lane": "{unit}", "review_time": "【待填写：审查时限，如 3 个工作日】",
    "grant": "【待填写：准予的结论，如 准予许可】", "deny": "【待填写：不予的结论，如 不予许可】",
    "result": "【待填写：结果文书名称，如 许可证】",
})
WITH_SERVICE = {"行政许可", "行政确认", "行政给付", "其他行政权力", "公共服务", "行政备案"}

STAGE_EXAMPLES = {
    "受理": "公示应当提交的材料，一次性告知需要补正的全部内容，依法受理或者不予受理并说明理由",
    "审查": "对申请材料进行审查，需要实地核查的组织核查",
    "审核": "对申请材料的完整性、真实性进行审核",
    "决定": "作出准予或者不予的决定，不予的书面说明理由和救济途径",
    "送达": "在规定期限内将决定书送达申请人",
    "事后监管": "对办理结果开展抽查，发现问题依法处理",
    "上报": "将审核意见和材料报送上级部门",
    "告知": "告知申请人办理结果，未通过的说明理由",
    "立案": "对违法线索进行核查，符合条件的报批立案",
    "调查取证": "两名以上执法人员出示证件，全面、客观、公正地收集证据",
    "执行": "监督当事人履行处罚决定，逾期不履行的依法强制执行",
    "制定方案": "制定年度工作方案，明确对象、内容和程序",
    "实施检查": "出示执法证件，依法实施检查并制作检查记录",
    "处置移送": "对发现的问题责令整改，涉嫌违法的依法立案或者移送",
    "公示": "将拟定结果向社会公示，受理异议",
    "兑现": "颁发证书和奖金，建立档案",
}


def stage_text(stage: str) -> str:
    return f"【待填写：本环节应当履行的职责，如 {STAGE_EXAMPLES.get(stage, '依法履行本环节的职责')}】"
CASES = ["对符合条件的申请不予受理、不予办理的", "未一次性告知需要补正的全部内容的",
         "未在规定期限内办结的", "索取或者收受他人财物、谋取其他利益的", "其他违反法律法规规章规定的行为"]


def q(text: str) -> str:
    """A YAML string that reads back exactly (JSON is YAML)."""
    return json.dumps(text, ensure_ascii=False)


MAX_ID = 100  # characters: the models' ItemId


def id_problem(ident: str) -> str | None:
    """Why `ident` cannot be a new item's id (it names the file written in
    powers/): the loader's id rule, so nothing but lowercase letters, digits
    and hyphens ever reaches a path. None when it can."""
    from ..core.layout import ID_RE  # the loader's id rule
    from ..core.rules import say

    if ID_RE.match(ident) and len(ident) <= MAX_ID:
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", ident.lower()).strip("-")[:MAX_ID].strip("-")
    example = slug if slug and ID_RE.match(slug) else "jishu-hetong-dengji"
    return say("PL111", "new", name=ident, max=MAX_ID, example=example)


def free_id(cat: "Catalog", abbr: str) -> str:
    from ..core.layout import item_files

    taken = set(cat.entries) | {p.stem for p in item_files(cat.root)}
    n = 1
    while f"{abbr.lower()}-{n:03d}" in taken:
        n += 1
    return f"{abbr.lower()}-{n:03d}"


def free_code(cat: "Catalog", site: Site, abbr: str) -> str:
    from ..core.layout import item_files
    from ..core.safefile import read

    region = (site.authority.region_code or "000000")[:6]
    prefix = f"{region}-{abbr}-"
    # read the files, not just the valid items: a new file still being filled in holds its code too
    pattern = re.compile(r"^code:\s*[\"']?" + re.escape(prefix) + r"(\d+)", re.M)
    used = []
    for p in item_files(cat.root):  # links and pipes are refused unread, as by check
        raw, _ = read(p, str(p))
        used += [int(n) for n in pattern.findall(raw.decode("utf-8", "replace"))] if raw else []
    return f"{prefix}{max(used, default=0) + 1:03d}"


def render(site: Site, type_name: str, name: str, code: str, unit: str | None, ident: str = "<标识>") -> str:
    t = next(t for t in site.types if t.name == type_name)
    unit_text = unit or "【待填写：承办科室，须是站点配置 units 中的一项】"
    template, params = FLOW.get(type_name, DEFAULT_FLOW)
    stages = STAGES.get(type_name, STAGES["行政许可"])
    with_service = type_name in WITH_SERVICE
    out = [
        "# yaml-language-server: $schema=../docs/schema/power-item.schema.json",
        f"# 新事项（{type_name}）。把所有“【待填写：…】”换成实际内容（“如”后面是示例），",
        "# 用不到的可选字段可以删去；改完后运行 powerlist check powers 检查。",
        "",
        "# 事项编码：文字，必须加英文引号，以免前导零丢失",
        f"code: {q(code)}",
        "# 事项名称",
        f"name: {q(name)}",
        f"# 权力类型：{'、'.join(x.name for x in site.types)} 之一",
        f"type: {q(t.name)}",
        "# 承办机构：站点配置 units 中的科室，可写多个",
        f"units: [{q(unit_text)}]",
        "# 行使层级：国家级、省级、市级、县级、乡镇级、村级，可写多个",
        f"levels: [{q(site.authority.level)}]",
        "# 权力来源：法定本级行使、上级下放、上级授权、同级授权、上级委托、同级委托",
        "source: 法定本级行使",
        "# 设定和实施依据：每条写法规名称，有文号、条款、原文的一并写上",
        "basis:",
        f"  - title: {q('【待填写：法律法规名称，如 中华人民共和国行政许可法】')}",
        f"    article: {q('【待填写：条款，如 第三十条】')}",
        f"    text: {q('【待填写：条文原文，照录；没有可删去此行】')}",
        "# 责任事项：每个环节履行的职责",
        "responsibilities:",
    ]
    for stage in stages:
        out += [f"  - stage: {q(stage)}", f"    content: {q(stage_text(stage))}"]
    out += ["# 追责情形和追责依据", "accountability:", "  cases:"]
    out += [f"    - {q(c)}" for c in CASES]
    out += ["  basis:", f"    - title: {q('中华人民共和国公职人员政务处分法')}",
            f"# 运行流程：引用 flows/{template}.yaml 模板，按模板说明填写参数", "flow:", f"  use: {template}", "  with:"]
    for k, v in params.items():
        out.append(f"    {k}: {q(v.replace('{unit}', unit_text))}")
    if with_service:
        out += [
            "# 办事指南：面向申请人的办理信息",
            "service:",
            "  # 服务对象：自然人、企业法人、事业法人、社会组织法人、非法人企业、行政机关、其他组织",
            "  audience: [企业法人]",
            "  # 受理条件：每条一项",
            "  conditions:",
            f"    - {q('【待填写：受理条件，如 申请人为在本区依法登记的企业】')}",
            "  # 申请材料：form 纸质/电子/纸质+电子；necessity 必要/非必要/容缺后补；只在某种情形下需要的写 condition",
            "  materials:",
            f"    - name: {q('【待填写：材料名称，如 申请表】')}",
            "      form: 纸质",
            "      copies: 1",
            f"      # 有空白表格或示例样表的：把文件放进 powers/files/{ident}/，这里只写文件名（也可以写网址）；",
            "      # 可上传 PDF、OFD、Word、Excel、JPG、PNG，单个不超过 10 MB",
            "      # blank_form: 申请表.docx",
            "      # sample: 申请表（示例）.pdf",
            "  # 收费：不收费写 charged: false；收费的在 items 中写明项目、标准和依据",
            "  fee:",
            "    charged: false",
            "  # 办结时限：写“即办”“当天”“N 个工作日”或“N 日”；承诺时限不得超过法定时限",
            "  time_limit:",
            f"    statutory: {q('【待填写：法定时限，如 20 个工作日】')}",
            f"    promised: {q('【待填写：承诺时限，如 5 个工作日】')}",
            "  # 办件类型：承诺时限为“即办”的写 即办件，否则写 承诺件",
            "  case_type: 承诺件",
            "  # 到办事现场次数；不为 0 时写明必须到现场的原因",
            "  visits: 1",
            f"  visits_reason: {q('【待填写：必须到现场的原因，如 须核验原件】')}",
            "  # 办理形式：窗口、网上（网址和深度 1–4）、快递/邮寄",
            "  channels:",
            "    window: true",
            "    mail: false",
            "    # 网上预约、办理进度查询的网页（可选，只接受 http:// 或 https:// 开头的网址）",
            "    # appointment: https://…",
            "    # progress: https://…",
            f"  location: {q('【待填写：办理地点，如 区行政服务中心二楼综合窗口】')}",
            f"  hours: {q('【待填写：办理时间，如 工作日 9:00—12:00，13:30—17:00】')}",
            "  # 咨询电话：带区号；不能与监督投诉电话相同",
            "  consult:",
            f"    phone: {q('【待填写：咨询电话，如 0391-2925809】')}",
            "  # 办理结果（可选）：type 写 出证、出文、批复 或 其他；结果样本放进 powers/files/"
            f"{ident}/，sample 写文件名（也可以写网址）",
            "  # result:",
            "  #   name: 许可证",
            "  #   type: 出证",
            "  #   sample: 许可证（样本）.pdf",
        ]
    return "\n".join(out) + "\n"
