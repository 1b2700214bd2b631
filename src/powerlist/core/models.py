"""The data model: site configuration and one power item (权责清单 + 办事指南).

Field names are English (they are the YAML keys, stable for tools); every
title and description is Chinese, shown to staff by the editor through the
generated JSON Schema.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any, Iterator, Literal

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from .durations import Duration, DurationField, Unit
from .base import Model
from .flow.model import FlowSpec, MonthDay, StepId
from .rules import say
from .textrules import long_text, short_text
from .vocab import NoticeKind, Status

# --- building blocks --------------------------------------------------------

# Text refuses bidi controls and tag characters, ShortText and Name every invisible character (textrules)
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(long_text)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300),
                      AfterValidator(short_text)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(short_text)]


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s<>\"'`]+$", value):
        raise ValueError(say("PL205", "url"))
    return value


def _strip_book_title(value: str) -> str:
    return value.strip().removeprefix("《").removesuffix("》").strip()


Url = Annotated[str, AfterValidator(_http_url), Field(json_schema_extra={"pattern": r"^https?://"})]


def _document(value: str) -> str:
    """A web address (http or https only, as `Url`), or the name of a file in
    powers/files/<item id>/, which `attachments` checks against the folder.
    Anything with a scheme is an address: javascript: or file: never
    passes as a file name."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value) and not re.match(r"^[A-Za-z]:[\\/]", value):
        return _http_url(value)
    return value


Document = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
                     AfterValidator(_document)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64,
                                        pattern=r"^[0-9A-Za-z][0-9A-Za-z._-]*$")]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=40), AfterValidator(short_text)]


def _date(value: str) -> str:
    """A calendar date written YYYY-MM-DD (quoted in YAML)."""
    import datetime
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(say("PL205", "date", value=value)) from None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(say("PL205", "date", value=value))
    return value


Date = Annotated[str, AfterValidator(_date), Field(json_schema_extra={"pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})]


LevelName = Literal["国家级", "省级", "市级", "县级", "乡镇级", "村级"]
# Published variants of a level, read as the level (issue: real lists write 市(州)级, 县(市、区)级 …)
LEVEL_VARIANTS = {"市(州)级": "市级", "市（州）级": "市级", "地市级": "市级", "州级": "市级", "设区的市级": "市级",
                  "县(市、区)级": "县级", "县（市、区）级": "县级", "县区级": "县级", "区级": "县级", "县(区)级": "县级",
                  "县（区）级": "县级", "乡(镇)级": "乡镇级", "乡（镇）级": "乡镇级", "乡镇(街道)级": "乡镇级",
                  "乡镇（街道）级": "乡镇级", "街道级": "乡镇级", "省级以上": "省级", "中央级": "国家级"}


def _level(value: object) -> object:
    return LEVEL_VARIANTS.get(value.strip(), value) if isinstance(value, str) else value


Level = Annotated[LevelName, BeforeValidator(_level)]

# What a list does not publish is written as this word, never left out and never guessed (issue 22): a
# reader tells "the source does not say" (this value) from "not filled in yet" (the key absent).
NOT_STATED = "未载明"


def _stated(value: object) -> object:
    """A list the source may not publish: 未载明 reads as an empty list
    (the key is set, so `PowerItem.unstated` knows); a list written empty
    is a mistake, not a statement."""
    if isinstance(value, str) and value.strip() == NOT_STATED:
        return []
    if isinstance(value, list) and not value:
        raise ValueError(say("PL202", "empty-list"))
    return value


if TYPE_CHECKING:
    _stated_list = list  # to the checker, `_stated_list[X]` is the list of X that the model holds
else:
    class _stated_list:
        def __class_getitem__(cls, inner: Any) -> Any:
            # the editor's schema offers both: a list, or the word 未载明
            return Annotated[list[inner], BeforeValidator(_stated, json_schema_input_type=list[inner] | Literal["未载明"])]


# 行使层级 written as numbers (“2,3”) in some published lists: the default reading, which a site may change
LEVEL_CODES: dict[str, LevelName] = {"1": "省级", "2": "市级", "3": "县级", "4": "乡镇级", "5": "村级"}
Nature = Literal["法定机关", "授权组织", "受委托组织"]
PowerSource = Literal["法定本级行使", "上级下放", "上级授权", "同级授权", "上级委托", "同级委托"]
Audience = Literal["自然人", "企业法人", "事业法人", "社会组织法人", "非法人企业", "行政机关", "其他组织"]


# --- 权责清单 part ----------------------------------------------------------

class Citation(Model):
    """一条法律依据。"""

    model_config = ConfigDict(title="法律依据")

    title: Annotated[str, AfterValidator(_strip_book_title), StringConstraints(min_length=1),
                     AfterValidator(short_text)] | None = Field(
        None, title="法规名称",
        description="法律、法规、规章或规范性文件的名称，书名号可写可不写，如 技术合同认定登记管理办法；清单只载明文号的可不写")
    doc_number: ShortText | None = Field(None, title="文号", description="如 国科发政字〔2000〕063号")
    article: ShortText | None = Field(None, title="条款", description="如 第十四条、第三章")
    text: Text | None = Field(None, title="条文原文", description="引用的条文原文，照录")

    @model_validator(mode="after")
    def _named(self) -> "Citation":
        if self.title is None and self.doc_number is None:
            raise ValueError(say("PL205", "citation"))
        return self

    @property
    def name(self) -> str:
        """What the citation is called: its title, else its 文号."""
        return self.title or self.doc_number or ""


class Subject(Model):
    model_config = ConfigDict(title="实施主体")

    name: Name = Field(title="实施主体名称")
    nature: Nature | Literal["未载明"] = Field("法定机关", title="实施主体性质",
                                              description="不写即为法定机关；导入的清单没有载明的写 未载明")
    credit_code: Annotated[str, StringConstraints(pattern=r"^[0-9A-HJ-NPQRTUWXY]{18}$")] | None = Field(
        None, title="统一社会信用代码", description="18 位")
    phone: Phone | None = Field(None, title="咨询电话", description="本机关以外的实施主体写它自己的电话，页面和流程图用它")
    supervision_phone: Phone | None = Field(None, title="监督电话", description="本机关以外的实施主体写它自己的监督电话")
    address: Text | None = Field(None, title="地址")
    website: Url | None = Field(None, title="网站")


class Delegation(Model):
    """委托或下放：本事项由谁、以什么文件委托或下放，范围和期限。"""

    model_config = ConfigDict(title="委托或下放")

    by: Name = Field(title="委托（下放）机关", description="如 焦作市科学技术局")
    document: ShortText = Field(title="委托（下放）文件文号", description="如 焦科〔2023〕12号")
    document_title: Text | None = Field(None, title="文件名称")
    scope: Text | None = Field(None, title="委托范围", description="如 合同成交额 1000 万元以下的技术合同")
    start: Date | None = Field(None, title="起始日期", description="如 \"2023-07-01\"（加引号）")
    end: Date | None = Field(None, title="终止日期", description="长期有效的不写")


class ApplicationWindow(Model):
    """申报期：集中申报的事项在什么时间可以申请。"""

    model_config = ConfigDict(title="申报期")

    start: MonthDay | Date | None = Field(None, title="开始", description="每年固定的写 月-日（如 07-12）；某一年的写 年-月-日")
    end: MonthDay | Date | None = Field(None, title="截止", description="与开始的写法相同，如 08-11")
    by_notice: bool = Field(False, title="以当年通知为准", description="日期每年由通知确定的写 true，并尽量附通知网址")
    notice: Url | None = Field(None, title="通知网址")
    note: Text | None = Field(None, title="说明", description="如 一般为每年 7 月中旬至 8 月中旬")

    @model_validator(mode="after")
    def _when(self) -> "ApplicationWindow":
        if (self.start is None) != (self.end is None):
            raise ValueError(say("PL205", "window-both"))
        if self.start is None and not self.by_notice:
            raise ValueError(say("PL205", "window-when"))
        if self.start is not None and self.end is not None:
            if len(self.start) != len(self.end):
                raise ValueError(say("PL205", "window-mixed"))
            if len(self.start) == 10 and self.end < self.start:
                raise ValueError(say("PL205", "window-order", start=self.start, end=self.end))
        return self

    @property
    def yearly(self) -> bool:
        return self.start is not None and len(self.start) == 5


class Responsibility(Model):
    model_config = ConfigDict(title="责任事项")

    stage: ShortText = Field(title="责任环节", description="如 受理、审查、决定、送达、事后监管")
    content: Text = Field(title="责任内容", description="该环节应当履行的职责")
    standard: ShortText | None = Field(None, title="对应的规范环节",
                                       description="环节名称与规范用语不同时，导入记下它对应的规范环节，如 法制审核 → 审核；环节名称照原文")


class Accountability(Model):
    model_config = ConfigDict(title="追责")

    cases: _stated_list[Text] = Field(default_factory=list, title="追责情形",
                                      description="应当追究责任的情形，每条一项；来源没有公布的写 未载明")
    basis: list[Citation] = Field(default_factory=list, title="追责依据")


class Supervision(Model):
    model_config = ConfigDict(title="监督方式")

    phone: Phone | None = Field(None, title="监督电话", description="带区号，如 0373-1234567；不写则用站点配置的监督电话")
    channels: list[Text] = Field(default_factory=list, title="其他监督方式", description="如 信函、网站留言")
    hotline: Phone | None = Field(None, title="政务服务便民热线", description="如 12345；站点配置中写一次，各页面都显示为可拨打的链接")
    hours: Text | None = Field(None, title="受理投诉时间", description="如 工作日 9:00—17:00；12345 热线 24 小时")
    complaint_url: Url | None = Field(None, title="网上投诉地址")
    evaluation_url: Url | None = Field(None, title="“好差评”地址", description="政务服务“好差评”的评价页面")


class Risk(Model):
    model_config = ConfigDict(title="廉政风险点")

    stage: ShortText = Field(title="环节")
    point: Text = Field(title="廉政风险点")
    level: Literal["高", "中", "低"] = Field(title="风险等级")
    measure: Text = Field(title="防控措施")


# --- 办事指南 part ----------------------------------------------------------

class Material(Model):
    model_config = ConfigDict(title="申请材料")

    name: Name = Field(title="材料名称")
    form: Literal["纸质", "电子", "纸质+电子"] = Field(title="材料形式")
    necessity: Literal["必要", "非必要", "容缺后补"] = Field("必要", title="必要性")
    source: Literal["申请人自备", "政府部门核发", "中介机构出具", "其他"] = Field("申请人自备", title="来源渠道")
    copies: int | None = Field(None, ge=1, le=50, title="纸质份数", description="纸质材料的份数；电子材料不写")
    original: Literal["原件", "复印件", "原件和复印件"] | None = Field(None, title="原件/复印件")
    condition: Text | None = Field(None, title="需要提交的情形", description="仅在某种情形下才需要时写明，如 由内设机构签订合同的")
    spec: Text | None = Field(None, title="规格与填报须知")
    blank_form: Document | None = Field(
        None, title="空白表格",
        description="powers/files/<事项标识>/ 中的文件名（如 技术性收入核定表.xlsx），或下载网址")
    sample: Document | None = Field(
        None, title="示例样表",
        description="填写好的示例：powers/files/<事项标识>/ 中的文件名（如 登记表（示例）.pdf），或网址")
    note: Text | None = Field(None, title="备注")


class FeeItem(Model):
    model_config = ConfigDict(title="收费项目")

    name: Name = Field(title="收费项目")
    standard: Text = Field(title="收费标准")
    basis: Text = Field(title="收费依据")
    waivable: bool = Field(False, title="是否可减免")


class Fee(Model):
    model_config = ConfigDict(title="收费")

    charged: bool = Field(title="是否收费", description="收费写 true，不收费写 false")
    items: list[FeeItem] = Field(default_factory=list, title="收费项目")


class Extension(Model):
    """法定时限的延长：可延长多久（或延长到多久）、由谁批准、依据什么。"""

    model_config = ConfigDict(title="延长期限")

    by: DurationField | None = Field(None, title="可延长", description="可延长的期限，如 10 个工作日（行政许可法第四十二条）")
    to: DurationField | None = Field(None, title="最长可延长至", description="写延长后的总期限，如 30 日；与 by 只写一个")
    approver: ShortText = Field(title="批准人", description="如 本行政机关负责人")
    basis: Text | None = Field(None, title="依据", description="如 《中华人民共和国行政许可法》第四十二条")

    @model_validator(mode="after")
    def _one(self) -> "Extension":
        if (self.by is None) == (self.to is None):
            raise ValueError(say("PL205", "by-or-to"))
        return self


class TimeLimit(Model):
    model_config = ConfigDict(title="办结时限")

    statutory: DurationField | None = Field(None, title="法定办结时限", description="法律法规规定的期限；没有规定则不写")
    statutory_note: Text | None = Field(None, title="法定时限说明", description="期限从何时起算、可否延长、依据条款")
    extension: Extension | None = Field(None, title="延长期限", description="法定时限可以经批准延长的写明；流程中延长后的步骤写 extension: true")
    promised: DurationField = Field(title="承诺办结时限", description="本单位对外承诺的期限，不得超过法定时限")
    promised_note: Text | None = Field(None, title="承诺时限说明")

    @property
    def extra(self) -> Duration | None:
        """How much longer an approved extension makes the limits, when it
        can be computed exactly (the same unit throughout)."""
        e, st = self.extension, self.statutory
        if e is None or st is None or st.unit not in (Unit.WORKDAY, Unit.DAY):
            return None
        if e.by is not None:
            return e.by if e.by.unit is st.unit else None
        assert e.to is not None
        if e.to.unit is not st.unit or e.to.amount <= st.amount:
            return None
        return Duration(e.to.amount - st.amount, st.unit)

    @property
    def extended_statutory(self) -> Duration | None:
        x, st = self.extra, self.statutory
        return Duration(st.amount + x.amount, x.unit) if x is not None and st is not None else None

    @property
    def extended_promised(self) -> Duration | None:
        x = self.extra
        if x is None or self.promised.unit is not x.unit:
            return None
        return Duration(self.promised.amount + x.amount, x.unit)


class Online(Model):
    model_config = ConfigDict(title="网上办理")

    url: Url = Field(title="网上办理地址")
    depth: int = Field(ge=1, le=4, title="网上办理深度",
                       description="1 在线咨询、下载表格；2 在线预审；3 网上受理、办理；4 全程网办（无需到现场）")


class Channels(Model):
    model_config = ConfigDict(title="办理形式")

    window: bool = Field(True, title="窗口办理")
    online: Online | None = Field(None, title="网上办理")
    mail: bool = Field(False, title="快递/邮寄申请")
    appointment: Url | None = Field(None, title="网上预约地址", description="预约到窗口办理的网页，如 https://…")
    progress: Url | None = Field(None, title="办理进度查询地址", description="申请人查询办理进度的网页，如 https://…")


class Contact(Model):
    model_config = ConfigDict(title="联系方式")

    phone: Phone = Field(title="电话", description="带区号，如 0373-1234567")
    address: Text | None = Field(None, title="地址")
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")] | None = Field(None, title="电子邮箱")
    url: Url | None = Field(None, title="网址")


class Result(Model):
    model_config = ConfigDict(title="办理结果")

    name: Name = Field(title="审批结果名称", description="如 技术合同登记证明")
    type: Literal["出证", "出文", "批复", "其他"] = Field(title="审批结果类型")
    sample: Document | None = Field(
        None, title="结果样本",
        description="powers/files/<事项标识>/ 中的样本文件名（如 技术合同登记证明（样本）.pdf），或网址")
    delivery: list[Text] = Field(default_factory=list, title="结果领取方式", description="如 窗口领取、邮寄送达")
    delivery_limit: Text | None = Field(None, title="送达时限", description="如 自作出决定之日起 10 日内送达；来源没有载明的不写")


class Faq(Model):
    model_config = ConfigDict(title="常见问题")

    q: Text = Field(title="问题")
    a: Text = Field(title="解答")


class Commitment(Model):
    """没有完整办事指南的事项对外公开的承诺：承诺时限、到现场次数，照样按流程核验。"""

    model_config = ConfigDict(title="承诺")

    time_limit: TimeLimit = Field(title="办结时限")
    case_type: Literal["即办件", "承诺件"] | None = Field(None, title="办件类型")
    visits: int | None = Field(None, ge=0, le=10, title="到办事现场次数", description="清单载明的才写")
    visits_reason: Text | None = Field(None, title="必须现场办理原因")


class Remedy(Model):
    """一种救济途径：向谁、在多长期限内提出。"""

    model_config = ConfigDict(title="救济途径")

    body: Text = Field(title="受理机关", description="行政复议写复议机关，如 焦作市解放区人民政府；行政诉讼写人民法院")
    limit: Text | None = Field(None, title="期限", description="如 自知道或者应当知道该行政行为之日起 60 日内；来源没有载明的不写")


class Remedies(Model):
    """申请人对办理结果不服时的救济途径（行政复议、行政诉讼）。"""

    model_config = ConfigDict(title="救济途径")

    review: Remedy | None = Field(None, title="行政复议", description="复议机关和申请期限")
    litigation: Remedy | None = Field(None, title="行政诉讼", description="管辖法院和起诉期限")
    note: Text | None = Field(None, title="说明")

    @model_validator(mode="after")
    def _some(self) -> "Remedies":
        if self.review is None and self.litigation is None and self.note is None:
            raise ValueError(say("PL205", "remedies"))
        return self


class Intermediary(Model):
    """办理本事项须经过的中介服务。"""

    model_config = ConfigDict(title="中介服务")

    name: Name = Field(title="中介服务名称", description="如 技术合同登记前的技术评估")
    basis: Text | None = Field(None, title="设定依据")
    provider: Text | None = Field(None, title="中介服务机构", description="可以提供该服务的机构或其条件")
    fee: Text | None = Field(None, title="收费", description="如 按市场价格收费；不收费的写 不收费")


def _none_said(value: object) -> object:
    """A list the guide may state as none: 无 reads as an empty list (the
    key is set, so the page says 无); a list written empty is a mistake."""
    if isinstance(value, str) and value.strip() == "无":
        return []
    if isinstance(value, list) and not value:
        raise ValueError(say("PL202", "empty-none"))
    return value


class SpecialStep(Model):
    """特殊环节：听证、专家评审、公示、检验检测等依法不计入办结时限的环节。"""

    model_config = ConfigDict(title="特殊环节")

    name: ShortText = Field(title="环节名称", description="如 专家评审、公示、听证")
    duration: DurationField | None = Field(None, title="时限", description="如 5 个工作日；来源没有载明的不写")
    basis: Text | None = Field(None, title="依据", description="如 《中华人民共和国行政许可法》第四十五条")
    step: StepId | None = Field(None, title="流程步骤",
                                description="对应的流程步骤 id，如 publicize；核验承诺时限时该步骤不计入办结时限")


class Allowance(Model):
    """一项便民措施（容缺受理、告知承诺制）是否实行，以及如何实行。"""

    model_config = ConfigDict(title="是否实行")

    applies: bool = Field(title="是否实行", description="实行写 true，不实行写 false")
    note: Text | None = Field(None, title="说明", description="如 哪些材料可以容缺后补、后补的期限；承诺的内容和核查方式")


class Service(Model):
    """办事指南：面向申请人的办理信息。"""

    model_config = ConfigDict(title="办事指南")

    audience: list[Audience] = Field(min_length=1, title="服务对象")
    conditions: list[Text] = Field(min_length=1, title="受理条件")
    materials: list[Material] = Field(default_factory=list, title="申请材料")
    fee: Fee = Field(title="收费")
    time_limit: TimeLimit = Field(title="办结时限")
    case_type: Literal["即办件", "承诺件"] = Field(title="办件类型")
    visits: int = Field(ge=0, le=10, title="到办事现场次数")
    visits_reason: Text | None = Field(None, title="必须现场办理原因", description="到现场次数不为 0 时必填")
    channels: Channels = Field(title="办理形式")
    schedule: Text | None = Field(None, title="申报时间", description="集中申报的事项写明申报时间或批次安排")
    location: Text = Field(title="办理地点")
    hours: Text = Field(title="办理时间")
    consult: Contact = Field(title="咨询方式")
    complaint: Contact | None = Field(None, title="监督投诉方式", description="不写则用站点配置的监督电话")
    result: Result | None = Field(None, title="办理结果")
    in_hall: bool = Field(False, title="是否进驻政务服务大厅")
    faq: list[Faq] = Field(default_factory=list, title="常见问题")
    # what portals' 办事指南 also show (issue 25): each optional, shown only when stated
    standards: list[Text] = Field(default_factory=list, title="受理和审查标准",
                                  description="受理和审查时依据的标准，每条一项；来源没有载明的不写")
    quantity_limit: Text | None = Field(None, title="数量限制", description="如 无数量限制；每个申报人每年限报一项")
    intermediaries: Annotated[list[Intermediary], BeforeValidator(
        _none_said, json_schema_input_type=list[Intermediary] | Literal["无"])] | None = Field(
        None, title="中介服务", description="须经过的中介服务，每项一条；来源载明没有中介服务的写 无；没有载明的不写")
    special_steps: list[SpecialStep] = Field(
        default_factory=list, title="特殊环节",
        description="听证、专家评审、公示等不计入办结时限的环节；写明流程步骤的，核验承诺时限时该步骤不计入")
    tolerance: Allowance | None = Field(None, title="容缺受理", description="是否实行容缺受理及说明；来源没有载明的不写")
    pledge: Allowance | None = Field(None, title="告知承诺制", description="是否实行告知承诺制及说明；来源没有载明的不写")
    rights: list[Text] = Field(default_factory=list, title="申请人权利", description="每条一项；来源没有载明的不写")
    duties: list[Text] = Field(default_factory=list, title="申请人义务", description="每条一项；来源没有载明的不写")
    remedies: Remedies | None = Field(None, title="救济途径",
                                      description="对办理结果不服的，行政复议、行政诉讼的受理机关和期限；来源没有载明的不写")


# --- one item ---------------------------------------------------------------

ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=100)]
NoticeId = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*$", max_length=120)]


class Retirement(Model):
    """取消或合并：事项不再列入现行清单，文件和网页保留。"""

    model_config = ConfigDict(title="取消或合并")

    date: Date = Field(title="日期", description="自何日起取消或合并，如 \"2026-11-26\"（加引号）")
    notice: NoticeId = Field(title="调整公告", description="changes/ 中公告的文件名（不含 .yaml），如 2026-11-26-quxiao")
    successors: list[ItemId] = Field(default_factory=list, title="并入的事项", description="合并的写明并入哪个事项的标识")
    handled_by: Name | None = Field(
        None, title="现由哪个机关行使",
        description="取消后职责划转到其他机关的，照公告写明现在行使的机关，如 区发展和改革委员会；是本清单中的部门的，页面链接到它")
    successor_name: Name | None = Field(None, title="承接后的事项名称", description="公告或承接机关清单载明的新事项名称，没有载明的不写")
    successor_url: Url | None = Field(None, title="承接后的事项网址", description="新事项的办事指南或清单网页，只能是 http(s) 网址")


class Original(Model):
    """What a row of the source list held beyond the fields above: its own
    id (a platform's unid, say) and every other column, by its header."""

    model_config = ConfigDict(title="来源原文")

    id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] | None = Field(
        None, title="来源编号", description="来源清单（如政务服务平台）给这一行的编号，照录")
    columns: dict[str, str] = Field(default_factory=dict, title="其他列", description="原列名: 原值，按来源的顺序")
    guide: dict[str, str] = Field(
        default_factory=dict, title="来源办事指南",
        description="来源工作簿“办事指南”工作表中这一事项的一行（事项编码、名称以外的各列），照录；没有 service 的事项导出时原样写回")


STATABLE = ("units", "levels", "basis", "responsibilities", "accountability.cases")  # may be written 未载明


class PowerItem(Model):
    """一个权力事项（权责清单的一行），可选附办事指南。"""

    model_config = ConfigDict(title="权力事项")

    code: Code | None = Field(None, title="事项编码", description="本地职权编码，文字形式，须加引号以保留前导零；清单没有编码的可不写")
    basic_code: Code | None = Field(None, title="基本编码", description="全国统一的基本编码")
    implementation_code: Code | None = Field(None, title="实施编码")
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2), AfterValidator(short_text)] = Field(
        title="事项名称", description="照清单原文，不限长度（很长的名称 check 会提示）")
    parent: str | None = Field(None, title="上级事项", description="子项所属主项的标识（文件名，不含 .yaml）")
    type: ShortText = Field(title="权力类型", description="站点配置中的权力类型，如 行政许可、行政确认、其他行政权力")
    subject: Subject | None = Field(None, title="实施主体", description="不写则为站点配置的本机关")
    units: _stated_list[ShortText] = Field(default_factory=list, title="承办机构",
                                           description="承办的内设科室，可多个；来源没有公布的写 未载明")
    levels: _stated_list[Level] = Field(default_factory=list, title="行使层级", description="来源没有公布的写 未载明")
    source: PowerSource | Literal["未载明"] = Field(
        "法定本级行使", title="权力来源", description="不写即为法定本级行使；导入的清单没有这一列的写 未载明")
    basis: _stated_list[Citation] = Field(default_factory=list, title="设定和实施依据", description="来源没有公布的写 未载明")
    responsibilities: _stated_list[Responsibility] = Field(default_factory=list, title="责任事项",
                                                           description="来源没有公布的写 未载明")
    accountability: Accountability = Field(default_factory=lambda: Accountability.model_construct(_fields_set=set()),
                                           title="追责", description="追责情形没有公布的写 cases: 未载明")
    supervision: Supervision | None = Field(None, title="监督方式")
    risks: list[Risk] = Field(default_factory=list, title="廉政风险点")
    delegation: Delegation | None = Field(None, title="委托或下放", description="权力来源为委托或下放的写明委托机关、文件、范围和期限")
    flow: FlowSpec | None = Field(None, title="运行流程")
    window: ApplicationWindow | None = Field(None, title="申报期", description="集中申报（分批次）的事项写明何时可以申请")
    commitment: Commitment | None = Field(None, title="承诺",
                                          description="没有办事指南、只公开承诺时限和到现场次数的事项写这里；有办事指南的写在 service 中")
    service: Service | None = Field(None, title="办事指南", description="面向申请人的事项才需要")
    status: Status = Field(
        "在用", title="状态", description="已取消、已合并的事项保留文件，写明 retired，不再列入现行清单")
    retired: Retirement | None = Field(None, title="取消或合并", description="状态为已取消或已合并时写明日期和调整公告")
    remark: Text | None = Field(None, title="备注")
    renamed_from: list[ItemId] = Field(
        default_factory=list, title="曾用标识",
        description="事项文件改过名的，写改名前的标识（旧文件名，不含 .yaml），永久保留：旧网址会转到本事项的页面")
    original: Original | None = Field(None, title="来源原文",
                                      description="导入时来源清单中没有对应字段的列，按原列名和原顺序照录；导出时原样写回")

    @property
    def unstated(self) -> tuple[str, ...]:
        """The required contents written 未载明: the source does not publish them."""
        return tuple(k for k, empty, given in self._statable() if empty and given)

    @property
    def unfilled(self) -> tuple[str, ...]:
        """The required contents not written at all (neither stated nor 未载明)."""
        return tuple(k for k, empty, given in self._statable() if empty and not given)

    def _statable(self) -> Iterator[tuple[str, bool, bool]]:
        given = self.model_fields_set
        for key in STATABLE[:-1]:
            yield key, not getattr(self, key), key in given
        acc = self.accountability
        yield STATABLE[-1], not acc.cases, "accountability" in given and "cases" in acc.model_fields_set

    @property
    def terms(self) -> "Service | Commitment | None":
        """Where the item's promises are written: its guide, else its
        commitment (both have time_limit, case_type, visits)."""
        return self.service or self.commitment

    @property
    def terms_key(self) -> str:
        return "service" if self.service is not None else "commitment"


# --- the site ---------------------------------------------------------------

class PowerType(Model):
    model_config = ConfigDict(title="权力类型")

    name: ShortText = Field(title="权力类型名称")
    code: Annotated[str, StringConstraints(pattern=r"^[0-9]{2}$")] | None = Field(None, title="国家事项类型代码", description="如 01 行政许可")
    abbr: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(None, title="两字母简码", description="如 XK")
    aliases: list[ShortText] = Field(default_factory=list, title="别名", description="各地的其他写法，填写时等同于本类型")


class Authority(Model):
    model_config = ConfigDict(title="本机关")

    name: Name = Field(title="机关名称")
    full_name: Name | None = Field(None, title="机关全称")
    region: Text = Field(title="行政区划")
    region_code: Annotated[str, StringConstraints(pattern=r"^[0-9]{12}$")] | None = Field(None, title="区划代码", description="12 位")
    credit_code: Annotated[str, StringConstraints(pattern=r"^[0-9A-HJ-NPQRTUWXY]{18}$")] | None = Field(None, title="统一社会信用代码")
    level: Level = Field(title="机关层级")
    address: Text = Field(title="地址")
    website: Url | None = Field(None, title="网站")


class WorkCalendar(Model):
    """工作日历：周一至周五为工作日，另按国务院办公厅每年公布的节假日安排调整。"""

    model_config = ConfigDict(title="工作日历")

    holidays: list[Date] = Field(default_factory=list, title="放假日期",
                                 description="周一至周五中放假的日期，如 \"2026-10-01\"（加引号）")
    workdays: list[Date] = Field(default_factory=list, title="调休上班日期",
                                 description="周六、周日中调休上班的日期，如 \"2026-10-10\"（加引号）")


class Footer(Model):
    model_config = ConfigDict(title="页脚备案信息")

    site_code: ShortText | None = Field(None, title="网站标识码")
    icp: ShortText | None = Field(None, title="ICP 备案号")
    psb: ShortText | None = Field(None, title="公安机关备案号")
    organizer: ShortText | None = Field(None, title="主办单位")
    gov_mark_image: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\.(png|svg|jpg|gif)$")] | None = Field(
        None, title="党政机关网站标识图片", description="放在 docs/ 中的图片路径，如 assets/dangzheng.png（由主管部门发放）")
    gov_mark_url: Url | None = Field(None, title="党政机关网站标识链接", description="标识的核验地址（主管部门提供）")


DEFAULT_TYPES = [
    PowerType(name="行政许可", code="01", abbr="XK", aliases=["许可"]),
    PowerType(name="行政处罚", code="02", abbr="CF", aliases=["处罚"]),
    PowerType(name="行政强制", code="03", abbr="QZ", aliases=["强制"]),
    PowerType(name="行政征收", code="04", abbr="ZS", aliases=["征收"]),
    PowerType(name="行政给付", code="05", abbr="GF", aliases=["给付"]),
    PowerType(name="行政检查", code="06", abbr="JC", aliases=["检查"]),
    PowerType(name="行政确认", code="07", abbr="QR", aliases=["确认"]),
    PowerType(name="行政奖励", code="08", abbr="JL", aliases=["奖励"]),
    PowerType(name="行政裁决", code="09", abbr="CJ", aliases=["裁决"]),
    PowerType(name="其他行政权力", code="10", abbr="QT",
              aliases=["其他权力类型", "其他类别", "其他职权", "其他", "非行政许可审批"]),
    PowerType(name="公共服务", code="20", abbr="GG", aliases=["公共服务事项"]),
]


class SearchTerms(Model):
    """站点自己的查找用词：与 powerlist 自带的同义词、英文词表合并使用。"""

    model_config = ConfigDict(title="查找用词")

    synonyms: list[Annotated[list[ShortText], Field(min_length=2)]] = Field(
        default_factory=list, title="同义词",
        description="每组是可以互相代替的几个词，如 [补贴, 补助, 资助]：查找其中一个词，名称含另一个词的事项也能找到（排在后面）")
    english: dict[ShortText, list[ShortText]] = Field(
        default_factory=dict, title="英文词",
        description="英文版查找用：英文词或短语 → 清单中对应的中文词，如 contract: [合同]")


class Site(Model):
    """站点配置：整个清单共用的信息，只写一次。"""

    model_config = ConfigDict(title="站点配置")

    authority: Authority = Field(title="本机关")
    supervision: Supervision = Field(title="监督方式", description="各事项默认的监督电话和渠道")
    promise: Literal["最多跑一次", "零跑腿"] | None = Field(None, title="服务承诺", description="最多跑一次：到现场不超过 1 次；零跑腿：0 次")
    types: list[PowerType] = Field(default_factory=lambda: list(DEFAULT_TYPES), min_length=1, title="权力类型")
    units: list[ShortText] = Field(min_length=1, title="内设科室", description="承办机构只能从这里选")
    lanes: list[ShortText] = Field(default_factory=list, title="流程岗位", description="流程图中可用的岗位（泳道）")
    footer: Footer = Field(default_factory=Footer, title="页脚备案信息")
    search: SearchTerms = Field(default_factory=SearchTerms, title="查找用词",
                                description="清单页查找时另加的同义词和英文词（与自带的合并）")
    # STATABLE and flow: what may be missing, or 未载明, until the site requires it
    require: Literal["all"] | list[Literal["units", "levels", "basis", "responsibilities", "accountability.cases", "flow"]] = Field(
        default_factory=list, title="必须载明的内容",
        description="清单完整后要求每个事项都写明的内容：all（全部），或其中几项：units、levels、basis、"
                    "responsibilities、accountability.cases、flow。未列出的内容写“未载明”或缺少时只提示（警告），列出的报错")
    calendar: WorkCalendar = Field(
        default_factory=WorkCalendar, title="工作日历",
        description="核对申报期、步骤截止日期和工作日时限时所用；不写则只按周末计（节假日只会让时间更紧，不会放过矛盾）")
    level_codes: dict[str, Level] = Field(
        default_factory=lambda: dict(LEVEL_CODES), title="层级数字代码",
        description="导入时数字写的行使层级（如 2,3）按此对照，默认 1 省级、2 市级、3 县级、4 乡镇级、5 村级")

    def requires(self, key: str) -> bool:
        """Whether a missing or 未载明 `key` (one of STATABLE, or flow) is an error here."""
        return self.require == "all" or key in self.require
    max_file_bytes: int = Field(256 * 1024, ge=4096, le=4 * 1024 * 1024, title="单个文件大小上限（字节）")
    max_attachment_bytes: int = Field(
        10 * 1024 * 1024, ge=1024, le=100 * 1024 * 1024, title="单个附件大小上限（字节）",
        description="powers/files/ 中空白表格、样表、结果样本的上限，默认 10485760（10 MB）")
    notices_since: Date = Field(
        "2000-01-01", title="调整公告最早日期",
        description="调整公告的批准、公布日期不早于此日（更早的多半是写错了），默认 2000-01-01；也不晚于本版数据的提交日期")


def other_body(item: PowerItem, site: Site) -> Subject | None:
    """The item's 实施主体 when it is not the site's own authority (an item
    done by another body, or entrusted to one): its own contacts apply and
    its 承办机构 are its own, not the site's units."""
    s = item.subject
    a = site.authority
    if s is None or s.name in (a.name, a.full_name):
        return None
    return s


# --- adjustment notices (changes/) ------------------------------------------

ChangeKind = NoticeKind


class NoticeEntry(Model):
    """公告中的一条调整。"""

    model_config = ConfigDict(title="调整条目")

    kind: ChangeKind = Field(title="调整类型", description="新增、取消、调整、下放、承接、合并、拆分；不改变事项内容的文字修改写 勘误；只更新办事指南（表格、样本、办理渠道等，service 中的内容）写 指南更新")
    items: list[ItemId] = Field(default_factory=list, title="事项", description="涉及的事项标识（powers/ 中的文件名，不含 .yaml）；全部事项的改动写 scope 而不必列出")
    scope: Literal["全部事项"] | None = Field(None, title="范围", description="改动显示在每个页面上的（站点配置 _site.yaml、页面模板）写 全部事项")
    into: list[ItemId] = Field(default_factory=list, title="调整后的事项", description="合并、拆分后的事项标识")
    summary: Text = Field(title="调整内容", description="改了什么，如 承诺时限由 7 个工作日压缩为 5 个工作日")
    basis: list[Citation] = Field(default_factory=list, title="调整依据")


class Notice(Model):
    """一份权责清单调整公告（changes/<公布日期>-<简称>.yaml）。"""

    model_config = ConfigDict(title="调整公告")

    doc_number: ShortText | None = Field(None, title="文号", description="如 解科工〔2026〕15号；只有勘误、指南更新条目的记录可不写")
    title: ShortText = Field(title="标题")
    approved: Date | None = Field(None, title="批准日期", description="如 \"2026-11-20\"（加引号）")
    published: Date = Field(title="公布日期", description="与文件名开头的日期相同")
    reason: Text | None = Field(None, title="调整理由")
    url: Url | None = Field(None, title="公告原文链接")
    entries: list[NoticeEntry] = Field(min_length=1, title="调整条目")
