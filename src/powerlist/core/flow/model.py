"""The process-flow model: steps, exits and reusable templates.

A flow is written inline in an item (`flow.steps`) or taken from a template
in `flows/` (`flow.use`) with the item's own parameters (`flow.with`) and
per-step changes (`flow.override`).
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Any, Literal

import re

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, model_validator

from ..base import Model
from ..durations import StepDurationField, UNSTATED
from ..rules import say
from ..textrules import short_text

StepId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$", max_length=40)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120), AfterValidator(short_text)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=40), AfterValidator(short_text)]


def _month_day(value: str) -> str:
    """A calendar date in every year, written MM-DD (02-29 is not one)."""
    m = re.fullmatch(r"(\d{2})-(\d{2})", value)
    if not m or not (1 <= int(m[1]) <= 12 and 1 <= int(m[2]) <= _MONTH_DAYS[int(m[1]) - 1]):
        raise ValueError(say("PL205", "month-day", value=value))
    return value


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
MonthDay = Annotated[str, AfterValidator(_month_day), Field(json_schema_extra={"pattern": r"^[0-9]{2}-[0-9]{2}$"})]
Stages = Label | Annotated[list[Label], Field(min_length=1, max_length=8)]


class Exit(Model):
    model_config = ConfigDict(title="出口")

    to: StepId = Field(title="去向步骤", description="下一步的 id")
    label: Label | None = Field(None, title="条件", description="判断的出口必须写，如 是、否、材料不全")
    loop: bool = Field(False, title="是否回退", description="补正、退回修改等回到前面步骤的连线写 true")


StepKind = Literal["start", "task", "decision", "end"]


class Step(Model):
    model_config = ConfigDict(title="流程步骤")

    id: StepId = Field(title="步骤 id", description="小写英文字母开头，可含数字、-、_；图中元素以此为 id")
    kind: StepKind = Field("task", title="步骤类型", description="start 开始；task 办理；decision 判断；end 结束")
    label: Label = Field(title="步骤名称", description="图中显示的文字，如 受理、材料是否齐全？")
    lane: Label | None = Field(None, title="岗位", description="承办岗位或角色，如 申请人、综合窗口、业务科室、分管领导")
    duration: StepDurationField | None = Field(
        None, title="时限", description="本步骤用时：即办、当天、N 个工作日、N 日；办理步骤不写即为“未载明”，不会当作即办")
    counts: bool = Field(True, title="计入办结时限", description="听证、专家评审、公示等不计入时限的写 false")
    in_person: bool = Field(False, title="申请人须到场", description="申请人必须亲自到现场的步骤写 true")
    stage: Stages | None = Field(None, title="责任环节",
                                 description="本步骤履行的责任事项环节，如 受理、审查、决定、送达；一步履行几个环节的写成列表")
    outcome: Label | None = Field(None, title="办理结果", description="结束步骤的结果，如 准予登记、不予受理")
    note: Label | None = Field(None, title="说明", description="审查标准、办理要求等，显示在步骤清单中")
    owner: Label | None = Field(None, title="责任人", description="本步骤的责任人或责任岗位，如 科技创新股股长")
    phone: Phone | None = Field(None, title="责任人电话", description="带区号，如 0391-2925801")
    deadline: MonthDay | None = Field(None, title="截止日期", description="每年须在此日期前完成的步骤写 月-日，如 08-13（8月13日前）")
    extension: bool = Field(False, title="延长期限后的步骤",
                            description="经批准延长办理期限才走的步骤写 true；经过它的路径按延长后的时限核验")
    next: StepId | None = Field(None, title="下一步", description="只有一个去向时写下一步的 id")
    exits: list[Exit] = Field(default_factory=list, title="出口", description="判断步骤或回退连线写在这里")

    @model_validator(mode="before")
    @classmethod
    def _unstated_time(cls, data: object) -> object:
        """A task whose time is not written has an unknown time (未载明),
        never 即办: 即办 must be stated. Start, decision and end steps are
        points of the flow and take no time unless one is written."""
        if isinstance(data, dict) and data.get("kind", "task") == "task" and data.get("duration") is None:
            return {**data, "duration": UNSTATED}
        return data

    @model_validator(mode="after")
    def _one_way_to_leave(self) -> "Step":
        if self.next is not None and self.exits:
            raise ValueError(say("PL205", "next-and-exits"))
        return self

    @property
    def stages(self) -> tuple[str, ...]:
        """The responsibility stages the step carries out."""
        s = self.stage
        return () if s is None else (s,) if isinstance(s, str) else tuple(s)

    @cached_property
    def targets(self) -> tuple[Exit, ...]:
        """Where the step leads, `next` written as one unlabelled exit (made
        once: flow analysis asks for it for every step again and again)."""
        return (Exit(to=self.next),) if self.next is not None else tuple(self.exits)


class StepPatch(Model):
    """Changes an item makes to one step of a template."""

    model_config = ConfigDict(title="步骤调整")

    label: Label | None = Field(None, title="步骤名称")
    lane: Label | None = Field(None, title="岗位")
    duration: StepDurationField | None = Field(None, title="时限")
    counts: bool | None = Field(None, title="计入办结时限")
    in_person: bool | None = Field(None, title="申请人须到场")
    stage: Stages | None = Field(None, title="责任环节")
    outcome: Label | None = Field(None, title="办理结果")
    note: Label | None = Field(None, title="说明")
    owner: Label | None = Field(None, title="责任人")
    phone: Phone | None = Field(None, title="责任人电话")
    deadline: MonthDay | None = Field(None, title="截止日期")
    extension: bool | None = Field(None, title="延长期限后的步骤")


ParamValue = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120),
                       AfterValidator(short_text)] | int


class FlowSpec(Model):
    """事项的运行流程：引用 flows/ 中的模板，或直接写出步骤。"""

    model_config = ConfigDict(title="运行流程")

    use: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")] | None = Field(
        None, title="流程模板", description="flows/ 目录中模板的文件名（不含 .yaml）")
    with_: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")], ParamValue] = Field(
        default_factory=dict, alias="with", title="模板参数", description="模板中 {参数名} 处填入的值")
    override: dict[StepId, StepPatch] = Field(default_factory=dict, title="步骤调整", description="按步骤 id 修改模板中的个别步骤")
    steps: list[Step] | None = Field(None, min_length=2, title="步骤", description="不用模板时直接写出全部步骤")

    @model_validator(mode="after")
    def _template_or_steps(self) -> "FlowSpec":
        if (self.use is None) == (self.steps is None):
            raise ValueError(say("PL205", "use-or-steps"))
        if self.steps is not None and (self.with_ or self.override):
            raise ValueError(say("PL205", "with-without-use"))
        return self


class TemplateParam(Model):
    model_config = ConfigDict(title="模板参数")

    description: Label = Field(title="参数说明")
    default: ParamValue | None = Field(None, title="默认值", description="不写则引用时必须提供")


class FlowTemplate(Model):
    """flows/ 中的流程模板。"""

    model_config = ConfigDict(title="流程模板")

    name: Label = Field(title="模板名称")
    description: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] | None = Field(None, title="适用范围")
    params: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")], TemplateParam] = Field(
        default_factory=dict, title="参数")
    steps: list[dict[str, Any]] = Field(min_length=2, title="步骤", description="与事项中 flow.steps 的写法相同，可用 {参数名}")
