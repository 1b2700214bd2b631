"""The registry of check rules: stable codes, severity, and Chinese help.

Codes never change meaning once published; the contributor guide is
generated from this table, so every rule the checker can raise is listed here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    title: str  # short Chinese title
    help: str  # how to fix, in Chinese


E, W = Severity.ERROR, Severity.WARNING

_TABLE = [
    # --- files and YAML -------------------------------------------------
    Rule("PL101", "encoding", E, "文件不是 UTF-8 编码",
         "请用 UTF-8 编码保存文件（记事本：另存为 → 编码选 UTF-8）。"),
    Rule("PL102", "bom", E, "文件开头有 BOM 标记",
         "请另存为“UTF-8（无 BOM）”；BOM 会让其他工具读错第一行。"),
    Rule("PL103", "file-too-large", E, "文件过大",
         "单个事项文件不应超过上限；请检查是否误粘贴了大段内容。"),
    Rule("PL104", "empty-file", E, "文件为空", "请填写事项内容，或删除该文件。"),
    Rule("PL105", "yaml-syntax", E, "YAML 语法错误",
         "检查冒号、引号、缩进是否成对、对齐；含冒号或 # 的文字请加引号。"),
    Rule("PL106", "tab-indent", E, "用了制表符（Tab）缩进",
         "YAML 只能用空格缩进，请把 Tab 换成两个空格。"),
    Rule("PL107", "duplicate-key", E, "同一字段写了两次",
         "同一层级的字段只能出现一次，否则前一个值会被悄悄丢弃；请合并或删除其一。"),
    Rule("PL108", "anchor-alias", E, "使用了锚点或别名（& / *）",
         "为便于审核，事项文件不允许锚点和别名；请直接写出内容。"),
    Rule("PL109", "custom-tag", E, "使用了 YAML 标签（! / !!）",
         "不允许使用标签；文本请直接加引号。"),
    Rule("PL110", "merge-key", E, "使用了合并键（<<）", "不允许合并键；请直接写出各字段。"),
    Rule("PL111", "bad-id", E, "文件名不是合法的事项标识",
         "文件名（去掉 .yaml）即事项标识，只能用小写英文字母、数字和连字符，如 jishu-hetong-dengji.yaml。"),
    Rule("PL112", "too-deep", E, "列表或字段组嵌套过深",
         "事项文件的列表和字段组只嵌套几层；嵌套过深多是括号没有成对或缩进错乱，请检查。"),
    Rule("PL113", "unreadable", E, "文件无法读取",
         "检查时文件无法打开或读取（没有读取权限，或在检查过程中被删除、移动）；请检查文件后重新运行。"),
    Rule("PL114", "not-a-file", E, "不是普通文件",
         "事项、流程模板和站点配置必须是仓库中的普通文件；不允许符号链接（可能指向仓库以外的文件）、"
         "以 .yaml 结尾的目录、命名管道等。请删除链接，把内容复制进来，或改名。"),
    Rule("PL115", "control-character", E, "含有不可见的控制字符",
         "垂直制表符、换页符、空字符等控制字符常随从 Word 等处粘贴的文字混入，或在双引号内写成 \\v、\\0 等转义；"
         "它们会使流程图和网页出错。请删除该字符或转义。"),
    # --- schema ----------------------------------------------------------
    Rule("PL201", "unknown-key", E, "未知字段",
         "字段名写错或放错了层级；按提示改为正确的字段名。"),
    Rule("PL202", "missing-field", E, "缺少必填字段", "请补上该字段。"),
    Rule("PL203", "wrong-type", E, "值的类型不对", "按提示改为文本、数字、列表或字段组。"),
    Rule("PL204", "implicit-type", E, "未加引号的值被 YAML 误读",
         "yes/no/on/off、带前导零的编码、日期样式的文字等会被 YAML 读成布尔值、数字或日期；请加英文引号。"),
    Rule("PL205", "invalid-value", E, "取值不合规", "按提示改为允许的取值。"),
    Rule("PL206", "unknown-power-type", E, "未知的权力类型",
         "权力类型须是站点配置 powers/_site.yaml 中列出的类型或其别名。"),
    Rule("PL207", "bad-duration", E, "时限写法不对",
         "时限写作“即办”“当天”“N 个工作日”或“N 日”，必须写明是工作日还是自然日。"),
    # --- across files ----------------------------------------------------
    Rule("PL301", "duplicate-id", E, "事项标识重复", "两个文件的标识相同；请改名其一。"),
    Rule("PL302", "duplicate-code", E, "事项编码重复", "每个事项的编码必须唯一；请核对编码。"),
    Rule("PL303", "unknown-parent", E, "上级事项不存在",
         "parent 须填写本清单中另一个事项的标识（文件名）。"),
    Rule("PL304", "unknown-flow", E, "流程模板不存在",
         "flow.use 须是 flows/ 目录中某个模板的文件名（不含 .yaml）。"),
    Rule("PL305", "unknown-unit", E, "承办机构不在站点配置中",
         "承办机构须是 powers/_site.yaml 中 units 列出的科室；新设科室请先加到站点配置。"),
    Rule("PL306", "site-config", E, "站点配置有误", "请按提示修改 powers/_site.yaml。"),
    Rule("PL307", "parent-cycle", E, "上级事项形成循环",
         "子项的 parent 沿上级一路查找，最终又回到了自己；请核对这些事项中哪个才是主项，删去主项的 parent。"),
    # --- domain rules (办事指南 quality) --------------------------------
    Rule("PL401", "promised-over-statutory", E, "承诺时限超过法定时限",
         "承诺办结时限不得长于法定办结时限。"),
    Rule("PL402", "limits-incomparable", W, "承诺时限与法定时限单位不同，无法比较",
         "一个按工作日、一个按自然日计算时无法确定是否超期；请统一单位。"),
    Rule("PL403", "instant-mismatch", E, "即办件与承诺时限不一致",
         "承诺时限为“即办”的事项办件类型应为即办件，反之亦然。"),
    Rule("PL404", "visit-reason-missing", E, "缺少必须到现场的原因",
         "到办事现场次数不为 0 时，须在 visits_reason 中说明必须到现场办理的原因。"),
    Rule("PL405", "no-remote-channel", E, "零跑腿事项缺少网办或邮寄渠道",
         "到现场 0 次的事项，须支持网上办理或快递/邮寄申请。"),
    Rule("PL406", "full-online-visits", E, "全程网办却要求到现场",
         "网上办理深度为 4（全程网办）时，到办事现场次数应为 0。"),
    Rule("PL407", "fee-basis-missing", E, "收费缺少标准或依据",
         "收费的事项须写明每项收费的标准和依据；不收费请写 charged: false。"),
    Rule("PL408", "same-phone", E, "咨询电话与投诉电话相同",
         "投诉电话应由监督部门受理，不能与咨询电话相同。"),
    Rule("PL409", "phone-format", E, "电话号码格式不对",
         "固定电话须带区号，如 0373-1234567；手机号为 11 位；一个字段只写一个号码。"),
    Rule("PL410", "result-sample-missing", W, "办理结果缺少样本",
         "写了审批结果名称的，应提供结果样本（result.sample）。"),
    Rule("PL411", "licensing-stages", W, "行政许可缺少必要的责任环节",
         "行政许可事项的责任事项至少应包括受理、审查、决定、送达。"),
    Rule("PL420", "placeholder", E, "还有待填写的内容",
         "把“【待填写：…】”换成实际内容（“如”后面是示例）；用不到的可选字段可以删去。"),
    Rule("PL412", "visits-over-promise", E, "到现场次数超出站点承诺",
         "站点承诺“最多跑一次”时，到办事现场次数不得超过 1。"),
]

_TABLE += [
    # --- process flows ---------------------------------------------------
    Rule("PL501", "flow-start", E, "流程的开始步骤不是恰好一个",
         "每个流程必须有且只有一个 kind: start 的步骤。"),
    Rule("PL502", "flow-no-end", E, "流程没有结束步骤", "至少要有一个 kind: end 的步骤。"),
    Rule("PL503", "flow-dangling", E, "连线指向不存在的步骤", "next 或 exits.to 须填写本流程中某个步骤的 id。"),
    Rule("PL504", "flow-duplicate-step", E, "步骤 id 重复", "同一流程中每个步骤的 id 必须不同。"),
    Rule("PL505", "flow-unreachable", E, "从开始无法到达该步骤", "检查前面步骤的 next / exits 是否漏连了这一步。"),
    Rule("PL506", "flow-dead-end", E, "该步骤走不到结束", "每个步骤都必须能一路走到某个结束步骤。"),
    Rule("PL507", "flow-decision-exits", E, "判断步骤的出口不对",
         "判断步骤至少要有两个出口，每个出口都要写条件（label），且条件互不相同。"),
    Rule("PL508", "flow-exit-count", E, "步骤的出口数量不对",
         "开始和办理步骤恰好一个出口（next）；结束步骤没有出口；多个去向请改用判断步骤。"),
    Rule("PL509", "flow-cycle", E, "流程中有未声明的回路",
         "补正、退回修改等回到前面步骤的连线须写在 exits 中并标明 loop: true。"),
    Rule("PL510", "flow-unknown-lane", E, "岗位不在站点配置中",
         "步骤的 lane 须是 powers/_site.yaml 中 lanes 列出的岗位。"),
    Rule("PL511", "flow-stage-missing", W, "责任环节没有体现在流程中",
         "事项的每个责任环节（事后监管、其他除外）都应有流程步骤用 stage 标明。"),
    Rule("PL512", "flow-template-param", E, "模板参数缺失或多余",
         "按模板 params 中的说明在 flow.with 中填写参数；删除模板没有的参数。"),
    Rule("PL513", "flow-unknown-override", E, "要调整的步骤在模板中不存在",
         "flow.override 的键须是模板中某个步骤的 id。"),
    Rule("PL514", "flow-over-limit", E, "流程最长用时超过承诺时限",
         "各步骤时限之和（不计入时限的步骤除外）在最坏情况下不得超过承诺办结时限。"),
    Rule("PL515", "flow-limit-incomparable", E, "流程用时与承诺时限无法比较",
         "流程中工作日和自然日混用，无法证明不超期；请统一单位。"),
    Rule("PL516", "flow-visits", E, "流程中到现场次数超过承诺",
         "任一路径上申请人须到场的步骤数不得超过 service.visits。"),
    Rule("PL517", "flow-instant", E, "即办件的流程没有当场办结的路径",
         "即办件至少要有一条全部为“即办”的路径。"),
    Rule("PL518", "flow-missing", E, "事项缺少运行流程", "每个权力事项都必须公开运行流程图；请填写 flow。"),
]

RULES: dict[str, Rule] = {r.code: r for r in _TABLE}

