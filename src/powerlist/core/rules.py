"""The registry of check rules: stable codes, severity, Chinese help, and the
Chinese wording of every message a rule raises.

Codes never change meaning once published; the contributor guide is
generated from this table, so every rule the checker can raise is listed here.
Rule sites never write Chinese themselves: they call `say(code, variant,
**fields)` with the values a message echoes (shortened and escaped as
before), so the wording of every diagnostic lives in this one file.
"""

from __future__ import annotations

import enum
import functools
import string
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


_FORMATTER = string.Formatter()


@functools.cache
def template_fields(template: str) -> frozenset[str]:
    """The named fields of a message template; ValueError for anything but
    plain `{name}` or `{name:spec}` (no positions, attributes, indexes or
    conversions: a template only places values it is given)."""
    names = set()
    for _, name, spec, conversion in _FORMATTER.parse(template):
        if name is None:
            continue
        if not name.isidentifier() or conversion or (spec and "{" in spec):
            raise ValueError(f"message template field {{{name}}} is not a plain name: {template!r}")
        names.add(name)
    return frozenset(names)


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    title: str  # short Chinese title
    help: str  # how to fix, in Chinese
    # variant → str.format template with named fields: the Chinese message
    # itself ("" is the rule's plain message), or a named part of one
    messages: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)

    def __post_init__(self) -> None:
        for template in self.messages.values():
            template_fields(template)  # a malformed template fails at import
        object.__setattr__(self, "messages", MappingProxyType(dict(self.messages)))


def say(code: str, variant: str = "", /, **fields: Any) -> str:
    """The Chinese message `variant` of rule `code`, with `fields` filled in.

    An unknown code or variant, or fields that are missing or not in the
    template, are programming errors and raise: never half a message."""
    rule = RULES.get(code)
    if rule is None:
        raise KeyError(f"no rule {code}")
    template = rule.messages.get(variant)
    if template is None:
        raise KeyError(f"rule {code} has no message {variant!r}")
    wanted = template_fields(template)
    if wanted != fields.keys():
        missing, extra = sorted(wanted - fields.keys()), sorted(fields.keys() - wanted)
        raise TypeError(f"message {code} {variant!r}: missing fields {missing}, unexpected fields {extra}")
    return template.format(**fields)


E, W = Severity.ERROR, Severity.WARNING

_TABLE = [
    # --- files and YAML -------------------------------------------------
    Rule("PL101", "encoding", E, "文件不是 UTF-8 编码",
         "请用 UTF-8 编码保存文件（记事本：另存为 → 编码选 UTF-8）。", {
             "": "第 {line} 行有非 UTF-8 字节（{bytes}），文件可能是 GBK 编码；请另存为 UTF-8",
             "utf16": "文件是 UTF-16 编码；请另存为 UTF-8（无 BOM）",
         }),
    Rule("PL102", "bom", E, "文件开头有 BOM 标记",
         "请另存为“UTF-8（无 BOM）”；BOM 会让其他工具读错第一行。", {
             "": "文件开头有 BOM（EF BB BF），请另存为 UTF-8（无 BOM）",
         }),
    Rule("PL103", "file-too-large", E, "文件过大",
         "单个事项文件不应超过上限；请检查是否误粘贴了大段内容。", {
             "": "文件大小 {size:,} 字节，超过上限 {limit:,} 字节",
         }),
    Rule("PL104", "empty-file", E, "文件为空", "请填写事项内容，或删除该文件。", {
        "": "文件为空（只有空白或注释）",
    }),
    Rule("PL105", "yaml-syntax", E, "YAML 语法错误",
         "检查冒号、引号、缩进是否成对、对齐；含冒号或 # 的文字请加引号。", {
             "": "YAML 语法错误，无法解析此处；请检查引号、冒号、括号和缩进",
             "related": "{problem}（与第 {line} 行相关）",  # a problem below, with the line it began on
             # what libyaml found (yamlsource._PROBLEMS says which is which)
             "tab": "此处有制表符（Tab），YAML 只能用空格缩进",
             "colon": "此处不能出现“键: 值”；含冒号的文字请加引号，或检查缩进",
             "dash": "此处不能开始“- ”列表；列表项请另起一行并缩进，或给含“- ”的文字加引号",
             "question": "此处不能出现“? ”字段名；请检查缩进",
             "no-colon": "缺少冒号“:”，或上一行的引号没有闭合",
             "fullwidth-colon": "字段名 {key} 后面是全角冒号“：”，YAML 只认半角冒号；请改为“{key}: ”（半角冒号，后面加一个空格）",
             "no-key": "缩进没有对齐，或列表项“- ”与字段混在同一层",
             "list-indent": "列表项缩进没有对齐",
             "end": "文件意外结束：引号或括号没有闭合",
             "tag-handle": "使用了未定义的标签",
             "documents": "一个文件只能有一个文档，请删除多余的“---”",
             "after-end": "一个文件只能有一个文档，请删除“...”之后的内容",
             "doc-marker": "文字中出现了“---”或“...”；请给这段文字加引号",
             "stray-colon": "此处的冒号需要放在引号内",
             "bad-start": "此字符不能出现在值的开头（如 @ 或 `），请给整个值加引号",
             "no-content": "缺少内容，或列表、字段组的括号没有闭合",
             "bracket": "方括号列表没有闭合，或元素之间缺少逗号",
             "brace": "花括号字段组没有闭合，或字段之间缺少逗号",
             "escape": "双引号内的反斜杠转义无效；请改用单引号或写成 \\\\",
             "short-escape": "双引号内的 \\x、\\u 转义写得不完整；请改用单引号或写成 \\\\",
             "unicode-escape": "双引号内的 \\u 转义不是有效字符；请删除该转义",
             "no-name": "& 或 * 后面缺少名称；含 & 或 * 的文字请加引号",
             "no-space": "此处缺少空格或换行；含特殊符号的文字请加引号",
             "zero-indent": "多行文字“|”或“>”后的缩进数字不能为 0",
             "directive": "以 % 开头的指令不允许使用；含 % 的文字请加引号",
             "bad-tag": "标签写法不对；请删除标签，文本直接加引号",
             "too-deep": "列表或字段组嵌套过深；请检查括号是否成对",
             "control": "含有不可见的控制字符，请删除",
             "special": "含有不可见的特殊字符，请删除",
             "bytes": "文件含有无效的 UTF-8 字节；请另存为 UTF-8",
         }),
    Rule("PL106", "tab-indent", E, "用了制表符（Tab）缩进",
         "YAML 只能用空格缩进，请把 Tab 换成两个空格。", {
             "": "此行用制表符（Tab）缩进；YAML 只能用空格缩进",
         }),
    Rule("PL107", "duplicate-key", E, "同一字段写了两次",
         "同一层级的字段只能出现一次，否则前一个值会被悄悄丢弃；请合并或删除其一。", {
             "": "字段 {key} 重复，第 {line} 行已写过；YAML 会悄悄丢弃前一个值",
         }),
    Rule("PL108", "anchor-alias", E, "使用了锚点或别名（& / *）",
         "为便于审核，事项文件不允许锚点和别名；请直接写出内容。", {
             "alias": "使用了别名 *{name}；请直接写出内容",
             "anchor": "使用了锚点 &{name}；请删除",
         }),
    Rule("PL109", "custom-tag", E, "使用了 YAML 标签（! / !!）",
         "不允许使用标签；文本请直接加引号。", {
             "": "使用了标签 {tag}；请删除标签，文本直接加引号",
             "node": "使用了标签 {tag}；请删除标签",  # a tag on a node the event scan did not report
         }),
    Rule("PL110", "merge-key", E, "使用了合并键（<<）", "不允许合并键；请直接写出各字段。", {
        "": "使用了合并键 <<；请直接写出各字段",
    }),
    Rule("PL111", "bad-id", E, "文件名不是合法的事项标识",
         "文件名（去掉 .yaml）即事项标识，只能用小写英文字母、数字和连字符，如 jishu-hetong-dengji.yaml。", {
             "": "文件名“{name}”不能作为事项标识：只能用小写英文字母、数字和连字符，如 {example}.yaml",
             # powerlist new --id: the id names the file it writes in powers/
             "new": "--id“{name}”不能作为事项标识：标识即 powers/ 中的文件名，只能用小写英文字母、数字和连字符"
                    "（不能含有 /、.. 或空格），最长 {max} 个字符，如 {example}；没有写入任何文件",
         }),
    Rule("PL112", "too-deep", E, "列表或字段组嵌套过深",
         "事项文件的列表和字段组只嵌套几层；嵌套过深多是括号没有成对或缩进错乱，请检查。", {
             "": "列表或字段组嵌套过深（超过 {depth} 层）；请检查括号是否成对、缩进是否正确",
             "node": "列表或字段组嵌套超过 {depth} 层；请检查括号是否成对、缩进是否正确",
         }),
    Rule("PL113", "unreadable", E, "文件无法读取",
         "检查时文件无法打开或读取（没有读取权限，或在检查过程中被删除、移动）；请检查文件后重新运行。", {
             "": "文件无法读取：读取时出错；请检查文件后重新运行",
             "gone": "文件无法读取：文件在检查过程中被删除或移动；请检查文件后重新运行",
             "denied": "文件无法读取：没有读取权限；请检查文件后重新运行",
             "errno": "文件无法读取：读取时出错（系统错误码 {errno}）；请检查文件后重新运行",
             "folder": "文件夹无法读取：没有读取权限，或在检查过程中被删除；请检查后重新运行",
         }),
    Rule("PL114", "not-a-file", E, "不是普通文件",
         "事项、流程模板和站点配置必须是仓库中的普通文件；不允许符号链接（可能指向仓库以外的文件）、"
         "以 .yaml 结尾的目录、命名管道等。请删除链接，把内容复制进来，或改名。", {
             "link": "不是普通文件（是符号链接）；事项、模板和站点配置须是仓库中的普通文件，不能链接到别处；"
                     "请删除链接，把内容复制进来",
             "dir": "不是普通文件（是目录）；目录名不能以 .yaml 或 .yml 结尾；请改名",
             "fifo": "不是普通文件（是命名管道）；请删除它，或换成普通文件",
             "socket": "不是普通文件（是套接字）；请删除它，或换成普通文件",
             "device": "不是普通文件（是设备文件）；请删除它，或换成普通文件",
             "special": "不是普通文件（是特殊文件）；请删除它，或换成普通文件",
         }),
    Rule("PL115", "control-character", E, "含有不可见的控制字符",
         "垂直制表符、换页符、空字符等控制字符常随从 Word 等处粘贴的文字混入，或在双引号内写成 \\v、\\0 等转义；"
         "它们会使流程图和网页出错。请删除该字符或转义。", {
             "": "含有不可见的控制字符 {char}；多见于从 Word 等处粘贴的文字，请删除该字符",
             "escape": "含有不可见的控制字符 {char}，由双引号内的转义写成；请删除该转义",
             "cell": "单元格含有不可见的控制字符 {char}；多见于从 Word 等处粘贴的文字，请在表格中删除该字符后重新导入",
             "more": "{message}（另有 {lines} 行也含有控制字符，未一一列出）",  # the last one listed
             "char": "U+{code:04X}（{name}）",  # a control character that has a name
         }),
    Rule("PL116", "invisible-character", E, "含有不可见字符",
         "零宽空格、软连字符、文字方向控制符、标签字符、私用区字符等不显示，却使文字与看上去的不同：网页上与另一事项同名，"
         "搜索却找不到；方向控制符还会改变文字的显示顺序。它们多随从网页、Word 或聊天软件复制的文字混入。"
         "事项名称和简短字段（名称、科室、岗位、步骤名称、电话、文号等）不能含有任何不可见字符；"
         "较长的文字（条文原文、说明等）不能含有文字方向控制符和标签字符。"
         "中文需要的字符都可以用：中文标点、全角字符、间隔号（·）、全角空格。请删除该字符后重新输入。", {
             "": "含有不可见字符 {char}；它不显示，却使文字与看上去的不同（搜索不到，或与其他事项同名），请删除",
             "reorder": "含有不可见字符 {char}；它会改变文字的显示顺序，使看到的文字与实际的不同，请删除",
             # U+2028, U+2029 written as they are: a line break to YAML, none to an editor
             "separator": "含有不可见字符 {char}：编辑器不把它当作换行，YAML 却把它当作换行，文件会被读错；请删除，需要换行的请直接换行",
             "char": "U+{code:04X}（{name}）",
         }),
    # --- schema ----------------------------------------------------------
    Rule("PL201", "unknown-key", E, "未知字段",
         "字段名写错或放错了层级；按提示改为正确的字段名。", {
             "": "未知字段 {key}；此处可用的字段：{fields}",
             "near": "未知字段 {key}；是否要写 {near}？",
             "indent": "字段 {key} 缩进不对：它不是 {here} 的字段，而是 {there} 的字段；请与 {there} 的其他字段对齐（行首 {spaces} 个空格）",
             "top": "最外层",  # the {there} of a field of the file's top level
         }),
    Rule("PL202", "missing-field", E, "缺少必填字段", "请补上该字段。", {
        "": "缺少必填字段 {key}（{title}）",
        "null": "值为空，请填写内容",
        "empty": "不能为空",
        "empty-list": "列表不能为空；来源没有公布的请写 未载明",
        "empty-none": "列表不能为空；没有的写 无，来源没有载明的不写",
        "min-chars": "至少 {min} 个字",
    }),
    Rule("PL203", "wrong-type", E, "值的类型不对", "按提示改为文本、数字、列表或字段组。", {
        "": "应为{kinds}，实际写的是{value}",
        "unquoted": "应为{kinds}，实际写的是未加引号的 {written}（YAML 读成了{read_as} {value}）",
        "unquoted-same": "应为{kinds}，实际写的是未加引号的 {written}（YAML 读成了{read_as}）",  # read back as written
        "key": "字段名必须是简单的文字",
    }),
    Rule("PL204", "implicit-type", E, "未加引号的值被 YAML 误读",
         "yes/no/on/off、带前导零的编码、日期样式的文字等会被 YAML 读成布尔值、数字或日期；请加英文引号。", {
             "": "未加引号的 {written} 被 YAML 读成了{read_as} {value}；请加英文引号写成 \"{written}\"",
             "leading-zero": "未加引号的 {written} 被 YAML 读成了{read_as} {value}（前导零已丢失）；"
                             "请加英文引号写成 \"{written}\"",
             "too-long": "未加引号的 {written} 被 YAML 读成了整数，但位数太多；如果是编码等文字，请加英文引号；如果是数量，请核对",
             "invalid": "未加引号的 {written} 被 YAML 当作{read_as}，但不是有效的{read_as}；"
                        "如果是文字，请加英文引号写成 \"{written}\"",
             "key": "未加引号的字段名 {written} 被 YAML 读成了{read_as} {value}；字段名须是文字，请加英文引号写成 \"{written}\"",
             "key-unread": "未加引号的字段名 {written} 被 YAML 读成了{read_as}；字段名须是文字，请加英文引号写成 \"{written}\"",
         }),
    Rule("PL205", "invalid-value", E, "取值不合规", "按提示改为允许的取值。", {
        "": "取值不合规：{value}",
        "choice": "“{value}”不是允许的取值；可选：{choices}",
        "notice": "“{value}”格式不对：retired.notice 写 changes/ 中公告的文件名，不带文件夹和 .yaml，"
                  "如 2026-11-26-quxiao（即 changes/2026-11-26-quxiao.yaml）",
        "notice-near": "“{value}”格式不对：retired.notice 写 changes/ 中公告的文件名，不带文件夹和 .yaml，"
                       "如 2026-11-26-quxiao（即 changes/2026-11-26-quxiao.yaml）；最接近的现有公告是 {near}",
        "list-comma": "“{value}”中的{char}把两项连成了一项；列表各项之间用半角逗号“,”分隔，写成 [{fixed}]",
        "list-comma-block": "“{value}”中的{char}把两项连成了一项；每项单独写一行，以“- ”开头",
        "comma": "全角逗号“，”",  # the {char} of list-comma
        "enumeration": "顿号“、”",
        "min-items": "至少需要 {min} 项",
        "max-items": "最多 {max} 项",
        "max-chars": "太长：最多 {max} 个字，实际 {length} 个字",
        "min": "不能小于 {min}，实际是 {value}",
        "max": "不能大于 {max}，实际是 {value}",
        "pattern": "“{value}”格式不对：{hint}",
        "key-pattern": "字段名“{value}”格式不对：{hint}",
        # the {hint} of a pattern, by what the value is (validate._PATTERN_HINTS, _KEY_HINTS)
        "hint": "不符合规定格式",
        "hint-code": "编码只能包含英文字母、数字、点、下划线和连字符，且以字母或数字开头",
        "hint-other-code": "编码只能包含英文字母、数字、点、下划线和连字符",
        "hint-credit-code": "统一社会信用代码应为 18 位数字或大写字母",
        "hint-region-code": "区划代码应为 12 位数字",
        "hint-step-id": "步骤 id 只能用小写英文字母开头，含小写字母、数字、-、_",
        "hint-step-ref": "应填写某个步骤的 id",
        "hint-template": "模板名只能用小写英文字母、数字和连字符",
        "hint-email": "电子邮箱格式不对",
        "hint-abbr": "简码应为两个大写字母",
        "hint-param": "参数名只能用小写英文字母开头，含小写字母、数字和下划线",
        # pydantic's other error types, by their name (validate._OTHER)
        "recursion_loop": "结构嵌套过深：{value}",
        "int_parsing_size": "数字位数太多：{value}",
        "finite_number": "应为有限的数字：{value}",
        "multiple_of": "不是规定的倍数：{value}",
        "string_unicode": "文字中有无效的字符：{value}",
        "string_sub_type": "应为文字：{value}",
        "frozen": "不能修改：{value}",
        "dict_attributes_type": "应为字段组（键: 值）：{value}",
        "list_like": "应为列表（每项以“- ”开头）：{value}",
        "none_required": "此处应为空：{value}",
        "is_instance_of": "取值的类型不对：{value}",
        # the models' own validators
        "url": "网址只接受以 http:// 或 https:// 开头、不含空格和引号的地址",
        "next-and-exits": "next 和 exits 只能写一个",
        "use-or-steps": "use（引用模板）和 steps（直接写步骤）必须写且只写一个",
        "with-without-use": "with 和 override 只用于引用模板的流程",
        "month-day": "“{value}”不是日期；每年的日期写 月-日，如 08-13",
        "date": "“{value}”不是日期；写 年-月-日，如 \"2025-07-12\"（加引号）",
        "citation": "法律依据至少写法规名称（title）或文号（doc_number）之一",
        "by-or-to": "延长期限写 by（可延长多久）或 to（延长到多久），只写一个",
        "remedies": "救济途径至少写明行政复议（review）、行政诉讼（litigation）或说明（note）之一",
        "window-both": "申报期的开始（start）和截止（end）要一起写",
        "window-when": "申报期写明开始和截止日期，或写 by_notice: true（以当年通知为准）",
        "window-mixed": "申报期的开始和截止写法要相同：都写 月-日，或都写 年-月-日",
        "window-order": "申报期截止 {end} 早于开始 {start}",
    }),
    Rule("PL206", "unknown-power-type", E, "未知的权力类型",
         "权力类型须是站点配置 powers/_site.yaml 中列出的类型或其别名。", {
             "": "未知的权力类型“{value}”；可选：{types}",
             "near": "未知的权力类型“{value}”；是否要写 {near}？",
             "alias": "未知的权力类型“{value}”；是否要写 {near}（即 {type}）？",
         }),
    Rule("PL207", "bad-duration", E, "时限写法不对",
         "时限写作“即办”“当天”“N 个工作日”或“N 日”，必须写明是工作日还是自然日。", {
             "": "无法识别的时限“{value}”；应写成“即办”“当天”“N 个工作日”或“N 日”",
             "not-text": "时限应写成文字，如“即办”“当天”“10 个工作日”“30 日”",
             "negative": "时限不能为负数（{value}）",
             "no-unit": "时限“{value}”没有单位；请写明“{n} 个工作日”还是“{n} 日”（自然日）",
             "which-days": "“{value}”单位不明确；自然日请写“{n} 日”，工作日请写“{n} 个工作日”",
             "months": "“{value}”请换算成日，如“{days} 日”",
             "zero": "时限为 0 时请写“即办”",
             "unknown": "“未载明”只能用于流程步骤；承诺时限和法定时限须写明，没有法定时限的请不写",
         }),
    # --- across files ----------------------------------------------------
    Rule("PL301", "duplicate-id", E, "事项标识重复", "两个文件的标识相同；请改名其一。", {
        "": "标识 {id} 与 {other} 重复",
    }),
    Rule("PL302", "duplicate-code", E, "事项编码重复", "每个事项的编码必须唯一；请核对编码。", {
        "": "编码 {code} 与 {file}:{line} 重复",
    }),
    Rule("PL303", "unknown-parent", E, "上级事项不存在",
         "parent 须填写本清单中另一个事项的标识（文件名）。", {
             "": "上级事项 {parent} 不存在",
             "near": "上级事项 {parent} 不存在；是否要写 {near}？",
             "self": "上级事项不能是自己",
         }),
    Rule("PL304", "unknown-flow", E, "流程模板不存在",
         "flow.use 须是 flows/ 目录中某个模板的文件名（不含 .yaml）。", {
             "": "流程模板 {use} 不存在；可用的模板：{templates}",
             "near": "流程模板 {use} 不存在；是否要写 {near}？",
         }),
    Rule("PL305", "unknown-unit", E, "承办机构不在站点配置中",
         "承办机构须是 powers/_site.yaml 中 units 列出的科室；新设科室请先加到站点配置。", {
             "": "承办机构“{unit}”不在站点配置的内设科室中；可选：{units}",
             "near": "承办机构“{unit}”不在站点配置的内设科室中；是否要写 {near}？",
             # a list of several bodies: each item's units are its body's (see bodies.py)
             "body": "承办机构“{unit}”不在{body}的内设科室中（{file}）；可选：{units}",
             "body-near": "承办机构“{unit}”不在{body}的内设科室中（{file}）；是否要写 {near}？",
             "other-body": "承办机构“{unit}”是{other}的内设科室，不是本事项所属的{body}的（{file}）；"
                           "请改为{body}的科室，或把事项文件移到所属部门的文件夹",
         }),
    Rule("PL306", "site-config", E, "站点配置有误", "请按提示修改 powers/_site.yaml。", {
        "": "缺少站点配置文件；请创建并写明本机关、监督电话和内设科室",
    }),
    Rule("PL308", "site-file", E, "站点配置引用的文件不存在或不能发布",
         "站点配置中的图片（如 footer.gov_mark_image 党政机关网站标识）写 docs/ 中的路径，如 assets/dangzheng.png；"
         "文件须是仓库中的普通文件（不能是符号链接，路径中的文件夹也不能是链接），内容须是 PNG、JPEG 或 GIF 图片"
         "（按文件开头的特征字节判断），不超过附件大小上限。SVG 可以含有脚本，不能使用；请另存为 PNG。", {
             "missing": "文件 {file} 不存在；请把图片放到 {file}，或改正路径",
             "link": "{file} 是符号链接（或路径中有链接的文件夹）；站点配置引用的文件须是仓库中的普通文件，请删除链接，把文件本身放进来",
             "not-file": "{file} 不是普通文件（是文件夹、命名管道或设备文件）",
             "content": "文件 {file} 的内容不是{kind}（扩展名为 {ext}）；请另存为{kind}后重新放入",
             "svg": "{file} 是 SVG 文件：SVG 可以含有脚本，不能发布；请另存为 PNG 图片",
             "empty": "文件 {file} 是空文件",
             "too-large": "文件 {file} 大小 {size}，超过上限 {limit}",
             "unreadable": "文件 {file} 无法读取；请检查文件后重新运行",
         }),
    Rule("PL312", "search-terms", E, "站点的查找用词写得不对",
         "powers/_site.yaml 的 search 写站点自己的查找用词：synonyms 每组是可以互相代替的几个中文词（至少两个不同的词），"
         "如 [补贴, 补助]；english 是英文词或短语对应的中文词，如 contract: [合同]。词中只有汉字、字母和数字算数，标点和空格不算。", {
             "empty": "同义词“{word}”去掉标点和空格后什么也不剩，查找时用不上；请写汉字、字母或数字",
             "one": "这一组同义词去掉重复后只剩“{word}”一个词，起不到作用；请至少写两个不同的词",
             "english-key": "英文词“{word}”须只含英文字母、数字、空格和连字符",
             "english-value": "英文词“{key}”对应的“{word}”去掉标点和空格后什么也不剩；请写清单中的中文词",
         }),
    Rule("PL309", "renamed-from", E, "曾用标识（renamed_from）写得不对",
         "事项文件改名后，在 renamed_from 中写改名前的标识（旧文件名，不含 .yaml），旧网址会转到新页面；"
         "曾用标识永久保留，不能是现有事项文件的标识，一个旧标识只能由一个事项写明。", {
             "current": "曾用标识 {old} 是现有事项文件 {file} 的标识；renamed_from 只写改名前、已不再使用的标识",
             "self": "曾用标识 {old} 就是本事项自己的标识；renamed_from 只写改名前的标识",
             "claimed": "曾用标识 {old} 已由 {file} 写明；一个旧标识只能转到一个事项",
         }),
    Rule("PL310", "duplicate-name", E, "事项名称与另一个现行事项相同",
         "现行清单中每个事项的名称须不同，否则公众无法区分；同一事项请只保留一个文件，"
         "不同的事项请在名称中写明区别（如对象、范围）。取消或合并的事项不算。", {
             "": "事项名称“{name}”与 {file}:{line} 相同；请核对是否重复新增了同一事项",
         }),
    Rule("PL320", "body-config", E, "部门配置有误",
         "一个部门一个文件夹：powers/<部门标识>/_body.yaml 写明部门名称、性质、科室和监督方式；"
         "部门标识只能是小写英文字母、数字和连字符。", {
             "id": "文件夹名“{folder}”不能作部门标识；请改为小写英文字母、数字和连字符，如 shi-scjgj（files 另有用途）",
             "same-name": "部门名称“{name}”与 {other} 中的重复；每个部门只能有一个文件夹",
             "nested": "部门配置只能放在 powers/<部门标识>/ 中，这里的不起作用；请移到部门文件夹或删除",
         }),
    Rule("PL321", "subject-is-other-body", E, "实施主体是清单中的另一个部门",
         "事项属于它所在文件夹的部门；实施主体是另一个部门的，请把文件移到那个部门的文件夹，并删去 subject。", {
             "": "实施主体“{name}”是本清单中的另一个部门；请把事项文件移到 {folder}，并删去 subject",
         }),
    Rule("PL307", "parent-cycle", E, "上级事项形成循环",
         "子项的 parent 沿上级一路查找，最终又回到了自己；请核对这些事项中哪个才是主项，删去主项的 parent。", {
             "": "上级事项形成循环：{cycle}；主项不应再写 parent",
         }),
    # --- attached files: powers/files/<item id>/ (see attachments.py) -----
    Rule("PL350", "attachment-name", E, "附件的文件名不合规",
         "空白表格、示例样表和结果样本写网址（http:// 或 https://），或写 powers/files/<事项标识>/ 中的文件名："
         "只写文件名，不带路径；可上传 PDF、OFD、Word（.doc .docx）、Excel（.xls .xlsx）、JPG、PNG。", {
             "path": "“{value}”不是文件名：只写文件名，文件放在 {folder} 中；不能含有路径（/ 或 \\）",
             "dots": "“{value}”不是文件名：文件名不能以“.”开头；文件放在 {folder} 中",
             "chars": "文件名“{value}”含有不允许的字符 {char}；文件名不能含有 \\ / : * ? \" < > |",
             "invisible": "文件名“{value}”含有不可见的字符 {char}；请删除该字符",
             "long": "文件名太长：最多 {max} 个字，实际 {length} 个字",
             "type": "文件“{value}”的类型不能发布；可上传：{types}",
         }),
    Rule("PL351", "attachment-missing", E, "引用的附件不存在",
         "把文件放进 powers/files/<事项标识>/ 文件夹（文件夹名即事项文件名，不含 .yaml），文件名与事项中写的完全相同；"
         "或改正事项中的文件名。", {
             "": "文件 {file} 不存在；请把文件放进 {folder}，或改正文件名",
             "near": "文件 {file} 不存在；是否要写 {near}？",
         }),
    Rule("PL352", "attachment-not-a-file", E, "附件不是普通文件",
         "powers/files/ 中只能有事项标识命名的文件夹，文件夹中只能有普通文件；不允许符号链接（可能指向仓库以外的文件）、"
         "再下一级的文件夹、命名管道等。请删除链接，把文件本身放进来。", {
             "link": "{file} 是符号链接；附件须是普通文件，不能链接到别处；请删除链接，把文件本身放进来",
             "dir": "{file} 是文件夹；附件直接放在 powers/files/<事项标识>/ 中，不能再分文件夹",
             "not-dir": "{file} 不是文件夹；附件放在 powers/files/<事项标识>/ 文件夹中",
             "special": "{file} 不是普通文件（是命名管道、套接字或设备文件）；请删除它",
             "loose": "{file} 直接放在了 powers/files/ 中；附件放在 powers/files/<事项标识>/ 文件夹中",
         }),
    Rule("PL353", "attachment-too-large", E, "附件过大",
         "单个附件不能超过站点配置的上限（powers/_site.yaml 的 max_attachment_bytes，默认 10 MB）；"
         "请压缩图片、降低扫描分辨率，或只放样表的必要页。", {
             "": "文件 {file} 大小 {size}，超过上限 {limit}",
         }),
    Rule("PL354", "attachment-content", E, "附件的内容与扩展名不符",
         "文件的实际内容要与扩展名一致（按文件开头的特征字节判断，不只看扩展名）；请用相应软件另存为所写的格式。"
         "含有宏的 Word、Excel 文件不能发布。", {
             "": "文件 {file} 的内容不是{kind}（扩展名为 {ext}）；请另存为{kind}后重新上传",
             "empty": "文件 {file} 是空文件",
             "macro": "文件 {file} 含有宏（VBA），不能发布；请另存为不含宏的{kind}",
             "active": "文件 {file} 含有 ActiveX 控件或嵌入的 OLE 对象（打开时可能运行其中的程序），不能发布；"
                       "请删除这些控件或对象后另存为{kind}",
             "inflating": "文件 {file} 解压后超过 {limit}，不是正常的{kind}，不能发布；请用相应软件打开后另存",
             "unreadable": "文件 {file} 无法读取；请检查文件后重新运行",
         }),
    Rule("PL355", "attachment-unused", W, "附件没有被任何字段引用",
         "powers/files/<事项标识>/ 中的文件只有被事项的空白表格（blank_form）、示例样表（sample）或结果样本"
         "（result.sample）引用才会发布；请引用它，或删除它。", {
             "": "此文件没有被事项 {item} 引用，不会发布；请在 {item}.yaml 中引用它，或删除它",
         }),
    Rule("PL356", "attachment-folder", E, "附件文件夹不对应任何事项",
         "powers/files/ 中的文件夹名须是某个事项的标识（事项文件名，不含 .yaml）。", {
             "": "文件夹 {folder} 不对应任何事项：没有事项文件 {item}.yaml",
             "near": "文件夹 {folder} 不对应任何事项；是否要写 {near}？",
         }),
    # --- domain rules (办事指南 quality) --------------------------------
    Rule("PL401", "promised-over-statutory", E, "承诺时限超过法定时限",
         "承诺办结时限不得长于法定办结时限。", {
             "": "承诺时限 {promised} 超过了法定时限 {statutory}",
             "kept": "承诺时限 {promised} 未超过法定时限 {statutory}",  # for walk
         }),
    Rule("PL402", "limits-incomparable", W, "承诺时限与法定时限单位不同，无法比较",
         "一个按工作日、一个按自然日计算时无法核验是否超期；请统一单位。", {
             "": "承诺时限 {promised} 与法定时限 {statutory} 单位不同，无法核验是否超期；请统一按工作日或自然日写",
             "walk": "承诺时限 {promised} 单位不同，无法核验是否超过法定时限 {statutory}",
         }),
    Rule("PL403", "instant-mismatch", E, "即办件与承诺时限不一致",
         "承诺时限为“即办”的事项办件类型应为即办件，反之亦然。", {
             "instant": "承诺时限为 {promised}，办件类型应为即办件",
             "promised": "承诺时限为 {promised}，办件类型应为承诺件",
         }),
    Rule("PL404", "visit-reason-missing", E, "缺少必须到现场的原因",
         "到办事现场次数不为 0 时，须在 visits_reason 中说明必须到现场办理的原因。", {
             "": "到现场 {visits} 次，须在 visits_reason 中说明必须到现场办理的原因",
         }),
    Rule("PL405", "no-remote-channel", E, "零跑腿事项缺少网办或邮寄渠道",
         "到现场 0 次的事项，须支持网上办理或快递/邮寄申请。", {
             "": "到现场 0 次，但既不能网上办理也不能邮寄申请",
         }),
    Rule("PL406", "full-online-visits", E, "全程网办却要求到现场",
         "网上办理深度为 4（全程网办）时，到办事现场次数应为 0。", {
             "": "网上办理深度为 4（全程网办），到现场次数应为 0，实际为 {visits}",
         }),
    Rule("PL407", "fee-basis-missing", E, "收费缺少标准或依据",
         "收费的事项须写明每项收费的标准和依据；不收费请写 charged: false。", {
             "": "收费事项须在 fee.items 中写明收费项目、标准和依据",
         }),
    Rule("PL408", "same-phone", E, "咨询电话与投诉电话相同",
         "投诉电话应由监督部门受理，不能与咨询电话相同。", {
             "": "咨询电话与投诉电话都是 {phone}；投诉应由监督部门受理",
         }),
    Rule("PL409", "phone-format", E, "电话号码格式不对",
         "固定电话须带区号，如 0373-1234567；手机号为 11 位；政务服务热线可写 12345、0391-12345 或“12345 政务服务便民热线”；"
         "一个字段只写一个号码。", {
             "": "“{phone}”不是有效的电话号码；固定电话写成 0373-1234567，手机写 11 位，热线写 12345 或 0391-12345",
             "several": "“{phone}”像是写了多个号码；一个字段只写一个号码",
             "no-area": "固定电话“{phone}”缺少区号，应写成如 0373-{phone}",
             "no-hyphen": "“{phone}”请在区号后加连字符，如 {area}-{number}",
         }),
    Rule("PL410", "result-sample-missing", W, "办理结果缺少样本",
         "写了审批结果名称的，应提供结果样本（result.sample）。", {
             "": "办理结果“{result}”缺少结果样本（result.sample）",
         }),
    Rule("PL411", "licensing-stages", W, "行政许可缺少必要的责任环节",
         "行政许可事项的责任事项至少应包括受理、审查、决定、送达。", {
             "": "行政许可的责任事项缺少：{stages}",
         }),
    Rule("PL413", "extension", E, "延长期限写得不完整或无法计算",
         "法定时限可以延长的，同时写明法定时限；延长的单位与法定时限、承诺时限相同，才能算出延长后的时限。", {
             "no-statutory": "写了延长期限，但没有法定办结时限（statutory）",
             "unit-statutory": "延长期限 {extension} 与法定时限 {limit} 的单位不同；请统一按工作日或自然日写",
             "unit-promised": "延长期限 {extension} 与承诺时限 {limit} 的单位不同；请统一按工作日或自然日写",
             "not-longer": "延长至 {to} 不长于法定时限 {statutory}",
             "instant": "承诺时限为 {promised}，不能延长；延长的事项请写明承诺的天数",
         }),
    Rule("PL414", "guide-and-commitment", E, "承诺写了两处",
         "有办事指南的事项，承诺时限和到现场次数写在 service 中；没有办事指南的才写 commitment。", {
             "": "service（办事指南）和 commitment（承诺）只能写一个；请把承诺移到 service 中，删去 commitment",
         }),
    Rule("PL415", "delegation", E, "权力来源、实施主体性质和委托信息不一致",
         "委托行使的事项（上级委托、同级委托），实施主体性质是受委托组织，并写明委托机关和委托文件（delegation）；"
         "法定本级行使的事项不写 delegation。", {
             "entrusted-nature": "权力来源为{source}，实施主体性质应为受委托组织，实际是{nature}",
             "nature-source": "实施主体性质为受委托组织，权力来源应为上级委托或同级委托，实际是{source}",
             "own-power": "权力来源为法定本级行使，不应写委托或下放信息（delegation）",
             "dates": "委托终止日期 {end} 早于起始日期 {start}",
         }),
    Rule("PL416", "delegation-missing", W, "委托或下放的事项没有写明委托机关和文件",
         "上级委托、同级委托、上级下放的事项，在 delegation 中写明委托（下放）机关、文件文号，以及范围和期限。", {
             "": "权力来源为{source}，请在 delegation 中写明委托（下放）机关和文件文号",
         }),
    Rule("PL417", "paper-copies", W, "纸质材料没有写份数",
         "纸质材料写明要交几份（copies），否则网页上份数显示为“—”，申请人不知道要准备几份。", {
             "": "材料“{material}”的形式是{form}，但没有写份数；请加上 copies（如 copies: 1）",
         }),
    Rule("PL311", "similar-name", W, "新增事项的名称与现有事项很接近",
         "名称很接近的两个事项可能是同一事项重复新增，或名称写法不统一；审核人请核对：确是不同事项的，在名称中写明区别。", {
             "": "新增事项“{name}”与现有事项“{other}”（{file}）名称很接近；请核对是否重复新增了同一事项",
         }),
    Rule("PL420", "placeholder", E, "还有待填写的内容",
         "把“【待填写：…】”换成实际内容（“如”后面是示例）；用不到的可选字段可以删去。", {
             "": "还没有填写：{text}",
         }),
    Rule("PL412", "visits-over-promise", E, "到现场次数超出站点承诺",
         "站点承诺“最多跑一次”时，到办事现场次数不得超过 1。", {
             "": "本机关承诺“{promise}”，但该事项到现场 {visits} 次",
         }),
]

_TABLE += [
    # --- process flows ---------------------------------------------------
    Rule("PL501", "flow-start", E, "流程的开始步骤不是恰好一个",
         "每个流程必须有且只有一个 kind: start 的步骤。", {
             "": "流程没有开始步骤（kind: start）",
             "many": "流程有多个开始步骤：{first}、{step}；只能有一个",
         }),
    Rule("PL502", "flow-no-end", E, "流程没有结束步骤", "至少要有一个 kind: end 的步骤。", {
        "": "流程没有结束步骤（kind: end）",
    }),
    Rule("PL503", "flow-dangling", E, "连线指向不存在的步骤", "next 或 exits.to 须填写本流程中某个步骤的 id。", {
        "": "步骤 {step} 指向的 {target} 不存在",
    }),
    Rule("PL504", "flow-duplicate-step", E, "步骤 id 重复", "同一流程中每个步骤的 id 必须不同。", {
        "": "步骤 id {step} 重复",
    }),
    Rule("PL505", "flow-unreachable", E, "从开始无法到达该步骤", "检查前面步骤的 next / exits 是否漏连了这一步。", {
        "": "步骤“{label}”（{step}）从开始无法到达",
    }),
    Rule("PL506", "flow-dead-end", E, "该步骤走不到结束", "每个步骤都必须能一路走到某个结束步骤。", {
        "": "步骤“{label}”（{step}）之后走不到任何结束步骤",
    }),
    Rule("PL507", "flow-decision-exits", E, "判断步骤的出口不对",
         "判断步骤至少要有两个出口，每个出口都要写条件（label），且条件互不相同。", {
             "few": "判断步骤“{label}”至少要有两个出口，现有 {count} 个",
             "unlabelled": "判断步骤“{label}”的每个出口都要写条件（label）",
             "same": "判断步骤“{label}”有相同的出口条件",
         }),
    Rule("PL508", "flow-exit-count", E, "步骤的出口数量不对",
         "开始和办理步骤恰好一个出口（next）；结束步骤没有出口；多个去向请改用判断步骤。", {
             "": "办理步骤“{label}”应恰好有一个出口，现有 {count} 个；多个去向请改用判断步骤",
             "start": "开始步骤“{label}”应恰好有一个出口，现有 {count} 个；多个去向请改用判断步骤",
             "end": "结束步骤“{label}”不能再有出口",
         }),
    Rule("PL509", "flow-cycle", E, "流程中有未声明的回路",
         "补正、退回修改等回到前面步骤的连线须写在 exits 中并标明 loop: true。", {
             "": "回路 {cycle} 未声明；如是补正或退回修改，请在 exits 中写 loop: true",
         }),
    Rule("PL510", "flow-unknown-lane", E, "岗位不在站点配置中",
         "步骤的 lane 须是 powers/_site.yaml 中 lanes 列出的岗位。", {
             "": "岗位“{lane}”不在站点配置的 lanes 中；可选：{lanes}",
             "near": "岗位“{lane}”不在站点配置的 lanes 中；是否要写 {near}？",
             "body": "岗位“{lane}”不在{body}的 lanes 中（{file}）；可选：{lanes}",
             "body-near": "岗位“{lane}”不在{body}的 lanes 中（{file}）；是否要写 {near}？",
         }),
    Rule("PL511", "flow-stage-missing", W, "责任环节没有体现在流程中",
         "事项的每个责任环节（事后监管、其他除外）都应有流程步骤用 stage 标明。", {
             "": "责任环节“{stage}”在流程中没有对应步骤；请在相应步骤写 stage: {stage}",
         }),
    Rule("PL512", "flow-template-param", E, "模板参数缺失或多余",
         "按模板 params 中的说明在 flow.with 中填写参数；删除模板没有的参数。", {
             "undefined": "模板中用了参数 {{{param}}}，但 params 中没有定义",
             "unknown": "模板 {template} 没有参数 {param}；可用的参数：{params}",
             "missing": "模板 {template} 缺少参数：{params}；请写在 flow.with 中",
             "param": "{param}（{description}）",  # one of the {params} missing
         }),
    Rule("PL513", "flow-unknown-override", E, "要调整的步骤在模板中不存在",
         "flow.override 的键须是模板中某个步骤的 id。", {
             "": "模板 {template} 中没有步骤 {step}；可调整的步骤：{steps}",
         }),
    Rule("PL514", "flow-over-limit", E, "流程最长用时超过承诺时限",
         "各步骤时限之和（不计入时限的步骤除外）在最坏情况下不得超过承诺办结时限。", {
             "": "最长用时 {span}，超过承诺时限 {promised}：{route}",
             "kept": "最长用时 {span}，未超过承诺时限 {promised}",  # for walk
             "extended": "经批准延长的路径最长用时 {span}，超过延长后的承诺时限 {promised}：{route}",
             "extended-kept": "经批准延长的路径最长用时 {span}，未超过延长后的承诺时限 {promised}",  # for walk
         }),
    Rule("PL515", "flow-limit-incomparable", E, "流程用时与承诺时限无法比较",
         "流程中工作日和自然日混用，无法证明不超期；请统一单位。", {
             "": "用时 {span} 混用工作日和自然日，无法核验是否超过承诺时限 {promised}：{route}",
         }),
    Rule("PL516", "flow-visits", E, "流程中到现场次数超过承诺",
         "任一路径上申请人须到场的步骤数不得超过 service.visits。", {
             "": "申请人最多要到现场 {visits} 次（{trips}），超过承诺的 {promised} 次",
             # for walk: the promise kept, by its name (零跑腿, 最多跑一次) or its number
             "kept": "申请人最多到现场 {visits} 次（{trips}），符合承诺“{promise}”",
             "kept-count": "申请人最多到现场 {visits} 次（{trips}），符合承诺“最多 {promised} 次”",
         }),
    Rule("PL517", "flow-instant", E, "即办件的流程没有当场办结的路径",
         "即办件至少要有一条全部为“即办”的路径。", {
             "": "办件类型为即办件，但流程中没有一条全部即办的路径",
             "kept": "有当场办结的路径",  # for walk
         }),
    Rule("PL520", "flow-time-unknown", W, "流程中有时限未载明的步骤，无法核验承诺时限",
         "把这些步骤的时限写明（“即办”“当天”“N 个工作日”或“N 日”）；写明前，网页上的承诺时限标为“无法核验”。", {
             "": "步骤{steps}的时限未载明，无法核验承诺时限 {promised}：{route}",
         }),
    Rule("PL521", "flow-extension-undeclared", E, "流程中有延长期限的步骤，但时限不可延长",
         "标为 extension: true 的步骤只在经批准延长期限后才走；请在 time_limit.extension 中写明可延长多久、由谁批准、依据。", {
             "": "步骤“{step}”标为延长期限后的步骤，但办结时限没有写明可以延长（time_limit.extension）",
         }),
    Rule("PL522", "flow-too-large-to-draw", W, "流程过大，不画流程图",
         "流程图和 BPMN 文件的图形由程序自动排版，排版的耗时随步骤和连线的增多急剧增长（1,000 个步骤约 4 秒，"
         "6,000 个步骤超过 1 分钟）。超过 200 个步骤或 400 条连线的流程不画流程图：网页以步骤列表显示并注明原因，"
         "BPMN 文件照常导出全部步骤和连线，图形按步骤先后简单排布。请检查流程是否应拆分为几个事项，或合并重复的步骤。", {
             "": "流程有 {steps} 个步骤、{exits} 条连线，超过流程图的上限（{max_steps} 个步骤、{max_exits} 条连线）；"
                 "网页以步骤列表代替流程图，BPMN 图形按步骤先后简单排布",
         }),
    Rule("PL523", "flow-calendar", E, "申报期、步骤截止日期与办理时限相互矛盾",
         "按申报期截止当天提交的申报计算，流程允许的用时走到这一步时已过了它的截止日期：三者不能同时为真。"
         "请按来源核对申报期（window）、该步骤的截止日期（deadline）和各步骤时限；来源没有写明截止日期的，删去 deadline。", {
             "": "步骤“{step}”须在 {deadline}前完成（本行 deadline），但申报期 {end}才截止（{file} 第 {end_line} 行 window.end）："
                 "截止当天提交的申报，按流程到这一步还要用时 {span}，最早 {earliest}才能完成{promise}",
             "promise": "；承诺办结时限为 {promised}（{file} 第 {line} 行 {key}）",
             "walk": "步骤“{step}”须在 {deadline} 前完成，但申报期 {end} 截止后按流程还要用时 {span}，最早 {earliest} 才能完成",
             "date": "{month}月{day}日",
             "date-yearly": "每年 {month}月{day}日",
             "date-full": "{year}年{month}月{day}日",
         }),
    Rule("PL530", "flow-mail", W, "流程说可以邮寄，办理形式却不支持邮寄",
         "流程步骤与办事指南要一致：步骤中说可邮寄（快递）的，办理形式写 mail: true；不支持的，从步骤中删去。", {
             "": "步骤“{step}”说可以邮寄或快递，但办理形式没有快递/邮寄申请（channels.mail 为 false）",
         }),
    Rule("PL531", "flow-online", W, "流程说可以网上办理，办理形式却没有网上办理",
         "步骤中说网上提交、网上办理的，办理形式写明网上办理地址（channels.online）；不支持的，从步骤中删去。", {
             "": "步骤“{step}”说可以网上办理，但办理形式没有网上办理（channels.online）",
         }),
    Rule("PL532", "conditional-required", W, "有条件的材料标为必要",
         "只在某种情形下才需要的材料，标为“必要”会让每个申请人都以为要交；确认它是否对所有申请人都必要。", {
             "": "材料“{material}”只在“{condition}”时需要，却标为必要；只是部分申请人需要的，写 necessity: 非必要",
         }),
    Rule("PL533", "flow-delivery", W, "流程中的送达方式与结果领取方式不一致",
         "送达步骤说邮寄送达的，结果领取方式（result.delivery）也要有邮寄；反之亦然。", {
             "flow-mail": "步骤“{step}”说邮寄送达，但结果领取方式（{delivery}）没有邮寄",
             "result-mail": "结果领取方式写了邮寄，但送达步骤都没有说可以邮寄",
         }),
    Rule("PL535", "template-contradicts-item", E, "通用流程的文字与本事项自己的内容矛盾",
         "通用流程（模板）里的文字是模板的默认说法，不是本事项的说法；与本事项的到现场次数、办理形式或结果领取方式矛盾时，"
         "在本事项的 flow.override 中按本事项的实际改写该步骤的文字，或在模板中把它改成参数。", {
             "": "通用流程“{template}”（{file} 第 {line} 行）中步骤“{step}”的{field}“{text}”与本事项矛盾：{facts}；"
                 "请在 flow.override.{sid}.{fld} 中按本事项的实际改写",
             "fact": "{value}（第 {line} 行 {key}）",
             "visits-0": "到现场次数 0",
             "delivery": "结果领取方式 {delivery}",
             "no-window": "不设窗口办理",
             "no-mail": "办理形式没有快递/邮寄申请",
             "no-online": "办理形式没有网上办理",
             "label": "步骤名称",
             "note": "说明",
         }),
    Rule("PL534", "flow-lane-unit", W, "承办机构没有出现在流程中",
         "流程中由本机关科室办理的步骤，至少有一步应由本事项的承办机构办理；请核对承办机构或流程岗位。", {
             "": "承办机构（{units}）在流程中没有办理任何步骤，流程中办理的科室是 {lanes}",
         }),
    Rule("PL537", "special-step", E, "特殊环节与流程不符",
         "办事指南的特殊环节（special_steps）写明流程步骤（step）的，该步骤须在本事项的流程中，时限与步骤的时限相同；"
         "该步骤核验承诺时限时不计入办结时限。", {
             "missing": "特殊环节“{name}”对应的流程步骤 {step} 不在本事项的流程中；流程中的步骤有 {steps}",
             "time": "特殊环节“{name}”的时限是 {time}，流程步骤“{step}”的时限却是 {step_time}",
         }),
    Rule("PL538", "tolerance", E, "容缺受理的说法自相矛盾",
         "办事指南写不实行容缺受理（tolerance.applies: false），申请材料就不能有“容缺后补”；实行的，写 applies: true 并说明。", {
             "": "办事指南写不实行容缺受理，材料“{material}”却标为容缺后补",
         }),
    Rule("PL518", "flow-missing", W, "事项的运行流程尚未公布",
         "每个权力事项都应公开运行流程图；请在 flow 中引用模板或写出步骤。清单完整后，可在 _site.yaml 的 require 中写 flow，"
         "缺少流程即为错误。", {
             "": "事项还没有运行流程（网页显示“流程图尚未公布”）；请在 flow 中引用模板或写出步骤",
         }),
    Rule("PL421", "not-stated", W, "必填内容未载明或缺少",
         "来源清单没有公布的内容写“未载明”（如 units: 未载明），页面照实显示“未载明”；补上实际内容后删去。"
         "清单完整后，可在 _site.yaml 的 require 中列出这些字段（或写 all），未载明或缺少即为错误。", {
             "": "{title}未载明（来源没有公布）",
             "unfilled": "缺少{title}（{key}）；来源没有公布的请写 {key}: 未载明",
             # what each content is called
             "units": "承办机构", "levels": "行使层级", "basis": "设定和实施依据", "responsibilities": "责任事项",
             "accountability.cases": "追责情形",
         }),
    Rule("PL422", "long-name", W, "事项名称很长",
         "名称照清单原文保存，不截断；很长的名称在列表和流程图中不易阅读，可核对原文是否把依据或说明写进了名称。", {
             "": "事项名称有 {length} 个字，超过 {limit} 个字；照原文保存",
         }),
]

_TABLE += [
    # --- import (powerlist import) ----------------------------------------
    Rule("PL601", "import-unreadable", E, "无法读取要导入的文件",
         "导入支持 .xlsx .xls .ods（电子表格）、.csv（UTF-8 或 GBK/GB18030）、.json 和 .jsonl；请检查文件。", {
             "": "无法读取文件：{reason}",
             "sheet-only": "--sheet 只适用于电子表格（{suffixes}）",
             "suffix": "不支持的文件类型“{suffix}”；可导入：{suffixes}",
             "no-sheet": "工作簿中没有工作表",
             "sheet": "没有名为“{sheet}”的工作表；有：{names}",
             "sheet-error": "无法读取电子表格：{reason}",
             "too-large": "{where}过大：超过 {max} 个单元格（设置了格式的空白单元格也算在内）",
             "area": "{where}范围过大：有内容的单元格跨越 {rows} 行 × {cols} 列，超过 {max} 个单元格；"
                     "请删除远处的内容或格式后另存",
             "input-large": "文件大小 {size}，超过导入上限 {limit}；请把清单拆成几个文件分别导入",
             "not-regular": "不是普通文件（是{what}）；请导入电子表格、CSV 或 JSON 文件本身",
             "unzipped": "解压后超过 {limit}（在 {part} 处），不是正常的表格文件；请用表格软件打开后另存",
             "zip-parts": "压缩包中的文件超过 {max} 个，不是正常的表格文件",
             "xml-tag": "文件结构异常：{part} 中有超过 {max} KB 的 XML 标签，不是表格软件保存的文件",
             "memory": "读取时超出内存上限（{limit}），表格内容过多或文件已损坏；请用表格软件打开后另存",
             "timeout": "读取超过 {seconds} 秒仍未完成，表格内容过多或文件已损坏；请用表格软件打开后另存",
             "strings": "工作簿中的不同文字超过 {max} 条（共享字符串表），不是正常的清单；请用表格软件打开后另存",
             "sheets": "工作簿中的工作表超过 {max} 个，不是正常的清单；请用表格软件打开后另存",
             "merged-many": "{where}中的合并单元格超过 {max} 处；请取消不必要的合并后另存",
             "merged-overlap": "合并单元格 {first} 与 {second} 重叠（在 {cell}），表格软件不会这样保存，"
                               "文件已损坏；请取消这两处合并后重新合并，另存后再导入",
             "encoding": "文件既不是 UTF-8 也不是 GB18030/GBK 编码；请在表格软件中另存为“CSV UTF-8”",
             "nul": "文件含有空字符，不是 CSV 文本；电子表格请直接导入 .xlsx",
             "csv": "第 {line} 行 CSV 格式错误：{reason}",
             "json-shape": "JSON 应为对象的列表（[{{…}}, {{…}}]），或每行一个对象的 JSONL",
             "json-body": "事项所属的部门 {body} 不在本清单中：请先建立 powers/{body}/_body.yaml（导出文件的 bodies 中有它的名称和性质），再导入",
             "json": "第 {line} 行 JSON 格式错误：{reason}",
             "json-deep": "JSON 格式错误：列表或对象嵌套过深",
             "json-large": "JSON 中的值过多（超过 {max} 个），不像是一份清单；请检查文件",
             "json-number": "JSON 格式错误：数字过长（超过 4300 位）",
             "json-row": "第 {line} 行不是对象（{{…}}）",
             "json-duplicate": "同一对象中键“{key}”出现了两次，无法确定取哪个值",
             "surrogate": "第 {line} 条记录含有无效的 Unicode 字符（孤立的代理项，如 \\ud800）",
             "not-file": "{file} 不是普通文件（是目录、链接或设备），不能写入",
             "not-folder": "{file} 不是目录（是文件、链接或设备），不能写入导出的文件",
             "write": "无法写入 {file}：{reason}",
             "profile": "导入配置不是合法的 YAML：{reason}",
             "profile-shape": "导入配置应写成 columns: {{字段: [表头, …]}}；字段可选：{fields}",
             "missing": "文件不存在",
             "flow-cell": "运行流程（{cell}）无法读取：{reason}",
         }),
    Rule("PL602", "import-value-missing", E, "这一行缺少必填的内容",
         "权责清单每一行都要有事项名称、权力类型、承办机构、实施依据、责任事项和追责情形；请在表中补上后重新导入。", {
             "name": "事项名称为空",
             "type": "权力类型为空",
             "units": "承办机构为空",
             "basis": "实施依据为空",
             "responsibilities": "责任事项为空",
             "cases": "追责情形为空",
         }),
    Rule("PL603", "import-unknown-column", W, "不认识的列",
         "这一列按原列名照录在每个事项的 original.columns 中，导出时原样写回。若是已知字段的另一种写法，请在 powers/_import.yaml 或 --profile 文件的 columns 中加上这个表头。", {
             "": "不认识的列“{header}”，照录在各事项的 original.columns 中",
             "near": "不认识的列“{header}”，照录在各事项的 original.columns 中；是否指“{near}”（{field}）？",
             "twice": "列“{header}”与列“{first}”是同一字段，按“{first}”导入，“{header}”照录在 original.columns 中",
         }),
    Rule("PL604", "import-no-header", E, "找不到表头",
         "表头行须含“事项名称”等列名（前 30 行内；标题行、说明行可以在它上面）。", {
             "no-header": "前 30 行中没有含“事项名称”和至少另一个已知列名的表头行",
             "missing": "缺少“{header}”列（也认：{synonyms}）",
         }),
    Rule("PL605", "import-duplicate", E, "重复的事项",
         "同一事项在表中出现了两次，或编码已被另一个事项文件使用；请核对后删去或改正其一。", {
             "": "与第 {other} 行是同一事项（名称、子项和编码都相同）",
             "code": "编码 {code} 与第 {other} 行重复",
             "existing": "编码 {code} 已被 {other} 使用",
         }),
    Rule("PL606", "import-subject-is-level", W, "实施主体写的是层级",
         "实施主体应是机关或组织的名称，不是“市级”“县级”这样的层级；记为“未载明”，请补上实施机关的名称。", {
             "": "实施主体“{value}”是层级而不是机关名称；记为“未载明”",
         }),
    Rule("PL607", "import-cancelled", W, "已取消的事项未导入",
         "状态为取消的事项不会成为现行事项；调整记录请按动态调整公告写明。", {
             "": "状态为“{value}”，未导入",
         }),
    Rule("PL610", "import-id-taken", W, "标识已被另一个事项使用",
         "按编码或名称得出的标识已是另一个事项的文件；导入不会覆盖它，这一行改用另一个标识写入。"
         "如要指定标识，请改正编码或在现有文件中核对名称。", {
             "": "标识 {id} 已是 {file}（“{other}”）；这一行改用标识 {new}",
         }),
    Rule("PL608", "import-hand-edited", E, "现有文件与导入结果不同，未覆盖",
         "文件在上次导入后被修改过，或表格内容变了；看过差异后，确认要以表格为准的，加 --force 重新导入。", {
             "": "{file} 已存在且内容不同，未覆盖（差异见上）；以表格为准请加 --force",
         }),
    Rule("PL609", "import-column-skipped", W, "这一列照录，不作为字段导入",
         "这一列按原列名照录在每个事项的 original.columns 中，导出时原样写回；流程图由 powerlist 按运行流程生成；"
         "办事指南（承诺时限、到现场次数等）须在事项文件的 service 中完整填写。", {
             "flowchart": "“{header}”列照录在 original.columns 中：流程图由 powerlist 按运行流程生成",
             "guide": "“{header}”列是办事指南信息，照录在 original.columns 中；请在事项文件的 service 中填写",
             "sheet": "工作表“{sheet}”未导入（只导入了“{used}”）；要导入它请用 --sheet 指定；办事指南须在事项文件的 service 中填写",
             "guide-row": "“{name}”在权责清单中没有同编码、同名称的事项，这一行未导入",
             "retired-sheet": "工作表“{sheet}”列出已取消、已合并的事项，未导入：它们不再列入清单；"
                              "要保留它们的页面，请把原来的事项文件和调整公告复制到 powers/ 和 changes/",
         }),
]

_TABLE += [
    # --- adjustment notices and history (changes/, check --base) ----------
    Rule("PL701", "notice-file-name", E, "调整公告的文件名不对",
         "调整公告放在 changes/ 中，文件名是“公布日期-简称.yaml”，如 2026-11-26-tiaozheng.yaml；日期与 published 相同。", {
             "": "文件名“{name}”应为“公布日期-简称.yaml”，如 2026-11-26-tiaozheng.yaml（简称只用小写字母、数字和连字符）",
             "date": "文件名的日期 {name} 与公布日期 {published} 不同",
         }),
    Rule("PL702", "notice-item-unknown", E, "公告中的事项不存在",
         "公告条目的 items 和 into 写事项标识（powers/ 中的文件名，不含 .yaml）；取消的事项也保留文件，所以标识总是存在的。"
         "Pull request 中新增的公告只能列出基准版本（main）中已有、或本次改动新增的事项。"
         "改动显示在每个页面上的（站点配置 _site.yaml、页面模板），条目写 scope: 全部事项，不必列出事项。", {
             "": "没有标识为“{item}”的事项",
             "near": "没有标识为“{item}”的事项；是不是“{near}”？",
             "base": "与 {base} 相比，清单中没有标识为“{item}”的事项，本次改动也没有新增这个事项文件",
             "empty": "条目既没有写事项（items），也没有写 scope: 全部事项",
         }),
    Rule("PL703", "notice-dates", E, "公告的日期先后不对", "批准日期应不晚于公布日期。", {
        "": "批准日期 {approved} 晚于公布日期 {published}",
    }),
    Rule("PL704", "notice-doc-number", E, "公告的文号缺失或格式不对",
         "调整公告须写文号，格式如 解科工〔2026〕15号（发文机关代字、六角括号中的年份、序号和“号”）；只有勘误、指南更新条目的记录可不写。", {
             "missing": "调整公告缺少文号（doc_number）；只是文字勘误的，条目类型写 勘误；只更新办事指南的，写 指南更新",
             "format": "文号“{value}”的格式不对；应如 解科工〔2026〕15号",
             "brackets": "文号“{value}”的年份应放在六角括号〔〕中，如 {suggest}",
         }),
    Rule("PL705", "retired-status", E, "事项的状态与取消记录不一致",
         "已取消、已合并的事项写明 retired（日期和调整公告）；在用或暂停的事项不写 retired。", {
             "missing": "状态为“{status}”，但没有写明取消或合并的日期和公告（retired）",
             "not-retired": "写了 retired，但状态是“{status}”；已取消的写 status: 已取消，已合并的写 status: 已合并",
             "successors": "状态为已合并，但没有写明并入的事项（retired.successors）",
             "successor-unknown": "没有标识为“{item}”的事项",
             "successor-retired": "并入的事项“{item}”本身已取消或合并",
         }),
    Rule("PL706", "retired-notice", E, "取消或合并没有对应的公告条目",
         "事项的取消或合并须由调整公告中相应类型的条目列出，公告的文件名写在 retired.notice 中。", {
             "unknown": "没有名为“{notice}”的调整公告（changes/{notice}.yaml）",
             "no-entry": "公告 {notice} 中没有列出本事项的“{kind}”条目",
             "still-current": "公告条目说“{kind}”事项“{item}”，但它的状态仍是“{status}”；请把状态改为 {want} 并写明 retired",
             "before": "取消或合并日期 {date} 早于公告 {notice} 的批准日期 {approved}",
         }),
    Rule("PL714", "successor-missing", W, "取消的事项没有写明现由谁行使",
         "公告说这项职责划转给了其他机关的，在事项的 retired 中写明 handled_by（现由哪个机关行使），"
         "有新事项名称或网址的写 successor_name、successor_url，让查到旧事项的群众知道现在去哪里办。", {
             "": "调整公告 {notice} 说“{words}”，但事项没有写明现由谁行使（retired.handled_by）",
         }),
    Rule("PL707", "notice-date-range", E, "公告的日期不在合理范围内",
         "调整公告的批准日期、公布日期不早于站点配置 powers/_site.yaml 的 notices_since（默认 2000-01-01），"
         "也不晚于本版数据的日期（最后一次提交的日期；尚未提交的公告：当天）。公布之后才有公告，网站不公布未来的日期。", {
             "early": "日期 {date} 早于最早的公告日期 {since}；是不是写错了？确有更早的公告，请在 powers/_site.yaml 中把 notices_since 改早",
             "late": "日期 {date} 晚于本版数据的日期 {day}（最后一次提交的日期）；公告公布后再提交，或改正日期",
             "future": "日期 {date} 晚于今天 {day}；公告公布后再写入，或改正日期",
         }),
    Rule("PL710", "item-deleted", E, "删除了事项文件",
         "公开过的事项不能删除：取消的事项保留文件，写 status: 已取消 和 retired（日期、调整公告），网站会把它移出现行清单并保留记录。"
         "文件还在但读不出来的，不算删除，按它自己的错误改正。", {
             "": "与 {base} 相比，事项文件 {file} 被删除了；已取消的事项请保留文件并写明状态",
         }),
    Rule("PL711", "change-without-notice", E, "公开内容有改动，但没有相应的调整公告或记录",
         "改动公众看到的内容须有依据，看的是改动的效果，不只是事项文件：事项文件、它使用的流程模板（flows/）、它的附件"
         "（powers/files/<标识>/）都算作该事项的改动；站点配置（powers/_site.yaml）和页面模板（overrides/powerlist/）"
         "显示在每个页面上，算作全部事项的改动。改动须在 changes/ 中新增一份带文号的调整公告并列出该事项"
         "（全部事项的改动写一条 scope: 全部事项 的条目，不必逐个列出）。只有两种情况可以不要文号："
         "“勘误”只更正不改变事实的文字（不能改权力类型、名称、依据、收费、时限、到现场次数、办理渠道、状态，"
         "也不能改文字中的数字）；“指南更新”只更新办事指南（service）中的材料、表格、样本等，"
         "且不能让承诺对申请人更不利（时限变长、开始收费或提高收费、到现场次数增加、网上办理深度降低、取消办理渠道等）。", {
             "": "与 {base} 相比，本事项的 {fields} 有改动，但本次改动的调整公告中没有列出“{item}”的条目",
             "new": "与 {base} 相比，这是新增的事项，但本次改动的调整公告中没有列出“{item}”的新增（或承接、拆分、合并）条目",
             "guide": "与 {base} 相比，“{item}”的 {field} 由“{old}”改为“{new}”：{why}，“指南更新”记录不能涵盖；"
                      "须有带文号的调整公告条目",
             "kanwu": "与 {base} 相比，“{item}”的 {field} 由“{old}”改为“{new}”：{why}，“勘误”记录不能涵盖"
                      "（勘误只更正不改变事实的文字）；须有带文号的调整公告条目",
             "site": "与 {base} 相比，站点配置的 {field} 有改动，显示在每个事项的页面上，"
                     "但本次改动的公告中没有 scope: 全部事项 的条目",
             "site-minor": "与 {base} 相比，站点配置的 {field} 有改动：{why}，“{kind}”记录不能涵盖；"
                           "须有 scope: 全部事项 的带文号的调整公告条目",
             "why-site": "不是监督投诉方式（supervision）或页脚（footer）",
             "override": "与 {base} 相比，页面模板 {file} 有改动，显示在每个页面上，"
                         "但本次改动的公告中没有 scope: 全部事项 的条目（勘误记录不能涵盖）",
             "template": "运行流程（流程模板“{template}”）",
             "attachment": "附件“{name}”",
             "why-fact": "这是事实内容，不是文字错误",
             "why-added": "增加或删除了内容，不只是更正文字",
             "why-number": "文字中的数字有变化",
             "why-attachment": "附件的内容无法判断是否只改了文字",
             "why-outside": "不属于办事指南（service）",
             "why-fee": "开始收费或收费有变化，对申请人不利",
             "why-time": "承诺的时限变长（或无法判断是否缩短），对申请人不利",
             "why-visits": "到现场次数增加，对申请人不利",
             "why-depth": "网上办理深度降低，对申请人不利",
             "why-channel": "取消了办理渠道，对申请人不利",
             "why-materials": "增加了必要的申请材料或份数，对申请人不利",
             "why-conditions": "受理条件有变化",
             "why-audience": "服务对象减少，对申请人不利",
             "why-case": "办件类型不再是即办件，对申请人不利",
         }),
    Rule("PL712", "notice-edited", E, "修改、删除或改名了已公布的调整公告",
         "已公布的公告和记录是历史记录，只能新增：更正请另发一份公告（或勘误记录），不要修改、删除或改名原文件。", {
             "": "与 {base} 相比，已公布的调整公告 {file} 被修改了；已公布的公告不能修改，更正请另发一份",
             "deleted": "与 {base} 相比，已公布的调整公告 {file} 被删除（或改名）了；已公布的公告不能删除或改名，"
                        "更正请另发一份",
         }),
    Rule("PL713", "base-unreadable", E, "无法与基准版本比较",
         "--base 写一个 git 提交、分支或标签（如 origin/main），并在 git 仓库中运行；CI 的检出需要完整历史（fetch-depth: 0）。", {
             "": "无法读取基准版本“{base}”：{reason}",
         }),
]

_TABLE += [
    # --- sharded builds (powerlist shard build|merge) ---------------------
    Rule("PL801", "shard-parts", E, "分片生成的各部分不能合成一个网站",
         "分片生成时，每个分片（powerlist shard build K/N）和合并（powerlist shard merge）须用同一份数据、同一版本的程序、"
         "同一个分片数；合并须给出全部 N 个分片的输出目录，每个一次。在 CI 中，请重新运行整个工作流，不要只重跑其中一个任务。", {
             "no-manifest": "{part} 不是分片的输出目录（没有可读的 _shard.json）",
             "other-data": "{part} 是用另一份数据、另一版本的程序或另一个分片数生成的；请用同一次运行的全部分片合并",
             "twice": "分片 {shard} 出现了两次：{part} 和 {other}",
             "missing": "缺少分片 {missing} 的输出目录",
             "clash": "{part} 中的文件 {file} 已由另一个分片或合并生成",
             "lost": "{part} 中缺少文件 {file}（分片的输出目录不完整）",
             "count": "清单只能分成 {bodies} 个分片（每个部门只在一个分片中），不能按 {shards} 个分片生成",
             "no-plugin": "{file} 没有启用 powerlist 插件（plugins: - powerlist）",
             "failed": "网站未生成：{reason}",
         }),
]

RULES: dict[str, Rule] = {r.code: r for r in _TABLE}
