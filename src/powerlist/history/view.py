"""What the site shows of the history: each item's versions with their
field changes, the notices, the list version, and the notices' Atom feed."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ..core.dates import TZ, day
from . import History
from .diff import FieldChange, char_diff

if TYPE_CHECKING:
    from ..core.records import NoticeRecord

SHOWN = 30  # field changes shown per version; the rest are counted


@dataclass(frozen=True, slots=True)
class ChangeView:
    label: str
    old: str | None
    new: str | None
    runs: tuple[tuple[str, str], ...] | None  # a long text's character diff (see diff.char_diff)


@dataclass(frozen=True, slots=True)
class VersionView:
    date: str
    commit: str  # short
    kind: str  # added, changed, renamed, unreadable, incomparable, earliest
    notice: "NoticeRecord | None"
    changes: tuple[ChangeView, ...]
    more: int  # changes not shown


def N_(text: str) -> str:
    """Marks a text for the UI's message catalog; translated where it is shown."""
    return text


# the words a change is named by, for the catalog: the form's field titles
# (models.py; a test keeps this list complete) and the words `Namer` adds
FIELD_TITLES = (
    N_('事项编码'),
    N_('基本编码'),
    N_('实施编码'),
    N_('事项名称'),
    N_('上级事项'),
    N_('权力类型'),
    N_('实施主体'),
    N_('实施主体名称'),
    N_('实施主体性质'),
    N_('统一社会信用代码'),
    N_('咨询电话'),
    N_('监督电话'),
    N_('地址'),
    N_('网站'),
    N_('承办机构'),
    N_('行使层级'),
    N_('权力来源'),
    N_('设定和实施依据'),
    N_('法规名称'),
    N_('文号'),
    N_('条款'),
    N_('条文原文'),
    N_('责任事项'),
    N_('责任环节'),
    N_('责任内容'),
    N_('对应的规范环节'),
    N_('追责'),
    N_('追责情形'),
    N_('追责依据'),
    N_('监督方式'),
    N_('其他监督方式'),
    N_('政务服务便民热线'),
    N_('受理投诉时间'),
    N_('网上投诉地址'),
    N_('“好差评”地址'),
    N_('廉政风险点'),
    N_('环节'),
    N_('风险等级'),
    N_('防控措施'),
    N_('委托或下放'),
    N_('委托（下放）机关'),
    N_('委托（下放）文件文号'),
    N_('文件名称'),
    N_('委托范围'),
    N_('起始日期'),
    N_('终止日期'),
    N_('运行流程'),
    N_('流程模板'),
    N_('模板参数'),
    N_('步骤调整'),
    N_('步骤名称'),
    N_('岗位'),
    N_('时限'),
    N_('计入办结时限'),
    N_('申请人须到场'),
    N_('办理结果'),
    N_('说明'),
    N_('责任人'),
    N_('责任人电话'),
    N_('截止日期'),
    N_('延长期限后的步骤'),
    N_('步骤'),
    N_('步骤 id'),
    N_('步骤类型'),
    N_('下一步'),
    N_('出口'),
    N_('去向步骤'),
    N_('条件'),
    N_('是否回退'),
    N_('申报期'),
    N_('开始'),
    N_('截止'),
    N_('以当年通知为准'),
    N_('通知网址'),
    N_('承诺'),
    N_('办结时限'),
    N_('法定办结时限'),
    N_('法定时限说明'),
    N_('延长期限'),
    N_('可延长'),
    N_('最长可延长至'),
    N_('批准人'),
    N_('依据'),
    N_('承诺办结时限'),
    N_('承诺时限说明'),
    N_('办件类型'),
    N_('到办事现场次数'),
    N_('必须现场办理原因'),
    N_('办事指南'),
    N_('服务对象'),
    N_('受理条件'),
    N_('申请材料'),
    N_('材料名称'),
    N_('材料形式'),
    N_('必要性'),
    N_('来源渠道'),
    N_('纸质份数'),
    N_('原件/复印件'),
    N_('需要提交的情形'),
    N_('规格与填报须知'),
    N_('空白表格'),
    N_('示例样表'),
    N_('备注'),
    N_('收费'),
    N_('是否收费'),
    N_('收费项目'),
    N_('收费标准'),
    N_('收费依据'),
    N_('是否可减免'),
    N_('办理形式'),
    N_('窗口办理'),
    N_('网上办理'),
    N_('网上办理地址'),
    N_('网上办理深度'),
    N_('快递/邮寄申请'),
    N_('网上预约地址'),
    N_('办理进度查询地址'),
    N_('申报时间'),
    N_('办理地点'),
    N_('办理时间'),
    N_('咨询方式'),
    N_('电话'),
    N_('电子邮箱'),
    N_('网址'),
    N_('监督投诉方式'),
    N_('审批结果名称'),
    N_('审批结果类型'),
    N_('结果样本'),
    N_('结果领取方式'),
    N_('是否进驻政务服务大厅'),
    N_('常见问题'),
    N_('问题'),
    N_('解答'),
    N_('状态'),
    N_('取消或合并'),
    N_('日期'),
    N_('调整公告'),
    N_('并入的事项'),
    N_('现由哪个机关行使'),
    N_('承接后的事项名称'),
    N_('承接后的事项网址'),
    N_('曾用标识'),
    N_('来源原文'),
    N_('来源编号'),
    N_('其他列'),
    N_('来源办事指南'),
    N_('中介服务'),
    N_('中介服务名称'),
    N_('中介服务机构'),
    N_('受理和审查标准'),
    N_('受理机关'),
    N_('告知承诺制'),
    N_('容缺受理'),
    N_('救济途径'),
    N_('数量限制'),
    N_('是否实行'),
    N_('期限'),
    N_('流程步骤'),
    N_('特殊环节'),
    N_('环节名称'),
    N_('申请人义务'),
    N_('申请人权利'),
    N_('行政复议'),
    N_('行政诉讼'),
    N_('设定依据'),
    N_('送达时限'),
)
WORDS = (N_("%(field)s, entry %(n)s"), N_("%(field)s %(name)s, entry %(n)s"), N_("模板参数"), N_("步骤“%(step)s”的%(field)s"), N_("步骤“%(step)s”"), N_("已删去的步骤"))

_SEGMENT = re.compile(r"([^.\[]+)|\[([^\]]*)\]")
_WHOLE_PARAM = re.compile(r"^\{([a-z][a-z0-9_]*)\}$")
_ANY_PARAM = re.compile(r"\{[a-z][a-z0-9_]*\}")


@dataclass(frozen=True, slots=True)
class Namer:
    """Human words for what the history would otherwise show by id: a
    template parameter by the step it changes (“审查”步骤的岗位), a step
    of an override by its label, and values that are ids (a template, a
    notice, an item) by their names. Built from the list as it is now."""

    templates: dict  # template id → FlowTemplate
    uses: dict  # item id → the template id its flow uses now
    flows: dict  # item id → its expanded flow now (steps by id)
    items: dict  # item id → name
    notices: dict  # notice id → NoticeRecord
    translate: Callable[[str], str] = str  # the page language's gettext, for the words this adds

    def param(self, ident: str, name: str) -> str:
        tpl = self.templates.get(self.uses.get(ident, ""))
        if tpl is None or name not in tpl.params:
            return self.translate("模板参数")
        from ..core.flow.model import Step

        for raw in tpl.steps:
            label = raw.get("label")
            for fld, value in raw.items():
                if fld in Step.model_fields and isinstance(value, str) and _WHOLE_PARAM.match(value) \
                        and value[1:-1] == name and isinstance(label, str) and not _ANY_PARAM.search(label):
                    title = Step.model_fields[fld].title or fld
                    return self.translate("步骤“%(step)s”的%(field)s") % {"step": label, "field": self.translate(title)}
        head = re.split(r"[，,；;。]", tpl.params[name].description or "")[0].strip()
        return head or self.translate("模板参数")

    def step(self, ident: str, sid: str) -> str:
        flow = self.flows.get(ident)
        s = flow.by_id.get(sid) if flow is not None else None
        if s is not None:
            return s.label
        tpl = self.templates.get(self.uses.get(ident, ""))
        raw = next((r for r in tpl.steps if r.get("id") == sid), None) if tpl is not None else None
        label = raw.get("label") if raw else None
        return label if isinstance(label, str) and not _ANY_PARAM.search(label) else self.translate("已删去的步骤")

    def value(self, path: list[str], text: str | None) -> str | None:
        if text is None:
            return None
        if path == ["flow", "use"]:
            tpl = self.templates.get(text)
            return tpl.name if tpl is not None else text
        if path in (["retired", "notice"],):
            r = self.notices.get(text)
            return (" ".join(t for t in (r.notice.doc_number, r.notice.title) if t)) if r is not None else text
        if path in (["parent"], ["retired", "successors"]):
            return "、".join(self.items.get(i, i) for i in text.split("、"))
        return text

    def _part(self, part: str) -> str:
        """One title of a label, translated; a list entry's name (data) kept,
        its place (第 2 项) in words of the language."""
        m = re.match(r"^(.*?) (第 (\d+) 项|第 (\d+) 个(“.*”)|(“.*”))$", part)
        if m is None:
            return self.translate(part)
        head = self.translate(m.group(1))
        if m.group(3):
            return self.translate("%(field)s, entry %(n)s") % {"field": head, "n": m.group(3)}
        if m.group(4):
            return self.translate("%(field)s %(name)s, entry %(n)s") % {"field": head, "name": m.group(5), "n": m.group(4)}
        return f"{head} {m.group(6)}"

    def change(self, ident: str, c: FieldChange, chinese: bool) -> tuple[str, str | None, str | None]:
        keys = [(name, bracket) for name, bracket in _SEGMENT.findall(c.path)]
        names = [n for n, _ in keys if n]
        parts = c.label.split(" › ")
        if names[:2] == ["flow", "with"] and len(names) >= 3 and parts:
            parts = parts[:1] + [self.param(ident, names[2])]
        elif names[:2] == ["flow", "override"] and len(names) >= 3 and len(parts) >= 3:
            parts = parts[:1] + [self.translate("步骤“%(step)s”") % {"step": self.step(ident, names[2])}] + parts[3:]
        if not chinese:  # the form's titles in the page's language, where the catalog has them
            parts = [self._part(p) for p in parts]
        label = " › ".join(parts)
        return label, self.value(names, c.old), self.value(names, c.new)


def versions(h: History, ident: str, notices: dict, chinese: bool = True, namer: Namer | None = None) -> list[VersionView]:
    """The item's versions, newest first. A change is named by the form's
    field titles (in the page's language where the catalog has them),
    steps and template parameters by their words (see `Namer`), never by
    an id or a path in the file."""
    out = []
    for v in h.of(ident):
        shown = []
        for c in v.changes[:SHOWN]:
            label, old, new = namer.change(ident, c, chinese) if namer is not None else (c.label, c.old, c.new)
            runs = char_diff(old, new) if old is not None and new is not None else None
            shown.append(ChangeView(label, old, new, tuple(runs) if runs else None))
        out.append(VersionView(day(v.time), v.commit[:7], v.kind, notices.get(v.notice) if v.notice else None,
                               tuple(shown), max(0, len(v.changes) - SHOWN)))
    return out


def list_version(h: History) -> tuple[str, str] | None:
    """The list version: the date and short commit the site is built from."""
    if not h.available or not h.head:
        return None
    return day(h.head_time), h.head[:7]


def newest_first(notices: dict) -> list["NoticeRecord"]:
    return sorted(notices.values(), key=lambda r: (r.notice.published, r.notice.doc_number or "", r.id), reverse=True)


def atom(records: list["NoticeRecord"], title: str, site_url: str | None, href, text,
         author: str = "powerlist") -> bytes:
    """The notices as an Atom feed, newest first. `href(record)` is a notice
    page's path from the site root; `text(record)` its summary. Dates come
    from the notices, never from the clock: the same notices, the same bytes."""
    from feedgen.feed import FeedGenerator

    def when(date: str) -> dt.datetime:
        return dt.datetime.fromisoformat(date).replace(tzinfo=TZ)

    base = (site_url or "").rstrip("/") + "/" if site_url else None
    fg = FeedGenerator()
    fg.id(f"{base}changes/" if base else "tag:powerlist,2026:changes")
    fg.title(title)
    fg.author(name=author)  # RFC 4287 4.1.1: a feed names its author (here: the body that publishes the notices)
    fg.language("zh-CN")
    fg.updated(when(records[0].notice.published) if records else when("2000-01-01"))
    if base:
        fg.link(href=f"{base}changes/feed.xml", rel="self")
        fg.link(href=f"{base}changes/", rel="alternate")
    fg.generator("powerlist")
    for r in reversed(records):  # feedgen puts each new entry first
        fe = fg.add_entry()
        url = f"{base}{href(r)}" if base else None
        fe.id(url or f"tag:powerlist,{r.notice.published}:{r.id}")
        fe.title(f"{r.notice.doc_number} {r.notice.title}" if r.notice.doc_number else r.notice.title)
        fe.published(when(r.notice.published))
        fe.updated(when(r.notice.published))
        if url:
            fe.link(href=url)
        fe.content(text(r), type="text")
    return fg.atom_str(pretty=True)
